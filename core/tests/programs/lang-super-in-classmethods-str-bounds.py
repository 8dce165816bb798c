# checks: zero-argument super() in class methods, static methods and properties; startswith
# and endswith with start and end; splitlines with and without keepends
class Base:
    @classmethod
    def create(cls):
        return cls.__name__

    @staticmethod
    def kind():
        return "base"

    @property
    def label(self):
        return "b"


class Child(Base):
    @classmethod
    def create(cls):
        return "child of " + super().create()

    @staticmethod
    def kind():
        return "child"

    @property
    def label(self):
        return "c+" + Base.label.fget(self)


print(Child.create(), Child().create(), Child.kind(), Child().label)
print("banana".startswith("an", 1), "banana".startswith("na", -2), "banana".endswith("an", 0, 4), "banana".startswith(("x", "b")), "ab".startswith("", 3))
print("a\nb\r\nc\rd\n".splitlines(True), "a\nb\n".splitlines(), "".splitlines(), "x\n\ny".splitlines(keepends=True))
