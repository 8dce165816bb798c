# checks: spawn re-imports the program as __mp_main__ in every child, so a top-level print runs once in the parent and once per spawned child (two Processes, then a pool that spawns two workers for two submits); the main guard runs only in the parent
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Process

# One write per line: the two pool workers import the program at the same moment, and with
# PYTHONUNBUFFERED=1 print(text) writes the text and the newline separately, so lines could tear.
print(f"top level runs, __name__ == {__name__!r}\n", end="", flush=True)


def work(n):
    return n + 1


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    print("main guard: parent only", flush=True)
    for n in range(2):
        p = Process(target=work, args=(n,))
        p.start()
        p.join()
        print(p.name, "exitcode", p.exitcode, flush=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(work, n) for n in range(2)]
    # printed after the with block, which waits for both workers to exit
    print("results:", [f.result() for f in futures], flush=True)
    print("done", flush=True)
