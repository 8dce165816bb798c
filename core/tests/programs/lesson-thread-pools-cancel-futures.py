# checks: lesson thread-pools, cancel_futures=True: shutdown drops the three queued calls; the two running ones finish
import time
from concurrent.futures import CancelledError, ThreadPoolExecutor

JOBS = [("A", 0.2), ("B", 0.1), ("C", 0.3), ("D", 0.1), ("E", 0.2)]


def download(name, seconds):
    time.sleep(seconds)  # waiting on the network releases the GIL
    print(f"{name} finished")
    return name


def main():
    start = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=2)
    futures = [pool.submit(download, name, seconds) for name, seconds in JOBS]
    time.sleep(0.05)  # let the first two calls start
    pool.shutdown(wait=True, cancel_futures=True)
    print("shutdown returned")
    for (name, _), future in zip(JOBS, futures):
        try:
            print(f"{name} returned {future.result()!r}")
        except CancelledError:
            print(f"{name} cancelled")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


main()
