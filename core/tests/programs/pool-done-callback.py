# checks: add_done_callback runs when the future finishes (in the worker), or at once if already done
import threading
import time
from concurrent.futures import ThreadPoolExecutor

log = []


def job(n):
    time.sleep(0.1 * n)
    return n * 100


def callback(future):
    where = "main" if threading.current_thread() is threading.main_thread() else "worker"
    log.append(f"callback got {future.result()} in {where}")


with ThreadPoolExecutor(max_workers=2) as pool:
    a = pool.submit(job, 1)
    b = pool.submit(job, 3)
    a.add_done_callback(callback)
    b.add_done_callback(callback)
    a.result()
    time.sleep(0.05)
    a.add_done_callback(callback)
print("\n".join(log))
