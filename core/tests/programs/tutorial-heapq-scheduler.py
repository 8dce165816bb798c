# checks: tutorial-style: a heapq-based scheduler (heappush, heappop, heapreplace, heappushpop, nlargest, nsmallest)
import heapq
import random

def heapsort(iterable):
    h = []
    for value in iterable:
        heapq.heappush(h, value)
    return [heapq.heappop(h) for i in range(len(h))]

print(heapsort([1, 3, 5, 7, 9, 2, 4, 6, 8, 0]))
h = []
heapq.heappush(h, (5, 'write code'))
heapq.heappush(h, (7, 'release product'))
heapq.heappush(h, (1, 'write spec'))
heapq.heappush(h, (3, 'create tests'))
print(heapq.heappop(h))
print(h[0], len(h))
data = [9, 4, 7, 1, 8, 2]
heapq.heapify(data)
print(data)
print(heapq.heapreplace(data, 10), data)
print(heapq.heappushpop(data, 0), data)
random.seed(7)
nums = [random.randint(0, 1000) for _ in range(20)]
print(heapq.nlargest(3, nums), heapq.nsmallest(3, nums))
people = [{"name": "a", "age": 30}, {"name": "b", "age": 25}, {"name": "c", "age": 35}]
print(heapq.nsmallest(2, people, key=lambda p: p["age"]))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6, 9])))

class Task:
    def __init__(self, prio, name):
        self.prio, self.name = prio, name
    def __lt__(self, other):
        return self.prio < other.prio
    def __repr__(self):
        return f"Task({self.prio}, {self.name!r})"

tq = []
for p, n in [(3, "c"), (1, "a"), (2, "b")]:
    heapq.heappush(tq, Task(p, n))
while tq:
    print(heapq.heappop(tq))

def dijkstra(graph, src):
    dist = {src: 0}
    pq = [(0, src)]
    while pq:
        d, u = heapq.heappop(pq)
        if d > dist.get(u, float("inf")):
            continue
        for v, w in graph[u]:
            nd = d + w
            if nd < dist.get(v, float("inf")):
                dist[v] = nd
                heapq.heappush(pq, (nd, v))
    return dict(sorted(dist.items()))

g = {"A": [("B", 4), ("C", 1)], "B": [("D", 1)], "C": [("B", 2), ("D", 5)], "D": []}
print(dijkstra(g, "A"))
