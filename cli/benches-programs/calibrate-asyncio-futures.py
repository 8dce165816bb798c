# Calibration: asyncio: futures, tasks waiting on them, set_result and asyncio.wait, 3,000 times.
import asyncio
import time


async def waiter(fut):
    return await fut


async def main():
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    for _ in range(3_000):
        futs = [loop.create_future() for _ in range(5)]
        tasks = [asyncio.create_task(waiter(f)) for f in futs]
        await asyncio.sleep(0)
        for i, f in enumerate(futs):
            f.set_result(i)
        await asyncio.wait(tasks)
    print(f"elapsed {time.perf_counter() - start:.6f}")


asyncio.run(main())
