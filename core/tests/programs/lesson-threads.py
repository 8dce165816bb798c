# checks: lesson threads default: two CPU-bound threads (0.2 s and 0.3 s of work) under the GIL, joined; A ends first
import os
import threading
import time

pids = []  # os.getpid() as seen by each thread
idents = []  # threading.get_ident() of each thread


def crunch(name, n):
    # CPU work that holds the GIL: about 0.1 s per 3_000_000 steps on the reference machine
    pids.append(os.getpid())
    idents.append(threading.get_ident())
    total = 0
    for i in range(n):
        total += i * i
    print(f"{name} finished")
    return total


def main():
    threads = [threading.Thread(target=crunch, args=("A", 6_000_000), name="A"),
               threading.Thread(target=crunch, args=("B", 9_000_000), name="B")]
    print(f"alive before start: {any(t.is_alive() for t in threads)}")
    for thread in threads:
        thread.start()
    print(f"alive after start: {all(t.is_alive() for t in threads)}")
    for thread in threads:
        thread.join()
    print(f"still alive: {sorted(t.name for t in threads if t.is_alive())}")
    print(f"same process: {all(pid == os.getpid() for pid in pids)}")
    print(f"thread ids differ from main: {threading.get_ident() not in idents}")


main()
