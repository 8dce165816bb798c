# checks: an uncaught ExceptionGroup from a TaskGroup prints CPython's boxed traceback (its last line closes the box); the other task was cancelled first
import asyncio


async def fail(name, seconds):
    await asyncio.sleep(seconds)
    raise ValueError(f"{name} failed")


async def slow():
    try:
        await asyncio.sleep(1)
    finally:
        print("slow was cancelled")


async def main():
    async with asyncio.TaskGroup() as group:
        group.create_task(fail("A", 0.1))
        group.create_task(slow())
    print("not reached")


asyncio.run(main())
