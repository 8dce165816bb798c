# Builtins written in Python, for when a builtin must run code that may block or switch
# threads: consuming a generator that sleeps or waits on a lock, or closing one. Each
# does what CPython's C builtin does, one item at a time through normal calls. They are
# made without running this module, so none may have default values.


def _collect(it):
    return [x for x in it]


def _enumerate(iterable, start):
    n = start
    for x in iterable:
        yield (n, x)
        n += 1


def _zip(strict, *iterables):
    iterators = [iter(i) for i in iterables]
    if not iterators:
        return
    while True:
        items = []
        for position, it in enumerate(iterators):
            try:
                items.append(next(it))
            except StopIteration:
                if strict and (position > 0 or items):
                    raise ValueError(f"zip() argument {position + 1} is shorter than argument 1")
                return
        yield tuple(items)


def _map(func, *iterables):
    # Helpers see only the builtins, not each other: no _zip here.
    iterators = [iter(i) for i in iterables]
    while True:
        args = []
        for it in iterators:
            try:
                args.append(next(it))
            except StopIteration:
                return
        yield func(*args)


def _filter(func, iterable):
    for x in iterable:
        if (func(x) if func is not None else x):
            yield x


def _close(gen):
    try:
        gen.throw(GeneratorExit)
    except (GeneratorExit, StopIteration):
        return None
    raise RuntimeError("generator ignored GeneratorExit")


async def _aclose(agen):
    try:
        await agen.athrow(GeneratorExit)
    except (GeneratorExit, StopAsyncIteration):
        return None
    raise RuntimeError("async generator ignored GeneratorExit")


async def _anext_default(awaitable, default):
    try:
        return await awaitable
    except StopAsyncIteration:
        return default


def _mapping_items(mapping):
    # dict(m), dict.update(m) and {**m} for an object with keys(): CPython's
    # mapping protocol, keys() then m[key].
    return [(key, mapping[key]) for key in mapping.keys()]
