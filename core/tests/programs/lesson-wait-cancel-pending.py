# checks: lesson wait, FIRST_COMPLETED + cancel pending: the remaining tasks stop where wait returned
import asyncio
import time


async def download(name, seconds):
    print(f"{name} started")
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(download(name, seconds), name=name)
             for name, seconds in [("A", 0.3), ("B", 0.1), ("C", 0.2)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"done: {sorted(task.get_name() for task in done)}")
    for task in tasks:  # the list, not the set: a set of tasks has no fixed order
        if task in pending:
            task.cancel()  # only a request: the task stops at its next await
    await asyncio.gather(*pending, return_exceptions=True)
    print(f"cancelled: {sorted(task.get_name() for task in pending if task.cancelled())}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
