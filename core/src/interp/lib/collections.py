# Interleave's bundled `collections`, written after CPython 3.11's Lib/collections: the
# `deque` the other bundled modules and most concurrency programs use, as a list with a
# moving head so popleft is O(1); and `defaultdict`, `Counter`, `OrderedDict`, `ChainMap`
# and `namedtuple` with CPython's methods, reprs and error messages.
#
# This interpreter cannot subclass `dict` or `tuple`, so the mappings here are classes
# that keep a real dict in `_data` and implement the whole mapping protocol over it, and a
# namedtuple keeps its values in a real tuple. They compare equal to plain dicts and
# tuples as CPython's do, but `isinstance(x, dict)` / `isinstance(p, tuple)` are False.


_marker = object()


# ----- helpers: CPython's comparisons, element by element -----
#
# This interpreter's own list/tuple/dict equality does not call the elements' `__eq__`,
# so the classes here compare their contents one element at a time, as CPython does
# (identity first, then `==`), going into nested lists, tuples and dicts.


def _eq(x, y):
    if x is y:
        return True
    t = type(x)
    if t is type(y):
        if t is list or t is tuple:
            return _seq_eq(x, y)
        if t is dict:
            return _dict_eq(x, y)
    return x == y


def _seq_eq(a, b):
    if len(a) != len(b):
        return False
    for i in range(len(a)):
        if not _eq(a[i], b[i]):
            return False
    return True


def _seq_order(a, b, op):
    for i in range(min(len(a), len(b))):
        x = a[i]
        y = b[i]
        if x is y or x == y:
            continue
        if op == "<":
            return x < y
        if op == "<=":
            return x <= y
        if op == ">":
            return x > y
        return x >= y
    if op == "<":
        return len(a) < len(b)
    if op == "<=":
        return len(a) <= len(b)
    if op == ">":
        return len(a) > len(b)
    return len(a) >= len(b)


def _dict_eq(a, b):
    if len(a) != len(b):
        return False
    for key in a:
        if key not in b:
            return False
        if not _eq(a[key], b[key]):
            return False
    return True


def _as_dict(other):
    # The plain dict behind a mapping (a dict, or one of the classes here), or None.
    if isinstance(other, dict):
        return other
    if isinstance(other, _DictBase):
        return other._data
    if isinstance(other, ChainMap):
        return {key: other[key] for key in other}
    return None


def _dict_update(data, args, kwargs, name):
    # dict.update / dict(...) into the plain dict `data`, with dict's messages.
    if len(args) > 1:
        raise TypeError(f"{name} expected at most 1 argument, got {len(args)}")
    if args:
        other = args[0]
        mapping = _as_dict(other)
        if mapping is not None:
            data.update(mapping)
        elif hasattr(other, "keys"):
            for key in other.keys():
                data[key] = other[key]
        else:
            i = 0
            for item in other:
                try:
                    pair = tuple(item)
                except TypeError:
                    raise TypeError(
                        f"cannot convert dictionary update sequence element #{i} to a sequence"
                    ) from None
                if len(pair) != 2:
                    raise ValueError(
                        f"dictionary update sequence element #{i} has length {len(pair)}; 2 is required"
                    )
                data[pair[0]] = pair[1]
                i += 1
    if kwargs:
        data.update(kwargs)


