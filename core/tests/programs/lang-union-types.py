# checks: X | Y on types (PEP 604) as annotations evaluate it: types.UnionType's repr, flattening and de-duplication, __args__, isinstance with a union, and the TypeError for a non-type.
class Job:
    pass


def f(x: int | None = None, job: "Job | None" = None) -> str | int:
    return x


print(f(3))
print(int | None, None | str, int | str | None, int | Job, int | int)
print(isinstance(3, int | str), isinstance(None, int | None), isinstance("a", int | float))
print((int | None).__args__)
print(f.__annotations__["x"])
try:
    int | 3
except TypeError as error:
    print("TypeError:", error)
