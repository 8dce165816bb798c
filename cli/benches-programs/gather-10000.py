# Issue 9, figure 1: an asyncio.gather of 10,000 tasks that each sleep 0.1 s.
import asyncio


async def job(i):
    await asyncio.sleep(0.1)
    return i


async def main():
    results = await asyncio.gather(*(job(i) for i in range(10_000)))
    print(len(results), sum(results))


asyncio.run(main())
