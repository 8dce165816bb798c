# checks: asyncio.Semaphore(2) limits concurrency; waiting tasks enter in FIFO order as slots free up
import asyncio
import time

START = time.perf_counter()


def now():
    return f"{time.perf_counter() - START:.1f}s"


async def download(name, seconds, sem):
    async with sem:
        print(f"{now()} {name} starts")
        await asyncio.sleep(seconds)
        print(f"{now()} {name} ends")
    return name


async def main():
    sem = asyncio.Semaphore(2)
    jobs = [("A", 0.2), ("B", 0.5), ("C", 0.2), ("D", 0.3), ("E", 0.1)]
    results = await asyncio.gather(*(download(n, s, sem) for n, s in jobs))
    print(results, "locked:", sem.locked())
    bounded = asyncio.BoundedSemaphore(1)
    async with bounded:
        pass
    try:
        bounded.release()
    except ValueError as error:
        print("ValueError:", error)


asyncio.run(main())
