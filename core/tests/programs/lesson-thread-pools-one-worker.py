# checks: lesson thread-pools, max_workers=1: one thread runs the jobs one after another
import time
from concurrent.futures import CancelledError, ThreadPoolExecutor

JOBS = [("A", 0.2), ("B", 0.1), ("C", 0.3), ("D", 0.1), ("E", 0.2)]


def download(name, seconds):
    time.sleep(seconds)  # waiting on the network releases the GIL
    print(f"{name} finished")
    return name


def main():
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as pool:
        futures = [pool.submit(download, name, seconds) for name, seconds in JOBS]
        for (name, _), future in zip(JOBS, futures):
            print(f"{name} returned {future.result()!r}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


main()
