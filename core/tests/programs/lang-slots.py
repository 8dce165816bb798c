# checks: __slots__ limits an instance's attributes (CPython's 'has no attribute' and 'is read-only'
# messages), inherited through subclasses that declare __slots__ too, not through one that does
# not, nor with '__dict__' in the slots, nor under a built-in exception base
class P:
    __slots__ = ("x", "y")
    kind = "point"
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = P(1, 2)
p.x = 5
print(p.x, p.y)
for name in ["z", "kind"]:
    try:
        setattr(p, name, 3)
    except AttributeError as e:
        print("AttributeError:", e)
class Q(P):
    __slots__ = "z"
q = Q(1, 2)
q.z = 3
print(q.z)
try:
    q.w = 1
except AttributeError as e:
    print("AttributeError:", e)
class R(P):
    pass
r = R(1, 2)
r.w = 4
print(r.w)
class S:
    __slots__ = ["a", "__dict__"]
s = S()
s.b = 1
print(s.b)
class E(Exception):
    __slots__ = ()
e = E()
e.note = 1
print(e.note)
t = P(0, 0)
try:
    print(t.__dict__)
except AttributeError as e:
    print("AttributeError:", e)
