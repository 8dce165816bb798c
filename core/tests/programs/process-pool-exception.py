# checks: an exception raised in a pool worker is pickled back and re-raised by result() with its type and message (a module-level exception class too); its __cause__ is the worker's traceback as text; map re-raises at that item; nothing goes to stderr
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


class JobFailed(Exception):
    pass


def check(n):
    if n == 2:
        raise ValueError(f"bad input {n}")
    if n == 3:
        raise JobFailed("job", n)
    return n * 10


if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        futures = [pool.submit(check, n) for n in range(4)]
        for n, future in enumerate(futures):
            try:
                print(n, "->", future.result())
            except Exception as error:
                print(n, "raised", type(error).__name__, error, repr(error))
                print("  cause:", type(error.__cause__).__name__, "mentions the worker's line:", 'raise ' in str(error.__cause__))
        print("exception():", repr(futures[2].exception()))
        results = pool.map(check, [0, 1, 2, 3])
        try:
            for value in results:
                print("map gave", value)
        except ValueError as error:
            print("map raised", type(error).__name__, error)
