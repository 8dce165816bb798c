# Interleave's bundled `typing`, written after CPython 3.11's Lib/typing.py: the names
# programs import for annotations, which 3.11 evaluates when a `def` runs, so
# `List[int]`, `Optional[str]` and `Callable[[int], str]` must subscript. The special
# forms and aliases are instances of small classes with `__getitem__`, with CPython's reprs (`typing.List[int]`,
# `typing.Optional[str]`), `__origin__`/`__args__`, equality and `|`. `Generic` and
# `Protocol` are plain classes, so classes can derive from them. Nothing is checked at
# run time, as in CPython.
import collections

__all__ = ["Annotated", "Any", "Callable", "ClassVar", "Concatenate", "Final",
           "ForwardRef", "Generic", "Literal", "Optional", "ParamSpec", "Protocol",
           "Tuple", "Type", "TypeVar", "Union", "AbstractSet", "ByteString",
           "Container", "ContextManager", "Hashable", "ItemsView", "Iterable",
           "Iterator", "KeysView", "Mapping", "MappingView", "MutableMapping",
           "MutableSequence", "MutableSet", "Sequence", "Sized", "ValuesView",
           "Awaitable", "AsyncIterator", "AsyncIterable", "Coroutine", "Collection",
           "AsyncGenerator", "AsyncContextManager", "Reversible", "SupportsAbs",
           "SupportsBytes", "SupportsComplex", "SupportsFloat", "SupportsIndex",
           "SupportsInt", "SupportsRound", "ChainMap", "Counter", "Deque", "Dict",
           "DefaultDict", "List", "OrderedDict", "Set", "FrozenSet", "NamedTuple",
           "Generator", "IO", "TextIO", "BinaryIO", "Pattern", "Match", "AnyStr",
           "cast", "final", "get_args", "get_origin", "Never", "NewType",
           "no_type_check", "no_type_check_decorator", "NoReturn", "overload",
           "ParamSpecArgs", "ParamSpecKwargs", "reveal_type", "runtime_checkable",
           "Self", "Text", "TYPE_CHECKING", "TypeAlias", "TypeGuard", "LiteralString",
           "Required", "NotRequired", "Unpack", "assert_never", "assert_type"]

TYPE_CHECKING = False
_NoneType = type(None)


def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == "builtins":
            return obj.__qualname__
        return f"{obj.__module__}.{obj.__qualname__}"
    if obj is ...:
        return "..."
    if type(obj).__name__ == "function":
        return obj.__name__
    return repr(obj)


def _type_convert(arg):
    if arg is None:
        return _NoneType
    if isinstance(arg, str):
        return ForwardRef(arg)
    return arg


def _type_check(arg, msg):
    arg = _type_convert(arg)
    if isinstance(arg, _GenericAlias) and arg.__origin__ in (ClassVar, Final):
        raise TypeError(f"{arg} is not valid as type argument")
    if arg is Any or arg is NoReturn or arg is Never or arg is Self or arg is LiteralString or arg is TypeAlias:
        return arg
    if isinstance(arg, _SpecialForm) or arg is Generic or arg is Protocol:
        raise TypeError(f"Plain {arg} is not valid as type argument")
    if type(arg) is tuple:
        raise TypeError(f"{msg} Got {arg!r:.100}.")
    return arg


def _collect_parameters(args):
    parameters = []
    for t in args:
        if isinstance(t, type):
            pass
        elif isinstance(t, tuple):
            for x in _collect_parameters(t):
                if x not in parameters:
                    parameters.append(x)
        elif isinstance(t, (TypeVar, ParamSpec)):
            if t not in parameters:
                parameters.append(t)
        else:
            for x in getattr(t, "__parameters__", ()):
                if x not in parameters:
                    parameters.append(x)
    return tuple(parameters)


def _substitute(arg, subst):
    if isinstance(arg, (TypeVar, ParamSpec)):
        return subst[arg]
    if isinstance(arg, _GenericAlias) and arg.__parameters__:
        return arg[tuple(subst[p] for p in arg.__parameters__)]
    if isinstance(arg, tuple):
        return tuple(_substitute(a, subst) for a in arg)
    return arg


class _Final:
    def __or__(self, right):
        return Union[self, right]

    def __ror__(self, left):
        return Union[left, self]


