# checks: contextlib.contextmanager around a lock and a timer shared by threads; exceptions thrown into the generator (handled, re-raised, converted), StopIteration not swallowed, "generator didn't yield/stop" RuntimeErrors; used as a decorator; suppress, nullcontext, closing
import threading
import time
from contextlib import closing, contextmanager, nullcontext, suppress

events = []
events_lock = threading.Lock()


@contextmanager
def holding(lock, who):
    lock.acquire()
    with events_lock:
        events.append(f"{who} in")
    try:
        yield who.upper()
    finally:
        with events_lock:
            events.append(f"{who} out")
        lock.release()


resource = threading.Lock()


def worker(name, delay):
    time.sleep(delay)
    with holding(resource, name) as token:
        with events_lock:
            events.append(f"{token} working")
        time.sleep(0.05)


threads = [threading.Thread(target=worker, args=(n, d)) for n, d in [("a", 0.0), ("b", 0.02), ("c", 0.07)]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(events)


@contextmanager
def section(name):
    print(f"enter {name}")
    try:
        yield name
    except KeyError as e:
        print(f"{name} handled {e!r}")
    else:
        print(f"{name} finished cleanly")
    finally:
        print(f"exit {name}")


with section("clean") as s:
    print("body of", s)
with section("handled"):
    raise KeyError("missing")
print("continues after handled")
try:
    with section("propagates"):
        raise ValueError("not handled")
except ValueError as e:
    print("caught outside:", e)


@contextmanager
def converting():
    try:
        yield
    except ZeroDivisionError as e:
        raise ArithmeticError("bad maths") from e


try:
    with converting():
        1 / 0
except ArithmeticError as e:
    print("converted:", e, "| cause:", repr(e.__cause__))


@contextmanager
def passthrough():
    yield


try:
    with passthrough():
        raise StopIteration("kept")
except StopIteration as e:
    print("StopIteration propagates:", e)


@contextmanager
def never_yields():
    if False:
        yield


@contextmanager
def yields_twice():
    yield 1
    yield 2


@contextmanager
def yields_again_on_error():
    try:
        yield
    except ValueError:
        yield


for cm, body_raises in [(never_yields, False), (yields_twice, False), (yields_again_on_error, True)]:
    try:
        with cm():
            if body_raises:
                raise ValueError("boom")
    except RuntimeError as e:
        print(f"{cm.__name__}: RuntimeError: {e}")


@contextmanager
def timed(label):
    start = time.perf_counter()
    yield
    print(f"{label} took {time.perf_counter() - start:.1f}s")


@timed("decorated call")
def slow(n):
    time.sleep(n)
    return n


print(slow(0.12), slow(0.32))

with suppress(KeyError, IndexError):
    {}["nope"]
print("KeyError suppressed")
with suppress(ZeroDivisionError):
    print("before")
    1 / 0
    print("never printed")
try:
    with suppress(KeyError):
        [][1]
except IndexError as e:
    print("IndexError not suppressed:", e)


def maybe_locked(lock):
    return lock if lock is not None else nullcontext()


for lock in (threading.Lock(), None):
    with maybe_locked(lock) as held:
        print("holding", type(held).__name__ if lock is None else lock.locked())
with nullcontext("value") as v:
    print("nullcontext gives", v)


class Connection:
    def __init__(self, name):
        self.name = name
        self.open = True

    def close(self):
        self.open = False
        print("closed", self.name)


with closing(Connection("db")) as conn:
    print("using", conn.name, conn.open)
print("after", conn.open)
