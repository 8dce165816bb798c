# checks: defaultdict(list) grouping results by worker thread name, defaultdict(int) counting under a Lock, nested defaultdict, repr, missing-key behaviour
import threading
import time
from collections import defaultdict

by_worker = defaultdict(list)
hits = defaultdict(int)
lock = threading.Lock()


def worker(jobs):
    name = threading.current_thread().name
    for job in jobs:
        time.sleep(0.01)
        by_worker[name].append(job * job)
        with lock:
            hits[job % 3] += 1


threads = [
    threading.Thread(target=worker, args=(range(i, 12, 3),), name=f"worker-{i}")
    for i in range(3)
]
for t in threads:
    t.start()
for t in threads:
    t.join()

for name in sorted(by_worker):
    print(name, by_worker[name])
print(sorted(hits.items()), sum(hits.values()))
print(len(by_worker), "worker-0" in by_worker, "worker-9" in by_worker)

d = defaultdict(int)
d["a"] += 1
d["b"]
print(d)
print(d.get("c"), "c" in d, d.default_factory)
print(defaultdict(list, {"x": [1]}), defaultdict(None, a=1))

tree = defaultdict(lambda: defaultdict(int))
for thread, status in [("t1", "ok"), ("t2", "fail"), ("t1", "ok"), ("t2", "ok")]:
    tree[thread][status] += 1
print({k: sorted(v.items()) for k, v in tree.items()})
print(d == {"a": 1, "b": 0}, {"a": 1, "b": 0} == d, d.copy(), type(d.copy()).__name__)

plain = defaultdict(None)
try:
    plain["missing"]
except KeyError as e:
    print("KeyError", e)
try:
    defaultdict(5)
except TypeError as e:
    print("TypeError:", e)
