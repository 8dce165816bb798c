# checks: lesson gather, fail=B: B's ValueError reaches main at 0.1 s while A and C keep running
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
    try:
        results = await asyncio.gather(*tasks)
        print(f"results: {results}")
    except ValueError as error:
        print(f"gather raised {error!r} after {time.perf_counter() - start:.1f}s")
        still_running = [task.get_name() for task in tasks if not task.done()]
        print(f"still running: {still_running}")
        await asyncio.wait(tasks)  # let them finish
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
