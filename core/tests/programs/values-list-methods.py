# checks: list append/extend/insert/pop/remove/index/count/sort/reverse/copy/clear, errors

items = [3, 1, 2]
items.append(4)
items.extend([5, 1])
items.insert(0, 0)
items.insert(100, 9)
items.insert(-1, 8)
print(items)
print(items.pop(), items.pop(0), items.pop(-2), items)
items.remove(1)
print(items, items.index(2), items.count(1), items.count(7))
items.sort()
print(items)
items.sort(reverse=True)
print(items)
items.reverse()
print(items)
words = ["pear", "Fig", "apple", "fig"]
words.sort(key=str.lower)
print(words)
words.sort(key=len)
print(words)
copy = words.copy()
copy.clear()
print(copy, words)
try:
    items.remove(42)
except ValueError as error:
    print("ValueError:", error)
try:
    items.index(42)
except ValueError as error:
    print("ValueError:", error)
try:
    [].pop()
except IndexError as error:
    print("IndexError:", error)
try:
    [1, "a"].sort()
except TypeError as error:
    print("TypeError:", error)
print([1, 2] + [3], [0] * 3, [1, 2] * 0, [1, 2] == [1, 2], [1, 2] < [1, 3], [3] > [1, 2])
print(sorted([5, 2, 9]), items.index(3, 1) if 3 in items else None, max([[1, 2], [1, 3]]))
stack, queue = [], [1, 2, 3]
stack.append("a")
stack.append("b")
print(stack.pop(), stack, queue.pop(0), queue)
matrix = [[0] * 2 for _ in range(2)]
matrix[0][0] = 1
print(matrix, list(range(3)) * 2)
