# checks: cancelling a gather cancels every child still running; the awaiter gets CancelledError
import asyncio


async def job(name, seconds):
    try:
        await asyncio.sleep(seconds)
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise


async def main():
    quick = asyncio.create_task(job("quick", 0.05))
    group = asyncio.gather(quick, job("slow", 0.5), job("slower", 0.8))
    await asyncio.sleep(0.1)
    print("cancel() returns", group.cancel())
    try:
        await group
    except asyncio.CancelledError:
        print("gather raised CancelledError")
    print("quick:", quick.result(), "| group cancelled?", group.cancelled())

    child = asyncio.create_task(job("child", 0.5))
    g2 = asyncio.gather(child, job("sibling", 0.2))
    await asyncio.sleep(0.05)
    child.cancel()
    try:
        await g2
    except asyncio.CancelledError:
        print("a cancelled child makes gather raise CancelledError")
    await asyncio.sleep(0.2)
    print("main ends")


asyncio.run(main())
