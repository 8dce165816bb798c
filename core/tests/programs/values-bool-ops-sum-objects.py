# checks: & | ^ of two bools give a bool (with an int, an int); sum() adds objects
# through __radd__ and __add__; sys.exit's code and what it prints on stderr
import sys

print(True & False, True | False, True ^ True, True & 1, 3 | True)
all_ok = True
for passed in [True, True, False]:
    all_ok &= passed
print(all_ok)


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + other.cents)

    def __radd__(self, other):
        return Money(self.cents + other)

    def __repr__(self):
        return f"Money({self.cents})"


print(sum([Money(150), Money(275)]), sum([Money(1)], 10))
for code in [None, 3, "bye"]:
    try:
        sys.exit(code)
    except SystemExit as e:
        print(repr(e.code))
sys.exit("stopping: nothing left to do")
