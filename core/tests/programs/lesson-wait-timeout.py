# checks: lesson wait, timeout shorter than every task (0.08 s): done comes back empty and nothing is raised
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
    done, pending = await asyncio.wait(tasks, timeout=0.08)
    print(f"wait returned after {time.perf_counter() - start:.1f}s")
    print(f"done: {sorted(task.get_name() for task in done)}")
    print(f"pending: {sorted(task.get_name() for task in pending)}")


asyncio.run(main())
