# checks: typing.NamedTuple (class syntax) as results from a thread pool: fields, defaults, repr, unpacking, indexing, tuple comparison and sorting, _asdict/_replace/_make, constructor and assignment errors; Protocol and NewType
from concurrent.futures import ThreadPoolExecutor
import threading
import time
from typing import List, NamedTuple, NewType, Optional, Protocol

JobId = NewType("JobId", int)


class Result(NamedTuple):
    job: JobId
    value: int
    worker: str = "main"
    error: Optional[str] = None


class Runner(Protocol):
    def run(self, n: int) -> Result: ...


class Squarer:
    def run(self, n: int) -> Result:
        time.sleep(0.02 * (4 - n))
        worker = threading.current_thread().name.split("_")[0]
        if n == 2:
            return Result(JobId(n), 0, worker, error="two is unlucky")
        return Result(JobId(n), n * n, worker)


def run_jobs(runner: Runner, jobs: List[int]) -> List[Result]:
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="pool") as pool:
        return list(pool.map(runner.run, jobs))


results = run_jobs(Squarer(), [1, 2, 3])
for r in results:
    print(r)
first = results[0]
job, value, worker, error = first
print(job, value, worker, error, first.value, first[1], first[-2], first[:2], len(first))
print(first == (1, 1, "pool", None), first == Result(1, 1, "0"), first != results[1], list(first))
print(sorted(results, key=lambda r: r.value, reverse=True)[0].job, sorted(results)[0].job, max(results).job)
print(first._asdict())
print(first._replace(value=100, error="edited"), first)
print(Result._make([9, 81, "w", None]), Result(JobId(5), 25), Result(job=6, value=36, worker="w"))
print(first._fields, 1 in first, first.count(1), first.index("pool"), first + ("extra",))
failed = [r for r in results if r.error is not None]
print("failed:", [(r.job, r.error) for r in failed])
print(JobId(7), JobId, JobId.__supertype__)

for label, make in [("missing", lambda: Result()), ("missing one", lambda: Result(1)), ("too many", lambda: Result(1, 2, "w", None, 5)),
                    ("unknown", lambda: Result(1, 2, colour="red")), ("twice", lambda: Result(1, 2, job=3))]:
    try:
        make()
    except TypeError as e:
        print(label, "->", e)
try:
    first.value = 5
except AttributeError as e:
    print("assign ->", e)
try:
    first.extra = 5
except AttributeError as e:
    print("new attribute ->", e)
try:
    first._replace(colour="red")
except ValueError as e:
    print("_replace ->", e)
try:
    Result._make([9, 81])
except TypeError as e:
    print("_make ->", e)
