# checks: worker thread names ThreadPoolExecutor-N_M and with thread_name_prefix; workers are reused, not one per job
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def job(n):
    time.sleep(0.05)
    return threading.current_thread().name


with ThreadPoolExecutor(max_workers=2) as pool:
    names = list(pool.map(job, range(5)))
print(sorted(set(names)))
with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pool") as pool:
    names = list(pool.map(job, range(4)))
print(sorted(set(names)))
with ThreadPoolExecutor(max_workers=3) as pool:
    print(pool.submit(job, 0).result())
with ThreadPoolExecutor(max_workers=4) as pool:
    names = set(pool.map(job, range(3)))
print(sorted(names))
print("main is", threading.current_thread().name)
