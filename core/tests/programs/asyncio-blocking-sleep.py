# checks: time.sleep inside a coroutine blocks the whole loop: other tasks cannot run until it returns
import asyncio
import time

START = time.perf_counter()


def now():
    return f"{time.perf_counter() - START:.1f}s"


async def polite(name, seconds):
    print(f"{now()} {name} starts")
    await asyncio.sleep(seconds)
    print(f"{now()} {name} ends")


async def rude(name, seconds):
    print(f"{now()} {name} starts (blocking)")
    time.sleep(seconds)
    print(f"{now()} {name} ends (blocking)")


async def main():
    await asyncio.gather(polite("A", 0.1), rude("B", 0.3), polite("C", 0.2))
    print(f"{now()} all done")


asyncio.run(main())
