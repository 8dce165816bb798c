# checks: f-string format specs: .2f !r >8 <6 ^10 , 08.3f % x o b e nested fields, = specifier

pi = 3.14159265
name = "Ada"
n = 1234567
print(f"{pi:.2f}|{pi:.0f}|{pi:10.3f}|{pi:<10.1f}|{pi:+.2f}|{-pi:.2f}")
print(f"{name!r}|{name!s}|{name!a}|{'é'!a}|{name:>8}|{name:<6}|{name:^10}|")
print(f"{name:*^10}|{name:->8}|{name:_<6}|{7:>4}|{7:<4}|{7:^5}|")
print(f"{n:,}|{n:_}|{1234.5678:,.2f}|{-n:,}|{0.5:%}|{0.256:.1%}|{1:.0%}")
print(f"{pi:08.3f}|{-pi:08.3f}|{42:05d}|{42:+05d}|{-42:5d}|{42:x}|{255:X}|{255:#x}|{8:o}|{5:b}|{5:08b}")
print(f"{12345.678:e}|{12345.678:.2e}|{0.00012:g}|{1e20:g}|{123456789.0:g}|{2.5:g}|{100:g}")
width, precision = 12, 3
print(f"[{pi:{width}.{precision}f}]|[{name:>{width}}]|[{n:{'>' if n else '<'}{width},}]")
print(f"{name=}|{pi=:.1f}|{1 + 1=}")
items = {"a": 1}
print(f"{items['a']}|{[1, 2][1]}|{'nested ' + 'expr'}|{len(name)}|{name.upper()}|{{braces}}")
print(f"{3.0}|{1e16}|{0.1 + 0.2}|{True}|{None}|{[1, 'a']}|{(1,)}|{2.50:.1f}|{2.25:.1f}|{2.35:.1f}")
print(f"{'x':3}|{3:3}|{3.5:6}|{True:>6}|{True:d}")
print(f"{1.0:.3}|{1234.5:.3}|{0.000123456:.2}|{10:.2f}|{-0.0:.1f}|{float('inf'):.2f}|{float('nan'):>5}")
print("{:,.3f}|{:>+9.2f}|{:#o}|{:#b}".format(9876543.21, 2.5, 8, 5))
print(format(0.5, ".0f"), format(1.5, ".0f"), format(2.5, ".0f"), format(0.125, ".2f"), format(0.375, ".2f"))
