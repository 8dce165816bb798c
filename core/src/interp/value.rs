//! Python values as the interpreter holds them.
//!
//! Small immutable values (None, bool, small int, float) live inline in [`Value`];
//! everything else is reference-counted, as in CPython, so aliasing (`b = a; b.append(1)`)
//! and identity (`is`) behave the same. Every thread of a run shares this one heap: the
//! threads of a program are frames of one interpreter, not Rust threads.

use super::code::Code;
use super::pyset::PySet;
use indexmap::IndexMap;
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use std::cell::{Cell, RefCell};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

pub type FxIndexMap<K, V> = IndexMap<K, V, rustc_hash::FxBuildHasher>;

/// A name-keyed namespace: module globals, instance and class attributes.
pub type Namespace = FxIndexMap<Rc<str>, Value>;

/// A variable captured by a closure; `None` while unbound.
pub type CellRef = Rc<RefCell<Option<Value>>>;

#[derive(Clone, Debug)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    BigInt(Rc<BigInt>),
    Float(f64),
    Str(Rc<str>),
    List(Rc<ListCell>),
    Tuple(Rc<TupleItems>),
    Dict(Rc<DictCell>),
    Set(Rc<RefCell<PySet>>),
    FrozenSet(Rc<PySet>),
    Range(Rc<RangeObj>),
    Slice(Rc<[Value; 3]>),
    Function(Rc<Function>),
    Builtin(Rc<Builtin>),
    /// A function bound to its first argument (`obj.method`).
    Method(Rc<(Value, Value)>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    /// A generator or coroutine: a suspended frame.
    Generator(Rc<RefCell<Generator>>),
    Iterator(Rc<RefCell<IterState>>),
    /// A cell of a closure (only on the stack while building one).
    Cell(CellRef),
    /// A lock of `_thread`, the one blocking primitive every synchronisation object of
    /// the bundled `threading`, `queue` and `asyncio` modules is built from.
    Lock(Rc<LockObj>),
    /// `property(fget)` in a class body, with its setter once `@x.setter` gave one.
    Property(Rc<PropertyObj>),
    StaticMethod(Rc<Value>),
    ClassMethod(Rc<Value>),
    /// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
    DictView(Rc<(Rc<DictCell>, ViewKind)>),
    Ellipsis,
    NotImplemented,
    /// The marker `LoadMethod` leaves below a plain attribute; never seen by programs.
    Null,
}

/// Which view of a dict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

/// An insertion-ordered dict, as Python's.
pub type Dict = FxIndexMap<Key, Value>;

/// A list's items. Like the tuple's and dict's cells below, it drops its items through
/// [`trash`], so that freeing a structure nested 100,000 deep (a linked list of
/// objects, `x = [x]` in a loop) does not recurse 100,000 deep.
#[derive(Debug, Default)]
pub struct ListCell(pub RefCell<Vec<Value>>);

/// A tuple's items.
#[derive(Debug, Default)]
pub struct TupleItems(pub Vec<Value>);

/// A dict's table.
#[derive(Debug, Default)]
pub struct DictCell(pub RefCell<Dict>);

