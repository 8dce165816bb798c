# checks: wait_for returns in time; on timeout it cancels the inner task (which sees CancelledError) and raises TimeoutError
import asyncio
import time


async def job(name, seconds):
    try:
        await asyncio.sleep(seconds)
        return name
    except asyncio.CancelledError:
        print(f"{name} saw CancelledError")
        raise
    finally:
        print(f"{name} cleanup")


async def main():
    start = time.perf_counter()
    print(await asyncio.wait_for(job("quick", 0.1), timeout=0.5))
    try:
        await asyncio.wait_for(job("slow", 1.0), timeout=0.1)
    except TimeoutError as error:
        print("TimeoutError", repr(error), type(error) is asyncio.TimeoutError)
    print(f"elapsed: {time.perf_counter() - start:.1f}s")
    task = asyncio.create_task(job("task", 1.0))
    try:
        await asyncio.wait_for(task, 0.1)
    except asyncio.TimeoutError:
        print("task cancelled by wait_for:", task.cancelled())
    print(await asyncio.wait_for(job("unlimited", 0.05), timeout=None))


asyncio.run(main())
