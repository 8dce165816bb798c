# checks: map re-raises a call's exception when iteration reaches it; earlier results already delivered
import time
from concurrent.futures import ThreadPoolExecutor

calls = []


def check(n):
    time.sleep(0.1)
    calls.append(n)
    if n == 2:
        raise ValueError(f"bad input {n}")
    return n


with ThreadPoolExecutor(max_workers=3) as pool:
    results = pool.map(check, [1, 2, 3])
    try:
        for value in results:
            print("got", value)
    except ValueError as error:
        print("map re-raised:", error)
print("all three calls ran:", sorted(calls))
