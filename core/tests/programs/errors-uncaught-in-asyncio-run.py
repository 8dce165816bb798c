# checks: an exception escaping the main coroutine propagates out of asyncio.run and ends the program
import asyncio


async def fetch(name, seconds, fail=False):
    print(f"{name} started")
    await asyncio.sleep(seconds)
    if fail:
        raise ConnectionError(f"{name} lost the connection")
    print(f"{name} finished")
    return name


async def main():
    print("main starts")
    first = await fetch("A", 0.05)
    print("got", first)
    await fetch("B", 0.05, fail=True)
    print("never printed")


print("before asyncio.run")
asyncio.run(main())
print("never printed either")