def _format_names(names):
    quoted = [repr(name) for name in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _bind(qualname, names, defaults, kwonly, kwdefaults, args, kwargs):
    # Binds a call the way CPython's initialize_locals does, with its TypeErrors:
    # `names` are the positional parameters (self first), the last len(defaults) of them
    # with those defaults; `kwonly` the keyword-only ones, with defaults in `kwdefaults`.
    # Returns the values of names + kwonly.
    argcount = len(names)
    given = len(args)
    values = list(args[:argcount])
    while len(values) < argcount:
        values.append(_marker)
    kwvalues = [_marker] * len(kwonly)
    for key in kwargs:
        if key in names:
            i = names.index(key)
            if values[i] is not _marker:
                raise TypeError(f"{qualname}() got multiple values for argument '{key}'")
            values[i] = kwargs[key]
        elif key in kwonly:
            kwvalues[kwonly.index(key)] = kwargs[key]
        else:
            raise TypeError(f"{qualname}() got an unexpected keyword argument '{key}'")
    if given > argcount:
        kwonly_given = len([v for v in kwvalues if v is not _marker])
        if defaults:
            sig = f"from {argcount - len(defaults)} to {argcount}"
            plural = "s"
        else:
            sig = str(argcount)
            plural = "" if argcount == 1 else "s"
        extra = ""
        if kwonly_given:
            extra = (
                f" positional argument{'' if given == 1 else 's'}"
                f" (and {kwonly_given} keyword-only argument{'' if kwonly_given == 1 else 's'})"
            )
        was = "was" if given == 1 and not kwonly_given else "were"
        raise TypeError(f"{qualname}() takes {sig} positional argument{plural} but {given}{extra} {was} given")
    required = argcount - len(defaults)
    missing = [names[i] for i in range(required) if values[i] is _marker]
    if missing:
        s = "" if len(missing) == 1 else "s"
        raise TypeError(
            f"{qualname}() missing {len(missing)} required positional argument{s}: {_format_names(missing)}"
        )
    for i in range(required, argcount):
        if values[i] is _marker:
            values[i] = defaults[i - required]
    missing = []
    for i in range(len(kwonly)):
        if kwvalues[i] is _marker:
            if kwonly[i] in kwdefaults:
                kwvalues[i] = kwdefaults[kwonly[i]]
            else:
                missing.append(kwonly[i])
    if missing:
        s = "" if len(missing) == 1 else "s"
        raise TypeError(
            f"{qualname}() missing {len(missing)} required keyword-only argument{s}: {_format_names(missing)}"
        )
    return values + kwvalues


# ----- the dict-like classes -----


class _DictBase:
    # dict's methods over the plain dict in `self._data`, for the classes CPython derives
    # from dict.
    __hash__ = None

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def __reversed__(self):
        return reversed(self._data)

    def __contains__(self, key):
        return key in self._data

    def __bool__(self):
        return len(self._data) > 0

    # dict calls __missing__ only when a subclass defines it; the KeyError is raised
    # here, in the frame the interpreter called, not one call further down.
    def __getitem__(self, key):
        data = self._data
        if key in data:
            return data[key]
        missing = getattr(type(self), "__missing__", None)
        if missing is not None:
            return missing(self, key)
        raise KeyError(key)

    def __setitem__(self, key, value):
        self._data[key] = value

    def __delitem__(self, key):
        del self._data[key]

    def get(self, key, default=None):
        return self._data.get(key, default)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def pop(self, key, *default):
        if len(default) > 1:
            raise TypeError(f"pop expected at most 2 arguments, got {len(default) + 1}")
        return self._data.pop(key, *default)

    def popitem(self):
        return self._data.popitem()

    def setdefault(self, key, default=None):
        return self._data.setdefault(key, default)

    def clear(self):
        self._data.clear()

    def update(self, *args, **kwargs):
        _dict_update(self._data, args, kwargs, "update")

    def copy(self):
        return type(self)(self)

    def __copy__(self):
        return self.copy()

    @classmethod
    def fromkeys(cls, iterable, value=None):
        new = cls()
        for key in iterable:
            new[key] = value
        return new

    def __class_getitem__(cls, item):
        return cls

    def __eq__(self, other):
        data = _as_dict(other)
        if data is None:
            return NotImplemented
        return _dict_eq(self._data, data)

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    def _type_name(self):
        # The name CPython's messages give the C types defaultdict and OrderedDict.
        cls = type(self)
        if cls is defaultdict or cls is OrderedDict:
            return "collections." + cls.__name__
        return cls.__name__

    def __or__(self, other):
        if _as_dict(other) is None:
            raise TypeError(
                f"unsupported operand type(s) for |: '{self._type_name()}' and '{type(other).__name__}'"
            )
        new = self.copy()
        new.update(other)
        return new

    def __ror__(self, other):
        if _as_dict(other) is None:
            raise TypeError(
                f"unsupported operand type(s) for |: '{type(other).__name__}' and '{self._type_name()}'"
            )
        new = dict(_as_dict(other))
        new.update(self._data)
        return new

    def __ior__(self, other):
        self.update(other)
        return self


class defaultdict(_DictBase):
    def __init__(self, default_factory=None, /, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        self.default_factory = default_factory
        self._data = {}
        _dict_update(self._data, args, kwargs, "dict")

    def __getitem__(self, key):
        data = self._data
        if key in data:
            return data[key]
        if type(self).__missing__ is not defaultdict.__missing__:
            return self.__missing__(key)
        factory = self.default_factory
        if factory is None:
            raise KeyError(key)
        value = factory()
        self[key] = value
        return value

    def __missing__(self, key):
        factory = self.default_factory
        if factory is None:
            raise KeyError(key)
        value = factory()
        self[key] = value
        return value

    def copy(self):
        return type(self)(self.default_factory, self._data)

    def __ror__(self, other):
        if _as_dict(other) is None:
            raise TypeError(
                f"unsupported operand type(s) for |: '{type(other).__name__}' and '{self._type_name()}'"
            )
        new = type(self)(self.default_factory, other)
        new.update(self._data)
        return new

    def __repr__(self):
        factory = self.default_factory
        shown = "None" if factory is None else repr(factory)
        return f"{type(self).__name__}({shown}, {self._data!r})"


def _count_of(item):
    return item[1]


class Counter(_DictBase):
    def __init__(self, iterable=None, /, **kwds):
        self._data = {}
        self.update(iterable, **kwds)

    def __getitem__(self, key):
        data = self._data
        if key in data:
            return data[key]
        if type(self).__missing__ is not Counter.__missing__:
            return self.__missing__(key)
        return 0

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self._data.values())

    def most_common(self, n=None):
        ordered = sorted(self._data.items(), key=_count_of, reverse=True)
        if n is None:
            return ordered
        if n >= len(ordered):
            return ordered
        if n <= 0:
            return []
        return ordered[:n]

    def elements(self):
        for elem, count in self._data.items():
            for _ in range(count):
                yield elem

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError("Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")

    def update(self, iterable=None, /, **kwds):
        data = self._data
        if iterable is not None:
            mapping = _as_dict(iterable)
            if mapping is not None:
                if data:
                    for elem, count in mapping.items():
                        data[elem] = count + data.get(elem, 0)
                else:
                    data.update(mapping)
            else:
                for elem in iterable:
                    data[elem] = data.get(elem, 0) + 1
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, /, **kwds):
        data = self._data
        if iterable is not None:
            mapping = _as_dict(iterable)
            if mapping is not None:
                for elem, count in mapping.items():
                    data[elem] = data.get(elem, 0) - count
            else:
                for elem in iterable:
                    data[elem] = data.get(elem, 0) - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        return type(self)(self)

    def __delitem__(self, elem):
        if elem in self._data:
            del self._data[elem]

    def __repr__(self):
        if not self._data:
            return f"{type(self).__name__}()"
        try:
            shown = dict(sorted(self._data.items(), key=_count_of, reverse=True))
        except TypeError:
            shown = dict(self._data)
        return f"{type(self).__name__}({shown!r})"

    # Multiset equality and inclusion (3.10+): missing elements count as zero.

    def _all(self, other, op):
        for c in (self, other):
            for e in c._data:
                a = self[e]
                b = other[e]
                if op == "==":
                    ok = a == b
                else:
                    ok = a <= b
                if not ok:
                    return False
        return True

    def __eq__(self, other):
        if isinstance(other, Counter):
            return self._all(other, "==")
        return _DictBase.__eq__(self, other)

    def __le__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._all(other, "<=")

    def __lt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self <= other and self != other

    def __ge__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return other <= self

    def __gt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self >= other and self != other

    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self._data.items():
            newcount = count + other[elem]
            if newcount > 0:
                result._data[elem] = newcount
        for elem, count in other._data.items():
            if elem not in self._data and count > 0:
                result._data[elem] = count
        return result

    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self._data.items():
            newcount = count - other[elem]
            if newcount > 0:
                result._data[elem] = newcount
        for elem, count in other._data.items():
            if elem not in self._data and count < 0:
                result._data[elem] = 0 - count
        return result

    def __or__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self._data.items():
            other_count = other[elem]
            newcount = other_count if count < other_count else count
            if newcount > 0:
                result._data[elem] = newcount
        for elem, count in other._data.items():
            if elem not in self._data and count > 0:
                result._data[elem] = count
        return result

    def __ror__(self, other):
        return _DictBase.__ror__(self, other)

    def __and__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self._data.items():
            other_count = other[elem]
            newcount = count if count < other_count else other_count
            if newcount > 0:
                result._data[elem] = newcount
        return result

    def __pos__(self):
        result = Counter()
        for elem, count in self._data.items():
            if count > 0:
                result._data[elem] = count
        return result

    def __neg__(self):
        result = Counter()
        for elem, count in self._data.items():
            if count < 0:
                result._data[elem] = 0 - count
        return result

    def _keep_positive(self):
        data = self._data
        for elem in [elem for elem, count in data.items() if not count > 0]:
            del data[elem]
        return self

    def __iadd__(self, other):
        for elem, count in other._data.items():
            self[elem] += count
        return self._keep_positive()

    def __isub__(self, other):
        for elem, count in other._data.items():
            self[elem] -= count
        return self._keep_positive()

    def __ior__(self, other):
        for elem, other_count in other._data.items():
            count = self[elem]
            if other_count > count:
                self[elem] = other_count
        return self._keep_positive()

    def __iand__(self, other):
        for elem, count in self._data.items():
            other_count = other[elem]
            if other_count < count:
                self[elem] = other_count
        return self._keep_positive()


