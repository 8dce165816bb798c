# checks: recursion (factorial(30), fibonacci), RecursionError past the limit, limit is 1000
import sys


def factorial(n):
    return 1 if n <= 1 else n * factorial(n - 1)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def depth(n):
    return depth(n + 1)


def hanoi(n, src, dst, via, moves):
    if n:
        hanoi(n - 1, src, via, dst, moves)
        moves.append((src, dst))
        hanoi(n - 1, via, dst, src, moves)
    return moves


print(factorial(30))
print(factorial(20), factorial(0))
print([fib(n) for n in range(15)])
print(len(hanoi(5, "A", "C", "B", [])), hanoi(2, "A", "C", "B", []))
print(sys.getrecursionlimit())
print(factorial(900) > 10 ** 2000)
try:
    depth(0)
except RecursionError as error:
    print(type(error).__name__)
    print(error)
    print(isinstance(error, RuntimeError))
print("still running after RecursionError")
