# checks: Task cancel/cancelled/done/result/exception/get_name/add_done_callback and their errors
import asyncio


async def work(seconds, fail=False):
    await asyncio.sleep(seconds)
    if fail:
        raise ValueError("work failed")
    return seconds * 10


def report(task):
    state = "cancelled" if task.cancelled() else repr(task.exception() or task.result())
    print(f"callback: {task.get_name()} -> {state}")


async def main():
    ok = asyncio.create_task(work(0.1), name="ok")
    bad = asyncio.create_task(work(0.05, fail=True), name="bad")
    slow = asyncio.create_task(work(1.0), name="slow")
    for task in (ok, bad, slow):
        task.add_done_callback(report)
    try:
        ok.result()
    except asyncio.InvalidStateError as error:
        print("InvalidStateError:", error)
    await asyncio.sleep(0.2)
    print("ok:", ok.done(), ok.cancelled(), ok.result(), ok.exception())
    print("bad:", bad.done(), repr(bad.exception()))
    try:
        bad.result()
    except ValueError as error:
        print("bad.result() raised", repr(error))
    print("slow done?", slow.done())
    print("cancel() returns", slow.cancel())
    print("cancelled right after cancel()?", slow.cancelled(), "done?", slow.done())
    await asyncio.sleep(0)
    print("after one loop step:", slow.cancelled(), slow.done())
    try:
        slow.result()
    except asyncio.CancelledError as error:
        print("slow.result() raised CancelledError", repr(error))
    try:
        slow.exception()
    except asyncio.CancelledError:
        print("slow.exception() raised CancelledError too")
    print("cancel() on a finished task returns", ok.cancel())
    print(issubclass(asyncio.CancelledError, BaseException), issubclass(asyncio.CancelledError, Exception))


asyncio.run(main())
