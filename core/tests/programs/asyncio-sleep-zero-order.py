# checks: sleep(0) yields to every ready task once; tasks interleave round-robin in creation order
import asyncio


async def step(name, count):
    for i in range(count):
        print(f"{name}{i}")
        await asyncio.sleep(0)
    print(f"{name} done")


async def main():
    tasks = [asyncio.create_task(step(name, n)) for name, n in [("a", 3), ("b", 2), ("c", 1)]]
    print("created")
    await asyncio.sleep(0)
    print("main after first sleep(0)")
    await asyncio.gather(*tasks)
    print("all done")


asyncio.run(main())
