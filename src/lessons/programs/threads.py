import threading
import time

WORK = $durations


#if work == "io"
def worker(name, seconds):
    time.sleep(seconds)  # waiting (I/O) releases the GIL
    print(f"{name} finished")
#else
def worker(name, seconds):
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        pass  # computing: holds the GIL, except when CPython switches threads
    print(f"{name} finished")
#end


def main():
    threads = [threading.Thread(target=worker, args=(name, seconds), name=name, daemon=$daemon)
               for name, seconds in WORK]
    for thread in threads:
        thread.start()
#if join == "join"
    for thread in threads:
        thread.join()
#elif join == "timeout"
    for thread in threads:
        thread.join(timeout=$timeout)
#end
    alive = [thread.name for thread in threads if thread.is_alive()]
    print(f"main is done; still running: {alive}")


main()
