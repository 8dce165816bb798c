# checks: tasks waking at the same moment print in the order their sleeps began (creation order, not name)
import asyncio


async def nap(name, seconds=0.1):
    await asyncio.sleep(seconds)
    print(f"{name} woke")
    return name


async def main():
    print("scene 1: created A, B, C")
    tasks = [asyncio.create_task(nap(n)) for n in "ABC"]
    await asyncio.gather(*tasks)

    print("scene 2: created C, B, A")
    tasks = [asyncio.create_task(nap(n)) for n in "CBA"]
    await asyncio.wait(tasks)

    print("scene 3: gather wraps its arguments in tasks in argument order")
    print(await asyncio.gather(nap("x"), nap("y"), nap("z")))

    print("scene 4: main starts its own sleep before the task it created can start one")
    task = asyncio.create_task(nap("task"))
    await asyncio.sleep(0.1)
    print("main woke")
    await task

    print("scene 5: a task created later but sleeping less wakes first")
    first = asyncio.create_task(nap("long", 0.2))
    second = asyncio.create_task(nap("short", 0.1))
    await first
    await second
    print("done")


asyncio.run(main())
