# checks: shutdown(wait=True, cancel_futures=True) cancels queued calls, running ones finish; submit after shutdown fails
import time
from concurrent.futures import ThreadPoolExecutor


def job(n):
    time.sleep(0.2)
    return n


pool = ThreadPoolExecutor(max_workers=1)
futures = [pool.submit(job, n) for n in range(3)]
time.sleep(0.05)
pool.shutdown(wait=True, cancel_futures=True)
print([f.cancelled() for f in futures])
print(futures[0].result())
try:
    pool.submit(job, 9)
except RuntimeError as error:
    print("RuntimeError:", error)
pool.shutdown()
print("second shutdown is harmless")

start = time.perf_counter()
pool = ThreadPoolExecutor(max_workers=2)
futures = [pool.submit(job, n) for n in range(2)]
pool.shutdown(wait=False)
print(f"shutdown(wait=False) returned after {time.perf_counter() - start:.1f}s")
print([f.result() for f in futures], f"{time.perf_counter() - start:.1f}s")
