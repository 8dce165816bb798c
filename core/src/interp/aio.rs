//! The hot core of `asyncio` in Rust, as CPython keeps it in C (`_asyncio`): the
//! methods of `Future` and `Task`, the event loop's `call_soon` / `call_at` /
//! `call_later`, and `Task.__step` with its wake-up.
//!
//! The bundled `asyncio` (`lib/asyncio.py`) stays the source of truth for everything
//! else, and these functions keep its semantics exactly: they read and write the same
//! instance attributes (`_state`, `_callbacks`, `_fut_waiter`, ...) the Python code
//! does, schedule callbacks in the same order, and report the same task states. What
//! they save is the Python frames: a 10,000-task `gather` runs about a tenth of the
//! instructions it did when these were Python.
//!
//! A task step resumes the task's coroutine with [`ReturnMode::TaskStep`]: when the
//! coroutine yields, returns or raises, the VM hands the outcome back here
//! ([`Interpreter::task_yielded`], [`Interpreter::task_returned`],
//! [`Interpreter::task_raised`]), which finishes the step as `Task.__step` does and
//! gives the caller (the loop running the handle) `None`.
//!
//! Each native function is charged cost units for what CPython spends on the same
//! work, calibrated against CPython on asyncio programs (see `cost` and BENCHMARKS.md).

use super::builtins::BuiltinId;
use super::value::GenKind;
use super::value::{Builtin, Instance, Value};
use super::vm::{new_exception, Frame, Interpreter, Outcome, ReturnMode, TaskState, R};
use std::cell::RefCell;
use std::rc::Rc;

const PENDING: &str = "PENDING";
const CANCELLED: &str = "CANCELLED";
const FINISHED: &str = "FINISHED";

/// The functions of asyncio's core written here, as `BuiltinId::Aio`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AioFn {
    LoopCloseDroppedAsyncgens,
    FutureInit,
    FutureDone,
    FutureCancelled,
    FutureResult,
    FutureException,
    FutureAddDoneCallback,
    FutureSetResult,
    FutureSetException,
    FutureCancel,
    FutureScheduleCallbacks,
    FutureMakeCancelledError,
    LoopCallSoon,
    LoopCallAt,
    LoopCallLater,
    TaskInit,
    TaskStep,
    TaskWakeup,
    LoopCreateFuture,
    LoopTakeDue,
    HandleCancel,
    RunningLoop,
    GetRunningLoop,
    GetEventLoop,
    FutureAwait,
    LoopCreateTask,
    EnsureFuture,
    RunHandle,
    SetResultUnlessCancelled,
    Gather,
    GatherDone,
    NativeLayout,
}

// `native_method` keeps one bit per function in a `u64`.
const _: () = assert!((AioFn::NativeLayout as u32) < 64);

impl AioFn {
    /// Bound as methods when found in a class (`Future.done`), unlike the module
    /// functions (`_interleave.gather`).
    pub fn is_method(self) -> bool {
        !matches!(
            self,
            AioFn::RunningLoop
                | AioFn::GetRunningLoop
                | AioFn::GetEventLoop
                | AioFn::EnsureFuture
                | AioFn::RunHandle
                | AioFn::SetResultUnlessCancelled
                | AioFn::Gather
                | AioFn::GatherDone
                | AioFn::NativeLayout
        )
    }

    /// An `__init__`.
    pub fn is_init(self) -> bool {
        matches!(self, AioFn::FutureInit | AioFn::TaskInit)
    }
}

/// Cost units each native function is charged.
///
/// Calibrated against CPython 3.11 on this machine (BENCHMARKS.md, calibration;
/// `cli/benches-programs/asyncio-operations.py` prints the timings below):
/// per-operation timings of `create_task`, a task step, `call_soon`, a handle's
/// run, a future's create/set/result and a `sleep(0)` round, at 3.5 ns a unit.
/// CPython's task creation and `call_soon` cost far more than their few lines
/// suggest (a context copied per task and per handle, the task weak set), its C
/// futures far less; and every loop round polls its selector, a system call.
mod cost {
    pub const FUTURE_INIT: u64 = 10;
    pub const QUERY: u64 = 3;
    pub const RESULT: u64 = 5;
    pub const ADD_DONE_CALLBACK: u64 = 8;
    pub const SCHEDULE_PER_CALLBACK: u64 = 10;
    pub const SET_RESULT: u64 = 6;
    pub const CALL_SOON: u64 = 160;
    pub const CALL_AT: u64 = 200;
    pub const TASK_INIT: u64 = 360;
    pub const STEP_START: u64 = 35;
    pub const STEP_FINISH: u64 = 35;
    pub const WAKEUP: u64 = 10;
    pub const TAKE_TIMER: u64 = 30;
    /// A loop round's `select()` on its (empty) selector.
    pub const ROUND: u64 = 60;
    pub const RUN_HANDLE: u64 = 34;
    pub const GATHER: u64 = 90;
    pub const GATHER_PER_CHILD: u64 = 120;
    pub const GATHER_DONE: u64 = 90;
    pub const GATHER_PER_RESULT: u64 = 75;
}

/// The slots of the asyncio objects whose methods are here: a future's, then the
/// ones only a task has (a `Future`'s layout is the first ten).
pub static TASK_LAYOUT: [&str; 16] = [
    "_loop",
    "_state",
    "_result",
    "_exception",
    "_callbacks",
    "_cancelled_exc",
    "_cancel_message",
    "_asyncio_future_blocking",
    "_log_traceback",
    "_interleave_sleep",
    "_name",
    "_num_cancels_requested",
    "_must_cancel",
    "_fut_waiter",
    "_coro",
    "_lane",
];
pub static HANDLE_LAYOUT: [&str; 5] = ["_callback", "_args", "_cancelled", "_loop", "_when"];
pub static LOOP_LAYOUT: [&str; 6] = [
    "_ready",
    "_scheduled",
    "_seq",
    "_current_task",
    "_tasks",
    "_clock_resolution",
];
pub static GATHER_LAYOUT: [&str; 5] = [
    "nfuts",
    "nfinished",
    "outer",
    "children",
    "return_exceptions",
];

/// The layout `_interleave.native_layout(cls, kind)` gives a class.
pub fn layout(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "future" => &TASK_LAYOUT[..10],
        "task" => &TASK_LAYOUT,
        "handle" => &HANDLE_LAYOUT,
        "loop" => &LOOP_LAYOUT,
        "gather" => &GATHER_LAYOUT,
        _ => return None,
    })
}

/// An attribute kept at `index` of a layout.
#[derive(Clone, Copy)]
struct Slot {
    family: &'static [&'static str],
    index: usize,
}

macro_rules! slots {
    ($family:expr => $($name:ident = $index:expr),* $(,)?) => {
        $(const $name: Slot = Slot { family: &$family, index: $index };)*
    };
}
slots!(TASK_LAYOUT => F_LOOP = 0, F_STATE = 1, F_RESULT = 2, F_EXCEPTION = 3, F_CALLBACKS = 4,
    F_CANCELLED_EXC = 5, F_CANCEL_MESSAGE = 6, F_ASYNCIO_FUTURE_BLOCKING = 7,
    F_LOG_TRACEBACK = 8, F_INTERLEAVE_SLEEP = 9, F_NAME = 10, F_NUM_CANCELS_REQUESTED = 11,
    F_MUST_CANCEL = 12, F_FUT_WAITER = 13, F_CORO = 14, F_LANE = 15);