# ----- special forms: Any, Union, Optional, Literal, ClassVar, Final, ... -----

class _SpecialForm(_Final):
    def __init__(self, name, getitem=None):
        self._name = name
        self._getitem = getitem
        self.__name__ = name
        self.__qualname__ = name

    def __repr__(self):
        return "typing." + self._name

    def __call__(self, *args, **kwds):
        raise TypeError(f"Cannot instantiate {self!r}")

    def __getitem__(self, parameters):
        if self._getitem is None:
            raise TypeError(f"{self} is not subscriptable")
        return self._getitem(self, parameters)


class _AnyType(_SpecialForm):
    def __call__(self, *args, **kwds):
        raise TypeError("Any cannot be instantiated")

    def __getitem__(self, parameters):
        raise TypeError("type 'Any' is not subscriptable")


def _single(self, parameters):
    item = _type_check(parameters, f"{self} accepts only single type.")
    return _GenericAlias(self, (item,))


def _union(self, parameters):
    if parameters == ():
        raise TypeError("Cannot take a Union of no types.")
    if not isinstance(parameters, tuple):
        parameters = (parameters,)
    msg = "Union[arg, ...]: each arg must be a type."
    flat = []
    for p in parameters:
        p = _type_check(p, msg)
        if isinstance(p, _UnionGenericAlias):
            items = p.__args__
        else:
            items = (p,)
        for item in items:
            if item not in flat:
                flat.append(item)
    if len(flat) == 1:
        return flat[0]
    if len(flat) == 2 and _NoneType in flat:
        return _UnionGenericAlias(self, tuple(flat), name="Optional")
    return _UnionGenericAlias(self, tuple(flat))


def _optional(self, parameters):
    arg = _type_check(parameters, f"{self} requires a single type.")
    return Union[arg, _NoneType]


def _literal(self, parameters):
    if not isinstance(parameters, tuple):
        parameters = (parameters,)
    flat = []
    for p in parameters:
        if isinstance(p, _LiteralGenericAlias):
            flat.extend(p.__args__)
        else:
            flat.append(p)
    unique = []
    seen = []
    for p in flat:
        if (p, type(p)) not in seen:
            seen.append((p, type(p)))
            unique.append(p)
    return _LiteralGenericAlias(self, tuple(unique))


def _concatenate(self, parameters):
    if parameters == ():
        raise TypeError("Cannot take a Concatenate of no types.")
    if not isinstance(parameters, tuple):
        parameters = (parameters,)
    if not isinstance(parameters[-1], ParamSpec) and parameters[-1] is not ...:
        raise TypeError("The last parameter to Concatenate should be a ParamSpec variable or ellipsis.")
    return _GenericAlias(self, parameters)


Any = _AnyType("Any")
NoReturn = _SpecialForm("NoReturn")
Never = _SpecialForm("Never")
Self = _SpecialForm("Self")
LiteralString = _SpecialForm("LiteralString")
TypeAlias = _SpecialForm("TypeAlias")
ClassVar = _SpecialForm("ClassVar", _single)
Final = _SpecialForm("Final", _single)
TypeGuard = _SpecialForm("TypeGuard", _single)
Required = _SpecialForm("Required", _single)
NotRequired = _SpecialForm("NotRequired", _single)
Unpack = _SpecialForm("Unpack", _single)
Union = _SpecialForm("Union", _union)
Optional = _SpecialForm("Optional", _optional)
Literal = _SpecialForm("Literal", _literal)
Concatenate = _SpecialForm("Concatenate", _concatenate)


class ForwardRef(_Final):
    def __init__(self, arg, is_argument=True, module=None, *, is_class=False):
        if not isinstance(arg, str):
            raise TypeError(f"Forward reference must be a string -- got {arg!r}")
        self.__forward_arg__ = arg
        self.__forward_module__ = module

    def __eq__(self, other):
        if not isinstance(other, ForwardRef):
            return NotImplemented
        return self.__forward_arg__ == other.__forward_arg__ and self.__forward_module__ == other.__forward_module__

    def __hash__(self):
        return hash((self.__forward_arg__, self.__forward_module__))

    def __repr__(self):
        if self.__forward_module__ is None:
            module_repr = ""
        else:
            module_repr = f", module={self.__forward_module__!r}"
        return f"ForwardRef({self.__forward_arg__!r}{module_repr})"


