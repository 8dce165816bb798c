# checks: one TaskGroup child failing cancels its (one running) sibling; ExceptionGroup repr/message; except* ValueError
import asyncio


async def job(name, seconds):
    try:
        await asyncio.sleep(seconds)
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise


async def fail(name, seconds, exc_type=ValueError):
    # sleep(0) needs no timer: x and y both resume in the same loop round, so both
    # raise before the group reacts to the first failure.
    await asyncio.sleep(seconds)
    print(f"{name} raising")
    raise exc_type(f"{name} failed")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            slow = tg.create_task(job("slow", 0.5))
            tg.create_task(fail("bad", 0.1))
            quick = tg.create_task(job("quick", 0.05))
    except* ValueError as group:
        print("slow cancelled?", slow.cancelled(), "| quick result:", quick.result())
        print("except* caught:", repr(group))
        print("message:", group.message)
        print("exceptions:", group.exceptions)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail("x", 0, KeyError))
            tg.create_task(fail("y", 0, ValueError))
    except ExceptionGroup as group:
        print(type(group).__name__, str(group))
        print(sorted(type(e).__name__ for e in group.exceptions))
    try:
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(fail("z", 0.05, KeyError))
        except* ValueError:
            print("not reached")
    except* KeyError as group:
        print("KeyError group:", repr(group))


asyncio.run(main())
