//! `set` and `frozenset` laid out as CPython 3.11 lays them out, so that iterating or
//! printing one gives CPython's order: `print({5, 10, 100})` is `{10, 100, 5}` there,
//! because a set is an open-addressing hash table (`Objects/setobject.c`) and its order
//! is the order of the table's slots.
//!
//! The table keeps CPython's probe sequence (nine linear probes, then perturbed jumps),
//! its dummies for deleted members, its resize points and sizes, `set_merge`'s fast
//! paths and the order each set operation visits its operands in. Members hash with
//! CPython's `hash()` for numbers, tuples and frozensets. Strings and objects have
//! randomised or address-based hashes in CPython, so its order for a set holding one
//! changes from run to run; such a set iterates here in the order its members came
//! in (the table is still kept, so its other members behave alike). An index maps
//! each member to its slot, for lookups, and keeps that arrival order.

use super::value::{Key, Value};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use rustc_hash::FxHashMap;

const MINSIZE: usize = 8;
const LINEAR_PROBES: u64 = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Debug)]
enum Slot {
    Empty,
    Dummy,
    Full(Key, i64),
}

/// Where a member is: its table slot, its hash, its place in the arrival order.
#[derive(Clone, Debug)]
struct Member {
    at: usize,
    hash: i64,
    seq: usize,
}

/// A set's members in CPython's table.
#[derive(Clone, Debug)]
pub struct PySet {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
    finger: usize,
    /// Each member's slot, hash and place in `order`.
    slots: FxHashMap<Key, Member>,
    /// The members in the order they came in, `None` where one left (compacted once
    /// half are gone), with `head` at or before the first still here.
    order: Vec<Option<Key>>,
    gone: usize,
    head: usize,
    /// Whether the set has held a member whose CPython hash changes from run to run
    /// (a string, an object): CPython's order for such a set is not reproducible, and
    /// it iterates in the order its members came in instead, as a reader expects.
    arbitrary: bool,
}

impl Default for PySet {
    fn default() -> Self {
        PySet {
            table: vec![Slot::Empty; MINSIZE],
            fill: 0,
            used: 0,
            finger: 0,
            slots: FxHashMap::default(),
            order: Vec::new(),
            gone: 0,
            head: 0,
            arbitrary: false,
        }
    }
}

/// The other operand of a set operation, as CPython tells them apart: another set
/// (its table order and stored hashes count), an exact dict (its keys), or any iterable.
pub enum Other {
    Set(PySet),
    Dict(Vec<Key>),
    Iter(Vec<Key>),
}

impl Other {
    fn len(&self) -> usize {
        match self {
            Other::Set(s) => s.len(),
            Other::Dict(keys) | Other::Iter(keys) => keys.len(),
        }
    }
}

impl PySet {
    pub fn new() -> PySet {
        PySet::default()
    }

    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    pub fn contains(&self, key: &Key) -> bool {
        self.slots.contains_key(key)
    }

    /// The member equal to `key`, as stored (`{1} & {1.0}` keeps one of them).
    pub fn get(&self, key: &Key) -> Option<&Key> {
        self.slots.get_key_value(key).map(|(k, _)| k)
    }

