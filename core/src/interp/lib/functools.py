# Interleave's bundled `functools`, written after CPython 3.11's Lib/functools.py (and,
# where programs can tell, its C `_functools`: reduce's and partial's messages and the
# partial repr). `lru_cache` keeps its entries in a dict in recency order, evicting as
# CPython's linked list does; like the C version it takes no lock, so two threads that
# miss on the same key both call the function. `cached_property` stores the value in
# the instance under the function's name (later reads find it there first, as the
# descriptor is a non-data one), computed under one lock as in 3.11.
import _interleave
from _thread import allocate_lock as _allocate_lock

__all__ = ["update_wrapper", "wraps", "WRAPPER_ASSIGNMENTS", "WRAPPER_UPDATES",
           "total_ordering", "cache", "cmp_to_key", "lru_cache", "reduce",
           "partial", "partialmethod", "singledispatch", "cached_property"]

WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__",
                       "__annotations__")
WRAPPER_UPDATES = ("__dict__",)


def _attributes_of(obj):
    # An object's __dict__; `vars()` for an instance here, whose __dict__ is not exposed.
    try:
        return getattr(obj, "__dict__")
    except AttributeError:
        pass
    try:
        return vars(obj)
    except TypeError:
        return None


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            pass
        else:
            setattr(wrapper, attr, value)
    for attr in updated:
        if attr == "__dict__":
            # A partial's func, args and keywords are slots in CPython, not in __dict__.
            source = None if isinstance(wrapped, partial) else _attributes_of(wrapped)
            if source:
                for key, value in source.items():
                    setattr(wrapper, key, value)
        else:
            getattr(wrapper, attr).update(getattr(wrapped, attr, {}))
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    return partial(update_wrapper, wrapped=wrapped, assigned=assigned, updated=updated)


# ----- total_ordering -----

def _gt_from_lt(self, other):
    op_result = type(self).__lt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result and self != other


def _le_from_lt(self, other):
    op_result = type(self).__lt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return op_result or self == other


def _ge_from_lt(self, other):
    op_result = type(self).__lt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result


def _ge_from_le(self, other):
    op_result = type(self).__le__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result or self == other


def _lt_from_le(self, other):
    op_result = type(self).__le__(self, other)
    if op_result is NotImplemented:
        return op_result
    return op_result and self != other


def _gt_from_le(self, other):
    op_result = type(self).__le__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result


def _lt_from_gt(self, other):
    op_result = type(self).__gt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result and self != other


def _ge_from_gt(self, other):
    op_result = type(self).__gt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return op_result or self == other


def _le_from_gt(self, other):
    op_result = type(self).__gt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result


def _le_from_ge(self, other):
    op_result = type(self).__ge__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result or self == other


def _gt_from_ge(self, other):
    op_result = type(self).__ge__(self, other)
    if op_result is NotImplemented:
        return op_result
    return op_result and self != other


def _lt_from_ge(self, other):
    op_result = type(self).__ge__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result


_convert = {
    "__lt__": [("__gt__", _gt_from_lt), ("__le__", _le_from_lt), ("__ge__", _ge_from_lt)],
    "__le__": [("__ge__", _ge_from_le), ("__lt__", _lt_from_le), ("__gt__", _gt_from_le)],
    "__gt__": [("__lt__", _lt_from_gt), ("__ge__", _ge_from_gt), ("__le__", _le_from_gt)],
    "__ge__": [("__le__", _le_from_ge), ("__gt__", _gt_from_ge), ("__lt__", _lt_from_ge)],
}


def total_ordering(cls):
    roots = {op for op in _convert if getattr(cls, op, None) is not getattr(object, op, None)}
    if not roots:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    root = max(roots)
    for opname, opfunc in _convert[root]:
        if opname not in roots:
            opfunc.__name__ = opname
            setattr(cls, opname, opfunc)
    return cls


# ----- cmp_to_key -----

