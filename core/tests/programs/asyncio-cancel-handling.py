# checks: a cancelled task sees CancelledError at its await, can clean up in finally, cancel(msg), a task that swallows it
import asyncio


async def worker(name):
    try:
        print(f"{name} working")
        await asyncio.sleep(1)
        print("not reached")
    except asyncio.CancelledError as error:
        print(f"{name} got CancelledError args={error.args}")
        raise
    finally:
        print(f"{name} cleans up")


async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("stubborn swallows the cancellation")
    return "stubborn result"


async def main():
    a = asyncio.create_task(worker("a"))
    b = asyncio.create_task(worker("b"))
    s = asyncio.create_task(stubborn())
    await asyncio.sleep(0.05)
    a.cancel()
    b.cancel("stop now")
    s.cancel()
    for task in (a, b):
        try:
            await task
        except asyncio.CancelledError as error:
            print("awaiting the cancelled task raised CancelledError", error.args)
    print(await s, s.cancelled())
    print(a.cancelled(), b.cancelled())
    pending = asyncio.create_task(worker("never"))
    pending.cancel()
    try:
        await pending
    except asyncio.CancelledError:
        print("cancelled before it started: body never ran")


asyncio.run(main())