# ----- type variables -----

class TypeVar(_Final):
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        if covariant and contravariant:
            raise ValueError("Bivariant types are not supported.")
        self.__covariant__ = bool(covariant)
        self.__contravariant__ = bool(contravariant)
        if constraints and bound is not None:
            raise TypeError("Constraints cannot be combined with bound=...")
        if constraints and len(constraints) == 1:
            raise TypeError("A single constraint is not allowed")
        msg = "TypeVar(name, constraint, ...): constraints must be types."
        self.__constraints__ = tuple(_type_check(t, msg) for t in constraints)
        self.__bound__ = None if bound is None else _type_check(bound, "Bound must be a type.")
        self.__module__ = "__main__"

    def __repr__(self):
        if self.__covariant__:
            prefix = "+"
        elif self.__contravariant__:
            prefix = "-"
        else:
            prefix = "~"
        return prefix + self.__name__


class ParamSpecArgs:
    def __init__(self, origin):
        self.__origin__ = origin

    def __repr__(self):
        return f"{self.__origin__.__name__}.args"


class ParamSpecKwargs:
    def __init__(self, origin):
        self.__origin__ = origin

    def __repr__(self):
        return f"{self.__origin__.__name__}.kwargs"


class ParamSpec(_Final):
    def __init__(self, name, *, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__covariant__ = bool(covariant)
        self.__contravariant__ = bool(contravariant)
        self.__bound__ = None if bound is None else _type_check(bound, "Bound must be a type.")
        self.args = ParamSpecArgs(self)
        self.kwargs = ParamSpecKwargs(self)

    def __repr__(self):
        if self.__covariant__:
            prefix = "+"
        elif self.__contravariant__:
            prefix = "-"
        else:
            prefix = "~"
        return prefix + self.__name__


# CPython's AnyStr is TypeVar("AnyStr", bytes, str); this interpreter has no bytes.
AnyStr = TypeVar("AnyStr")
AnyStr.__constraints__ = (str,)
Text = str


# ----- generic aliases: List[int], Dict[str, int], Callable[[int], str], ... -----

class _GenericAlias(_Final):
    def __init__(self, origin, args, *, inst=True, name=None):
        self._inst = inst
        self._name = name
        self.__origin__ = origin
        if not isinstance(args, tuple):
            args = (args,)
        self.__args__ = args
        self.__parameters__ = _collect_parameters(args)
        if name is not None:
            self.__name__ = name
            self.__qualname__ = name
        elif hasattr(origin, "__name__"):
            self.__name__ = origin.__name__
            self.__qualname__ = origin.__name__

    def copy_with(self, args):
        return _GenericAlias(self.__origin__, args, name=self._name, inst=self._inst)

    def __getitem__(self, args):
        if self.__origin__ is Generic or self.__origin__ is Protocol:
            raise TypeError(f"Cannot subscript already-subscripted {self}")
        if not self.__parameters__:
            raise TypeError(f"{self} is not a generic class")
        if not isinstance(args, tuple):
            args = (args,)
        args = tuple(_type_convert(p) for p in args)
        params = self.__parameters__
        if len(args) != len(params):
            raise TypeError(f"Too {'many' if len(args) > len(params) else 'few'} arguments for {self};"
                            f" actual {len(args)}, expected {len(params)}")
        subst = dict(zip(params, args))
        return self.copy_with(tuple(_substitute(a, subst) for a in self.__args__))

    def __call__(self, *args, **kwargs):
        if not self._inst:
            raise TypeError(f"Type {self._name} cannot be instantiated; "
                            f"use {self.__origin__.__name__}() instead")
        return self.__origin__(*args, **kwargs)

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self.__origin__, self.__args__))

    def __repr__(self):
        if self._name:
            name = "typing." + self._name
        else:
            name = _type_repr(self.__origin__)
        if self.__args__:
            args = ", ".join([_type_repr(a) for a in self.__args__])
        else:
            args = "()"
        return f"{name}[{args}]"


