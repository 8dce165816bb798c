# checks: str.format field names ({0[1]}, {p.x}, {p.items[1]}, {1[key]}), nested fields in the
# spec ({:>{w}}, {:.{prec}f}, {:{}}), !r !s !a, format_map, and CPython's errors for mixing
# automatic and manual numbering and for malformed fields, in CPython's order


class Point:
    def __init__(self):
        self.x = 3
        self.items = [10, 20]


p = Point()
print("{0[1]} {1[x]} {0[0]}".format([5, 6], {"x": 7}))
print("{p.x} {p.items[1]} {0.x}".format(p, p=p))
print("{:>{w}}|{:{}}|{:.{prec}f}|".format("ab", 3, 5, 2.5, w=6, prec=3))
print("{0!r:>6}|{0!s}|{1!a}".format("q", "café"))
print("{{}} {} {}".format(1, 2), "{a}-{b[0]}".format_map({"a": 1, "b": [9]}))
for bad in ["{} {1}", "{0} {}", "{", "}", "x}y", "{0!x}", "{0[}", "{0.}", "{a}", "{9}",
            "{0!}", "{!r", "{0]}", "{0[0]x}", "{0!rx}", "{0[]}", "{:{:{}}}", "{0{}}"]:
    try:
        print(repr(bad.format(1, 2)))
    except (ValueError, IndexError, KeyError, TypeError) as e:
        print(repr(bad), type(e).__name__, e)
for bad in ["{0}", "{z}"]:
    try:
        bad.format_map({})
    except (ValueError, KeyError) as e:
        print(repr(bad), type(e).__name__, e)
s = "abcabc"
print(s.rfind("b"), s.rfind("b", 0, 3), s.rindex("c"), s.rfind("z"), s.rfind("", 2))
try:
    s.rindex("z")
except ValueError as e:
    print("ValueError:", e)
