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
//! Each native function is charged the cost units of the Python it replaces, so the
//! model's clock for asyncio programs is what it was (see BENCHMARKS.md, calibration).

use super::builtins::BuiltinId;
use super::value::GenKind;
use super::value::{Builtin, Instance, Value};
use super::vm::{new_exception, Frame, Interpreter, Outcome, ReturnMode, TaskState, R};
use std::cell::RefCell;
use std::rc::Rc;

const PENDING: &str = "PENDING";
const CANCELLED: &str = "CANCELLED";
const FINISHED: &str = "FINISHED";

/// Cost units each native function is charged: what its Python version executed.
mod cost {
    pub const FUTURE_INIT: u64 = 14;
    pub const QUERY: u64 = 6;
    pub const RESULT: u64 = 12;
    pub const ADD_DONE_CALLBACK: u64 = 10;
    pub const SCHEDULE_PER_CALLBACK: u64 = 14;
    pub const SET_RESULT: u64 = 12;
    pub const CALL_SOON: u64 = 22;
    pub const CALL_AT: u64 = 36;
    pub const TASK_INIT: u64 = 60;
    pub const STEP_START: u64 = 30;
    pub const STEP_FINISH: u64 = 40;
    pub const WAKEUP: u64 = 8;
    pub const TAKE_TIMER: u64 = 20;
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
    if let Some(v) = inst.dict.borrow().get(name) {
        return v.clone();
    }
    inst.class.lookup(name).unwrap_or(Value::None)
}

fn set_field(inst: &Instance, name: &str, value: Value) {
    let mut dict = inst.dict.borrow_mut();
    match dict.get_mut(name) {
        Some(slot) => *slot = value,
        None => {
            dict.insert(Rc::from(name), value);
        }
    }
}

fn state_is(inst: &Instance, state: &str) -> bool {
    matches!(inst.dict.borrow().get("_state"), Some(Value::Str(s)) if &**s == state)
}

fn is_none(v: &Value) -> bool {
    matches!(v, Value::None)
}

