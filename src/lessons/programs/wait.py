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
    done, pending = await asyncio.wait(tasks, timeout=$timeout, return_when=$return_when)
    print(f"wait returned after {time.perf_counter() - start:.2f}s")
    print(f"done: {sorted(task.get_name() for task in done)}")
    print(f"pending: {sorted(task.get_name() for task in pending)}")
#if cancel_pending == "true"
    for task in pending:
        task.cancel()
#end
    if pending:
        await asyncio.wait(pending)  # wait never cancels: what is pending runs on
    for task in tasks:
        if task.cancelled():
            print(f"{task.get_name()} was cancelled")
        elif task.exception() is not None:
            print(f"{task.get_name()} raised {task.exception()!r}")
        else:
            print(f"{task.get_name()} returned {task.result()!r}")
    print(f"elapsed: {time.perf_counter() - start:.2f}s")


asyncio.run(main())
