# checks: Counter of asyncio.gather results: most_common, update, total, +/-, repr order
import asyncio
from collections import Counter


async def fetch(url, delay):
    await asyncio.sleep(delay)
    status = 200 if "ok" in url else 404
    return status


async def main():
    urls = ["a/ok", "b/missing", "c/ok", "d/ok", "e/missing", "f/ok"]
    statuses = await asyncio.gather(*(fetch(u, 0.01 * (i % 3)) for i, u in enumerate(urls)))
    counts = Counter(statuses)
    print(counts)
    print(counts.most_common(1))
    print(counts[200], counts[500], 500 in counts)
    counts.update([500, 200])
    print(counts, counts.total())
    retry = Counter({404: 1, 500: 1})
    print(counts - retry, counts + retry)
    counts.subtract({200: 10})
    print(counts, +counts)
    words = Counter("the quick brown fox jumps over the lazy dog the end".split())
    print(words.most_common(3))
    print(sorted(words.elements())[:5])
    print(Counter(a=3, b=1) == Counter(b=1, a=3), Counter(a=1) == {"a": 1})


asyncio.run(main())
