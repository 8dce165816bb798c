# checks: wait(FIRST_COMPLETED) returns when one task is done; pending tasks keep running until cancelled
import asyncio
import time


async def job(name, seconds):
    try:
        await asyncio.sleep(seconds)
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in [("a", 0.6), ("b", 0.1), ("c", 0.3)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("first:", [t.result() for t in done], f"at {time.perf_counter() - start:.1f}s")
    print("pending:", sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    print("next:", [t.result() for t in done], f"at {time.perf_counter() - start:.1f}s")
    for task in pending:
        task.cancel()
    done, pending = await asyncio.wait(pending)
    print("after cancel:", [t.cancelled() for t in done], len(pending))


asyncio.run(main())
