# checks: dict get/items/keys/values/setdefault/pop/popitem/update/fromkeys, insertion order, iteration

stock = {"apple": 3, "pear": 0}
print(stock.get("apple"), stock.get("kiwi"), stock.get("kiwi", 0))
print(stock.setdefault("kiwi", 5), stock.setdefault("apple", 99), stock)
print(stock.pop("pear"), stock.pop("nothing", "fallback"), stock)
try:
    stock.pop("nothing")
except KeyError as error:
    print("KeyError:", error)
stock.update({"fig": 1, "apple": 4})
stock.update(plum=2)
stock.update([("date", 7)])
print(stock)
print(list(stock.keys()), list(stock.values()), list(stock.items())[:2])
for key, value in stock.items():
    print(f"{key}={value}", end=" ")
print()
print(stock.popitem(), stock)
print(dict.fromkeys("ab", 0), dict(a=1, b=2), dict([(1, 2)]), {**stock, "new": 0})
counts = {}
for ch in "abracadabra":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, max(counts, key=counts.get))
groups = {}
for word in ["ant", "bee", "asp", "bat", "cow"]:
    groups.setdefault(word[0], []).append(word)
print(groups)
print("apple" in stock, "zzz" not in stock, len(stock), sorted(stock, key=stock.get))
del stock["apple"]
stock["apple"] = 1
print(list(stock))
copy = stock.copy()
copy.clear()
print(copy, len(stock), stock == dict(stock), {1: 2} | {3: 4})
try:
    {}.popitem()
except KeyError as error:
    print("KeyError:", error)
try:
    for key in stock:
        stock[key + "!"] = 0
except RuntimeError as error:
    print("RuntimeError:", error)
