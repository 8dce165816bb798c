# Interleave's bundled `itertools`, written after CPython 3.11's Modules/itertoolsmodule.c
# and the pure-Python equivalents in its documentation: the same items in the same
# order, the same number of items drawn from the inputs (`islice` over a shared iterator
# takes exactly what it yields), the arguments checked when the object is made, with
# CPython's messages. Each object is a class named as in CPython (so its default repr is
# `<itertools.chain object at 0x...>`), except groupby's groups, which are generators;
# most hand iteration to a generator made in `__init__`, which `for` runs directly (so it
# may wait on a generator underneath) and `next()` advances.
import sys

_MAXSIZE = sys.maxsize


def _index(value):
    if isinstance(value, int):
        return int(value)
    raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer")


def _ssize(value):
    # PyNumber_AsSsize_t, with any failure read as -1 (as islice does).
    if isinstance(value, int) and -_MAXSIZE - 1 <= value <= _MAXSIZE:
        return int(value)
    return -1


class _Iterator:
    def __iter__(self):
        return self._gen

    def __next__(self):
        return next(self._gen)


# ----- infinite iterators -----


class count:
    def __init__(self, start=0, step=1):
        if not isinstance(start, (int, float)) or not isinstance(step, (int, float)):
            raise TypeError("a number is required")
        self._n = start
        self._step = step

    def __iter__(self):
        return self

    def __next__(self):
        n = self._n
        self._n = n + self._step
        return n

    def __repr__(self):
        step = self._step
        if isinstance(step, int) and step == 1:
            return f"count({self._n!r})"
        return f"count({self._n!r}, {step!r})"


def _cycle(it):
    saved = []
    for element in it:
        yield element
        saved.append(element)
    while saved:
        for element in saved:
            yield element


class cycle(_Iterator):
    def __init__(self, iterable):
        self._gen = _cycle(iter(iterable))


class repeat:
    def __init__(self, object, times=None):
        self._object = object
        if times is None:
            self._left = -1
        else:
            self._left = max(0, _index(times))

    def __iter__(self):
        return self

    def __next__(self):
        left = self._left
        if left == 0:
            raise StopIteration
        if left > 0:
            self._left = left - 1
        return self._object

    def __length_hint__(self):
        if self._left < 0:
            raise TypeError("len() of unsized object")
        return self._left

    def __repr__(self):
        if self._left < 0:
            return f"repeat({self._object!r})"
        return f"repeat({self._object!r}, {self._left})"


# ----- iterators terminating on the shortest input -----


def _accumulate(it, func, initial):
    total = initial
    if initial is None:
        try:
            total = next(it)
        except StopIteration:
            return
    yield total
    if func is None:
        for element in it:
            total = total + element
            yield total
    else:
        for element in it:
            total = func(total, element)
            yield total


class accumulate(_Iterator):
    def __init__(self, iterable, func=None, *, initial=None):
        self._gen = _accumulate(iter(iterable), func, initial)


def _chain(iterables):
    for it in iterables:
        for element in it:
            yield element


class chain(_Iterator):
    def __init__(self, *iterables):
        self._gen = _chain(iterables)

    @classmethod
    def from_iterable(cls, iterable):
        result = cls()
        result._gen = _chain(iter(iterable))
        return result


def _compress(data, selectors):
    for d, s in zip(data, selectors):
        if s:
            yield d


class compress(_Iterator):
    def __init__(self, data, selectors):
        self._gen = _compress(iter(data), iter(selectors))


def _dropwhile(predicate, it):
    for x in it:
        if not predicate(x):
            yield x
            break
    for x in it:
        yield x


class dropwhile(_Iterator):
    def __init__(self, predicate, iterable):
        self._gen = _dropwhile(predicate, iter(iterable))


def _filterfalse(predicate, it):
    if predicate is None:
        for x in it:
            if not x:
                yield x
    else:
        for x in it:
            if not predicate(x):
                yield x


class filterfalse(_Iterator):
    def __init__(self, function, iterable):
        self._gen = _filterfalse(function, iter(iterable))


class _GroupbyState:
    def __init__(self, it, keyfunc):
        self.it = it
        self.keyfunc = keyfunc
        self.tgtkey = self.currkey = self.currvalue = object()
        self.id = None


def _groupby(state):
    while True:
        state.id = object()
        while state.currkey == state.tgtkey:
            try:
                state.currvalue = next(state.it)
            except StopIteration:
                return
            state.currkey = state.keyfunc(state.currvalue)
        state.tgtkey = state.currkey
        # The groups are plain generators (CPython's are itertools._grouper objects), so
        # that list(group) may wait on a generator underneath.
        yield (state.currkey, _grouper(state, state.tgtkey, state.id))


class groupby(_Iterator):
    def __init__(self, iterable, key=None):
        if key is None:
            key = _identity
        self._gen = _groupby(_GroupbyState(iter(iterable), key))


def _identity(x):
    return x


def _grouper(state, tgtkey, id):
    while state.id is id and state.currkey == tgtkey:
        yield state.currvalue
        try:
            state.currvalue = next(state.it)
        except StopIteration:
            return
        state.currkey = state.keyfunc(state.currvalue)


def _islice(it, nxt, stop, step):
    # islice_next: skip to the next index, stop at `stop` without drawing more.
    cnt = 0
    while True:
        while cnt < nxt:
            try:
                next(it)
            except StopIteration:
                return
            cnt += 1
        if stop != -1 and cnt >= stop:
            return
        try:
            item = next(it)
        except StopIteration:
            return
        cnt += 1
        nxt += step
        if stop != -1 and nxt > stop:
            nxt = stop
        yield item