class _UnionGenericAlias(_GenericAlias):
    def __init__(self, origin, args, *, name=None):
        _GenericAlias.__init__(self, origin, args, name=name)
        self.__name__ = name or "Union"
        self.__qualname__ = self.__name__

    def copy_with(self, params):
        return Union[params]

    def __eq__(self, other):
        if not isinstance(other, _UnionGenericAlias):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __hash__(self):
        return hash(frozenset(self.__args__))

    def __repr__(self):
        args = self.__args__
        if len(args) == 2:
            if args[0] is _NoneType:
                return f"typing.Optional[{_type_repr(args[1])}]"
            elif args[1] is _NoneType:
                return f"typing.Optional[{_type_repr(args[0])}]"
        return "typing.Union[" + ", ".join([_type_repr(a) for a in args]) + "]"


class _LiteralGenericAlias(_GenericAlias):
    def __init__(self, origin, args):
        _GenericAlias.__init__(self, origin, args)
        self.__parameters__ = ()
        self.__name__ = "Literal"
        self.__qualname__ = "Literal"

    def __eq__(self, other):
        if not isinstance(other, _LiteralGenericAlias):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __hash__(self):
        return hash(frozenset(self.__args__))

    def __repr__(self):
        return "typing.Literal[" + ", ".join([repr(a) for a in self.__args__]) + "]"


class _CallableGenericAlias(_GenericAlias):
    def copy_with(self, params):
        return _CallableGenericAlias(self.__origin__, params, name=self._name, inst=self._inst)

    def __repr__(self):
        args = self.__args__
        if len(args) == 2 and (args[0] is ... or isinstance(args[0], (tuple, list, ParamSpec))
                               or (isinstance(args[0], _GenericAlias) and args[0].__origin__ is Concatenate)):
            return _GenericAlias.__repr__(self)
        return (f"typing.Callable"
                f"[[{', '.join([_type_repr(a) for a in args[:-1]])}], "
                f"{_type_repr(args[-1])}]")


class _SpecialGenericAlias(_Final):
    def __init__(self, origin, nparams, *, inst=True, name=None):
        if name is None:
            name = origin.__name__
        self.__origin__ = origin
        self._nparams = nparams
        self._inst = inst
        self._name = name
        self.__name__ = name
        self.__qualname__ = name

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        msg = "Parameters to generic types must be types."
        params = tuple(_type_check(p, msg) for p in params)
        if not self._nparams:
            raise TypeError(f"{self} is not a generic class")
        if len(params) != self._nparams:
            raise TypeError(f"Too {'many' if len(params) > self._nparams else 'few'} arguments for {self};"
                            f" actual {len(params)}, expected {self._nparams}")
        return self.copy_with(params)

    def copy_with(self, params):
        return _GenericAlias(self.__origin__, params, name=self._name, inst=self._inst)

    def __call__(self, *args, **kwargs):
        if not self._inst:
            raise TypeError(f"Type {self._name} cannot be instantiated; "
                            f"use {self.__origin__.__name__}() instead")
        return self.__origin__(*args, **kwargs)

    def __repr__(self):
        return "typing." + self._name


class _CallableType(_SpecialGenericAlias):
    def copy_with(self, params):
        return _CallableGenericAlias(self.__origin__, params, name=self._name, inst=self._inst)

    def __getitem__(self, params):
        if not isinstance(params, tuple) or len(params) != 2:
            raise TypeError("Callable must be used as Callable[[arg, ...], result].")
        args, result = params
        result = _type_check(result, "Callable[args, result]: result must be a type.")
        if args is ...:
            return self.copy_with((..., result))
        if isinstance(args, list):
            args = tuple(args)
        elif not isinstance(args, tuple):
            args = (args,)
        args = tuple(_type_convert(arg) for arg in args)
        return self.copy_with(args + (result,))


class _TupleType(_SpecialGenericAlias):
    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        if len(params) >= 2 and params[-1] is ...:
            msg = "Tuple[t, ...]: t must be a type."
            params = tuple(_type_check(p, msg) for p in params[:-1])
            return self.copy_with(params + (...,))
        msg = "Tuple[t0, t1, ...]: each t must be a type."
        params = tuple(_type_check(p, msg) for p in params)
        return self.copy_with(params)


