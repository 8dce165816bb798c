# checks: dataclasses error messages as CPython 3.11 words them: the generated __init__'s TypeErrors, mutable defaults, field order, order without eq, replace/fields/asdict misuse, inheriting frozen
from dataclasses import dataclass, field, fields, asdict, replace


@dataclass
class Job:
    name: str
    seconds: float = 0.2
    retries: int = field(default=0, init=False)


def attempt(label, f):
    try:
        print(label, "->", f())
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


attempt("missing", lambda: Job())
attempt("too many", lambda: Job("a", 1, 2))
attempt("unknown keyword", lambda: Job("a", colour="red"))
attempt("twice", lambda: Job("a", name="b"))
attempt("init=False field", lambda: Job("a", retries=3))
attempt("ok", lambda: Job(name="a", seconds=1))


@dataclass
class Three:
    a: int
    b: int
    c: int


attempt("missing two", lambda: Three(1))
attempt("missing three", lambda: Three())


def mutable_default():
    @dataclass
    class Bad:
        items: list = []


def order_of_defaults():
    @dataclass
    class Bad:
        a: int = 1
        b: int


def order_without_eq():
    @dataclass(order=True, eq=False)
    class Bad:
        a: int


def both_defaults():
    return field(default=1, default_factory=list)


@dataclass(frozen=True)
class Frozen:
    a: int


def thaw():
    @dataclass
    class Thawed(Frozen):
        b: int = 0


attempt("mutable default", mutable_default)
attempt("field order", order_of_defaults)
attempt("order without eq", order_without_eq)
attempt("both defaults", both_defaults)
attempt("inherit frozen", thaw)
attempt("replace init=False", lambda: replace(Job("a"), retries=1))
attempt("replace unknown", lambda: replace(Job("a"), colour="red"))
attempt("fields of int", lambda: fields(3))
attempt("asdict of class", lambda: asdict(Job))
attempt("compare", lambda: Job("a") < Job("b"))
