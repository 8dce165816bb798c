# checks: lesson thread-pools default exactly: five equal 0.2 s jobs on 2 workers; pairs finish at the same instant
# interleave: ties
import time
from concurrent.futures import ThreadPoolExecutor


def download(name, seconds):
    time.sleep(seconds)
    print(f"{name} finished\n", end="")  # one write, so simultaneous lines stay whole
    return name


start = time.perf_counter()
with ThreadPoolExecutor(max_workers=2) as pool:
    futures = [pool.submit(download, name, 0.2) for name in "ABCDE"]
    results = [future.result() for future in futures]
print(f"results: {results}")
print(f"elapsed: {time.perf_counter() - start:.1f}s")
