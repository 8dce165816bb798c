# Two threads take turns over a shared heap of 1,000 objects: under the GIL they switch
# every 5 ms of computation, and each switch hands the GIL (and, in the design that
# bench/handoff.mjs times, the whole heap) from one thread's worker to the other's.
import threading


class Item:
    def __init__(self, n):
        self.n = n
        self.seen = 0


items = [Item(n) for n in range(1000)]


def visit():
    for _ in range(2000):
        for item in items:
            item.seen += 1


threads = [threading.Thread(target=visit) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sum(item.seen for item in items))
