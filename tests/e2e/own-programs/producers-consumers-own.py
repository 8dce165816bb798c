import asyncio


async def producer(queue):
    for item in range(4):
        await queue.put(item)
        print("put", item)
    await queue.put(None)


async def consumer(queue):
    while (item := await queue.get()) is not None:
        await asyncio.sleep(0.01)
        print("got", item)


async def main():
    queue = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(queue), consumer(queue))


asyncio.run(main())
