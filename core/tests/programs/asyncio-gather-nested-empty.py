# checks: gather() with no args returns [] at once; nested gather returns nested lists; a gather is a Future
import asyncio


async def job(name, seconds):
    await asyncio.sleep(seconds)
    print(f"{name} finished")
    return name


async def main():
    print(await asyncio.gather())
    inner = asyncio.gather(job("a", 0.2), job("b", 0.1))
    print("gather returns a Future:", isinstance(inner, asyncio.Future))
    outer = await asyncio.gather(inner, job("c", 0.15), asyncio.gather())
    print(outer)
    print(await asyncio.gather(*[job(f"n{i}", 0.05 * (3 - i)) for i in range(3)]))


asyncio.run(main())
