# checks: A bare raise after an await or a yield inside except re-raises what was being handled: a suspended coroutine or generator keeps the exceptions it is handling.
import asyncio


async def retry():
    try:
        raise KeyError("k")
    except KeyError:
        await asyncio.sleep(0)
        raise


def gen():
    try:
        raise ValueError("v")
    except ValueError:
        yield 1
        raise


async def main():
    try:
        await retry()
    except KeyError as error:
        print("re-raised after await:", repr(error))
    g = gen()
    print(next(g))
    try:
        next(g)
    except ValueError as error:
        print("re-raised after yield:", repr(error))
    try:
        raise TypeError("outer")
    except TypeError:
        await asyncio.sleep(0)
        try:
            raise ValueError("inner")
        except ValueError as inner:
            print("context:", repr(inner.__context__))


asyncio.run(main())
