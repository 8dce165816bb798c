# Interleave's bundled `sys`: the native parts (`_sys`) plus the structured values that
# programs print or compare, such as `sys.version_info >= (3, 11)`.
from _sys import getswitchinterval, setswitchinterval, getrecursionlimit, setrecursionlimit
from _sys import exit, excepthook, exc_info, stdout, stderr, __stdout__, __stderr__
from _sys import maxsize, platform, argv, version


class _VersionInfo:
    def __init__(self):
        self._t = (3, 11, 7, "final", 0)
        self.major = 3
        self.minor = 11
        self.micro = 7
        self.releaselevel = "final"
        self.serial = 0

    def __getitem__(self, index):
        return self._t[index]

    def __len__(self):
        return 5

    def __iter__(self):
        return iter(self._t)

    def __eq__(self, other):
        return self._t == tuple(other)

    def __lt__(self, other):
        return self._t < tuple(other)

    def __le__(self, other):
        return self._t <= tuple(other)

    def __gt__(self, other):
        return self._t > tuple(other)

    def __ge__(self, other):
        return self._t >= tuple(other)

    def __repr__(self):
        return "sys.version_info(major=3, minor=11, micro=7, releaselevel='final', serial=0)"


version_info = _VersionInfo()
byteorder = "little"
hexversion = 0x30B07F0


def get_int_max_str_digits():
    return 4300


class _FloatInfo:
    max = 1.7976931348623157e308
    max_exp = 1024
    min = 2.2250738585072014e-308
    min_exp = -1021
    dig = 15
    mant_dig = 53
    epsilon = 2.220446049250313e-16
    radix = 2


float_info = _FloatInfo()
modules = {}
