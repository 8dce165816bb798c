# checks: a lambda cannot be pickled for a spawned process: submit() returns a future whose result() raises _pickle.PicklingError "Can't pickle <function <lambda> at 0x...>: attribute lookup <lambda> on __main__ failed"; Process(target=lambda).start() raises it in the parent; the pool still works afterwards
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Process


def square(x):
    return x * x


def without_address(error):
    text = str(error)
    start = text.find(" at 0x")
    if start < 0:
        return text
    end = text.find(">", start)
    return text[:start] + text[end:]


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(lambda x: x * x, 3)
        try:
            future.result()
        except Exception as error:
            print(type(error).__module__, type(error).__name__)
            print(without_address(error))
        print("future done:", future.done())
        print("a module-level function works:", pool.submit(square, 3).result())
    p = Process(target=lambda: None)
    try:
        p.start()
    except Exception as error:
        print("start():", type(error).__name__, without_address(error))
    print("exitcode after the failed start:", p.exitcode)
