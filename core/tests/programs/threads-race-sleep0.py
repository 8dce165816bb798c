# checks: read / time.sleep(0) / write in 4 threads x 100 loses updates; only `count < 400` is stable
import threading
import time

count = 0


def add(times):
    global count
    for _ in range(times):
        value = count
        time.sleep(0)
        count = value + 1


threads = [threading.Thread(target=add, args=(100,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("lost updates:", count < 400)
print("at least one thread's worth:", count >= 100)
