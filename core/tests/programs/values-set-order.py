# checks: sets iterate and print in CPython's hash-table order ({5, 10, 100} is {10, 100, 5}),
# through resizes, dummies left by discard and pop, and every operator and method that builds
# a set; a pseudo-random workout of 400 operations on sets of ints, floats and int tuples;
# hash() of ints, floats, tuples and frozensets; "Set changed size during iteration"

print({5, 10, 100}, {3, 1, 2}, {-1, -2, 8, 16, 0}, {0.5, 1.5, 2.0, 2})
print(list({64, 0, 32, 4}), [x for x in {100, 200, 300}], {x * 8 for x in range(12)})
print(hash(5), hash(-1), hash(2**61), hash(-(2**70)), hash(0.1), hash(2.5), hash(float("inf")))
print(hash((1, 2)), hash(()), hash(((1, 2), 3.5)), hash(frozenset({1, 2, 3})), hash(frozenset()))

s = set()
for i in range(0, 200, 7):
    s.add(i)
print(s)
for i in range(0, 200, 14):
    s.discard(i)
print(s)
s.update(range(300, 330))
print(s, len(s))
print([s.pop() for _ in range(5)], s.pop())

a = {i * 3 for i in range(15)}
b = set(range(0, 60, 5))
print(a | b, a & b, a - b, b - a, a ^ b, sep="\n")
f = frozenset(a)
print(f | b, b | f, f & b, f - {0, 3}, type(f | b).__name__, type(b | f).__name__)
print(a.union([7, 8], b), a.intersection(b, range(20)), a.difference(b, [9]), a.symmetric_difference(range(10)))
c = a.copy()
c &= b
c |= {1000, 2000}
c ^= {1000, 5}
c -= {0}
print(c, {*a, 99, *b})
d = dict.fromkeys([40, 8, 16, 24])
print(set(d), d.keys() | {1}, d.keys() & {8, 16, 99}, d.keys() - {8}, {1, 8} ^ d.keys())

# The same set object on both sides: CPython's shortcuts for `s op s`.
t = set(range(0, 100, 9))
t |= t
print(t)
t &= t
print(t)
t ^= t
print(t)
t = set(range(0, 100, 9))
t -= t
t.update(range(90, 120, 4))
print(t)


def rand():
    # A small linear congruential generator, so both interpreters choose the same.
    global seed
    seed = (seed * 1103515245 + 12345) % 2**31
    return seed


def member():
    k = rand() % 10
    if k < 5:
        return rand() % 40
    if k < 7:
        return rand() % 3000 - 500
    if k < 8:
        return [2**61, 2**64 + 3, -(2**70), 10**20][rand() % 4]
    if k < 9:
        return [0.5, 1.5, -2.25, 3.0, 1e-3, 7.75][rand() % 6]
    return (rand() % 10, rand() % 10)


seed = 2024
sets = [{member() for _ in range(rand() % 9 + 1)} for _ in range(3)]
for step in range(400):
    i, j = rand() % 3, rand() % 3
    x, y = sets[i], sets[j]
    op = rand() % 16
    if op == 0:
        x.add(member())
    elif op == 1:
        x.discard(member())
    elif op == 2:
        x = x | y
    elif op == 3:
        x = x & {member() for _ in range(rand() % 12 + 1)}
    elif op == 4:
        x = x - y
    elif op == 5:
        x = x ^ {member() for _ in range(rand() % 6 + 1)}
    elif op == 6:
        x |= {member() for _ in range(rand() % 30 + 1)}
    elif op == 7:
        x.update(range(rand() % 50, 50 + rand() % 70, rand() % 8 + 1))
    elif op == 8:
        if x:
            x.pop()
    elif op == 9:
        x -= y
    elif op == 10:
        x = set([member() for _ in range(rand() % 12)])
    elif op == 11:
        x = x.union([member()], y)
    elif op == 12:
        x.difference_update(range(rand() % 40))
    elif op == 13:
        x ^= y
    elif op == 14:
        x = set(frozenset(x) | y)
    else:
        x.symmetric_difference_update({member() for _ in range(rand() % 8 + 1)})
    sets[i] = x
    print(step, op, x)

try:
    for v in s:
        s.add(v + 1000)
except RuntimeError as e:
    print("RuntimeError:", e)
e = {1, 2, 3}
for v in e:
    e.discard(v)
    e.add(v + 100)
    break
print(e)