impl std::ops::Deref for ListCell {
    type Target = RefCell<Vec<Value>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::Deref for TupleItems {
    type Target = Vec<Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::Deref for DictCell {
    type Target = RefCell<Dict>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl Drop for ListCell {
    fn drop(&mut self) {
        trash::drop_values(std::mem::take(self.0.get_mut()));
    }
}

impl Drop for TupleItems {
    fn drop(&mut self) {
        trash::drop_values(std::mem::take(&mut self.0));
    }
}

impl Drop for DictCell {
    fn drop(&mut self) {
        let table = std::mem::take(self.0.get_mut());
        trash::drop_values(table.into_iter().flat_map(|(k, v)| [k.0, v]).collect());
    }
}

/// CPython's "trashcan": values freed more than [`trash::DEPTH`] levels deep inside
/// other values' destructors are set aside and freed by the outermost destructor in a
/// loop, so the native stack stays shallow (a Web Worker's is about a megabyte).
pub mod trash {
    use super::Value;
    use std::cell::{Cell, RefCell};

    /// How deep destructors may nest before their values are set aside.
    pub const DEPTH: usize = 64;

    thread_local! {
        static NESTING: Cell<usize> = const { Cell::new(0) };
        static PILE: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    }

    /// Drops `values` now, or, deep inside other destructors, later.
    pub fn drop_values(values: Vec<Value>) {
        if values.is_empty() {
            return;
        }
        // While the thread ends, its thread-locals may be gone: drop in place.
        let Ok(nesting) = NESTING.try_with(Cell::get) else {
            return drop(values);
        };
        if nesting >= DEPTH {
            let mut values = values;
            // Set aside for the outermost destructor (what cannot be, while the thread
            // ends, is dropped here).
            let _ = PILE.try_with(|pile| pile.borrow_mut().append(&mut values));
            return;
        }
        NESTING.with(|n| n.set(nesting + 1));
        drop(values);
        if nesting == 0 {
            // The outermost destructor frees what was set aside, round by round.
            loop {
                let round = PILE.with(|pile| std::mem::take(&mut *pile.borrow_mut()));
                if round.is_empty() {
                    break;
                }
                drop(round);
            }
        }
        NESTING.with(|n| n.set(nesting));
    }
}

/// A value used as a dict key or set member, hashed and compared as Python does
/// (`1`, `1.0` and `True` are the same key). Objects without value equality hash by identity.
#[derive(Clone, Debug)]
pub struct Key(pub Value);

impl Key {
    /// Wraps a value if it is hashable, or gives the name of its unhashable type.
    pub fn new(value: Value) -> Result<Key, &'static str> {
        match &value {
            Value::List(_) => Err("list"),
            Value::Dict(_) => Err("dict"),
            Value::Set(_) => Err("set"),
            Value::Tuple(items) => {
                nested(Err("tuple"), || {
                    for item in items.iter() {
                        Key::new(item.clone())?;
                    }
                    Ok(())
                })?;
                Ok(Key(value))
            }
            _ => Ok(Key(value)),
        }
    }
}

/// How deep equality, hashing and ordering follow nested containers before giving up
/// (CPython raises RecursionError there; these return a conservative answer instead of
/// exhausting the host's stack).
pub const MAX_COMPARE_DEPTH: usize = 2_000;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static TOO_DEEP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a comparison since the last call gave up for depth (and clears it): the VM
/// then raises `RecursionError`, as CPython does.
pub fn took_too_deep() -> bool {
    TOO_DEEP.with(|t| t.replace(false))
}

/// Runs `f` one nesting level deeper, or returns `fallback` past [`MAX_COMPARE_DEPTH`].
pub fn nested<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    let depth = DEPTH.with(|d| d.get());
    if depth >= MAX_COMPARE_DEPTH {
        TOO_DEEP.with(|t| t.set(true));
        return fallback;
    }
    DEPTH.with(|d| d.set(depth + 1));
    let result = f();
    DEPTH.with(|d| d.set(depth));
    result
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        values_equal(&self.0, &other.0)
    }
}
impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(&self.0, state)
    }
}

fn hash_value<H: Hasher>(value: &Value, state: &mut H) {
    match value {
        Value::None => 0u64.hash(state),
        Value::Bool(b) => (*b as i64).hash(state),
        Value::Int(i) => i.hash(state),
        Value::BigInt(b) => match b.to_i64() {
            Some(i) => i.hash(state),
            None => b.hash(state),
        },
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                (*f as i64).hash(state)
            } else {
                f.to_bits().hash(state)
            }
        }
        Value::Str(s) => s.hash(state),
        Value::Tuple(items) => {
            items.len().hash(state);
            nested((), || {
                for item in items.iter() {
                    hash_value(item, state);
                }
            });
        }
        Value::FrozenSet(items) => items.len().hash(state),
        Value::Instance(_) => match field_key(value) {
            Some(key) => hash_value(&key, state),
            None => identity(value).hash(state),
        },
        other => identity(other).hash(state),
    }
}

/// The address that `id()` and `is` use for heap values; 0 for inline ones.
pub fn identity(value: &Value) -> usize {
    match value {
        Value::BigInt(v) => Rc::as_ptr(v) as usize,
        Value::Str(v) => Rc::as_ptr(v) as *const u8 as usize,
        Value::List(v) => Rc::as_ptr(v) as usize,
        Value::Tuple(v) => Rc::as_ptr(v) as usize,
        Value::Dict(v) => Rc::as_ptr(v) as usize,
        Value::Set(v) => Rc::as_ptr(v) as usize,
        Value::FrozenSet(v) => Rc::as_ptr(v) as usize,
        Value::Range(v) => Rc::as_ptr(v) as usize,
        Value::Slice(v) => Rc::as_ptr(v) as *const u8 as usize,
        Value::Function(v) => Rc::as_ptr(v) as usize,
        Value::Builtin(v) => Rc::as_ptr(v) as usize,
        Value::Method(v) => Rc::as_ptr(v) as usize,
        Value::Class(v) => Rc::as_ptr(v) as usize,
        Value::Instance(v) => Rc::as_ptr(v) as usize,
        Value::Module(v) => Rc::as_ptr(v) as usize,
        Value::Generator(v) => Rc::as_ptr(v) as usize,
        Value::Iterator(v) => Rc::as_ptr(v) as usize,
        Value::Cell(v) => Rc::as_ptr(v) as usize,
        Value::Lock(v) => Rc::as_ptr(v) as usize,
        Value::Property(v) => Rc::as_ptr(v) as usize,
        Value::DictView(v) => Rc::as_ptr(v) as *const u8 as usize,
        Value::StaticMethod(v) | Value::ClassMethod(v) => Rc::as_ptr(v) as usize,
        Value::None => 1,
        Value::Null => 6,
        Value::Ellipsis => 2,
        Value::NotImplemented => 3,
        Value::Bool(b) => 4 + *b as usize,
        Value::Int(_) | Value::Float(_) => 0,
    }
}

