import asyncio


async def tick(name, times, seconds):
    for i in range(times):
        print(name, i)
        await asyncio.sleep(seconds)


async def main():
    task = asyncio.create_task(tick("background", 3, 0.03))
    await tick("main", 2, 0.02)
    await task
    print("done:", task.done())


asyncio.run(main())
