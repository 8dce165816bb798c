# checks: A mistyped attribute of an object made by the program, raised inside a thread's target would print through threading.excepthook; here it ends the main thread.
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self.lock = threading.Lock()

    def increment(self):
        with self.lock:
            self.value += 1


counter = Counter()
for _ in range(3):
    counter.increment()
print(counter.value)
print(counter.valeu)
