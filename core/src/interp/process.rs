//! Processes: what crosses from one Python process to another, copied as `pickle`
//! copies it, and the natives `multiprocessing` and `ProcessPoolExecutor` are built on.
//!
//! A process is a whole [`Interpreter`] with its own heap, as a CPython process is, so
//! nothing but a [`Pickled`] value passes between two: a child's start (its `Process`
//! object), and each message of a channel (the pool's call and result queues). The
//! interpreter only says what it wants ([`Event::ProcessStart`], [`Event::ChannelSend`],
//! [`Event::ChannelWant`], [`Event::ProcessKill`]); whoever drives the processes (the
//! model's `sim::World`, or the page's workers) starts them, carries the messages and
//! answers with [`Interpreter::deliver`] and [`Interpreter::child_exited`].
//!
//! Children start as CPython's `spawn` start method starts them: a fresh interpreter
//! imports the program as `__mp_main__` (so the code under `if __name__ ==
//! "__main__":` does not run again), then unpickles its `Process` and calls `run()`.
//!
//! Pickling follows CPython's rules and messages: functions and classes travel by
//! reference (their module and qualified name, looked up again on the other side, so
//! a lambda or a function defined inside another cannot be sent), instances as their
//! class and `__dict__`, and what cannot be copied (a lock, a generator, a module)
//! raises CPython's `TypeError`.

use super::value::*;
use super::vm::{Event, Interpreter, Spawn, R};
use num_bigint::BigInt;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::rc::Rc;

/// A value as `pickle` would carry it between processes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Pickled {
    None,
    Bool(bool),
    Int(i64),
    /// Decimal digits.
    BigInt(String),
    Float(f64),
    Str(String),
    Tuple(Vec<Pickled>),
    List(Vec<Pickled>),
    Dict(Vec<(Pickled, Pickled)>),
    Set(Vec<Pickled>),
    FrozenSet(Vec<Pickled>),
    Range(i64, i64, i64),
    /// A function, class or builtin, by reference: looked up again where it lands.
    Global {
        module: String,
        qualname: String,
    },
    /// A bound method: its object, and the method's name on it.
    Method(Box<Pickled>, String),
    /// An instance: its class (a `Global`) and its `__dict__`.
    Object {
        class: Box<Pickled>,
        state: Vec<(String, Pickled)>,
    },
    /// The same object again (the `n`th container finished): pickle keeps identity
    /// within one message, so `[x, x]` arrives as one object twice.
    Memo(u32),
    Ellipsis,
}

/// What a process knows of itself and of the processes around it.
#[derive(Debug, Default)]
pub struct ProcessState {
    /// `os.getpid()`.
    pub pid: i64,
    /// `os.getppid()`.
    pub ppid: i64,
    /// The pid the next child gets: children of process `p` are numbered from
    /// `p * 100 + 1`, so that no two processes of a run, wherever they run, share one.
    next_child: i64,
    /// A child's start: its `Process` object, pickled by the parent.
    pub payload: Option<Pickled>,
    /// A child's program, run as `__mp_main__` when its bootstrap imports it.
    pub(crate) main_pending: Option<Rc<super::code::Code>>,
    /// This process's children: the lock released when each ends, and its exit code.
    children: FxHashMap<i64, (Rc<LockObj>, Option<i32>)>,
    /// Messages delivered to this process, by channel.
    inbox: FxHashMap<u64, VecDeque<Pickled>>,
    /// Locks threads wait on for a channel's next message, by lock id.
    wants: FxHashMap<u64, Rc<LockObj>>,
    next_channel: u64,
    /// `os.cpu_count()`: the cores the driver gives the run.
    pub cpu_count: usize,
}

/// What `start()` costs the parent in cost units: CPython's `spawn` writes the
/// pickled process to a new interpreter's pipe (measured: ~0.8 ms).
pub const START_UNITS: u64 = 230_000;

/// What pickling and sending a small message costs, beyond the pickling itself.
pub const MESSAGE_UNITS: u64 = 3_000;

/// The first process's pid (any number would do; this one looks like a pid).
pub const MAIN_PID: i64 = 4242;

impl ProcessState {
    pub fn main() -> ProcessState {
        ProcessState {
            pid: MAIN_PID,
            ppid: 4200,
            next_child: MAIN_PID * 100 + 1,
            cpu_count: 2,
            ..ProcessState::default()
        }
    }

    pub fn child(pid: i64, ppid: i64, payload: Pickled, cpu_count: usize) -> ProcessState {
        ProcessState {
            pid,
            ppid,
            next_child: pid * 100 + 1,
            payload: Some(payload),
            cpu_count,
            ..ProcessState::default()
        }
    }
}

