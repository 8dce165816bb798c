import asyncio
import time

DOWNLOADS = $durations
TIMEOUT = $timeout  # seconds main waits at most; None means no limit
SHIELD = $shield  # True: a timeout stops main's wait, not the downloads
FAILING = $fail  # the download that raises ValueError, or None
start = time.perf_counter()
tasks = []


def log(text):
    print(f"{time.perf_counter() - start:.1f}s {text}")


async def download(name, seconds):
    await asyncio.sleep(seconds)  # a cancelled download stops here
    if name == FAILING:
        raise ValueError(f"{name} failed")
    log(f"{name} finished")


async def download_all():
#if group == "taskgroup"
    async with asyncio.TaskGroup() as group:  # a child fails: the others are cancelled
        for name, seconds in DOWNLOADS:
            tasks.append(group.create_task(download(name, seconds), name=name))
#else
    for name, seconds in DOWNLOADS:
        tasks.append(asyncio.create_task(download(name, seconds), name=name))
    await asyncio.gather(*tasks)  # a child fails: the others run on
#end


async def main():
    work = asyncio.create_task(download_all(), name="all")
    waited = asyncio.shield(work) if SHIELD else work
    try:
#if limit == "wait_for"
        await asyncio.wait_for(waited, TIMEOUT)
#else
        async with asyncio.timeout(TIMEOUT):
            await waited
#end
        log("main: all downloads finished")
    except Exception as error:  # TimeoutError, ValueError or ExceptionGroup
        log(f"main caught {error!r}")
    running = [task.get_name() for task in tasks if not task.done()]
    if running:
        log(f"still running: {running}")
        await asyncio.gather(work, *tasks, return_exceptions=True)  # let them finish
    # listed here, not as they happen: a TaskGroup cancels its tasks in no fixed order
    log(f"cancelled: {[task.get_name() for task in tasks if task.cancelled()]}")


asyncio.run(main())
