# checks: asyncio.get_event_loop() as 3.11 answers it: a new current loop in the main thread
# that never set one, the running loop inside a coroutine, none after asyncio.run or in a thread
# until it sets one
import asyncio
import threading


async def main():
    await asyncio.sleep(0.1)
    print("same loop inside:", asyncio.get_event_loop() is asyncio.get_running_loop())
    return "ok"

loop = asyncio.get_event_loop()
print(loop is asyncio.get_event_loop(), loop.is_closed())
print(loop.run_until_complete(main()))
loop.close()
print(asyncio.run(main()))
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print(e)


def worker():
    try:
        asyncio.get_event_loop()
    except RuntimeError as e:
        print(e)
    own = asyncio.new_event_loop()
    asyncio.set_event_loop(own)
    print(own.run_until_complete(main()), asyncio.get_event_loop() is own)
    own.close()

t = threading.Thread(target=worker, name="helper")
t.start()
t.join()
