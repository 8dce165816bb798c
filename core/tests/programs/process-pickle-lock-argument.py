# checks: an unpicklable argument (threading.Lock()) fails before reaching a worker: TypeError "cannot pickle '_thread.lock' object" from result() and from Process.start(); a picklable result still comes back
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Process


def use(thing):
    return f"got {type(thing).__name__}"


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    lock = threading.Lock()
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(use, lock)
        try:
            future.result()
        except TypeError as error:
            print("result():", type(error).__name__, error)
        print(pool.submit(use, [1, 2]).result())
    p = Process(target=use, args=(lock,))
    try:
        p.start()
    except TypeError as error:
        print("start():", type(error).__name__, error)
    print("the lock is untouched:", lock.locked())
