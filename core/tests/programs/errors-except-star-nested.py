# checks: except* looks inside nested exception groups, as nested TaskGroups raise them,
# keeps their nesting in what it matches, and a clause that matches the whole group gets it
import asyncio


async def fail(kind, n):
    await asyncio.sleep(0.01 * n)
    raise kind(n)


async def inner():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fail(KeyError, 1))
        tg.create_task(fail(ValueError, 2))


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(inner())
            tg.create_task(fail(ValueError, 3))
    except* KeyError as keys:
        print("keys:", repr(keys))
    except* ValueError as values:
        print("values:", repr(values))


asyncio.run(main())

group = ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [KeyError("k"), ValueError(2)])])
try:
    raise group
except* Exception as everything:
    print("the whole group:", everything is group)