/// `a is b`.
pub fn is_same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None)
        | (Value::Ellipsis, Value::Ellipsis)
        | (Value::NotImplemented, Value::NotImplemented) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        // CPython caches small ints, so `is` holds for them; learners rarely rely on more.
        (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
        (Value::Float(_), Value::Float(_)) => false,
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || (x.len() <= 1 && x == y),
        _ => {
            let (ia, ib) = (identity(a), identity(b));
            ia != 0 && ia == ib
        }
    }
}

/// A number as the arithmetic sees it.
pub enum Num {
    Int(BigInt),
    Float(f64),
}

/// The numeric value of bools, ints and floats.
pub fn as_num(value: &Value) -> Option<Num> {
    match value {
        Value::Bool(b) => Some(Num::Int(BigInt::from(*b as i64))),
        Value::Int(i) => Some(Num::Int(BigInt::from(*i))),
        Value::BigInt(b) => Some(Num::Int((**b).clone())),
        Value::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

/// Equality for the values whose equality needs no Python code (`==` on builtins).
/// Instances compare by identity here; the VM calls `__eq__` first where one is defined.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Tuple(_), Value::Tuple(_))
        | (Value::List(_), Value::List(_))
        | (Value::Dict(_), Value::Dict(_)) => nested(false, || values_equal_inner(a, b)),
        _ => values_equal_inner(a, b),
    }
}

fn values_equal_inner(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::None, Value::None) => true,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| values_equal(a, b))
        }
        (Value::List(x), Value::List(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| values_equal(a, b))
        }
        (Value::Dict(x), Value::Dict(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| values_equal(v, w)))
        }
        (Value::Set(x), Value::Set(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().all(|k| y.contains(k))
        }
        (Value::FrozenSet(x), Value::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|k| y.contains(k))
        }
        (Value::Set(x), Value::FrozenSet(y)) | (Value::FrozenSet(y), Value::Set(x)) => {
            let x = x.borrow();
            x.len() == y.len() && x.iter().all(|k| y.contains(k))
        }
        (Value::Range(x), Value::Range(y)) => x.len() == y.len() && x.start == y.start,
        _ => match (as_num(a), as_num(b)) {
            (Some(Num::Int(x)), Some(Num::Int(y))) => x == y,
            (Some(Num::Float(x)), Some(Num::Int(y))) | (Some(Num::Int(y)), Some(Num::Float(x))) => {
                // Exact, as CPython compares: 2**100 + 1 != float(2**100).
                x.fract() == 0.0
                    && <BigInt as num_traits::FromPrimitive>::from_f64(x).is_some_and(|x| x == y)
            }
            (Some(Num::Float(x)), Some(Num::Float(y))) => x == y,
            _ => match (field_key(a), field_key(b)) {
                (None, None) => is_same(a, b),
                (x, y) => {
                    is_same(a, b) || values_equal(x.as_ref().unwrap_or(a), y.as_ref().unwrap_or(b))
                }
            },
        },
    }
}

/// How instances of a class hash and compare as dict keys and set members, as CPython
/// decides it: from the first class along the MRO whose own namespace defines
/// `__hash__` or `__eq__` (a class that defines `__eq__` alone gets `__hash__ = None`).
#[derive(Clone, Debug)]
pub enum KeyKind {
    /// `object`'s: by identity.
    Identity,
    /// `__hash__` is `None`: `TypeError: unhashable type`.
    Unhashable,
    /// The bundled library's value classes (`namedtuple`, `dataclass(frozen=True)`)
    /// name, in `__interleave_key__` beside their `__hash__`, what they are equal by:
    /// an attribute that is the key itself (a string, `"_tuple"`), or the fields that,
    /// with the class, make it (a tuple of names).
    Fields(Value),
    /// A `__hash__` written in Python, which a key cannot call while the table probes.
    Python,
}

impl Class {
    pub fn key_kind(&self) -> KeyKind {
        for class in std::iter::once(self).chain(self.mro.iter().map(|c| &**c)) {
            let dict = class.dict.borrow();
            match dict.get("__hash__") {
                Some(Value::None) => return KeyKind::Unhashable,
                Some(Value::Builtin(_)) => return KeyKind::Identity,
                Some(_) => {
                    return match dict.get("__interleave_key__") {
                        Some(spec) => KeyKind::Fields(spec.clone()),
                        None => KeyKind::Python,
                    }
                }
                None => {}
            }
            if dict
                .get("__eq__")
                .is_some_and(|eq| !matches!(eq, Value::Builtin(_)))
            {
                return KeyKind::Unhashable;
            }
        }
        KeyKind::Identity
    }
}

