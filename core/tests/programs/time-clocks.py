# checks: perf_counter, monotonic, time.time differences around sleeps; thread_time barely moves while sleeping
import time

p0, m0, w0, t0 = time.perf_counter(), time.monotonic(), time.time(), time.thread_time()
time.sleep(0.2)
p1, m1, w1, t1 = time.perf_counter(), time.monotonic(), time.time(), time.thread_time()
print(f"perf_counter: {p1 - p0:.1f}s")
print(f"monotonic: {m1 - m0:.1f}s")
print(f"time.time: {w1 - w0:.1f}s")
print("thread_time is float:", isinstance(t1, float), "| sleeping used little CPU:", t1 - t0 < 0.1)
print("types:", type(time.perf_counter()).__name__, type(time.monotonic_ns()).__name__, type(time.time_ns()).__name__)
print("clocks move forward:", time.perf_counter() >= p1, time.monotonic() >= m1)
start = time.perf_counter()
for delay in (0.05, 0.1, 0.15):
    time.sleep(delay)
print(f"three sleeps: {time.perf_counter() - start:.1f}s")
time.sleep(0)
try:
    time.sleep(-1)
except ValueError as error:
    print("ValueError:", error)
try:
    time.sleep("1")
except TypeError as error:
    print("TypeError:", error)
