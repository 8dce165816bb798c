# checks: lesson gather default: durations 0.3, 0.1, 0.2; results in argument order; elapsed is the longest
import asyncio
import time


async def download(name, seconds):
    print(f"{name} started")
    await asyncio.sleep(seconds)
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(download("A", 0.3), download("B", 0.1), download("C", 0.2))
    print(f"results: {results}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
