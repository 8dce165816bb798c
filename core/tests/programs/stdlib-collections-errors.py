# checks: collections error messages as CPython 3.11 words them: namedtuple's __new__ arguments and field names, _make/_replace, Counter/OrderedDict/ChainMap/defaultdict errors
from collections import namedtuple, Counter, OrderedDict, ChainMap, defaultdict

Task = namedtuple("Task", "name priority retries", defaults=[0])


def attempt(label, f):
    try:
        print(label, "->", f())
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


attempt("no args", lambda: Task())
attempt("one arg", lambda: Task("a"))
attempt("too many", lambda: Task("a", 1, 2, 3))
attempt("unknown keyword", lambda: Task("a", 1, colour="red"))
attempt("twice", lambda: Task("a", 1, name="b"))
attempt("_make short", lambda: Task._make(["a"]))
attempt("_replace unknown", lambda: Task("a", 1)._replace(owner="me"))
attempt("index", lambda: Task("a", 1)[3])
attempt("setattr", lambda: setattr(Task("a", 1), "name", "b"))
attempt("bad name", lambda: namedtuple("Bad", "ok 2nd"))
attempt("keyword", lambda: namedtuple("Bad", "from to"))
attempt("underscore", lambda: namedtuple("Bad", "_private"))
attempt("duplicate", lambda: namedtuple("Bad", "a b a"))
attempt("too many defaults", lambda: namedtuple("Bad", "a", defaults=[1, 2]))
attempt("rename", lambda: namedtuple("Ok", "a def a", rename=True)._fields)
attempt("counter + int", lambda: Counter("ab") + 1)
attempt("counter fromkeys", lambda: Counter.fromkeys("ab"))
attempt("counter missing", lambda: Counter("ab")["z"])
attempt("od popitem", lambda: OrderedDict().popitem())
attempt("od missing", lambda: OrderedDict(a=1)["b"])
attempt("od pairs", lambda: OrderedDict([(1, 2, 3)]))
attempt("dd factory", lambda: defaultdict([]))
attempt("dd popitem", lambda: defaultdict(list).popitem())
attempt("dict pairs", lambda: defaultdict(list, [1]))
attempt("dd | int", lambda: defaultdict(list) | 1)
attempt("chainmap del", lambda: ChainMap({}, {"a": 1}).pop("a"))
attempt("chainmap popitem", lambda: ChainMap().popitem())
attempt("chainmap missing", lambda: ChainMap({"a": 1})["b"])
