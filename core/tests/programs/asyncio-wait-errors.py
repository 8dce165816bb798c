# checks: wait() refuses bare coroutines (TypeError, 3.11) and empty collections (ValueError); bad return_when
import asyncio


async def job(name):
    await asyncio.sleep(0.01)
    return name


async def main():
    coro = job("a")
    try:
        await asyncio.wait([coro])
    except TypeError as error:
        print("TypeError:", error)
    coro.close()
    try:
        await asyncio.wait([])
    except ValueError as error:
        print("ValueError:", error)
    try:
        await asyncio.wait(set())
    except ValueError as error:
        print("ValueError:", error)
    task = asyncio.create_task(job("b"))
    try:
        await asyncio.wait([task], return_when="SOMETIMES")
    except ValueError as error:
        print("ValueError:", error)
    done, pending = await asyncio.wait([task])
    print([t.result() for t in done])
    try:
        await asyncio.wait_for(job("c"), timeout=-1)
    except TimeoutError:
        print("wait_for with a negative timeout times out at once")


asyncio.run(main())
