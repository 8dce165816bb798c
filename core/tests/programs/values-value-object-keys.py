# checks: dict keys and set members that are value objects: a namedtuple equals and finds the plain tuple, a frozen dataclass by its fields and class, hash() of both is their __hash__; a class with __eq__ and no __hash__, and a plain dataclass, are unhashable with CPython's TypeError
from collections import namedtuple
from dataclasses import dataclass, field

Point = namedtuple("Point", "x y")


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    note: str = field(default="", compare=False)


@dataclass(frozen=True)
class Other:
    row: int
    col: int


@dataclass
class Mutable:
    value: int


class OnlyEq:
    def __eq__(self, other):
        return True


seen = {Point(1, 2): "p"}
print(seen[(1, 2)], (1, 2) in seen, Point(1, 2) in {(1, 2)}, len({Point(0, 0), (0, 0)}))
print(hash(Point(3, 4)) == hash((3, 4)), Point(1, 2) == (1, 2))
grid = {Cell(0, 0, "start"): "S", Cell(0, 1): "."}
print(grid[Cell(0, 0)], Cell(0, 1) in grid, Other(0, 0) in grid, len({Cell(1, 1, "a"), Cell(1, 1, "b")}))
print(hash(Cell(2, 3)) == hash((2, 3)), [Cell(0, 0)] == [Cell(0, 0, "x")], (Cell(1, 2), 3) in {(Cell(1, 2), 3)})
counts = {}
for cell in [Cell(0, 0), Cell(0, 0), Cell(1, 0)]:
    counts[cell] = counts.get(cell, 0) + 1
print(counts)
for bad in [Mutable(1), OnlyEq(), (1, OnlyEq())]:
    try:
        {bad: 1}
    except TypeError as error:
        print(error)
try:
    hash(Mutable(2))
except TypeError as error:
    print(error)
