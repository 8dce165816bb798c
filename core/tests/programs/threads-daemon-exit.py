# checks: at exit Python waits for non-daemon threads but kills daemon threads mid-sleep (their prints never appear)
import threading
import time


def work(name, seconds):
    time.sleep(seconds)
    print(name, "finished")


def forever():
    try:
        while True:
            time.sleep(0.05)
    finally:
        print("daemon finally block (never printed)")


threading.Thread(target=work, args=("normal", 0.2)).start()
threading.Thread(target=work, args=("daemon", 1.0), daemon=True).start()
threading.Thread(target=forever, daemon=True).start()
print("main reaches the end")
