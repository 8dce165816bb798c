#if mode == "gather"
import asyncio
#end
import time

DOWNLOADS = $durations


#if mode == "gather"
async def download(name, seconds):
    print(f"{name} started")
    await asyncio.sleep(seconds)  # while this waits, the other downloads run
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(*(download(name, seconds) for name, seconds in DOWNLOADS))
    print(f"results: {results}")
    print(f"elapsed: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
#else
def download(name, seconds):
    print(f"{name} started")
    time.sleep(seconds)  # the whole program waits for the network
    print(f"{name} finished")
    return name


def main():
    start = time.perf_counter()
    results = [download(name, seconds) for name, seconds in DOWNLOADS]
    print(f"results: {results}")
    print(f"elapsed: {time.perf_counter() - start:.2f}s")


main()
#end
