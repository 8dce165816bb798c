# checks: lesson why-async, mode=gather: the same three 0.3 s downloads overlapped with asyncio.gather take 0.3 s
import asyncio
import time


async def download(name, seconds):
    print(f"{name} started")
    await asyncio.sleep(seconds)  # stands in for waiting on the network
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(download("A", 0.3), download("B", 0.3), download("C", 0.3))
    print(f"results: {results}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
