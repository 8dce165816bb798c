# checks: asyncio.to_thread runs a blocking call in a worker thread while the loop keeps running other tasks
import asyncio
import threading
import time


def blocking_fetch(name, seconds):
    time.sleep(seconds)
    return f"{name} from {'worker' if threading.current_thread() is not threading.main_thread() else 'main'}"


async def heartbeat():
    for i in range(3):
        await asyncio.sleep(0.1)
        print(f"heartbeat {i + 1}")


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(
        asyncio.to_thread(blocking_fetch, "A", 0.4),
        asyncio.to_thread(blocking_fetch, name="B", seconds=0.05),
        heartbeat())
    print(results[:2])
    print(f"elapsed: {time.perf_counter() - start:.1f}s")
    try:
        await asyncio.to_thread(int, "x")
    except ValueError as error:
        print("exception crosses back:", repr(error))


asyncio.run(main())
