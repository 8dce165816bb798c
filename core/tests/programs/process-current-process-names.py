# checks: current_process().name is "MainProcess" in the parent, the Process's name in a child (default Process-N or name=), SpawnProcess-N in pool workers; one counter numbers every process the parent creates, pool workers included
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Process, current_process


def show():
    print("child's current_process().name:", current_process().name, flush=True)


def worker_name(_):
    return current_process().name


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    print("parent:", current_process().name, flush=True)
    first = Process(target=show)
    first.start()
    first.join()
    named = Process(target=show, name="reporter")
    named.start()
    named.join()
    with ProcessPoolExecutor(max_workers=2) as pool:
        names = list(pool.map(worker_name, range(4)))
    print("pool workers named SpawnProcess-N:", all(n.startswith("SpawnProcess-") for n in names))
    after = Process(target=show)
    print("next default name:", after.name, flush=True)
    after.start()
    after.join()
    print("parent still:", current_process().name)
