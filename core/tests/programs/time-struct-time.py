# checks: time.gmtime/localtime return struct_time: its repr, tm_* fields, indexing, slicing, unpacking, tuple equality; strftime takes it or a tuple, not a list
import time
t = time.gmtime(0)
print(t)
print(t.tm_year, t.tm_hour, t[0], t[:3], len(t), tuple(t) == t, t == (1970, 1, 1, 0, 0, 0, 3, 1, 0))
y, m, d, *_ = time.gmtime(86400 * 365)
print(y, m, d)
print(time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1_000_000_000)))
print(time.strftime("%Y", (2020, 1, 1, 0, 0, 0, 0, 1, 0)))
lt = time.localtime()
print(type(lt).__name__, lt.tm_isdst in (0, 1, -1))
try:
    time.strftime("%Y", [2020] * 9)
except TypeError as e:
    print("TypeError:", e)
print(time.sleep.__name__, type(time.thread_time()).__name__)
