# checks: max_workers must be greater than 0; default max_workers formula; submit after with-block shutdown
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

for bad in (0, -1):
    try:
        ThreadPoolExecutor(max_workers=bad)
    except ValueError as error:
        print("ValueError:", error)
expected = min(32, os.cpu_count() + 4)
with ThreadPoolExecutor() as pool:
    names = set(pool.map(lambda n: (time.sleep(0.1), threading.current_thread().name)[1], range(expected + 3)))
print("default pool starts min(32, os.cpu_count() + 4) threads:", len(names) == expected)
with ThreadPoolExecutor(max_workers=1) as pool:
    print(pool.submit(len, "abc").result())
try:
    pool.submit(len, "abc")
except RuntimeError as error:
    print("RuntimeError:", error)
