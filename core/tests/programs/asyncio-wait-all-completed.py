# checks: asyncio.wait defaults to ALL_COMPLETED; returns (done, pending) sets of tasks; reads results from tasks
import asyncio
import time


async def job(name, seconds, fail=False):
    await asyncio.sleep(seconds)
    print(f"{name} finished")
    if fail:
        raise ValueError(f"{name} failed")
    return name


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(job(n, s, n == "b"), name=n) for n, s in [("a", 0.3), ("b", 0.1), ("c", 0.2)]]
    done, pending = await asyncio.wait(tasks)
    print(type(done).__name__, len(done), "done,", len(pending), "pending")
    for task in sorted(done, key=lambda t: t.get_name()):
        if task.exception():
            print(task.get_name(), "raised", repr(task.exception()))
        else:
            print(task.get_name(), "returned", repr(task.result()))
    print(f"elapsed: {time.perf_counter() - start:.1f}s")
    done, pending = await asyncio.wait(tasks, return_when=asyncio.ALL_COMPLETED)
    print("waiting again on finished tasks:", len(done), len(pending))
    print(asyncio.ALL_COMPLETED, asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION)


asyncio.run(main())
