# Interleave's bundled `time`: the clocks, `sleep` and `strftime` are native (`_time`);
# this adds `struct_time`, the value `localtime()` and `gmtime()` return, with its
# `tm_*` fields and CPython's repr. (In CPython it is a tuple subclass; here it is a
# sequence that compares equal to the tuple of its nine fields.)
from _time import sleep, monotonic, perf_counter, time, thread_time, process_time
from _time import monotonic_ns, perf_counter_ns, time_ns, strftime
from _time import localtime as _localtime, gmtime as _gmtime

_FIELDS = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec",
           "tm_wday", "tm_yday", "tm_isdst")


class struct_time:
    n_sequence_fields = 9
    n_unnamed_fields = 0

    def __init__(self, fields):
        fields = tuple(fields)
        if len(fields) != 9:
            raise TypeError(f"time.struct_time() takes a 9-sequence ({len(fields)}-sequence given)")
        self._t = fields
        (self.tm_year, self.tm_mon, self.tm_mday, self.tm_hour, self.tm_min,
         self.tm_sec, self.tm_wday, self.tm_yday, self.tm_isdst) = fields

    def __getitem__(self, index):
        return self._t[index]

    def __len__(self):
        return 9

    def __iter__(self):
        return iter(self._t)

    def __hash__(self):
        return hash(self._t)

    def __eq__(self, other):
        if isinstance(other, struct_time):
            return self._t == other._t
        return self._t == other

    def __lt__(self, other):
        return self._t < tuple(other)

    def __le__(self, other):
        return self._t <= tuple(other)

    def __gt__(self, other):
        return self._t > tuple(other)

    def __ge__(self, other):
        return self._t >= tuple(other)

    def __repr__(self):
        parts = ", ".join(f"{name}={value!r}" for name, value in zip(_FIELDS, self._t))
        return f"time.struct_time({parts})"


def localtime(secs=None):
    return struct_time(_localtime(secs))


def gmtime(secs=None):
    return struct_time(_gmtime(secs))
