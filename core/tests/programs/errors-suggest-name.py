# checks: A mistyped name: CPython 3.11's traceback adds "Did you mean" from the frame's local names first, then the module's, then the builtins.
import time


def average(durations):
    total = 0.0
    for seconds in durations:
        total += seconds
    return totl / len(durations)


print("timing", len([0.1, 0.2]), "jobs")
print(average([0.1, 0.2]))