def _pair(item):
    # OrderedDict's update unpacks each item as a 2-sequence.
    pair = tuple(item)
    if len(pair) > 2:
        raise ValueError("too many values to unpack (expected 2)")
    if len(pair) < 2:
        raise ValueError(f"need more than {len(pair)} value{'' if len(pair) == 1 else 's'} to unpack")
    return pair


class OrderedDict(_DictBase):
    def __init__(self, *args, **kwds):
        if len(args) > 1:
            raise TypeError(f"expected at most 1 arguments, got {len(args)}")
        self._data = {}
        self.update(*args, **kwds)

    def update(self, *args, **kwds):
        # MutableMapping.update: every item goes through self[key] = value.
        if len(args) > 1:
            raise TypeError(f"update expected at most 1 argument, got {len(args)}")
        if args:
            other = args[0]
            mapping = _as_dict(other)
            if mapping is not None:
                for key in mapping:
                    self[key] = mapping[key]
            elif hasattr(other, "keys"):
                for key in other.keys():
                    self[key] = other[key]
            else:
                for item in other:
                    key, value = _pair(item)
                    self[key] = value
        for key in kwds:
            self[key] = kwds[key]

    def popitem(self, last=True):
        data = self._data
        if not data:
            raise KeyError("dictionary is empty")
        if last:
            key = next(reversed(data))
        else:
            key = next(iter(data))
        return (key, data.pop(key))

    def move_to_end(self, key, last=True):
        data = self._data
        if key not in data:
            raise KeyError(key)
        value = data.pop(key)
        if last:
            data[key] = value
        else:
            rest = list(data.items())
            data.clear()
            data[key] = value
            for k, v in rest:
                data[k] = v

    def setdefault(self, key, default=None):
        if key in self._data:
            return self[key]
        self[key] = default
        return default

    def keys(self):
        return odict_keys(self)

    def values(self):
        return odict_values(self)

    def items(self):
        return odict_items(self)

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return _dict_eq(self._data, other._data) and _seq_eq(list(self._data), list(other._data))
        return _DictBase.__eq__(self, other)

    def __ror__(self, other):
        if _as_dict(other) is None:
            raise TypeError(
                f"unsupported operand type(s) for |: '{type(other).__name__}' and '{self._type_name()}'"
            )
        new = type(self)(other)
        new.update(self)
        return new

    def __repr__(self):
        if not self._data:
            return f"{type(self).__name__}()"
        return f"{type(self).__name__}({list(self._data.items())!r})"


