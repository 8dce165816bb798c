# checks: two asyncio.to_thread calls of equal 0.1 s blocking sleeps print from worker threads in either order
# interleave: ties
import asyncio
import time


def blocking(name):
    time.sleep(0.1)
    print(f"{name} done in a worker thread\n", end="")
    return name


async def main():
    results = await asyncio.gather(asyncio.to_thread(blocking, "x"), asyncio.to_thread(blocking, "y"))
    print(f"results in argument order: {results}")


asyncio.run(main())