/// What an instance of a value class is equal by, as a key (see [`KeyKind::Fields`]).
pub fn field_key(value: &Value) -> Option<Value> {
    let Value::Instance(inst) = value else {
        return None;
    };
    if inst.class.builtin.is_some() {
        return None;
    }
    match inst.class.key_kind() {
        KeyKind::Fields(Value::Str(attr)) => inst.own_attr(&attr),
        KeyKind::Fields(Value::Tuple(names)) => {
            let mut key = vec![Value::Class(inst.class.clone())];
            for name in names.iter() {
                let Value::Str(name) = name else { return None };
                key.push(inst.own_attr(name).unwrap_or(Value::None));
            }
            Some(Value::tuple(key))
        }
        _ => None,
    }
}

impl Value {
    /// The string, if this is one.
    pub fn as_str_rc(&self) -> Option<Rc<str>> {
        match self {
            Value::Str(s) => Some(s.clone()),
            _ => None,
        }
    }

    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(TupleItems(items)))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(ListCell(RefCell::new(items))))
    }

    pub fn dict(items: Dict) -> Value {
        Value::Dict(Rc::new(DictCell(RefCell::new(items))))
    }

    /// An int, kept inline when it fits in an `i64`.
    pub fn int(value: BigInt) -> Value {
        match value.to_i64() {
            Some(small) => Value::Int(small),
            None => Value::BigInt(Rc::new(value)),
        }
    }

    /// The built-in truth test for values that need no `__bool__`/`__len__` call.
    pub fn truthy_builtin(&self) -> Option<bool> {
        Some(match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::BigInt(b) => !b.is_zero(),
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Set(s) => !s.borrow().is_empty(),
            Value::FrozenSet(s) => !s.is_empty(),
            Value::Range(r) => !r.is_empty(),
            Value::DictView(v) => !v.0.borrow().is_empty(),
            Value::Instance(_) => return None,
            _ => true,
        })
    }

    /// The name `type(x).__name__` gives.
    pub fn type_name(&self) -> Rc<str> {
        Rc::from(match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::BigInt(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::FrozenSet(_) => "frozenset",
            Value::Range(_) => "range",
            Value::Slice(_) => "slice",
            Value::Function(_) => "function",
            Value::Builtin(_) => "builtin_function_or_method",
            Value::Method(_) => "method",
            Value::Class(_) => "type",
            Value::Instance(inst) => return inst.class.name.clone(),
            Value::Module(_) => "module",
            Value::Generator(g) => match g.borrow().kind {
                GenKind::Generator => "generator",
                GenKind::Coroutine => "coroutine",
                GenKind::AsyncGenerator => "async_generator",
            },
            Value::Iterator(it) => it.borrow().type_name(),
            Value::Cell(_) => "cell",
            Value::Lock(_) => "lock",
            Value::Property(_) => "property",
            Value::StaticMethod(_) => "staticmethod",
            Value::ClassMethod(_) => "classmethod",
            Value::DictView(v) => match v.1 {
                ViewKind::Keys => "dict_keys",
                ViewKind::Values => "dict_values",
                ViewKind::Items => "dict_items",
            },
            Value::Ellipsis => "ellipsis",
            Value::NotImplemented => "NotImplementedType",
            Value::Null => "NULL",
        })
    }
}

