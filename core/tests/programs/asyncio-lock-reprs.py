# checks: The reprs of asyncio's synchronisation objects and queues, as CPython 3.11 writes them (the addresses differ from run to run, so only what follows them is printed).
import asyncio
async def main():
    lock = asyncio.Lock(); ev = asyncio.Event(); cond = asyncio.Condition(); sem = asyncio.Semaphore(2); bs = asyncio.BoundedSemaphore(1); q = asyncio.Queue(3)
    for x in (lock, ev, cond, sem, bs, q, asyncio.Barrier(2)):
        r = repr(x)
        print(r[:r.index(" at 0x")] if " at 0x" in r else r, r[r.index("[") :] if "[" in r else r.split()[-1])
    await q.put(1)
    print(q)
    await lock.acquire(); ev.set()
    print(repr(lock).split("[")[1], repr(ev).split("[")[1])
asyncio.run(main())
