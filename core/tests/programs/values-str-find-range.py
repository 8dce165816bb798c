# checks: str.find, index and count with start and end, negative and past the end, as s[start:end] from s
s = "héllo world, hello"
for args in [("o",), ("o", 5), ("o", -3), ("o", 5, 8), ("", 30), ("", 18), ("", 5, 2), ("l", 2, 4), ("x",), ("o", None, 5), ("o", 100)]:
    print(args, s.find(*args), s.count(*args))
try:
    s.index("z", 2)
except ValueError as e:
    print(e)
