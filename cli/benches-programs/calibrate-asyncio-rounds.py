# Calibration: asyncio: two tasks taking turns through 40,000 loop rounds (await asyncio.sleep(0)).
import asyncio
import time


async def spinner(n):
    for _ in range(n):
        await asyncio.sleep(0)


async def main():
    start = time.perf_counter()
    await asyncio.gather(spinner(20_000), spinner(20_000))
    print(f"elapsed {time.perf_counter() - start:.6f}")


asyncio.run(main())
