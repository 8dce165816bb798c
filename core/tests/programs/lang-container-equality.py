# checks: == on lists, tuples and dicts compares their items with ==, so an object's __eq__ counts inside them (identity first), as CPython does.
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        print(f"  comparing {self.x},{self.y} with {other.x},{other.y}")
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)


a = [Point(1, 2), Point(3, 4)]
b = [Point(1, 2), Point(3, 4)]
print("lists:", a == b)
print("tuples:", (Point(0, 0),) == (Point(0, 0),))
print("dicts:", {"p": Point(5, 6)} == {"p": Point(5, 6)})
print("nested:", [[Point(7, 8)]] == [[Point(7, 8)]])
print("different:", [Point(1, 2)] == [Point(2, 1)])
p = Point(9, 9)
print("same object skips __eq__:", [p] == [p])
print("lengths differ:", [Point(1, 1)] == [])
print("not equal:", [Point(1, 1)] != [Point(1, 1)])
