# checks: asyncio.Lock serialises a critical section across an await; acquire order is FIFO; locked()
import asyncio

balance = 0
lock = None


async def deposit(name, amount, use_lock):
    global balance
    if use_lock:
        async with lock:
            current = balance
            await asyncio.sleep(0.01)
            balance = current + amount
            print(f"{name} deposited {amount}, balance {balance}")
    else:
        current = balance
        await asyncio.sleep(0.01)
        balance = current + amount
        print(f"{name} wrote {balance} (unlocked)")


async def main():
    global balance, lock
    lock = asyncio.Lock()
    await asyncio.gather(*(deposit(n, 10, False) for n in "ABC"))
    print("without lock:", balance)
    balance = 0
    await asyncio.gather(*(deposit(n, 10, True) for n in "ABC"))
    print("with lock:", balance)
    print("locked now?", lock.locked())
    await lock.acquire()
    print("locked after acquire?", lock.locked())
    lock.release()
    try:
        lock.release()
    except RuntimeError as error:
        print("RuntimeError:", error)


asyncio.run(main())
