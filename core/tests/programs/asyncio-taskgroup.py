# checks: TaskGroup waits for all children on exit; results via tasks; create_task names
import asyncio
import time


async def job(name, seconds):
    await asyncio.sleep(seconds)
    print(f"{name} finished")
    return name.upper()


async def main():
    start = time.perf_counter()
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(job("a", 0.2))
        b = tg.create_task(job("b", 0.1), name="bee")
        print("inside the block, nothing finished yet:", a.done(), b.done())
    print("after the block:", a.result(), b.result(), b.get_name())
    print(f"elapsed: {time.perf_counter() - start:.1f}s")
    async with asyncio.TaskGroup() as tg:
        pass
    print("empty group is fine")


asyncio.run(main())
