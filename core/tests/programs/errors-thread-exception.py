# checks: an exception in a thread goes to threading.excepthook (stderr); main continues and prints more
import threading
import time


def worker(n):
    time.sleep(0.05)
    raise ValueError(f"worker {n} failed")


def good():
    time.sleep(0.15)
    print("good thread finished")


bad = threading.Thread(target=worker, args=(1,), name="bad")
ok = threading.Thread(target=good, name="ok")
bad.start()
ok.start()
bad.join()
print("bad joined; alive:", bad.is_alive())
ok.join()
print("main still running")

caught = []
threading.excepthook = lambda args: caught.append(
    (args.exc_type.__name__, str(args.exc_value), args.thread.name))
t = threading.Thread(target=worker, args=(2,), name="hooked")
t.start()
t.join()
print("custom hook saw:", caught)
print("main ends")
