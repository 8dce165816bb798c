# checks: lesson gather, fail=B and return_exceptions=True: the exception sits in B's place in the results
import asyncio
import time


async def download(name, seconds, fail=False):
    print(f"{name} started")
    await asyncio.sleep(seconds)
    if fail:
        raise ValueError(f"{name} failed")
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(
        download("A", 0.3), download("B", 0.1, fail=True), download("C", 0.2),
        return_exceptions=True)
    print(f"results: {results}")
    for result in results:
        if isinstance(result, Exception):
            print(f"failed: {result}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
