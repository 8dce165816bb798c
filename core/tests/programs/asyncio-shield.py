# checks: shield protects the inner task from a cancellation of the outer await (wait_for timeout)
import asyncio


async def save(name, seconds):
    await asyncio.sleep(seconds)
    print(f"{name} saved")
    return name


async def main():
    inner = asyncio.create_task(save("report", 0.2))
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=0.05)
    except TimeoutError:
        print("timed out waiting, inner cancelled?", inner.cancelled())
    print("inner result:", await inner)

    inner2 = asyncio.create_task(save("draft", 0.2))

    async def waiter():
        return await asyncio.shield(inner2)

    w = asyncio.create_task(waiter())
    await asyncio.sleep(0.05)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("waiter cancelled; inner2 done?", inner2.done())
    await asyncio.sleep(0.25)
    print("inner2 result:", inner2.result())


asyncio.run(main())
