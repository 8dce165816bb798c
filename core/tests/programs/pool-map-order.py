# checks: pool.map yields results in input order whatever the finish order; several iterables; empty input
import time
from concurrent.futures import ThreadPoolExecutor


def slow_square(n, seconds):
    time.sleep(seconds)
    return n * n


start = time.perf_counter()
with ThreadPoolExecutor(max_workers=3) as pool:
    results = pool.map(slow_square, [1, 2, 3], [0.3, 0.1, 0.2])
    print("map returns a", type(results).__name__)
    print(list(results))
    print(list(pool.map(str.upper, ["a", "b"])))
    print(list(pool.map(lambda x: x, [])))
print(f"elapsed: {time.perf_counter() - start:.1f}s")
