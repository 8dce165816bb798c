# checks: functools.lru_cache/cache: memoised recursion with cache_info(), LRU eviction order at maxsize, cache_clear, typed=, keyword keys, maxsize=0/None, bare @lru_cache, __wrapped__, unhashable arguments; a cache shared by worker threads
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cache, lru_cache


@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info())
print(fib.cache_info().hits, fib.cache_info().currsize, fib.cache_parameters())
fib.cache_clear()
print(fib.cache_info(), fib.__wrapped__(10))

calls = []


@lru_cache(maxsize=3)
def lookup(key):
    calls.append(key)
    return key.upper()


for key in ["a", "b", "c", "a", "d", "b", "a", "c"]:
    lookup(key)
print("computed:", calls)
info = lookup.cache_info()
hits, misses, maxsize, currsize = info
print(info, hits + misses, maxsize, currsize, info == (3, 5, 3, 3), info[0])


@lru_cache
def area(w, h=1):
    return w * h


print(area(2), area(2), area(2, h=1), area(w=2), area(2, 1), area.cache_info())


@lru_cache(typed=True)
def kind(x):
    return type(x).__name__


print(kind(1), kind(1.0), kind(1), kind(True), kind.cache_info())


@lru_cache(maxsize=0)
def never(x):
    return x


never(1)
never(1)
print(never.cache_info())


@cache
def factorial(n):
    return 1 if n < 2 else n * factorial(n - 1)


print(factorial(20), factorial.cache_info(), factorial(21), factorial.cache_info().hits)

slow_calls = []
lock = threading.Lock()


@lru_cache(maxsize=None)
def slow_square(n):
    with lock:
        slow_calls.append(n)
    return n * n


def warm(n):
    return slow_square(n % 4)


with ThreadPoolExecutor(max_workers=1) as pool:
    print(list(pool.map(warm, range(10))))
print(sorted(slow_calls), slow_square.cache_info())
seen = []
t = threading.Thread(target=lambda: seen.append((slow_square(3), slow_square.cache_info().hits)))
t.start()
t.join()
print("thread saw", seen)

try:
    area([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    lru_cache("big")
except TypeError as e:
    print("TypeError:", e)
