# checks: wait(FIRST_EXCEPTION) returns at the first exception; with no exception it waits for all
import asyncio
import time


async def job(name, seconds, fail=False):
    await asyncio.sleep(seconds)
    if fail:
        print(f"{name} raises")
        raise ValueError(f"{name} failed")
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    specs = [("a", 0.3, False), ("b", 0.1, False), ("c", 0.2, True)]
    tasks = [asyncio.create_task(job(*spec), name=spec[0]) for spec in specs]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(f"returned at {time.perf_counter() - start:.1f}s")
    print("done:", sorted(t.get_name() for t in done), "pending:", sorted(t.get_name() for t in pending))
    print("errors:", [repr(t.exception()) for t in done if t.exception()])
    await asyncio.wait(pending)

    start = time.perf_counter()
    tasks = [asyncio.create_task(job(n, s)) for n, s in [("x", 0.1), ("y", 0.2)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(f"no failure: {len(done)} done, {len(pending)} pending at {time.perf_counter() - start:.1f}s")


asyncio.run(main())
