# Interleave's bundled `dataclasses`, written after CPython 3.11's Lib/dataclasses.py:
# @dataclass with its options, field(), fields(), asdict(), astuple(), replace(),
# is_dataclass(), InitVar, KW_ONLY and FrozenInstanceError, with CPython's reprs and
# messages. The fields come from the class's own `__annotations__` (and those of its
# dataclass bases), in order. CPython writes the generated methods as source and runs
# `exec`; here they are closures over the field list, and the generated `__init__`
# binds its arguments with the same TypeErrors a def with those parameters raises
# (`Job.__init__() missing 1 required positional argument: 'name'`).
from collections import _bind, _seq_eq, _seq_order, _NamedTupleBase, _DictBase

__all__ = ["dataclass", "field", "Field", "FrozenInstanceError", "InitVar", "KW_ONLY",
           "MISSING", "fields", "asdict", "astuple", "replace", "is_dataclass"]


class FrozenInstanceError(AttributeError):
    pass


class _HAS_DEFAULT_FACTORY_CLASS:
    def __repr__(self):
        return "<factory>"


_HAS_DEFAULT_FACTORY = _HAS_DEFAULT_FACTORY_CLASS()


class _MISSING_TYPE:
    pass


MISSING = _MISSING_TYPE()


class _KW_ONLY_TYPE:
    pass


KW_ONLY = _KW_ONLY_TYPE()


class _FIELD_BASE:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


_FIELD = _FIELD_BASE("_FIELD")
_FIELD_CLASSVAR = _FIELD_BASE("_FIELD_CLASSVAR")
_FIELD_INITVAR = _FIELD_BASE("_FIELD_INITVAR")

_FIELDS = "__dataclass_fields__"
_PARAMS = "__dataclass_params__"
_POST_INIT_NAME = "__post_init__"


class InitVar:
    def __init__(self, type):
        self.type = type

    def __repr__(self):
        if isinstance(self.type, type):
            type_name = self.type.__name__
        else:
            type_name = repr(self.type)
        return f"dataclasses.InitVar[{type_name}]"

    def __class_getitem__(cls, type):
        return InitVar(type)


class _MappingProxy:
    # How Field shows its metadata (CPython wraps it in types.MappingProxyType).
    def __init__(self, mapping):
        self._mapping = mapping

    def __getitem__(self, key):
        return self._mapping[key]

    def __iter__(self):
        return iter(self._mapping)

    def __len__(self):
        return len(self._mapping)

    def __contains__(self, key):
        return key in self._mapping

    def get(self, key, default=None):
        return self._mapping.get(key, default)

    def keys(self):
        return self._mapping.keys()

    def values(self):
        return self._mapping.values()

    def items(self):
        return self._mapping.items()

    def __repr__(self):
        return f"mappingproxy({self._mapping!r})"


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = _MappingProxy({} if metadata is None else metadata)
        self.kw_only = kw_only
        self._field_type = None

    def __repr__(self):
        return ("Field("
                f"name={self.name!r},"
                f"type={self.type!r},"
                f"default={self.default!r},"
                f"default_factory={self.default_factory!r},"
                f"init={self.init!r},"
                f"repr={self.repr!r},"
                f"hash={self.hash!r},"
                f"compare={self.compare!r},"
                f"metadata={self.metadata!r},"
                f"kw_only={self.kw_only!r},"
                f"_field_type={self._field_type}"
                ")")

    def __class_getitem__(cls, item):
        return cls


class _DataclassParams:
    def __init__(self, init, repr, eq, order, unsafe_hash, frozen):
        self.init = init
        self.repr = repr
        self.eq = eq
        self.order = order
        self.unsafe_hash = unsafe_hash
        self.frozen = frozen

    def __repr__(self):
        return ("_DataclassParams("
                f"init={self.init!r},"
                f"repr={self.repr!r},"
                f"eq={self.eq!r},"
                f"order={self.order!r},"
                f"unsafe_hash={self.unsafe_hash!r},"
                f"frozen={self.frozen!r}"
                ")")


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True,
          hash=None, compare=True, metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


# ----- recognising ClassVar, InitVar and KW_ONLY annotations -----


def _string_names(annotation, names):
    # "ClassVar[int]", "typing.ClassVar", "dataclasses.InitVar[str]": the string forms
    # `from __future__ import annotations` gives.
    text = annotation.strip()
    for name in names:
        if text == name or text.startswith(name + "["):
            return True
    return False


