import multiprocessing
import os
import time
#if executor == "processes"
from concurrent.futures import ProcessPoolExecutor as Pool
#else
from concurrent.futures import ThreadPoolExecutor as Pool
#end

JOBS = $durations  # seconds of computing each job does


def crunch(name, seconds):
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        pass  # computing: it holds its process's GIL
    print(f"{name} finished", flush=True)
    return os.getpid()


def main():
    with Pool(max_workers=$max_workers) as pool:
        pids = list(pool.map(crunch, [name for name, _ in JOBS], [s for _, s in JOBS]))
    print(f"processes that ran the jobs: {len(set(pids))}")


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")  # as on macOS and Windows
    main()
