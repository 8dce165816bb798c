# checks: ThreadPoolExecutor(max_workers=2) with `with`; submit + result(); done(); exception(); timing
import time
from concurrent.futures import ThreadPoolExecutor


def fetch(n):
    time.sleep(0.1)
    return n * 10


start = time.perf_counter()
with ThreadPoolExecutor(max_workers=2) as pool:
    future = pool.submit(fetch, 1)
    print("done right away?", future.done())
    print("result:", future.result())
    print("done now?", future.done(), "exception:", future.exception())
    futures = [pool.submit(fetch, n) for n in (2, 3, 4)]
    print([f.result() for f in futures])
    print("kwargs:", pool.submit(lambda a, b=0: a - b, 5, b=2).result())
    print("builtin:", pool.submit(pow, 2, 10).result())
print(f"elapsed: {time.perf_counter() - start:.1f}s")
