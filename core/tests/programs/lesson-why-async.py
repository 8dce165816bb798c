# checks: lesson why-async default: three 0.3 s downloads one after another (plain functions) take 0.9 s
import time


def download(name, seconds):
    print(f"{name} started")
    time.sleep(seconds)  # stands in for waiting on the network
    print(f"{name} finished")
    return name


def main():
    start = time.perf_counter()
    results = [download("A", 0.3), download("B", 0.3), download("C", 0.3)]
    print(f"results: {results}")
    print(f"elapsed: {time.perf_counter() - start:.1f}s")


main()
