import asyncio
import time

DOWNLOADS = $durations
FAILING = $fail  # the download that raises ValueError, or None


async def download(name, seconds):
    print(f"{name} started")
    await asyncio.sleep(seconds)
    if name == FAILING:
        raise ValueError(f"{name} failed")
    print(f"{name} finished")
    return name


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(download(name, seconds), name=name) for name, seconds in DOWNLOADS]
    try:
        results = await asyncio.gather(*tasks, return_exceptions=$return_exceptions)
        print(f"results: {results}")
    except ValueError as error:
        print(f"gather raised {error!r} after {time.perf_counter() - start:.2f}s")
        print(f"still running: {[task.get_name() for task in tasks if not task.done()]}")
        await asyncio.wait(tasks)  # gather does not cancel the others: let them finish
    print(f"elapsed: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
