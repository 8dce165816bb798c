import asyncio


async def slow():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("slow was cancelled")
        raise
    finally:
        print("slow cleans up")


async def main():
    task = asyncio.create_task(slow())
    await asyncio.sleep(0.02)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main saw the cancellation:", task.cancelled())


asyncio.run(main())
