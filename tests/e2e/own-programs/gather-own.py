import asyncio


async def job(n):
    await asyncio.sleep(0.01 * (4 - n))
    if n == 2:
        raise KeyError(n)
    return n * n


async def main():
    results = await asyncio.gather(*(job(n) for n in range(4)), return_exceptions=True)
    print(results)


asyncio.run(main())
