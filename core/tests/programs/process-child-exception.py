# checks: an exception in a Process target ends the child with exitcode 1 and its traceback on the child's stderr ("Process Process-1:"); the parent does not see the exception and carries on
import multiprocessing
from multiprocessing import Process


def fail(n):
    print("child about to fail", flush=True)
    raise ValueError(f"bad value {n}")


def fine():
    print("child fine", flush=True)


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ok = Process(target=fine)
    ok.start()
    ok.join()
    print("fine exitcode:", ok.exitcode, flush=True)
    bad = Process(target=fail, args=(3,))
    try:
        bad.start()
        bad.join()
    except ValueError:
        print("not reached: the exception stays in the child")
    print("failed exitcode:", bad.exitcode, flush=True)
    print("parent carries on")
