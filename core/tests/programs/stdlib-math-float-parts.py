# checks: math.modf, frexp (zero, subnormal, infinities, nan), ldexp (subnormal results, the
# OverflowError 'math range error', a float exponent's TypeError), exp2
import math
for x in [2.5, -2.5, 3.0, -0.0, 1e300, float("inf"), float("-inf"), 0.1]:
    print(math.modf(x), math.frexp(x))
print(math.frexp(5e-324), math.frexp(-7), math.ldexp(0.75, 4), math.ldexp(1.0, -1074), math.ldexp(1.0, -1080), math.ldexp(3, 2))
print(math.exp2(10), math.exp2(0.5), math.exp2(-3))
for f in [lambda: math.ldexp(1.0, 1024), lambda: math.exp2(2000), lambda: math.ldexp(1.0, 1.5)]:
    try:
        print(f())
    except (OverflowError, TypeError) as e:
        print(type(e).__name__, e)
print(math.frexp(float("nan")), math.modf(float("nan")))
