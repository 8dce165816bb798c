# checks: repr/str of lists, dicts, tuples (1-element, empty), sets, nested quotes, None, bool, range (bytes are outside the subset)

print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("back\\slash"), repr("new\nline"))
print(str("it's"), ["it's", 'say "hi"'], ("a",), (), (1, 2), [], {}, set(), frozenset())
print([1, [2, [3, []]]], {"k": [1, (2,)], 3: None}, {1: "a", "b": 2.5, (1, 2): True})
print({3}, {1, 2, 3}, sorted({"b", "a"}), frozenset([1]), {1: {2: {3: {}}}})
print(None, True, False, repr(None), [None, True], {"t": False})
print(range(5), range(1, 10, 2), list(range(0)), repr(range(-3, 3)), range(0, 10, 3)[-1], len(range(1, 10, 2)))
print("\u00e9\u4e2d")
print(repr("\t\r\x01\u00e9\U0001F600"), repr("\x7f"), [1.0, 0.1, -0.0, float("inf")])
print(type(None).__name__, type(True).__name__, type(range(1)).__name__, type({}).__name__, type(()).__name__)
d = {"z": 1, "a": 2}
d["m"] = 3
print(d, list(d), str(d.keys()), d.values(), d.items())
print(repr([1, "2", 3.0, None, True, (4,), {5}, {"6": [7]}]))
nested = [[]] * 3
nested[0].append("x")
print(nested)
loop = [1]
loop.append(loop)
print(loop)
print(len, print.__name__, repr(int), repr(str), repr(ValueError), type(print).__name__)
print(1 == 1.0, {1: "int", 1.0: "float"}, hash(1) == hash(1.0), {True: "t", 1: "one"})
