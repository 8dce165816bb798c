# checks: default names "Thread-N (target)", current_thread/main_thread, ident/native_id/get_ident, active_count, enumerate
import threading
import time

seen = {}
ready = threading.Event()
release = threading.Event()


def worker(key):
    me = threading.current_thread()
    seen[key] = (me.name, me.ident, me.native_id, threading.get_ident(), threading.get_native_id())
    ready.set()
    release.wait()


def other():
    release.wait()


print(threading.current_thread().name, threading.main_thread().name)
print(threading.current_thread() is threading.main_thread())
print("active before:", threading.active_count())
t1 = threading.Thread(target=worker, args=("t1",))
t2 = threading.Thread(target=other)
t3 = threading.Thread(target=lambda: release.wait())
t4 = threading.Thread(target=worker, args=("t4",), name="custom")
t5 = threading.Thread()
print([t.name for t in (t1, t2, t3, t4, t5)])
t1.start()
ready.wait()
ready.clear()
t4.start()
ready.wait()
t2.start()
t3.start()
print("active during:", threading.active_count())
print(sorted(t.name for t in threading.enumerate()))
name, ident, native, get_ident, get_native = seen["t1"]
print("worker saw its own name:", name)
print("ident matches get_ident():", ident == get_ident == t1.ident)
print("native_id matches:", native == get_native == t1.native_id)
print("differs from main:", ident != threading.get_ident(), native != threading.get_native_id())
print("differs between threads:", seen["t1"][1] != seen["t4"][1])
print("main ident is int:", isinstance(threading.main_thread().ident, int))
release.set()
for t in (t1, t2, t3, t4):
    t.join()
print("active after:", threading.active_count())
print(threading.enumerate() == [threading.main_thread()])
t = threading.Thread(target=time.sleep, args=(0,))
print(t.name)
