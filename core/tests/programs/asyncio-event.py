# checks: asyncio.Event: waiters block until set(), all wake in wait order; is_set, clear, wait on a set event
import asyncio


async def waiter(name, event):
    print(f"{name} waiting")
    await event.wait()
    print(f"{name} woke up")


async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(n, event)) for n in ("A", "B", "C")]
    await asyncio.sleep(0.1)
    print("setting; is_set before:", event.is_set())
    event.set()
    await asyncio.gather(*tasks)
    print("is_set after:", event.is_set())
    await event.wait()
    print("wait on a set event returns at once")
    event.clear()
    print("cleared:", event.is_set())
    late = asyncio.create_task(waiter("D", event))
    await asyncio.sleep(0.05)
    asyncio.get_running_loop().call_later(0.05, event.set)
    await late


asyncio.run(main())
