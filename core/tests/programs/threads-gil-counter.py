# checks: under CPython 3.11's GIL, `count += 1` in 4 threads x 200_000 loses no updates (switches only at calls/backward jumps)
import threading

count = 0


def work():
    global count
    for _ in range(200_000):
        count += 1


threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(count)