slots!(HANDLE_LAYOUT => H_CALLBACK = 0, H_ARGS = 1, H_CANCELLED = 2, H_LOOP = 3, H_WHEN = 4);
slots!(LOOP_LAYOUT => L_READY = 0, L_SCHEDULED = 1, L_SEQ = 2, L_CURRENT_TASK = 3, L_TASKS = 4,
    L_CLOCK_RESOLUTION = 5);
slots!(GATHER_LAYOUT => G_NFUTS = 0, G_NFINISHED = 1, G_OUTER = 2, G_CHILDREN = 3,
    G_RETURN_EXCEPTIONS = 4);

impl Slot {
    fn name(self) -> &'static str {
        self.family[self.index]
    }

    /// Whether `inst` keeps this attribute in this slot.
    fn held_by(self, inst: &Instance) -> bool {
        inst.class.layout.get().is_some_and(|layout| {
            std::ptr::eq(layout.as_ptr(), self.family.as_ptr()) && self.index < layout.len()
        })
    }
}

/// `inst.<slot>`: its slot, else what `field` finds.
fn get(inst: &Instance, slot: Slot) -> Value {
    if slot.held_by(inst) {
        match inst.slots.borrow().get(slot.index) {
            Some(Value::Null) | None => {}
            Some(v) => return v.clone(),
        }
        return inst.class.lookup(slot.name()).unwrap_or(Value::None);
    }
    field(inst, slot.name())
}

/// `inst.<slot> = value`.
fn put(inst: &Instance, slot: Slot, value: Value) {
    if slot.held_by(inst) {
        if let Some(place) = inst.slots.borrow_mut().get_mut(slot.index) {
            *place = value;
            return;
        }
    }
    set_field(inst, slot.name(), value);
}

/// `a < b` for two entries of the timer heap, `(when, seq, timer)`: numbers
/// compared directly, anything else as Python compares tuples.
fn timer_less(interp: &mut Interpreter, frames: &mut Vec<Frame>, a: &Value, b: &Value) -> R<bool> {
    fn key(v: &Value) -> Option<(f64, i64)> {
        let Value::Tuple(t) = v else { return None };
        let when = match t.first()? {
            Value::Float(f) if !f.is_nan() => *f,
            Value::Int(i) if i.unsigned_abs() < (1 << 53) => *i as f64,
            _ => return None,
        };
        match t.get(1)? {
            Value::Int(seq) => Some((when, *seq)),
            _ => None,
        }
    }
    match (key(a), key(b)) {
        (Some(x), Some(y)) => Ok(x.0 < y.0 || (x.0 == y.0 && x.1 < y.1)),
        _ => interp.less(frames, a, b),
    }
}

fn instance(v: &Value) -> Option<&Rc<Instance>> {
    match v {
        Value::Instance(inst) => Some(inst),
        _ => None,
    }
}

/// An instance attribute, or the class's (`_asyncio_future_blocking` has a class
/// default), or `None`.
fn field(inst: &Instance, name: &str) -> Value {
    inst.own_attr(name)
        .or_else(|| inst.class.lookup(name))
        .unwrap_or(Value::None)
}

fn set_field(inst: &Instance, name: &str, value: Value) {
    inst.set_own_attr(name, value);
}

fn state_is(inst: &Instance, state: &str) -> bool {
    matches!(get(inst, F_STATE), Value::Str(s) if &*s == state)
}

fn is_none(v: &Value) -> bool {
    matches!(v, Value::None)
}

/// A method of `obj` is this native function (not overridden by a Python subclass).
/// Asked once per class (until a class namespace changes): see
/// `Class::native_methods`.
fn native_method(obj: &Value, name: &str, id: AioFn) -> bool {
    let Some(inst) = instance(obj) else {
        return false;
    };
    let class = &inst.class;
    let bit = 1u64 << (id as u32);
    let epoch = super::value::class_epoch();
    let (seen, mut asked, mut native) = class.native_methods.get();
    if seen != epoch {
        (asked, native) = (0, 0);
    }
    if asked & bit == 0 {
        let is_native = matches!(
            class.lookup(name),
            Some(Value::Builtin(b)) if b.id == BuiltinId::Aio(id)
        );
        asked |= bit;
        if is_native {
            native |= bit;
        }
        class.native_methods.set((epoch, asked, native));
    }
    native & bit != 0
}

impl Interpreter {
    fn asyncio_global(&self, name: &str) -> Value {
        self.modules
            .get("asyncio")
            .and_then(|m| m.globals.borrow().get(name).cloned())
            .unwrap_or(Value::None)
    }

    /// An instance of one of `asyncio`'s exception classes.
    fn asyncio_error(&mut self, class: &str, args: Vec<Value>) -> Value {
        match self.asyncio_global(class) {
            Value::Class(c) => new_exception(&c, args),
            _ => self.error_with_args("RuntimeError", args),
        }
    }

    fn is_asyncio_instance(&self, v: &Value, class: &str) -> bool {
        match (instance(v), self.asyncio_global(class)) {
            (Some(inst), Value::Class(c)) => inst.class.is_subclass(&c),
            _ => false,
        }
    }

    fn bound_method(&self, obj: &Value, name: &str) -> Value {
        match instance(obj).and_then(|inst| inst.class.lookup(name)) {
            Some(method) => Value::Method(Rc::new((obj.clone(), method))),
            None => Value::None,
        }
    }

