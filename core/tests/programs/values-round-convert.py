# checks: round() incl. banker's rounding and float representation, int/float/str/bool conversions

print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(-0.5))
print(round(0.125, 2), round(0.375, 2), round(2.675, 2), round(1.005, 2))
print(round(3.14159, 3), round(1234.5678, -2), round(1250, -2), round(1350, -2), round(7))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(2.5, 0), round(-0.4))
print(int(3.99), int(-3.99), int("42"), int("-0017"), int("  8 "), int("1_000"), int("z", 36))
print(float(3), float("3"), float("-inf"), str(3.0), str(30), repr("3"))
print(int(True), float(False), bool(0), bool(0.0), bool(""), bool("0"), bool([]), bool([0]), bool(None))
print(str(None), str(True), str([1, "a"]), list("abc"), tuple([1, 2]), set("aab") == {"a", "b"})
print(chr(65), ord("a"), chr(0x263A), ord("€"), ascii("é"))
print(int(2.5e3), int(1e20), float(10 ** 20), 10 ** 20 == 1e20)
for bad in ("3.5", "", "1e3", "abc"):
    try:
        int(bad)
    except ValueError as error:
        print("ValueError:", error)
try:
    float("x1")
except ValueError as error:
    print("ValueError:", error)
try:
    int(float("inf"))
except OverflowError as error:
    print("OverflowError:", error)
try:
    int(None)
except TypeError as error:
    print("TypeError:", error)
