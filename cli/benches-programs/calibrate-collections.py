# Calibration: building lists and dicts (append, comprehensions, item assignment).
import time


def work(n):
    evens = []
    for i in range(n):
        if i % 2 == 0:
            evens.append(i)
    squares = [x * x for x in evens]
    index = {}
    for position, value in enumerate(squares):
        index[value % 1000] = position
    counts = {key: len(str(key)) for key in index}
    return len(evens) + len(squares) + len(index) + sum(counts.values())


start = time.perf_counter()
result = 0
for _ in range(5):
    result += work(200_000)
elapsed = time.perf_counter() - start
print("result", result)
print(f"elapsed {elapsed:.9f}")
