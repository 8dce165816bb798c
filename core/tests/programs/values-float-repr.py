# checks: float repr (shortest round-trip), specials, scientific notation thresholds, float ops
import math

values = [0.1 + 0.2, 1e16, 1e15, 1 / 3, 2 / 3, 2.5, -0.0, 0.0, 1e-5, 1e-4, 0.0001234,
          float("inf"), float("-inf"), 1.0, 100.0, 123456789.0, 1e22, 1.5e300 * 1e10,
          3.141592653589793, 2 ** 0.5, 0.1 * 3, 1.1 * 1.1, 1e100, 5e-324, 1.7976931348623157e308]
for v in values:
    print(repr(v), str(v))
nan = float("nan")
print(nan, nan == nan, math.isnan(nan), math.isinf(float("-inf")))
print(-0.0 == 0.0, math.copysign(1, -0.0), 1 / float("inf"))
print(0.1 + 0.2 == 0.3, math.isclose(0.1 + 0.2, 0.3), round(0.1 + 0.2, 10) == 0.3)
print(7 / 2, 8 / 2, -7 / 2, 7 // 2.0, 7 % 2.5, -7.5 // 2, -7.5 % 2, 2 ** -1, 10 ** -2)
print(float("1e3"), float(" 2.5 "), float("-1_000.5"), 3 * 1.0, 0.5 + 1)
print(divmod(7.5, 2), (0.1).as_integer_ratio(), (2.5).is_integer(), (3.0).is_integer())
print(math.sqrt(2), math.pi, math.e, math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.7))
print(sum([0.1] * 10), math.fsum([0.1] * 10), max(1, 2.0), min(-0.0, 0.0))
print(str(1e16), str(1.5e-7), f"{1e16}", f"{0.1 + 0.2}")
try:
    1.0 / 0
except ZeroDivisionError as error:
    print("ZeroDivisionError:", error)
try:
    math.sqrt(-1)
except ValueError as error:
    print("ValueError:", error)
try:
    math.exp(1000)
except OverflowError as error:
    print("OverflowError:", error)
