# checks: A class defined inside a function: its methods and its body close over the function's locals (the class body passes the cells on), nonlocal included; a class-level name of the same name shadows the function's only inside the class body.
def make(v):
    class K:
        label = v * 2
        def get(self):
            return v
        def bump(self):
            nonlocal v
            v += 1
            return v
    return K
K = make(5)
k = K()
print(k.get(), K.label, k.bump(), k.get())

def outer():
    x = "outer"
    class A:
        x = "class"
        def show(self):
            return x
        y = x
    return A().show(), A.y
print(outer())

def counter():
    count = 0
    class C:
        def __init__(self):
            nonlocal count
            count += 1
            self.n = count
    return C
C = counter()
print(C().n, C().n)
