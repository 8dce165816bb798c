# checks: asyncio.Queue(maxsize=2) backpressure: put() waits while full; put_nowait raises QueueFull
import asyncio
import time

START = time.perf_counter()


def now():
    return f"{time.perf_counter() - START:.1f}s"


async def producer(queue):
    for item in range(5):
        await queue.put(item)
        print(f"{now()} put {item} (size {queue.qsize()})")
    await queue.put(None)


async def consumer(queue):
    await asyncio.sleep(0.2)
    while (item := await queue.get()) is not None:
        print(f"{now()} got {item}")
        await asyncio.sleep(0.1)


async def main():
    queue = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(queue), consumer(queue))
    full = asyncio.Queue(1)
    full.put_nowait("a")
    print("full:", full.full())
    try:
        full.put_nowait("b")
    except asyncio.QueueFull:
        print("QueueFull")


asyncio.run(main())
