# checks: loop.run_in_executor(None, f, arg) returns an awaitable Future; custom ThreadPoolExecutor; thread names
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def work(seconds):
    time.sleep(seconds)
    return threading.current_thread().name


async def main():
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    future = loop.run_in_executor(None, work, 0.2)
    print("is an asyncio Future:", isinstance(future, asyncio.Future))
    name = await future
    print("default executor thread:", name.startswith("asyncio_"), name)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mine") as pool:
        names = await asyncio.gather(loop.run_in_executor(pool, work, 0.1),
                                     loop.run_in_executor(pool, work, 0.1))
    print(names)
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
