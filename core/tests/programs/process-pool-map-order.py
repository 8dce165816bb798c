# checks: ProcessPoolExecutor(mp_context=spawn).map yields results in input order even when later calls finish first; several iterables; empty input; results come back from other processes
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor


def slow_square(n, seconds):
    time.sleep(seconds)
    return n * n, os.getpid()


def add(a, b):
    return a + b


if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        pairs = list(pool.map(slow_square, [1, 2, 3, 4], [0.4, 0.05, 0.3, 0.05]))
        print("squares in input order:", [square for square, _ in pairs])
        print("none ran in the parent:", all(pid != os.getpid() for _, pid in pairs))
        print("sums:", list(pool.map(add, [1, 2, 3], [10, 20, 30])))
        print("empty:", list(pool.map(add, [], [])))
