# checks: join(timeout) on a long thread returns None after the timeout; is_alive() tells which way it went
import threading
import time


def download(seconds):
    time.sleep(seconds)
    print("worker: download finished")


start = time.perf_counter()
worker = threading.Thread(target=download, args=(0.4,))
print("main: starting the worker")
worker.start()
print("main: join(timeout=0.1) returned", worker.join(timeout=0.1))
print(f"main: after {time.perf_counter() - start:.1f}s, worker alive? {worker.is_alive()}")
worker.join(0.1)
print(f"main: after {time.perf_counter() - start:.1f}s, worker alive? {worker.is_alive()}")
worker.join()
print(f"main: after {time.perf_counter() - start:.1f}s, worker alive? {worker.is_alive()}")
worker.join(timeout=5)
print("join on a finished thread returns at once:", f"{time.perf_counter() - start:.1f}s")