class islice(_Iterator):
    def __init__(self, *args, **kwargs):
        if kwargs:
            raise TypeError("islice() takes no keyword arguments")
        if len(args) < 2:
            raise TypeError(f"islice expected at least 2 arguments, got {len(args)}")
        if len(args) > 4:
            raise TypeError(f"islice expected at most 4 arguments, got {len(args)}")
        seq = args[0]
        start = 0
        stop = -1
        step = 1
        stop_error = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."
        if len(args) == 2:
            if args[1] is not None:
                stop = _ssize(args[1])
                if stop == -1:
                    raise ValueError(stop_error)
        else:
            if args[1] is not None:
                start = _ssize(args[1])
            if args[2] is not None:
                stop = _ssize(args[2])
                if stop == -1:
                    raise ValueError(stop_error)
        if start < 0 or stop < -1:
            raise ValueError("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
        if len(args) == 4 and args[3] is not None:
            step = _ssize(args[3])
        if step < 1:
            raise ValueError("Step for islice() must be a positive integer or None.")
        self._gen = _islice(iter(seq), start, stop, step)


def _pairwise(it):
    try:
        a = next(it)
    except StopIteration:
        return
    for b in it:
        yield (a, b)
        a = b


class pairwise(_Iterator):
    def __init__(self, iterable):
        self._gen = _pairwise(iter(iterable))


def _starmap(function, it):
    for args in it:
        yield function(*tuple(args))


class starmap(_Iterator):
    def __init__(self, function, iterable):
        self._gen = _starmap(function, iter(iterable))


def _takewhile(predicate, it):
    for x in it:
        if predicate(x):
            yield x
        else:
            break


class takewhile(_Iterator):
    def __init__(self, predicate, iterable):
        self._gen = _takewhile(predicate, iter(iterable))


def _tee_gen(it, buffers, mine):
    head = 0
    while True:
        if head == len(mine):
            mine.clear()
            head = 0
            try:
                value = next(it)
            except StopIteration:
                return
            for buffer in buffers:
                buffer.append(value)
        value = mine[head]
        head += 1
        yield value


class _tee(_Iterator):
    def __init__(self, it, buffers, mine):
        self._gen = _tee_gen(it, buffers, mine)


def tee(iterable, n=2):
    n = _index(n)
    if n < 0:
        raise ValueError("n must be >= 0")
    it = iter(iterable)
    buffers = [[] for _ in range(n)]
    return tuple([_tee(it, buffers, buffer) for buffer in buffers])


def _zip_longest(iterators, fillvalue):
    active = len(iterators)
    if not active:
        return
    while True:
        values = []
        for i in range(len(iterators)):
            it = iterators[i]
            if it is None:
                values.append(fillvalue)
                continue
            try:
                value = next(it)
            except StopIteration:
                active -= 1
                if not active:
                    return
                iterators[i] = None
                value = fillvalue
            values.append(value)
        yield tuple(values)


class zip_longest(_Iterator):
    def __init__(self, *iterables, **kwargs):
        fillvalue = kwargs.pop("fillvalue", None)
        if kwargs:
            raise TypeError("zip_longest() got an unexpected keyword argument")
        self._gen = _zip_longest([iter(it) for it in iterables], fillvalue)


# ----- combinatoric iterators -----


def _product(pools):
    n = len(pools)
    for pool in pools:
        if not pool:
            return
    indices = [0] * n
    result = [pool[0] for pool in pools]
    yield tuple(result)
    while True:
        i = n - 1
        while i >= 0:
            pool = pools[i]
            indices[i] += 1
            if indices[i] < len(pool):
                result[i] = pool[indices[i]]
                break
            indices[i] = 0
            result[i] = pool[0]
            i -= 1
        if i < 0:
            return
        yield tuple(result)


class product(_Iterator):
    def __init__(self, *iterables, **kwargs):
        repeat = 1
        for name in kwargs:
            if name != "repeat":
                raise TypeError(f"'{name}' is an invalid keyword argument for product()")
            repeat = _index(kwargs[name])
        if repeat < 0:
            raise ValueError("repeat argument cannot be negative")
        pools = [tuple(pool) for pool in iterables] * repeat
        self._gen = _product(pools)


def _permutations(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(n))
    cycles = list(range(n, n - r, -1))
    yield tuple([pool[i] for i in indices[:r]])
    while n:
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple([pool[i] for i in indices[:r]])
                break
        else:
            return


class permutations(_Iterator):
    def __init__(self, iterable, r=None):
        pool = tuple(iterable)
        if r is None:
            r = len(pool)
        elif not isinstance(r, int):
            raise TypeError("Expected int as r")
        if r < 0:
            raise ValueError("r must be non-negative")
        self._gen = _permutations(pool, r)


def _combinations(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(r))
    yield tuple([pool[i] for i in indices])
    while True:
        for i in reversed(range(r)):
            if indices[i] != i + n - r:
                break
        else:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple([pool[i] for i in indices])


class combinations(_Iterator):
    def __init__(self, iterable, r):
        r = _index(r)
        pool = tuple(iterable)
        if r < 0:
            raise ValueError("r must be non-negative")
        self._gen = _combinations(pool, r)


def _combinations_with_replacement(pool, r):
    n = len(pool)
    if not n and r:
        return
    indices = [0] * r
    yield tuple([pool[i] for i in indices])
    while True:
        for i in reversed(range(r)):
            if indices[i] != n - 1:
                break
        else:
            return
        indices[i:] = [indices[i] + 1] * (r - i)
        yield tuple([pool[i] for i in indices])


class combinations_with_replacement(_Iterator):
    def __init__(self, iterable, r):
        r = _index(r)
        pool = tuple(iterable)
        if r < 0:
            raise ValueError("r must be non-negative")
        self._gen = _combinations_with_replacement(pool, r)
