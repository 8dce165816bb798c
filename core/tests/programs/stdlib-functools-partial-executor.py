# checks: functools.partial handed to loop.run_in_executor, ThreadPoolExecutor.submit/map, threading.Thread(target=) and call_later; .func/.args/.keywords, nesting flattens, keyword override; partial's errors; reduce over results
import asyncio
import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial, reduce
import operator


def blocking(n, *, label="job", scale=0.02):
    time.sleep(n * scale)
    return f"{label}-{n}"


async def main():
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    first = await loop.run_in_executor(None, functools.partial(blocking, 3))
    print("default executor:", first)
    with ThreadPoolExecutor(max_workers=3) as pool:
        calls = [partial(blocking, n, label="io") for n in (3, 1, 2)]
        results = await asyncio.gather(*(loop.run_in_executor(pool, c) for c in calls))
    print("gathered:", results)
    done = loop.create_future()
    loop.call_later(0.1, partial(done.set_result, "timer fired"))
    print(await done)
    print(await asyncio.to_thread(partial(blocking, 2, label="to_thread")))
    print(f"elapsed {time.perf_counter() - start:.1f}s")


asyncio.run(main())

fast = partial(blocking, scale=0.0)
with ThreadPoolExecutor(max_workers=2) as pool:
    futures = [pool.submit(fast, n, label="submit") for n in range(3)]
    print([f.result() for f in futures])
    print(list(pool.map(partial(blocking, label="map", scale=0.01), [2, 1, 3])))

results = {}
def record(key, value, *, into):
    into[key] = value
threads = [threading.Thread(target=partial(record, f"t{i}", i * i, into=results)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(dict(sorted(results.items())))

add3 = partial(operator.add, 3)
print(add3(4), add3.func is operator.add, add3.args, add3.keywords)
labelled = partial(blocking, label="first", scale=0.0)
print(labelled(1), labelled(1, label="override"), labelled.keywords)
nested = partial(partial(blocking, 5), scale=0.0)
print(nested.func is blocking, nested.args, nested.keywords, nested())
print(repr(add3).startswith("functools.partial(<"), repr(partial(blocking, 1, scale=0)).endswith(", 1, scale=0)"))
print(reduce(operator.add, [1, 2, 3, 4]), reduce(lambda acc, r: acc + len(r), ["ab", "cde"], 0), reduce(max, [3, 9, 2]))
print(reduce(operator.mul, [], 1), reduce(operator.concat, [[1], [2, 3], [4]]))
for label, make in [("no args", lambda: partial()), ("not callable", lambda: partial(42)),
                    ("empty reduce", lambda: reduce(operator.add, [])),
                    ("missing arg", lambda: partial(blocking, scale=0)())]:
    try:
        make()
    except TypeError as e:
        print(label, "->", e)
