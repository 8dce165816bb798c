# checks: a class's own __new__ runs before __init__, as type.__call__ runs them
import threading
import time


class Config:
    """A thread-safe singleton: every thread gets the one instance."""

    _instance = None
    _lock = threading.Lock()

    def __new__(cls, *args, **kwargs):
        with cls._lock:
            if cls._instance is None:
                time.sleep(0.01)  # another thread arrives while this one builds it
                cls._instance = super().__new__(cls)
                cls._instance.created_by = threading.current_thread().name
        return cls._instance

    def __init__(self, source):
        self.source = source


seen = []


def worker(n):
    seen.append(Config(f"worker {n}"))


threads = [threading.Thread(target=worker, args=(n,), name=f"T{n}") for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(seen), all(c is seen[0] for c in seen), seen[0].created_by)


class Celsius:
    def __new__(cls, degrees):
        if degrees < -273.15:
            return None  # not an instance: __init__ is not called
        return object.__new__(cls)

    def __init__(self, degrees):
        print("init", degrees)
        self.degrees = degrees


print(Celsius(20).degrees, Celsius(-300))


class Tagged(Celsius):
    pass


print(type(Tagged(5)).__name__)


class Other:
    def __new__(cls):
        return 42


print(Other())


class Strict:
    def __new__(cls, x):
        return super().__new__(cls, x)


try:
    Strict(1)
except TypeError as e:
    print("TypeError:", e)


class NoInit:
    pass


try:
    object.__new__(NoInit, 1)
except TypeError as e:
    print("TypeError:", e)


class Counted:
    count = 0

    def __new__(cls, *args, **kwargs):
        cls.count += 1
        return super().__new__(cls)

    def __init__(self, a, b=2):
        self.total = a + b


print(Counted(1).total, Counted(1, b=5).total, Counted.count)
print(Counted.__new__(Counted).__class__.__name__)