/// The most nested containers a pickle follows, as CPython's recursion limit.
const MAX_DEPTH: usize = 1000;

struct Pickler<'a> {
    interp: &'a mut Interpreter,
    /// Containers finished so far, by identity: a second sight is a [`Pickled::Memo`].
    memo: FxHashMap<usize, u32>,
    finished: u32,
    /// Containers being pickled: meeting one again is a cycle.
    open: Vec<usize>,
}

impl Pickler<'_> {
    fn error(&mut self, kind: &str, message: String) -> Value {
        self.interp.error(kind, message)
    }

    fn cannot(&mut self, type_name: &str) -> Value {
        self.error("TypeError", format!("cannot pickle '{type_name}' object"))
    }

    fn container<F>(&mut self, v: &Value, fill: F) -> R<Pickled>
    where
        F: FnOnce(&mut Self) -> R<Pickled>,
    {
        let id = identity(v);
        if let Some(&n) = self.memo.get(&id) {
            return Ok(Pickled::Memo(n));
        }
        if self.open.contains(&id) {
            return Err(self.error(
                "NotImplementedError",
                "this page cannot pickle an object that contains itself (CPython can)".to_string(),
            ));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error(
                "RecursionError",
                "maximum recursion depth exceeded while pickling an object".to_string(),
            ));
        }
        self.open.push(id);
        let result = fill(self);
        self.open.pop();
        let p = result?;
        self.memo.insert(id, self.finished);
        self.finished += 1;
        Ok(p)
    }

    fn items(&mut self, items: &[Value]) -> R<Vec<Pickled>> {
        items.iter().map(|item| self.pickle(item)).collect()
    }

    fn pickle(&mut self, v: &Value) -> R<Pickled> {
        Ok(match v {
            Value::None => Pickled::None,
            Value::Bool(b) => Pickled::Bool(*b),
            Value::Int(i) => Pickled::Int(*i),
            Value::BigInt(b) => Pickled::BigInt(b.to_string()),
            Value::Float(f) => Pickled::Float(*f),
            Value::Str(s) => Pickled::Str(s.to_string()),
            Value::Ellipsis => Pickled::Ellipsis,
            Value::Range(r) => Pickled::Range(r.start, r.stop, r.step),
            Value::Tuple(items) => {
                let items = items.0.clone();
                self.container(v, |p| Ok(Pickled::Tuple(p.items(&items)?)))?
            }
            Value::List(items) => {
                let items = items.borrow().clone();
                self.container(v, |p| Ok(Pickled::List(p.items(&items)?)))?
            }
            Value::Set(items) => {
                let items: Vec<Value> = items.borrow().iter().map(|k| k.0.clone()).collect();
                self.container(v, |p| Ok(Pickled::Set(p.items(&items)?)))?
            }
            Value::FrozenSet(items) => {
                let items: Vec<Value> = items.iter().map(|k| k.0.clone()).collect();
                self.container(v, |p| Ok(Pickled::FrozenSet(p.items(&items)?)))?
            }
            Value::Dict(d) => {
                let pairs: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.0.clone(), v.clone()))
                    .collect();
                self.container(v, |p| {
                    let mut out = Vec::with_capacity(pairs.len());
                    for (k, v) in &pairs {
                        out.push((p.pickle(k)?, p.pickle(v)?));
                    }
                    Ok(Pickled::Dict(out))
                })?
            }
            Value::Function(f) => {
                let module = match f.globals.globals.borrow().get("__name__") {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => "__main__".to_string(),
                };
                self.global(v, module, f.code.qualname.to_string())?
            }
            Value::Class(c) => {
                let module = c.module.to_string();
                self.global(v, module, c.qualname.to_string())?
            }
            Value::Builtin(b) if b.this.is_none() => self.builtin(v, b)?,
            Value::Method(m) => {
                let (this, func) = (m.0.clone(), m.1.clone());
                let name = match &func {
                    Value::Function(f) => f.name.to_string(),
                    Value::Builtin(b) => b.name.to_string(),
                    _ => return Err(self.cannot("method")),
                };
                Pickled::Method(Box::new(self.pickle(&this)?), name)
            }
            Value::Instance(inst) => {
                if inst.class.layout.get().is_some() {
                    let name = inst.class.name.to_string();
                    return Err(self.cannot(&name));
                }
                let class = Value::Class(inst.class.clone());
                let exception = inst.class.is_exception();
                let state: Vec<(Rc<str>, Value)> = inst
                    .dict
                    .borrow()
                    .iter()
                    // An exception travels as its class, args and own attributes, not
                    // its traceback or chaining (`BaseException.__reduce__`).
                    .filter(|(k, _)| !(exception && k.starts_with("__")))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                self.container(v, |p| {
                    let class = p.pickle(&class)?;
                    let mut out = Vec::with_capacity(state.len());
                    for (k, v) in &state {
                        out.push((k.to_string(), p.pickle(v)?));
                    }
                    Ok(Pickled::Object {
                        class: Box::new(class),
                        state: out,
                    })
                })?
            }
            Value::Lock(_) => return Err(self.cannot("_thread.lock")),
            Value::Module(_) => return Err(self.cannot("module")),
            Value::Generator(_) => {
                let name = v.type_name().to_string();
                return Err(self.cannot(&name));
            }
            other => {
                let name = other.type_name().to_string();
                return Err(self.error(
                    "NotImplementedError",
                    format!("this page cannot pickle a '{name}' object"),
                ));
            }
        })
    }

    /// A function or class by reference, checked as CPython's `save_global` checks it:
    /// looking `module.qualname` up must give the very object.
    fn global(&mut self, v: &Value, module: String, qualname: String) -> R<Pickled> {
        if qualname.contains("<locals>") {
            return Err(self.error(
                "AttributeError",
                format!("Can't pickle local object '{qualname}'"),
            ));
        }
        let repr = match v {
            Value::Function(f) => format!(
                "<function {} at {:#x}>",
                f.code.qualname,
                super::vm::fake_address(v)
            ),
            Value::Class(c) => format!("<class '{}.{}'>", c.module, c.qualname),
            _ => v.type_name().to_string(),
        };
        match lookup_global(self.interp, &module, &qualname) {
            Some(found) if identity(&found) == identity(v) => {
                Ok(Pickled::Global { module, qualname })
            }
            Some(_) => Err(self.pickling_error(format!(
                "Can't pickle {repr}: it's not the same object as {module}.{qualname}"
            ))),
            None => Err(self.pickling_error(format!(
                "Can't pickle {repr}: attribute lookup {qualname} on {module} failed"
            ))),
        }
    }

    fn pickling_error(&mut self, message: String) -> Value {
        self.error("PicklingError", message)
    }

    /// A builtin function by the module that holds it.
    fn builtin(&mut self, v: &Value, b: &Builtin) -> R<Pickled> {
        let same = |candidate: &Value| matches!(candidate, Value::Builtin(c) if c.id == b.id && c.this.is_none());
        if self
            .interp
            .builtins
            .globals
            .borrow()
            .get(&*b.name)
            .is_some_and(same)
        {
            return Ok(Pickled::Global {
                module: "builtins".to_string(),
                qualname: b.name.to_string(),
            });
        }
        let mut names: Vec<&Rc<str>> = self.interp.modules.keys().collect();
        names.sort();
        for name in names {
            let module = &self.interp.modules[name];
            if module.globals.borrow().get(&*b.name).is_some_and(same) {
                return Ok(Pickled::Global {
                    module: name.to_string(),
                    qualname: b.name.to_string(),
                });
            }
        }
        let name = v.type_name().to_string();
        Err(self.cannot(&name))
    }
}

