# checks: threading.Semaphore(2) limits concurrent workers; peak concurrency is 2; BoundedSemaphore over-release
import threading
import time

sem = threading.Semaphore(2)
state_lock = threading.Lock()
active = 0
peak = 0


def job(n):
    global active, peak
    with sem:
        with state_lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.1)
        with state_lock:
            active -= 1


start = time.perf_counter()
threads = [threading.Thread(target=job, args=(n,)) for n in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("peak concurrency:", peak)
print(f"six 0.1 s jobs, two at a time: {time.perf_counter() - start:.1f}s")
print("acquire without blocking:", sem.acquire(blocking=False), sem.acquire(blocking=False), sem.acquire(blocking=False))
b = threading.BoundedSemaphore(1)
b.acquire()
b.release()
try:
    b.release()
except ValueError as error:
    print("ValueError:", error)
try:
    threading.Semaphore(-1)
except ValueError as error:
    print("ValueError:", error)