class KeyWrapper:
    # What C's cmp_to_key returns: called with an object, it wraps it in a new
    # KeyWrapper whose comparisons call the cmp function.
    def __init__(self, cmp, obj=None):
        self._cmp = cmp
        self.obj = obj

    def __call__(self, obj):
        return KeyWrapper(self._cmp, obj)

    def __lt__(self, other):
        return self._cmp(self.obj, other.obj) < 0

    def __gt__(self, other):
        return self._cmp(self.obj, other.obj) > 0

    def __eq__(self, other):
        return self._cmp(self.obj, other.obj) == 0

    def __le__(self, other):
        return self._cmp(self.obj, other.obj) <= 0

    def __ge__(self, other):
        return self._cmp(self.obj, other.obj) >= 0

    __hash__ = None


def cmp_to_key(mycmp):
    return KeyWrapper(mycmp)


# ----- reduce -----

_initial_missing = object()


def reduce(function, sequence, initial=_initial_missing):
    it = iter(sequence)
    if initial is _initial_missing:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError("reduce() of empty iterable with no initial value") from None
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value


# ----- partial -----

class partial:
    def __init__(*args, **keywords):
        if len(args) < 2:
            raise TypeError("type 'partial' takes at least one argument")
        self, func, args = args[0], args[1], args[2:]
        if not callable(func):
            raise TypeError("the first argument must be callable")
        if isinstance(func, partial):
            args = func.args + args
            keywords = {**func.keywords, **keywords}
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(*args, **keywords):
        self = args[0]
        keywords = {**self.keywords, **keywords}
        return self.func(*self.args, *args[1:], **keywords)

    def __repr__(self):
        args = [repr(self.func)]
        args.extend(repr(x) for x in self.args)
        args.extend(f"{k}={v!r}" for (k, v) in self.keywords.items())
        if type(self).__module__ == "functools":
            return f"functools.{type(self).__qualname__}({', '.join(args)})"
        return f"{type(self).__qualname__}({', '.join(args)})"


def partialmethod(func, /, *args, **keywords):
    # CPython's partialmethod is a descriptor; here it is the function its __get__ would
    # bind (its _make_unbound_method), which a class binds as any method.
    if isinstance(func, partial):
        args = func.args + args
        keywords = {**func.keywords, **keywords}
        func = func.func

    def _method(cls_or_self, /, *more, **kw):
        kw = {**keywords, **kw}
        return func(cls_or_self, *args, *more, **kw)

    return _method


# ----- lru_cache and cache -----

class _CacheInfo:
    # The named tuple CacheInfo(hits, misses, maxsize, currsize).
    def __init__(self, hits, misses, maxsize, currsize):
        self.hits = hits
        self.misses = misses
        self.maxsize = maxsize
        self.currsize = currsize

    def _tuple(self):
        return (self.hits, self.misses, self.maxsize, self.currsize)

    def __repr__(self):
        return (f"CacheInfo(hits={self.hits!r}, misses={self.misses!r}, "
                f"maxsize={self.maxsize!r}, currsize={self.currsize!r})")

    def __iter__(self):
        return iter(self._tuple())

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return self._tuple()[index]

    def __eq__(self, other):
        if isinstance(other, _CacheInfo):
            other = other._tuple()
        return self._tuple() == other

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._tuple())

    def _asdict(self):
        return {"hits": self.hits, "misses": self.misses, "maxsize": self.maxsize,
                "currsize": self.currsize}


_kwd_mark = (object(),)


def _make_key(args, kwds, typed):
    key = args
    if kwds:
        key += _kwd_mark
        for item in kwds.items():
            key += item
    if typed:
        key += tuple(type(v) for v in args)
        if kwds:
            key += tuple(type(v) for v in kwds.values())
    elif len(key) == 1 and type(key[0]) in (int, str):
        return key[0]
    return key


def lru_cache(maxsize=128, typed=False):
    if isinstance(maxsize, int):
        if maxsize < 0:
            maxsize = 0
    elif callable(maxsize) and isinstance(typed, bool):
        user_function, maxsize = maxsize, 128
        wrapper = _lru_cache_wrapper(user_function, maxsize, typed)
        wrapper.cache_parameters = lambda: {"maxsize": maxsize, "typed": typed}
        return update_wrapper(wrapper, user_function)
    elif maxsize is not None:
        raise TypeError("Expected first argument to be an integer, a callable, or None")

    def decorating_function(user_function):
        wrapper = _lru_cache_wrapper(user_function, maxsize, typed)
        wrapper.cache_parameters = lambda: {"maxsize": maxsize, "typed": typed}
        return update_wrapper(wrapper, user_function)

    return decorating_function