/// The module a pickle names, as this process knows it: `__main__` and `__mp_main__`
/// are the program in a parent and in a spawned child alike.
fn module_named(interp: &Interpreter, module: &str) -> Option<Rc<Module>> {
    if module == "__main__" || module == "__mp_main__" {
        return Some(interp.main_module.clone());
    }
    if module == "builtins" {
        return Some(interp.builtins.clone());
    }
    interp.modules.get(module).cloned()
}

/// `module.qualname`, walking classes for a method's dotted name.
fn lookup_global(interp: &Interpreter, module: &str, qualname: &str) -> Option<Value> {
    let module = module_named(interp, module)?;
    let mut parts = qualname.split('.');
    let mut value = module.globals.borrow().get(parts.next()?)?.clone();
    for part in parts {
        value = match &value {
            Value::Class(c) => c.lookup(part)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Copies `v` as pickle would, raising what CPython raises for what cannot be copied.
pub fn pickle(interp: &mut Interpreter, v: &Value) -> R<Pickled> {
    let mut pickler = Pickler {
        interp,
        memo: FxHashMap::default(),
        finished: 0,
        open: Vec::new(),
    };
    let p = pickler.pickle(v)?;
    Ok(p)
}

/// Builds in this process the value a pickle describes.
pub fn unpickle(interp: &mut Interpreter, p: &Pickled) -> R<Value> {
    let mut memo = Vec::new();
    unpickle_in(interp, p, &mut memo)
}

fn unpickle_in(interp: &mut Interpreter, p: &Pickled, memo: &mut Vec<Value>) -> R<Value> {
    let items = |interp: &mut Interpreter, ps: &[Pickled], memo: &mut Vec<Value>| {
        ps.iter()
            .map(|p| unpickle_in(interp, p, memo))
            .collect::<R<Vec<Value>>>()
    };
    let keys = |interp: &mut Interpreter, values: Vec<Value>| -> R<Vec<Key>> {
        values
            .into_iter()
            .map(|v| {
                Key::new(v)
                    .map_err(|t| interp.error("TypeError", format!("unhashable type: '{t}'")))
            })
            .collect()
    };
    Ok(match p {
        Pickled::None => Value::None,
        Pickled::Bool(b) => Value::Bool(*b),
        Pickled::Int(i) => Value::Int(*i),
        Pickled::BigInt(digits) => match digits.parse::<BigInt>() {
            Ok(b) => Value::int(b),
            Err(_) => return Err(interp.error("UnpicklingError", "invalid integer")),
        },
        Pickled::Float(f) => Value::Float(*f),
        Pickled::Str(s) => Value::str(s),
        Pickled::Ellipsis => Value::Ellipsis,
        Pickled::Range(start, stop, step) => Value::Range(Rc::new(RangeObj {
            start: *start,
            stop: *stop,
            step: *step,
        })),
        Pickled::Memo(n) => match memo.get(*n as usize) {
            Some(v) => v.clone(),
            None => return Err(interp.error("UnpicklingError", "bad memo reference")),
        },
        Pickled::Tuple(ps) => {
            let v = Value::tuple(items(interp, ps, memo)?);
            memo.push(v.clone());
            v
        }
        Pickled::List(ps) => {
            let v = Value::list(items(interp, ps, memo)?);
            memo.push(v.clone());
            v
        }
        Pickled::Set(ps) => {
            let values = items(interp, ps, memo)?;
            let set: super::pyset::PySet = keys(interp, values)?.into_iter().collect();
            let v = Value::Set(Rc::new(std::cell::RefCell::new(set)));
            memo.push(v.clone());
            v
        }
        Pickled::FrozenSet(ps) => {
            let values = items(interp, ps, memo)?;
            let set: super::pyset::PySet = keys(interp, values)?.into_iter().collect();
            let v = Value::FrozenSet(Rc::new(set));
            memo.push(v.clone());
            v
        }
        Pickled::Dict(pairs) => {
            let mut dict = Dict::default();
            for (k, v) in pairs {
                let k = unpickle_in(interp, k, memo)?;
                let v = unpickle_in(interp, v, memo)?;
                let key = keys(interp, vec![k])?.remove(0);
                dict.insert(key, v);
            }
            let v = Value::dict(dict);
            memo.push(v.clone());
            v
        }
        Pickled::Global { module, qualname } => match lookup_global(interp, module, qualname) {
            Some(v) => v,
            None => {
                let shown = module_repr(interp, module);
                return Err(interp.error(
                    "AttributeError",
                    format!("Can't get attribute '{qualname}' on {shown}"),
                ));
            }
        },
        Pickled::Method(obj, name) => {
            let obj = unpickle_in(interp, obj, memo)?;
            let mut frames = Vec::new();
            interp.get_attr(&mut frames, &obj, name)?
        }
        Pickled::Object { class, state } => {
            let class = match unpickle_in(interp, class, memo)? {
                Value::Class(c) => c,
                _ => {
                    return Err(interp.error("UnpicklingError", "an object's class is not a class"))
                }
            };
            let inst = Instance::new(class.clone());
            if class.is_exception() {
                *inst.exc.borrow_mut() = Some(Box::default());
            }
            for (k, v) in state {
                let v = unpickle_in(interp, v, memo)?;
                inst.dict.borrow_mut().insert(Rc::from(k.as_str()), v);
            }
            let v = Value::Instance(Rc::new(inst));
            memo.push(v.clone());
            v
        }
    })
}

/// `<module '__mp_main__' from 'prog.py'>`, as an unpickling error names it.
fn module_repr(interp: &Interpreter, module: &str) -> String {
    if module == "__main__" || module == "__mp_main__" {
        let name = match interp.main_module.globals.borrow().get("__name__") {
            Some(Value::Str(s)) => s.to_string(),
            _ => module.to_string(),
        };
        return format!("<module '{name}' from '{}'>", interp.main_file);
    }
    format!("<module '{module}'>")
}

impl Interpreter {
    /// `Process.start()`: pickles the process object's class and state and asks the
    /// driver to start a child. Returns its pid and the lock released when it ends.
    pub(crate) fn process_start(&mut self, object: &Value, name: String, daemon: bool) -> R<Value> {
        let payload = pickle(self, object)?;
        let pid = self.process.next_child;
        self.process.next_child += 1;
        let lock = self.held_lock();
        self.process.children.insert(pid, (lock.clone(), None));
        let at = self.now();
        self.event(Event::ProcessStart(Box::new(Spawn {
            pid,
            name,
            daemon,
            payload,
            at,
        })));
        Ok(Value::tuple(vec![Value::Int(pid), Value::Lock(lock)]))
    }

    /// A lock already held, which only the driver releases (a child's end, a message).
    fn held_lock(&mut self) -> Rc<LockObj> {
        let Value::Lock(lock) = self.new_lock() else {
            unreachable!("new_lock makes a lock")
        };
        lock.locked.set(true);
        lock
    }

    /// The exit code of child `pid`, `None` while it runs.
    pub(crate) fn child_exitcode(&self, pid: i64) -> Option<i32> {
        self.process.children.get(&pid).and_then(|(_, code)| *code)
    }

    /// The driver says child `pid` ended with `code`: whoever joins it wakes.
    pub fn child_exited(&mut self, pid: i64, code: i32) {
        let Some((lock, exit)) = self.process.children.get_mut(&pid) else {
            return;
        };
        *exit = Some(code);
        let lock = lock.clone();
        self.release_from_outside(&lock);
    }

    /// A new channel, numbered so that no other process's can have its number.
    pub(crate) fn channel_new(&mut self) -> u64 {
        self.process.next_channel += 1;
        ((self.process.pid as u64) << 20) | self.process.next_channel
    }

    /// Sends `obj` down `channel`: pickled here, so an unpicklable one raises here.
    pub(crate) fn channel_send(&mut self, channel: u64, obj: &Value) -> R<()> {
        let message = pickle(self, obj)?;
        let at = self.now();
        self.event(Event::ChannelSend {
            channel,
            message: Box::new(message),
            at,
        });
        Ok(())
    }

    /// A message of `channel` delivered to this process, if one is here.
    pub(crate) fn channel_take(&mut self, channel: u64) -> R<Option<Value>> {
        let Some(message) = self
            .process
            .inbox
            .get_mut(&channel)
            .and_then(VecDeque::pop_front)
        else {
            return Ok(None);
        };
        unpickle(self, &message).map(Some)
    }

    /// Asks for `channel`'s next message: the lock returned is released when it is
    /// delivered here.
    pub(crate) fn channel_want(&mut self, channel: u64) -> Value {
        let lock = self.held_lock();
        self.process.wants.insert(lock.id, lock.clone());
        let at = self.now();
        self.event(Event::ChannelWant {
            channel,
            lock: lock.id,
            at,
        });
        Value::Lock(lock)
    }

    /// The driver hands this process a message of `channel`, answering the want whose
    /// lock is `lock`.
    pub fn deliver(&mut self, channel: u64, message: Pickled, lock: u64) {
        self.process
            .inbox
            .entry(channel)
            .or_default()
            .push_back(message);
        if let Some(lock) = self.process.wants.remove(&lock) {
            self.release_from_outside(&lock);
        }
    }

    /// Releases a lock for the driver (no thread of this process released it).
    fn release_from_outside(&mut self, lock: &Rc<LockObj>) {
        if lock.locked.get() {
            lock.locked.set(false);
            lock.owner.set(None);
            let at = self.now();
            self.event(Event::LockReleased { lock: lock.id, at });
        }
    }

    /// Whether `thread` waits for something only another process can give: a
    /// message, or a child's end.
    pub fn waits_outside(&self, lock: u64) -> bool {
        self.process.wants.contains_key(&lock)
            || self
                .process
                .children
                .values()
                .any(|(l, code)| l.id == lock && code.is_none())
    }

    /// `p.terminate()` / `p.kill()`: the driver ends child `pid` with `code`.
    pub(crate) fn process_kill(&mut self, pid: i64, code: i32) {
        if self.child_exitcode(pid).is_some() || !self.process.children.contains_key(&pid) {
            return;
        }
        let at = self.now();
        self.event(Event::ProcessKill { pid, code, at });
    }
}
