# Calibration: the same loop inside a function (fast locals).
import time


def work(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


start = time.perf_counter()
result = work(3_000_000)
elapsed = time.perf_counter() - start
print("result", result)
print(f"elapsed {elapsed:.9f}")
