# The per-operation costs of asyncio that interp/aio.rs's cost units are calibrated on:
# run it with python3 and with `interleave predict`, and compare the two lines.
import asyncio, time

N = 20000

async def nothing():
    return 1

def noop():
    pass

async def main():
    loop = asyncio.get_running_loop()
    # 1. create_task + run a coroutine that returns at once, awaited by nobody
    t0 = time.perf_counter()
    for _ in range(N):
        loop.create_task(nothing())
    t1 = time.perf_counter()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    t2 = time.perf_counter()
    # 2. call_soon + the round that runs it
    for _ in range(N):
        loop.call_soon(noop)
    t3 = time.perf_counter()
    await asyncio.sleep(0)
    t4 = time.perf_counter()
    # 3. futures: create, set_result, result
    for _ in range(N):
        f = loop.create_future()
        f.set_result(1)
        f.result()
    t5 = time.perf_counter()
    # 4. coroutine call overhead baseline
    for _ in range(N):
        c = nothing()
        c.close()
    t6 = time.perf_counter()
    # 5. sleep(0) steps
    for _ in range(N):
        await asyncio.sleep(0)
    t7 = time.perf_counter()
    us = 1e6 / N
    print(f"create_task {(t1-t0)*us:.2f} us; its step {(t2-t1)*us:.2f} us; call_soon {(t3-t2)*us:.2f}; run handle {(t4-t3)*us:.2f}; future trio {(t5-t4)*us:.2f}; coro make+close {(t6-t5)*us:.2f}; sleep0 round {(t7-t6)*us:.2f}")

asyncio.run(main())
