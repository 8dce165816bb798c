# checks: lesson gather with durations changed to 0.2, 0.4, 0.1: finish order changes, result order does not
import asyncio
import time


async def download(name, seconds):
    print(f"{name} started")
    await asyncio.sleep(seconds)
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(download("A", 0.2), download("B", 0.4), download("C", 0.1))
    print(f"results: {results}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
