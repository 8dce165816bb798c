# Calibration: building strings with f-strings and join.
import time


def work(n):
    parts = []
    for i in range(n):
        parts.append(f"item {i}: {i * 3} of {n}")
    text = ", ".join(parts)
    return len(text)


start = time.perf_counter()
result = 0
for _ in range(4):
    result += work(100_000)
elapsed = time.perf_counter() - start
print("result", result)
print(f"elapsed {elapsed:.9f}")
