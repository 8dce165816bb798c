# checks: queue.Queue producer/consumer threads with a None sentinel; FIFO order; Empty/Full exceptions
import queue
import threading
import time

q = queue.Queue()
consumed = []


def producer(n):
    for i in range(n):
        q.put(i * i)
        time.sleep(0.01)
    q.put(None)


def consumer():
    while True:
        item = q.get()
        if item is None:
            break
        consumed.append(item)


threads = [threading.Thread(target=producer, args=(6,)), threading.Thread(target=consumer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("consumed in order:", consumed)
print("empty:", q.empty(), "qsize:", q.qsize())
try:
    q.get_nowait()
except queue.Empty:
    print("queue.Empty from get_nowait")
try:
    q.get(timeout=0.05)
except queue.Empty as error:
    print("queue.Empty from get(timeout), repr:", repr(error))
small = queue.Queue(maxsize=1)
small.put("x")
try:
    small.put("y", block=False)
except queue.Full:
    print("queue.Full, full():", small.full())
lifo = queue.LifoQueue()
for i in range(3):
    lifo.put(i)
print("LIFO:", [lifo.get() for _ in range(3)])
pq = queue.PriorityQueue()
for item in [(3, "c"), (1, "a"), (2, "b")]:
    pq.put(item)
print("priority:", [pq.get() for _ in range(3)])
