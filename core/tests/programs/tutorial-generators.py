# checks: tutorial-style: generators, send, close running finally blocks, yield from, generator expressions
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

def take(n, it):
    out = []
    for x in it:
        if len(out) >= n:
            break
        out.append(x)
    return out

print(take(10, fib()))

def countdown(n):
    print("Starting countdown")
    while n > 0:
        yield n
        n -= 1
    return "liftoff"

g = countdown(3)
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value)

def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value

acc = accumulator()
next(acc)
print(acc.send(10), acc.send(5), acc.send(7))

def chain(*iterables):
    for it in iterables:
        yield from it

print(list(chain([1, 2], "ab", range(3))))
squares = (x * x for x in range(10) if x % 2)
print(sum(squares))
print(list(zip(range(3), fib())))

def gen_with_close():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")

gc = gen_with_close()
print(next(gc))
gc.close()

def inner():
    x = yield 1
    print("inner got", x)
    return 42

def outer():
    r = yield from inner()
    print("outer got", r)
    yield r

o = outer()
print(next(o))
print(o.send("hi"))
print(list(enumerate("abc", start=1)))
print(list(map(lambda t: t[0] * t[1], zip([1, 2, 3], [4, 5, 6]))))
print(list(filter(None, [0, 1, "", "x", None, [], [0]])))
print(list(reversed(range(5))), sorted("python"))