/// A method of `obj` is this native function (not overridden by a Python subclass).
fn native_method(obj: &Value, name: &str, id: BuiltinId) -> bool {
    match instance(obj).and_then(|inst| inst.class.lookup(name)) {
        Some(Value::Builtin(b)) => b.id == id,
        _ => false,
    }
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
        if let Value::Int(lane) = field(task, "_lane") {
            self.set_task_state(lane as usize, state);
        }
    }

    /// `loop.call_soon(callback, *args)`: a `Handle` at the end of the ready queue.
    fn call_soon(&mut self, event_loop: &Value, callback: Value, args: Vec<Value>) -> R {
        self.charge(cost::CALL_SOON);
        let Some(lp) = instance(event_loop) else {
            return Err(self.error("RuntimeError", "no running event loop"));
        };
        let handle = self.new_handle("Handle", callback, args, event_loop, None);
        match field(lp, "_ready") {
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
        let mut dict = class.new_instance_dict();
        dict.reserve(5);
        dict.insert(Rc::from("_callback"), callback);
        dict.insert(Rc::from("_args"), Value::tuple(args));
        dict.insert(Rc::from("_cancelled"), Value::Bool(false));
        dict.insert(Rc::from("_loop"), event_loop.clone());
        if let Some(when) = when {
            dict.insert(Rc::from("_when"), when);
        }
        Value::Instance(Rc::new(Instance {
            class,
            dict: RefCell::new(dict),
            exc: RefCell::new(None),
        }))
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
        let seq = match field(lp, "_seq") {
            Value::Int(n) => n + 1,
            _ => 1,
        };
        set_field(lp, "_seq", Value::Int(seq));
        let Value::List(heap) = field(lp, "_scheduled") else {
            return Err(self.error("RuntimeError", "the event loop has no timer heap"));
        };
        heap.borrow_mut()
            .push(Value::tuple(vec![when, Value::Int(seq), timer.clone()]));
        let mut pos = heap.borrow().len() - 1;
        while pos > 0 {
            let parent = (pos - 1) / 2;
            let (child, up) = {
                let h = heap.borrow();
                (h[pos].clone(), h[parent].clone())
            };
            if self.less(frames, &child, &up)? {
                heap.borrow_mut().swap(pos, parent);
                pos = parent;
            } else {
                break;
            }
        }
        Ok(timer)
    }

    /// This thread's running loop, from `asyncio._running_loops`: `None` for
    /// `_get_running_loop`, a `RuntimeError` for the other two.
    fn running_loop(&mut self, which: BuiltinId) -> R {
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
            (None, BuiltinId::AioRunningLoop) => Ok(Value::None),
            (None, BuiltinId::AioGetRunningLoop) => {
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
        let task = Value::Instance(Rc::new(Instance {
            dict: RefCell::new(class.new_instance_dict()),
            class,
            exc: RefCell::new(None),
        }));
        self.task_init(frames, &task, coro, event_loop.clone(), name)?;
        super::vm::note_instance_size(&task);
        Ok(task)
    }

    /// Whether `await` on this value is `await` on a future of the native core, which
    /// is its own iterator.
    pub(crate) fn is_native_awaitable(v: &Value) -> bool {
        native_method(v, "__await__", BuiltinId::AioFutureAwait)
    }

    /// One `send(None)` of CPython's FutureIter on `fut`, for `yield from`: `Some`
    /// future to yield while it is pending (the first time), or `None` once it is done,
    /// when its result is the value of the `await`.
    pub(crate) fn await_step(&mut self, fut: &Value) -> R<Result<Value, Value>> {
        let Some(f) = instance(fut) else {
            return Ok(Err(Value::None));
        };
        if state_is(f, PENDING) {
            if matches!(field(f, "_asyncio_future_blocking"), Value::Bool(true)) {
                return Err(self.error("RuntimeError", "await wasn't used with future"));
            }
            set_field(f, "_asyncio_future_blocking", Value::Bool(true));
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
        let (Value::List(heap), Value::List(ready)) =
            (field(lp, "_scheduled"), field(lp, "_ready"))
        else {
            return Ok(());
        };
        let resolution = match field(lp, "_clock_resolution") {
            Value::Float(f) => f,
            _ => 1e-9,
        };
        let end_time = self.now() as f64 / 1e9 + resolution;
        self.charge(cost::QUERY);
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
                super::builtins::sift_down(self, frames, &heap, 0)?;
                top
            };
            if let Value::Tuple(entry) = &top {
                if let Some(handle) = entry.get(2) {
                    let cancelled = instance(handle)
                        .is_some_and(|h| matches!(field(h, "_cancelled"), Value::Bool(true)));
                    if !cancelled {
                        ready.borrow_mut().push(handle.clone());
                    }
                }
            }
        }
    }

    /// `Future._make_cancelled_error()`.
    fn make_cancelled_error(&mut self, fut: &Instance) -> Value {
        let saved = field(fut, "_cancelled_exc");
        if !is_none(&saved) {
            set_field(fut, "_cancelled_exc", Value::None);
            return saved;
        }
        match field(fut, "_cancel_message") {
            Value::None => self.asyncio_error("CancelledError", Vec::new()),
            msg => self.asyncio_error("CancelledError", vec![msg]),
        }
    }

    /// `Future._schedule_callbacks()`: every done-callback to the ready queue, in order.
    fn schedule_callbacks(&mut self, this: &Value) -> R<()> {
        let Some(fut) = instance(this) else {
            return Ok(());
        };
        let callbacks = match field(fut, "_callbacks") {
            Value::List(list) => std::mem::take(&mut *list.borrow_mut()),
            _ => Vec::new(),
        };
        if callbacks.is_empty() {
            return Ok(());
        }
        set_field(fut, "_callbacks", Value::list(Vec::new()));
        let event_loop = field(fut, "_loop");
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
        let state = match instance(this).map(|f| field(f, "_state")) {
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
        set_field(fut, "_result", result);
        set_field(fut, "_state", Value::str(FINISHED));
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
        set_field(fut, "_exception", exception);
        set_field(fut, "_state", Value::str(FINISHED));
        self.schedule_callbacks(this)?;
        set_field(fut, "_log_traceback", Value::Bool(true));
        Ok(())
    }

    /// `Future.cancel(msg)` as the base class does it.
    fn future_cancel(&mut self, this: &Value, msg: Value) -> R<bool> {
        let Some(fut) = instance(this) else {
            return Ok(false);
        };
        set_field(fut, "_log_traceback", Value::Bool(false));
        if !state_is(fut, PENDING) {
            return Ok(false);
        }
        set_field(fut, "_state", Value::str(CANCELLED));
        set_field(fut, "_cancel_message", msg);
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
        set_field(fut, "_log_traceback", Value::Bool(false));
        match field(fut, "_exception") {
            Value::None => Ok(field(fut, "_result")),
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
        set_field(fut, "_log_traceback", Value::Bool(false));
        Ok(field(fut, "_exception"))
    }

    fn future_add_done_callback(&mut self, this: &Value, callback: Value) -> R<()> {
        self.charge(cost::ADD_DONE_CALLBACK);
        let Some(fut) = instance(this) else {
            return Ok(());
        };
        if !state_is(fut, PENDING) {
            let event_loop = field(fut, "_loop");
            self.call_soon(&event_loop, callback, vec![this.clone()])?;
            return Ok(());
        }
        match field(fut, "_callbacks") {
            Value::List(list) => list.borrow_mut().push(callback),
            _ => set_field(fut, "_callbacks", Value::list(vec![callback])),
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
        set_field(fut, "_loop", event_loop);
        set_field(fut, "_state", Value::str(PENDING));
        set_field(fut, "_result", Value::None);
        set_field(fut, "_exception", Value::None);
        set_field(fut, "_callbacks", Value::list(Vec::new()));
        set_field(fut, "_cancelled_exc", Value::None);
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
        set_field(task, "_name", Value::str(&name));
        set_field(task, "_num_cancels_requested", Value::Int(0));
        set_field(task, "_must_cancel", Value::Bool(false));
        set_field(task, "_fut_waiter", Value::None);
        set_field(task, "_coro", coro.clone());
        let lane = self.new_task_lane(name, coro);
        set_field(task, "_lane", Value::Int(lane as i64));
        let event_loop = field(task, "_loop");
        let step = self.bound_method(this, "_step");
        self.call_soon(&event_loop, step, Vec::new())?;
        self.set_task_state(lane, TaskState::Ready);
        if let Some(lp) = instance(&event_loop) {
            if let Value::List(tasks) = field(lp, "_tasks") {
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
        if matches!(field(task, "_must_cancel"), Value::Bool(true)) {
            if !self.is_asyncio_instance(&exc, "CancelledError") {
                exc = self.make_cancelled_error(task);
            }
            set_field(task, "_must_cancel", Value::Bool(false));
        }
        let coro = field(task, "_coro");
        set_field(task, "_fut_waiter", Value::None);
        let event_loop = field(task, "_loop");
        let previous = match instance(&event_loop) {
            Some(lp) => {
                let previous = field(lp, "_current_task");
                set_field(lp, "_current_task", this.clone());
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
            if let Some(lp) = instance(&field(task, "_loop")) {
                set_field(lp, "_current_task", previous);
            }
        }
    }

    /// The task's coroutine returned `value`.
    pub(crate) fn task_returned(
        &mut self,
        frames: &mut Vec<Frame>,
        this: &Value,
        previous: Value,
        value: Value,
    ) -> R<()> {
        self.task_steps_finished += 1;
        self.charge(cost::STEP_FINISH);
        let result = (|| {
            let Some(task) = instance(this) else {
                return Ok(());
            };
            if matches!(field(task, "_must_cancel"), Value::Bool(true)) {
                set_field(task, "_must_cancel", Value::Bool(false));
                let msg = field(task, "_cancel_message");
                self.future_cancel(this, msg)?;
                self.task_lane_state(task, TaskState::Cancelled);
            } else {
                self.future_set_result(frames, this, value)?;
                self.task_lane_state(task, TaskState::Finished);
            }
            Ok(())
        })();
        self.restore_current_task(this, previous);
        result
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
        self.task_steps_finished += 1;
        self.charge(cost::STEP_FINISH);
        let result = (|| {
            let Some(task) = instance(this) else {
                return Ok(());
            };
            if self.is_asyncio_instance(&exc, "CancelledError") {
                set_field(task, "_cancelled_exc", exc);
                self.future_cancel(this, Value::None)?;
                self.task_lane_state(task, TaskState::Cancelled);
                Ok(())
            } else if self.exc_is(&exc, "KeyboardInterrupt") || self.exc_is(&exc, "SystemExit") {
                self.future_set_exception(frames, this, exc.clone())?;
                self.task_lane_state(task, TaskState::Failed);
                Err(exc)
            } else {
                self.future_set_exception(frames, this, exc)?;
                self.task_lane_state(task, TaskState::Failed);
                Ok(())
            }
        })();
        self.restore_current_task(this, previous);
        result
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
        let event_loop = field(task, "_loop");
        let blocking = instance(&result).map(|r| field(r, "_asyncio_future_blocking"));
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
                let same_loop = match (&field(fut, "_loop"), &event_loop) {
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
                set_field(fut, "_asyncio_future_blocking", Value::Bool(false));
                let wakeup = self.bound_method(this, "_wakeup");
                if native_method(
                    &result,
                    "add_done_callback",
                    BuiltinId::AioFutureAddDoneCallback,
                ) {
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
                set_field(task, "_fut_waiter", result.clone());
                if matches!(field(task, "_must_cancel"), Value::Bool(true)) {
                    let msg = field(task, "_cancel_message");
                    let cancelled = self.call_method_sync(
                        frames,
                        &result,
                        "cancel",
                        Vec::new(),
                        vec![(Rc::from("msg"), msg)],
                    )?;
                    if self.truthy(frames, &cancelled)? {
                        set_field(task, "_must_cancel", Value::Bool(false));
                    }
                }
                let done = if native_method(&result, "done", BuiltinId::AioFutureDone) {
                    !state_is(fut, PENDING)
                } else {
                    let done =
                        self.call_method_sync(frames, &result, "done", Vec::new(), Vec::new())?;
                    self.truthy(frames, &done)?
                };
                let state = if done {
                    TaskState::Ready
                } else if matches!(field(fut, "_interleave_sleep"), Value::Bool(true)) {
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
        let outcome = if native_method(&future, "result", BuiltinId::AioFutureResult) {
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
    use BuiltinId::*;
    let this = args.first().cloned().unwrap_or(Value::None);
    let value = match b.id {
        AioFutureInit => {
            let event_loop = kwarg(&mut kwargs, "loop").unwrap_or(Value::None);
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.future_init(frames, &this, event_loop)?;
            Value::None
        }
        AioFutureDone | AioFutureCancelled => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.charge(cost::QUERY);
            let Some(fut) = instance(&this) else {
                return Ok(Outcome::Value(Value::Bool(false)));
            };
            Value::Bool(if b.id == AioFutureDone {
                !state_is(fut, PENDING)
            } else {
                state_is(fut, CANCELLED)
            })
        }
        AioFutureResult => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.future_result(&this)?
        }
        AioFutureException => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.future_exception(&this)?
        }
        AioFutureAddDoneCallback => {
            kwarg(&mut kwargs, "context");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.future_add_done_callback(&this, args[1].clone())?;
            Value::None
        }
        AioFutureSetResult => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.future_set_result(frames, &this, args[1].clone())?;
            Value::None
        }
        AioFutureSetException => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.future_set_exception(frames, &this, args[1].clone())?;
            Value::None
        }
        AioFutureCancel => {
            let msg = kwarg(&mut kwargs, "msg");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 2)?;
            let msg = msg.or_else(|| args.get(1).cloned()).unwrap_or(Value::None);
            Value::Bool(interp.future_cancel(&this, msg)?)
        }
        AioFutureScheduleCallbacks => {
            interp.schedule_callbacks(&this)?;
            Value::None
        }
        AioFutureMakeCancelledError => match instance(&this) {
            Some(fut) => interp.make_cancelled_error(&fut.clone()),
            None => Value::None,
        },
        AioLoopCallSoon => {
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
        AioLoopCallAt | AioLoopCallLater => {
            kwarg(&mut kwargs, "context");
            no_kwargs(interp, b, &kwargs)?;
            if args.len() < 3 {
                let (name, what) = if b.id == AioLoopCallAt {
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
            let when = if b.id == AioLoopCallLater {
                let now = Value::Float(interp.now() as f64 / 1e9);
                let delay = args[1].clone();
                interp.binary(frames, super::code::BinOp::Add, now, delay, false)?
            } else {
                args[1].clone()
            };
            interp.call_at(frames, &this, when, args[2].clone(), rest)?
        }
        AioTaskInit => {
            let event_loop = kwarg(&mut kwargs, "loop").unwrap_or(Value::None);
            let name = kwarg(&mut kwargs, "name").unwrap_or(Value::None);
            kwarg(&mut kwargs, "context");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.task_init(frames, &this, args[1].clone(), event_loop, name)?;
            Value::None
        }
        AioTaskStep => {
            let exc = kwarg(&mut kwargs, "exc");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 2)?;
            let exc = exc.or_else(|| args.get(1).cloned()).unwrap_or(Value::None);
            return interp.task_step(frames, &this, exc);
        }
        AioLoopCreateFuture => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.charge(cost::QUERY);
            let class = match interp.asyncio_global("Future") {
                Value::Class(c) => c,
                _ => return Err(interp.error("RuntimeError", "asyncio.Future is missing")),
            };
            let fut = Value::Instance(Rc::new(Instance {
                dict: RefCell::new(class.new_instance_dict()),
                class,
                exc: RefCell::new(None),
            }));
            interp.future_init(frames, &fut, this)?;
            super::vm::note_instance_size(&fut);
            fut
        }
        AioLoopTakeDue => {
            interp.take_due_timers(frames, &this)?;
            Value::None
        }
        AioHandleCancel => {
            interp.charge(cost::QUERY);
            if let Some(handle) = instance(&this) {
                set_field(handle, "_cancelled", Value::Bool(true));
            }
            Value::None
        }
        AioRunningLoop | AioGetRunningLoop | AioGetEventLoop => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 0, 0)?;
            interp.running_loop(b.id)?
        }
        AioFutureAwait => {
            // `fut.__await__()` called by hand: the future is its own iterator, which
            // the VM's `yield from` drives as CPython's FutureIter (see `await_step`).
            this
        }
        AioLoopCreateTask => {
            let name = kwarg(&mut kwargs, "name").unwrap_or(Value::None);
            kwarg(&mut kwargs, "context");
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            interp.create_task(frames, &this, args[1].clone(), name)?
        }
        AioEnsureFuture => {
            let event_loop = kwarg(&mut kwargs, "loop").unwrap_or(Value::None);
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 1, 1)?;
            interp.charge(cost::QUERY);
            let arg = this;
            let is_future =
                instance(&arg).is_some_and(|i| !is_none(&field(i, "_asyncio_future_blocking")));
            let is_coroutine =
                matches!(&arg, Value::Generator(g) if g.borrow().kind == GenKind::Coroutine);
            if is_future {
                arg
            } else if is_coroutine {
                let event_loop = match event_loop {
                    Value::None => interp.running_loop(AioGetEventLoop)?,
                    lp => lp,
                };
                if native_method(&event_loop, "create_task", AioLoopCreateTask) {
                    interp.create_task(frames, &event_loop, arg, Value::None)?
                } else {
                    interp.call_method_sync(
                        frames,
                        &event_loop,
                        "create_task",
                        vec![arg],
                        Vec::new(),
                    )?
                }
            } else {
                // Other awaitables, and the error: the Python rest of ensure_future.
                let slow = interp.asyncio_global("_ensure_future_other");
                let kw = if is_none(&event_loop) {
                    Vec::new()
                } else {
                    vec![(Rc::from("loop"), event_loop)]
                };
                return interp.call(frames, slow, vec![arg], kw);
            }
        }
        AioTaskWakeup => {
            no_kwargs(interp, b, &kwargs)?;
            arity(interp, b, &args, 2, 2)?;
            return interp.task_wakeup(frames, &this, args[1].clone());
        }
        _ => Value::None,
    };
    Ok(Outcome::Value(value))
}
