# The commonest asyncio mistake: calling a coroutine function without awaiting it.
# Nothing runs, and CPython warns on stderr where the coroutine's last reference went:
# once per line (the loop below warns once), at the caller's line when a function's
# local goes, and at "sys:1" for what is left in the module at exit.
import asyncio


async def download(name):
    print("downloading", name)
    await asyncio.sleep(0.1)
    return name


class Client:
    async def fetch(self):
        return "page"


async def main():
    download("A")  # never awaited: the statement drops it
    for name in "BC":
        download(name)
    pending = download("D")
    print("stored, not run")
    pending = None
    batch = [download(n) for n in "EF"]
    del batch
    Client().fetch()
    asyncio.wait_for(download("G"), 1)  # two coroutines: wait_for's and download's
    closed = download("H")
    closed.close()  # closed before it ran: no warning
    print(await download("I"))  # awaited: runs


def helper():
    forgotten = download("J")
    return "helper returns"


asyncio.run(main())
print(helper())
left = download("K")
also_left = Client().fetch()
print("end")
