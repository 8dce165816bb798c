# checks: An async generator that awaits a gather, a task and a future between its yields: what the awaits wait for goes to the task, and only the yields reach async for.
import asyncio
async def agen():
    yield await asyncio.gather(asyncio.sleep(0.01, "slept"))
    t = asyncio.create_task(asyncio.sleep(0.01, "task"))
    yield await t
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    loop.call_later(0.01, f.set_result, "future")
    yield await f
async def main():
    async for v in agen():
        print(v)
asyncio.run(main())
