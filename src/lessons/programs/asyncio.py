import asyncio
import time

TASKS = $durations
BLOCKING = $blocking  # the task that calls time.sleep() instead of awaiting, or None


async def worker(name, seconds):
    print(f"{name} starts")
    if name == BLOCKING:
        time.sleep(seconds)  # blocks the event loop: no other task runs meanwhile
    else:
        await asyncio.sleep(seconds)  # hands the loop to the other tasks
    print(f"{name} ends")
    return name


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(worker(name, seconds)) for name, seconds in TASKS]
    print("tasks created")
    for task in tasks:
        result = await task
        print(f"awaited {result}")
    print(f"elapsed: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