    /// The members in iteration order: CPython's table order (or arrival order for a
    /// set whose CPython order is not reproducible).
    pub fn iter(&self) -> impl Iterator<Item = &Key> + '_ {
        self.entries().map(|(k, _)| k)
    }

    fn entries(&self) -> Box<dyn Iterator<Item = (&Key, i64)> + '_> {
        if self.arbitrary {
            return Box::new(
                self.order[self.head..]
                    .iter()
                    .flatten()
                    .map(|k| (k, self.slots.get(k).map_or(0, |m| m.hash))),
            );
        }
        Box::new(self.table.iter().filter_map(|slot| match slot {
            Slot::Full(k, h) => Some((k, *h)),
            _ => None,
        }))
    }

    /// The member at or after position `pos` in iteration order, and the position
    /// after it: what a set iterator steps with (`setiter_iternext`).
    pub fn next_from(&self, pos: usize) -> Option<(Key, usize)> {
        if self.arbitrary {
            let start = pos.max(self.head);
            return self
                .order
                .get(start..)?
                .iter()
                .enumerate()
                .find_map(|(i, k)| k.as_ref().map(|k| (k.clone(), start + i + 1)));
        }
        self.table
            .iter()
            .enumerate()
            .skip(pos)
            .find_map(|(i, slot)| match slot {
                Slot::Full(k, _) => Some((k.clone(), i + 1)),
                _ => None,
            })
    }

    fn mask(&self) -> u64 {
        (self.table.len() - 1) as u64
    }

    /// `set.add`: whether `key` was new.
    pub fn insert(&mut self, key: Key) -> bool {
        let hash = py_hash(&key.0);
        self.add_entry(key, hash)
    }

    /// `set_add_entry`: the probe path up to its first empty slot; the member goes
    /// into the last dummy passed on the way if there was one (3.11 keeps the last,
    /// not the first), else into that empty slot, and the table grows once it is
    /// three-fifths full.
    fn add_entry(&mut self, key: Key, hash: i64) -> bool {
        if self.slots.contains_key(&key) {
            return false;
        }
        let mask = self.mask();
        let mut i = hash as u64 & mask;
        let mut perturb = hash as u64;
        let mut freeslot = None;
        let empty = 'probe: loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in 0..=probes {
                let at = (i + j) as usize;
                match self.table[at] {
                    Slot::Empty => break 'probe at,
                    Slot::Dummy => freeslot = Some(at),
                    Slot::Full(..) => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        };
        self.used += 1;
        if let Some(at) = freeslot {
            self.put(at, key, hash);
            return true;
        }
        self.fill += 1;
        self.put(empty, key, hash);
        if (self.fill as u64) * 5 >= mask * 3 {
            self.resize(self.grown());
        }
        true
    }

    fn put(&mut self, at: usize, key: Key, hash: i64) {
        if !self.arbitrary {
            self.arbitrary = arbitrary_hash(&key.0);
        }
        let seq = self.order.len();
        self.order.push(Some(key.clone()));
        self.slots.insert(key.clone(), Member { at, hash, seq });
        self.table[at] = Slot::Full(key, hash);
    }

    fn grown(&self) -> usize {
        if self.used > 50_000 {
            self.used * 2
        } else {
            self.used * 4
        }
    }

    /// `set_table_resize`: the smallest power of two above `minused`, the members
    /// reinserted in old table order without their dummies.
    fn resize(&mut self, minused: usize) {
        let mut size = MINSIZE;
        while size <= minused {
            size <<= 1;
        }
        if size == MINSIZE && self.table.len() == MINSIZE && self.fill == self.used {
            return;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; size]);
        self.fill = self.used;
        let mask = self.mask();
        for slot in old {
            if let Slot::Full(key, hash) = slot {
                let at = insert_clean(&self.table, mask, hash);
                if let Some(m) = self.slots.get_mut(&key) {
                    m.at = at;
                }
                self.table[at] = Slot::Full(key, hash);
            }
        }
    }

    /// `set.discard`: whether `key` was there; its slot becomes a dummy.
    pub fn remove(&mut self, key: &Key) -> bool {
        match self.slots.remove(key) {
            Some(m) => {
                self.table[m.at] = Slot::Dummy;
                self.used -= 1;
                self.forget(m.seq);
                true
            }
            None => false,
        }
    }

    /// Takes a member that left out of the arrival order.
    fn forget(&mut self, seq: usize) {
        self.order[seq] = None;
        self.gone += 1;
        while self.head < self.order.len() && self.order[self.head].is_none() {
            self.head += 1;
        }
        if self.gone * 2 > self.order.len() {
            self.order.retain(Option::is_some);
            for (seq, key) in self.order.iter().enumerate() {
                if let Some(m) = key.as_ref().and_then(|k| self.slots.get_mut(k)) {
                    m.seq = seq;
                }
            }
            self.gone = 0;
            self.head = 0;
        }
    }

    /// `set.pop`: the next member from where the last pop stopped (the first to
    /// arrive, for a set iterated in arrival order).
    pub fn pop(&mut self) -> Option<Key> {
        if self.used == 0 {
            return None;
        }
        if self.arbitrary {
            let key = self.order.get(self.head)?.clone()?;
            self.remove(&key);
            return Some(key);
        }
        let len = self.table.len();
        let mut at = self.finger & (len - 1);
        while !matches!(self.table[at], Slot::Full(..)) {
            at = (at + 1) % len;
        }
        let Slot::Full(key, _) = std::mem::replace(&mut self.table[at], Slot::Dummy) else {
            return None;
        };
        if let Some(m) = self.slots.remove(&key) {
            self.forget(m.seq);
        }
        self.used -= 1;
        self.finger = at + 1;
        Some(key)
    }

    /// `set.clear`: back to an empty eight-slot table.
    pub fn clear(&mut self) {
        self.table = vec![Slot::Empty; MINSIZE];
        self.fill = 0;
        self.used = 0;
        self.slots.clear();
        self.order.clear();
        self.gone = 0;
        self.head = 0;
    }

    /// `set_merge`: one resize up front, then a copy of the table when both are the
    /// same size and this one is empty, clean insertion when it is empty, else adds.
    fn merge(&mut self, other: &PySet) {
        if other.used == 0 {
            return;
        }
        let mask = self.mask();
        if ((self.fill + other.used) as u64) * 5 >= mask * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.table.len() == other.table.len() && other.fill == other.used {
            self.table = other.table.clone();
            self.slots = other.slots.clone();
            self.order = other.order.clone();
            self.gone = other.gone;
            self.head = other.head;
            self.arbitrary = other.arbitrary;
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            let mask = self.mask();
            for (key, hash) in other.entries() {
                let at = insert_clean(&self.table, mask, hash);
                self.put(at, key.clone(), hash);
            }
            self.fill = other.used;
            self.used = other.used;
            return;
        }
        for (key, hash) in other.entries() {
            self.add_entry(key.clone(), hash);
        }
    }

    /// `set_update_internal`: `s.update(other)`, `s |= other`, `set(other)`.
    pub fn update(&mut self, other: &Other) {
        match other {
            Other::Set(o) => self.merge(o),
            Other::Dict(keys) => {
                let mask = self.mask();
                if ((self.fill + keys.len()) as u64) * 5 >= mask * 3 {
                    self.resize((self.used + keys.len()) * 2);
                }
                for key in keys {
                    self.insert(key.clone());
                }
            }
            Other::Iter(keys) => {
                for key in keys {
                    self.insert(key.clone());
                }
            }
        }
    }

    /// `set(other)`, `frozenset(other)`.
    pub fn from_other(other: &Other) -> PySet {
        let mut s = PySet::new();
        s.update(other);
        s
    }

    /// `s.copy()`: a merge into an empty set.
    pub fn copy(&self) -> PySet {
        let mut s = PySet::new();
        s.merge(self);
        s
    }

    fn other_contains(other: &Other, key: &Key) -> bool {
        match other {
            Other::Set(o) => o.contains(key),
            Other::Dict(keys) | Other::Iter(keys) => keys.contains(key),
        }
    }

    /// `set_intersection`: over the smaller set's table (its members are kept), or
    /// over an iterable in its order.
    pub fn intersection(&self, other: &Other) -> PySet {
        let mut result = PySet::new();
        match other {
            Other::Set(o) => {
                let (big, small) = if o.len() > self.len() {
                    (o, self)
                } else {
                    (self, o)
                };
                for (key, hash) in small.entries() {
                    if big.contains(key) {
                        result.add_entry(key.clone(), hash);
                    }
                }
            }
            Other::Dict(keys) | Other::Iter(keys) => {
                for key in keys {
                    if self.contains(key) {
                        result.insert(key.clone());
                    }
                }
            }
        }
        result
    }

    /// `set_difference`: a copy then `difference_update` when this set is over four
    /// times the other's size (or the other is a plain iterable), else this set's
    /// members that the other lacks, in table order.
    pub fn difference(&self, other: &Other) -> PySet {
        if matches!(other, Other::Iter(_)) || (self.len() >> 2) > other.len() {
            let mut result = self.copy();
            result.difference_update(other);
            return result;
        }
        let mut result = PySet::new();
        for (key, hash) in self.entries() {
            if !Self::other_contains(other, key) {
                result.add_entry(key.clone(), hash);
            }
        }
        result
    }

    /// `set_difference_update_internal`: discards, then a resize if over a quarter of
    /// the table is dummies.
    pub fn difference_update(&mut self, other: &Other) {
        match other {
            Other::Set(o) => {
                let narrowed;
                let o = if (o.len() >> 3) > self.len() {
                    narrowed = self.intersection(other);
                    &narrowed
                } else {
                    o
                };
                for key in o.iter() {
                    self.remove(key);
                }
            }
            Other::Dict(keys) | Other::Iter(keys) => {
                for key in keys {
                    self.remove(key);
                }
            }
        }
        if (self.fill - self.used) as u64 > self.mask() / 4 {
            self.resize(self.grown());
        }
    }

    /// `set_symmetric_difference_update`: each member of the other is discarded if
    /// here, else added; an iterable becomes a set first.
    pub fn symmetric_difference_update(&mut self, other: &Other) {
        let made;
        let o = match other {
            Other::Set(o) => o,
            Other::Dict(keys) => {
                for key in keys {
                    if !self.remove(key) {
                        self.insert(key.clone());
                    }
                }
                return;
            }
            Other::Iter(_) => {
                made = PySet::from_other(other);
                &made
            }
        };
        for (key, hash) in o.entries() {
            if !self.remove(key) {
                self.add_entry(key.clone(), hash);
            }
        }
    }

    /// `set_symmetric_difference`: a set made from the other, updated with this one.
    pub fn symmetric_difference(&self, other: &Other) -> PySet {
        let mut result = PySet::from_other(other);
        result.symmetric_difference_update(&Other::Set(self.clone()));
        result
    }

    pub fn is_subset(&self, other: &PySet) -> bool {
        self.len() <= other.len() && self.iter().all(|k| other.contains(k))
    }

    /// CPython's `frozenset.__hash__`: shuffled member hashes xor-ed together.
    pub fn frozen_hash(&self) -> i64 {
        fn shuffle(h: u64) -> u64 {
            ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
        }
        let mut hash: u64 = 0;
        for (_, h) in self.entries() {
            hash ^= shuffle(h as u64);
        }
        // The table's empty slots count in CPython's loop; an odd number of them
        // leaves one shuffle(0), which it then removes.
        hash ^= ((self.used as u64) + 1).wrapping_mul(1_927_868_237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
        if hash == u64::MAX {
            590_923_713
        } else {
            hash as i64
        }
    }
}