    /// Calls `obj.name(*args)` from Rust; the method may be Python.
    fn call_method_sync(
        &mut self,
        frames: &mut Vec<Frame>,
        obj: &Value,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R {
        let method = self.get_attr(frames, obj, name)?;
        self.call_sync(frames, method, args, kwargs)
    }

    fn task_lane_state(&mut self, task: &Instance, state: TaskState) {
        if let Value::Int(lane) = get(task, F_LANE) {
            self.set_task_state(lane as usize, state);
        }
    }

    /// `loop.call_soon(callback, *args)`: a `Handle` at the end of the ready queue.
    fn call_soon(&mut self, event_loop: &Value, callback: Value, args: Vec<Value>) -> R {
        self.charge(cost::CALL_SOON);
        let Some(lp) = instance(event_loop) else {
            return Err(self.error("RuntimeError", "no running event loop"));
        };
        self.schedule_dropped_asyncgens(event_loop)?;
        let handle = self.new_handle("Handle", callback, args, event_loop, None);
        match get(lp, L_READY) {
            Value::List(ready) => ready.borrow_mut().push(handle.clone()),
            _ => return Err(self.error("RuntimeError", "the event loop has no ready queue")),
        }
        Ok(handle)
    }

    fn new_handle(
        &mut self,
        class: &str,
        callback: Value,
        args: Vec<Value>,
        event_loop: &Value,
        when: Option<Value>,
    ) -> Value {
        let class = match self.asyncio_global(class) {
            Value::Class(c) => c,
            _ => self.object_class.clone(),
        };
        let handle = Instance::new(class);
        put(&handle, H_CALLBACK, callback);
        put(&handle, H_ARGS, Value::tuple(args));
        put(&handle, H_CANCELLED, Value::Bool(false));
        put(&handle, H_LOOP, event_loop.clone());
        if let Some(when) = when {
            put(&handle, H_WHEN, when);
        }
        Value::Instance(Rc::new(handle))
    }

    /// asyncio's finaliser hook for async generators freed while suspended, run as
    /// soon as the next callback is scheduled (CPython runs it when the generator is
    /// freed): `loop.call_soon(loop.create_task, agen.aclose())`.
    fn schedule_dropped_asyncgens(&mut self, event_loop: &Value) -> R<()> {
        let dropped = super::value::take_dropped_asyncgens();
        if dropped.is_empty() {
            return Ok(());
        }
        let Some(lp) = instance(event_loop) else {
            return Ok(());
        };
        let create_task = self.bound_method(event_loop, "create_task");
        for generator in dropped {
            let generator = generator.revive();
            let helper = self.py_helper("_aclose")?;
            // Calling an `async def` only makes the coroutine: no frame runs.
            let closing = match self.call(
                &mut Vec::new(),
                Value::Function(helper),
                vec![Value::Generator(generator)],
                Vec::new(),
            )? {
                Outcome::Value(coroutine) => coroutine,
                _ => continue,
            };
            let handle = self.new_handle(
                "Handle",
                create_task.clone(),
                vec![closing],
                event_loop,
                None,
            );
            if let Value::List(ready) = get(lp, L_READY) {
                ready.borrow_mut().push(handle);
            }
        }
        Ok(())
    }

    /// `loop.call_at(when, callback, *args)`: a `TimerHandle` on the loop's heap of
    /// `(when, seq, timer)` entries, as `heapq.heappush` leaves it.
    fn call_at(
        &mut self,
        frames: &mut Vec<Frame>,
        event_loop: &Value,
        when: Value,
        callback: Value,
        args: Vec<Value>,
    ) -> R {
        self.charge(cost::CALL_AT);
        let Some(lp) = instance(event_loop) else {
            return Err(self.error("RuntimeError", "no running event loop"));
        };
        let timer = self.new_handle(
            "TimerHandle",
            callback,
            args,
            event_loop,
            Some(when.clone()),
        );
        let seq = match get(lp, L_SEQ) {
            Value::Int(n) => n + 1,
            _ => 1,
        };
        put(lp, L_SEQ, Value::Int(seq));
        let Value::List(heap) = get(lp, L_SCHEDULED) else {
            return Err(self.error("RuntimeError", "the event loop has no timer heap"));
        };
        let entry = Value::tuple(vec![when, Value::Int(seq), timer.clone()]);
        super::builtins::heap_push(self, frames, &heap, entry, timer_less)?;
        Ok(timer)
    }

    /// `ensure_future(arg, loop=loop)`: a future as it is, a coroutine as a new task,
    /// anything else through the Python rest (`_ensure_future_other`), called `sync`ly
    /// from Rust or left to the eval loop.
    fn ensure_future(
        &mut self,
        frames: &mut Vec<Frame>,
        arg: Value,
        event_loop: Value,
        sync: bool,
    ) -> R<Outcome> {
        self.charge(cost::QUERY);
        let is_future =
            instance(&arg).is_some_and(|i| !is_none(&get(i, F_ASYNCIO_FUTURE_BLOCKING)));
        let is_coroutine =
            matches!(&arg, Value::Generator(g) if g.borrow().kind == GenKind::Coroutine);
        if is_future {
            return Ok(Outcome::Value(arg));
        }
        if is_coroutine {
            let event_loop = match event_loop {
                Value::None => self.running_loop(AioFn::GetEventLoop)?,
                lp => lp,
            };
            let task = if native_method(&event_loop, "create_task", AioFn::LoopCreateTask) {
                self.create_task(frames, &event_loop, arg, Value::None)?
            } else {
                self.call_method_sync(frames, &event_loop, "create_task", vec![arg], Vec::new())?
            };
            return Ok(Outcome::Value(task));
        }
        let slow = self.asyncio_global("_ensure_future_other");
        let kw = if is_none(&event_loop) {
            Vec::new()
        } else {
            vec![(Rc::from("loop"), event_loop)]
        };
        if sync {
            self.call_sync(frames, slow, vec![arg], kw)
                .map(Outcome::Value)
        } else {
            self.call(frames, slow, vec![arg], kw)
        }
    }

    /// `fut.name()` for a future's query methods: the native one unless a subclass
    /// overrides it.
    fn future_query(&mut self, frames: &mut Vec<Frame>, fut: &Value, name: &str) -> R {
        let native = match name {
            "cancelled" => AioFn::FutureCancelled,
            "exception" => AioFn::FutureException,
            "result" => AioFn::FutureResult,
            _ => AioFn::FutureDone,
        };
        if !native_method(fut, name, native) {
            return self.call_method_sync(frames, fut, name, Vec::new(), Vec::new());
        }
        let Some(f) = instance(fut) else {
            return Ok(Value::None);
        };
        match native {
            AioFn::FutureCancelled => {
                self.charge(cost::QUERY);
                Ok(Value::Bool(state_is(f, CANCELLED)))
            }
            AioFn::FutureDone => {
                self.charge(cost::QUERY);
                Ok(Value::Bool(!state_is(f, PENDING)))
            }
            AioFn::FutureException => self.future_exception(fut),
            _ => self.future_result(fut),
        }
    }

    fn future_set(
        &mut self,
        frames: &mut Vec<Frame>,
        fut: &Value,
        name: &str,
        value: Value,
    ) -> R<()> {
        let native = if name == "set_result" {
            AioFn::FutureSetResult
        } else {
            AioFn::FutureSetException
        };
        if !native_method(fut, name, native) {
            self.call_method_sync(frames, fut, name, vec![value], Vec::new())?;
            return Ok(());
        }
        if native == AioFn::FutureSetResult {
            self.future_set_result(frames, fut, value)
        } else {
            self.future_set_exception(frames, fut, value)
        }
    }

    /// `asyncio.gather(*aws, return_exceptions=...)`, as CPython 3.11's (Python) one:
    /// each argument once through `ensure_future` with the done-callback added in the
    /// same pass, then the `_GatheringFuture`. The callback's closure (`nfuts`,
    /// `nfinished`, `outer`, `children`) is a `_GatherState` instance.
    fn gather(&mut self, frames: &mut Vec<Frame>, aws: Vec<Value>, return_exceptions: Value) -> R {
        self.charge(cost::GATHER);
        if aws.is_empty() {
            let event_loop = self.running_loop(AioFn::GetEventLoop)?;
            let outer = self.call_method_sync(
                frames,
                &event_loop,
                "create_future",
                Vec::new(),
                Vec::new(),
            )?;
            self.future_set(frames, &outer, "set_result", Value::list(Vec::new()))?;
            return Ok(outer);
        }
        let state = match self.asyncio_global("_GatherState") {
            Value::Class(c) => Value::Instance(Rc::new(Instance::new(c))),
            _ => return Err(self.error("RuntimeError", "asyncio._GatherState is missing")),
        };
        let st = instance(&state).expect("just made").clone();
        let children = Rc::new(super::value::ListCell(RefCell::new(Vec::with_capacity(
            aws.len(),
        ))));
        put(&st, G_NFUTS, Value::Int(0));
        put(&st, G_NFINISHED, Value::Int(0));
        put(&st, G_OUTER, Value::None);
        put(&st, G_CHILDREN, Value::List(children.clone()));
        put(&st, G_RETURN_EXCEPTIONS, return_exceptions);
        let callback = Value::Builtin(Rc::new(Builtin {
            name: Rc::from("_done_callback"),
            id: BuiltinId::Aio(AioFn::GatherDone),
            this: Some(state.clone()),
        }));
        let mut arg_to_fut = super::value::Dict::default();
        let mut event_loop = Value::None;
        let mut nfuts = 0;
        for arg in aws {
            self.charge(cost::GATHER_PER_CHILD);
            let key = match super::value::Key::new(arg.clone()) {
                Ok(key) => key,
                Err(kind) => {
                    return Err(self.error("TypeError", format!("unhashable type: '{kind}'")))
                }
            };
            let known = arg_to_fut.get(&key).cloned();
            let fut = match known {
                Some(fut) => fut,
                None => {
                    let fut = match self.ensure_future(frames, arg, event_loop.clone(), true)? {
                        Outcome::Value(fut) => fut,
                        _ => return Err(self.error("RuntimeError", "ensure_future did not return")),
                    };
                    if is_none(&event_loop) {
                        event_loop = match instance(&fut) {
                            Some(f) => get(f, F_LOOP),
                            None => Value::None,
                        };
                    }
                    nfuts += 1;
                    put(&st, G_NFUTS, Value::Int(nfuts));
                    arg_to_fut.insert(key, fut.clone());
                    if native_method(&fut, "add_done_callback", AioFn::FutureAddDoneCallback) {
                        self.future_add_done_callback(&fut, callback.clone())?;
                    } else {
                        self.call_method_sync(
                            frames,
                            &fut,
                            "add_done_callback",
                            vec![callback.clone()],
                            Vec::new(),
                        )?;
                    }
                    fut
                }
            };
            children.borrow_mut().push(fut);
        }
        let class = self.asyncio_global("_GatheringFuture");
        let outer = self.call_sync(
            frames,
            class,
            vec![Value::List(children)],
            vec![(Rc::from("loop"), event_loop)],
        )?;
        put(&st, G_OUTER, outer.clone());
        Ok(outer)
    }

    /// gather's `_done_callback(fut)`.
    fn gather_done(&mut self, frames: &mut Vec<Frame>, state: &Value, fut: Value) -> R<()> {
        self.charge(cost::GATHER_DONE);
        let Some(st) = instance(state).cloned() else {
            return Ok(());
        };
        let nfinished = match get(&st, G_NFINISHED) {
            Value::Int(n) => n + 1,
            _ => 1,
        };
        put(&st, G_NFINISHED, Value::Int(nfinished));
        let outer = get(&st, G_OUTER);
        let outer_done = !is_none(&outer) && {
            let done = self.future_query(frames, &outer, "done")?;
            self.truthy(frames, &done)?
        };
        if is_none(&outer) || outer_done {
            let cancelled = self.future_query(frames, &fut, "cancelled")?;
            if !self.truthy(frames, &cancelled)? {
                self.future_query(frames, &fut, "exception")?;
            }
            return Ok(());
        }
        let return_exceptions = get(&st, G_RETURN_EXCEPTIONS);
        if !self.truthy(frames, &return_exceptions)? {
            let cancelled = self.future_query(frames, &fut, "cancelled")?;
            if self.truthy(frames, &cancelled)? {
                let exc = self.call_method_sync(
                    frames,
                    &fut,
                    "_make_cancelled_error",
                    Vec::new(),
                    Vec::new(),
                )?;
                return self.future_set(frames, &outer, "set_exception", exc);
            }
            let exc = self.future_query(frames, &fut, "exception")?;
            if !is_none(&exc) {
                return self.future_set(frames, &outer, "set_exception", exc);
            }
        }
        let nfuts = match get(&st, G_NFUTS) {
            Value::Int(n) => n,
            _ => 0,
        };
        if nfinished != nfuts {
            return Ok(());
        }
        let children = match get(&st, G_CHILDREN) {
            Value::List(list) => list.borrow().clone(),
            _ => Vec::new(),
        };
        let mut results = Vec::with_capacity(children.len());
        for child in &children {
            self.charge(cost::GATHER_PER_RESULT);
            let cancelled = self.future_query(frames, child, "cancelled")?;
            let res = if self.truthy(frames, &cancelled)? {
                let msg = match instance(child).map(|c| get(c, F_CANCEL_MESSAGE)) {
                    None | Some(Value::None) => Value::str(""),
                    Some(msg) => msg,
                };
                self.asyncio_error("CancelledError", vec![msg])
            } else {
                match self.future_query(frames, child, "exception")? {
                    Value::None => self.future_query(frames, child, "result")?,
                    exc => exc,
                }
            };
            results.push(res);
        }
        let cancel_requested = match instance(&outer) {
            Some(o) => field(o, "_cancel_requested"),
            None => Value::None,
        };
        if self.truthy(frames, &cancel_requested)? {
            let exc = self.call_method_sync(
                frames,
                &fut,
                "_make_cancelled_error",
                Vec::new(),
                Vec::new(),
            )?;
            self.future_set(frames, &outer, "set_exception", exc)
        } else {
            self.future_set(frames, &outer, "set_result", Value::list(results))
        }
    }

    /// This thread's running loop, from `asyncio._running_loops`: `None` for
    /// `_get_running_loop`, a `RuntimeError` for the other two.
    fn running_loop(&mut self, which: AioFn) -> R {
        self.charge(cost::QUERY);
        let ident = Value::Int(self.thread_ident(self.current_thread()));
        let found = match self.asyncio_global("_running_loops") {
            Value::Dict(loops) => super::value::Key::new(ident)
                .ok()
                .and_then(|key| loops.borrow().get(&key).cloned()),
            _ => None,
        };
        match (found, which) {
            (Some(lp), _) => Ok(lp),
            (None, AioFn::RunningLoop) => Ok(Value::None),
            (None, AioFn::GetRunningLoop) => {
                Err(self.error("RuntimeError", "no running event loop"))
            }
            (None, _) => Err(self.error("RuntimeError", "There is no current event loop")),
        }
    }

    /// `loop.create_task(coro, name=name)`: `Task(coro, loop=loop, name=name)`.
    fn create_task(
        &mut self,
        frames: &mut Vec<Frame>,
        event_loop: &Value,
        coro: Value,
        name: Value,
    ) -> R {
        let class = match self.asyncio_global("Task") {
            Value::Class(c) => c,
            _ => return Err(self.error("RuntimeError", "asyncio.Task is missing")),
        };
        let task = Value::Instance(Rc::new(Instance::new(class)));
        self.task_init(frames, &task, coro, event_loop.clone(), name)?;
        super::vm::note_instance_size(&task);
        Ok(task)
    }

    /// Whether `await` on this value is `await` on a future of the native core, which
    /// is its own iterator.
    pub(crate) fn is_native_awaitable(v: &Value) -> bool {
        native_method(v, "__await__", AioFn::FutureAwait)
    }

    /// One `send(None)` of CPython's FutureIter on `fut`, for `yield from`: `Some`
    /// future to yield while it is pending (the first time), or `None` once it is done,
    /// when its result is the value of the `await`.
    pub(crate) fn await_step(&mut self, fut: &Value) -> R<Result<Value, Value>> {
        let Some(f) = instance(fut) else {
            return Ok(Err(Value::None));
        };
        if state_is(f, PENDING) {
            if matches!(get(f, F_ASYNCIO_FUTURE_BLOCKING), Value::Bool(true)) {
                return Err(self.error("RuntimeError", "await wasn't used with future"));
            }
            put(f, F_ASYNCIO_FUTURE_BLOCKING, Value::Bool(true));
            return Ok(Ok(fut.clone()));
        }
        self.future_result(fut).map(Err)
    }

    /// The part of `_run_once` that moves the timers due by now (within the clock's
    /// resolution) from the heap to the end of the ready queue, cancelled ones dropped.
    fn take_due_timers(&mut self, frames: &mut Vec<Frame>, event_loop: &Value) -> R<()> {
        let Some(lp) = instance(event_loop) else {
            return Ok(());
        };
        let (Value::List(heap), Value::List(ready)) = (get(lp, L_SCHEDULED), get(lp, L_READY))
        else {
            return Ok(());
        };
        let resolution = match get(lp, L_CLOCK_RESOLUTION) {
            Value::Float(f) => f,
            _ => 1e-9,
        };
        self.charge(cost::ROUND);
        let end_time = self.now() as f64 / 1e9 + resolution;
        loop {
            let due = match heap.borrow().first() {
                Some(Value::Tuple(entry)) => match entry.first() {
                    Some(Value::Float(when)) => *when < end_time,
                    Some(Value::Int(when)) => (*when as f64) < end_time,
                    _ => false,
                },
                _ => false,
            };
            if !due {
                return Ok(());
            }
            self.charge(cost::TAKE_TIMER);
            let last = heap.borrow_mut().pop().unwrap_or(Value::None);
            let top = if heap.borrow().is_empty() {
                last
            } else {
                let top = std::mem::replace(&mut heap.borrow_mut()[0], last);
                super::builtins::sift_down(self, frames, &heap, 0, timer_less)?;
                top
            };
            if let Value::Tuple(entry) = &top {
                if let Some(handle) = entry.get(2) {
                    let cancelled = instance(handle)
                        .is_some_and(|h| matches!(get(h, H_CANCELLED), Value::Bool(true)));
                    if !cancelled {
                        ready.borrow_mut().push(handle.clone());
                    }
                }
            }
        }
    }

    /// `Future._make_cancelled_error()`.
    fn make_cancelled_error(&mut self, fut: &Instance) -> Value {
        let saved = get(fut, F_CANCELLED_EXC);
        if !is_none(&saved) {
            put(fut, F_CANCELLED_EXC, Value::None);
            return saved;
        }
        match get(fut, F_CANCEL_MESSAGE) {
            Value::None => self.asyncio_error("CancelledError", Vec::new()),
            msg => self.asyncio_error("CancelledError", vec![msg]),
        }
    }

    /// `Future._schedule_callbacks()`: every done-callback to the ready queue, in order.
    fn schedule_callbacks(&mut self, this: &Value) -> R<()> {
        let Some(fut) = instance(this) else {
            return Ok(());
        };
        let callbacks = match get(fut, F_CALLBACKS) {
            Value::List(list) => std::mem::take(&mut *list.borrow_mut()),
            _ => Vec::new(),
        };
        if callbacks.is_empty() {
            return Ok(());
        }
        put(fut, F_CALLBACKS, Value::list(Vec::new()));
        let event_loop = get(fut, F_LOOP);
        for callback in callbacks {
            self.charge(cost::SCHEDULE_PER_CALLBACK);
            if let Value::Method(bound) = &callback {
                if self.is_asyncio_instance(&bound.0, "Task") {
                    if let Some(owner) = instance(&bound.0) {
                        self.task_lane_state(owner, TaskState::Ready);
                    }
                }
            }
            self.call_soon(&event_loop, callback, vec![this.clone()])?;
        }
        Ok(())
    }

    fn invalid_state(&mut self, frames: &mut Vec<Frame>, this: &Value) -> R<Value> {
        let state = match instance(this).map(|f| get(f, F_STATE)) {
            Some(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        };
        let repr = self.repr(frames, this)?;
        Ok(self.asyncio_error(
            "InvalidStateError",
            vec![Value::str(&format!("{state}: {repr}"))],
        ))
    }

    /// `Future.set_result(result)` as the base class does it.
    fn future_set_result(&mut self, frames: &mut Vec<Frame>, this: &Value, result: Value) -> R<()> {
        self.charge(cost::SET_RESULT);
        let Some(fut) = instance(this) else {
            return Ok(());
        };
        if !state_is(fut, PENDING) {
            let exc = self.invalid_state(frames, this)?;
            return Err(exc);
        }
        put(fut, F_RESULT, result);
        put(fut, F_STATE, Value::str(FINISHED));
        self.schedule_callbacks(this)
    }

    /// `Future.set_exception(exception)` as the base class does it.
    fn future_set_exception(
        &mut self,
        frames: &mut Vec<Frame>,
        this: &Value,
        exception: Value,
    ) -> R<()> {
        self.charge(cost::SET_RESULT);
        let Some(fut) = instance(this) else {
            return Ok(());
        };
        if !state_is(fut, PENDING) {
            let exc = self.invalid_state(frames, this)?;
            return Err(exc);
        }
        let exception = match exception {
            Value::Class(c) => self.call_sync(frames, Value::Class(c), Vec::new(), Vec::new())?,
            other => other,
        };
        if matches!(&exception, Value::Instance(i) if &*i.class.name == "StopIteration") {
            return Err(self.error(
                "TypeError",
                "StopIteration interacts badly with generators and cannot be raised into a Future",
            ));
        }
        put(fut, F_EXCEPTION, exception);
        put(fut, F_STATE, Value::str(FINISHED));
        self.schedule_callbacks(this)?;
        put(fut, F_LOG_TRACEBACK, Value::Bool(true));
        Ok(())
    }

    /// `Future.cancel(msg)` as the base class does it.
    fn future_cancel(&mut self, this: &Value, msg: Value) -> R<bool> {
        let Some(fut) = instance(this) else {
            return Ok(false);
        };
        put(fut, F_LOG_TRACEBACK, Value::Bool(false));
        if !state_is(fut, PENDING) {
            return Ok(false);
        }
        put(fut, F_STATE, Value::str(CANCELLED));
        put(fut, F_CANCEL_MESSAGE, msg);
        self.schedule_callbacks(this)?;
        Ok(true)
    }

    /// `Future.result()`.
    fn future_result(&mut self, this: &Value) -> R {
        self.charge(cost::RESULT);
        let Some(fut) = instance(this) else {
            return Ok(Value::None);
        };
        if state_is(fut, CANCELLED) {
            return Err(self.make_cancelled_error(fut));
        }
        if !state_is(fut, FINISHED) {
            return Err(
                self.asyncio_error("InvalidStateError", vec![Value::str("Result is not set.")])
            );
        }
        put(fut, F_LOG_TRACEBACK, Value::Bool(false));
        match get(fut, F_EXCEPTION) {
            Value::None => Ok(get(fut, F_RESULT)),
            exc => Err(exc),
        }
    }

    /// `Future.exception()`.
    fn future_exception(&mut self, this: &Value) -> R {
        self.charge(cost::RESULT);
        let Some(fut) = instance(this) else {
            return Ok(Value::None);
        };
        if state_is(fut, CANCELLED) {
            return Err(self.make_cancelled_error(fut));
        }
        if !state_is(fut, FINISHED) {
            return Err(self.asyncio_error(
                "InvalidStateError",
                vec![Value::str("Exception is not set.")],
            ));
        }
        put(fut, F_LOG_TRACEBACK, Value::Bool(false));
        Ok(get(fut, F_EXCEPTION))
    }

    fn future_add_done_callback(&mut self, this: &Value, callback: Value) -> R<()> {
        self.charge(cost::ADD_DONE_CALLBACK);
        let Some(fut) = instance(this) else {
            return Ok(());
        };
        if !state_is(fut, PENDING) {
            let event_loop = get(fut, F_LOOP);
            self.call_soon(&event_loop, callback, vec![this.clone()])?;
            return Ok(());
        }
        match get(fut, F_CALLBACKS) {
            Value::List(list) => list.borrow_mut().push(callback),
            _ => put(fut, F_CALLBACKS, Value::list(vec![callback])),
        }
        Ok(())
    }

    fn future_init(&mut self, frames: &mut Vec<Frame>, this: &Value, event_loop: Value) -> R<()> {
        self.charge(cost::FUTURE_INIT);
        let event_loop = match event_loop {
            Value::None => {
                let get = self.asyncio_global("get_event_loop");
                self.call_sync(frames, get, Vec::new(), Vec::new())?
            }
            lp => lp,
        };
        let Some(fut) = instance(this) else {
            return Ok(());
        };
        put(fut, F_LOOP, event_loop);
        put(fut, F_STATE, Value::str(PENDING));
        put(fut, F_RESULT, Value::None);
        put(fut, F_EXCEPTION, Value::None);
        put(fut, F_CALLBACKS, Value::list(Vec::new()));
        put(fut, F_CANCELLED_EXC, Value::None);
        Ok(())
    }

    fn task_init(
        &mut self,
        frames: &mut Vec<Frame>,
        this: &Value,
        coro: Value,
        event_loop: Value,
        name: Value,
    ) -> R<()> {
        self.future_init(frames, this, event_loop)?;
        self.charge(cost::TASK_INIT);
        let Some(task) = instance(this) else {
            return Ok(());
        };
        let is_coroutine =
            matches!(&coro, Value::Generator(g) if g.borrow().kind == GenKind::Coroutine);
        if !is_coroutine {
            let repr = self.repr(frames, &coro)?;
            return Err(self.error("TypeError", format!("a coroutine was expected, got {repr}")));
        }
        let name = match name {
            Value::None => {
                self.task_names += 1;
                format!("Task-{}", self.task_names)
            }
            other => self.str_of(frames, &other)?,
        };
        put(task, F_NAME, Value::str(&name));
        put(task, F_NUM_CANCELS_REQUESTED, Value::Int(0));
        put(task, F_MUST_CANCEL, Value::Bool(false));
        put(task, F_FUT_WAITER, Value::None);
        put(task, F_CORO, coro.clone());
        let lane = self.new_task_lane(name, coro);
        put(task, F_LANE, Value::Int(lane as i64));
        let event_loop = get(task, F_LOOP);
        let step = self.bound_method(this, "_step");
        self.call_soon(&event_loop, step, Vec::new())?;
        self.set_task_state(lane, TaskState::Ready);
        if let Some(lp) = instance(&event_loop) {
            if let Value::List(tasks) = get(lp, L_TASKS) {
                tasks.borrow_mut().push(this.clone());
            }
        }
        Ok(())
    }

    /// `Task.__step(exc)` up to resuming the coroutine; the VM calls back into
    /// [`Self::task_yielded`], [`Self::task_returned`] or [`Self::task_raised`].
    fn task_step(&mut self, frames: &mut Vec<Frame>, this: &Value, exc: Value) -> R<Outcome> {
        self.charge(cost::STEP_START);
        let Some(task) = instance(this) else {
            return Ok(Outcome::Value(Value::None));
        };
        if !state_is(task, PENDING) {
            let this_repr = self.repr(frames, this)?;
            let exc_repr = self.repr(frames, &exc)?;
            return Err(self.asyncio_error(
                "InvalidStateError",
                vec![Value::str(&format!(
                    "_step(): already done: {this_repr}, {exc_repr}"
                ))],
            ));
        }
        let mut exc = exc;
        if matches!(get(task, F_MUST_CANCEL), Value::Bool(true)) {
            if !self.is_asyncio_instance(&exc, "CancelledError") {
                exc = self.make_cancelled_error(task);
            }
            put(task, F_MUST_CANCEL, Value::Bool(false));
        }
        let coro = get(task, F_CORO);
        put(task, F_FUT_WAITER, Value::None);
        let event_loop = get(task, F_LOOP);
        let previous = match instance(&event_loop) {
            Some(lp) => {
                let previous = get(lp, L_CURRENT_TASK);
                put(lp, L_CURRENT_TASK, this.clone());
                previous
            }
            None => Value::None,
        };
        self.task_lane_state(task, TaskState::Running);
        let mode = ReturnMode::TaskStep {
            task: this.clone(),
            previous: previous.clone(),
        };
        let Value::Generator(g) = &coro else {
            let err = self.error("TypeError", "a coroutine was expected");
            return self
                .task_raised(frames, this, previous, err)
                .map(|()| Outcome::Value(Value::None));
        };
        // A coroutine that cannot be resumed raises into the step, as `coro.send()` would.
        let refusal = {
            let g = g.borrow();
            if g.running {
                Some(("ValueError", "coroutine already executing"))
            } else if g.frame.is_none() && is_none(&exc) {
                Some(("RuntimeError", "cannot reuse already awaited coroutine"))
            } else {
                None
            }
        };
        if let Some((kind, message)) = refusal {
            let err = self.error(kind, message);
            return self
                .task_raised(frames, this, previous, err)
                .map(|()| Outcome::Value(Value::None));
        }
        if g.borrow().frame.is_none() {
            // Throwing into a finished coroutine re-raises the exception.
            return self
                .task_raised(frames, this, previous, exc)
                .map(|()| Outcome::Value(Value::None));
        }
        let finished_before = self.task_steps_finished;
        let value = if is_none(&exc) {
            Ok(Value::None)
        } else {
            Err(exc)
        };
        match self.resume(frames, &g.clone(), value, mode) {
            Ok(outcome) => Ok(outcome),
            // The step already finished (the error comes after it, from the caller's
            // side), or the coroutine could not even be entered.
            Err(e) if self.task_steps_finished != finished_before => Err(e),
            Err(e) => self
                .task_raised(frames, this, previous, e)
                .map(|()| Outcome::Value(Value::None)),
        }
    }

    fn restore_current_task(&mut self, this: &Value, previous: Value) {
        if let Some(task) = instance(this) {
            if let Some(lp) = instance(&get(task, F_LOOP)) {
                put(lp, L_CURRENT_TASK, previous);
            }
        }
    }

    /// Ends a step whose coroutine returned or raised: `finish` settles the task's
    /// future, then the loop's current task is the one before again.
    fn finish_step(
        &mut self,
        this: &Value,
        previous: Value,
        finish: impl FnOnce(&mut Self, &Instance) -> R<()>,
    ) -> R<()> {
        self.task_steps_finished += 1;
        self.charge(cost::STEP_FINISH);
        let result = match instance(this) {
            Some(task) => finish(self, &task.clone()),
            None => Ok(()),
        };
        self.restore_current_task(this, previous);
        result
    }

    /// The task's coroutine returned `value`.
    pub(crate) fn task_returned(
        &mut self,
        frames: &mut Vec<Frame>,
        this: &Value,
        previous: Value,
        value: Value,
    ) -> R<()> {
        self.finish_step(this, previous, |interp, task| {
            if matches!(get(task, F_MUST_CANCEL), Value::Bool(true)) {
                put(task, F_MUST_CANCEL, Value::Bool(false));
                let msg = get(task, F_CANCEL_MESSAGE);
                interp.future_cancel(this, msg)?;
                interp.task_lane_state(task, TaskState::Cancelled);
            } else {
                interp.future_set_result(frames, this, value)?;
                interp.task_lane_state(task, TaskState::Finished);
            }
            Ok(())
        })
    }

    /// The task's coroutine raised `exc`. `Err` when the step re-raises it
    /// (`KeyboardInterrupt`, `SystemExit`) or fails itself.
    pub(crate) fn task_raised(
        &mut self,
        frames: &mut Vec<Frame>,
        this: &Value,
        previous: Value,
        exc: Value,
    ) -> R<()> {
        self.finish_step(this, previous, |interp, task| {
            if interp.is_asyncio_instance(&exc, "CancelledError") {
                put(task, F_CANCELLED_EXC, exc);
                interp.future_cancel(this, Value::None)?;
                interp.task_lane_state(task, TaskState::Cancelled);
                return Ok(());
            }
            let fatal =
                interp.exc_is(&exc, "KeyboardInterrupt") || interp.exc_is(&exc, "SystemExit");
            interp.future_set_exception(frames, this, exc.clone())?;
            interp.task_lane_state(task, TaskState::Failed);
            if fatal {
                Err(exc)
            } else {
                Ok(())
            }
        })
    }

    /// The task's coroutine yielded `result`: what it waits for.
    pub(crate) fn task_yielded(
        &mut self,
        frames: &mut Vec<Frame>,
        this: &Value,
        previous: Value,
        result: Value,
    ) -> R<()> {
        self.charge(cost::STEP_FINISH);
        let outcome = self.task_wait_on(frames, this, result);
        self.restore_current_task(this, previous);
        outcome
    }

    fn task_wait_on(&mut self, frames: &mut Vec<Frame>, this: &Value, result: Value) -> R<()> {
        let Some(task) = instance(this) else {
            return Ok(());
        };
        let event_loop = get(task, F_LOOP);
        let blocking = instance(&result).map(|r| get(r, F_ASYNCIO_FUTURE_BLOCKING));
        let retry_with = |interp: &mut Self, frames: &mut Vec<Frame>, message: String| -> R<()> {
            let new_exc = interp.error("RuntimeError", message);
            let step = interp.bound_method(this, "_step");
            interp.call_soon(&event_loop, step, vec![new_exc])?;
            interp.task_lane_state(task, TaskState::Ready);
            let _ = frames;
            Ok(())
        };
        match blocking {
            Some(blocking) if !is_none(&blocking) => {
                let fut = instance(&result).expect("checked above");
                let same_loop = match (&get(fut, F_LOOP), &event_loop) {
                    (Value::Instance(a), Value::Instance(b)) => Rc::ptr_eq(a, b),
                    (a, b) => is_none(a) && is_none(b),
                };
                if !same_loop {
                    let this_repr = self.repr(frames, this)?;
                    let fut_repr = self.repr(frames, &result)?;
                    return retry_with(
                        self,
                        frames,
                        format!(
                            "Task {this_repr} got Future {fut_repr} attached to a different loop"
                        ),
                    );
                }
                if !self.truthy(frames, &blocking)? {
                    let this_repr = self.repr(frames, this)?;
                    let fut_repr = self.repr(frames, &result)?;
                    return retry_with(
                        self,
                        frames,
                        format!(
                            "yield was used instead of yield from in task {this_repr} with {fut_repr}"
                        ),
                    );
                }
                if matches!((this, &result), (Value::Instance(a), Value::Instance(b)) if Rc::ptr_eq(a, b))
                {
                    let this_repr = self.repr(frames, this)?;
                    return retry_with(
                        self,
                        frames,
                        format!("Task cannot await on itself: {this_repr}"),
                    );
                }
                put(fut, F_ASYNCIO_FUTURE_BLOCKING, Value::Bool(false));
                let wakeup = self.bound_method(this, "_wakeup");
                if native_method(&result, "add_done_callback", AioFn::FutureAddDoneCallback) {
                    self.future_add_done_callback(&result, wakeup)?;
                } else {
                    self.call_method_sync(
                        frames,
                        &result,
                        "add_done_callback",
                        vec![wakeup],
                        Vec::new(),
                    )?;
                }
                put(task, F_FUT_WAITER, result.clone());
                if matches!(get(task, F_MUST_CANCEL), Value::Bool(true)) {
                    let msg = get(task, F_CANCEL_MESSAGE);
                    let cancelled = self.call_method_sync(
                        frames,
                        &result,
                        "cancel",
                        Vec::new(),
                        vec![(Rc::from("msg"), msg)],
                    )?;
                    if self.truthy(frames, &cancelled)? {
                        put(task, F_MUST_CANCEL, Value::Bool(false));
                    }
                }
                let done = if native_method(&result, "done", AioFn::FutureDone) {
                    !state_is(fut, PENDING)
                } else {
                    let done =
                        self.call_method_sync(frames, &result, "done", Vec::new(), Vec::new())?;
                    self.truthy(frames, &done)?
                };
                let state = if done {
                    TaskState::Ready
                } else if matches!(get(fut, F_INTERLEAVE_SLEEP), Value::Bool(true)) {
                    TaskState::Io
                } else {
                    TaskState::Blocked
                };
                self.task_lane_state(task, state);
                Ok(())
            }
            _ if is_none(&result) => {
                // A bare yield (asyncio.sleep(0)) gives up the loop for one round.
                let step = self.bound_method(this, "_step");
                self.call_soon(&event_loop, step, Vec::new())?;
                self.task_lane_state(task, TaskState::Ready);
                Ok(())
            }
            _ => {
                let repr = self.repr(frames, &result)?;
                retry_with(self, frames, format!("Task got bad yield: {repr}"))
            }
        }
    }

    /// `Task.__wakeup(future)`: steps with the future's exception, or with nothing.
    fn task_wakeup(&mut self, frames: &mut Vec<Frame>, this: &Value, future: Value) -> R<Outcome> {
        self.charge(cost::WAKEUP);
        let outcome = if native_method(&future, "result", AioFn::FutureResult) {
            self.future_result(&future)
        } else {
            self.call_method_sync(frames, &future, "result", Vec::new(), Vec::new())
        };
        match outcome {
            Ok(_) => self.task_step(frames, this, Value::None),
            Err(exc) => self.task_step(frames, this, exc),
        }
    }
}

/// Takes keyword `name` out of `kwargs`.
fn kwarg(kwargs: &mut Vec<(Rc<str>, Value)>, name: &str) -> Option<Value> {
    let i = kwargs.iter().position(|(n, _)| &**n == name)?;
    Some(kwargs.remove(i).1)
}

fn arity(interp: &mut Interpreter, b: &Builtin, args: &[Value], min: usize, max: usize) -> R<()> {
    if args.len() < min || args.len() > max {
        let name = &b.name;
        return Err(interp.error(
            "TypeError",
            format!(
                "{name}() takes {} positional arguments but {} were given",
                max.saturating_sub(1),
                args.len().saturating_sub(1)
            ),
        ));
    }
    Ok(())
}

fn no_kwargs(interp: &mut Interpreter, b: &Builtin, kwargs: &[(Rc<str>, Value)]) -> R<()> {
    match kwargs.first() {
        Some((name, _)) => Err(interp.error(
            "TypeError",
            format!("{}() got an unexpected keyword argument '{name}'", b.name),
        )),
        None => Ok(()),
    }
}

/// Calls one of the native `asyncio` functions. `args[0]` is `self`.
pub(crate) fn call(
    interp: &mut Interpreter,
    frames: &mut Vec<Frame>,
    b: &Builtin,
    mut args: Vec<Value>,
    mut kwargs: Vec<(Rc<str>, Value)>,
) -> R<Outcome> {
    use AioFn::*;
    let BuiltinId::Aio(function) = b.id else {
        return Ok(Outcome::Value(Value::None));
    };
    let this = args.first().cloned().unwrap_or(Value::None);
    let value = match function {
        FutureInit => {
            let event_loop = kwarg(&mut kwargs, "loop").unwrap_or(Value::None);
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.future_init(frames, &this, event_loop)?;
            Value::None
        }
        FutureDone | FutureCancelled => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.charge(cost::QUERY);
            let Some(fut) = instance(&this) else {
                return Ok(Outcome::Value(Value::Bool(false)));
            };
            Value::Bool(if function == FutureDone {
                !state_is(fut, PENDING)
            } else {
                state_is(fut, CANCELLED)
            })
        }
        FutureResult => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.future_result(&this)?
        }
        FutureException => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.future_exception(&this)?
        }
        FutureAddDoneCallback => {
            kwarg(&mut kwargs, "context");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.future_add_done_callback(&this, args[1].clone())?;
            Value::None
        }
        FutureSetResult => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.future_set_result(frames, &this, args[1].clone())?;
            Value::None
        }
        FutureSetException => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.future_set_exception(frames, &this, args[1].clone())?;
            Value::None
        }
        FutureCancel => {
            let msg = kwarg(&mut kwargs, "msg");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 2)?;
            let msg = msg.or_else(|| args.get(1).cloned()).unwrap_or(Value::None);
            Value::Bool(interp.future_cancel(&this, msg)?)
        }
        FutureScheduleCallbacks => {
            interp.schedule_callbacks(&this)?;
            Value::None
        }
        FutureMakeCancelledError => match instance(&this) {
            Some(fut) => interp.make_cancelled_error(&fut.clone()),
            None => Value::None,
        },
        LoopCallSoon => {
            kwarg(&mut kwargs, "context");
            no_kwargs(interp, b, &kwargs)?;
            if args.len() < 2 {
                return Err(interp.error(
                    "TypeError",
                    "call_soon() missing 1 required positional argument: 'callback'",
                ));
            }
            let rest = args.split_off(2);
            interp.call_soon(&this, args[1].clone(), rest)?
        }
        LoopCallAt | LoopCallLater => {
            kwarg(&mut kwargs, "context");
            no_kwargs(interp, b, &kwargs)?;
            if args.len() < 3 {
                let (name, what) = if function == LoopCallAt {
                    ("call_at", "'when' and 'callback'")
                } else {
                    ("call_later", "'delay' and 'callback'")
                };
                return Err(interp.error(
                    "TypeError",
                    format!("{name}() missing 2 required positional arguments: {what}"),
                ));
            }
            let rest = args.split_off(3);
            let when = if function == LoopCallLater {
                let now = Value::Float(interp.now() as f64 / 1e9);
                let delay = args[1].clone();
                interp.binary(frames, super::code::BinOp::Add, now, delay, false)?
            } else {
                args[1].clone()
            };
            interp.call_at(frames, &this, when, args[2].clone(), rest)?
        }
        TaskInit => {
            let event_loop = kwarg(&mut kwargs, "loop").unwrap_or(Value::None);
            let name = kwarg(&mut kwargs, "name").unwrap_or(Value::None);
            kwarg(&mut kwargs, "context");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.task_init(frames, &this, args[1].clone(), event_loop, name)?;
            Value::None
        }
        TaskStep => {
            let exc = kwarg(&mut kwargs, "exc");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 2)?;
            let exc = exc.or_else(|| args.get(1).cloned()).unwrap_or(Value::None);
            return interp.task_step(frames, &this, exc);
        }
        LoopCreateFuture => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.charge(cost::QUERY);
            let class = match interp.asyncio_global("Future") {
                Value::Class(c) => c,
                _ => return Err(interp.error("RuntimeError", "asyncio.Future is missing")),
            };
            let fut = Value::Instance(Rc::new(Instance::new(class)));
            interp.future_init(frames, &fut, this)?;
            super::vm::note_instance_size(&fut);
            fut
        }
        LoopTakeDue => {
            interp.take_due_timers(frames, &this)?;
            Value::None
        }
        HandleCancel => {
            interp.charge(cost::QUERY);
            if let Some(handle) = instance(&this) {
                put(handle, H_CANCELLED, Value::Bool(true));
            }
            Value::None
        }
        RunningLoop | GetRunningLoop | GetEventLoop => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 0, 0)?;
            interp.running_loop(function)?
        }
        LoopCloseDroppedAsyncgens => {
            interp.schedule_dropped_asyncgens(&this)?;
            Value::None
        }
        RunHandle => {
            // `handle._run()` without its try (the loop's round keeps that): calls
            // the callback unless the handle was cancelled.
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.charge(cost::RUN_HANDLE);
            let Some(handle) = instance(&this) else {
                return Ok(Outcome::Value(Value::None));
            };
            if matches!(get(handle, H_CANCELLED), Value::Bool(true)) {
                return Ok(Outcome::Value(Value::None));
            }
            let callback = get(handle, H_CALLBACK);
            let args = match get(handle, H_ARGS) {
                Value::Tuple(t) => t.to_vec(),
                _ => Vec::new(),
            };
            return interp.call(frames, callback, args, Vec::new());
        }
        SetResultUnlessCancelled => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.charge(cost::QUERY);
            let fut = this;
            let cancelled = if native_method(&fut, "cancelled", FutureCancelled) {
                instance(&fut).is_some_and(|f| state_is(f, CANCELLED))
            } else {
                let c =
                    interp.call_method_sync(frames, &fut, "cancelled", Vec::new(), Vec::new())?;
                interp.truthy(frames, &c)?
            };
            if !cancelled {
                if native_method(&fut, "set_result", FutureSetResult) {
                    interp.future_set_result(frames, &fut, args[1].clone())?;
                } else {
                    interp.call_method_sync(
                        frames,
                        &fut,
                        "set_result",
                        vec![args[1].clone()],
                        Vec::new(),
                    )?;
                }
            }
            Value::None
        }
        FutureAwait => {
            // `fut.__await__()` called by hand: the future is its own iterator, which
            // the VM's `yield from` drives as CPython's FutureIter (see `await_step`).
            this
        }
        LoopCreateTask => {
            let name = kwarg(&mut kwargs, "name").unwrap_or(Value::None);
            kwarg(&mut kwargs, "context");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.create_task(frames, &this, args[1].clone(), name)?
        }
        EnsureFuture => {
            let event_loop = kwarg(&mut kwargs, "loop").unwrap_or(Value::None);
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            return interp.ensure_future(frames, this, event_loop, false);
        }
        Gather => {
            let return_exceptions =
                kwarg(&mut kwargs, "return_exceptions").unwrap_or(Value::Bool(false));
            no_kwargs(interp, b, &kwargs)?;
            interp.gather(frames, args, return_exceptions)?
        }
        NativeLayout => {
            // `_interleave.native_layout(cls, kind)`: cls's instances keep the
            // attributes the natives here read in slots (see TASK_LAYOUT).
            let (Some(Value::Class(class)), Some(Value::Str(kind))) = (args.first(), args.get(1))
            else {
                return Err(interp.error("TypeError", "native_layout(cls, kind)"));
            };
            class.layout.set(layout(kind));
            Value::None
        }
        GatherDone => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            let state = b.this.clone().unwrap_or(Value::None);
            interp.gather_done(frames, &state, this)?;
            Value::None
        }
        TaskWakeup => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            return interp.task_wakeup(frames, &this, args[1].clone());
        }
    };
    Ok(Outcome::Value(value))
}
