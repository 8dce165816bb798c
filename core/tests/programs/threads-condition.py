# checks: threading.Condition wait/notify between a producer and a consumer; wait_for with predicate; timeout
import threading
import time

items = []
cond = threading.Condition()


def consumer():
    with cond:
        while not items:
            cond.wait()
        print("consumer got", items.pop(0))
        got = cond.wait_for(lambda: len(items) >= 2, timeout=1)
        print("consumer wait_for returned", got, "with", items)


def producer():
    time.sleep(0.1)
    with cond:
        items.append("first")
        cond.notify()
    time.sleep(0.1)
    with cond:
        items.extend(["second", "third"])
        cond.notify_all()


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
with cond:
    print("wait with timeout returns", cond.wait(timeout=0.05))
try:
    cond.notify()
except RuntimeError as error:
    print("RuntimeError:", error)