def _is_classvar(a_type):
    if isinstance(a_type, str):
        return _string_names(a_type, ("ClassVar", "typing.ClassVar"))
    origin = getattr(a_type, "__origin__", a_type)
    return type(origin).__name__ == "_SpecialForm" and repr(origin) == "typing.ClassVar"


def _is_initvar(a_type):
    if isinstance(a_type, str):
        return _string_names(a_type, ("InitVar", "dataclasses.InitVar"))
    return a_type is InitVar or type(a_type) is InitVar


def _is_kw_only(a_type):
    if isinstance(a_type, str):
        return _string_names(a_type, ("KW_ONLY", "dataclasses.KW_ONLY"))
    return a_type is KW_ONLY


_NOT_FOUND = object()


def _defines(cls, name):
    # Whether the class body itself defines `name` (CPython reads cls.__dict__).
    value = getattr(cls, name, _NOT_FOUND)
    if value is _NOT_FOUND:
        return False
    for base in cls.__mro__[1:]:
        if getattr(base, name, _NOT_FOUND) is value:
            return False
    return True


def _is_unhashable(value):
    if isinstance(value, (list, dict, set, _DictBase)):
        return True
    return getattr(type(value), "__hash__", 0) is None


def _get_field(cls, a_name, a_type, default_kw_only):
    default = getattr(cls, a_name, MISSING)
    if isinstance(default, Field):
        f = default
    else:
        f = field(default=default)
    f.name = a_name
    f.type = a_type
    f._field_type = _FIELD
    if _is_classvar(a_type):
        f._field_type = _FIELD_CLASSVAR
    elif _is_initvar(a_type):
        f._field_type = _FIELD_INITVAR
    if f._field_type is _FIELD_CLASSVAR or f._field_type is _FIELD_INITVAR:
        if f.default_factory is not MISSING:
            raise TypeError(f"field {f.name} cannot have a default factory")
    if f._field_type is _FIELD or f._field_type is _FIELD_INITVAR:
        if f.kw_only is MISSING:
            f.kw_only = default_kw_only
    elif f.kw_only is not MISSING:
        raise TypeError(f"field {f.name} is a ClassVar but specifies kw_only")
    if f._field_type is _FIELD and _is_unhashable(f.default):
        raise ValueError(f"mutable default {type(f.default)} for field {f.name} is not allowed: use default_factory")
    return f


# ----- the generated methods, as closures -----


def _init_fn(cls, fields, std_fields, kw_only_fields, frozen, has_post_init):
    seen_default = False
    for f in std_fields:
        if f.init:
            if not (f.default is MISSING and f.default_factory is MISSING):
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")

    def param_default(f):
        if f.default_factory is not MISSING:
            return _HAS_DEFAULT_FACTORY
        return f.default

    self_name = "__dataclass_self__" if "self" in [f.name for f in fields] else "self"
    qualname = f"{cls.__qualname__}.__init__"
    names = [self_name] + [f.name for f in std_fields]
    defaults = [param_default(f) for f in std_fields
                if f.default is not MISSING or f.default_factory is not MISSING]
    kwonly = [f.name for f in kw_only_fields]
    kwdefaults = {}
    for f in kw_only_fields:
        if f.default is not MISSING or f.default_factory is not MISSING:
            kwdefaults[f.name] = param_default(f)
    params = names[1:] + kwonly
    # What __init__ does per field: (name, factory or None, parameter index or -1).
    steps = []
    for f in fields:
        index = params.index(f.name) if f.init else -1
        if f.default_factory is not MISSING:
            steps.append((f.name, f.default_factory, index, f._field_type is _FIELD_INITVAR))
        elif f.init:
            steps.append((f.name, None, index, f._field_type is _FIELD_INITVAR))
    initvars = [params.index(f.name) for f in fields if f._field_type is _FIELD_INITVAR]

    def __init__(self, *args, **kwargs):
        values = _bind(qualname, names, defaults, kwonly, kwdefaults, (self,) + args, kwargs)[1:]
        for name, factory, index, is_initvar in steps:
            if factory is not None:
                if index >= 0:
                    value = values[index]
                    if value is _HAS_DEFAULT_FACTORY:
                        value = factory()
                else:
                    value = factory()
            else:
                value = values[index]
            if is_initvar:
                continue
            if frozen:
                object.__setattr__(self, name, value)
            else:
                setattr(self, name, value)
        if has_post_init:
            self.__post_init__(*[values[i] for i in initvars])

    __init__.__qualname__ = qualname
    return __init__


_repr_running = set()


