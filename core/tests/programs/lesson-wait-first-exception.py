# checks: lesson wait, fail=B and return_when=FIRST_EXCEPTION: wait returns when B raises at 0.1 s
import asyncio
import time


async def download(name, seconds, fail=False):
    print(f"{name} started")
    await asyncio.sleep(seconds)
    if fail:
        raise ValueError(f"{name} failed")
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(download("A", 0.3), name="A"),
             asyncio.create_task(download("B", 0.1, fail=True), name="B"),
             asyncio.create_task(download("C", 0.2), name="C")]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(f"wait returned after {time.perf_counter() - start:.1f}s")
    print(f"done: {sorted(task.get_name() for task in done)}")
    print(f"pending: {sorted(task.get_name() for task in pending)}")
    for task in done:
        if task.exception() is not None:
            print(f"{task.get_name()} raised {task.exception()!r}")
    await asyncio.wait(pending)
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
