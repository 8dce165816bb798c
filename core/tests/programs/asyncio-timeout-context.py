# checks: async with asyncio.timeout(d): body cancelled, TimeoutError raised at the with; reschedule; expired()
import asyncio
import time


async def main():
    start = time.perf_counter()
    try:
        async with asyncio.timeout(0.1) as cm:
            print("inside, deadline set:", cm.when() is not None)
            await asyncio.sleep(1)
            print("not reached")
    except TimeoutError:
        print("TimeoutError at", f"{time.perf_counter() - start:.1f}s", "expired:", cm.expired())

    async with asyncio.timeout(0.5) as cm:
        await asyncio.sleep(0.05)
    print("finished in time, expired:", cm.expired())

    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0.05)
    print("no deadline:", cm.when())

    start = time.perf_counter()
    try:
        async with asyncio.timeout(0.1) as cm:
            cm.reschedule(asyncio.get_running_loop().time() + 0.3)
            await asyncio.sleep(1)
    except TimeoutError:
        print("rescheduled deadline hit at", f"{time.perf_counter() - start:.1f}s")

    try:
        async with asyncio.timeout(0.05):
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("body sees CancelledError first")
                raise
    except TimeoutError as error:
        print("then the with raises", repr(error))


asyncio.run(main())
