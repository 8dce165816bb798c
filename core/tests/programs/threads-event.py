# checks: threading.Event: wait blocks until set; wait(timeout) returns False on timeout; is_set/clear
import threading
import time

event = threading.Event()
log = []


def waiter(name, delay):
    time.sleep(delay)
    log.append(f"{name} waiting")
    event.wait()
    log.append(f"{name} woke")


threads = [threading.Thread(target=waiter, args=(n, 0.01 * i)) for i, n in enumerate("ABC")]
for t in threads:
    t.start()
print("wait(0.1) before set:", event.wait(0.1))
print("waiting:", sorted(log))
event.set()
for t in threads:
    t.join()
print("woke:", sorted(log[3:]))
print("is_set:", event.is_set(), "wait on set event:", event.wait(0))
event.clear()
print("after clear:", event.is_set())


def setter():
    time.sleep(0.1)
    print("setter sets")
    event.set()


threading.Thread(target=setter).start()
start = time.perf_counter()
print("main wait returned", event.wait(2), f"after {time.perf_counter() - start:.1f}s")
