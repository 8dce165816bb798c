# checks: os.getpid() in a spawned child differs from the parent's, os.getppid() in the child is the parent's pid, p.pid is what the child's os.getpid() says; pool workers are other processes whose parent is this one
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Process


def report(parent_pid):
    print("child: pid differs from the parent's:", os.getpid() != parent_pid, flush=True)
    print("child: getppid() is the parent:", os.getppid() == parent_pid, flush=True)


def ids():
    return os.getpid(), os.getppid()


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    me = os.getpid()
    p = Process(target=report, args=(me,))
    p.start()
    p.join()
    print("parent: p.pid differs from mine:", p.pid != me)
    with ProcessPoolExecutor(max_workers=2) as pool:
        pairs = [pool.submit(ids).result() for _ in range(3)]
    print("workers' pids differ from mine:", all(pid != me for pid, _ in pairs))
    print("workers' parent is me:", all(ppid == me for _, ppid in pairs))
    print("my pid is unchanged:", os.getpid() == me)
