# checks: closures, nonlocal, global, del, late binding in loops, UnboundLocalError

counter_total = 0


def make_counter(start=0):
    count = start

    def increment(step=1):
        nonlocal count
        count += step
        return count

    return increment


def bump_global():
    global counter_total
    counter_total += 10
    return counter_total


def make_multipliers():
    return [lambda x: x * i for i in range(3)]


def make_multipliers_fixed():
    return [lambda x, i=i: x * i for i in range(3)]


c1 = make_counter()
c2 = make_counter(100)
print(c1(), c1(), c1(5))
print(c2(), c1())
print(bump_global(), bump_global(), counter_total)
print([f(2) for f in make_multipliers()])
print([f(2) for f in make_multipliers_fixed()])

x = "global x"


def outer():
    x = "outer x"

    def inner():
        return x

    return inner()


print(outer(), "|", x)

value = 5
del value
try:
    print(value)
except NameError as error:
    print("NameError:", error)

items = [0, 1, 2, 3, 4]
del items[1]
del items[-2:]
print(items)
d = {"a": 1, "b": 2}
del d["a"]
print(d)


def broken():
    print(y_local)
    y_local = 1


try:
    broken()
except UnboundLocalError as error:
    print(type(error).__name__, isinstance(error, NameError))
    print(error)