/// `range(start, stop, step)`; the step is never zero.
#[derive(Debug)]
pub struct RangeObj {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl RangeObj {
    pub fn len(&self) -> i64 {
        let (start, stop, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let len = if step > 0 && start < stop {
            (stop - start + step - 1) / step
        } else if step < 0 && start > stop {
            (start - stop - step - 1) / (-step)
        } else {
            0
        };
        len as i64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: i64) -> i64 {
        self.start + index * self.step
    }
}

/// A property: the getter, and the setter if one was given.
#[derive(Debug)]
pub struct PropertyObj {
    pub fget: Value,
    pub fset: Option<Value>,
    /// `functools.cached_property`: a non-data descriptor, so what the instance holds
    /// under the name comes first, and setting or deleting it is the instance's.
    pub cached: bool,
}

/// A user-defined function (or lambda, or comprehension body).
#[derive(Debug)]
pub struct Function {
    pub code: Rc<Code>,
    pub globals: Rc<Module>,
    /// Defaults of the last positional parameters.
    pub defaults: Vec<Value>,
    pub kwdefaults: Vec<(Rc<str>, Value)>,
    pub closure: Vec<CellRef>,
    pub name: Rc<str>,
    /// The attributes a program sets on the function (`f.calls = 0`).
    pub dict: RefCell<Namespace>,
}

/// A function written in Rust. `id` names it for the VM's dispatcher.
#[derive(Debug)]
pub struct Builtin {
    pub name: Rc<str>,
    pub id: super::builtins::BuiltinId,
    /// The object a method is bound to (`[].append` binds the list).
    pub this: Option<Value>,
}

/// A class: user-defined, or one of the built-in exception classes and `object`.
#[derive(Debug)]
pub struct Class {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub module: Rc<str>,
    pub bases: Vec<Rc<Class>>,
    /// Method resolution order after this class itself (C3 linearisation of the bases).
    pub mro: Vec<Rc<Class>>,
    pub dict: RefCell<Namespace>,
    /// Built-in classes the VM treats specially.
    pub builtin: Option<BuiltinClass>,
    /// How many attributes its instances had after `__init__` (most have the same):
    /// new instances' dicts start that big instead of growing one insert at a time.
    pub instance_size: std::cell::Cell<usize>,
    /// Attributes its instances keep in fixed slots rather than their dict: the
    /// asyncio objects whose methods are written in Rust (`interp/aio.rs`) read them
    /// by index. Inherited by subclasses.
    pub layout: std::cell::Cell<Option<&'static [&'static str]>>,
    /// Which of asyncio's native methods (`interp/aio.rs`) this class still has, not
    /// overridden in Python: `(epoch, asked, native)`, one bit per `AioFn`, valid while
    /// [`class_epoch`] is `epoch`. The asyncio core asks this on every future it
    /// touches; walking the MRO's dicts each time was 5 % of a 10,000-task gather.
    pub native_methods: std::cell::Cell<(u64, u64, u64)>,
    /// What on the MRO changes how an instance's attributes are got and set
    /// ([`Class::attr_flags`]): `(epoch, flags)`, valid while [`class_epoch`] is
    /// `epoch`. Asking the MRO on every `self.x = ...` was two walks of its dicts.
    pub attr_flags: std::cell::Cell<(u64, u8)>,
}

thread_local! {
    static CLASS_EPOCH: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// A count that changes whenever any class's namespace does after its creation
/// (`Cls.method = ...`, `del Cls.method`): what a class caches from its MRO's
/// dicts holds only while this stays the same.
pub fn class_epoch() -> u64 {
    CLASS_EPOCH.with(|epoch| epoch.get())
}

/// Classes implemented by the VM itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinClass {
    Object,
    /// `BaseException` and every built-in exception class below it.
    Exception,
    /// The type objects of built-in values (`int`, `str`, `list`, ...), so that
    /// `isinstance(x, int)` and `int("3")` work.
    Type(TypeTag),
}

/// The built-in types a program can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeTag {
    Int,
    Float,
    Str,
    Bool,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Type,
    NoneType,
    Function,
    Slice,
}

/// Looks `name` up in a namespace, trying first the slot `hint` names (an instruction's
/// [`super::code::Code::hint`]) and remembering where it was found.
pub fn get_hinted<'a>(
    ns: &'a Namespace,
    name: &str,
    hint: &std::cell::Cell<u32>,
) -> Option<&'a Value> {
    if let Some((key, value)) = ns.get_index(hint.get() as usize) {
        if std::ptr::eq(&**key, name) || **key == *name {
            return Some(value);
        }
    }
    let (index, _, value) = ns.get_full(name)?;
    hint.set(index as u32);
    Some(value)
}

/// Sets `name` in a namespace as [`set_name`] does, trying first the slot `hint` names.
pub fn set_hinted(ns: &mut Namespace, name: &str, value: Value, hint: &std::cell::Cell<u32>) {
    if let Some((key, slot)) = ns.get_index_mut(hint.get() as usize) {
        if std::ptr::eq(&**key, name) || **key == *name {
            *slot = value;
            return;
        }
    }
    match ns.get_full_mut(name) {
        Some((index, _, slot)) => {
            *slot = value;
            hint.set(index as u32);
        }
        None => {
            hint.set(ns.len() as u32);
            ns.insert(Rc::from(name), value);
        }
    }
}

/// Sets `name` in a namespace, allocating the key only when it is new.
pub fn set_name(ns: &mut Namespace, name: &str, value: Value) {
    match ns.get_mut(name) {
        Some(slot) => *slot = value,
        None => {
            ns.insert(Rc::from(name), value);
        }
    }
}

/// A class on the MRO has a property: it comes before the instance's own attributes.
pub const HAS_PROPERTY: u8 = 1;
/// A class on the MRO has a `__setattr__` written in Python.
pub const HAS_SETATTR: u8 = 2;
/// Every class on the MRO below `object` declares `__slots__`, none with `__dict__`:
/// an instance takes only those attributes ([`Class::slot_names`]).
pub const HAS_SLOTS: u8 = 4;

impl Class {
    /// An empty dict for a new instance, sized as its siblings ended up.
    pub fn new_instance_dict(&self) -> Namespace {
        Namespace::with_capacity_and_hasher(self.instance_size.get(), Default::default())
    }

    pub fn is_subclass(&self, other: &Class) -> bool {
        std::ptr::eq(self, other) || self.mro.iter().any(|c| std::ptr::eq(&**c, other))
    }

