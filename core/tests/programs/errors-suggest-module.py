# checks: A mistyped function of asyncio inside a coroutine: the traceback runs through asyncio.run and ends with the module's "Did you mean".
import asyncio


async def fetch(name):
    await asyncio.sleep(0.01)
    return name


async def main():
    results = await asyncio.gathr(fetch("a"), fetch("b"))
    print(results)


asyncio.run(main())
