import threading

total = 0
lock = threading.Lock()


def add(times):
    global total
    for _ in range(times):
        with lock:
            total += 1


threads = [threading.Thread(target=add, args=(2000,)) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("total:", total)
