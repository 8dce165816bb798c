# checks: asyncio.Barrier (3.11): three workers meet before the next phase; the last to arrive releases the rest, each gets its arrival index; an aborted barrier breaks its waiters.
import asyncio


async def worker(name, delay, barrier):
    await asyncio.sleep(delay)
    print(f"{name} arrives, {barrier.n_waiting} already waiting")
    index = await barrier.wait()
    print(f"{name} passes with index {index}")
    return index


async def main():
    barrier = asyncio.Barrier(3)
    print(repr(barrier).split(" [")[1])
    results = await asyncio.gather(
        worker("A", 0.03, barrier), worker("B", 0.01, barrier), worker("C", 0.02, barrier)
    )
    print(sorted(results), repr(barrier).split(" [")[1])

    broken = asyncio.Barrier(2)

    async def lonely():
        try:
            await broken.wait()
        except asyncio.BrokenBarrierError as error:
            print("lonely:", repr(error))

    task = asyncio.create_task(lonely())
    await asyncio.sleep(0.01)
    await broken.abort()
    await task
    print(broken.broken, repr(broken).split(" [")[1])
    async with asyncio.Barrier(1) as index:
        print("alone, index", index)
    try:
        asyncio.Barrier(0)
    except ValueError as error:
        print("ValueError:", error)


asyncio.run(main())
