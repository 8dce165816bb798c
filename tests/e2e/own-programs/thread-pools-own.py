from concurrent.futures import ThreadPoolExecutor
import time


def square(n):
    time.sleep(0.01 * n)
    return n * n


with ThreadPoolExecutor(max_workers=3) as pool:
    print(list(pool.map(square, [3, 1, 2, 4])))
    future = pool.submit(square, 5)
    print("five squared:", future.result())
