# Calibration: a loop at module level (every name is a global).
import time

start = time.perf_counter()
total = 0
for i in range(2_000_000):
    total += i * i
elapsed = time.perf_counter() - start
print("result", total)
print(f"elapsed {elapsed:.9f}")
