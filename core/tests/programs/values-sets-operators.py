# checks: set ops, in, chained comparisons, string multiplication, // and % of negatives, divmod, **, precedence

a, b = {1, 2, 3, 4}, {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union([9])), sorted(a.intersection(b)), a.issubset(a | b), {1} < a, a.isdisjoint({7}))
s = set()
s.add(2)
s.add(2)
s.update([1, 3])
s.discard(99)
s.remove(3)
print(s, len(s), 2 in s, 5 not in s)
try:
    s.remove(99)
except KeyError as error:
    print("KeyError:", error)
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 == 2, 1 == 1.0 != 2, 0 <= 5 < 10, "a" < "b" < "c")
x = 5
print(1 < x <= 5, not 1 < x, x is not None, None is None)
print("ab" * 3, 3 * "-", "x" * 0, "x" * -1, [0] * 2)
for n, d in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (-1, 10)]:
    print(f"{n} // {d} = {n // d}, {n} % {d} = {n % d}, divmod = {divmod(n, d)}")
print(2 ** 10, 2 ** -2, (-2) ** 2, -2 ** 2, 2 ** 3 ** 2, 4 ** 0.5)
print(pow(-2, 3), 10 % 3.5, -10 % 3.5, 7.0 // 2, divmod(-7, 2.0))
print(1 + 2 * 3 - 4 / 2, (1 + 2) * 3, 10 - 2 - 3, 2 * 3 % 4, -3 ** 2, not True or True, True or 1 / 0)
print(0 or [] or "last", 1 and 2 and 3, None and 1 / 0, "" or None)
print(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 10, -16 >> 2, 0xff & ~0x0f)
print(3 in [1, 2, 3], "b" in {"a": 1, "b": 2}, 2 in {1: "x"}, "sub" in "substring", (1, 2) in [(1, 2)])
