# checks: loop rounds: a finished task wakes its awaiter one round later; gather adds a further round
import asyncio


async def ticker(count):
    for i in range(count):
        print(f"tick {i}")
        await asyncio.sleep(0)


async def quick(name):
    await asyncio.sleep(0)
    print(f"{name} finishes")
    return name


async def awaiter(task):
    result = await task
    print(f"awaiter resumes with {result}")


async def plain():
    print("plain coroutine runs inline, no new round")
    return "plain"


async def main():
    a = asyncio.create_task(quick("A"))
    w = asyncio.create_task(awaiter(a))
    t = asyncio.create_task(ticker(4))
    await asyncio.gather(w, t)

    print("-- gather")
    t = asyncio.create_task(ticker(5))
    result = await asyncio.gather(quick("B"), quick("C"))
    print("gather returned", result)
    await t

    print("-- awaiting a coroutine directly")
    t = asyncio.create_task(ticker(2))
    print(await plain())
    print("main still before tick 0")
    await t


asyncio.run(main())
