# checks: functools.wraps on sync and async decorators (__name__, __qualname__, __module__, __wrapped__), update_wrapper; total_ordering jobs in asyncio.PriorityQueue and heapq; cmp_to_key; cached_property computed once across threads; singledispatch; partialmethod
import asyncio
import functools
import heapq
import threading
from functools import cached_property, cmp_to_key, total_ordering, wraps


def counted(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return func(*args, **kwargs)
    wrapper.calls = 0
    return wrapper


def retry(times):
    def decorate(coro_fn):
        @functools.wraps(coro_fn)
        async def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return await coro_fn(*args, **kwargs)
                except ConnectionError as e:
                    print(f"{coro_fn.__name__} attempt {attempt} failed: {e}")
                    await asyncio.sleep(0.01)
            raise ConnectionError(f"{wrapper.__name__} gave up after {times} attempts")
        return wrapper
    return decorate


@counted
def greet(name):
    """Return a greeting."""
    return f"hello {name}"


failures = {"fetch": 2}


@retry(times=3)
async def fetch(url):
    await asyncio.sleep(0.01)
    if failures["fetch"] > 0:
        failures["fetch"] -= 1
        raise ConnectionError(f"{url} unreachable")
    return f"<{url}>"


@retry(times=2)
async def broken():
    raise ConnectionError("always")


class Service:
    @counted
    def ping(self):
        return "pong"


print(greet("ada"), greet("bob"), greet.calls, greet.__name__, greet.__qualname__, greet.__module__)
print(greet.__wrapped__("raw"), greet.calls, fetch.__name__, fetch.__wrapped__.__name__, Service.ping.__qualname__)
print(Service().ping(), Service.ping.calls)


def plain():
    pass


def shell():
    pass


functools.update_wrapper(plain, shell)
print(plain.__name__, plain.__qualname__, plain.__wrapped__ is shell)


@total_ordering
class Job:
    def __init__(self, priority, name):
        self.priority = priority
        self.name = name

    def __eq__(self, other):
        return (self.priority, self.name) == (other.priority, other.name)

    def __lt__(self, other):
        return (self.priority, self.name) < (other.priority, other.name)

    def __repr__(self):
        return f"Job({self.priority}, {self.name!r})"


async def main():
    print(await fetch("example.com"))
    try:
        await broken()
    except ConnectionError as e:
        print("ConnectionError:", e)
    queue = asyncio.PriorityQueue()
    for job in [Job(3, "low"), Job(1, "urgent"), Job(2, "normal"), Job(1, "also urgent")]:
        await queue.put(job)
    order = []
    while not queue.empty():
        order.append((await queue.get()).name)
    print(order)


asyncio.run(main())
a, b = Job(1, "a"), Job(2, "b")
print(a < b, a > b, a <= b, a >= b, a == Job(1, "a"), a != b, max(a, b), sorted([b, a]))
heap = []
for job in [Job(5, "e"), Job(2, "b"), Job(4, "d")]:
    heapq.heappush(heap, job)
print(heapq.heappop(heap), Job.__gt__.__name__, Job.__ge__.__name__)
try:
    total_ordering(type(plain))
except ValueError as e:
    print("ValueError:", e)


def by_length_then_reverse(x, y):
    if len(x) != len(y):
        return len(x) - len(y)
    return (x < y) - (x > y)


words = ["pear", "fig", "apple", "kiwi", "date"]
print(sorted(words, key=cmp_to_key(by_length_then_reverse)))
print(max(words, key=cmp_to_key(by_length_then_reverse)), cmp_to_key(by_length_then_reverse)("x").obj)


class Report:
    def __init__(self, rows):
        self.rows = rows
        self.computations = 0

    @cached_property
    def total(self):
        self.computations += 1
        return sum(self.rows)


report = Report([1, 2, 3, 4])
seen = []
threads = [threading.Thread(target=lambda: seen.append(report.total)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(seen, report.computations)
report.total = 0
print(report.total)
del report.total
print(report.total, report.computations)


@functools.singledispatch
def describe(value):
    return f"something: {value!r}"


@describe.register(int)
def _(value):
    return f"int {value}"


@describe.register(list)
def _(value):
    return f"list of {len(value)}"


print(describe(3), describe(True), describe([1, 2]), describe("x"), describe.dispatch(bool) is describe.registry[int])


class Light:
    def __init__(self):
        self.on = False

    def set(self, state):
        self.on = state
        return self.on

    switch_on = functools.partialmethod(set, True)
    switch_off = functools.partialmethod(set, False)


light = Light()
print(light.switch_on(), light.on, light.switch_off(), light.on)
