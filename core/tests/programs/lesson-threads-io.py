# checks: lesson threads, work=io: two threads sleeping 0.2 s and 0.3 s overlap; elapsed 0.3 s
import os
import threading
import time

pids = []  # os.getpid() as seen by each thread
idents = []  # threading.get_ident() of each thread


def download(name, seconds):
    pids.append(os.getpid())
    idents.append(threading.get_ident())
    time.sleep(seconds)  # waiting releases the GIL
    print(f"{name} finished")
    return name


def main():
    start = time.perf_counter()
    threads = [threading.Thread(target=download, args=("A", 0.2), name="A"),
               threading.Thread(target=download, args=("B", 0.3), name="B")]
    print(f"alive before start: {any(t.is_alive() for t in threads)}")
    for thread in threads:
        thread.start()
    print(f"alive after start: {all(t.is_alive() for t in threads)}")
    for thread in threads:
        thread.join()
    print(f"still alive: {sorted(t.name for t in threads if t.is_alive())}")
    print(f"same process: {all(pid == os.getpid() for pid in pids)}")
    print(f"thread ids differ from main: {threading.get_ident() not in idents}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


main()
