# Calibration: objects: creating instances, calling methods, reading attributes.
import time


class Account:
    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance

    def deposit(self, amount):
        self.balance += amount
        return self.balance


def work(n):
    accounts = [Account(f"user{i}", 0) for i in range(100)]
    total = 0
    for i in range(n):
        account = accounts[i % 100]
        total += account.deposit(i)
    return total


start = time.perf_counter()
result = work(600_000)
elapsed = time.perf_counter() - start
print("result", result)
print(f"elapsed {elapsed:.9f}")
