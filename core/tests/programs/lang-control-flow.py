# checks: if/elif/else, for/while with break/continue/else, conditional expressions, and/or values


def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"


print([classify(n) for n in (-5, 0, 3, 42)])

for n in range(10):
    if n % 2 == 0:
        continue
    if n > 7:
        break
    print("odd", n)

for n in range(3):
    pass
else:
    print("for finished without break, n =", n)

for n in [2, 4, 5, 6]:
    if n % 2:
        print("found odd", n)
        break
else:
    print("no odd number")

for n in []:
    print("never")
else:
    print("empty loop runs else")

i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    print("while", i)
else:
    print("while ended normally at", i)

i = 0
while True:
    i += 1
    if i >= 3:
        break
print("broke out at", i)


def find_prime_factor(n):
    for d in range(2, n):
        if n % d == 0:
            return d
    return None


for n in (15, 17, 49):
    factor = find_prime_factor(n)
    print(n, "prime" if factor is None else f"divisible by {factor}")

for outer in range(3):
    for inner in range(3):
        if inner == outer:
            break
        print(outer, inner, end="; ")
print()
x = 0
print("truthy" if [] else "falsy", "truthy" if [0] else "falsy", x or "default", 5 and 6)
