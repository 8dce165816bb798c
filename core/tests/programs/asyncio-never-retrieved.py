# checks: a task that fails unobserved: "Task exception was never retrieved" goes to stderr; stdout continues
import asyncio
import gc


async def doomed():
    await asyncio.sleep(0.05)
    print("doomed raises")
    raise ValueError("nobody is listening")


async def main():
    asyncio.create_task(doomed())
    await asyncio.sleep(0.1)
    print("main carries on after the failure")
    gc.collect()
    await asyncio.sleep(0.05)
    print("main ends")


asyncio.run(main())
print("program ends normally")
