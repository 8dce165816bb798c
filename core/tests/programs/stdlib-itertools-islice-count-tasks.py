# checks: itertools feeding asyncio tasks and threads: islice(count(), n) ids, cycle round-robin workers, chain/zip_longest/repeat, islice draws exactly what it yields from a shared iterator
import asyncio
import itertools
import threading
from itertools import count, cycle, islice, chain, repeat, zip_longest

ids = count(1)


async def job(n, delay):
    await asyncio.sleep(delay)
    return f"job{n}"


async def main():
    batch = list(islice(ids, 5))
    print("ids", batch)
    results = await asyncio.gather(*(job(n, 0.01 * (5 - n)) for n in batch))
    print(results)
    print("next id", next(ids), repr(ids))


asyncio.run(main())

workers = cycle(["w1", "w2", "w3"])
assignment = [(task, next(workers)) for task in "abcdefg"]
print(assignment)

stream = iter(range(20))
chunks = []
while True:
    chunk = list(islice(stream, 6))
    if not chunk:
        break
    chunks.append(chunk)
print(chunks)

lines = []
lock = threading.Lock()


def worker(name, items):
    for item in items:
        with lock:
            lines.append(f"{name}:{item}")


ts = [threading.Thread(target=worker, args=(f"t{i}", islice(count(i * 10), 3))) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(lines))

print(list(chain([1, 2], (3,), "ab")), list(chain.from_iterable([[1], [], [2, 3]])))
print(list(zip_longest("abc", [1], fillvalue="-")), list(repeat("x", 3)), repr(repeat(0, 2)))
print(list(zip(count(), "xyz")), list(islice(count(0, 0.5), 4)), list(islice("abcdefg", 1, 6, 2)))
print(type(itertools.chain()).__name__, sum(islice(count(1), 100)))
