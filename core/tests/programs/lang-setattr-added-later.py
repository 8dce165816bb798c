# checks: a property or __setattr__ given to a class after its instances were set
# still decides what `obj.name = value` does, on the class and on its subclasses
class Point:
    pass


p = Point()
p.x = 1
print(p.x)


def set_x(self, value):
    print("setter got", value)
    self._x = value * 10


Point.x = property(lambda self: self._x, set_x)
p.x = 5
print(p.x, p._x)


class Labelled(Point):
    pass


q = Labelled()
q.label = "a"


def loud_setattr(self, name, value):
    print("setting", name, "to", value)
    object.__setattr__(self, name, value)


Point.__setattr__ = loud_setattr
q.label = "b"
p.y = 2
print(q.label, p.y)
del Point.__setattr__
q.label = "c"
print(q.label)
