# checks: Annotations are evaluated where CPython 3.11 evaluates them: a function's when it is defined (into __annotations__, parameters then "return"), a module's and a class's simple names into their __annotations__, and never a function's own local variables.
order = []


def note(label):
    order.append(label)
    return label


class Job:
    name: note("name type")
    seconds: float = 0.1
    if True:
        retries: int = 3


def run(job: note("job type"), *args: note("args type"), timeout: float = 1.0, **kw: dict) -> note("return type"):
    local: note("never evaluated") = 1
    return local


print(Job.__annotations__)
print(Job.seconds, Job.retries)
print(run.__annotations__)
print(run(Job()))
print(order)


def plain(x):
    return x


print(plain.__annotations__)
total: int = 0
print(__annotations__)


class Empty:
    pass


print(Empty.__annotations__)
try:
    Empty[int]
except TypeError as error:
    print("TypeError:", error)


def broken(x: UndefinedAnnotationName):
    pass
