# How many rounds the lessons' CPU loop makes in 0.1 s of this thread's CPU time
# (cli/tests/differential.rs compares the model's count with CPython's).
import time


def crunch(seconds):
    rounds = 0
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        rounds += 1
    return rounds


print(crunch(0.1))
