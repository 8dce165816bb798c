# checks: @dataclass Job items passed through queue.Queue to worker threads; results as dataclasses; repr, default_factory, field(compare=False) in a PriorityQueue with order=True
import queue
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Job:
    name: str
    seconds: float = 0.02
    tags: list = field(default_factory=list)


@dataclass
class Done:
    job: Job
    worker: str


jobs = queue.Queue()
done = []
lock = threading.Lock()


def worker():
    me = threading.current_thread().name
    while True:
        job = jobs.get()
        if job is None:
            break
        time.sleep(job.seconds)
        job.tags.append("done")
        with lock:
            done.append(Done(job, me))


threads = [threading.Thread(target=worker, name=f"w{i}") for i in range(2)]
for t in threads:
    t.start()
for job in [Job("a", 0.03), Job("b", 0.01), Job("c"), Job("d", 0.05, ["slow"])]:
    jobs.put(job)
for _ in threads:
    jobs.put(None)
for t in threads:
    t.join()

for d in sorted(done, key=lambda d: d.job.name):
    print(d.job)
print(Job("x") == Job("x"), Job("x") == Job("x", 0.5), Job("x").tags is Job("x").tags)
print(Done(Job("z"), "main"))


@dataclass(order=True)
class Prioritized:
    priority: int
    item: object = field(compare=False)


pq = queue.PriorityQueue()
for priority, name in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent")]:
    pq.put(Prioritized(priority, name))
while not pq.empty():
    print(pq.get())
print(Prioritized(1, "a") < Prioritized(2, "b"), Prioritized(1, "a") == Prioritized(1, "zzz"))
