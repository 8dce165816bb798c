import asyncio


async def fetch(name, seconds):
    await asyncio.sleep(seconds)
    print(f"{name} arrived")
    return name


async def main():
    first = await fetch("one", 0.03)
    both = await asyncio.gather(fetch("two", 0.06), fetch("three", 0.02))
    print(first, both)


asyncio.run(main())
