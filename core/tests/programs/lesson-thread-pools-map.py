# checks: lesson thread-pools, api=map: map submits everything at once and yields results in input order
import time
from concurrent.futures import CancelledError, ThreadPoolExecutor

JOBS = [("A", 0.2), ("B", 0.1), ("C", 0.3), ("D", 0.1), ("E", 0.2)]


def download(name, seconds):
    time.sleep(seconds)  # waiting on the network releases the GIL
    print(f"{name} finished")
    return name


def main():
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        names = [name for name, _ in JOBS]
        seconds = [seconds for _, seconds in JOBS]
        for result in pool.map(download, names, seconds):  # in input order
            print(f"got {result!r}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


main()
