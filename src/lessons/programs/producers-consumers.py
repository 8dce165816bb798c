import asyncio
import time

ITEMS = $items
CONSUMERS = $consumers
MAXSIZE = $maxsize  # 0 means no limit
#if consume == "0.1"
CONSUME = 0.1  # seconds a consumer takes to handle one item
#elif consume == "0.2"
CONSUME = 0.2  # seconds a consumer takes to handle one item
#else
CONSUME = 0.3  # seconds a consumer takes to handle one item
#end


async def producer(queue):
    longest = 0
    for n in range(ITEMS):  # the items are ready at once: a fast producer
        await queue.put(n)  # waits while the queue is full
        longest = max(longest, queue.qsize())
    print(f"producer put its last item at {time.perf_counter() - start:.1f}s")
    return longest


async def consumer(queue):
    while True:
        item = await queue.get()  # waits while the queue is empty
        await asyncio.sleep(CONSUME)  # handle the item
        queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=MAXSIZE)
    workers = [asyncio.create_task(consumer(queue), name=f"consumer {i + 1}") for i in range(CONSUMERS)]
    longest = await producer(queue)
    await queue.join()  # until every item put has been marked done
    print(f"consumers finished at {time.perf_counter() - start:.1f}s")
    print(f"the longest the queue got: {longest}")
    for worker in workers:
        worker.cancel()  # each one would wait in get() forever


start = time.perf_counter()
asyncio.run(main())
