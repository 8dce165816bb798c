# checks: threading.Barrier(3): nobody passes until all arrive; wait() returns distinct indexes; action runs once
import threading
import time

arrivals = []
passed = []
barrier = threading.Barrier(3, action=lambda: print("all three arrived"))


def runner(name, delay):
    time.sleep(delay)
    arrivals.append(name)
    index = barrier.wait()
    passed.append(index)


threads = [threading.Thread(target=runner, args=(n, d)) for n, d in [("A", 0.2), ("B", 0.05), ("C", 0.12)]]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
print("arrival order:", arrivals)
print("indexes:", sorted(passed))
print(f"everyone passed after {time.perf_counter() - start:.1f}s")
print("parties:", barrier.parties, "waiting:", barrier.n_waiting, "broken:", barrier.broken)
b2 = threading.Barrier(2)
try:
    b2.wait(timeout=0.05)
except threading.BrokenBarrierError:
    print("BrokenBarrierError, broken:", b2.broken)