def _repr_fn(cls, fields):
    names = [f.name for f in fields if f.repr]

    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            return "..."
        _repr_running.add(key)
        try:
            inner = ", ".join([f"{name}={getattr(self, name)!r}" for name in names])
        finally:
            _repr_running.discard(key)
        return f"{type(self).__qualname__}({inner})"

    __repr__.__qualname__ = f"{cls.__qualname__}.__repr__"
    return __repr__


def _values(obj, names):
    return [getattr(obj, name) for name in names]


def _eq_fn(cls, names):
    def __eq__(self, other):
        if type(other) is type(self):
            return _seq_eq(_values(self, names), _values(other, names))
        return NotImplemented

    __eq__.__qualname__ = f"{cls.__qualname__}.__eq__"
    return __eq__


def _order_fn(cls, name, op, names):
    def compare(self, other):
        if type(other) is type(self):
            return _seq_order(_values(self, names), _values(other, names), op)
        return NotImplemented

    compare.__name__ = name
    compare.__qualname__ = f"{cls.__qualname__}.{name}"
    return compare


def _hash_fn(cls, names):
    def __hash__(self):
        return hash(tuple(_values(self, names)))

    __hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
    return __hash__


def _frozen_fns(cls, names):
    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        raise AttributeError(name)

    __setattr__.__qualname__ = f"{cls.__qualname__}.__setattr__"
    __delattr__.__qualname__ = f"{cls.__qualname__}.__delattr__"
    return __setattr__, __delattr__


def _set_new_attribute(cls, name, value):
    # Never overwrites what the class body defined; True if it had.
    if _defines(cls, name):
        return True
    setattr(cls, name, value)
    return False


# ----- @dataclass -----


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only):
    fields = {}
    setattr(cls, _PARAMS, _DataclassParams(init, repr, eq, order, unsafe_hash, frozen))

    any_frozen_base = False
    has_dataclass_bases = False
    for b in cls.__mro__[-1:0:-1]:
        base_fields = getattr(b, _FIELDS, None)
        if base_fields is not None:
            has_dataclass_bases = True
            for f in base_fields.values():
                fields[f.name] = f
            if getattr(b, _PARAMS).frozen:
                any_frozen_base = True

    cls_annotations = cls.__annotations__
    cls_fields = []
    kw_only_seen = False
    for name in cls_annotations:
        a_type = cls_annotations[name]
        if _is_kw_only(a_type):
            if kw_only_seen:
                raise TypeError(f"{name!r} is KW_ONLY, but KW_ONLY has already been specified")
            kw_only_seen = True
            kw_only = True
        else:
            cls_fields.append(_get_field(cls, name, a_type, kw_only))
    for f in cls_fields:
        fields[f.name] = f
        if isinstance(getattr(cls, f.name, None), Field):
            if f.default is MISSING:
                # CPython deletes the class attribute; this interpreter's delattr does
                # not remove class attributes, so the Field object stays behind.
                delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)

    if has_dataclass_bases:
        if any_frozen_base and not frozen:
            raise TypeError("cannot inherit non-frozen dataclass from a frozen one")
        if not any_frozen_base and frozen:
            raise TypeError("cannot inherit frozen dataclass from a non-frozen one")

    setattr(cls, _FIELDS, fields)

    if order and not eq:
        raise ValueError("eq must be true if order is true")

    all_init_fields = [f for f in fields.values()
                       if f._field_type is _FIELD or f._field_type is _FIELD_INITVAR]
    std_init_fields = [f for f in all_init_fields if f.init and not f.kw_only]
    kw_only_init_fields = [f for f in all_init_fields if f.init and f.kw_only]

    if init:
        has_post_init = hasattr(cls, _POST_INIT_NAME)
        _set_new_attribute(cls, "__init__",
                           _init_fn(cls, all_init_fields, std_init_fields, kw_only_init_fields,
                                    frozen, has_post_init))

    field_list = [f for f in fields.values() if f._field_type is _FIELD]

    if repr:
        _set_new_attribute(cls, "__repr__", _repr_fn(cls, field_list))

    compare_names = [f.name for f in field_list if f.compare]
    class_defines_eq = _defines(cls, "__eq__")
    if eq:
        _set_new_attribute(cls, "__eq__", _eq_fn(cls, compare_names))

    if order:
        for name, op in (("__lt__", "<"), ("__le__", "<="), ("__gt__", ">"), ("__ge__", ">=")):
            if _set_new_attribute(cls, name, _order_fn(cls, name, op, compare_names)):
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}. "
                                "Consider using functools.total_ordering")

    if frozen:
        setter, deleter = _frozen_fns(cls, [f.name for f in field_list])
        if _set_new_attribute(cls, "__setattr__", setter):
            raise TypeError(f"Cannot overwrite attribute __setattr__ in class {cls.__name__}")
        if _set_new_attribute(cls, "__delattr__", deleter):
            raise TypeError(f"Cannot overwrite attribute __delattr__ in class {cls.__name__}")

    # __hash__, after CPython's _hash_action table.
    class_hash = getattr(cls, "__hash__", None) if _defines(cls, "__hash__") else MISSING
    has_explicit_hash = not (class_hash is MISSING or (class_hash is None and class_defines_eq))
    hash_names = [f.name for f in field_list if (f.compare if f.hash is None else f.hash)]
    generated_hash = False
    if unsafe_hash:
        if has_explicit_hash:
            raise TypeError(f"Cannot overwrite attribute __hash__ in class {cls.__name__}")
        cls.__hash__ = _hash_fn(cls, hash_names)
        generated_hash = True
    elif eq and frozen:
        if not has_explicit_hash:
            cls.__hash__ = _hash_fn(cls, hash_names)
            generated_hash = True
    elif eq:
        if not has_explicit_hash:
            cls.__hash__ = None
    if eq and not class_defines_eq and generated_hash:
        # The interpreter's dicts and sets cannot call Python while they probe: this
        # names what the generated __eq__ compares (with the class), for them to use.
        cls.__interleave_key__ = tuple(compare_names)

    if match_args:
        _set_new_attribute(cls, "__match_args__", tuple([f.name for f in std_init_fields]))

    return cls


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False,
              unsafe_hash=False, frozen=False, match_args=True, kw_only=False,
              slots=False, weakref_slot=False):
    # slots= and weakref_slot= are accepted; this interpreter's classes keep no slots.
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only)

    if cls is None:
        return wrap
    return wrap(cls)


