# checks: tutorial-style: loop.run_in_executor with a ThreadPoolExecutor, gathered from a generator expression
import asyncio
import concurrent.futures
import time
import threading

def blocking_io(n):
    time.sleep(0.1 * n)
    return f"io-{n} on worker={threading.current_thread() is not threading.main_thread()}"

def cpu_bound(n):
    return sum(i * i for i in range(n))

async def main():
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    result = await loop.run_in_executor(None, blocking_io, 1)
    print('default thread pool', result)
    with concurrent.futures.ThreadPoolExecutor() as pool:
        results = await asyncio.gather(*(loop.run_in_executor(pool, blocking_io, n) for n in (3, 2, 1)))
        print('custom thread pool', results)
    r = await asyncio.to_thread(cpu_bound, 10000)
    print("to_thread:", r)
    elapsed = time.perf_counter() - start
    print(f"elapsed {elapsed:.1f}")

asyncio.run(main())
