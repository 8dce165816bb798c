# checks: namedtuple results from a thread pool: repr, fields, defaults, _asdict/_replace/_make, indexing, unpacking, sorting, == with plain tuples, a subclass
import time
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

Result = namedtuple("Result", ["name", "seconds", "ok"], defaults=[True])


def job(name, seconds):
    time.sleep(seconds)
    return Result(name, seconds, ok=not name.startswith("x"))


with ThreadPoolExecutor(max_workers=3) as pool:
    results = list(pool.map(job, ["a", "xb", "c"], [0.03, 0.01, 0.02]))

for r in results:
    print(r)
print(Result._fields, Result._field_defaults)
name, seconds, ok = results[1]
print(name, seconds, ok, results[0][0], results[0][-1], results[2].seconds)
print(sorted(results, key=lambda r: r.seconds))
print(results[0]._asdict())
print(results[1]._replace(ok=True))
print(Result._make(["d", 0.5, False]), Result("e", 1))
print(results[0] == ("a", 0.03, True), ("a", 0.03, True) == results[0], results[0] != results[2])
print(len(results[0]), "a" in results[0], results[0].index(0.03), tuple(results[0]), list(results[2]))
print(results[0] + ("extra",), results[0][:2], max(results, key=lambda r: r.seconds).name)


class Point(namedtuple("Point", "x y")):
    __slots__ = ()

    @property
    def norm1(self):
        return abs(self.x) + abs(self.y)

    def __str__(self):
        return f"({self.x}, {self.y})"


p = Point(3, -4)
print(p, repr(p), p.norm1, p._replace(x=0), Point._make((1, 2)) < p)
try:
    p.x = 10
except AttributeError as e:
    print("AttributeError:", e)
