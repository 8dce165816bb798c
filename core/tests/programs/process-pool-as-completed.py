# checks: ProcessPoolExecutor submit + as_completed yields futures in finish order (sleeps 0.3 s apart, far more than the spread of the workers' start-up); result() of each; done()
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed


def job(name, seconds):
    time.sleep(seconds)
    return f"{name} slept {seconds}"


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    with ProcessPoolExecutor(max_workers=3) as pool:
        futures = {pool.submit(job, n, s): n for n, s in [("slow", 0.7), ("fast", 0.1), ("mid", 0.4)]}
        for future in as_completed(futures):
            print("completed:", future.result(), "| submitted as", futures[future])
        print("all done:", all(f.done() for f in futures))