class _OrderedDictView:
    def __init__(self, mapping):
        self._mapping = mapping

    def __len__(self):
        return len(self._mapping._data)

    def __repr__(self):
        return f"{type(self).__name__}({list(self)!r})"


class _SetLikeView(_OrderedDictView):
    def _other(self, other):
        if isinstance(other, (set, frozenset)):
            return other
        return set(other)

    def __eq__(self, other):
        if isinstance(other, (set, frozenset, _SetLikeView)) or type(other).__name__ in ("dict_keys", "dict_items"):
            return set(self) == set(other)
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    def __and__(self, other):
        return set(self) & self._other(other)

    def __or__(self, other):
        return set(self) | self._other(other)

    def __sub__(self, other):
        return set(self) - self._other(other)

    def __xor__(self, other):
        return set(self) ^ self._other(other)

    def isdisjoint(self, other):
        for value in other:
            if value in self:
                return False
        return True


class odict_keys(_SetLikeView):
    def __iter__(self):
        return iter(self._mapping._data)

    def __reversed__(self):
        return reversed(self._mapping._data)

    def __contains__(self, key):
        return key in self._mapping._data


class odict_items(_SetLikeView):
    def __iter__(self):
        return iter(self._mapping._data.items())

    def __reversed__(self):
        data = self._mapping._data
        return iter([(key, data[key]) for key in reversed(data)])

    def __contains__(self, item):
        key, value = item
        data = self._mapping._data
        return key in data and (data[key] is value or data[key] == value)


