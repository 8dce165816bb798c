# checks: async for over an async generator (with break and for-else) and over a class with __aiter__/__anext__; two async generators interleaved under gather
import asyncio

async def ticker(n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        yield i

class Countdown:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        await asyncio.sleep(0.01)
        self.n -= 1
        return self.n

async def main():
    async for i in ticker(3, 0.05):
        print("tick", i)
    async for i in ticker(5, 0.01):
        if i == 2:
            break
        print("early", i)
    else:
        print("no break")
    async for x in Countdown(3):
        print("countdown", x)
    async def both():
        async for i in ticker(2, 0.02):
            print("both", i)
    await asyncio.gather(both(), both())
    print(type(ticker(1, 0)).__name__)

asyncio.run(main())
