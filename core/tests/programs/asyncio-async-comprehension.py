# checks: asynchronous comprehensions (async for and await in list, set, dict comprehensions and generator expressions, nested, with conditions); a StopAsyncIteration ends one, another exception from __anext__ propagates out of it
import asyncio


async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


async def square(x):
    await asyncio.sleep(0.01)
    return x * x


class Ticker:
    def __init__(self, n, broken_at=None):
        self.n = n
        self.broken_at = broken_at

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(0.01)
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        if self.n == self.broken_at:
            raise ValueError("tick broke")
        return self.n


def outside_a_coroutine():
    # An asynchronous generator expression is allowed in a plain function.
    return type(x async for x in agen(3)).__name__


async def main():
    print([x async for x in agen(4) if x % 2 == 0])
    print({x: await square(x) for x in range(3)})
    print({await square(x) for x in [1, 2, 2]})
    print([await square(x) for x in range(3) if await square(x) > 0])
    print([[y async for y in agen(x)] for x in range(3)])
    lazy = (await square(x) for x in range(3))
    print(type(lazy).__name__, [v async for v in lazy])
    print(outside_a_coroutine())
    print([(x, y) async for x in agen(2) for y in "ab"])
    print([t async for t in Ticker(3)][::-1])
    tasks = [asyncio.create_task(asyncio.sleep(0.01 * i, result=i)) for i in range(3)]
    print([await t for t in tasks])
    try:
        print([t async for t in Ticker(4, broken_at=1)])
    except ValueError as error:
        print("caught", error)


asyncio.run(main())
