# checks: lesson wait, return_when=FIRST_COMPLETED: wait returns at the shortest task; the rest keep running until main returns
import asyncio
import time


async def download(name, seconds):
    print(f"{name} started")
    await asyncio.sleep(seconds)
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(download(name, seconds), name=name)
             for name, seconds in [("A", 0.3), ("B", 0.1), ("C", 0.2)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"wait returned after {time.perf_counter() - start:.1f}s")
    print(f"done: {sorted(task.get_name() for task in done)}")
    print(f"pending: {sorted(task.get_name() for task in pending)}")
    # wait cancels nothing; asyncio.run cancels what is still pending when main returns.


asyncio.run(main())
