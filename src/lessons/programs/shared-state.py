import threading
import time

THREADS = $threads
ROUNDS = $rounds

counter = 0
lock = threading.Lock()


def add(rounds):
    global counter
    for _ in range(rounds):
#if update == "plain"
        counter += 1  # read, add and write, with no switch point between them
#elif update == "lock"
        with lock:  # one thread at a time between read and write
            seen = counter
            time.sleep(0)
            counter = seen + 1
#else
        seen = counter
        time.sleep(0)  # gives the GIL away between the read and the write
        counter = seen + 1
#end


threads = [threading.Thread(target=add, args=(ROUNDS,)) for _ in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
# When updates are lost, the exact total differs from run to run in CPython, so the
# program says only whether they were.
print(f"{THREADS} threads added 1 {ROUNDS} times each: expected {THREADS * ROUNDS}")
print("some updates were lost" if counter < THREADS * ROUNDS else "no update was lost")
