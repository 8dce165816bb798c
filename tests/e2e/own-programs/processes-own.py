import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

SEEN = []


def cube(n):
    SEEN.append(n)
    return n * n * n, os.getpid() != PARENT


PARENT = os.getpid()

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(cube, [1, 2, 3]))
    print([value for value, _ in results])
    print("computed in another process:", all(elsewhere for _, elsewhere in results))
    print("the parent's SEEN:", SEEN)
    p = multiprocessing.Process(target=cube, args=(4,))
    p.start()
    p.join()
    print(p.name, "exit code", p.exitcode)
