# checks: exact messages and reprs of common built-in exceptions, caught and printed


def show(action):
    try:
        action()
    except Exception as error:
        print(type(error).__name__, "|", error, "|", repr(error))


def one(x):
    return x


def two(a, b):
    return a + b


class Box:
    def __init__(self):
        self.content = 1


show(lambda: undefined_name)
show(lambda: 1 + "a")
show(lambda: "a" + 1)
show(lambda: "a" * "b")
show(lambda: len(5))
nothing = None
show(lambda: nothing())
show(lambda: one(1, 2))
show(lambda: one())
show(lambda: two(1))
show(lambda: two())
show(lambda: one(1, y=2))
show(lambda: int("x"))
show(lambda: int("12.5"))
show(lambda: float("abc"))
show(lambda: {"a": 1}["b"])
show(lambda: {}[("t", 1)])
show(lambda: {}[0])
show(lambda: [1, 2, 3][5])
show(lambda: (1,)[2])
show(lambda: "abc"[10])
show(lambda: 1 / 0)
show(lambda: 1 // 0)
show(lambda: 1 % 0)
show(lambda: 1.5 / 0)
show(lambda: (5).foo)
show(lambda: "s".nope)
show(lambda: Box().missing)
show(lambda: None.attr)
show(lambda: [].push(1))
show(lambda: [1, 2].index(3))
show(lambda: next(iter([])))
show(lambda: hash([]))
show(lambda: {[]: 1})
show(lambda: sorted([1, "a"]))
show(lambda: "{} {}".format(1))
show(lambda: [].pop())
show(lambda: {1}.remove(2))
show(lambda: (_ for _ in ()).throw(RuntimeError("thrown")))
