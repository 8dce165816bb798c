# checks: Thread(target, args, kwargs, name, daemon); start/join; is_alive before/during/after; results via shared dict
import threading
import time

results = {}


def work(label, seconds, *, scale=1):
    time.sleep(seconds)
    results[label] = seconds * scale


t = threading.Thread(target=work, args=("a", 0.1), kwargs={"scale": 10}, name="worker-a")
print("name:", t.name, "daemon:", t.daemon, "ident before start:", t.ident)
print("alive before start:", t.is_alive())
t.start()
print("alive after start:", t.is_alive())
print("join returns", t.join())
print("alive after join:", t.is_alive())
print("results:", results)

d = threading.Thread(target=work, args=("b", 0.05), daemon=True)
print("daemon flag:", d.daemon)
d.start()
d.join()
print("results:", dict(sorted(results.items())))


class Greeter(threading.Thread):
    def __init__(self, who):
        super().__init__(name=f"greeter-{who}")
        self.who = who
        self.greeting = None

    def run(self):
        time.sleep(0.05)
        self.greeting = f"hello {self.who} from {threading.current_thread().name}"


g = Greeter("ada")
g.start()
g.join()
print(g.greeting)
none_target = threading.Thread()
none_target.start()
none_target.join()
print("a thread with no target runs and ends:", none_target.is_alive())
