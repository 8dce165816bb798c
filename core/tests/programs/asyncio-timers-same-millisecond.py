# The event loop waits for its next timer with epoll, which counts in whole
# milliseconds: CPython rounds the wait up, so a timer due a few microseconds after
# the one waited for is taken in the same round, and runs before the task that the
# first one's task wakes.
import asyncio
import time


async def first():
    await asyncio.sleep(0.3)
    print("first wakes")


async def second():
    time.sleep(0.2)  # blocks the loop: its own sleep starts 0.2 s late
    await asyncio.sleep(0.1)
    print("second wakes")


async def main():
    a = asyncio.create_task(first())
    b = asyncio.create_task(second())
    await a
    print("main resumes after first")
    await b
    print("main resumes after second")


asyncio.run(main())
