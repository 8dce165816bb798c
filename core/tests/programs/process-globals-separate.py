# checks: with spawn each child re-imports the program: a global changed in the child stays unchanged in the parent, and a change the parent made inside the main guard is not seen by the child
import multiprocessing
from multiprocessing import Process

items = []
settings = {"mode": "as imported"}


def child():
    items.append("added in child")
    print("child sees items:", items, flush=True)
    print("child sees mode:", settings["mode"], flush=True)


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    items.append("added in parent")
    settings["mode"] = "changed in parent"
    p = Process(target=child)
    p.start()
    p.join()
    print("parent sees items:", items)
    print("parent sees mode:", settings["mode"])
