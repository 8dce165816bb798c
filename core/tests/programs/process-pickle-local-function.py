# checks: a function defined inside another function cannot be pickled: AttributeError "Can't pickle local object 'make_worker.<locals>.work'" from result() and from Process.start(); map() with it raises at the first result
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Process


def make_worker(offset):
    def work(x):
        return x + offset
    return work


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    work = make_worker(10)
    print("it works here:", work(1))
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            pool.submit(work, 1).result()
        except AttributeError as error:
            print("result():", type(error).__name__, error)
        results = pool.map(work, [1, 2])
        try:
            print(list(results))
        except AttributeError as error:
            print("map:", type(error).__name__, error)
    p = Process(target=work, args=(1,))
    try:
        p.start()
    except AttributeError as error:
        print("start():", type(error).__name__, error)