/// How two sets order: equal, a proper subset, a proper superset, or neither.
pub fn subset_order(x: &PySet, y: &PySet) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if x.is_subset(y) {
        Some(if x.len() == y.len() {
            Ordering::Equal
        } else {
            Ordering::Less
        })
    } else if y.is_subset(x) {
        Some(Ordering::Greater)
    } else {
        None
    }
}

impl FromIterator<Key> for PySet {
    fn from_iter<I: IntoIterator<Item = Key>>(items: I) -> PySet {
        let mut s = PySet::new();
        for key in items {
            s.insert(key);
        }
        s
    }
}

/// `set_insert_clean`: the first empty slot on `hash`'s probe path.
fn insert_clean(table: &[Slot], mask: u64, hash: i64) -> usize {
    let mut perturb = hash as u64;
    let mut i = hash as u64 & mask;
    loop {
        if matches!(table[i as usize], Slot::Empty) {
            return i as usize;
        }
        if i + LINEAR_PROBES <= mask {
            for j in 1..=LINEAR_PROBES {
                if matches!(table[(i + j) as usize], Slot::Empty) {
                    return (i + j) as usize;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
    }
}

/// Whether CPython's hash of `v` changes from run to run: strings (randomised),
/// objects, None and functions (addresses); not numbers, nor tuples and frozensets of
/// numbers, nor namedtuples and dataclasses of them.
fn arbitrary_hash(v: &Value) -> bool {
    match v {
        Value::Bool(_) | Value::Int(_) | Value::BigInt(_) => false,
        Value::Float(f) => f.is_nan(),
        Value::Tuple(items) => super::value::nested(true, || items.iter().any(arbitrary_hash)),
        Value::FrozenSet(s) => s.arbitrary,
        Value::Instance(_) => super::value::field_key(v).is_none_or(|k| arbitrary_hash(&k)),
        _ => true,
    }
}

/// The modulus of CPython's numeric hash.
const MODULUS: u64 = (1 << 61) - 1;

/// `hash(v)` as CPython 3.11 computes it for numbers, tuples and frozensets; a fixed
/// hash for everything else (CPython's are randomised or addresses). Equal keys hash
/// alike.
pub fn py_hash(v: &Value) -> i64 {
    let h = match v {
        Value::Bool(b) => *b as i64,
        Value::Int(i) if i.unsigned_abs() < MODULUS => *i,
        Value::Int(i) => int_hash(&BigInt::from(*i)),
        Value::BigInt(b) => int_hash(b),
        Value::Float(f) => float_hash(*f),
        Value::Tuple(items) => {
            // tuplehash: xxHash's round over the items' hashes.
            const P1: u64 = 11_400_714_785_074_694_791;
            const P2: u64 = 14_029_467_366_897_019_727;
            const P5: u64 = 2_870_177_450_012_600_261;
            let mut acc = P5;
            for item in items.iter() {
                let lane = super::value::nested(0, || py_hash(item)) as u64;
                acc = acc.wrapping_add(lane.wrapping_mul(P2));
                acc = acc.rotate_left(31);
                acc = acc.wrapping_mul(P1);
            }
            acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3_527_539));
            if acc == u64::MAX {
                1_546_275_796
            } else {
                acc as i64
            }
        }
        Value::FrozenSet(s) => s.frozen_hash(),
        Value::Instance(inst) => match super::value::field_key(v) {
            // A dataclass or namedtuple hashes by its fields.
            Some(fields) => py_hash(&fields),
            None => inst.serial as i64,
        },
        Value::Str(s) => fnv1a(s.as_bytes()),
        // Functions, classes, coroutines, locks, None: hashed by address in CPython;
        // here by their type, the same in every run (lookups do not use this hash).
        other => fnv1a(other.type_name().as_bytes()),
    };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// FNV-1a over bytes: the same 64 bits natively and in wasm32.
fn fnv1a(bytes: &[u8]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 1) as i64
}

fn int_hash(b: &BigInt) -> i64 {
    let m = (b.abs() % BigInt::from(MODULUS)).to_i64().unwrap_or(0);
    if b.is_negative() {
        -m
    } else {
        m
    }
}

/// `_Py_HashDouble`: an integral float hashes as its int; others by their mantissa
/// reduced modulo 2**61 - 1, 28 bits at a time.
fn float_hash(f: f64) -> i64 {
    if f.is_nan() {
        return 0;
    }
    if f.is_infinite() {
        return if f > 0.0 { 314_159 } else { -314_159 };
    }
    if f.fract() == 0.0 {
        return <BigInt as num_traits::FromPrimitive>::from_f64(f)
            .map(|b| int_hash(&b))
            .unwrap_or(0);
    }
    let sign: i64 = if f < 0.0 { -1 } else { 1 };
    let (mut m, mut e) = frexp(f.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (61 - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = e.rem_euclid(61) as u32;
    x = ((x << e) & MODULUS) | (x >> (61 - e));
    x as i64 * sign
}

/// `math.frexp`: a mantissa in [0.5, 1) and an exponent.
pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// Runs `f` on the members of a set or frozenset (an empty set for anything else).
pub fn members<T>(v: &Value, f: impl FnOnce(&PySet) -> T) -> T {
    match v {
        Value::Set(s) => f(&s.borrow()),
        Value::FrozenSet(s) => f(s),
        _ => f(&PySet::new()),
    }
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` on two sets or frozensets: a new set of `a`'s
/// type, built as CPython's `set_or`, `set_and`, `set_sub` and `set_xor` build it.
pub fn binary(op: super::code::BinOp, a: &Value, b: &Value) -> Value {
    use super::code::BinOp;
    let same = match (a, b) {
        (Value::Set(x), Value::Set(y)) => std::rc::Rc::ptr_eq(x, y),
        (Value::FrozenSet(x), Value::FrozenSet(y)) => std::rc::Rc::ptr_eq(x, y),
        _ => false,
    };
    let other = Other::Set(members(b, PySet::clone));
    let result = members(a, |s| match op {
        // `a | a` and `a & a` are copies (`set_or`, `set_intersection`).
        BinOp::Or | BinOp::And if same => s.copy(),
        BinOp::Or => {
            let mut r = s.copy();
            r.update(&other);
            r
        }
        BinOp::And => s.intersection(&other),
        BinOp::Sub => s.difference(&other),
        _ => s.symmetric_difference(&other),
    });
    if matches!(a, Value::FrozenSet(_)) {
        Value::FrozenSet(std::rc::Rc::new(result))
    } else {
        Value::Set(std::rc::Rc::new(std::cell::RefCell::new(result)))
    }
}

/// `a |= b`, `&=`, `-=`, `^=` on a set: in place.
pub fn inplace(op: super::code::BinOp, a: &mut PySet, other: &Other) {
    use super::code::BinOp;
    match op {
        BinOp::Or => a.update(other),
        BinOp::And => *a = a.intersection(other),
        BinOp::Sub => a.difference_update(other),
        _ => a.symmetric_difference_update(other),
    }
}
