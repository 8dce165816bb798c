# checks: future.result(timeout) raises TimeoutError (the builtin in 3.11); the call keeps running and finishes
import concurrent.futures
import time
from concurrent.futures import ThreadPoolExecutor


def slow():
    time.sleep(0.3)
    return "slow result"


with ThreadPoolExecutor(max_workers=1) as pool:
    future = pool.submit(slow)
    try:
        future.result(timeout=0.1)
    except TimeoutError as error:
        print("TimeoutError", repr(error), concurrent.futures.TimeoutError is TimeoutError)
    print("running?", future.running(), "done?", future.done())
    try:
        future.exception(timeout=0.05)
    except TimeoutError:
        print("exception(timeout) times out too")
    print(future.result(timeout=1))
