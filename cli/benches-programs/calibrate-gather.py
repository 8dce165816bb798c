# Calibration: asyncio: creating, scheduling and gathering 10,000 tasks that sleep 0.1 s
# (the 0.1 s is taken off the elapsed time: it is waiting, not computation).
import asyncio
import time


async def job(i):
    await asyncio.sleep(0.1)
    return i


async def main():
    results = await asyncio.gather(*(job(i) for i in range(10_000)))
    return len(results), sum(results)


start = time.perf_counter()
result = asyncio.run(main())
elapsed = time.perf_counter() - start
print("result", result)
print(f"elapsed {elapsed:.9f}")
