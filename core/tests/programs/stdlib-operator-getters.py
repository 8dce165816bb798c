# checks: operator.itemgetter/attrgetter/methodcaller as sort keys for results gathered from asyncio tasks and threads, their reprs; the operator functions with reduce and sorted; their errors
import asyncio
import operator
from functools import reduce
from operator import attrgetter, itemgetter, methodcaller


class Download:
    def __init__(self, url, size, seconds, host):
        self.url = url
        self.size = size
        self.seconds = seconds
        self.host = host

    def rate(self, unit=1):
        return round(self.size / self.seconds / unit, 1)

    def __repr__(self):
        return f"Download({self.url!r})"


class Host:
    def __init__(self, name, region):
        self.name = name
        self.region = region


async def download(url, size, seconds, host):
    await asyncio.sleep(seconds)
    return Download(url, size, seconds, host)


async def main():
    eu, us = Host("eu-1", "eu"), Host("us-1", "us")
    return await asyncio.gather(download("a", 300, 0.03, eu), download("b", 100, 0.01, us),
                                download("c", 200, 0.02, eu))


downloads = asyncio.run(main())
print(sorted(downloads, key=attrgetter("size")))
print(sorted(downloads, key=attrgetter("host.region", "seconds")))
print([attrgetter("host.name")(d) for d in downloads], attrgetter("url", "size")(downloads[0]))
print([methodcaller("rate")(d) for d in downloads], methodcaller("rate", unit=1000)(downloads[0]))
print(max(downloads, key=methodcaller("rate")), min(downloads, key=attrgetter("seconds")))

rows = [("worker-2", 3, 0.5), ("worker-1", 5, 0.25), ("worker-3", 3, 0.125)]
print(sorted(rows, key=itemgetter(1)))
print(sorted(rows, key=itemgetter(1, 0), reverse=True))
print([itemgetter(0)(r) for r in rows], itemgetter(-1)(rows), itemgetter(slice(0, 2))(rows[0]))
totals = {"eu": 500, "us": 100}
print(sorted(totals.items(), key=itemgetter(1), reverse=True), itemgetter("eu", "us")(totals))
print(methodcaller("split", "-")("worker-2"), methodcaller("replace", "worker", "w", 1)("worker-worker"))
print(repr(itemgetter(1)), repr(itemgetter(1, "a")), repr(attrgetter("host.name")), repr(attrgetter("a", "b")))
print(repr(methodcaller("rate")), repr(methodcaller("rate", 2, unit=1000)))

sizes = [d.size for d in downloads]
print(reduce(operator.add, sizes), reduce(operator.mul, [1, 2, 3, 4]), reduce(operator.or_, [1, 2, 4]))
print(operator.add(2, 3), operator.sub(2, 3), operator.mul(2, 3), operator.truediv(7, 2), operator.floordiv(-7, 2))
print(operator.mod(-7, 3), operator.neg(5), operator.pow(2, 8), operator.abs(-2.5), operator.pos(-1))
print(operator.eq(1, 1.0), operator.ne("a", "b"), operator.lt(1, 2), operator.le(2, 2), operator.gt(1, 2), operator.ge(3, 2))
print(operator.not_(0), operator.not_("x"), operator.truth([]), operator.truth([0]), operator.is_(None, None))
print(operator.contains([1, 2, 3], 2), operator.contains("hello", "z"), operator.getitem({"k": 1}, "k"), operator.getitem("abc", -1))
print(operator.concat([1], [2]), operator.countOf([1, 2, 1], 1), operator.indexOf("abc", "c"), operator.index(5))
counts = {"a": 1}
operator.setitem(counts, "b", 2)
operator.delitem(counts, "a")
print(counts, operator.iadd([1], [2]), operator.call(min, 4, 2))
print(sorted(["b", "A", "c"], key=methodcaller("lower")), list(filter(operator.truth, [0, 1, "", "x"])))

for label, make in [("truediv", lambda: operator.truediv(1, 0)), ("add", lambda: operator.add(1, "1")),
                    ("getitem", lambda: operator.getitem([1, 2], 5)), ("itemgetter", lambda: itemgetter("zz")(totals)),
                    ("attrgetter", lambda: attrgetter("host.zone")(downloads[0])), ("no items", lambda: itemgetter()),
                    ("attr name", lambda: attrgetter(3)), ("no method", lambda: methodcaller()),
                    ("method name", lambda: methodcaller(3)), ("concat", lambda: operator.concat(1, [2])),
                    ("indexOf", lambda: operator.indexOf([1, 2], 9)), ("index", lambda: operator.index(2.0))]:
    try:
        make()
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")
