# checks: threading.local per-thread values, asyncio.run_coroutine_threadsafe from a worker thread, set in-place and symmetric operations, int.bit_count
import asyncio
import threading
import time

data = threading.local()
seen = []


def worker(name, delay):
    data.name = name
    time.sleep(delay)
    seen.append((name, data.name))


threads = [threading.Thread(target=worker, args=(n, 0.05 * (i + 1))) for i, n in enumerate("AB")]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(seen, hasattr(data, "name"))


async def add(a, b):
    await asyncio.sleep(0.05)
    return a + b


def from_thread(loop, results):
    future = asyncio.run_coroutine_threadsafe(add(2, 3), loop)
    results.append(future.result(timeout=1))


async def main():
    loop = asyncio.get_running_loop()
    results = []
    t = threading.Thread(target=from_thread, args=(loop, results))
    t.start()
    await asyncio.sleep(0.2)
    t.join()
    print("from a thread:", results)


asyncio.run(main())
a = {1, 2, 3}
b = {3, 4}
print(sorted(a.symmetric_difference(b)))
a.difference_update({1})
print(sorted(a))
a.intersection_update({2, 9})
print(a, (255).bit_count(), (-7).bit_count())
