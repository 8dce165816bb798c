# checks: list/dict/set comprehensions, generator expressions, nested comprehensions, slicing

nums = list(range(10))
print([n * n for n in nums if n % 2 == 0])
print({n: n % 3 for n in range(6)})
print(sorted({c for c in "mississippi"}))
print({w: len(w) for w in ["apple", "kiwi", "fig"]})
gen = (n * 2 for n in range(4))
print(type(gen).__name__, next(gen), list(gen), list(gen))
print(sum(n for n in range(101)))
print([(x, y) for x in range(3) for y in range(x)])
print([[row * 3 + col for col in range(3)] for row in range(2)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(col) for col in zip(*matrix)])
print(["even" if n % 2 == 0 else "odd" for n in range(4)])
print(any(n > 8 for n in nums), all(n >= 0 for n in nums))

print(nums[2:5], nums[:3], nums[7:], nums[-3:])
print(nums[::2], nums[1::3], nums[::-1], nums[-2:-5:-1])
print(nums[100:], nums[-100:2], nums[5:2])
text = "Hello, world"
print(text[:5], text[-5:], text[::-1], text[7:12:2])
print((1, 2, 3, 4)[1:3])
copy = nums[:]
copy[2:5] = ["x"]
print(copy, len(copy), nums == copy)
copy[::2] = "abcd"
try:
    copy[::2] = "abcde"
except ValueError as error:
    print("ValueError:", error)
print(copy)
del copy[1:3]
print(copy)
s = slice(1, 8, 3)
print(s, nums[s], s.indices(5))
