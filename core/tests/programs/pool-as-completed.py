# checks: concurrent.futures.as_completed yields futures in finish order; timeout raises TimeoutError
import time
from concurrent.futures import ThreadPoolExecutor, as_completed


def job(name, seconds):
    time.sleep(seconds)
    return name


with ThreadPoolExecutor(max_workers=3) as pool:
    futures = {pool.submit(job, n, s): n for n, s in [("slow", 0.3), ("fast", 0.1), ("mid", 0.2)]}
    for future in as_completed(futures):
        print("completed:", future.result(), "submitted as", futures[future])
    late = pool.submit(job, "late", 0.3)
    try:
        for future in as_completed([late], timeout=0.1):
            print("not reached")
    except TimeoutError as error:
        print("TimeoutError:", error)
