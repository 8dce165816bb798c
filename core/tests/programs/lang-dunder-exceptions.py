# checks: An exception raised below a dunder the interpreter calls itself (__getitem__, __len__, __eq__, __repr__) reaches the caller's except, as any other exception does.
def fail():
    raise KeyError("k")


class Box:
    def __getitem__(self, i):
        return fail()

    def __len__(self):
        return fail()

    def __eq__(self, other):
        return fail()

    def __repr__(self):
        return fail()


for what, action in [("getitem", lambda: Box()[0]), ("len", lambda: len(Box())), ("eq", lambda: Box() == 1), ("repr", lambda: repr(Box()))]:
    try:
        action()
    except KeyError as error:
        print(what, "caught", repr(error))
print("done")
