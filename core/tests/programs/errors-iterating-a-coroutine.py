# checks: a coroutine or an async generator in a plain `for` (a forgotten `async`) is
# CPython's TypeError, not a loop over nothing
import asyncio


async def numbers():
    yield 1
    yield 2


pause = asyncio.sleep(0)
try:
    for step in pause:
        print("step", step)
except TypeError as e:
    print(e)
pause.close()
try:
    print(list(numbers()))
except TypeError as e:
    print(e)


async def main():
    print([n async for n in numbers()])


asyncio.run(main())