class _AnnotatedAlias(_GenericAlias):
    def __init__(self, origin, metadata):
        _GenericAlias.__init__(self, origin, (origin,))
        self.__metadata__ = metadata

    def __repr__(self):
        return "typing.Annotated[{}, {}]".format(
            _type_repr(self.__origin__), ", ".join(repr(a) for a in self.__metadata__))

    def __eq__(self, other):
        if not isinstance(other, _AnnotatedAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__metadata__ == other.__metadata__

    def __hash__(self):
        return hash((self.__origin__, self.__metadata__))


class _AnnotatedForm:
    def __repr__(self):
        return "<class 'typing.Annotated'>"

    def __call__(self, *args, **kwargs):
        raise TypeError("Type Annotated cannot be instantiated.")

    def __getitem__(self, params):
        if not isinstance(params, tuple) or len(params) < 2:
            raise TypeError("Annotated[...] should be used with at least two arguments (a type and an annotation).")
        origin = _type_check(params[0], "Annotated[t, ...]: t must be a type.")
        return _AnnotatedAlias(origin, tuple(params[1:]))


Annotated = _AnnotatedForm()


# Stand-ins for the collections.abc (and other) classes the aliases name as their
# origin: this interpreter bundles no collections.abc (nor, in some builds, the
# collections classes, used below when present).
class _Hashable: pass
class _Awaitable: pass
class _Coroutine: pass
class _AsyncIterable: pass
class _AsyncIterator: pass
class _Iterable: pass
class _Iterator: pass
class _Reversible: pass
class _Sized: pass
class _Container: pass
class _Collection: pass
class _Callable: pass
class _Set: pass
class _MutableSet: pass
class _Mapping: pass
class _MutableMapping: pass
class _Sequence: pass
class _MutableSequence: pass
class _ByteString: pass
class _MappingView: pass
class _KeysView: pass
class _ItemsView: pass
class _ValuesView: pass
class _AbstractContextManager: pass
class _AbstractAsyncContextManager: pass
class _defaultdict: pass
class _OrderedDict: pass
class _Counter: pass
class _ChainMap: pass
class _Generator: pass
class _AsyncGenerator: pass
class _Pattern: pass
class _Match: pass


def _alias(origin, nparams, name, inst=True):
    return _SpecialGenericAlias(origin, nparams, inst=inst, name=name)


Hashable = _alias(_Hashable, 0, "Hashable")
Awaitable = _alias(_Awaitable, 1, "Awaitable")
Coroutine = _alias(_Coroutine, 3, "Coroutine")
AsyncIterable = _alias(_AsyncIterable, 1, "AsyncIterable")
AsyncIterator = _alias(_AsyncIterator, 1, "AsyncIterator")
Iterable = _alias(_Iterable, 1, "Iterable")
Iterator = _alias(_Iterator, 1, "Iterator")
Reversible = _alias(_Reversible, 1, "Reversible")
Sized = _alias(_Sized, 0, "Sized")
Container = _alias(_Container, 1, "Container")
Collection = _alias(_Collection, 1, "Collection")
Callable = _CallableType(_Callable, 2, name="Callable")
AbstractSet = _alias(_Set, 1, "AbstractSet")
MutableSet = _alias(_MutableSet, 1, "MutableSet")
Mapping = _alias(_Mapping, 2, "Mapping")
MutableMapping = _alias(_MutableMapping, 2, "MutableMapping")
Sequence = _alias(_Sequence, 1, "Sequence")
MutableSequence = _alias(_MutableSequence, 1, "MutableSequence")
ByteString = _alias(_ByteString, 0, "ByteString")
Tuple = _TupleType(tuple, -1, inst=False, name="Tuple")
List = _alias(list, 1, "List", inst=False)
Deque = _alias(collections.deque, 1, "Deque")
Set = _alias(set, 1, "Set", inst=False)
FrozenSet = _alias(frozenset, 1, "FrozenSet", inst=False)
MappingView = _alias(_MappingView, 1, "MappingView")
KeysView = _alias(_KeysView, 1, "KeysView")
ItemsView = _alias(_ItemsView, 2, "ItemsView")
ValuesView = _alias(_ValuesView, 1, "ValuesView")
ContextManager = _alias(_AbstractContextManager, 1, "ContextManager")
AsyncContextManager = _alias(_AbstractAsyncContextManager, 1, "AsyncContextManager")
Dict = _alias(dict, 2, "Dict", inst=False)
DefaultDict = _alias(getattr(collections, "defaultdict", _defaultdict), 2, "DefaultDict")
OrderedDict = _alias(getattr(collections, "OrderedDict", _OrderedDict), 2, "OrderedDict")
Counter = _alias(getattr(collections, "Counter", _Counter), 1, "Counter")
ChainMap = _alias(getattr(collections, "ChainMap", _ChainMap), 2, "ChainMap")
Generator = _alias(_Generator, 3, "Generator")
AsyncGenerator = _alias(_AsyncGenerator, 2, "AsyncGenerator")
Type = _alias(type, 1, "Type", inst=False)
Pattern = _alias(_Pattern, 1, "Pattern")
Match = _alias(_Match, 1, "Match")


# ----- classes to derive from -----

class Generic:
    # Generic[T] is the class itself, not CPython's _GenericAlias: this interpreter has
    # no __mro_entries__, so only a class can stand in a class's bases.
    def __class_getitem__(cls, params):
        if not isinstance(params, tuple):
            params = (params,)
        if cls is Generic or cls is Protocol:
            if not params:
                raise TypeError(f"Parameter list to {cls.__qualname__}[...] cannot be empty")
            for p in params:
                if not isinstance(p, (TypeVar, ParamSpec)):
                    raise TypeError(f"Parameters to {cls.__name__}[...] must all be type variables "
                                    f"or parameter specification variables.")
            if len(set(params)) != len(params):
                raise TypeError(f"Parameters to {cls.__name__}[...] must all be unique")
        return cls


class Protocol(Generic):
    pass


def runtime_checkable(cls):
    return cls


class SupportsInt(Protocol):
    def __int__(self):
        pass


class SupportsFloat(Protocol):
    def __float__(self):
        pass


class SupportsComplex(Protocol):
    def __complex__(self):
        pass


class SupportsBytes(Protocol):
    def __bytes__(self):
        pass


class SupportsIndex(Protocol):
    def __index__(self):
        pass


class SupportsAbs(Protocol):
    def __abs__(self):
        pass


class SupportsRound(Protocol):
    def __round__(self, ndigits=0):
        pass


class IO(Generic):
    pass


class BinaryIO(IO):
    pass


class TextIO(IO):
    pass


class NamedTuple:
    # class Point(NamedTuple): x: int; y: int = 0. The fields are the class's annotations
    # in order, read when an instance is made (this interpreter runs no metaclass), and
    # the instance behaves as the tuple of their values.
    def __init__(self, *args, **kwargs):
        cls = type(self)
        fields = cls._namedtuple_fields()
        name = cls.__name__
        if len(args) > len(fields):
            required = [f for f in fields if not hasattr(cls, f)]
            if len(required) == len(fields):
                count = f"{len(fields) + 1}"
            else:
                count = f"from {len(required) + 1} to {len(fields) + 1}"
            raise TypeError(f"{name}.__new__() takes {count} positional arguments but {len(args) + 1} were given")
        values = list(args)
        for field in fields[len(args):]:
            if field in kwargs:
                values.append(kwargs.pop(field))
            elif hasattr(cls, field):
                values.append(getattr(cls, field))
            else:
                values.append(_MISSING)
        for key in kwargs:
            if key in fields:
                raise TypeError(f"{name}.__new__() got multiple values for argument '{key}'")
            raise TypeError(f"{name}.__new__() got an unexpected keyword argument '{key}'")
        missing = [fields[i] for i in range(len(fields)) if values[i] is _MISSING]
        if missing:
            s = "" if len(missing) == 1 else "s"
            if len(missing) == 1:
                names = repr(missing[0])
            else:
                names = ", ".join(repr(m) for m in missing[:-1]) + " and " + repr(missing[-1])
            raise TypeError(f"{name}.__new__() missing {len(missing)} required positional argument{s}: {names}")
        object.__setattr__(self, "_namedtuple_values", tuple(values))
        for field, value in zip(fields, values):
            object.__setattr__(self, field, value)

    @classmethod
    def _namedtuple_fields(cls):
        fields = []
        for klass in reversed(cls.__mro__):
            for field in getattr(klass, "__annotations__", {}):
                if field not in fields:
                    fields.append(field)
        return tuple(fields)

    @classmethod
    def _make(cls, iterable):
        values = tuple(iterable)
        fields = cls._namedtuple_fields()
        if len(values) != len(fields):
            raise TypeError(f"Expected {len(fields)} arguments, got {len(values)}")
        return cls(*values)

    @property
    def _fields(self):
        return type(self)._namedtuple_fields()

    def _asdict(self):
        return dict(zip(self._fields, self._namedtuple_values))

    def _replace(self, **kwargs):
        values = self._asdict()
        for key in kwargs:
            if key not in values:
                raise ValueError(f"Got unexpected field names: {list(kwargs)!r}")
        values.update(kwargs)
        return type(self)(**values)

    def __setattr__(self, name, value):
        if name in self._fields:
            raise AttributeError("can't set attribute")
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __repr__(self):
        inner = ", ".join(f"{f}={v!r}" for f, v in zip(self._fields, self._namedtuple_values))
        return f"{type(self).__name__}({inner})"

    def __iter__(self):
        return iter(self._namedtuple_values)

    def __len__(self):
        return len(self._namedtuple_values)

    def __getitem__(self, index):
        return self._namedtuple_values[index]

    def __contains__(self, value):
        return value in self._namedtuple_values

    def __hash__(self):
        return hash(self._namedtuple_values)

    def __eq__(self, other):
        return self._namedtuple_values == _as_tuple(other)

    def __ne__(self, other):
        return self._namedtuple_values != _as_tuple(other)

    def __lt__(self, other):
        return self._namedtuple_values < _as_tuple(other)

    def __le__(self, other):
        return self._namedtuple_values <= _as_tuple(other)

    def __gt__(self, other):
        return self._namedtuple_values > _as_tuple(other)

    def __ge__(self, other):
        return self._namedtuple_values >= _as_tuple(other)

    def __add__(self, other):
        return self._namedtuple_values + _as_tuple(other)

    def count(self, value):
        return self._namedtuple_values.count(value)

    def index(self, value, *args):
        return self._namedtuple_values.index(value, *args)


_MISSING = object()


def _as_tuple(value):
    if isinstance(value, NamedTuple):
        return value._namedtuple_values
    return value


class NewType:
    def __init__(self, name, tp):
        self.__qualname__ = name
        self.__name__ = name
        self.__supertype__ = tp
        self.__module__ = "__main__"

    def __repr__(self):
        return f"{self.__module__}.{self.__qualname__}"

    def __call__(self, x):
        return x

    def __or__(self, right):
        return Union[self, right]

    def __ror__(self, left):
        return Union[left, self]


# ----- functions -----

def cast(typ, val):
    return val


def assert_type(val, typ):
    return val


def assert_never(arg):
    value = repr(arg)
    if len(value) > 100:
        value = value[:100] + "..."
    raise AssertionError(f"Expected code to be unreachable, but got: {value}")


def reveal_type(obj):
    import sys
    sys.stderr.write(f"Runtime type is {type(obj).__name__!r}\n")
    return obj


def _overload_dummy(*args, **kwds):
    raise NotImplementedError(
        "You should not call an overloaded function. "
        "A series of @overload-decorated functions "
        "outside a stub module should always be followed "
        "by an implementation that is not @overload-ed.")


def overload(func):
    return _overload_dummy


def final(f):
    try:
        f.__final__ = True
    except (AttributeError, TypeError):
        pass
    return f


def no_type_check(arg):
    try:
        arg.__no_type_check__ = True
    except TypeError:
        pass
    return arg


def no_type_check_decorator(decorator):
    return decorator


def get_origin(tp):
    if isinstance(tp, _AnnotatedAlias):
        return Annotated
    if isinstance(tp, (_GenericAlias, _SpecialGenericAlias)):
        if tp.__origin__ is Generic:
            return Generic
        return tp.__origin__
    if isinstance(tp, (ParamSpecArgs, ParamSpecKwargs)):
        return tp.__origin__
    return None


def get_args(tp):
    if isinstance(tp, _AnnotatedAlias):
        return (tp.__origin__,) + tp.__metadata__
    if isinstance(tp, _GenericAlias):
        res = tp.__args__
        if isinstance(tp, _CallableGenericAlias) and not (len(res) == 2 and res[0] is ...):
            res = (list(res[:-1]), res[-1])
        return res
    return ()
