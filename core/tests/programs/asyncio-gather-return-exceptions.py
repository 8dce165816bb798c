# checks: gather(return_exceptions=True) puts exception objects in the result list in argument position
import asyncio


async def job(name, seconds):
    await asyncio.sleep(seconds)
    return name


async def fail(seconds, exc):
    await asyncio.sleep(seconds)
    raise exc


async def main():
    results = await asyncio.gather(
        job("slow", 0.3), fail(0.1, ValueError("download failed")), job("fast", 0.2),
        fail(0.05, KeyError("k")), return_exceptions=True)
    print(results)
    for result in results:
        if isinstance(result, Exception):
            print("error:", type(result).__name__, result)
        else:
            print("ok:", result)
    cancelled = asyncio.create_task(job("victim", 1))
    asyncio.get_running_loop().call_later(0.05, cancelled.cancel)
    print(await asyncio.gather(cancelled, job("other", 0.1), return_exceptions=True))


asyncio.run(main())
