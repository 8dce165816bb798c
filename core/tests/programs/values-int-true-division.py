# checks: int / int correctly rounded for ints of any size (CPython's long_true_divide),
# "integer division result too large for a float", float(huge) and huge * float raising
# "int too large to convert to float", huge ints still ordering against floats

print(10**400 // 10**399, 10**400 / 10**399, 2**1100 / 2**1000, -(3**500) / 3**499)
print(10**30 / 7, 123456789012345678901234567890 / 3, (2**53 + 1) / 1, -(2**80 + 1) / 2**27)
print(1 / 3**100, 7**200 / 11**190)
seed = 7
for _ in range(40):
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
    a = seed * 10**(seed % 25) - 10**(seed % 37)
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
    b = (seed % 10**(seed % 30 + 1) + 1) * (-1 if seed % 3 == 0 else 1)
    print(repr(a / b))
print(10**400 > 1e308, -(10**400) < -1e308, 10**400 == float("inf"))
cases = [
    ("float(-10**400)", lambda: float(-10**400)),
    ("10**400 * 1.5", lambda: 10**400 * 1.5),
    ("2**2000 / 3", lambda: 2**2000 / 3),
    ("1.0 + 10**400", lambda: 1.0 + 10**400),
    ("10**400 / 0.5", lambda: 10**400 / 0.5),
]
for label, compute in cases:
    try:
        print(compute())
    except OverflowError as e:
        print(label, "OverflowError:", e)
