# checks: generator functions, yield, lazy iteration, yield from, StopIteration, iter/next


def countdown(n):
    print("countdown starts")
    while n > 0:
        yield n
        n -= 1
    print("countdown ends")


def chain(*iterables):
    for it in iterables:
        yield from it


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


gen = countdown(3)
print("created")
print(next(gen))
print(list(gen))
try:
    next(gen)
except StopIteration:
    print("StopIteration")
print(list(chain([1, 2], "ab", range(2))))
first = []
for value in fib():
    if value > 50:
        break
    first.append(value)
print(first)
it = iter([10, 20])
print(next(it), next(it), next(it, "default"))


def with_return():
    yield 1
    return "done"


g = with_return()
next(g)
try:
    next(g)
except StopIteration as stop:
    print("return value:", stop.value)
print(dict(zip("abc", countdown(3))))
