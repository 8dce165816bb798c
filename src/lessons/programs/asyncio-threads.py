import asyncio
import threading
import time
#if call == "run_in_executor"
from concurrent.futures import ThreadPoolExecutor
#end

DOWNLOADS = $durations
BLOCKING = $blocking  # the download made with a blocking call, or None
#if call == "run_in_executor"
POOL = ThreadPoolExecutor(max_workers=2)  # our own pool of worker threads
#end


def fetch(seconds):
    time.sleep(seconds)  # a blocking library call: it holds the thread that makes it
    print(f"fetch returns in {threading.current_thread().name}")


async def download(name, seconds):
    print(f"{name} started")
    if name != BLOCKING:
        await asyncio.sleep(seconds)  # an async wait: the loop runs other tasks
#if call == "direct"
    else:
        fetch(seconds)  # blocks the event loop: no other task runs meanwhile
#elif call == "to_thread"
    else:
        await asyncio.to_thread(fetch, seconds)  # in a thread of the default executor
#else
    else:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(POOL, fetch, seconds)  # in a thread of POOL
#end
    print(f"{name} finished at {time.perf_counter() - START:.1f}s")


async def main():
    tasks = [asyncio.create_task(download(name, seconds), name=name) for name, seconds in DOWNLOADS]
    await asyncio.gather(*tasks)
    print(f"all done at {time.perf_counter() - START:.1f}s")


START = time.perf_counter()
asyncio.run(main())
