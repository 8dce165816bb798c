# checks: asyncio.Queue producer/consumers: put/get order, task_done/join, qsize/empty, get_nowait errors
import asyncio


async def producer(queue, items):
    for item in items:
        await queue.put(item)
        print(f"put {item}")


async def consumer(name, queue, seconds):
    while True:
        item = await queue.get()
        await asyncio.sleep(seconds)
        print(f"{name} handled {item}")
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    print("empty:", queue.empty(), "qsize:", queue.qsize(), "maxsize:", queue.maxsize)
    workers = [asyncio.create_task(consumer("w1", queue, 0.1)),
               asyncio.create_task(consumer("w2", queue, 0.25))]
    await producer(queue, [1, 2, 3, 4, 5])
    await queue.join()
    print("all items handled")
    for w in workers:
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in results])
    try:
        queue.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    queue.put_nowait("x")
    print(queue.get_nowait(), queue.qsize())
    try:
        queue.task_done()
        queue.task_done()
    except ValueError as error:
        print("ValueError:", error)


asyncio.run(main())
