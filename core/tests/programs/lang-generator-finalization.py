# checks: A generator dropped while suspended in a try is closed at once, as CPython's refcounting does: its finally runs before the next statement; one that yields again is reported.
def numbers():
    try:
        yield 1
        yield 2
    finally:
        print("numbers: cleanup")


for n in numbers():
    print("got", n)
    break
print("after the loop")


def reader(name):
    print("open", name)
    try:
        while True:
            yield name
    finally:
        print("close", name)


r = reader("a.txt")
print(next(r))
r = None
print("dropped the reader")


def stubborn():
    try:
        yield 1
    finally:
        yield 2


s = stubborn()
next(s)
del s
print("end")
