# checks: def with defaults, *args, **kwargs, keyword-only args, lambda, default evaluated once


def greet(name, greeting="Hello", punctuation="!"):
    return f"{greeting}, {name}{punctuation}"


def total(*numbers):
    print("numbers is a", type(numbers).__name__, numbers)
    return sum(numbers)


def describe(**options):
    return ", ".join(f"{key}={value!r}" for key, value in options.items())


def connect(host, port=80, *, timeout=1.5, retries=3):
    return f"{host}:{port} timeout={timeout} retries={retries}"


def everything(a, b=2, *rest, flag=False, **extra):
    return a, b, rest, flag, extra


def append_to(item, bucket=[]):
    bucket.append(item)
    return bucket


print(greet("Ada"))
print(greet("Ada", "Hi"))
print(greet("Ada", punctuation="?"))
print(total())
print(total(1, 2, 3))
print(total(*[4, 5], 6))
print(describe(color="red", size=3))
print(describe(**{"a": 1, "b": [2]}))
print(connect("example.org"))
print(connect("example.org", 8080, retries=5))
try:
    connect("example.org", 8080, 2.0)
except TypeError as error:
    print("TypeError:", error)
try:
    connect("example.org", timeout=1, colour="red")
except TypeError as error:
    print("TypeError:", error)
print(everything(1))
print(everything(1, 3, 5, 7, flag=True, x=9))
print(append_to(1))
print(append_to(2))
square = lambda x: x * x
add = lambda a, b=10: a + b
print(square(7), add(1), add(1, 2))
print(list(map(lambda s: s.upper(), ["a", "b"])))
print(sorted([(1, "b"), (0, "c"), (2, "a")], key=lambda pair: pair[1]))
print((lambda *args, **kw: (args, kw))(1, 2, k=3))
print(greet.__name__, square.__name__)
print(greet.__defaults__)
