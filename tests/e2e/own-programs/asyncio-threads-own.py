import asyncio
import time


def blocking(seconds):
    time.sleep(seconds)
    return f"slept {seconds}"


async def main():
    results = await asyncio.gather(asyncio.to_thread(blocking, 0.05), asyncio.to_thread(blocking, 0.02))
    print(results)
    print("both threads done:", len(results))


asyncio.run(main())