    /// The class's namespace, to change: every cache of what the MRO holds is then out
    /// of date.
    pub fn dict_mut(&self) -> std::cell::RefMut<'_, Namespace> {
        CLASS_EPOCH.with(|epoch| epoch.set(epoch.get() + 1));
        self.dict.borrow_mut()
    }

    /// Which of [`HAS_PROPERTY`] and [`HAS_SETATTR`] hold anywhere on the MRO.
    pub fn attr_flags(&self) -> u8 {
        // Kept as epoch + 1, so that a new class's zero never passes for a cached
        // answer (the epoch itself is 0 until some class dict changes).
        let epoch = class_epoch() + 1;
        let (at, flags) = self.attr_flags.get();
        if at == epoch {
            return flags;
        }
        let mut flags = 0;
        if self.slot_names().is_some() {
            flags |= HAS_SLOTS;
        }
        for class in std::iter::once(self).chain(self.mro.iter().map(|c| &**c)) {
            for (name, value) in class.dict.borrow().iter() {
                match value {
                    Value::Property(p) if !p.cached => flags |= HAS_PROPERTY,
                    Value::Function(_) if &**name == "__setattr__" => flags |= HAS_SETATTR,
                    _ => {}
                }
            }
        }
        self.attr_flags.set((epoch, flags));
        flags
    }

    /// The attributes `__slots__` allows an instance, when every class on the MRO
    /// below `object` declares it and none lists `__dict__`; `None` when instances
    /// take any attribute.
    pub fn slot_names(&self) -> Option<Vec<Rc<str>>> {
        let mut names = Vec::new();
        for class in std::iter::once(self).chain(self.mro.iter().map(|c| &**c)) {
            if matches!(class.builtin, Some(BuiltinClass::Object)) {
                continue;
            }
            let dict = class.dict.borrow();
            let declared = match dict.get("__slots__")? {
                Value::Str(s) => vec![s.clone()],
                Value::Tuple(items) => items.iter().filter_map(Value::as_str_rc).collect(),
                Value::List(items) => items.borrow().iter().filter_map(Value::as_str_rc).collect(),
                _ => return None,
            };
            if declared.iter().any(|n| &**n == "__dict__") {
                return None;
            }
            names.extend(declared);
        }
        Some(names)
    }

    /// Looks an attribute up along the MRO.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(value) = self.dict.borrow().get(name) {
            return Some(value.clone());
        }
        for class in &self.mro {
            if let Some(value) = class.dict.borrow().get(name) {
                return Some(value.clone());
            }
        }
        None
    }

    pub fn is_exception(&self) -> bool {
        self.builtin == Some(BuiltinClass::Exception)
            || self
                .mro
                .iter()
                .any(|c| c.builtin == Some(BuiltinClass::Exception))
    }
}

/// An instance of a class. Exceptions are instances too; their traceback and chaining
/// live in [`ExcInfo`].
#[derive(Debug)]
pub struct Instance {
    pub class: Rc<Class>,
    pub dict: RefCell<Namespace>,
    pub exc: RefCell<Option<Box<ExcInfo>>>,
    /// The fixed attributes of a class with a native layout (its `Class::layout`),
    /// in that order; `Value::Null` where unset (the class attribute shows through).
    pub slots: RefCell<Vec<Value>>,
    /// The instance's creation number in this run: what it hashes by in a set, so
    /// that a set of objects has one order in every run of a program (CPython's
    /// hash is the object's address, which varies from run to run).
    pub serial: u64,
}

thread_local! {
    static SERIAL: Cell<u64> = const { Cell::new(0) };
}

/// The next instance creation number.
pub fn next_serial() -> u64 {
    SERIAL.with(|s| {
        let n = s.get();
        s.set(n + 1);
        n
    })
}

/// Starts creation numbers again, for a new run.
pub fn reset_serials() {
    SERIAL.with(|s| s.set(0));
}

impl Drop for Instance {
    fn drop(&mut self) {
        // The slots' vector carries the dict's values too: no allocation to free one.
        let mut values = std::mem::take(self.slots.get_mut());
        let dict = std::mem::take(self.dict.get_mut());
        if !dict.is_empty() {
            values.extend(dict.into_values());
        }
        trash::drop_values(values);
    }
}

impl Instance {
    /// A new instance of `class`, without attributes.
    pub fn new(class: Rc<Class>) -> Instance {
        let slots = class
            .layout
            .get()
            .map_or(Vec::new(), |l| vec![Value::Null; l.len()]);
        Instance {
            dict: RefCell::new(class.new_instance_dict()),
            class,
            exc: RefCell::new(None),
            slots: RefCell::new(slots),
            serial: next_serial(),
        }
    }

    /// The slot a native layout keeps `name` in.
    pub fn slot_of(&self, name: &str) -> Option<usize> {
        let layout = self.class.layout.get()?;
        layout.iter().position(|n| *n == name)
    }

    /// An attribute set on the instance itself: in its slot, or in its dict.
    pub fn own_attr(&self, name: &str) -> Option<Value> {
        let in_slot = self.slot_of(name).and_then(|i| {
            self.slots
                .borrow()
                .get(i)
                .filter(|v| !matches!(v, Value::Null))
                .cloned()
        });
        in_slot.or_else(|| self.dict.borrow().get(name).cloned())
    }

