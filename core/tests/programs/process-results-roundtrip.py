# checks: arguments and results are pickled copies: tuples, dicts, nested lists and instances of a module-level dataclass round-trip equal but not identical; the worker mutates its copy only; a class's __module__ is __mp_main__ in the spawned worker and __main__ back in the parent
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


def describe(value):
    return type(value).__name__, value


def move(point, dx):
    point.x += dx
    return point, type(point).__module__, __name__


def append_in_worker(items):
    items.append("worker")
    return items


if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        for value in [(1, "a", None), {"k": [1, 2], 3: (4.5, True)}, [[1], {2}, frozenset({"x"})], Point(1, 2)]:
            kind, back = pool.submit(describe, value).result()
            print(kind, back, "equal:", back == value, "same object:", back is value)
        start = Point(0, 0)
        moved, module_in_worker, name_in_worker = pool.submit(move, start, 5).result()
        print("moved:", moved, "original:", start)
        print("in the worker:", module_in_worker, name_in_worker)
        print("in the parent:", type(moved).__module__, __name__, type(moved) is Point)
        mine = ["parent"]
        print("worker's copy:", pool.submit(append_in_worker, mine).result(), "mine:", mine)
