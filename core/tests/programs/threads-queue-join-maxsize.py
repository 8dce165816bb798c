# checks: queue.Queue(maxsize=2) blocks the producer when full; task_done/join waits for all work; worker pool of threads
import queue
import threading
import time

START = time.perf_counter()
q = queue.Queue(maxsize=2)
done = []
done_lock = threading.Lock()


def worker():
    while True:
        item = q.get()
        time.sleep(0.1)
        with done_lock:
            done.append(item)
        q.task_done()


for _ in range(2):
    threading.Thread(target=worker, daemon=True).start()
put_times = []
for item in range(6):
    q.put(item)
    put_times.append(round(time.perf_counter() - START, 1))
print("put times:", put_times)
q.join()
print(f"joined after {time.perf_counter() - START:.1f}s")
print("done:", sorted(done), "unfinished:", q.unfinished_tasks)
try:
    q.task_done()
except ValueError as error:
    print("ValueError:", error)
