# checks: gather's first exception reaches the awaiter at once; the other awaitables keep running
import asyncio


async def job(name, seconds):
    await asyncio.sleep(seconds)
    print(f"{name} finished")
    return name


async def fail(name, seconds):
    await asyncio.sleep(seconds)
    print(f"{name} raising")
    raise ValueError(f"{name} failed")


async def main():
    slow = asyncio.create_task(job("slow", 0.3))
    mid = asyncio.create_task(job("mid", 0.2))
    try:
        await asyncio.gather(slow, fail("bad", 0.1), mid, fail("worse", 0.15))
    except ValueError as error:
        print("caught:", error)
        print("slow done?", slow.done(), "mid done?", mid.done())
    await asyncio.sleep(0.3)
    print("slow result:", slow.result(), "mid result:", mid.result())
    print("main ends")


asyncio.run(main())
