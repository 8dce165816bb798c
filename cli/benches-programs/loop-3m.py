# Issue 9, figure 2: pure computation at module level (globals), 3,000,000 iterations.
total = 0
for i in range(3_000_000):
    total += i * i
print(total)
