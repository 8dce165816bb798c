# checks: asyncio.run returns main's value; coroutine objects; sleep timing; sequential awaits add up
import asyncio
import time


async def greet(name):
    print("hello", name)
    return len(name)


async def pause(label, seconds):
    await asyncio.sleep(seconds)
    print(label, "slept", seconds)
    return seconds


async def main():
    start = time.perf_counter()
    total = await pause("first", 0.1) + await pause("second", 0.2)
    print(f"total slept {total:.1f}, elapsed {time.perf_counter() - start:.1f}s")
    value = await asyncio.sleep(0.05, result="sleep result")
    print(value)
    return "main done"


coro = greet("Ada")
print(type(coro).__name__, asyncio.iscoroutine(coro), asyncio.iscoroutinefunction(greet))
print(asyncio.run(coro))
print(asyncio.run(main()))
try:
    asyncio.run(coro)
except RuntimeError as error:
    print("RuntimeError:", error)
try:
    asyncio.run(42)
except ValueError as error:
    print("ValueError:", error)


async def nested():
    inner = main()
    try:
        asyncio.run(inner)
    except RuntimeError as error:
        print("RuntimeError:", error)
    inner.close()


asyncio.run(nested())
