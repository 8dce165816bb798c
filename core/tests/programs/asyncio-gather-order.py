# checks: gather returns results in argument order, not finish order; total time is the longest wait
import asyncio
import time


async def job(name, seconds):
    print(f"{name} started")
    await asyncio.sleep(seconds)
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(job("slow", 0.3), job("fast", 0.1), job("mid", 0.2))
    print(results)
    print(f"elapsed: {time.perf_counter() - start:.1f}s")
    task = asyncio.create_task(job("task", 0.1))
    mixed = await asyncio.gather(job("coro", 0.15), task, asyncio.sleep(0.05, result="plain"))
    print(mixed)
    same = asyncio.create_task(job("twice", 0.05))
    print(await asyncio.gather(same, same))


asyncio.run(main())
