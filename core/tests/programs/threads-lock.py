# checks: threading.Lock with `with lock:` makes read-sleep(0)-write updates safe; acquire(blocking=False); locked()
import threading
import time

count = 0
lock = threading.Lock()


def add(times):
    global count
    for _ in range(times):
        with lock:
            value = count
            time.sleep(0)
            count = value + 1


threads = [threading.Thread(target=add, args=(300,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("count:", count)
print("locked:", lock.locked())
print("acquire:", lock.acquire(), "locked:", lock.locked())
print("non-blocking acquire while held:", lock.acquire(blocking=False))
print("acquire with timeout:", lock.acquire(timeout=0.05))
lock.release()
print("released:", lock.locked())
results = []


def holder():
    with lock:
        results.append("holder has the lock")
        time.sleep(0.2)
    results.append("holder released")


def waiter():
    time.sleep(0.05)
    got = lock.acquire(timeout=0.05)
    results.append(f"waiter timed out: {not got}")
    with lock:
        results.append("waiter got it after release")


h = threading.Thread(target=holder)
w = threading.Thread(target=waiter)
h.start()
w.start()
h.join()
w.join()
print(results[0], "|", results[1])
print(sorted(results[2:]))
