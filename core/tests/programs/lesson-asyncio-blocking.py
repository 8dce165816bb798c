# checks: lesson asyncio, blocking=A: A calls time.sleep(0.3), so B and C cannot even start until it returns (0.5 s total)
import asyncio
import time


async def worker(name, seconds):
    print(f"{name} starts")
    await asyncio.sleep(seconds)
    print(f"{name} ends")
    return name


async def blocking_worker(name, seconds):
    print(f"{name} starts")
    time.sleep(seconds)  # a blocking call: the whole loop waits
    print(f"{name} ends")
    return name


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(blocking_worker("A", 0.3)),
             asyncio.create_task(worker("B", 0.2)),
             asyncio.create_task(worker("C", 0.1))]
    print("tasks created")
    for task in tasks:
        result = await task
        print(f"awaited {result}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
