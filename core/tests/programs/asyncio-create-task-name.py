# checks: create_task starts nothing until main yields; name= and default names Task-N; set_name; counter shared across asyncio.run calls
import asyncio


async def job(label):
    print("running", label, asyncio.current_task().get_name())
    await asyncio.sleep(0.01)
    return label.upper()


async def main():
    print("main is", asyncio.current_task().get_name())
    named = asyncio.create_task(job("x"), name="downloader")
    unnamed = asyncio.create_task(job("y"))
    renamed = asyncio.create_task(job("z"))
    renamed.set_name("renamed")
    print("created:", named.get_name(), unnamed.get_name(), renamed.get_name())
    print("done yet?", named.done(), unnamed.done())
    results = [await named, await unnamed, await renamed]
    print(results)
    later = asyncio.create_task(job("w"))
    print("later is", later.get_name())
    await later


asyncio.run(main())
asyncio.run(main())
