# checks: wait(timeout=) returns what is done by then and raises nothing; asyncio.run cancels the rest at exit
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
    fast = asyncio.create_task(job("fast", 0.1))
    slow = asyncio.create_task(job("slow", 0.5))
    done, pending = await asyncio.wait({fast, slow}, timeout=0.2)
    print(f"returned at {time.perf_counter() - start:.1f}s")
    print("fast done:", fast in done, "| slow pending:", slow in pending)
    done, pending = await asyncio.wait({slow}, timeout=0.05)
    print("short timeout, nothing done:", len(done), len(pending))
    done, pending = await asyncio.wait({slow}, timeout=0)
    print("zero timeout:", len(done), len(pending))
    print("main returns")


asyncio.run(main())
print("after asyncio.run")
