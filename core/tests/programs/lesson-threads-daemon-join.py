# checks: lesson threads, daemon=True with join(): joined daemon threads run to the end
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
    threads = [threading.Thread(target=crunch, args=("A", 6_000_000), name="A", daemon=True),
               threading.Thread(target=crunch, args=("B", 9_000_000), name="B", daemon=True)]
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
