# checks: lesson asyncio default: tasks A 0.3, B 0.2, C 0.1 on one loop, awaited one by one; total is the longest
import asyncio
import time


async def worker(name, seconds):
    print(f"{name} starts")
    await asyncio.sleep(seconds)  # lets the loop run other tasks
    print(f"{name} ends")
    return name


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(worker("A", 0.3)),
             asyncio.create_task(worker("B", 0.2)),
             asyncio.create_task(worker("C", 0.1))]
    print("tasks created")
    for task in tasks:
        result = await task
        print(f"awaited {result}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
