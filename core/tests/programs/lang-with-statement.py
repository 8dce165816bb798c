# checks: with + class with __enter__/__exit__, exception passed to __exit__, suppression, nesting


class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print(f"enter {self.name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        name = exc_type.__name__ if exc_type else None
        print(f"exit {self.name}: {name} {exc!r}")
        return self.suppress


with Resource("a") as r:
    print("inside", r.name)

try:
    with Resource("b"):
        raise ValueError("boom")
except ValueError as error:
    print("propagated:", error)

with Resource("c", suppress=True):
    raise KeyError("hidden")
print("after suppressed block")

with Resource("outer") as o, Resource("inner") as i:
    print("both", o.name, i.name)


def early_return():
    with Resource("d"):
        return "returned"


print(early_return())

for n in range(3):
    with Resource(f"loop{n}"):
        if n == 1:
            break
print("done")