def _lru_cache_wrapper(user_function, maxsize, typed):
    sentinel = object()
    make_key = _make_key
    cache = {}
    hits = misses = 0

    if maxsize == 0:
        def wrapper(*args, **kwds):
            nonlocal misses
            misses += 1
            return user_function(*args, **kwds)

    elif maxsize is None:
        def wrapper(*args, **kwds):
            nonlocal hits, misses
            key = make_key(args, kwds, typed)
            result = cache.get(key, sentinel)
            if result is not sentinel:
                hits += 1
                return result
            misses += 1
            result = user_function(*args, **kwds)
            cache[key] = result
            return result

    else:
        def wrapper(*args, **kwds):
            # The dict's order is the recency order: a hit moves its key to the end,
            # and a miss on a full cache evicts the first (least recently used) key.
            nonlocal hits, misses
            key = make_key(args, kwds, typed)
            result = cache.pop(key, sentinel)
            if result is not sentinel:
                cache[key] = result
                hits += 1
                return result
            misses += 1
            result = user_function(*args, **kwds)
            if key in cache:
                # Another thread added this key while the function ran.
                pass
            else:
                if len(cache) >= maxsize:
                    del cache[next(iter(cache))]
                cache[key] = result
            return result

    def cache_info():
        return _CacheInfo(hits, misses, maxsize, len(cache))

    def cache_clear():
        nonlocal hits, misses
        cache.clear()
        hits = misses = 0

    wrapper.cache_info = cache_info
    wrapper.cache_clear = cache_clear
    return wrapper


def cache(user_function, /):
    return lru_cache(maxsize=None)(user_function)


# ----- singledispatch -----

def singledispatch(func):
    # Dispatch on the class of the first argument along its __mro__; `register` takes
    # the class explicitly (`@f.register(int)` or `f.register(int, impl)`): this
    # interpreter keeps no function annotations to read it from.
    registry = {}
    registry[object] = func

    def dispatch(cls):
        for klass in cls.__mro__:
            if klass in registry:
                return registry[klass]
        return func

    def register(cls, func=None):
        if func is None:
            if isinstance(cls, type):
                return lambda f: register(cls, f)
            raise TypeError(
                f"Invalid first argument to `register()`: {cls!r}. "
                f"Use either `@register(some_class)` or plain `@register` "
                f"on an annotated function.")
        registry[cls] = func
        return func

    def wrapper(*args, **kw):
        if not args:
            raise TypeError(f"{funcname} requires at least 1 positional argument")
        return dispatch(type(args[0]))(*args, **kw)

    funcname = getattr(func, "__name__", "singledispatch function")
    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = registry
    update_wrapper(wrapper, func)
    return wrapper


# ----- cached_property -----

def cached_property(func):
    attrname = func.__name__
    lock = _RLock()

    def fget(instance):
        with lock:
            # Another thread may have filled the cache while this one waited.
            cache = vars(instance)
            if attrname in cache:
                return cache[attrname]
            val = func(instance)
            object.__setattr__(instance, attrname, val)
            return val

    # A non-data descriptor, as CPython's: once the value is in the instance, reads
    # find it there, and assigning or deleting the name is the instance's own.
    return _interleave.cached_property(fget)


class _RLock:
    # The RLock of CPython's `_thread`, on this interpreter's `_thread` lock.
    def __init__(self):
        from _thread import get_ident
        self._get_ident = get_ident
        self._block = _allocate_lock()
        self._owner = None
        self._count = 0

    def __enter__(self):
        me = self._get_ident()
        if self._owner == me:
            self._count += 1
            return True
        self._block.acquire()
        self._owner = me
        self._count = 1
        return True

    def __exit__(self, t, v, tb):
        self._count -= 1
        if not self._count:
            self._owner = None
            self._block.release()
