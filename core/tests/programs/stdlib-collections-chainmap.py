# checks: ChainMap layering per-task settings over defaults: lookup order, writes go to the first map, new_child/parents, len/iter, repr; Counter arithmetic and comparisons
import asyncio
from collections import ChainMap, Counter

defaults = {"timeout": 1.0, "retries": 3, "verbose": False}


async def task(name, overrides, log):
    settings = ChainMap(overrides, defaults)
    await asyncio.sleep(0.01 * len(name))
    log.append((name, settings["timeout"], settings["retries"], settings.get("verbose")))
    settings["seen"] = True
    return settings


async def main():
    log = []
    results = await asyncio.gather(task("fast", {"timeout": 0.1}, log), task("slowest", {"retries": 0}, log))
    for entry in log:
        print(entry)
    fast = results[0]
    print(fast)
    print(fast.maps[0], len(fast), sorted(fast), "retries" in fast, "nope" in fast)
    child = fast.new_child({"retries": 9})
    print(child["retries"], child.parents["retries"], child.parents.parents["retries"])
    print(dict(child.items()), list(child.keys()), child == {**defaults, "timeout": 0.1, "seen": True, "retries": 9})


asyncio.run(main())

done = Counter(a=3, b=1)
failed = Counter(b=2, c=1)
print(done | failed, done & failed, done + failed, done - failed, failed - done)
print(done <= done + failed, done < done, Counter(a=1, b=0) == Counter(a=1), -Counter(a=-2, b=1))
d = Counter(a=1)
d += Counter(a=2, b=-1)
print(d, Counter(), Counter({"x": 0}))
