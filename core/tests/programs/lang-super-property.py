# checks: super().name reads a base class's property on the instance (an overriding property
# extends it), super(C, obj) likewise, super().__self__, and zero-argument super() at module level
class Base:
    def __init__(self):
        self._size = 2

    @property
    def size(self):
        return self._size * 10

    @property
    def label(self):
        return f"base({self.size})"


class Child(Base):
    @property
    def size(self):
        return super().size + 1

    @property
    def label(self):
        return "child/" + super().label


c = Child()
print(c.size, c.label, Base().label)
print(super(Child, c).size, super(Child, c).__self__ is c)
try:
    print(super().size)
except RuntimeError as e:
    print("RuntimeError:", e)
