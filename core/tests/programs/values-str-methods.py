# checks: str methods: upper/lower/split/join/strip/replace/startswith/find/format/count/etc.

s = "  Hello, World  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr("xxhixx".strip("x")))
t = s.strip()
print(t.upper(), t.lower(), t.swapcase(), t.title(), "hello world".capitalize())
print(t.split(), t.split(","), "a,b,,c".split(","), "a b  c".split(" "), "a-b-c".split("-", 1))
print("one\ntwo\r\nthree".splitlines(), "a,b,c".rsplit(",", 1), "".split(), "".split(","))
print("-".join(["x", "y", "z"]), "".join(reversed("abc")), ", ".join(str(n) for n in range(3)))
print(t.replace("l", "L"), t.replace("l", "L", 1), "aaa".replace("a", "b", 2))
print(t.startswith("Hell"), t.endswith("!"), t.startswith(("x", "H")), "abc".endswith(("c",)))
print(t.find("o"), t.rfind("o"), t.find("zz"), t.index("W"), t.count("l"), "abab".count("ab"))
try:
    t.index("zz")
except ValueError as error:
    print("ValueError:", error)
print("{} and {}".format("a", "b"), "{1}{0}".format("x", "y"), "{name}!".format(name="Ada"))
print("{:>5}|{:<5}|{:^5}|".format("a", "b", "c"), "{:05.1f}".format(3.14159))
print("abc".center(9, "*"), "abc".ljust(6, ".") + "|", "abc".rjust(6) + "|", "42".zfill(5), "-42".zfill(5))
print("abc123".isalnum(), "abc".isalpha(), "123".isdigit(), "  ".isspace(), "Ab".islower(), "AB".isupper())
print("a" in "cat", "dog" not in "cat", "ab" * 3, len("héllo"), "abc" < "abd", "Z" < "a")
print("hello"[1], "hello"[-1], "hello"[1:3], "%s is %d years, %.2f%%" % ("Ann", 30, 12.345))
print("a\tb".expandtabs(4), repr("tab\there"), "path/to/file.txt".partition("/"), "k=v=w".rpartition("="))
print("Straße".casefold(), "ß".upper(), "ǅ".lower(), "i".upper())
print("prefix_name".removeprefix("prefix_"), "file.py".removesuffix(".py"), "x".removeprefix("y"))