    /// Sets an attribute on the instance itself: its slot if its layout has one.
    pub fn set_own_attr(&self, name: &str, value: Value) {
        if let Some(i) = self.slot_of(name) {
            if let Some(place) = self.slots.borrow_mut().get_mut(i) {
                *place = value;
                return;
            }
        }
        set_name(&mut self.dict.borrow_mut(), name, value);
    }

    /// Deletes an attribute set on the instance itself; whether there was one.
    pub fn del_own_attr(&self, name: &str) -> bool {
        match self.slot_of(name) {
            Some(i) => self
                .slots
                .borrow_mut()
                .get_mut(i)
                .map(|v| std::mem::replace(v, Value::Null))
                .is_some_and(|v| !matches!(v, Value::Null)),
            None => self.dict.borrow_mut().shift_remove(name).is_some(),
        }
    }
}

/// What only exceptions carry.
#[derive(Debug, Default, Clone)]
pub struct ExcInfo {
    /// Frames the exception passed through, innermost last.
    pub traceback: Vec<TbEntry>,
    /// For a `NameError` or `AttributeError` the VM raised: what the traceback's
    /// "Did you mean" is worked out from when it is printed.
    pub suggest: Option<super::suggest::Source>,
    /// Raised again by a `raise e` (not a bare `raise`): the frame that raised it goes
    /// on its traceback once more, in front of what it already had, as CPython does.
    pub raised_again: bool,
}

/// One line of a traceback.
#[derive(Clone, Debug)]
pub struct TbEntry {
    pub file: Rc<str>,
    pub line: u32,
    pub name: Rc<str>,
    pub col: u32,
    pub end_col: u32,
    pub end_line: u32,
    /// The operator of a failing binary operation (`/`) or `[` of a subscript, which
    /// CPython 3.11 marks with `^` under `~`s in its traceback.
    pub anchor: Option<&'static str>,
    /// How deep the frame was, which tells two recursive calls apart.
    pub depth: usize,
}

/// A module: its globals. Modules written in Rust have none and answer attributes
/// through the VM.
#[derive(Debug)]
pub struct Module {
    pub name: Rc<str>,
    pub globals: RefCell<Namespace>,
}

/// Whether a suspended frame is a generator or a coroutine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenKind {
    Generator,
    Coroutine,
    AsyncGenerator,
}

/// A generator or coroutine object.
#[derive(Debug)]
pub struct Generator {
    pub kind: GenKind,
    /// The suspended frame; `None` while it runs and after it finished.
    pub frame: Option<Box<super::vm::Frame>>,
    pub running: bool,
    pub finished: bool,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    /// The code, for `repr` and for `defined at` in asyncio's messages.
    pub code: Rc<Code>,
}

