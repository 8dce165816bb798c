# checks: lesson wait default: return_when=ALL_COMPLETED (the default) returns when the last task ends
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
    done, pending = await asyncio.wait(tasks)
    print(f"wait returned after {time.perf_counter() - start:.1f}s")
    print(f"done: {sorted(task.get_name() for task in done)}")
    print(f"pending: {sorted(task.get_name() for task in pending)}")
    print(f"results: {[task.result() for task in tasks]}")


asyncio.run(main())
