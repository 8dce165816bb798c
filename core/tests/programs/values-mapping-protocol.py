# checks: dict(m), d.update(m), {**m} and f(**m) take any object with keys() and __getitem__ (CPython's mapping protocol): a Counter of results, a defaultdict, a class of the program's own; a bad pair names its element.
from collections import Counter, defaultdict


class Settings:
    def __init__(self):
        self._values = {"workers": 4, "timeout": 1.5}

    def keys(self):
        return list(self._values)

    def __getitem__(self, key):
        return self._values[key]


def configure(workers, timeout):
    return f"{workers} workers, timeout {timeout}"


counts = Counter(["ok", "ok", "failed", "ok"])
print(dict(counts))
by_worker = defaultdict(list)
by_worker["w1"].append("job-1")
by_worker["w2"].append("job-2")
print(dict(by_worker))
print({**by_worker, "w3": []})
print(configure(**Settings()))
merged = {"workers": 1}
merged.update(Settings())
print(merged, dict(Settings()))
try:
    dict([("a", 1), ("b", 2), ("c",)])
except ValueError as error:
    print("ValueError:", error)