thread_local! {
    /// Generators dropped while suspended inside a `try` or `with`: the VM closes
    /// them at its next instruction, as CPython does when their last reference goes.
    static TO_CLOSE: RefCell<Vec<Generator>> = const { RefCell::new(Vec::new()) };
    static CLOSE_PENDING: Cell<bool> = const { Cell::new(false) };
    /// Async generators dropped while suspended: asyncio's finaliser hook schedules
    /// their `aclose()` on the running loop (`aio.rs`, `schedule_dropped_asyncgens`).
    static TO_ACLOSE: RefCell<Vec<Generator>> = const { RefCell::new(Vec::new()) };
    /// The qualified names of coroutines dropped before they ever ran: the VM warns
    /// "coroutine '...' was never awaited" at its next instruction, as CPython warns
    /// when the last reference to one goes.
    static UNAWAITED: RefCell<Vec<Rc<str>>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Generator {
    fn drop(&mut self) {
        if self.kind == GenKind::Coroutine {
            let never_ran =
                !self.running && !self.finished && self.frame.as_ref().is_some_and(|f| f.ip == 0);
            if never_ran
                && UNAWAITED
                    .try_with(|q| q.borrow_mut().push(self.qualname.clone()))
                    .is_ok()
            {
                let _ = CLOSE_PENDING.try_with(|p| p.set(true));
            }
            return;
        }
        if self.running || self.finished {
            return;
        }
        let is_async = self.kind == GenKind::AsyncGenerator;
        // Only a started one has anything to close; closing a generator suspended
        // outside any handler runs nothing (an async one's aclose is scheduled anyway,
        // as asyncio's hook does).
        let needs_closing = self
            .frame
            .as_ref()
            .is_some_and(|f| f.ip > 0 && (is_async || !f.handlers.is_empty()));
        if !needs_closing {
            return;
        }
        let revived = Generator {
            kind: self.kind,
            frame: self.frame.take(),
            running: false,
            finished: false,
            name: self.name.clone(),
            qualname: self.qualname.clone(),
            code: self.code.clone(),
        };
        if is_async {
            let _ = TO_ACLOSE.try_with(|q| q.borrow_mut().push(revived));
        } else if TO_CLOSE.try_with(|q| q.borrow_mut().push(revived)).is_ok() {
            let _ = CLOSE_PENDING.try_with(|p| p.set(true));
        }
    }
}

impl Generator {
    /// A generator its destructor set aside, shared again, its frame pointing at it.
    pub fn revive(self) -> Rc<RefCell<Generator>> {
        let generator = Rc::new(RefCell::new(self));
        if let Some(frame) = generator.borrow_mut().frame.as_mut() {
            frame.generator = Some(Rc::downgrade(&generator));
        }
        generator
    }
}

/// The async generators dropped while suspended since the last call.
pub fn take_dropped_asyncgens() -> Vec<Generator> {
    TO_ACLOSE
        .try_with(|q| std::mem::take(&mut *q.borrow_mut()))
        .unwrap_or_default()
}

/// Whether a dropped generator or coroutine waits for the VM (see `Drop for
/// Generator`): the hot loop leaves for [`take_finalizers`] when one does.
#[inline]
pub fn finalizer_pending() -> bool {
    CLOSE_PENDING.with(Cell::get)
}

/// What dropped generators and coroutines left for the VM since the last call: the
/// generators to close, and the names of the coroutines that never ran.
pub fn take_finalizers() -> (Vec<Generator>, Vec<Rc<str>>) {
    if !CLOSE_PENDING.with(Cell::get) {
        return (Vec::new(), Vec::new());
    }
    CLOSE_PENDING.with(|p| p.set(false));
    (
        TO_CLOSE.with(|q| std::mem::take(&mut *q.borrow_mut())),
        UNAWAITED.with(|q| std::mem::take(&mut *q.borrow_mut())),
    )
}

/// Built-in iterators.
#[derive(Debug)]
pub enum IterState {
    Seq {
        seq: Value,
        index: usize,
    },
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    Values(std::vec::IntoIter<Value>),
    Enumerate {
        inner: Value,
        count: i64,
    },
    Zip {
        inners: Vec<Value>,
    },
    Map {
        func: Value,
        inners: Vec<Value>,
    },
    Filter {
        func: Value,
        inner: Value,
    },
    Reversed {
        seq: Value,
        index: usize,
    },
    /// A dict's keys, values or items, checked against the size the dict had when
    /// iteration began.
    DictKeys {
        dict: Rc<DictCell>,
        index: usize,
        len: usize,
        kind: ViewKind,
    },
    /// A set's or frozenset's members in table order from `pos`, checked against the
    /// size it had when iteration began (sticky once it changed, as CPython's).
    SetItems {
        set: Value,
        pos: usize,
        len: usize,
        changed: bool,
    },
    /// `agen.__anext__()`, `agen.asend(v)` or `agen.athrow(e)`: awaiting it resumes
    /// the async generator with `first` (then with what the task sends), and its
    /// next own `yield` is the await's value.
    AsyncGenAwait {
        generator: Rc<RefCell<Generator>>,
        first: Option<Result<Value, Value>>,
        throws: bool,
    },
}

impl IterState {
    pub fn type_name_of(&self) -> &'static str {
        self.type_name()
    }

    fn type_name(&self) -> &'static str {
        match self {
            IterState::Seq { seq, .. } => match seq {
                Value::List(_) => "list_iterator",
                Value::Tuple(_) => "tuple_iterator",
                Value::Str(_) => "str_ascii_iterator",
                _ => "iterator",
            },
            IterState::Range { .. } => "range_iterator",
            IterState::Values(_) => "iterator",
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip { .. } => "zip",
            IterState::Map { .. } => "map",
            IterState::Filter { .. } => "filter",
            IterState::Reversed { .. } => "list_reverseiterator",
            IterState::DictKeys { .. } => "dict_keyiterator",
            IterState::SetItems { .. } => "set_iterator",
            IterState::AsyncGenAwait { throws: false, .. } => "async_generator_asend",
            IterState::AsyncGenAwait { throws: true, .. } => "async_generator_athrow",
        }
    }
}

/// A `_thread` lock: who holds it is the scheduler's business; this records only
/// whether it is held, plus a serial number for the event log.
#[derive(Debug)]
pub struct LockObj {
    pub id: u64,
    pub locked: Cell<bool>,
    /// The thread that acquired it last (for deadlock reports).
    pub owner: Cell<Option<usize>>,
    /// A lock whose release means "it happened" rather than "your turn": a thread's
    /// state lock, released as it ends (`join`), and a `Condition`'s waiter lock,
    /// released by `notify`. Acquiring one orders what its releaser did before
    /// (see `Vm::clock`); a plain mutex's order is a race and orders nothing.
    pub signal: Cell<bool>,
    /// The releaser's clock at the last release of a signal lock.
    pub released: std::cell::RefCell<Vec<u32>>,
}
