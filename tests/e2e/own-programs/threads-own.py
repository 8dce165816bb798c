import threading
import time


def worker(name, seconds):
    time.sleep(seconds)
    print(f"{name} woke after {seconds}s")


threads = [threading.Thread(target=worker, args=(name, s)) for name, s in [("p", 0.05), ("q", 0.02)]]
for t in threads:
    t.start()
print("alive:", [t.is_alive() for t in threads])
for t in threads:
    t.join()
print("alive:", [t.is_alive() for t in threads])