# ----- module functions -----


def fields(class_or_instance):
    found = getattr(class_or_instance, _FIELDS, None)
    if found is None:
        raise TypeError("must be called with a dataclass type or instance")
    return tuple([f for f in found.values() if f._field_type is _FIELD])


def _is_dataclass_instance(obj):
    return not isinstance(obj, type) and hasattr(type(obj), _FIELDS)


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, _FIELDS)


def asdict(obj, *, dict_factory=dict):
    if not _is_dataclass_instance(obj):
        raise TypeError("asdict() should be called on dataclass instances")
    return _asdict_inner(obj, dict_factory)


def _asdict_inner(obj, dict_factory):
    if _is_dataclass_instance(obj):
        result = []
        for f in fields(obj):
            result.append((f.name, _asdict_inner(getattr(obj, f.name), dict_factory)))
        return dict_factory(result)
    if isinstance(obj, _NamedTupleBase):
        return type(obj)(*[_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)([_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, dict):
        return type(obj)([(_asdict_inner(k, dict_factory), _asdict_inner(v, dict_factory))
                          for k, v in obj.items()])
    # CPython returns copy.deepcopy(obj); this interpreter has no copy module, so other
    # objects are shared rather than copied.
    return obj


def astuple(obj, *, tuple_factory=tuple):
    if not _is_dataclass_instance(obj):
        raise TypeError("astuple() should be called on dataclass instances")
    return _astuple_inner(obj, tuple_factory)


def _astuple_inner(obj, tuple_factory):
    if _is_dataclass_instance(obj):
        result = []
        for f in fields(obj):
            result.append(_astuple_inner(getattr(obj, f.name), tuple_factory))
        return tuple_factory(result)
    if isinstance(obj, _NamedTupleBase):
        return type(obj)(*[_astuple_inner(v, tuple_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)([_astuple_inner(v, tuple_factory) for v in obj])
    if isinstance(obj, dict):
        return type(obj)([(_astuple_inner(k, tuple_factory), _astuple_inner(v, tuple_factory))
                          for k, v in obj.items()])
    return obj


def replace(obj, /, **changes):
    if not _is_dataclass_instance(obj):
        raise TypeError("replace() should be called on dataclass instances")
    for f in getattr(obj, _FIELDS).values():
        if f._field_type is _FIELD_CLASSVAR:
            continue
        if not f.init:
            if f.name in changes:
                raise ValueError(f"field {f.name} is declared with init=False, it cannot be specified with replace()")
            continue
        if f.name not in changes:
            if f._field_type is _FIELD_INITVAR and f.default is MISSING:
                raise ValueError(f"InitVar {f.name!r} must be specified with replace()")
            changes[f.name] = getattr(obj, f.name)
    return type(obj)(**changes)
