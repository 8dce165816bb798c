# checks: contextlib.asynccontextmanager around connections under gather and a Semaphore: awaits in setup and cleanup, exceptions thrown in (handled with awaits, re-raised, converted), awaiting a task in cleanup, cancellation and asyncio.timeout inside, "generator didn't yield/stop"; as a decorator; async nullcontext, aclosing
import asyncio
from contextlib import aclosing, asynccontextmanager, nullcontext, suppress

pool = asyncio.Semaphore(2)


@asynccontextmanager
async def connection(name, delay=0.02):
    async with pool:
        print(f"open {name}")
        await asyncio.sleep(delay)
        try:
            yield f"conn-{name}"
        finally:
            await asyncio.sleep(0.01)
            print(f"close {name}")


async def query(name, delay):
    async with connection(name) as conn:
        await asyncio.sleep(delay)
        if name == "C":
            raise ValueError(f"{conn} query failed")
        return f"{name}: rows"


@asynccontextmanager
async def transaction(name):
    print(f"begin {name}")
    try:
        yield name
    except ValueError as e:
        await asyncio.sleep(0.01)
        print(f"rollback {name}: {e}")
    else:
        await asyncio.sleep(0)
        print(f"commit {name}")


@asynccontextmanager
async def translated():
    try:
        yield
    except KeyError as e:
        await asyncio.sleep(0.01)
        raise LookupError(f"translated {e}") from e


@asynccontextmanager
async def heartbeat(name):
    async def beat():
        try:
            while True:
                await asyncio.sleep(0.06)
                print(f"{name} beat")
        except asyncio.CancelledError:
            print(f"{name} heartbeat cancelled")
            raise
    task = asyncio.create_task(beat())
    try:
        yield task
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        print(f"{name} heartbeat stopped")


@asynccontextmanager
async def never_yields():
    if False:
        yield


@asynccontextmanager
async def yields_twice():
    yield 1
    await asyncio.sleep(0)
    yield 2


@connection("decorated", 0.01)
async def decorated(x):
    print("decorated body", x)
    return x * 10


async def long_job():
    async with heartbeat("long"):
        await asyncio.sleep(1)


async def main():
    results = await asyncio.gather(query("A", 0.04), query("B", 0.01), query("C", 0.02), return_exceptions=True)
    print(results)
    async with transaction("t1") as t:
        print("working in", t)
    async with transaction("t2"):
        raise ValueError("constraint violated")
    print("after t2")
    try:
        async with translated():
            {}["key"]
    except LookupError as e:
        print("LookupError:", e, "| cause:", repr(e.__cause__))
    async with heartbeat("short"):
        await asyncio.sleep(0.15)
    task = asyncio.create_task(long_job())
    await asyncio.sleep(0.09)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("long_job cancelled:", task.cancelled())
    try:
        async with asyncio.timeout(0.05):
            async with connection("slow"):
                await asyncio.sleep(1)
    except TimeoutError:
        print("timed out, connection closed first")
    for cm in (never_yields, yields_twice):
        try:
            async with cm():
                pass
        except RuntimeError as e:
            print(f"{cm.__name__}: RuntimeError: {e}")
    print(await decorated(4), await decorated(5))
    async with nullcontext("async value") as v:
        print("nullcontext:", v)

    async def stream():
        try:
            for i in range(5):
                await asyncio.sleep(0)
                yield i
        finally:
            print("stream closed")

    async with aclosing(stream()) as s:
        async for item in s:
            print("item", item)
            if item == 2:
                break
    print("done")


asyncio.run(main())