class odict_values(_OrderedDictView):
    def __iter__(self):
        return iter(self._mapping._data.values())

    def __reversed__(self):
        data = self._mapping._data
        return iter([data[key] for key in reversed(data)])


# ----- ChainMap and the mapping views it returns -----


class _MappingView:
    def __init__(self, mapping):
        self._mapping = mapping

    def __len__(self):
        return len(self._mapping)

    def __repr__(self):
        return f"{type(self).__name__}({self._mapping!r})"


class KeysView(_MappingView):
    def __iter__(self):
        return iter(self._mapping)

    def __contains__(self, key):
        return key in self._mapping


class ItemsView(_MappingView):
    def __iter__(self):
        mapping = self._mapping
        return iter([(key, mapping[key]) for key in mapping])

    def __contains__(self, item):
        key, value = item
        if key not in self._mapping:
            return False
        v = self._mapping[key]
        return v is value or v == value


class ValuesView(_MappingView):
    def __iter__(self):
        mapping = self._mapping
        return iter([mapping[key] for key in mapping])

    def __contains__(self, value):
        for key in self._mapping:
            v = self._mapping[key]
            if v is value or v == value:
                return True
        return False


class ChainMap:
    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __missing__(self, key):
        raise KeyError(key)

    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
            if isinstance(mapping, Counter) or (
                    isinstance(mapping, defaultdict) and mapping.default_factory is not None):
                return mapping[key]
        if type(self).__missing__ is not ChainMap.__missing__:
            return self.__missing__(key)
        raise KeyError(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        seen = {}
        for mapping in self.maps:
            for key in mapping:
                seen[key] = None
        return len(seen)

    def __iter__(self):
        d = {}
        for mapping in reversed(self.maps):
            for key in mapping:
                d[key] = None
        return iter(d)

    def __contains__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return True
        return False

    def __bool__(self):
        for mapping in self.maps:
            if mapping:
                return True
        return False

    def __repr__(self):
        return f"{type(self).__name__}({', '.join([repr(m) for m in self.maps])})"

    def keys(self):
        return KeysView(self)

    def items(self):
        return ItemsView(self)

    def values(self):
        return ValuesView(self)

    def __eq__(self, other):
        data = _as_dict(other)
        if data is None:
            return NotImplemented
        return _dict_eq(_as_dict(self), data)

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    __hash__ = None

    def __class_getitem__(cls, item):
        return cls

    @classmethod
    def fromkeys(cls, iterable, *args):
        return cls(dict.fromkeys(iterable, *args))

    def copy(self):
        return type(self)(self.maps[0].copy(), *self.maps[1:])

    def __copy__(self):
        return self.copy()

    def new_child(self, m=None, **kwargs):
        if m is None:
            m = kwargs
        elif kwargs:
            m.update(kwargs)
        return type(self)(m, *self.maps)

    @property
    def parents(self):
        return type(self)(*self.maps[1:])

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError(f"Key not found in the first mapping: {key!r}")

    def popitem(self):
        try:
            return self.maps[0].popitem()
        except KeyError:
            raise KeyError("No keys found in the first mapping.")

    def pop(self, key, *args):
        try:
            return self.maps[0].pop(key, *args)
        except KeyError:
            raise KeyError(f"Key not found in the first mapping: {key!r}")

    def clear(self):
        self.maps[0].clear()

    def setdefault(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            self[key] = default
        return default

    def update(self, *args, **kwargs):
        data = {}
        _dict_update(data, args, kwargs, "update")
        for key in data:
            self[key] = data[key]

    def __ior__(self, other):
        self.update(other)
        return self

    def __or__(self, other):
        if _as_dict(other) is None:
            return NotImplemented
        m = self.copy()
        m.maps[0].update(other)
        return m

    def __ror__(self, other):
        if _as_dict(other) is None:
            return NotImplemented
        m = dict(_as_dict(other))
        for child in reversed(self.maps):
            m.update(_as_dict(child))
        return type(self)(m)


# ----- namedtuple -----

_KEYWORDS = frozenset([
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield",
])


def _isidentifier(name):
    if not name:
        return False
    if not (name[0] == "_" or name[0].isalpha()):
        return False
    for c in name:
        if not (c == "_" or c.isalnum()):
            return False
    return True


_RAW = object()


def _tuple_of(value):
    if isinstance(value, tuple):
        return value
    if isinstance(value, _NamedTupleBase):
        return value._tuple
    return None


class _NamedTupleBase:
    # The tuple behaviour of the classes namedtuple() makes: the values live in the real
    # tuple `self._tuple` (and, for speed, as instance attributes named by the fields).

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if args and args[0] is _RAW:
            values = args[1]
        else:
            values = tuple(_bind(cls._new_name, cls._params, cls._defaults, (), {}, (None,) + args, kwargs)[1:])
        object.__setattr__(self, "_tuple", values)
        fields = cls._fields
        for i in range(len(fields)):
            object.__setattr__(self, fields[i], values[i])

    @classmethod
    def _make(cls, iterable):
        values = tuple(iterable)
        if len(values) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(values)}")
        return cls(_RAW, values)

    def _name(self):
        cls = type(self)
        if cls is cls._generated:
            return cls._typename
        return cls.__name__

    def __len__(self):
        return len(self._tuple)

    def __iter__(self):
        return iter(self._tuple)

    def __reversed__(self):
        return reversed(self._tuple)

    def __getitem__(self, index):
        return self._tuple[index]

    def __contains__(self, value):
        return value in self._tuple

    def count(self, value):
        return self._tuple.count(value)

    def index(self, value, *args):
        return self._tuple.index(value, *args)

    def __hash__(self):
        return hash(self._tuple)

    # What a dict or set compares it by, as __eq__ and __hash__ do (the interpreter's
    # tables cannot call Python while they probe).
    __interleave_key__ = "_tuple"

    def __add__(self, other):
        t = _tuple_of(other)
        return self._tuple + (other if t is None else t)

    def __radd__(self, other):
        if isinstance(other, tuple):
            return other + self._tuple
        return NotImplemented

    def __mul__(self, n):
        return self._tuple * n

    def __rmul__(self, n):
        return self._tuple * n

    def __eq__(self, other):
        t = _tuple_of(other)
        if t is None:
            return NotImplemented
        return _seq_eq(self._tuple, t)

    def __ne__(self, other):
        t = _tuple_of(other)
        if t is None:
            return NotImplemented
        return not _seq_eq(self._tuple, t)

    def __lt__(self, other):
        t = _tuple_of(other)
        if t is None:
            return NotImplemented
        return _seq_order(self._tuple, t, "<")

    def __le__(self, other):
        t = _tuple_of(other)
        if t is None:
            return NotImplemented
        return _seq_order(self._tuple, t, "<=")

    def __gt__(self, other):
        t = _tuple_of(other)
        if t is None:
            return NotImplemented
        return _seq_order(self._tuple, t, ">")

    def __ge__(self, other):
        t = _tuple_of(other)
        if t is None:
            return NotImplemented
        return _seq_order(self._tuple, t, ">=")

    def __repr__(self):
        fields = self._fields
        values = self._tuple
        inner = ", ".join([f"{fields[i]}={values[i]!r}" for i in range(len(fields))])
        return f"{self._name()}({inner})"

    def _asdict(self):
        fields = self._fields
        values = self._tuple
        return {fields[i]: values[i] for i in range(len(fields))}

    def _replace(self, /, **kwds):
        fields = self._fields
        values = self._tuple
        result = self._make([kwds.pop(fields[i], values[i]) for i in range(len(fields))])
        if kwds:
            raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
        return result

    def __getnewargs__(self):
        return self._tuple

    def _no_attribute(self, name):
        return AttributeError(f"'{self._name()}' object has no attribute '{name}'")

    def __getattr__(self, name):
        raise self._no_attribute(name)

    def __setattr__(self, name, value):
        if name in self._fields:
            raise AttributeError("can't set attribute")
        cls = type(self)
        if cls is cls._generated or getattr(cls, "__slots__", None) is not None:
            raise self._no_attribute(name)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        # (This interpreter does not call __delattr__ yet: `del p.x` removes the attribute.)
        if name in self._fields:
            raise AttributeError("can't delete attribute")
        raise self._no_attribute(name)


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    field_names = [str(name) for name in field_names]
    typename = str(typename)
    if rename:
        seen = set()
        for index in range(len(field_names)):
            name = field_names[index]
            if (not _isidentifier(name) or name in _KEYWORDS or name.startswith("_")
                    or name in seen):
                field_names[index] = f"_{index}"
            seen.add(name)
    for name in [typename] + field_names:
        if not _isidentifier(name):
            raise ValueError(f"Type names and field names must be valid identifiers: {name!r}")
        if name in _KEYWORDS:
            raise ValueError(f"Type names and field names cannot be a keyword: {name!r}")
    seen = set()
    for name in field_names:
        if name.startswith("_") and not rename:
            raise ValueError(f"Field names cannot start with an underscore: {name!r}")
        if name in seen:
            raise ValueError(f"Encountered duplicate field name: {name!r}")
        seen.add(name)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > len(field_names):
            raise TypeError("Got more default values than field names")
        start = len(field_names) - len(defaults)
        for i in range(len(defaults)):
            field_defaults[field_names[start + i]] = defaults[i]
    # The methods are _NamedTupleBase's, reading what they need from class attributes:
    # the class body itself only names the class (with no methods closing over this
    # function's variables, which this interpreter's class bodies did not pass on).
    class namedtuple(_NamedTupleBase):
        __qualname__ = typename

    fields = tuple(field_names)
    namedtuple.__doc__ = f"{typename}({', '.join(fields)})"
    namedtuple.__match_args__ = fields
    namedtuple._typename = typename
    namedtuple._fields = fields
    namedtuple._field_defaults = field_defaults
    namedtuple._new_name = f"{typename}.__new__"
    namedtuple._params = ["_cls"] + field_names
    namedtuple._defaults = list(defaults or ())
    namedtuple._generated = namedtuple
    return namedtuple


# ----- deque -----


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

    def __class_getitem__(cls, item):
        return cls

    def __repr__(self):
        if self.maxlen is None:
            return f"deque({self._items[self._head:]!r})"
        return f"deque({self._items[self._head:]!r}, maxlen={self.maxlen})"
