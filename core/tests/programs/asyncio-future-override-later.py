# checks: a Future subclass whose method is overridden, and then deleted, after asyncio's core has used the class: gather calls the Python override, then the native method again
import asyncio


class Reply(asyncio.Future):
    pass


async def main():
    loop = asyncio.get_running_loop()
    for i in range(3):
        reply = Reply()
        loop.call_soon(reply.set_result, i)
        print(await asyncio.gather(reply))
        if i == 0:
            # Overridden after gather has used the class once: gather must now call it.
            def cancelled(self):
                print("Reply.cancelled asked")
                return asyncio.Future.cancelled(self)

            Reply.cancelled = cancelled
        elif i == 1:
            del Reply.cancelled


asyncio.run(main())
