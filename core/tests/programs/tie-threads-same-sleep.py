# checks: two threads sleeping the same 0.1 s then printing: either order is correct CPython output
# interleave: ties
import threading
import time


def worker(name):
    time.sleep(0.1)
    # One write per line: print(x) writes x and "\n" separately, so two threads
    # printing at once can produce "left wokeright woke" and an empty line.
    print(f"{name} woke\n", end="")


threads = [threading.Thread(target=worker, args=(name,)) for name in ("left", "right")]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("both joined")
