# checks: contextlib.ExitStack and AsyncExitStack: LIFO unwinding of entered contexts, locks and callbacks; a failing enter unwinds what was entered; suppression by one exit; an exit that raises; pop_all; enter_context on a non-context-manager; push_async_callback and push_async_exit
import asyncio
import threading
from contextlib import AsyncExitStack, ExitStack, asynccontextmanager, contextmanager, suppress


@contextmanager
def opened(name, fail=False):
    if fail:
        raise OSError(f"cannot open {name}")
    print("open", name)
    try:
        yield name
    finally:
        print("close", name)


locks = [threading.Lock(), threading.Lock()]
with ExitStack() as stack:
    files = [stack.enter_context(opened(n)) for n in ("a.txt", "b.txt")]
    for lock in locks:
        stack.enter_context(lock)
    stack.callback(print, "callback registered last runs first")
    print("holding", files, [l.locked() for l in locks])
print("released", [l.locked() for l in locks])

try:
    with ExitStack() as stack:
        for name, fail in [("one", False), ("two", False), ("three", True)]:
            stack.enter_context(opened(name, fail))
except OSError as e:
    print("OSError:", e)

with ExitStack() as stack:
    stack.enter_context(suppress(KeyError))
    stack.enter_context(opened("inner"))
    raise KeyError("suppressed by the stack")
print("after suppression")


def failing_exit(exc_type, exc, tb):
    print("failing exit sees", exc_type.__name__ if exc_type else None)
    raise RuntimeError("cleanup failed")


try:
    with ExitStack() as stack:
        stack.callback(print, "outer callback still runs")
        stack.push(failing_exit)
        raise ValueError("body failed")
except RuntimeError as e:
    print("RuntimeError:", e, "| context:", repr(e.__context__))

stack = ExitStack()
stack.enter_context(opened("kept"))
keeper = stack.pop_all()
stack.close()
print("pop_all moved the context")
keeper.close()

try:
    with ExitStack() as stack:
        stack.enter_context("not a context manager")
except TypeError as e:
    print("TypeError:", e)


@asynccontextmanager
async def session(name, delay):
    await asyncio.sleep(delay)
    print("session up", name)
    try:
        yield name
    finally:
        await asyncio.sleep(delay)
        print("session down", name)


async def log_exit(exc_type, exc, tb):
    await asyncio.sleep(0)
    print("async exit sees", exc_type.__name__ if exc_type else None)
    return False


async def main():
    async with AsyncExitStack() as stack:
        names = []
        for n, d in [("s1", 0.02), ("s2", 0.01)]:
            names.append(await stack.enter_async_context(session(n, d)))
        stack.push_async_callback(asyncio.sleep, 0.01)
        stack.push_async_exit(log_exit)
        stack.enter_context(opened("sync inside async"))
        print("sessions", names)
    try:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(session("s3", 0.01))
            stack.push_async_exit(log_exit)
            raise ValueError("async body failed")
    except ValueError as e:
        print("ValueError:", e)
    try:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(opened("sync only"))
    except TypeError as e:
        print("TypeError:", e)
    stack = AsyncExitStack()
    await stack.enter_async_context(session("manual", 0.01))
    await stack.aclose()


asyncio.run(main())
