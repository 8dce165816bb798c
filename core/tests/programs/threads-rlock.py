# checks: RLock can be re-acquired by its owner; a plain Lock would block (shown with a timeout); release by non-owner fails
import threading

rlock = threading.RLock()


def outer():
    with rlock:
        return inner() + 1


def inner():
    with rlock:
        return 41


print(outer())
rlock.acquire()
rlock.acquire()
print("acquired twice")
rlock.release()
rlock.release()
try:
    rlock.release()
except RuntimeError as error:
    print("RuntimeError:", error)

lock = threading.Lock()
lock.acquire()
print("plain Lock re-acquire with timeout:", lock.acquire(timeout=0.05))
lock.release()

rlock.acquire()
outcome = []


def other():
    try:
        rlock.release()
    except RuntimeError as error:
        outcome.append(str(error))
    outcome.append(rlock.acquire(timeout=0.05))


t = threading.Thread(target=other)
t.start()
t.join()
print(outcome)
rlock.release()
