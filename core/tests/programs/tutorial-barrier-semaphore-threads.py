# checks: tutorial-style: threading.Barrier, Semaphore and threading.Timer from several threads
import threading
import time

barrier = threading.Barrier(3)
sem = threading.BoundedSemaphore(2)
lock = threading.Lock()
log = []

def runner(i):
    time.sleep(0.1 * i)
    with lock:
        log.append(f"arrive {i}")
    idx = barrier.wait()
    with sem:
        time.sleep(0.05)
    with lock:
        log.append(f"passed {i}")

ts = [threading.Thread(target=runner, args=(i,)) for i in range(3)]
for t in ts: t.start()
for t in ts: t.join()
print(log[:3])
print(sorted(log[3:]))
try:
    sem.release()
except ValueError as e:
    print("ValueError:", e)

rl = threading.RLock()
def recursive(n):
    with rl:
        if n == 0:
            return 0
        return n + recursive(n - 1)
print(recursive(5))

timer_fired = []
t = threading.Timer(0.1, lambda: timer_fired.append("fired"))
t.start()
t.join()
print(timer_fired)
