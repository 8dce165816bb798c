import asyncio


async def sleeper(seconds):
    await asyncio.sleep(seconds)
    return seconds


async def main():
    tasks = [asyncio.create_task(sleeper(s)) for s in (0.05, 0.01, 0.03)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("first:", [t.result() for t in done], "still pending:", len(pending))
    done, pending = await asyncio.wait(pending)
    print("then:", sorted(t.result() for t in done), "pending:", len(pending))


asyncio.run(main())
