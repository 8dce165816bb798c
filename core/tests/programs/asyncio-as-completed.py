# checks: as_completed yields awaitables in finish order; exceptions come out at their turn; timeout
import asyncio


async def job(name, seconds, fail=False):
    await asyncio.sleep(seconds)
    if fail:
        raise ValueError(f"{name} failed")
    return name


async def main():
    aws = [job("slow", 0.3), job("fast", 0.1), job("bad", 0.15, fail=True), job("mid", 0.2)]
    for next_done in asyncio.as_completed(aws):
        try:
            print("got", await next_done)
        except ValueError as error:
            print("got error", repr(error))
    try:
        for next_done in asyncio.as_completed([job("a", 0.05), job("b", 1.0)], timeout=0.2):
            print("got", await next_done)
    except TimeoutError:
        print("as_completed timed out")


asyncio.run(main())
