# Interleave's bundled `collections`: the `deque` the other bundled modules and most
# concurrency programs use, as a list with a moving head so popleft is O(1).


class deque:
    def __init__(self, iterable=(), maxlen=None):
        self._items = []
        self._head = 0
        self.maxlen = maxlen
        for item in iterable:
            self.append(item)

    def _compact(self):
        if self._head > 32 and self._head * 2 > len(self._items):
            self._items = self._items[self._head:]
            self._head = 0

    def append(self, item):
        self._items.append(item)
        if self.maxlen is not None and len(self) > self.maxlen:
            self.popleft()

    def appendleft(self, item):
        if self._head > 0:
            self._head -= 1
            self._items[self._head] = item
        else:
            self._items.insert(0, item)
        if self.maxlen is not None and len(self) > self.maxlen:
            self.pop()

    def pop(self):
        if len(self) == 0:
            raise IndexError("pop from an empty deque")
        return self._items.pop()

    def popleft(self):
        if len(self) == 0:
            raise IndexError("pop from an empty deque")
        item = self._items[self._head]
        self._items[self._head] = None
        self._head += 1
        self._compact()
        return item

    def extend(self, iterable):
        for item in iterable:
            self.append(item)

    def remove(self, value):
        for i in range(self._head, len(self._items)):
            if self._items[i] == value:
                del self._items[i]
                return
        raise ValueError("deque.remove(x): x not in deque")

    def clear(self):
        self._items = []
        self._head = 0

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self._items) > self._head

    def __iter__(self):
        return iter(self._items[self._head:])

    def __getitem__(self, index):
        n = len(self)
        if index < 0:
            index += n
        if index < 0 or index >= n:
            raise IndexError("deque index out of range")
        return self._items[self._head + index]

    def __contains__(self, value):
        return value in self._items[self._head:]

    def __reversed__(self):
        return iter(self._items[self._head:][::-1])

    def extendleft(self, iterable):
        for item in iterable:
            self.appendleft(item)

    def rotate(self, n=1):
        length = len(self)
        if length <= 1:
            return
        n = n % length
        if n:
            items = self._items[self._head:]
            self._items = items[-n:] + items[:-n]
            self._head = 0

    def count(self, value):
        return self._items[self._head:].count(value)

    def index(self, value, *args):
        return self._items[self._head:].index(value, *args)

    def insert(self, i, value):
        items = self._items[self._head:]
        items.insert(i, value)
        self._items = items
        self._head = 0

    def reverse(self):
        items = self._items[self._head:]
        items.reverse()
        self._items = items
        self._head = 0

    def copy(self):
        return deque(self._items[self._head:], self.maxlen)

    def __copy__(self):
        return self.copy()

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError(f'can only concatenate deque (not "{type(other).__name__}") to deque')
        return deque(list(self) + list(other), self.maxlen)

    def __eq__(self, other):
        return isinstance(other, deque) and list(self) == list(other)

    def __repr__(self):
        if self.maxlen is None:
            return f"deque({self._items[self._head:]!r})"
        return f"deque({self._items[self._head:]!r}, maxlen={self.maxlen})"
