# checks: tutorial-style: collections.deque as a queue and a ring buffer (rotate, extendleft, maxlen, reversed, +)
from collections import deque

d = deque('ghi')
for elem in d:
    print(elem.upper())
d.append('j')
d.appendleft('f')
print(d)
print(d.pop(), d.popleft(), list(d), d[0], d[-1])
print(list(reversed(d)), 'h' in d)
d.extend('jkl')
print(d)
d.rotate(1)
print(d)
d.rotate(-1)
print(d)
print(deque(reversed(d)))
d.clear()
try:
    d.pop()
except IndexError as e:
    print("IndexError:", e)
d.extendleft('abc')
print(d)

def tail(lines, n=3):
    return deque(lines, maxlen=n)

print(tail(["l%d" % i for i in range(10)]))
last = deque(maxlen=3)
for i in range(6):
    last.append(i)
    print(list(last), last.maxlen)

def moving_average(iterable, n=3):
    it = iter(iterable)
    d = deque()
    for _ in range(n - 1):
        d.append(next(it))
    s = sum(d)
    d.appendleft(0)
    for elem in it:
        s += elem - d.popleft()
        d.append(elem)
        yield s / n

print(list(moving_average([40, 30, 50, 46, 39, 44])))
q = deque([1, 2, 3, 2, 1])
print(q.count(2), q.index(3))
q.remove(2)
print(q, len(q))
q.insert(1, 99)
print(q, q == deque([1, 99, 3, 2, 1]))

def bfs(graph, start):
    seen = [start]
    queue = deque([start])
    order = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for nb in graph[node]:
            if nb not in seen:
                seen.append(nb)
                queue.append(nb)
    return order

g = {"A": ["B", "C"], "B": ["D"], "C": ["D", "E"], "D": ["F"], "E": ["F"], "F": []}
print(bfs(g, "A"))
print(repr(deque()), deque([1, 2], maxlen=5), deque(range(3)) + deque([9]))
