# checks: random's continuous distributions on a seeded generator: the same numbers as CPython (tutorials simulate network latency with expovariate or gauss).
import random

random.seed(7)
print([round(random.expovariate(10), 6) for _ in range(4)])
print([round(random.triangular(0.05, 0.5), 6) for _ in range(3)])
print([round(random.triangular(0.0, 1.0, 0.9), 6) for _ in range(3)])
print([round(random.normalvariate(0.2, 0.05), 6) for _ in range(3)])
print([round(random.lognormvariate(0, 0.5), 6) for _ in range(3)])
print(round(random.gauss(1.0, 0.1), 6))
rng = random.Random(42)
print(round(rng.expovariate(2.0), 6), round(rng.uniform(1, 2), 6), rng.randint(1, 6))
