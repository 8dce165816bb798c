# Calibration: a loop calling a small function.
import time


def square(x):
    return x * x


def work(n):
    total = 0
    for i in range(n):
        total += square(i)
    return total


start = time.perf_counter()
result = work(1_500_000)
elapsed = time.perf_counter() - start
print("result", result)
print(f"elapsed {elapsed:.9f}")
