# checks: itertools combinatorics and grouping on job results: product/permutations/combinations(_with_replacement), accumulate running totals, groupby, pairwise, starmap, takewhile/dropwhile, compress, filterfalse, tee
import itertools
from itertools import (accumulate, combinations, combinations_with_replacement, compress,
                       dropwhile, filterfalse, groupby, pairwise, permutations, product,
                       starmap, takewhile, tee)

durations = [0.3, 0.1, 0.4, 0.1, 0.5]
print([round(t, 1) for t in accumulate(durations)])
print(list(accumulate(durations, max)), list(accumulate([1, 2, 3], initial=10)))
print(list(accumulate([3, 1, 2], lambda a, b: a * b)))

servers = ["s1", "s2", "s3"]
print(list(combinations(servers, 2)))
print(list(permutations(servers, 2)))
print(list(product(["GET", "POST"], ["/a", "/b"])))
print(list(product([0, 1], repeat=2)), len(list(permutations(range(5)))))
print(list(combinations_with_replacement("ab", 3)))

results = [("a", "ok"), ("b", "ok"), ("c", "fail"), ("d", "ok"), ("e", "fail"), ("f", "fail")]
for status, group in groupby(sorted(results, key=lambda r: r[1]), key=lambda r: r[1]):
    print(status, [name for name, _ in group])
print([(k, len(list(g))) for k, g in groupby("aaabccdddd")])

stamps = [0.0, 0.1, 0.3, 0.6, 1.0]
print([round(b - a, 1) for a, b in pairwise(stamps)])
print(list(starmap(pow, [(2, 3), (3, 2), (10, 0)])))
print(list(takewhile(lambda t: t < 0.5, stamps)), list(dropwhile(lambda t: t < 0.5, stamps)))
print(list(compress("abcdef", [1, 0, 1, 0, 0, 1])), list(filterfalse(lambda n: n % 3, range(10))))

left, right = tee(iter([1, 2, 3, 4]))
print(next(left), next(left), list(right), list(left))
a, b, c = tee("xy", 3)
print(list(a), list(b), list(c))
print(list(itertools.islice(itertools.cycle(product("ab", repeat=2)), 6)))
