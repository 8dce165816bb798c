# checks: concurrent.futures.wait with FIRST_COMPLETED / FIRST_EXCEPTION / ALL_COMPLETED; DoneAndNotDoneFutures
import time
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, ThreadPoolExecutor, wait


def job(name, seconds, fail=False):
    time.sleep(seconds)
    if fail:
        raise ValueError(name)
    return name


with ThreadPoolExecutor(max_workers=3) as pool:
    fs = [pool.submit(job, n, s) for n, s in [("a", 0.3), ("b", 0.1), ("c", 0.2)]]
    done, not_done = wait(fs, return_when=FIRST_COMPLETED)
    print("first:", [f.result() for f in done], "not done:", len(not_done))
    result = wait(fs, return_when=ALL_COMPLETED)
    print(type(result).__name__, sorted(f.result() for f in result.done), len(result.not_done))
    fs = [pool.submit(job, n, s, f) for n, s, f in [("x", 0.3, False), ("y", 0.1, True)]]
    done, not_done = wait(fs, return_when=FIRST_EXCEPTION)
    print("first exception:", [repr(f.exception()) for f in done], "not done:", len(not_done))
    done, not_done = wait(fs, timeout=0.05)
    print("timeout:", len(done), len(not_done))
    done, not_done = wait(fs)
    print("all:", len(done), len(not_done))
