# checks: OrderedDict as an LRU cache shared by asyncio tasks: move_to_end, popitem(last=False), a subclass with super(), repr (3.11 list form), order-sensitive ==
import asyncio
from collections import OrderedDict


class LRUCache(OrderedDict):
    def __init__(self, capacity):
        super().__init__()
        self.capacity = capacity

    def get_or_none(self, key):
        if key not in self:
            return None
        self.move_to_end(key)
        return self[key]

    def put(self, key, value):
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.capacity:
            evicted = self.popitem(last=False)
            print("  evicted", evicted)


cache = LRUCache(2)


async def lookup(key, delay):
    await asyncio.sleep(delay)
    hit = cache.get_or_none(key)
    if hit is None:
        print(f"miss {key}")
        cache.put(key, key.upper())
    else:
        print(f"hit {key} -> {hit}")


async def main():
    await asyncio.gather(lookup("a", 0.01), lookup("b", 0.02), lookup("a", 0.03),
                         lookup("c", 0.04), lookup("b", 0.05), lookup("a", 0.06))
    print(cache)
    print(list(cache.keys()), list(cache.items()))


asyncio.run(main())

od = OrderedDict.fromkeys("abcde", 0)
od.move_to_end("b")
od.move_to_end("e", last=False)
print(od)
print(od.popitem(), od.popitem(last=False), list(od))
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == {"b": 2, "a": 1})
print(OrderedDict(), OrderedDict([("x", 1)]), od.keys(), od.values(), od.items())
print(list(reversed(od)), od.setdefault("z", 9), od)
try:
    OrderedDict().popitem()
except KeyError as e:
    print("KeyError", e)
try:
    od.move_to_end("missing")
except KeyError as e:
    print("KeyError", e)
