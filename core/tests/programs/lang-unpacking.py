# checks: tuple unpacking incl. starred, swapping, nested unpacking, augmented assignment

a, b = 1, 2
a, b = b, a
print(a, b)
first, *middle, last = [1, 2, 3, 4, 5]
print(first, middle, last)
head, *tail = "abc"
print(head, tail)
*init, end = (7,)
print(init, end)
(x, y), z = (1, 2), 3
print(x, y, z)
for index, (name, score) in enumerate([("ann", 3), ("bob", 5)]):
    print(index, name, score)
try:
    p, q = [1, 2, 3]
except ValueError as error:
    print("ValueError:", error)
try:
    p, q, r = [1, 2]
except ValueError as error:
    print("ValueError:", error)
merged = [*range(3), *"xy"]
print(merged)
print({**{"a": 1}, "b": 2, **{"a": 3}})

n = 10
n += 5
n -= 3
n *= 2
n //= 5
n **= 3
n %= 7
print(n)
f = 7.0
f /= 2
print(f)
s = "ab"
s += "cd"
s *= 2
print(s)
bits = 0b1100
bits |= 0b0011
bits &= 0b1010
bits ^= 0b1111
bits <<= 2
bits >>= 1
print(bits, bin(bits))
lst = [1]
alias = lst
lst += [2]
print(alias, lst is alias)
t = (1,)
alias_t = t
t += (2,)
print(alias_t, t, t is alias_t)
