# checks: lesson thread-pools, max_workers=5: every job gets its own worker; only main prints (B and D would tie)
import threading
import time
from concurrent.futures import ThreadPoolExecutor

JOBS = [("A", 0.2), ("B", 0.1), ("C", 0.3), ("D", 0.1), ("E", 0.2)]


def download(name, seconds):
    time.sleep(seconds)  # waiting on the network releases the GIL
    return name, threading.current_thread().name


def main():
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=5) as pool:
        futures = [pool.submit(download, name, seconds) for name, seconds in JOBS]
        workers = set()
        for (name, _), future in zip(JOBS, futures):
            result, worker = future.result()
            workers.add(worker)
            print(f"{name} returned {result!r}")
    print(f"worker threads used: {len(workers)}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


main()
