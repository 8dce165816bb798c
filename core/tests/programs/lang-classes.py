# checks: classes with __init__, methods, class attributes, inheritance, super(), __repr__/__str__, properties, __name__


class Animal:
    kingdom = "animalia"
    count = 0

    def __init__(self, name, sound="..."):
        self.name = name
        self.sound = sound
        Animal.count += 1

    def speak(self):
        return f"{self.name} says {self.sound}"

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"

    def __str__(self):
        return f"an animal called {self.name}"


class Dog(Animal):
    def __init__(self, name, tricks=()):
        super().__init__(name, "woof")
        self.tricks = list(tricks)

    def speak(self):
        base = super().speak()
        return base + "!" * len(self.tricks)

    def __str__(self):
        return f"a dog called {self.name}"


class Cat(Animal):
    kingdom = "felis"


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

    @property
    def norm1(self):
        return abs(self.x) + abs(self.y)

    @classmethod
    def origin(cls):
        return cls(0, 0)

    @staticmethod
    def describe():
        return "a 2-D point"


class Plain:
    pass


def main():
    rex = Dog("Rex", ["sit", "roll"])
    tom = Cat("Tom", "meow")
    print(rex.speak())
    print(tom.speak())
    print(repr(rex), str(rex), rex)
    print([rex, tom])
    print(f"{tom} / {tom!r}")
    print(Animal.count, rex.kingdom, tom.kingdom, Animal.kingdom)
    tom.kingdom = "instance attr"
    print(tom.kingdom, Cat.kingdom)
    print(isinstance(rex, Animal), isinstance(rex, Cat), issubclass(Dog, Animal))
    print(type(rex).__name__, Dog.__mro__[1].__name__, Dog.__bases__)
    p = Point(1, -2) + Point(3, 4)
    print(p, p.norm1, p == Point(4, 2), p != Point(4, 2), Point.origin(), Point.describe())
    print(hasattr(p, "x"), getattr(p, "z", "no z"))
    setattr(p, "z", 9)
    print(p.z, sorted(vars(p)))
    obj = Plain()
    print(repr(obj).startswith("<__main__.Plain object at 0x"), str(obj) == repr(obj))
    print(__name__)


if __name__ == "__main__":
    main()
