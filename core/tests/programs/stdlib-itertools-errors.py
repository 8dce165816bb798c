# checks: itertools argument errors with CPython 3.11's messages: islice indices/step/argument count, count/repeat types, negative r and repeat, tee n, zip_longest keyword, non-iterables
import itertools


def attempt(label, f):
    try:
        print(label, "->", f())
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


attempt("islice negative stop", lambda: itertools.islice(range(10), -1))
attempt("islice negative start", lambda: itertools.islice(range(10), -2, 5))
attempt("islice stop < -1", lambda: itertools.islice(range(10), -5))
attempt("islice step 0", lambda: itertools.islice(range(10), 0, 5, 0))
attempt("islice float", lambda: itertools.islice(range(10), 2.5))
attempt("islice 1 arg", lambda: itertools.islice(range(10)))
attempt("islice 5 args", lambda: itertools.islice(range(10), 1, 2, 3, 4))
attempt("islice keyword", lambda: itertools.islice(range(10), stop=3))
attempt("islice non-iterable", lambda: itertools.islice(42, 3))
attempt("islice ok", lambda: list(itertools.islice(range(10), 2, None, 3)))
attempt("count str", lambda: itertools.count("0"))
attempt("repeat times", lambda: itertools.repeat("x", "3"))
attempt("repeat negative", lambda: list(itertools.repeat("x", -1)))
attempt("cycle int", lambda: itertools.cycle(5))
attempt("chain lazily", lambda: list(itertools.chain([1], 2)))
attempt("chain.from_iterable", lambda: itertools.chain.from_iterable(3))
attempt("tee negative", lambda: itertools.tee([], -1))
attempt("tee zero", lambda: itertools.tee([1], 0))
attempt("zip_longest keyword", lambda: itertools.zip_longest([1], fill=0))
attempt("product repeat", lambda: itertools.product("ab", repeat=-1))
attempt("permutations r", lambda: itertools.permutations("ab", -1))
attempt("permutations type", lambda: itertools.permutations("ab", "2"))
attempt("combinations r", lambda: itertools.combinations("ab", -2))
attempt("combinations type", lambda: itertools.combinations("ab", 1.5))
attempt("cwr r", lambda: itertools.combinations_with_replacement("ab", -1))
attempt("starmap item", lambda: list(itertools.starmap(max, [5])))
attempt("accumulate types", lambda: list(itertools.accumulate([1, "a"])))
attempt("next exhausted", lambda: next(itertools.islice("ab", 0)))
