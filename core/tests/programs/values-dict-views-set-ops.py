# checks: a dict's keys and items views compare with sets and views by containment
# (d.items() == {("a", 1), ...}, <=, <, >=, unhashable values in items views), & | - ^ with
# any iterable giving a set, isdisjoint, (k, v) in d.items(); s |= t and d |= e change the
# object in place, so another name for it sees the change
d = {"a": 1, "b": 2, 3: 4}
print(d.keys() == {"a", "b", 3}, d.items() == {("a", 1), ("b", 2), (3, 4)}, d.keys() != {"a"})
print(d.keys() <= {"a", "b", 3, "c"}, d.keys() < {"a", "b", 3}, d.keys() >= {"a"}, d.keys() > {"a"})
print(sorted(d.keys() & {"a", "z"}, key=str), sorted(d.keys() | ["z"], key=str))
print(sorted(d.keys() - {"a"}, key=str), sorted(d.keys() ^ ("a", "q"), key=str))
print(sorted({"a", "q"} - d.keys()), sorted(["b", "x"] & d.keys()), {3, 7} & d.keys())
print(sorted(d.items() & {("a", 1), ("a", 2)}), d.items() - {("a", 1), ("b", 2)})
print(d.keys().isdisjoint({"x"}), d.items().isdisjoint([("a", 1)]), d.keys().isdisjoint([]))
print(("a", 1) in d.items(), ("a", 2) in d.items(), 2 in d.values(), d.keys() == ["a", "b", 3])
e = {"a": [1], "b": [2]}
f = {"b": [2], "a": [1]}
print(e.items() == f.items(), e.items() <= f.items(), e.keys() == f.keys())
x = {1, 2}
y = x
x |= {3}
x -= {1}
x ^= {7}
x &= {2, 3, 7, 9}
print(y, y is x)
g = {"a": 1}
h = g
g |= {"b": 2}
print(h, h is g)
fs = frozenset({1, 2})
alias = fs
fs |= {3}
print(sorted(fs), sorted(alias), fs is alias)
