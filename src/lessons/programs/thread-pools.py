import time
from concurrent.futures import CancelledError, ThreadPoolExecutor

JOBS = $durations


#if work == "io"
def download(name, seconds):
    time.sleep(seconds)  # waiting on the network releases the GIL
    print(f"{name} finished")
    return name
#else
def crunch(name, seconds):
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        pass  # computing holds the GIL
    print(f"{name} finished")
    return name
#end


def main():
    start = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=$max_workers)
#if work == "io"
    job = download
#else
    job = crunch
#end
#if api == "map"
    results = pool.map(job, [name for name, _ in JOBS], [seconds for _, seconds in JOBS])
    pool.shutdown(wait=True, cancel_futures=$cancel_futures)
    try:
        for result in results:  # in the order of JOBS
            print(f"got {result!r}")
    except CancelledError:
        print("the next call was cancelled before it ran")
#else
    futures = [pool.submit(job, name, seconds) for name, seconds in JOBS]
    pool.shutdown(wait=True, cancel_futures=$cancel_futures)
    for (name, _), future in zip(JOBS, futures):
        if future.cancelled():
            print(f"{name} was cancelled before it ran")
        else:
            print(f"{name} returned {future.result()!r}")
#end
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


main()
