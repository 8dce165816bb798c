# checks: multiprocessing.Process with spawn: default names Process-N from one counter (a name= process uses a number too), pid None and exitcode None before start, is_alive, join(timeout) on a sleeping child returns None while it lives, exitcode 0, args/kwargs, name=, daemon
import multiprocessing
import time
from multiprocessing import Process, current_process


def greet(greeting, who="world"):
    print(f"{greeting}, {who}, from {current_process().name}", flush=True)


def nap(seconds):
    time.sleep(seconds)


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    p = Process(target=greet, args=("hello",), kwargs={"who": "Ada"})
    print(p.name, p.pid, p.exitcode, p.is_alive(), p.daemon, flush=True)
    p.start()
    print("pid is an int:", isinstance(p.pid, int), flush=True)
    p.join()
    print(p.name, "exitcode", p.exitcode, "alive", p.is_alive(), flush=True)

    q = Process(target=greet, args=("hi",), name="greeter", daemon=True)
    print(q.name, q.daemon, flush=True)
    q.start()
    q.join()
    print(q.name, "exitcode", q.exitcode, flush=True)

    slow = Process(target=nap, args=(0.5,))
    print(slow.name, flush=True)
    slow.start()
    start = time.perf_counter()
    result = slow.join(0.1)
    print("join(0.1) returned", result, "after", f"{time.perf_counter() - start:.1f}s", flush=True)
    print("still alive:", slow.is_alive(), "exitcode", slow.exitcode, flush=True)
    slow.join()
    print("alive after join:", slow.is_alive(), "exitcode", slow.exitcode, flush=True)
