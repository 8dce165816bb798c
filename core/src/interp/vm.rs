//! The eval loop: runs [`Code`] over explicit frames, one Python thread at a time.
//!
//! The interpreter is sans-IO. It never sleeps, blocks or reads a clock of its own:
//! [`Interpreter::run`] executes one thread until that thread must wait (it returns a
//! [`Stop`] saying for what), until it reaches a thread-switch point after its budget
//! is spent, or until it ends. Whoever drives it (the model on a virtual clock, the live
//! runtime on a real one) owns time, decides which thread runs next and for how long,
//! and reads what happened from [`Interpreter::drain_events`].
//!
//! Threads switch only where CPython 3.11's eval loop checks its eval breaker: backward
//! jumps (each loop iteration), function entry, and blocking calls. So `count += 1` is
//! never split, and a read, a `time.sleep(0)` and a write are.

use super::builtins;
use super::code::{BinOp, CmpOp, Code, CodeKind, Const, Op, RaiseKind, UnOp};
use super::ops::{self, OpError};
use super::pyset::{members as set_members, Other, PySet};
use super::value::*;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// Nanoseconds on the driver's clock.
pub type Nanos = u64;

/// The driver's clock, as the interpreter sees it: "what time is it now, given that
/// this slice has spent `cost` units of computation so far".
pub trait Clock {
    fn now(&self, cost: u64) -> Nanos;

    /// How long `cost` units of computation take on this clock (for `thread_time`).
    fn compute_time(&self, cost: u64) -> Nanos {
        self.now(cost).saturating_sub(self.now(0))
    }
}

/// Why [`Interpreter::run`] returned.
#[derive(Clone, Debug, PartialEq)]
pub enum Stop {
    /// The budget is spent and the thread is at a switch point; it can go on.
    Preempted,
    /// `time.sleep(d)`: the thread releases the GIL and wakes after `d`.
    Sleep(Nanos),
    /// Waiting to acquire a lock (also how `join`, `Event.wait`, queues and the asyncio
    /// loop's idle wait block), until it is released or until the deadline.
    Acquire { lock: u64, deadline: Option<Nanos> },
    /// The thread ended (its function returned or raised).
    Exited,
}

/// Which output stream a write went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Something the driver should know about, in the order it happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A new thread exists and wants to run.
    ThreadStarted { thread: usize, at: Nanos },
    /// A thread named itself (`Thread-1 (worker)`), for its lane.
    ThreadNamed { thread: usize, name: String },
    /// A lock was released: threads waiting on it may retry.
    LockReleased { lock: u64, at: Nanos },
    /// A write to stdout or stderr (boxed, as the two rare big events are, so that
    /// the slice's event log stays small: 10,000 tasks log 60,000 events in one).
    Output(Box<Printed>),
    /// An asyncio task came into being (the bundled asyncio reports it). `internal`
    /// for the tasks `asyncio.run` makes for itself on the way out (shutting down
    /// async generators and the default executor): no lane of the program's.
    TaskCreated {
        task: usize,
        name: String,
        internal: bool,
    },
    /// A queue (`queue.Queue`, `asyncio.Queue`) changed length.
    QueueLength {
        queue: usize,
        kind: Rc<str>,
        len: usize,
        at: Nanos,
    },
    /// An asyncio task changed state; `line` is the program's line its coroutine is
    /// suspended at (where it resumes, or the `await` it just reached).
    TaskState {
        task: usize,
        state: TaskState,
        at: Nanos,
        line: Option<u32>,
    },
    /// `Process.start()`: start child `pid` from its pickled `Process` object
    /// (`interp/process.rs`).
    ProcessStart(Box<Spawn>),
    /// `terminate()` or `kill()`: end child `pid` with exit code `code`.
    ProcessKill { pid: i64, code: i32, at: Nanos },
    /// A message for whichever process next wants one of `channel`.
    ChannelSend {
        channel: u64,
        message: Box<super::process::Pickled>,
        at: Nanos,
    },
    /// A thread waits for `channel`'s next message; delivering it releases `lock`.
    ChannelWant { channel: u64, lock: u64, at: Nanos },
    /// Something the page should tell the learner beside the output: where what it
    /// runs differs from what CPython does on some systems.
    Note(String),
}

/// What [`Event::Output`] wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct Printed {
    pub thread: usize,
    pub at: Nanos,
    pub stream: Stream,
    pub text: String,
    /// The program's line that wrote it.
    pub line: Option<u32>,
    /// The writer's clock after this write, when other threads exist.
    pub clock: Option<Rc<[u32]>>,
}

/// What [`Event::ProcessStart`] starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Spawn {
    pub pid: i64,
    pub name: String,
    pub daemon: bool,
    pub payload: super::process::Pickled,
    pub at: Nanos,
}

/// The states of an asyncio task, as the timeline draws them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskState {
    Ready,
    Running,
    /// Awaiting a sleep (a timer).
    Io,
    /// Awaiting another task, a future, a lock or a queue.
    Blocked,
    Finished,
    Failed,
    Cancelled,
}

/// What a thread does when the driver runs it next.
#[derive(Debug, Default)]
enum Pending {
    #[default]
    Nothing,
    /// Start by calling this (a new thread's function).
    Call(Value, Vec<Value>),
    /// A blocking call returned this value.
    Value(Value),
    /// Retry acquiring the lock, giving up at the deadline.
    Acquire {
        lock: Rc<LockObj>,
        deadline: Option<Nanos>,
    },
}

/// One Python thread: its frames and what it is handling.
#[derive(Debug)]
pub struct PyThread {
    pub frames: Vec<Frame>,
    /// The exceptions being handled (innermost last), for bare `raise` and chaining.
    pub handled: Vec<Value>,
    pending: Pending,
    pub alive: bool,
    pub ident: i64,
    /// Cost units this thread computed in earlier slices (for `time.thread_time`).
    pub cpu_cost: u64,
    /// A vector clock: for each thread, how many of its events (lines written,
    /// signal locks released) this one is known to come after. Lines the model
    /// marks as tied are those this does not order (see `sim::mark_ties`).
    pub clock: Vec<u32>,
}

/// How a frame hands back its result.
#[derive(Clone, Debug)]
pub enum ReturnMode {
    Normal,
    /// `__init__`: the caller gets the instance.
    Init(Value),
    /// A class's own `__new__`: what it returns is the caller's, after `__init__`
    /// with the same arguments if it is an instance of the class (`type.__call__`).
    New {
        class: Rc<Class>,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    },
    /// A class body: the caller gets the class built from the namespace.
    Class {
        name: Rc<str>,
        bases: Vec<Rc<Class>>,
    },
    /// A module body: the caller gets the module.
    Import(Rc<Module>),
    /// A call made from Rust (a key function, `__repr__`): leaves the nested loop.
    Sync,
    /// A generator resumed by `send`/`__next__`: yields become the call's result,
    /// a return raises `StopIteration`.
    GenSend,
    /// A generator driven by `for`: yields go to the loop body, a return ends the loop.
    GenForIter {
        exit: u32,
    },
    /// A generator under `yield from`/`await`: yields pass through the caller.
    GenYieldFrom,
    /// A generator resumed from Rust (`list(gen)`): leaves the nested loop.
    SyncGen,
    /// Collected a generator for `[*gen()]`: extend the list `depth` below the top.
    ExtendList(u32),
    /// An async generator driven by `async for`: its own `yield` is the value of the
    /// awaited `__anext__()`, its awaits pass through, its return ends the loop.
    AsyncGenStep,
    /// The frame collected a generator into a list for a builtin: call the builtin
    /// again with the list in place of argument `index`.
    ThenBuiltin {
        builtin: Rc<Builtin>,
        args: Vec<Value>,
        index: usize,
        kwargs: Vec<(Rc<str>, Value)>,
    },
    /// The first frame of a thread.
    ThreadBase,
    /// Closing a generator whose last reference went (`_close(gen)`): the result is
    /// dropped, and an exception is reported as "Exception ignored in", as CPython's
    /// finaliser does; either way the interrupted frame goes on.
    Finalizer(Rc<str>),
    /// The coroutine of an asyncio task resumed by its step (`interp/aio.rs`): a
    /// yield, return or raise finishes the step, and the caller gets `None`.
    TaskStep {
        task: Value,
        previous: Value,
    },
}

/// One activation of a code object.
#[derive(Debug)]
pub struct Frame {
    pub code: Rc<Code>,
    pub ip: usize,
    pub stack: Vec<Value>,
    pub locals: Vec<Option<Value>>,
    pub cells: Vec<CellRef>,
    pub globals: Rc<Module>,
    /// Exception handlers: (target, stack height).
    pub handlers: Vec<(u32, u32)>,
    /// A class body's namespace.
    pub namespace: Option<Rc<RefCell<Namespace>>>,
    pub function: Option<Rc<Function>>,
    pub mode: ReturnMode,
    pub generator: Option<Weak<RefCell<Generator>>>,
    /// How many exceptions the thread was handling when the frame was entered.
    pub handled_depth: usize,
    /// The exceptions a suspended generator was handling (`except` blocks it yielded
    /// in), put back when it resumes, as CPython keeps them in the generator.
    pub saved_handled: Vec<Value>,
    /// While a generator's frame runs, the generator itself: `next(gen())` may hold
    /// the only reference to it (suspended, the generator holds the frame instead).
    pub running: Option<Rc<RefCell<Generator>>>,
}

impl Frame {
    /// The location of the instruction being executed.
    pub fn loc(&self) -> super::code::Loc {
        self.code.loc(self.ip.saturating_sub(1))
    }
}

/// How a call went.
pub enum Outcome {
    /// Returned at once (a builtin, or creating a generator).
    Value(Value),
    /// A Python frame was pushed; its return delivers the result.
    Pushed,
    /// The thread must wait; the result arrives when it is resumed.
    Block(Stop),
}

/// How the eval loop left.
enum Exit {
    Stop(Stop),
    /// A nested (Rust-driven) call returned.
    Returned(Value),
    /// A nested generator resumption yielded.
    Yielded(Value),
    Raised(Value),
}

/// Limits that keep a hostile program from hanging or exhausting whoever drives it.
#[derive(Clone, Debug)]
pub struct Limits {
    /// `sys.getrecursionlimit()`.
    pub recursion: usize,
    /// The most lines (and bytes, divided by 100) of output kept.
    pub output_lines: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            recursion: 1000,
            output_lines: 10_000,
        }
    }
}

/// A running program: its heap, modules and threads.
pub struct Interpreter {
    pub threads: Vec<PyThread>,
    pub modules: FxHashMap<Rc<str>, Rc<Module>>,
    pub builtins: Rc<Module>,
    pub main_module: Rc<Module>,
    pub(crate) exc_classes: FxHashMap<&'static str, Rc<Class>>,
    /// `types.UnionType`, made on the first `int | None`.
    union_class: Option<Rc<Class>>,
    pub(crate) type_classes: Vec<(TypeTag, Rc<Class>)>,
    pub object_class: Rc<Class>,
    events: Vec<Event>,
    clock: Box<dyn Clock>,
    /// Cost units spent in the current slice.
    pub slice_cost: u64,
    /// Cost units spent since the program started.
    pub total_cost: u64,
    budget: u64,
    /// Depth of Rust-driven nested calls; no switching inside them.
    sync_depth: usize,
    current: usize,
    next_lock: u64,
    next_ident: i64,
    pub limits: Limits,
    pub output_lines: usize,
    pub output_truncated: bool,
    /// Which file is the learner's program (tracebacks show only its frames).
    pub main_file: Rc<str>,
    pub(crate) task_count: usize,
    /// Whether a task's state change reports the line its coroutine is at
    /// ([`Event::TaskState`]): the driver turns it off once its step log is full.
    task_lines: bool,
    /// `asyncio`'s counter for the names of unnamed tasks (`Task-1`, ...).
    pub(crate) task_names: usize,
    /// Async generators started so far (asyncio's `firstiter` hook), for the loop's
    /// `shutdown_asyncgens()`.
    pub(crate) asyncgens: Vec<Weak<RefCell<Generator>>>,
    /// How many task steps have finished (tells a step's own error from a later one).
    pub(crate) task_steps_finished: u64,
    /// Mersenne Twister states: 0 is the `random` module's, the rest `random.Random`s.
    pub(crate) random: Vec<super::random::MersenneTwister>,
    /// The coroutine of each task, for the line a task is at.
    pub(crate) task_coros: Vec<Value>,
    /// Containers whose `repr` is being built, so that a list containing itself
    /// prints `[...]` instead of recursing forever.
    repr_stack: Vec<usize>,
    /// How deeply nested the `repr` being built is.
    repr_depth: usize,
    /// The learner's program, for the source lines of tracebacks.
    pub main_source: Option<Rc<str>>,
    /// The warnings already shown, by (file, line, message): CPython's default filter
    /// shows each once per place (`__warningregistry__`).
    warned: std::collections::HashSet<(Rc<str>, u32, String)>,
    /// The process's exit status: 1 after an uncaught exception in the main thread.
    pub exit_code: i32,
    /// The builtins written in Python (`lib/builtins_py.py`), compiled once.
    py_helpers: FxHashMap<Rc<str>, Rc<Function>>,
    /// `sys.getswitchinterval()`, in nanoseconds: the driver reads it for the GIL.
    pub switch_interval: Nanos,
    /// What `time.time()` says when the program starts, in seconds since 1970, and
    /// the local time's offset from UTC, in seconds (`time.localtime`,
    /// `time.strftime`). A fixed date unless the driver gives the host's clock.
    pub epoch: f64,
    pub utc_offset: i64,
    /// Queues seen so far, by identity, in the order they first changed.
    pub(crate) queues: Vec<usize>,
    /// Class objects made for types that have none of their own (`coroutine`, ...).
    pub(crate) other_types: RefCell<FxHashMap<Rc<str>, Rc<Class>>>,
    /// This process among the run's processes: its pid, children and channels.
    pub process: super::process::ProcessState,
}

/// The exception raised by a failing operation, before it is an object.
pub type Exc = Value;

pub(crate) type R<T = Value> = Result<T, Exc>;

/// What a global variable's load or store costs beyond one instruction: CPython 3.11
/// looks it up in a dict, about three times a local's cost (BENCHMARKS.md).
const GLOBAL_EXTRA_COST: u64 = 2;

/// What formatting a value in an f-string costs beyond one instruction (measured).
const FORMAT_EXTRA_COST: u64 = 6;

/// The deepest container nesting `repr` follows (CPython's recursion limit).
const MAX_REPR_DEPTH: usize = 1000;

/// The most nested Rust-driven calls (a `__repr__` calling `repr` calling `__repr__`...).
const MAX_SYNC_DEPTH: usize = 60;

impl Interpreter {
    /// Prepares a program to run: the module frame is the main thread's first frame.
    pub fn new(main: Rc<Code>, clock: Box<dyn Clock>, limits: Limits) -> Interpreter {
        reset_serials();
        let object_class = Rc::new(Class {
            name: Rc::from("object"),
            qualname: Rc::from("object"),
            module: Rc::from("builtins"),
            bases: Vec::new(),
            mro: Vec::new(),
            dict: RefCell::new(Namespace::default()),
            builtin: Some(BuiltinClass::Object),
            instance_size: Default::default(),
            native_methods: Default::default(),
            attr_flags: Default::default(),
            layout: Default::default(),
        });
        let builtins_module = Rc::new(Module {
            name: Rc::from("builtins"),
            globals: RefCell::new(Namespace::default()),
        });
        let main_module = Rc::new(Module {
            name: Rc::from("__main__"),
            globals: RefCell::new(Namespace::default()),
        });
        main_module
            .globals
            .borrow_mut()
            .insert(Rc::from("__name__"), Value::str("__main__"));
        let main_file = main.file.clone();
        let mut interp = Interpreter {
            threads: Vec::new(),
            modules: FxHashMap::default(),
            builtins: builtins_module,
            main_module: main_module.clone(),
            exc_classes: FxHashMap::default(),
            union_class: None,
            type_classes: Vec::new(),
            object_class,
            events: Vec::new(),
            clock,
            slice_cost: 0,
            total_cost: 0,
            budget: u64::MAX,
            sync_depth: 0,
            current: 0,
            next_lock: 1,
            next_ident: 140_000_000_000_001,
            limits,
            output_lines: 0,
            output_truncated: false,
            main_file,
            task_count: 0,
            task_lines: true,
            task_names: 0,
            asyncgens: Vec::new(),
            task_steps_finished: 0,
            random: Vec::new(),
            task_coros: Vec::new(),
            repr_stack: Vec::new(),
            repr_depth: 0,
            main_source: None,
            warned: Default::default(),
            exit_code: 0,
            py_helpers: FxHashMap::default(),
            switch_interval: 5_000_000,
            // 2025-12-01 00:00:00 UTC, so that a prediction without the host's clock
            // prints the same every time.
            epoch: 1_764_547_200.0,
            utc_offset: 0,
            other_types: RefCell::new(FxHashMap::default()),
            queues: Vec::new(),
            process: super::process::ProcessState::main(),
        };
        builtins::install(&mut interp);
        interp
            .modules
            .insert(Rc::from("__main__"), main_module.clone());
        let frame = Frame {
            code: main.clone(),
            ip: 0,
            stack: Vec::new(),
            locals: Vec::new(),
            cells: Vec::new(),
            globals: main_module,
            handlers: Vec::new(),
            namespace: None,
            function: None,
            mode: ReturnMode::ThreadBase,
            generator: None,
            handled_depth: 0,
            saved_handled: Vec::new(),
            running: None,
        };
        let ident = interp.new_ident();
        interp.threads.push(PyThread {
            frames: vec![frame],
            handled: Vec::new(),
            pending: Pending::Nothing,
            alive: true,
            ident,
            cpu_cost: 0,
            clock: Vec::new(),
        });
        interp
    }

    /// A child process started as `spawn` starts one: its main thread runs the
    /// bundled bootstrap (`lib/_mp_child.py`), which imports the program as
    /// `__mp_main__` and then runs the pickled `Process` it was started with.
    pub fn new_child(
        main: Rc<Code>,
        clock: Box<dyn Clock>,
        limits: Limits,
        process: super::process::ProcessState,
    ) -> Result<Interpreter, String> {
        let bootstrap = super::lib::compiled("_mp_child").map_err(|e| e.to_string())?;
        let mut interp = Interpreter::new(main.clone(), clock, limits);
        let program = Rc::new(Module {
            name: Rc::from("__mp_main__"),
            globals: RefCell::new(Namespace::default()),
        });
        program
            .globals
            .borrow_mut()
            .insert(Rc::from("__name__"), Value::str("__mp_main__"));
        interp.main_module = program.clone();
        interp.modules.insert(Rc::from("__main__"), program.clone());
        let child = Rc::new(Module {
            name: Rc::from("_mp_child"),
            globals: RefCell::new(Namespace::default()),
        });
        child
            .globals
            .borrow_mut()
            .insert(Rc::from("__name__"), Value::str("_mp_child"));
        let frame = &mut interp.threads[0].frames[0];
        frame.code = bootstrap;
        frame.globals = child;
        interp.process = process;
        interp.process.main_pending = Some(main);
        Ok(interp)
    }

    fn new_ident(&mut self) -> i64 {
        let ident = self.next_ident;
        self.next_ident += 1_234_567;
        ident
    }

    /// Everything that happened since the last call.
    pub fn drain_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    pub(crate) fn event(&mut self, event: Event) {
        self.events.push(event);
    }

    /// A timeline lane for a new asyncio task running `coro`.
    pub(crate) fn new_task_lane(&mut self, name: String, coro: Value) -> usize {
        let task = self.task_count;
        self.task_count += 1;
        let internal = match &coro {
            Value::Generator(g) => {
                let g = g.borrow();
                &*g.code.file == "<interleave asyncio>"
                    && matches!(
                        &*g.code.name,
                        "shutdown_asyncgens" | "shutdown_default_executor"
                    )
            }
            _ => false,
        };
        self.task_coros.push(coro);
        self.event(Event::TaskCreated {
            task,
            name,
            internal,
        });
        task
    }

    pub(crate) fn set_task_state(&mut self, task: usize, state: TaskState) {
        let at = self.now();
        let line = if self.task_lines {
            self.task_line(task)
        } else {
            None
        };
        self.event(Event::TaskState {
            task,
            state,
            at,
            line,
        });
    }

    /// The driver's time now.
    pub fn now(&self) -> Nanos {
        self.clock.now(self.slice_cost)
    }

    pub fn current_thread(&self) -> usize {
        self.current
    }

    /// CPU time the current thread has used, on the driver's clock.
    pub fn thread_time(&self) -> Nanos {
        let cost = self.threads[self.current].cpu_cost + self.slice_cost;
        self.clock.compute_time(cost)
    }

    /// Charges extra cost for work a builtin does in one instruction (`sum` of a range).
    pub fn charge(&mut self, units: u64) {
        self.slice_cost = self.slice_cost.saturating_add(units);
    }

    /// Runs thread `thread` until it stops; `budget` is in cost units for this slice.
    pub fn run(&mut self, thread: usize, budget: u64) -> Stop {
        if thread >= self.threads.len() || !self.threads[thread].alive {
            return Stop::Exited;
        }
        self.current = thread;
        self.slice_cost = 0;
        self.budget = budget;
        let mut frames = std::mem::take(&mut self.threads[thread].frames);
        let pending = std::mem::take(&mut self.threads[thread].pending);
        let start = match pending {
            Pending::Nothing => Ok(()),
            Pending::Value(v) => {
                if let Some(f) = frames.last_mut() {
                    f.stack.push(v);
                }
                Ok(())
            }
            Pending::Acquire { lock, deadline } => {
                if !lock.locked.get() {
                    lock.locked.set(true);
                    lock.owner.set(Some(thread));
                    self.took(thread, &lock);
                    if let Some(f) = frames.last_mut() {
                        f.stack.push(Value::Bool(true));
                    }
                    Ok(())
                } else if deadline.is_some_and(|d| self.now() >= d) {
                    if let Some(f) = frames.last_mut() {
                        f.stack.push(Value::Bool(false));
                    }
                    Ok(())
                } else {
                    let id = lock.id;
                    self.threads[thread].pending = Pending::Acquire { lock, deadline };
                    self.threads[thread].frames = frames;
                    return Stop::Acquire { lock: id, deadline };
                }
            }
            Pending::Call(func, args) => match self.call(&mut frames, func, args, Vec::new()) {
                Ok(Outcome::Pushed) => {
                    if let Some(f) = frames.last_mut() {
                        f.mode = ReturnMode::ThreadBase;
                    }
                    Ok(())
                }
                Ok(Outcome::Value(_)) => {
                    self.threads[thread].alive = false;
                    return Stop::Exited;
                }
                Ok(Outcome::Block(stop)) => {
                    self.threads[thread].frames = frames;
                    return stop;
                }
                Err(exc) => Err(exc),
            },
        };
        let exit = match start {
            Ok(()) => self.exec(&mut frames, 0),
            Err(exc) => match self.unwind(&mut frames, exc, 0) {
                Some(exit) => exit,
                None => self.exec(&mut frames, 0),
            },
        };
        let stop = match exit {
            Exit::Stop(stop) => stop,
            Exit::Returned(_) | Exit::Yielded(_) => Stop::Exited,
            Exit::Raised(exc) => {
                if thread == 0 {
                    self.exit_code = self.exit_status(&exc);
                }
                self.report_uncaught(&exc);
                Stop::Exited
            }
        };
        if stop == Stop::Exited {
            frames.clear();
            self.threads[thread].alive = false;
        }
        self.threads[thread].frames = frames;
        self.threads[thread].cpu_cost += self.slice_cost;
        self.total_cost = self.total_cost.saturating_add(self.slice_cost);
        stop
    }

    /// The thread holding the lock `thread` is blocked on, if it is blocked on one
    /// (for deadlock reports).
    pub fn blocked_on_owner(&self, thread: usize) -> Option<Option<usize>> {
        match &self.threads.get(thread)?.pending {
            Pending::Acquire { lock, .. } => Some(lock.owner.get()),
            _ => None,
        }
    }

    /// Whether a thread waits on a signal lock (see `LockObj::signal`): to be notified
    /// or for a thread to end, rather than for a mutex.
    pub fn blocked_on_signal(&self, thread: usize) -> bool {
        matches!(&self.threads.get(thread).map(|t| &t.pending),
            Some(Pending::Acquire { lock, .. }) if lock.signal.get())
    }

    /// The learner's line a thread is at: its innermost frame in the program's own file.
    pub fn thread_line(&self, thread: usize) -> Option<u32> {
        let t = self.threads.get(thread)?;
        t.frames
            .iter()
            .rev()
            .find(|f| *f.code.file == *self.main_file)
            .map(|f| f.loc().line)
    }

    /// Whether [`Event::TaskState`] carries the task's line (finding it walks the
    /// task's chain of awaited coroutines).
    pub fn set_task_lines(&mut self, on: bool) {
        self.task_lines = on;
    }

    /// The learner's line an asyncio task is at while suspended: the innermost frame of
    /// its coroutine chain that belongs to the program.
    pub fn task_line(&self, task: usize) -> Option<u32> {
        let mut current = self.task_coros.get(task)?.clone();
        let mut line = None;
        for _ in 0..200 {
            let Value::Generator(g) = &current else { break };
            let next = {
                let g = g.borrow();
                let Some(frame) = g.frame.as_ref() else { break };
                if *frame.code.file == *self.main_file {
                    line = Some(frame.loc().line);
                }
                frame.stack.last().cloned()
            };
            match next {
                Some(v @ Value::Generator(_)) => current = v,
                _ => break,
            }
        }
        line
    }

    /// Starts interpreter shutdown on the main thread, as `Py_FinalizeEx` does: if the
    /// program used `threading`, the main thread calls `threading._shutdown()`, which
    /// joins the non-daemon threads. Returns whether there is such a call to run.
    pub fn begin_shutdown(&mut self) -> bool {
        let Some(threading) = self.modules.get("threading").cloned() else {
            return false;
        };
        let Some(shutdown) = threading.globals.borrow().get("_shutdown").cloned() else {
            return false;
        };
        let main = &mut self.threads[0];
        main.alive = true;
        main.frames.clear();
        main.handled.clear();
        main.pending = Pending::Call(shutdown, Vec::new());
        true
    }

    /// Ends a thread where it stands (a daemon thread at interpreter exit).
    pub fn kill(&mut self, thread: usize) {
        if let Some(t) = self.threads.get_mut(thread) {
            t.alive = false;
            t.frames.clear();
            t.pending = Pending::Nothing;
        }
    }

    pub fn thread_alive(&self, thread: usize) -> bool {
        self.threads.get(thread).is_some_and(|t| t.alive)
    }

    /// Starts a new thread that will call `func(*args)`; returns its index.
    pub(crate) fn start_thread(&mut self, func: Value, args: Vec<Value>) -> usize {
        let ident = self.new_ident();
        // The new thread comes after everything its starter did so far.
        let clock = self.tick(self.current);
        self.threads.push(PyThread {
            frames: Vec::new(),
            handled: Vec::new(),
            pending: Pending::Call(func, args),
            alive: true,
            ident,
            cpu_cost: 0,
            clock,
        });
        let thread = self.threads.len() - 1;
        let at = self.now();
        self.event(Event::ThreadStarted { thread, at });
        self.yield_soon();
        thread
    }

    pub(crate) fn thread_ident(&self, thread: usize) -> i64 {
        self.threads.get(thread).map(|t| t.ident).unwrap_or(0)
    }

    pub(crate) fn new_lock(&mut self) -> Value {
        let id = self.next_lock;
        self.next_lock += 1;
        Value::Lock(Rc::new(LockObj {
            id,
            locked: std::cell::Cell::new(false),
            owner: std::cell::Cell::new(None),
            signal: std::cell::Cell::new(false),
            released: std::cell::RefCell::new(Vec::new()),
        }))
    }

    /// Counts an event of `thread`'s own and returns its clock after it.
    fn tick(&mut self, thread: usize) -> Vec<u32> {
        let Some(t) = self.threads.get_mut(thread) else {
            return Vec::new();
        };
        if t.clock.len() <= thread {
            t.clock.resize(thread + 1, 0);
        }
        t.clock[thread] += 1;
        t.clock.clone()
    }

    /// `thread` took `lock`: after a signal lock it comes after what the releaser did.
    fn took(&mut self, thread: usize, lock: &LockObj) {
        if !lock.signal.get() {
            return;
        }
        let released = lock.released.borrow();
        if let Some(t) = self.threads.get_mut(thread) {
            if t.clock.len() < released.len() {
                t.clock.resize(released.len(), 0);
            }
            for (mine, theirs) in t.clock.iter_mut().zip(released.iter()) {
                *mine = (*mine).max(*theirs);
            }
        }
    }

    /// `thread`'s clock, for the lines it writes.
    pub fn clock(&self, thread: usize) -> &[u32] {
        self.threads.get(thread).map_or(&[], |t| &t.clock)
    }

    /// `lock.acquire(blocking, timeout)`.
    pub(crate) fn acquire(
        &mut self,
        lock: &Rc<LockObj>,
        blocking: bool,
        timeout: Option<f64>,
    ) -> R<Outcome> {
        if !lock.locked.get() {
            lock.locked.set(true);
            lock.owner.set(Some(self.current));
            self.took(self.current, lock);
            return Ok(Outcome::Value(Value::Bool(true)));
        }
        if !blocking || timeout == Some(0.0) {
            return Ok(Outcome::Value(Value::Bool(false)));
        }
        if self.sync_depth > 0 {
            return Err(self.error(
                "RuntimeError",
                "a call from inside __repr__, a key function or a callback cannot block here",
            ));
        }
        let deadline = timeout.map(|t| self.now().saturating_add((t.max(0.0) * 1e9) as u64));
        self.threads[self.current].pending = Pending::Acquire {
            lock: lock.clone(),
            deadline,
        };
        Ok(Outcome::Block(Stop::Acquire {
            lock: lock.id,
            deadline,
        }))
    }

    pub(crate) fn release(&mut self, lock: &Rc<LockObj>) -> R<()> {
        if !lock.locked.get() {
            return Err(self.error("RuntimeError", "release unlocked lock"));
        }
        lock.locked.set(false);
        lock.owner.set(None);
        if lock.signal.get() {
            *lock.released.borrow_mut() = self.tick(self.current);
        }
        let at = self.now();
        self.event(Event::LockReleased { lock: lock.id, at });
        self.yield_soon();
        Ok(())
    }

    /// Ends the slice at the next switch point, so the driver learns at once that a
    /// thread became runnable and can start its switch interval from now.
    fn yield_soon(&mut self) {
        self.budget = self.budget.min(self.slice_cost + 1);
    }

    /// `time.sleep(seconds)`.
    pub(crate) fn sleep(&mut self, seconds: f64) -> R<Outcome> {
        if seconds.is_nan() {
            return Err(self.error("ValueError", "Invalid value NaN (not a number)"));
        }
        if seconds < 0.0 {
            return Err(self.error("ValueError", "sleep length must be non-negative"));
        }
        if self.sync_depth > 0 {
            return Err(self.error(
                "RuntimeError",
                "a call from inside __repr__, a key function or a callback cannot sleep here",
            ));
        }
        self.threads[self.current].pending = Pending::Value(Value::None);
        Ok(Outcome::Block(
            Stop::Sleep((seconds * 1e9).round() as Nanos),
        ))
    }

    /// The line of the innermost frame that belongs to the program.
    pub(crate) fn program_line(&self, frames: &[Frame]) -> Option<u32> {
        frames
            .iter()
            .rev()
            .find(|f| *f.code.file == *self.main_file)
            .map(|f| f.loc().line)
    }

    pub(crate) fn write(&mut self, stream: Stream, text: String) {
        self.write_at(stream, text, None);
    }

    /// Writes program output from `line`, capped at [`Limits::output_lines`].
    pub(crate) fn write_at(&mut self, stream: Stream, text: String, line: Option<u32>) {
        if self.output_truncated {
            return;
        }
        let lines = text.matches('\n').count();
        self.output_lines += lines.max(usize::from(text.len() > 200));
        if self.output_lines > self.limits.output_lines {
            self.output_truncated = true;
            // Stop the run at the next switch point rather than compute on unseen.
            self.yield_soon();
        }
        let at = self.now();
        let thread = self.current;
        // A line's place among other threads' lines: only when there are others.
        let clock =
            (self.threads.len() > 1 && text.contains('\n')).then(|| Rc::from(self.tick(thread)));
        self.event(Event::Output(Box::new(Printed {
            thread,
            at,
            stream,
            text,
            line,
            clock,
        })));
    }

    // ----- exceptions -----

    /// A new instance of a built-in exception class with one message argument.
    pub fn error(&mut self, kind: &str, message: impl Into<String>) -> Exc {
        let message: String = message.into();
        let args = if message.is_empty() && kind != "KeyError" {
            Vec::new()
        } else {
            vec![Value::Str(Rc::from(message))]
        };
        self.error_with_args(kind, args)
    }

    pub fn error_with_args(&mut self, kind: &str, args: Vec<Value>) -> Exc {
        let class = self
            .exc_classes
            .get(kind)
            .cloned()
            .or_else(|| self.exc_classes.get("RuntimeError").cloned())
            .unwrap_or_else(|| self.object_class.clone());
        new_exception(&class, args)
    }

    pub(crate) fn op_error(&mut self, error: OpError) -> Exc {
        self.error(error.kind, error.message)
    }

    fn name_error(&mut self, name: &str) -> Exc {
        let exc = self.error("NameError", format!("name '{name}' is not defined"));
        if let Value::Instance(inst) = &exc {
            inst.dict
                .borrow_mut()
                .insert(Rc::from("name"), Value::str(name));
        }
        exc
    }

    /// A `NameError` raised in the top frame, with what its "Did you mean" is worked
    /// out from: that frame's local names, its module's, the builtins.
    fn name_error_at(&mut self, frames: &[Frame], name: &str) -> Exc {
        let exc = self.name_error(name);
        if let Some(frame) = frames.last() {
            let groups = vec![
                frame.code.varnames.clone(),
                frame.globals.globals.borrow().keys().cloned().collect(),
                // The builtins' dict also holds the constants the compiler inlines.
                self.builtins
                    .globals
                    .borrow()
                    .keys()
                    .cloned()
                    .chain(["None", "Ellipsis", "NotImplemented", "False", "True"].map(Rc::from))
                    .collect(),
            ];
            set_suggest(
                &exc,
                super::suggest::Source::Name {
                    name: Rc::from(name),
                    groups,
                },
            );
        }
        exc
    }

    /// Whether `exc` is an instance of the built-in exception class `kind`.
    pub fn exc_is(&self, exc: &Value, kind: &str) -> bool {
        match (exc, self.exc_classes.get(kind)) {
            (Value::Instance(inst), Some(class)) => inst.class.is_subclass(class),
            _ => false,
        }
    }

    /// Adds the frame an exception passes through to its traceback, as CPython does
    /// for every frame it reaches, including the one that catches it; an exception
    /// raised again in the same frame (`raise` in an `except`) is not added twice.
    fn add_traceback(&self, exc: &Value, frame: &Frame, depth: usize) {
        if let Value::Instance(inst) = exc {
            let loc = frame.loc();
            let mut slot = inst.exc.borrow_mut();
            let info = slot.get_or_insert_with(Box::default);
            let same = info.traceback.last().is_some_and(|last| {
                last.depth == depth && last.name == frame.code.name && last.file == frame.code.file
            });
            if same && !info.raised_again {
                return;
            }
            info.raised_again = false;
            let anchor = match frame.code.ops.get(frame.ip.saturating_sub(1)) {
                Some(Op::Binary(op) | Op::Inplace(op)) => Some(match op {
                    BinOp::Pow => "**",
                    other => other.symbol(),
                }),
                Some(Op::Subscr) => Some("["),
                _ => None,
            };
            info.traceback.push(TbEntry {
                file: frame.code.file.clone(),
                line: loc.line,
                name: frame.code.name.clone(),
                col: loc.col,
                end_col: loc.end_col,
                end_line: loc.end_line,
                anchor,
                depth,
            });
        }
    }

    /// Sets `exc.__context__` to the exception being handled, as raising does.
    fn set_context(&mut self, exc: &Value) {
        let Some(handled) = self.threads[self.current].handled.last().cloned() else {
            return;
        };
        if is_same(&handled, exc) {
            return;
        }
        if let Value::Instance(inst) = exc {
            let has = inst
                .dict
                .borrow()
                .get("__context__")
                .is_some_and(|c| !matches!(c, Value::None));
            if !has {
                inst.dict
                    .borrow_mut()
                    .insert(Rc::from("__context__"), handled);
            }
        }
    }

    /// Unwinds frames until a handler takes `exc`; `None` means execution continues,
    /// `Some` that the loop must leave.
    fn unwind(&mut self, frames: &mut Vec<Frame>, exc: Exc, base: usize) -> Option<Exit> {
        let mut exc = exc;
        // An exception raised by a builtin inside an `except` block gets the handled
        // exception as its context, as one raised by `raise` does.
        self.set_context(&exc);
        loop {
            let depth = frames.len();
            let Some(frame) = frames.last_mut() else {
                return Some(Exit::Raised(exc));
            };
            self.add_traceback(&exc, frame, depth);
            if let Some((target, depth)) = frame.handlers.pop() {
                frame.stack.truncate(depth as usize);
                frame.stack.push(exc);
                frame.ip = target as usize;
                return None;
            }
            let frame = frames.pop().expect("checked above");
            let handled = &mut self.threads[self.current].handled;
            handled.truncate(frame.handled_depth);
            let generator = frame.generator.as_ref().and_then(Weak::upgrade);
            match frame.mode {
                ReturnMode::Sync => return Some(Exit::Raised(exc)),
                ReturnMode::Finalizer(what) => {
                    // CPython's unraisable hook adds the frame whose statement set
                    // off the finaliser (`del s`); the fast loop has moved past that
                    // statement by the time finalisers run, so it is left out here.
                    let text = self.format_exception(&exc);
                    self.write(
                        Stream::Stderr,
                        format!("Exception ignored in: {what}\n{text}"),
                    );
                    if frames.len() < base {
                        return Some(Exit::Returned(Value::None));
                    }
                    return None;
                }
                ReturnMode::SyncGen => {
                    if let Some(g) = generator {
                        let mut g = g.borrow_mut();
                        g.finished = true;
                        g.running = false;
                    }
                    return Some(Exit::Raised(exc));
                }
                ReturnMode::GenSend
                | ReturnMode::GenForIter { .. }
                | ReturnMode::GenYieldFrom
                | ReturnMode::AsyncGenStep => {
                    if let Some(g) = generator {
                        let mut g = g.borrow_mut();
                        g.finished = true;
                        g.running = false;
                    }
                    if self.exc_is(&exc, "StopIteration") {
                        let kind = match frame.code.kind {
                            CodeKind::Coroutine => "coroutine",
                            _ => "generator",
                        };
                        let new =
                            self.error("RuntimeError", format!("{kind} raised StopIteration"));
                        if let Value::Instance(inst) = &new {
                            inst.dict
                                .borrow_mut()
                                .insert(Rc::from("__cause__"), exc.clone());
                        }
                        exc = new;
                    }
                }
                ReturnMode::ThreadBase => {
                    return Some(Exit::Raised(exc));
                }
                ReturnMode::TaskStep { task, previous } => {
                    if let Some(g) = generator {
                        let mut g = g.borrow_mut();
                        g.finished = true;
                        g.running = false;
                    }
                    if self.exc_is(&exc, "StopIteration") {
                        let new = self.error("RuntimeError", "coroutine raised StopIteration");
                        if let Value::Instance(inst) = &new {
                            inst.dict
                                .borrow_mut()
                                .insert(Rc::from("__cause__"), exc.clone());
                        }
                        exc = new;
                    }
                    match self.task_raised(frames, &task, previous, exc) {
                        Ok(()) => {
                            if frames.len() < base {
                                return Some(Exit::Returned(Value::None));
                            }
                            if let Some(caller) = frames.last_mut() {
                                caller.stack.push(Value::None);
                            }
                            return None;
                        }
                        Err(e) => exc = e,
                    }
                }
                _ => {}
            }
            if frames.len() < base {
                return Some(Exit::Raised(exc));
            }
        }
    }

    /// The exit status an uncaught exception gives: `sys.exit(n)` exits with `n`.
    fn exit_status(&self, exc: &Value) -> i32 {
        if !self.exc_is(exc, "SystemExit") {
            return 1;
        }
        match system_exit_code(exc) {
            Value::None => 0,
            Value::Int(i) => i as i32,
            Value::Bool(b) => b as i32,
            _ => 1,
        }
    }

    /// Prints an exception that ended a thread or the program, as CPython does.
    pub(crate) fn report_uncaught(&mut self, exc: &Value) {
        if self.exc_is(exc, "SystemExit") {
            // `sys.exit("message")` prints its message; a number or None prints nothing.
            let code = system_exit_code(exc);
            if !matches!(code, Value::None | Value::Int(_) | Value::Bool(_)) {
                let text = self.str_of_quiet(&code);
                self.write(Stream::Stderr, format!("{text}\n"));
            }
            return;
        }
        let text = self.format_exception(exc);
        self.write(Stream::Stderr, text);
    }

    /// The traceback text CPython prints for an exception (the program's own frames).
    /// Exception groups are drawn as CPython's `traceback` module draws them: each
    /// sub-exception in a numbered box, nested groups indented (`TracebackException
    /// .format` with its `_ExceptionPrintContext`).
    pub fn format_exception(&mut self, exc: &Value) -> String {
        let mut out = String::new();
        let mut ctx = GroupContext::default();
        self.format_exception_in(exc, &mut ctx, &mut out);
        out
    }

    /// The exception, its causes and contexts, oldest first, each with how it leads
    /// from the one printed before it (`Some(true)`: it was raised from it, as its
    /// `__cause__`; `Some(false)`: while handling it). CPython follows at most a chain
    /// it has not seen; this stops after ten links.
    fn exception_chain(&self, exc: &Value) -> Vec<(Option<bool>, Value)> {
        let mut chain = Vec::new();
        let mut current = Some(exc.clone());
        for _ in 0..11 {
            let Some(exc) = current.take() else {
                break;
            };
            let next = match &exc {
                Value::Instance(inst) => {
                    let dict = inst.dict.borrow();
                    let cause = dict.get("__cause__").filter(|c| !matches!(c, Value::None));
                    let context = dict
                        .get("__context__")
                        .filter(|c| !matches!(c, Value::None));
                    let suppress = dict
                        .get("__suppress_context__")
                        .is_some_and(|v| matches!(v, Value::Bool(true)));
                    match (cause, context) {
                        (Some(c), _) => Some((c.clone(), true)),
                        (None, Some(c)) if !suppress => Some((c.clone(), false)),
                        _ => None,
                    }
                }
                _ => None,
            };
            chain.push((next.as_ref().map(|(_, is_cause)| *is_cause), exc));
            current = next.map(|(next, _)| next);
        }
        chain.reverse();
        chain
    }

    fn format_exception_in(&mut self, exc: &Value, ctx: &mut GroupContext, out: &mut String) {
        let chain = self.exception_chain(exc);
        for (link, exc) in chain {
            if let Some(is_cause) = link {
                ctx.emit(
                    out,
                    if is_cause {
                        "\nThe above exception was the direct cause of the following exception:\n\n"
                    } else {
                        "\nDuring handling of the above exception, another exception occurred:\n\n"
                    },
                    '|',
                );
            }
            let members = match &exc {
                Value::Instance(inst) if self.exc_is(&exc, "BaseExceptionGroup") => {
                    match inst.dict.borrow().get("exceptions") {
                        Some(Value::Tuple(t)) => Some(t.to_vec()),
                        _ => Some(Vec::new()),
                    }
                }
                _ => None,
            };
            let Some(members) = members else {
                let text = self.format_one_exception(&exc, "Traceback");
                ctx.emit(out, &text, '|');
                continue;
            };
            if ctx.depth > MAX_GROUP_DEPTH {
                ctx.emit(
                    out,
                    &format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"),
                    '|',
                );
                continue;
            }
            let toplevel = ctx.depth == 0;
            if toplevel {
                ctx.depth += 1;
            }
            let text = self.format_one_exception(&exc, "Exception Group Traceback");
            // The first line (the traceback's title, when there are frames) takes
            // a '+' at the top level; the rest the usual '|'.
            match text.split_once('\n') {
                Some((title, rest)) if title.ends_with("(most recent call last):") => {
                    ctx.emit(out, &format!("{title}\n"), if toplevel { '+' } else { '|' });
                    ctx.emit(out, rest, '|');
                }
                _ => ctx.emit(out, &text, '|'),
            }
            let shown = members.len().min(MAX_GROUP_WIDTH + 1);
            ctx.need_close = false;
            for (i, member) in members.iter().take(shown).enumerate() {
                let last = i + 1 == shown;
                if last {
                    ctx.need_close = true;
                }
                let truncated = i >= MAX_GROUP_WIDTH;
                let title = if truncated {
                    "...".to_string()
                } else {
                    (i + 1).to_string()
                };
                out.push_str(&format!(
                    "{}{}+---------------- {title} ----------------\n",
                    ctx.indent(),
                    if i == 0 { "+-" } else { "  " }
                ));
                ctx.depth += 1;
                if truncated {
                    let remaining = members.len() - MAX_GROUP_WIDTH;
                    ctx.emit(
                        out,
                        &format!(
                            "and {remaining} more exception{}\n",
                            if remaining > 1 { "s" } else { "" }
                        ),
                        '|',
                    );
                } else {
                    let member = member.clone();
                    self.format_exception_in(&member, ctx, out);
                }
                if last && ctx.need_close {
                    out.push_str(&format!(
                        "{}+------------------------------------\n",
                        ctx.indent()
                    ));
                    ctx.need_close = false;
                }
                ctx.depth -= 1;
            }
            if toplevel {
                ctx.depth = 0;
            }
        }
    }

    /// One exception: its traceback (titled `title`) and its line.
    fn format_one_exception(&mut self, exc: &Value, title: &str) -> String {
        let mut out = String::new();
        let entries: Vec<TbEntry> = match exc {
            Value::Instance(inst) => inst
                .exc
                .borrow()
                .as_ref()
                .map(|e| e.traceback.clone())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let own: Vec<&TbEntry> = entries
            .iter()
            .rev()
            .filter(|e| *e.file == *self.main_file)
            .collect();
        if !own.is_empty() {
            out.push_str(&format!("{title} (most recent call last):\n"));
            // As CPython does, a line repeated more than three times in a row (deep
            // recursion) is printed three times and then counted.
            let mut repeats = 0;
            for (i, entry) in own.iter().enumerate() {
                let same = i > 0 && {
                    let prev = own[i - 1];
                    prev.line == entry.line && prev.name == entry.name && prev.file == entry.file
                };
                repeats = if same { repeats + 1 } else { 0 };
                if repeats >= 3 {
                    let next_same = own.get(i + 1).is_some_and(|n| {
                        n.line == entry.line && n.name == entry.name && n.file == entry.file
                    });
                    if !next_same {
                        let n = repeats - 2;
                        out.push_str(&format!(
                            "  [Previous line repeated {n} more time{}]\n",
                            if n == 1 { "" } else { "s" }
                        ));
                    }
                    continue;
                }
                out.push_str(&format!(
                    "  File \"{}\", line {}, in {}\n",
                    entry.file, entry.line, entry.name
                ));
                if let Some(text) = self.source_line(entry.line) {
                    out.push_str(&format!("    {}\n", text.trim()));
                    if let Some(carets) = caret_line(&text, entry) {
                        out.push_str(&format!("    {carets}\n"));
                    }
                }
            }
        }
        out.push_str(&self.exception_line(exc));
        let suggest = match exc {
            Value::Instance(inst) => inst.exc.borrow().as_ref().and_then(|i| i.suggest.clone()),
            _ => None,
        };
        if let Some(suggestion) = suggest.and_then(|s| s.suggestion()) {
            out.push_str(&format!(". Did you mean: '{suggestion}'?"));
        }
        out.push('\n');
        // `add_note`'s notes, each as `str()` gives it, a line at a time.
        let notes = match exc {
            Value::Instance(inst) => inst.own_attr("__notes__"),
            _ => None,
        };
        let notes = match notes {
            None => Vec::new(),
            Some(Value::List(notes)) => notes.borrow().clone(),
            Some(Value::Tuple(notes)) => notes.to_vec(),
            Some(other) => {
                // Not a sequence: CPython prints its repr.
                let mut frames = Vec::new();
                let text = self.repr(&mut frames, &other).unwrap_or_default();
                vec![Value::Str(Rc::from(text))]
            }
        };
        for note in notes {
            let text = self.str_of_quiet(&note);
            for line in text.split('\n') {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }

    /// `ValueError: bad`, or just `ValueError` without a message.
    pub fn exception_line(&mut self, exc: &Value) -> String {
        let name = match exc {
            Value::Instance(inst) => {
                let module = &inst.class.module;
                if &**module == "builtins" || &**module == "__main__" {
                    inst.class.qualname.to_string()
                } else {
                    format!("{}.{}", module, inst.class.qualname)
                }
            }
            other => other.type_name().to_string(),
        };
        let message = self.str_of_quiet(exc);
        if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        }
    }

    fn source_line(&self, line: u32) -> Option<String> {
        let source = self.main_source.as_ref()?;
        source
            .lines()
            .nth((line as usize).checked_sub(1)?)
            .map(str::to_string)
    }

    // ----- frames and calls -----

    /// Binds arguments to a function's parameters, with CPython's messages.
    pub(crate) fn make_frame(
        &mut self,
        func: &Rc<Function>,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Frame> {
        let code = &func.code;
        let nlocals = code.varnames.len();
        let mut locals: Vec<Option<Value>> = vec![None; nlocals];
        let argcount = code.argcount;
        let qual = &code.qualname;
        let nargs = args.len();
        let mut args = args.into_iter();
        for (i, arg) in args.by_ref().take(argcount).enumerate() {
            locals[i] = Some(arg);
        }
        let extra: Vec<Value> = args.collect();
        let mut slot = argcount + code.kwonlyargcount;
        if code.has_varargs {
            if slot < nlocals {
                locals[slot] = Some(Value::tuple(extra));
            }
            slot += 1;
        } else if !extra.is_empty() {
            let given = nargs;
            let ndefaults = func.defaults.len();
            let takes = if ndefaults > 0 {
                format!(
                    "from {} to {}",
                    argcount - ndefaults.min(argcount),
                    argcount
                )
            } else {
                argcount.to_string()
            };
            let plural = if argcount == 1 && ndefaults == 0 {
                ""
            } else {
                "s"
            };
            let was = if given == 1 { "was" } else { "were" };
            return Err(self.error(
                "TypeError",
                format!(
                    "{qual}() takes {takes} positional argument{plural} but {given} {was} given"
                ),
            ));
        }
        let varkw_slot = if code.has_varkw { Some(slot) } else { None };
        let mut varkw = Dict::default();
        for (name, value) in kwargs {
            let position = code.varnames[..argcount + code.kwonlyargcount]
                .iter()
                .position(|v| **v == *name)
                .filter(|&i| i >= code.posonlyargcount);
            match position {
                Some(i) => {
                    if locals[i].is_some() {
                        return Err(self.error(
                            "TypeError",
                            format!("{qual}() got multiple values for argument '{name}'"),
                        ));
                    }
                    locals[i] = Some(value);
                }
                None if varkw_slot.is_some() => {
                    varkw.insert(Key(Value::Str(name)), value);
                }
                None if code.varnames[..code.posonlyargcount].iter().any(|v| **v == *name) => {
                    return Err(self.error(
                        "TypeError",
                        format!(
                            "{qual}() got some positional-only arguments passed as keyword arguments: '{name}'"
                        ),
                    ))
                }
                None => {
                    return Err(self.error(
                        "TypeError",
                        format!("{qual}() got an unexpected keyword argument '{name}'"),
                    ))
                }
            }
        }
        if let Some(slot) = varkw_slot {
            if slot < nlocals {
                locals[slot] = Some(Value::dict(varkw));
            }
        }
        // Defaults for the last positional parameters.
        let ndefaults = func.defaults.len();
        let first_default = argcount.saturating_sub(ndefaults);
        let mut missing = Vec::new();
        for (i, local) in locals.iter_mut().enumerate().take(argcount) {
            if local.is_none() {
                if i >= first_default {
                    *local = func.defaults.get(i - first_default).cloned();
                } else {
                    missing.push(code.varnames[i].clone());
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.error(
                "TypeError",
                format!(
                    "{qual}() missing {} required positional argument{}: {}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    name_list(&missing)
                ),
            ));
        }
        let mut missing_kw = Vec::new();
        let kwonly = argcount..argcount + code.kwonlyargcount;
        for (slot, name) in locals[kwonly.clone()]
            .iter_mut()
            .zip(&code.varnames[kwonly])
        {
            if slot.is_none() {
                match func.kwdefaults.iter().find(|(n, _)| n == name) {
                    Some((_, v)) => *slot = Some(v.clone()),
                    None => missing_kw.push(name.clone()),
                }
            }
        }
        if !missing_kw.is_empty() {
            return Err(self.error(
                "TypeError",
                format!(
                    "{qual}() missing {} required keyword-only argument{}: {}",
                    missing_kw.len(),
                    if missing_kw.len() == 1 { "" } else { "s" },
                    name_list(&missing_kw)
                ),
            ));
        }
        let mut cells: Vec<CellRef> = (0..code.ncells)
            .map(|_| Rc::new(RefCell::new(None)))
            .collect();
        for &(ci, vi) in &code.cell_params {
            if let (Some(cell), Some(v)) = (cells.get(ci), locals.get(vi)) {
                *cell.borrow_mut() = v.clone();
            }
        }
        cells.extend(func.closure.iter().cloned());
        Ok(Frame {
            code: code.clone(),
            ip: 0,
            stack: Vec::with_capacity(8),
            locals,
            cells,
            globals: func.globals.clone(),
            handlers: Vec::new(),
            namespace: None,
            function: Some(func.clone()),
            mode: ReturnMode::Normal,
            generator: None,
            handled_depth: self.threads[self.current].handled.len(),
            saved_handled: Vec::new(),
            running: None,
        })
    }

    fn push_frame(&mut self, frames: &mut Vec<Frame>, frame: Frame) -> R<()> {
        if frames.len() >= self.limits.recursion {
            return Err(self.error("RecursionError", "maximum recursion depth exceeded"));
        }
        frames.push(frame);
        Ok(())
    }

    /// Calls `callee(*args, **kwargs)`.
    pub(crate) fn call(
        &mut self,
        frames: &mut Vec<Frame>,
        callee: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Outcome> {
        match callee {
            Value::Function(func) => {
                let frame = self.make_frame(&func, args, kwargs)?;
                match func.code.kind {
                    CodeKind::Generator | CodeKind::Coroutine | CodeKind::AsyncGenerator => {
                        let kind = match func.code.kind {
                            CodeKind::Coroutine => GenKind::Coroutine,
                            CodeKind::AsyncGenerator => GenKind::AsyncGenerator,
                            _ => GenKind::Generator,
                        };
                        let generator = Rc::new(RefCell::new(Generator {
                            kind,
                            frame: None,
                            running: false,
                            finished: false,
                            name: func.name.clone(),
                            qualname: func.code.qualname.clone(),
                            code: func.code.clone(),
                        }));
                        let mut frame = frame;
                        frame.generator = Some(Rc::downgrade(&generator));
                        generator.borrow_mut().frame = Some(Box::new(frame));
                        Ok(Outcome::Value(Value::Generator(generator)))
                    }
                    _ => {
                        // A call in CPython 3.11 costs about what its call instruction
                        // and the callee's first instructions are charged already.
                        self.push_frame(frames, frame)?;
                        Ok(Outcome::Pushed)
                    }
                }
            }
            Value::Method(bound) => {
                let (this, func) = (*bound).clone();
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(this);
                full.extend(args);
                self.call(frames, func, full, kwargs)
            }
            Value::Builtin(b) => builtins::call(self, frames, &b, args, kwargs),
            Value::Class(class) => self.instantiate(frames, &class, args, kwargs),
            Value::Instance(ref inst) => match inst.class.lookup("__call__") {
                Some(method) => {
                    let mut full = vec![callee.clone()];
                    full.extend(args);
                    self.call(frames, method, full, kwargs)
                }
                None => Err(self.error(
                    "TypeError",
                    format!("'{}' object is not callable", inst.class.name),
                )),
            },
            other => Err(self.error(
                "TypeError",
                format!("'{}' object is not callable", other.type_name()),
            )),
        }
    }

    fn instantiate(
        &mut self,
        frames: &mut Vec<Frame>,
        class: &Rc<Class>,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Outcome> {
        if let Some(BuiltinClass::Type(tag)) = class.builtin {
            if builtins::construct_consumes_generator(tag, &args) {
                let ctor = Rc::new(Builtin {
                    name: class.name.clone(),
                    id: builtins::BuiltinId::Construct,
                    this: Some(Value::Class(class.clone())),
                });
                return self.collect_then(frames, ctor, args, 0, kwargs);
            }
            return builtins::construct(self, frames, tag, args, kwargs).map(Outcome::Value);
        }
        if class
            .mro
            .iter()
            .any(|c| matches!(c.builtin, Some(BuiltinClass::Type(_))))
        {
            return Err(self.error(
                "TypeError",
                "subclassing built-in types (int, list, dict, ...) is not supported here",
            ));
        }
        let is_exc = class.is_exception();
        if !is_exc {
            if let Some(Value::Function(new)) = class.lookup("__new__") {
                // `__new__` is a static method given the class: `type.__call__` calls
                // it, then `__init__` on what it made (see `ReturnMode::New`).
                let mut full = vec![Value::Class(class.clone())];
                full.extend(args.iter().cloned());
                let mut frame = self.make_frame(&new, full, kwargs.clone())?;
                frame.mode = ReturnMode::New {
                    class: class.clone(),
                    args,
                    kwargs,
                };
                self.push_frame(frames, frame)?;
                return Ok(Outcome::Pushed);
            }
        }
        let instance = if is_exc {
            new_exception(class, args.clone())
        } else {
            Value::Instance(Rc::new(Instance::new(class.clone())))
        };
        self.init_instance(frames, class, instance, args, kwargs, false)
    }

    /// `type.__call__` after `__new__`: `__init__(instance, *args, **kwargs)` as the
    /// instance's class defines it. `after_new`: the class has its own `__new__`, so
    /// `object.__init__` takes the arguments without complaint.
    fn init_instance(
        &mut self,
        frames: &mut Vec<Frame>,
        class: &Rc<Class>,
        instance: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        after_new: bool,
    ) -> R<Outcome> {
        let is_exc = class.is_exception();
        match class.lookup("__init__") {
            Some(Value::Function(init)) => {
                let mut full = vec![instance.clone()];
                full.extend(args);
                let mut frame = self.make_frame(&init, full, kwargs)?;
                frame.mode = ReturnMode::Init(instance);
                self.push_frame(frames, frame)?;
                Ok(Outcome::Pushed)
            }
            Some(Value::Builtin(b)) if b.id.is_native_init() => {
                let mut full = vec![instance.clone()];
                full.extend(args);
                crate::interp::aio::call(self, frames, &b, full, kwargs)?;
                note_instance_size(&instance);
                Ok(Outcome::Value(instance))
            }
            Some(Value::Builtin(b)) if b.id == builtins::BuiltinId::ExceptionInit => {
                let mut full = vec![instance.clone()];
                full.extend(args);
                builtins::call(self, frames, &b, full, kwargs)?;
                Ok(Outcome::Value(instance))
            }
            Some(other) if !matches!(other, Value::Builtin(_)) => {
                let mut full = vec![instance.clone()];
                full.extend(args);
                let _ = self.call_sync(frames, other, full, kwargs)?;
                Ok(Outcome::Value(instance))
            }
            _ => {
                if !is_exc && !after_new && (!args.is_empty() || !kwargs.is_empty()) {
                    return Err(
                        self.error("TypeError", format!("{}() takes no arguments", class.name))
                    );
                }
                if is_exc && !kwargs.is_empty() {
                    return Err(self.error(
                        "TypeError",
                        format!("{}() takes no keyword arguments", class.name),
                    ));
                }
                Ok(Outcome::Value(instance))
            }
        }
    }

    /// Calls from Rust and waits for the result (a key function, `__repr__`, `__eq__`).
    /// The call may not block or switch threads.
    pub(crate) fn call_sync(
        &mut self,
        frames: &mut Vec<Frame>,
        callee: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R {
        if self.sync_depth >= MAX_SYNC_DEPTH {
            return Err(self.error(
                "RecursionError",
                "maximum recursion depth exceeded while calling a Python object",
            ));
        }
        let base = frames.len();
        match self.call(frames, callee, args, kwargs)? {
            Outcome::Value(v) => Ok(v),
            Outcome::Block(_) => Err(self.error(
                "RuntimeError",
                "a call from inside __repr__, a key function or a callback cannot block here",
            )),
            Outcome::Pushed => {
                if let Some(f) = frames.last_mut() {
                    f.mode = match std::mem::replace(&mut f.mode, ReturnMode::Normal) {
                        ReturnMode::Init(inst) => {
                            // Keep the instance result: wrap by running, then return it.
                            self.sync_depth += 1;
                            let exit = self.exec(frames, base + 1);
                            self.sync_depth -= 1;
                            return match exit {
                                Exit::Returned(_) => Ok(inst),
                                Exit::Raised(e) => Err(e),
                                _ => {
                                    Err(self.error("RuntimeError", "cannot block in __init__ here"))
                                }
                            };
                        }
                        // Its return runs `__init__`, then leaves the nested loop.
                        mode @ ReturnMode::New { .. } => mode,
                        _ => ReturnMode::Sync,
                    };
                }
                self.sync_depth += 1;
                let exit = self.exec(frames, base + 1);
                self.sync_depth -= 1;
                match exit {
                    Exit::Returned(v) => Ok(v),
                    Exit::Raised(e) => Err(e),
                    Exit::Yielded(_) | Exit::Stop(_) => Err(self.error(
                        "RuntimeError",
                        "a call from inside __repr__, a key function or a callback cannot block here",
                    )),
                }
            }
        }
    }

    /// Runs `[x for x in iterable]` as Python, then `builtin(*args)` with that list as
    /// argument `index`: a builtin that consumes a generator lets it block or switch.
    pub(crate) fn collect_then(
        &mut self,
        frames: &mut Vec<Frame>,
        builtin: Rc<Builtin>,
        args: Vec<Value>,
        index: usize,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Outcome> {
        let func = self.py_helper("_collect")?;
        let iterable = args.get(index).cloned().unwrap_or(Value::None);
        let mut frame = self.make_frame(&func, vec![iterable], Vec::new())?;
        frame.mode = ReturnMode::ThenBuiltin {
            builtin,
            args,
            index,
            kwargs,
        };
        self.push_frame(frames, frame)?;
        Ok(Outcome::Pushed)
    }

    /// One of the builtins written in Python (`lib/builtins_py.py`), for the cases where
    /// a builtin must run Python code that may block or switch threads: consuming a
    /// generator (`enumerate(gen())`, `f(*gen())`) or closing one.
    pub(crate) fn py_helper(&mut self, name: &str) -> R<Rc<Function>> {
        if let Some(f) = self.py_helpers.get(name) {
            return Ok(f.clone());
        }
        let code = super::lib::compiled(super::lib::BUILTINS_HELPERS)
            .map_err(|e| self.error("SystemError", e.to_string()))?;
        for c in &code.consts {
            if let Const::Code(inner) = c {
                let f = Rc::new(Function {
                    name: inner.name.clone(),
                    code: inner.clone(),
                    globals: self.builtins.clone(),
                    defaults: Vec::new(),
                    kwdefaults: Vec::new(),
                    closure: Vec::new(),
                    dict: RefCell::new(Namespace::default()),
                });
                self.py_helpers.insert(inner.name.clone(), f);
            }
        }
        match self.py_helpers.get(name) {
            Some(f) => Ok(f.clone()),
            None => Err(self.error("SystemError", format!("no builtin helper {name}"))),
        }
    }

    /// Calls one of the Python-written builtins.
    pub(crate) fn call_py_helper(
        &mut self,
        frames: &mut Vec<Frame>,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Outcome> {
        let f = self.py_helper(name)?;
        self.call(frames, Value::Function(f), args, kwargs)
    }

    /// CPython's `RuntimeWarning` for a coroutine dropped before it ever ran, shown
    /// once per place, at the place Python code was when the last reference went:
    /// a line of the program, the line of CPython's library that runs the callback or
    /// thread that held it, or `sys:1` once no Python frame runs.
    fn warn_unawaited(&mut self, frames: &[Frame], name: &str) {
        let message = format!("coroutine '{name}' was never awaited");
        let place = match frames.last() {
            None => None,
            Some(top) if *top.code.file == *self.main_file => {
                let line = top.loc().line;
                Some((
                    self.main_file.clone(),
                    line,
                    self.source_line(line),
                    Some(line),
                ))
            }
            Some(top) => match library_line(&top.code.file) {
                Some((file, line, text)) => {
                    Some((Rc::from(file), line, Some(text.to_string()), None))
                }
                None => self.program_line(frames).map(|line| {
                    (
                        self.main_file.clone(),
                        line,
                        self.source_line(line),
                        Some(line),
                    )
                }),
            },
        };
        let (file, line, text, own) = place.unwrap_or((Rc::from("sys"), 1, None, None));
        if !self.warned.insert((file.clone(), line, message.clone())) {
            return;
        }
        let mut shown = format!("{file}:{line}: RuntimeWarning: {message}\n");
        if let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            shown.push_str(&format!("  {text}\n"));
        }
        // At exit tracemalloc cannot be imported any more, so CPython leaves out its
        // hint there.
        if *file != *"sys" {
            shown.push_str(
                "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n",
            );
        }
        self.write_at(Stream::Stderr, shown, own);
    }

    /// The end of the program, as `Py_FinalizeEx` clears `__main__`: its globals go
    /// in order, and a coroutine among them that never ran is warned about at
    /// `sys:1`.
    pub fn finalize_main(&mut self) {
        let globals = std::mem::take(&mut *self.main_module.globals.borrow_mut());
        for (_, value) in globals {
            drop(value);
            let (_, unawaited) = take_finalizers();
            for name in unawaited {
                self.warn_unawaited(&[], &name);
            }
        }
    }

    /// Closes the generators dropped while suspended in a `try` or `with` since the
    /// last instruction: each `_close(gen)` runs before the interrupted frame goes on.
    fn start_finalizers(&mut self, frames: &mut Vec<Frame>) {
        let (dropped, unawaited) = take_finalizers();
        for name in unawaited {
            self.warn_unawaited(frames, &name);
        }
        // Pushed last to first, so that they run in the order they were dropped.
        for generator in dropped.into_iter().rev() {
            let generator = generator.revive();
            let what = self
                .repr(frames, &Value::Generator(generator.clone()))
                .unwrap_or_else(|_| "a generator".to_string());
            let depth = frames.len();
            if let Ok(Outcome::Pushed) = self.call_py_helper(
                frames,
                "_close",
                vec![Value::Generator(generator)],
                Vec::new(),
            ) {
                if frames.len() > depth {
                    if let Some(top) = frames.last_mut() {
                        top.mode = ReturnMode::Finalizer(Rc::from(what));
                    }
                }
            }
        }
    }

    /// An object with `keys()` as a dict (CPython's mapping protocol for `dict(m)`,
    /// `d.update(m)`, `{**m}` and `f(**m)`), or `None` if it has no `keys`.
    pub(crate) fn mapping_items(&mut self, frames: &mut Vec<Frame>, v: &Value) -> R<Option<Dict>> {
        if !matches!(v, Value::Instance(_)) || self.special_method(v, "keys").is_none() {
            return Ok(None);
        }
        let helper = self.py_helper("_mapping_items")?;
        let items = self.call_sync(frames, Value::Function(helper), vec![v.clone()], Vec::new())?;
        let mut dict = Dict::default();
        if let Value::List(items) = items {
            let items = items.borrow().clone();
            for item in items {
                if let Value::Tuple(pair) = item {
                    if let [key, value] = &pair[..] {
                        let key = self.key(key.clone())?;
                        dict.insert(key, value.clone());
                    }
                }
            }
        }
        Ok(Some(dict))
    }

    /// Advances a generator from Rust: `Ok(Some(v))` for a yield, `Ok(None)` at its end.
    pub(crate) fn next_sync(
        &mut self,
        frames: &mut Vec<Frame>,
        generator: &Rc<RefCell<Generator>>,
    ) -> R<Option<Value>> {
        let frame = {
            let mut g = generator.borrow_mut();
            if g.running {
                drop(g);
                return Err(self.error("ValueError", "generator already executing"));
            }
            match g.frame.take() {
                Some(frame) => {
                    g.running = true;
                    frame
                }
                None => return Ok(None),
            }
        };
        if self.sync_depth >= MAX_SYNC_DEPTH {
            generator.borrow_mut().frame = Some(frame);
            generator.borrow_mut().running = false;
            return Err(self.error("RecursionError", "maximum recursion depth exceeded"));
        }
        let started = frame.ip > 0;
        let mut frame = *frame;
        frame.mode = ReturnMode::SyncGen;
        frame.handled_depth = self.threads[self.current].handled.len();
        frame.running = Some(generator.clone());
        let saved = std::mem::take(&mut frame.saved_handled);
        self.threads[self.current].handled.extend(saved);
        if started {
            frame.stack.push(Value::None);
        }
        let base = frames.len();
        self.push_frame(frames, frame)?;
        self.sync_depth += 1;
        let exit = self.exec(frames, base + 1);
        self.sync_depth -= 1;
        match exit {
            Exit::Yielded(v) => Ok(Some(v)),
            Exit::Returned(_) => Ok(None),
            Exit::Raised(e) => Err(e),
            Exit::Stop(_) => {
                Err(self.error("RuntimeError", "a generator consumed here cannot block"))
            }
        }
    }

    /// Resumes a generator or coroutine with a sent value or a thrown exception, as
    /// `send`/`throw`/`__next__` and `yield from` do. The frame goes on top of `frames`.
    pub(crate) fn resume(
        &mut self,
        frames: &mut Vec<Frame>,
        generator: &Rc<RefCell<Generator>>,
        value: Result<Value, Exc>,
        mode: ReturnMode,
    ) -> R<Outcome> {
        let frame =
            {
                let mut g = generator.borrow_mut();
                if g.running {
                    let kind = if g.kind == GenKind::Coroutine {
                        "coroutine"
                    } else {
                        "generator"
                    };
                    drop(g);
                    return Err(self.error("ValueError", format!("{kind} already executing")));
                }
                match g.frame.take() {
                    Some(frame) => {
                        g.running = true;
                        frame
                    }
                    None => {
                        let coroutine = g.kind == GenKind::Coroutine;
                        let async_gen = g.kind == GenKind::AsyncGenerator;
                        drop(g);
                        return match value {
                            Err(e) => Err(e),
                            Ok(_) if async_gen => {
                                Err(self.error_with_args("StopAsyncIteration", Vec::new()))
                            }
                            Ok(_) if coroutine => Err(self
                                .error("RuntimeError", "cannot reuse already awaited coroutine")),
                            Ok(_) => Err(self.error_with_args("StopIteration", Vec::new())),
                        };
                    }
                }
            };
        let started = frame.ip > 0;
        let mut frame = *frame;
        if !started && generator.borrow().kind == GenKind::AsyncGenerator {
            self.asyncgens.push(Rc::downgrade(generator));
        }
        frame.mode = mode;
        frame.handled_depth = self.threads[self.current].handled.len();
        frame.running = Some(generator.clone());
        let saved = std::mem::take(&mut frame.saved_handled);
        self.threads[self.current].handled.extend(saved);
        match value {
            Ok(v) => {
                if started {
                    frame.stack.push(v);
                } else if !matches!(v, Value::None) {
                    generator.borrow_mut().running = false;
                    generator.borrow_mut().frame = Some(Box::new(frame));
                    let kind = if generator.borrow().kind == GenKind::Coroutine {
                        "coroutine"
                    } else {
                        "generator"
                    };
                    return Err(self.error(
                        "TypeError",
                        format!("can't send non-None value to a just-started {kind}"),
                    ));
                }
                self.push_frame(frames, frame)?;
                Ok(Outcome::Pushed)
            }
            Err(exc) => {
                // A frame waiting in `yield from` passes the exception down first.
                let at_yield_from =
                    started && matches!(frame.code.ops.get(frame.ip), Some(Op::YieldFrom));
                if at_yield_from {
                    let inner = match frame.stack.last() {
                        Some(Value::Generator(inner)) => Some(inner.clone()),
                        Some(Value::Iterator(it)) => match &*it.borrow() {
                            IterState::AsyncGenAwait { generator, .. } => Some(generator.clone()),
                            _ => None,
                        },
                        _ => None,
                    };
                    if let Some(inner) = inner {
                        // As if the frame were executing its YieldFrom: when the inner
                        // generator returns, this frame goes on after it.
                        frame.ip += 1;
                        self.push_frame(frames, frame)?;
                        let mode = if inner.borrow().kind == GenKind::AsyncGenerator {
                            ReturnMode::AsyncGenStep
                        } else {
                            ReturnMode::GenYieldFrom
                        };
                        return self.resume(frames, &inner, Err(exc), mode);
                    }
                }
                self.push_frame(frames, frame)?;
                self.set_context(&exc);
                match self.unwind(frames, exc, 0) {
                    None => Ok(Outcome::Pushed),
                    Some(Exit::Raised(e)) => Err(e),
                    Some(_) => Ok(Outcome::Pushed),
                }
            }
        }
    }

    // ----- the loop -----

    fn exec(&mut self, frames: &mut Vec<Frame>, base: usize) -> Exit {
        loop {
            if let Some(exit) = self.run_fast(frames) {
                return exit;
            }
            self.start_finalizers(frames);
            match self.step(frames, base) {
                Ok(None) => {}
                Ok(Some(exit)) => return exit,
                Err(exc) => {
                    if let Some(exit) = self.unwind(frames, exc, base) {
                        return exit;
                    }
                }
            }
        }
    }

    /// The hot loop: runs the instructions that touch only the top frame (locals,
    /// constants, small-int arithmetic and comparisons, jumps, range loops, globals)
    /// without leaving it, and returns to [`Self::step`] for anything else. What it
    /// does is exactly what `step` would do; it only does it without the general
    /// machinery. `Some` when the thread must stop (its budget is spent at a switch
    /// point).
    fn run_fast(&mut self, frames: &mut [Frame]) -> Option<Exit> {
        if finalizer_pending() {
            return None;
        }
        let budget = if self.sync_depth == 0 {
            self.budget
        } else {
            u64::MAX
        };
        let builtins = &self.builtins;
        let frame = frames.last_mut()?;
        let mut cost = self.slice_cost;
        let exit = loop {
            let Some(&op) = frame.code.ops.get(frame.ip) else {
                break None;
            };
            match op {
                Op::LoadFast(i) => match frame.locals.get(i as usize) {
                    Some(Some(v)) => frame.stack.push(v.clone()),
                    _ => break None,
                },
                Op::StoreFast(i) => match frame.stack.pop() {
                    Some(v) => {
                        frame.locals[i as usize] = Some(v);
                        if finalizer_pending() {
                            // The old value was a generator or coroutine to finalize:
                            // the VM does it before the next instruction.
                            frame.ip += 1;
                            cost += 1;
                            break None;
                        }
                    }
                    None => break None,
                },
                Op::LoadConst(i) => match &frame.code.consts[i as usize] {
                    Const::Int(n) => frame.stack.push(Value::Int(*n)),
                    Const::None => frame.stack.push(Value::None),
                    Const::Bool(b) => frame.stack.push(Value::Bool(*b)),
                    Const::Float(f) => frame.stack.push(Value::Float(*f)),
                    Const::Str(s) => frame.stack.push(Value::Str(s.clone())),
                    _ => break None,
                },
                Op::LoadGlobal(i) => {
                    let name = &frame.code.names[i as usize];
                    let hint = frame.code.hint(frame.ip);
                    let found = get_hinted(&frame.globals.globals.borrow(), name, hint).cloned();
                    match found.or_else(|| builtins.globals.borrow().get(name).cloned()) {
                        Some(v) => frame.stack.push(v),
                        None => break None,
                    }
                    // A global costs CPython a dict lookup: about three instructions.
                    cost += GLOBAL_EXTRA_COST;
                }
                Op::StoreGlobal(i) => {
                    let Some(v) = frame.stack.pop() else {
                        break None;
                    };
                    let name = &frame.code.names[i as usize];
                    let hint = frame.code.hint(frame.ip);
                    set_hinted(&mut frame.globals.globals.borrow_mut(), name, v, hint);
                    cost += GLOBAL_EXTRA_COST;
                    if finalizer_pending() {
                        frame.ip += 1;
                        cost += 1;
                        break None;
                    }
                }
                Op::Binary(bop) | Op::Inplace(bop) => {
                    let n = frame.stack.len();
                    let (Some(Value::Int(a)), Some(Value::Int(b))) = (
                        frame.stack.get(n.wrapping_sub(2)),
                        frame.stack.get(n.wrapping_sub(1)),
                    ) else {
                        break None;
                    };
                    let (a, b) = (*a, *b);
                    let r = match bop {
                        BinOp::Add => a.checked_add(b),
                        BinOp::Sub => a.checked_sub(b),
                        BinOp::Mul => a.checked_mul(b),
                        BinOp::FloorDiv if b != 0 && !(a == i64::MIN && b == -1) => {
                            Some(num_integer::Integer::div_floor(&a, &b))
                        }
                        BinOp::Mod if b != 0 && !(a == i64::MIN && b == -1) => {
                            Some(num_integer::Integer::mod_floor(&a, &b))
                        }
                        BinOp::And => Some(a & b),
                        BinOp::Or => Some(a | b),
                        BinOp::Xor => Some(a ^ b),
                        _ => None,
                    };
                    let Some(r) = r else { break None };
                    frame.stack.truncate(n - 2);
                    frame.stack.push(Value::Int(r));
                }
                Op::Compare(cop) => {
                    let n = frame.stack.len();
                    let (Some(Value::Int(a)), Some(Value::Int(b))) = (
                        frame.stack.get(n.wrapping_sub(2)),
                        frame.stack.get(n.wrapping_sub(1)),
                    ) else {
                        break None;
                    };
                    let r = ops::compare_result(cop, a.cmp(b));
                    frame.stack.truncate(n - 2);
                    frame.stack.push(Value::Bool(r));
                }
                Op::Jump(target) => {
                    frame.ip = target as usize;
                    cost += 1;
                    continue;
                }
                Op::JumpBack(target) => {
                    if cost + 1 >= budget {
                        break None;
                    }
                    frame.ip = target as usize;
                    cost += 1;
                    continue;
                }
                Op::PopJumpIfFalse(target) | Op::PopJumpIfTrue(target) => {
                    let truth = match frame.stack.last() {
                        Some(Value::Bool(b)) => *b,
                        Some(Value::Int(i)) => *i != 0,
                        Some(Value::None) => false,
                        _ => break None,
                    };
                    frame.stack.pop();
                    cost += 1;
                    if truth == matches!(op, Op::PopJumpIfTrue(_)) {
                        frame.ip = target as usize;
                    } else {
                        frame.ip += 1;
                    }
                    continue;
                }
                Op::ForIter(exit) => {
                    let Some(Value::Iterator(state)) = frame.stack.last() else {
                        break None;
                    };
                    let next = {
                        let mut st = state.borrow_mut();
                        match &mut *st {
                            IterState::Range { next, stop, step } => {
                                if (*step > 0 && *next < *stop) || (*step < 0 && *next > *stop) {
                                    let v = *next;
                                    *next = next.saturating_add(*step);
                                    Some(Some(v))
                                } else {
                                    Some(None)
                                }
                            }
                            _ => None,
                        }
                    };
                    match next {
                        Some(Some(v)) => frame.stack.push(Value::Int(v)),
                        Some(None) => {
                            frame.stack.pop();
                            frame.ip = exit as usize;
                            cost += 1;
                            continue;
                        }
                        None => break None,
                    }
                }
                Op::Pop => {
                    frame.stack.pop();
                    if finalizer_pending() {
                        frame.ip += 1;
                        cost += 1;
                        break None;
                    }
                }
                Op::Nop => {}
                _ => break None,
            }
            frame.ip += 1;
            cost += 1;
        };
        self.slice_cost = cost;
        exit
    }

    /// Delivers a finished frame's return value. `Some` if the loop must leave.
    fn do_return(&mut self, frames: &mut Vec<Frame>, value: Value, base: usize) -> R<Option<Exit>> {
        let Some(frame) = frames.pop() else {
            return Ok(Some(Exit::Returned(value)));
        };
        self.threads[self.current]
            .handled
            .truncate(frame.handled_depth);
        let generator = frame.generator.as_ref().and_then(Weak::upgrade);
        if let Some(g) = &generator {
            let mut g = g.borrow_mut();
            g.finished = true;
            g.running = false;
        }
        let result = match frame.mode {
            ReturnMode::Normal => value,
            ReturnMode::Init(instance) => {
                note_instance_size(&instance);
                if !matches!(value, Value::None) {
                    return Err(self.error(
                        "TypeError",
                        format!("__init__() should return None, not '{}'", value.type_name()),
                    ));
                }
                instance
            }
            ReturnMode::Class { name, bases } => {
                let namespace = frame
                    .namespace
                    .map(|n| n.borrow().clone())
                    .unwrap_or_default();
                self.build_class(&frame.globals, name, bases, namespace)?
            }
            ReturnMode::Import(module) => Value::Module(module),
            ReturnMode::New {
                class,
                args,
                kwargs,
            } => {
                let made = match &value {
                    Value::Instance(inst) if inst.class.is_subclass(&class) => {
                        Some(inst.class.clone())
                    }
                    _ => None,
                };
                let Some(made) = made else {
                    // Not an instance of the class: no `__init__`, as in CPython.
                    if frames.len() < base || frames.is_empty() {
                        return Ok(Some(Exit::Returned(value)));
                    }
                    if let Some(caller) = frames.last_mut() {
                        caller.stack.push(value);
                    }
                    return Ok(None);
                };
                return match self.init_instance(frames, &made, value, args, kwargs, true)? {
                    Outcome::Value(v) => {
                        if frames.len() < base || frames.is_empty() {
                            return Ok(Some(Exit::Returned(v)));
                        }
                        if let Some(caller) = frames.last_mut() {
                            caller.stack.push(v);
                        }
                        Ok(None)
                    }
                    Outcome::Pushed => Ok(None),
                    Outcome::Block(stop) => Ok(Some(Exit::Stop(stop))),
                };
            }
            ReturnMode::ExtendList(depth) => {
                if let Some(caller) = frames.last_mut() {
                    let n = caller.stack.len();
                    if let (Some(Value::List(target)), Value::List(items)) =
                        (caller.stack.get(n.wrapping_sub(depth as usize)), &value)
                    {
                        let items = items.borrow().clone();
                        target.borrow_mut().extend(items);
                    }
                }
                return Ok(None);
            }
            ReturnMode::ThenBuiltin {
                builtin,
                mut args,
                index,
                kwargs,
            } => {
                if let Some(slot) = args.get_mut(index) {
                    *slot = value;
                }
                return match builtins::call(self, frames, &builtin, args, kwargs)? {
                    Outcome::Value(v) => {
                        if let Some(caller) = frames.last_mut() {
                            caller.stack.push(v);
                        }
                        Ok(None)
                    }
                    Outcome::Pushed => Ok(None),
                    Outcome::Block(stop) => Ok(Some(Exit::Stop(stop))),
                };
            }
            ReturnMode::Sync => return Ok(Some(Exit::Returned(value))),
            ReturnMode::Finalizer(_) => return Ok(None),
            ReturnMode::SyncGen => return Ok(Some(Exit::Returned(value))),
            ReturnMode::ThreadBase => return Ok(Some(Exit::Stop(Stop::Exited))),
            ReturnMode::GenSend => {
                let stop = self.error_with_args(
                    "StopIteration",
                    if matches!(value, Value::None) {
                        Vec::new()
                    } else {
                        vec![value.clone()]
                    },
                );
                if let Value::Instance(inst) = &stop {
                    inst.dict.borrow_mut().insert(Rc::from("value"), value);
                }
                return Err(stop);
            }
            ReturnMode::GenForIter { exit } => {
                if let Some(caller) = frames.last_mut() {
                    caller.stack.pop();
                    caller.ip = exit as usize;
                }
                return Ok(None);
            }
            ReturnMode::GenYieldFrom => {
                if let Some(caller) = frames.last_mut() {
                    caller.stack.pop();
                    caller.stack.push(value);
                }
                return Ok(None);
            }
            ReturnMode::AsyncGenStep => {
                return Err(self.error_with_args("StopAsyncIteration", Vec::new()));
            }
            ReturnMode::TaskStep { task, previous } => {
                self.task_returned(frames, &task, previous, value)?;
                Value::None
            }
        };
        if frames.len() < base || frames.is_empty() {
            return Ok(Some(Exit::Returned(result)));
        }
        if let Some(caller) = frames.last_mut() {
            caller.stack.push(result);
        }
        Ok(None)
    }

    /// Takes off the thread's stack of handled exceptions those above `depth`: the
    /// ones a generator suspending now was handling.
    fn suspend_handled(&mut self, depth: usize) -> Vec<Value> {
        let handled = &mut self.threads[self.current].handled;
        handled.split_off(depth.min(handled.len()))
    }

    /// Suspends the generator frame on top at a yield of `value`.
    fn do_yield(&mut self, frames: &mut Vec<Frame>, value: Value) -> R<Option<Exit>> {
        self.yield_value(frames, value, true)
    }

    /// Suspends the generator frame on top at a yield of `value`: its own `yield`
    /// (`own`), or what an `await` in it passes up from the awaited future.
    fn yield_value(&mut self, frames: &mut Vec<Frame>, value: Value, own: bool) -> R<Option<Exit>> {
        let mut value = value;
        // An async generator's own `yield` completes the `__anext__()` being awaited;
        // what its awaits yield goes up to the task.
        let produces = own
            && frames.last().is_some_and(|f| {
                f.code.kind == CodeKind::AsyncGenerator
                    && matches!(f.mode, ReturnMode::AsyncGenStep)
            });
        if produces {
            if let Some(mut frame) = frames.pop() {
                frame.saved_handled = self.suspend_handled(frame.handled_depth);
                frame.mode = ReturnMode::Normal;
                let running = frame.running.take();
                let generator =
                    running.or_else(|| frame.generator.as_ref().and_then(Weak::upgrade));
                if let Some(g) = generator {
                    let mut g = g.borrow_mut();
                    g.running = false;
                    g.frame = Some(Box::new(frame));
                }
            }
            if let Some(caller) = frames.last_mut() {
                caller.stack.pop();
                caller.stack.push(value);
            }
            return Ok(None);
        }
        loop {
            let Some(mut frame) = frames.pop() else {
                return Ok(Some(Exit::Yielded(value)));
            };
            frame.saved_handled = self.suspend_handled(frame.handled_depth);
            let mode = std::mem::replace(&mut frame.mode, ReturnMode::Normal);
            let running = frame.running.take();
            let generator = running.or_else(|| frame.generator.as_ref().and_then(Weak::upgrade));
            match generator {
                Some(g) => {
                    let mut g = g.borrow_mut();
                    g.running = false;
                    g.frame = Some(Box::new(frame));
                }
                None => {
                    return Err(self.error("RuntimeError", "yield outside a generator"));
                }
            }
            match mode {
                ReturnMode::GenSend | ReturnMode::GenForIter { .. } => {
                    if let Some(caller) = frames.last_mut() {
                        caller.stack.push(value);
                    }
                    return Ok(None);
                }
                ReturnMode::SyncGen => return Ok(Some(Exit::Yielded(value))),
                ReturnMode::TaskStep { task, previous } => {
                    self.task_yielded(frames, &task, previous, value)?;
                    if let Some(caller) = frames.last_mut() {
                        caller.stack.push(Value::None);
                    }
                    return Ok(None);
                }
                ReturnMode::GenYieldFrom | ReturnMode::AsyncGenStep => {
                    // The caller waits in `yield from`: it yields the same value, and
                    // when resumed, sends into its sub-iterator again.
                    if let Some(caller) = frames.last_mut() {
                        caller.ip = caller.ip.saturating_sub(1);
                    }
                    value = std::mem::replace(&mut value, Value::None);
                    continue;
                }
                _ => return Err(self.error("RuntimeError", "yield outside a generator")),
            }
        }
    }

    /// Executes one instruction.
    fn step(&mut self, frames: &mut Vec<Frame>, base: usize) -> R<Option<Exit>> {
        let frame = match frames.last_mut() {
            Some(f) => f,
            None => return Ok(Some(Exit::Stop(Stop::Exited))),
        };
        let Some(&op) = frame.code.ops.get(frame.ip) else {
            return self.do_return(frames, Value::None, base);
        };
        frame.ip += 1;
        self.slice_cost += 1;
        macro_rules! top {
            () => {
                frames.last_mut().expect("a frame is running")
            };
        }
        macro_rules! pop {
            () => {
                top!().stack.pop().unwrap_or(Value::None)
            };
        }
        macro_rules! push {
            ($v:expr) => {{
                let v = $v;
                top!().stack.push(v)
            }};
        }
        match op {
            Op::Nop => {}
            Op::Pop => {
                pop!();
            }
            Op::Dup => {
                let v = frame.stack.last().cloned().unwrap_or(Value::None);
                frame.stack.push(v);
            }
            Op::Dup2 => {
                let n = frame.stack.len();
                if n >= 2 {
                    let a = frame.stack[n - 2].clone();
                    let b = frame.stack[n - 1].clone();
                    frame.stack.push(a);
                    frame.stack.push(b);
                }
            }
            Op::Rot2 => {
                let n = frame.stack.len();
                if n >= 2 {
                    frame.stack.swap(n - 1, n - 2);
                }
            }
            Op::Rot3 => {
                let n = frame.stack.len();
                if n >= 3 {
                    let top = frame.stack.remove(n - 1);
                    frame.stack.insert(n - 3, top);
                }
            }
            Op::LoadConst(i) => {
                let constant = &frame.code.consts[i as usize];
                self.slice_cost += constant.extra_cost();
                frame.stack.push(constant.value());
            }
            Op::LoadFast(i) => match &frame.locals[i as usize] {
                Some(v) => {
                    let v = v.clone();
                    frame.stack.push(v);
                }
                None => {
                    let name = frame.code.varnames[i as usize].clone();
                    return Err(self.error(
                        "UnboundLocalError",
                        format!("cannot access local variable '{name}' where it is not associated with a value"),
                    ));
                }
            },
            Op::StoreFast(i) => {
                let v = frame.stack.pop().unwrap_or(Value::None);
                frame.locals[i as usize] = Some(v);
            }
            Op::DeleteFast(i) => {
                if frame.locals[i as usize].take().is_none() {
                    let name = frame.code.varnames[i as usize].clone();
                    return Err(self.error(
                        "UnboundLocalError",
                        format!("cannot access local variable '{name}' where it is not associated with a value"),
                    ));
                }
            }
            Op::LoadDeref(i) => {
                let Some(cell) = frame.cells.get(i as usize).cloned() else {
                    return Err(self.error("SystemError", "a closure's cell is missing"));
                };
                let value = cell.borrow().clone();
                match value {
                    Some(v) => frame.stack.push(v),
                    None => {
                        let name = frame.code.cellnames[i as usize].clone();
                        if &*name == "__class__" {
                            if let Some(ns) = &frame.namespace {
                                let _ = ns;
                            }
                        }
                        return Err(self.error(
                            "NameError",
                            format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                        ));
                    }
                }
            }
            Op::StoreDeref(i) => {
                let v = frame.stack.pop().unwrap_or(Value::None);
                let Some(cell) = frame.cells.get(i as usize) else {
                    return Err(self.error("SystemError", "a closure's cell is missing"));
                };
                *cell.borrow_mut() = Some(v);
            }
            Op::DeleteDeref(i) => {
                let Some(cell) = frame.cells.get(i as usize) else {
                    return Err(self.error("SystemError", "a closure's cell is missing"));
                };
                *cell.borrow_mut() = None;
            }
            Op::LoadClosure(i) => {
                let Some(cell) = frame.cells.get(i as usize).cloned() else {
                    return Err(self.error("SystemError", "a closure's cell is missing"));
                };
                frame.stack.push(Value::Cell(cell));
            }
            Op::LoadGlobal(i) => {
                self.slice_cost += GLOBAL_EXTRA_COST;
                let name = &frame.code.names[i as usize];
                let found = frame.globals.globals.borrow().get(name).cloned();
                match found {
                    Some(v) => frame.stack.push(v),
                    None => {
                        let builtin = self.builtins.globals.borrow().get(name).cloned();
                        match builtin {
                            Some(v) => top!().stack.push(v),
                            None => {
                                let name = name.clone();
                                return Err(self.name_error_at(frames, &name));
                            }
                        }
                    }
                }
            }
            Op::StoreGlobal(i) => {
                let name = frame.code.names[i as usize].clone();
                let v = frame.stack.pop().unwrap_or(Value::None);
                frame.globals.globals.borrow_mut().insert(name, v);
            }
            Op::DeleteGlobal(i) => {
                let name = frame.code.names[i as usize].clone();
                let removed = match &frame.namespace {
                    Some(ns) => ns.borrow_mut().shift_remove(&name),
                    None => frame.globals.globals.borrow_mut().shift_remove(&name),
                };
                if removed.is_none() {
                    return Err(self.name_error_at(frames, &name));
                }
            }
            Op::LoadName(i) => {
                let name = frame.code.names[i as usize].clone();
                let local = frame
                    .namespace
                    .as_ref()
                    .and_then(|ns| ns.borrow().get(&name).cloned());
                let v = local
                    .or_else(|| frame.globals.globals.borrow().get(&name).cloned())
                    .or_else(|| self.builtins.globals.borrow().get(&name).cloned());
                match v {
                    Some(v) => push!(v),
                    None => return Err(self.name_error_at(frames, &name)),
                }
            }
            Op::StoreName(i) => {
                let name = frame.code.names[i as usize].clone();
                let v = frame.stack.pop().unwrap_or(Value::None);
                match &frame.namespace {
                    Some(ns) => {
                        ns.borrow_mut().insert(name, v);
                    }
                    None => {
                        frame.globals.globals.borrow_mut().insert(name, v);
                    }
                }
            }
            Op::LoadAttr(i) => {
                let name = frame.code.names[i as usize].clone();
                let obj = frame.stack.pop().unwrap_or(Value::None);
                // An instance's own attribute, where no property can come first.
                if let Value::Instance(inst) = &obj {
                    if inst.class.layout.get().is_none()
                        && inst.class.attr_flags() & HAS_PROPERTY == 0
                    {
                        let hint = frame.code.hint(frame.ip - 1);
                        let found = get_hinted(&inst.dict.borrow(), &name, hint).cloned();
                        if let Some(v) = found {
                            push!(v);
                            return Ok(None);
                        }
                    }
                }
                let v = self.get_attr(frames, &obj, &name)?;
                push!(v);
            }
            Op::LoadMethod(i) => {
                let name = frame.code.names[i as usize].clone();
                let obj = frame.stack.pop().unwrap_or(Value::None);
                let method = match &obj {
                    Value::Instance(inst) if !inst.dict.borrow().contains_key(&*name) => {
                        match inst.class.lookup(&name) {
                            Some(f @ Value::Function(_)) => Some(f),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match method {
                    Some(f) => {
                        let f_top = top!();
                        f_top.stack.push(f);
                        f_top.stack.push(obj);
                    }
                    None => {
                        let v = self.get_attr(frames, &obj, &name)?;
                        let f_top = top!();
                        f_top.stack.push(Value::Null);
                        f_top.stack.push(v);
                    }
                }
            }
            Op::CallMethod(n) => {
                // Below the arguments `LoadMethod` left either the function and its
                // object, which becomes the first argument, or a `Null` and the
                // value to call. Splitting the stack at the right place takes the
                // arguments in one allocation, with no insertion at their front.
                let len = frame.stack.len();
                let n = n as usize;
                let plain = len < n + 2 || matches!(frame.stack[len - n - 2], Value::Null);
                let args = frame
                    .stack
                    .split_off(len.saturating_sub(n + usize::from(!plain)));
                let callee = frame.stack.pop().unwrap_or(Value::None);
                if plain {
                    frame.stack.pop();
                }
                return self.finish_call(frames, callee, args, Vec::new());
            }
            Op::StoreAttr(i) => {
                let name = frame.code.names[i as usize].clone();
                let obj = frame.stack.pop().unwrap_or(Value::None);
                let value = frame.stack.pop().unwrap_or(Value::None);
                match &obj {
                    // A plain store into an instance's dict (`Class::attr_flags`).
                    Value::Instance(inst)
                        if inst.class.layout.get().is_none() && inst.class.attr_flags() == 0 =>
                    {
                        let hint = frame.code.hint(frame.ip - 1);
                        set_hinted(&mut inst.dict.borrow_mut(), &name, value, hint);
                    }
                    _ => self.set_attr(frames, &obj, &name, value)?,
                }
            }
            Op::DeleteAttr(i) => {
                let name = frame.code.names[i as usize].clone();
                let obj = frame.stack.pop().unwrap_or(Value::None);
                self.del_attr(&obj, &name)?;
            }
            Op::Subscr => {
                let index = pop!();
                let obj = pop!();
                let v = self.get_item(frames, &obj, &index)?;
                push!(v);
            }
            Op::StoreSubscr => {
                let index = pop!();
                let obj = pop!();
                let value = pop!();
                self.set_item(frames, &obj, index, value)?;
            }
            Op::DeleteSubscr => {
                let index = pop!();
                let obj = pop!();
                self.del_item(frames, &obj, &index)?;
            }
            Op::BuildSlice(n) => {
                let step = if n == 3 { pop!() } else { Value::None };
                let stop = pop!();
                let start = pop!();
                push!(Value::Slice(Rc::new([start, stop, step])));
            }
            Op::Binary(op) | Op::Inplace(op) => {
                let b = pop!();
                let a = pop!();
                let inplace = matches!(
                    frames.last().and_then(|f| f.code.ops.get(f.ip - 1)),
                    Some(Op::Inplace(_))
                );
                let v = self.binary(frames, op, a, b, inplace)?;
                push!(v);
            }
            Op::Unary(op) => {
                let v = pop!();
                let r = match op {
                    UnOp::Not => Value::Bool(!self.truthy(frames, &v)?),
                    _ => match ops::unary_number(op, &v) {
                        Some(r) => r,
                        None => {
                            let dunder = match op {
                                UnOp::Neg => "__neg__",
                                UnOp::Pos => "__pos__",
                                _ => "__invert__",
                            };
                            match self.special_method(&v, dunder) {
                                Some(m) => {
                                    self.call_sync(frames, m, vec![v.clone()], Vec::new())?
                                }
                                None => {
                                    let sym = match op {
                                        UnOp::Neg => "-",
                                        UnOp::Pos => "+",
                                        _ => "~",
                                    };
                                    return Err(self.error(
                                        "TypeError",
                                        format!(
                                            "bad operand type for unary {sym}: '{}'",
                                            v.type_name()
                                        ),
                                    ));
                                }
                            }
                        }
                    },
                };
                push!(r);
            }
            Op::Compare(op) => {
                let b = pop!();
                let a = pop!();
                let r = self.compare(frames, op, &a, &b)?;
                push!(r);
            }
            Op::Contains(negate) => {
                let container = pop!();
                let item = pop!();
                let r = self.contains(frames, &container, &item)?;
                push!(Value::Bool(r != negate));
            }
            Op::Is(negate) => {
                let b = pop!();
                let a = pop!();
                push!(Value::Bool(is_same(&a, &b) != negate));
            }
            Op::BuildTuple(n) => {
                let at = frame.stack.len().saturating_sub(n as usize);
                let items = frame.stack.split_off(at);
                frame.stack.push(Value::tuple(items));
            }
            Op::BuildList(n) => {
                let at = frame.stack.len().saturating_sub(n as usize);
                let items = frame.stack.split_off(at);
                frame.stack.push(Value::list(items));
            }
            Op::BuildSet(n) | Op::BuildConstSet(n) => {
                let at = frame.stack.len().saturating_sub(n as usize);
                let items = frame.stack.split_off(at);
                let mut set = PySet::new();
                for item in items {
                    set.insert(self.key(item)?);
                }
                if matches!(op, Op::BuildConstSet(_)) {
                    // The compiler's frozenset constant, rebuilt from its own order
                    // when constants are merged (`merge_consts_recursive`), then
                    // copied into a new set (`SET_UPDATE`).
                    let merged: PySet = set.iter().cloned().collect();
                    set = merged.copy();
                }
                push!(Value::Set(Rc::new(RefCell::new(set))));
            }
            Op::BuildMap(n) => {
                let at = frame.stack.len().saturating_sub(2 * n as usize);
                let items = frame.stack.split_off(at);
                let mut dict = Dict::default();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    dict.insert(self.key(k)?, v);
                }
                push!(Value::dict(dict));
            }
            Op::BuildString(n) => {
                let at = frame.stack.len().saturating_sub(n as usize);
                let items = frame.stack.split_off(at);
                let mut s = String::new();
                for item in items {
                    if let Value::Str(part) = item {
                        s.push_str(&part);
                    }
                }
                frame.stack.push(Value::Str(Rc::from(s)));
            }
            Op::ListAppend(depth)
            | Op::SetAdd(depth)
            | Op::ListExtend(depth)
            | Op::SetUpdate(depth) => {
                let v = pop!();
                let n = top!().stack.len();
                let target = top!().stack.get(n.wrapping_sub(depth as usize)).cloned();
                match (op, target) {
                    (Op::ListAppend(_), Some(Value::List(l))) => {
                        if l.borrow().len() >= ops::MAX_ITEMS {
                            return Err(self.error("MemoryError", ""));
                        }
                        l.borrow_mut().push(v)
                    }
                    (Op::ListExtend(_), Some(Value::List(_)))
                        if matches!(v, Value::Generator(_)) =>
                    {
                        // `[*gen()]`, `f(*gen())`: the generator runs as Python code, so
                        // it may block; its items join the list when it is done.
                        let f = self.py_helper("_collect")?;
                        let mut frame = self.make_frame(&f, vec![v], Vec::new())?;
                        frame.mode = ReturnMode::ExtendList(depth);
                        self.push_frame(frames, frame)?;
                    }
                    (Op::ListExtend(_), Some(Value::List(l))) => {
                        let items = self.iterate(frames, &v)?;
                        l.borrow_mut().extend(items);
                    }
                    (Op::SetAdd(_), Some(Value::Set(s))) => {
                        let k = self.key(v)?;
                        s.borrow_mut().insert(k);
                    }
                    (Op::SetUpdate(_), Some(Value::Set(s))) => {
                        let other = self.set_operand(frames, &v)?;
                        s.borrow_mut().update(&other);
                    }
                    _ => return Err(self.error("SystemError", "bad comprehension target")),
                }
            }
            Op::MapAdd(depth) => {
                let v = pop!();
                let k = pop!();
                let n = top!().stack.len();
                if let Some(Value::Dict(d)) =
                    top!().stack.get(n.wrapping_sub(depth as usize)).cloned()
                {
                    let k = self.key(k)?;
                    d.borrow_mut().insert(k, v);
                }
            }
            Op::DictUpdate(depth) => {
                let v = pop!();
                let n = top!().stack.len();
                if let Some(Value::Dict(d)) =
                    top!().stack.get(n.wrapping_sub(depth as usize)).cloned()
                {
                    let mapping = self.mapping_items(frames, &v)?;
                    match &v {
                        Value::Dict(src) => {
                            let src = src.borrow().clone();
                            d.borrow_mut().extend(src);
                        }
                        _ if mapping.is_some() => {
                            d.borrow_mut().extend(mapping.unwrap_or_default());
                        }
                        other => {
                            return Err(self.error(
                                "TypeError",
                                format!("'{}' object is not a mapping", other.type_name()),
                            ))
                        }
                    }
                }
            }
            Op::FormatValue(conversion, has_spec) => {
                // Formatting does its work in C in one instruction: several units.
                self.slice_cost += FORMAT_EXTRA_COST;
                let spec = if has_spec {
                    pop!()
                } else {
                    Value::Str(Rc::from(""))
                };
                let v = pop!();
                let v = match conversion {
                    1 => Value::Str(Rc::from(self.str_of(frames, &v)?)),
                    2 => Value::Str(Rc::from(self.repr(frames, &v)?)),
                    3 => Value::Str(Rc::from(builtins::ascii_escape(&self.repr(frames, &v)?))),
                    _ => v,
                };
                let spec = match &spec {
                    Value::Str(s) => s.clone(),
                    _ => Rc::from(""),
                };
                let s = self.format(frames, &v, &spec)?;
                push!(Value::Str(Rc::from(s)));
            }
            Op::UnpackSequence(n) => {
                let v = pop!();
                let items = self.iterate(frames, &v)?;
                if items.len() != n as usize {
                    return Err(if items.len() > n as usize {
                        self.error(
                            "ValueError",
                            format!("too many values to unpack (expected {n})"),
                        )
                    } else {
                        self.error(
                            "ValueError",
                            format!(
                                "not enough values to unpack (expected {n}, got {})",
                                items.len()
                            ),
                        )
                    });
                }
                let f = top!();
                for item in items.into_iter().rev() {
                    f.stack.push(item);
                }
            }
            Op::UnpackEx(before, after) => {
                let v = pop!();
                let items = self.iterate(frames, &v)?;
                let (before, after) = (before as usize, after as usize);
                if items.len() < before + after {
                    return Err(self.error(
                        "ValueError",
                        format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            before + after,
                            items.len()
                        ),
                    ));
                }
                let mut items = items;
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(before);
                let f = top!();
                for item in tail.into_iter().rev() {
                    f.stack.push(item);
                }
                f.stack.push(Value::list(middle));
                for item in items.into_iter().rev() {
                    f.stack.push(item);
                }
            }
            Op::Jump(target) => frame.ip = target as usize,
            Op::JumpBack(target) => {
                frame.ip = target as usize;
                if self.slice_cost >= self.budget && self.sync_depth == 0 {
                    return Ok(Some(Exit::Stop(Stop::Preempted)));
                }
            }
            Op::PopJumpIfFalse(target) | Op::PopJumpIfTrue(target) => {
                let v = frame.stack.pop().unwrap_or(Value::None);
                let truth = match v.truthy_builtin() {
                    Some(t) => t,
                    None => self.truthy(frames, &v)?,
                };
                let jump_on = matches!(op, Op::PopJumpIfTrue(_));
                if truth == jump_on {
                    top!().ip = target as usize;
                }
            }
            Op::JumpIfFalseOrPop(target) | Op::JumpIfTrueOrPop(target) => {
                let v = frame.stack.last().cloned().unwrap_or(Value::None);
                let truth = match v.truthy_builtin() {
                    Some(t) => t,
                    None => self.truthy(frames, &v)?,
                };
                let jump_on = matches!(op, Op::JumpIfTrueOrPop(_));
                if truth == jump_on {
                    top!().ip = target as usize;
                } else {
                    top!().stack.pop();
                }
            }
            Op::GetIter => {
                let v = pop!();
                let it = self.get_iter(frames, v)?;
                push!(it);
            }
            Op::ForIter(exit) => {
                let it = frame.stack.last().cloned().unwrap_or(Value::None);
                match it {
                    Value::Iterator(state) => {
                        let next = self.iter_next(frames, &state)?;
                        match next {
                            Some(v) => push!(v),
                            None => {
                                let f = top!();
                                f.stack.pop();
                                f.ip = exit as usize;
                            }
                        }
                    }
                    Value::Generator(g) if g.borrow().frame.is_none() && !g.borrow().running => {
                        // An exhausted generator ends the loop at once.
                        let f = top!();
                        f.stack.pop();
                        f.ip = exit as usize;
                    }
                    Value::Generator(g) => {
                        match self.resume(
                            frames,
                            &g,
                            Ok(Value::None),
                            ReturnMode::GenForIter { exit },
                        )? {
                            Outcome::Value(v) => push!(v),
                            Outcome::Pushed => {}
                            Outcome::Block(stop) => return Ok(Some(Exit::Stop(stop))),
                        }
                    }
                    other => {
                        let next = self.special_method(&other, "__next__");
                        let Some(next) = next else {
                            return Err(self.error(
                                "TypeError",
                                format!("'{}' object is not an iterator", other.type_name()),
                            ));
                        };
                        match self.call_sync(frames, next, vec![other.clone()], Vec::new()) {
                            Ok(v) => push!(v),
                            Err(e) if self.exc_is(&e, "StopIteration") => {
                                let f = top!();
                                f.stack.pop();
                                f.ip = exit as usize;
                            }
                            Err(e) => return Err(e),
                        }
                    }
                }
            }
            Op::GetAIter => {
                let v = pop!();
                let it = match &v {
                    Value::Generator(g) if g.borrow().kind == GenKind::AsyncGenerator => v.clone(),
                    Value::Instance(_) => match self.special_method(&v, "__aiter__") {
                        Some(m) => self.call_sync(frames, m, vec![v.clone()], Vec::new())?,
                        None => {
                            return Err(self.error(
                                "TypeError",
                                format!(
                                    "'async for' requires an object with __aiter__ method, got {}",
                                    v.type_name()
                                ),
                            ))
                        }
                    },
                    other => {
                        return Err(self.error(
                            "TypeError",
                            format!(
                                "'async for' requires an object with __aiter__ method, got {}",
                                other.type_name()
                            ),
                        ))
                    }
                };
                push!(it);
            }
            Op::GetANext => {
                let it = frame.stack.last().cloned().unwrap_or(Value::None);
                let awaitable = match &it {
                    // An async generator is driven directly by the YieldFrom that follows.
                    Value::Generator(g) if g.borrow().kind == GenKind::AsyncGenerator => it.clone(),
                    Value::Instance(_) => match self.special_method(&it, "__anext__") {
                        Some(m) => {
                            let r = self.call_sync(frames, m, vec![it.clone()], Vec::new())?;
                            self.get_awaitable(frames, r)?
                        }
                        None => {
                            return Err(self.error(
                                "TypeError",
                                format!(
                                "'async for' requires an iterator with __anext__ method, got {}",
                                it.type_name()
                            ),
                            ))
                        }
                    },
                    other => {
                        return Err(self.error(
                            "TypeError",
                            format!(
                                "'async for' requires an iterator with __anext__ method, got {}",
                                other.type_name()
                            ),
                        ))
                    }
                };
                push!(awaitable);
            }
            Op::GetAwaitable => {
                let v = pop!();
                let awaitable = self.get_awaitable(frames, v)?;
                push!(awaitable);
            }
            Op::YieldFrom => {
                let sent = pop!();
                let sub = frames
                    .last()
                    .and_then(|f| f.stack.last().cloned())
                    .unwrap_or(Value::None);
                match sub {
                    Value::Generator(g) => {
                        let mode = if g.borrow().kind == GenKind::AsyncGenerator {
                            ReturnMode::AsyncGenStep
                        } else {
                            ReturnMode::GenYieldFrom
                        };
                        match self.resume(frames, &g, Ok(sent), mode)? {
                            Outcome::Pushed => {}
                            Outcome::Value(v) => {
                                let f = top!();
                                f.stack.pop();
                                f.stack.push(v);
                            }
                            Outcome::Block(stop) => return Ok(Some(Exit::Stop(stop))),
                        }
                    }
                    Value::Instance(_) if Self::is_native_awaitable(&sub) => {
                        match self.await_step(&sub)? {
                            Ok(pending) => {
                                top!().ip -= 1;
                                return self.yield_value(frames, pending, false);
                            }
                            Err(result) => {
                                let f = top!();
                                f.stack.pop();
                                f.stack.push(result);
                            }
                        }
                    }
                    Value::Iterator(state)
                        if matches!(&*state.borrow(), IterState::AsyncGenAwait { .. }) =>
                    {
                        // `await agen.asend(v)`: the first step sends what the call
                        // said, later ones what the task sends.
                        let (generator, first) = match &mut *state.borrow_mut() {
                            IterState::AsyncGenAwait {
                                generator, first, ..
                            } => (generator.clone(), first.take()),
                            _ => return Ok(None),
                        };
                        let value = first.unwrap_or(Ok(sent));
                        match self.resume(frames, &generator, value, ReturnMode::AsyncGenStep)? {
                            Outcome::Pushed => {}
                            Outcome::Value(v) => {
                                let f = top!();
                                f.stack.pop();
                                f.stack.push(v);
                            }
                            Outcome::Block(stop) => return Ok(Some(Exit::Stop(stop))),
                        }
                    }
                    Value::Iterator(state) => match self.iter_next(frames, &state)? {
                        Some(v) => {
                            top!().ip -= 1;
                            return self.do_yield(frames, v);
                        }
                        None => {
                            let f = top!();
                            f.stack.pop();
                            f.stack.push(Value::None);
                        }
                    },
                    other => {
                        return Err(self.error(
                            "TypeError",
                            format!(
                                "object {} can't be used in 'await' expression",
                                other.type_name()
                            ),
                        ))
                    }
                }
            }
            Op::YieldValue => {
                let v = pop!();
                return self.do_yield(frames, v);
            }
            Op::Return => {
                let v = pop!();
                return self.do_return(frames, v, base);
            }
            Op::Call(n) => {
                let at = frame.stack.len().saturating_sub(n as usize);
                let args = frame.stack.split_off(at);
                let callee = frame.stack.pop().unwrap_or(Value::None);
                return self.finish_call(frames, callee, args, Vec::new());
            }
            Op::CallKw(n) => {
                let names = frame.stack.pop();
                let names: Vec<Rc<str>> = match names {
                    Some(Value::Tuple(t)) => t
                        .iter()
                        .filter_map(|v| match v {
                            Value::Str(s) => Some(s.clone()),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let at = frame.stack.len().saturating_sub(n as usize);
                let mut args = frame.stack.split_off(at);
                let callee = frame.stack.pop().unwrap_or(Value::None);
                let kw_values = args.split_off(args.len().saturating_sub(names.len()));
                let kwargs = names.into_iter().zip(kw_values).collect();
                return self.finish_call(frames, callee, args, kwargs);
            }
            Op::CallEx(has_kw) => {
                let kw = if has_kw { pop!() } else { Value::None };
                let args = pop!();
                let callee = pop!();

                let args = self.iterate(frames, &args)?;
                let mut kwargs = Vec::new();
                if let Value::Dict(d) = kw {
                    for (k, v) in d.borrow().iter() {
                        match &k.0 {
                            Value::Str(s) => kwargs.push((s.clone(), v.clone())),
                            _ => return Err(self.error("TypeError", "keywords must be strings")),
                        }
                    }
                }
                return self.finish_call(frames, callee, args, kwargs);
            }
            Op::MakeFunction(i, flags) => {
                let Const::Code(code) = frame.code.consts[i as usize].clone() else {
                    return Err(self.error("SystemError", "bad function constant"));
                };
                let closure = if flags & 4 != 0 {
                    match pop!() {
                        Value::Tuple(cells) => cells
                            .iter()
                            .filter_map(|c| match c {
                                Value::Cell(c) => Some(c.clone()),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    }
                } else {
                    Vec::new()
                };
                let annotations = if flags & 8 != 0 { Some(pop!()) } else { None };
                let kwdefaults = if flags & 2 != 0 {
                    match pop!() {
                        Value::Dict(d) => d
                            .borrow()
                            .iter()
                            .filter_map(|(k, v)| match &k.0 {
                                Value::Str(s) => Some((s.clone(), v.clone())),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    }
                } else {
                    Vec::new()
                };
                let defaults = if flags & 1 != 0 {
                    match pop!() {
                        Value::Tuple(t) => (*t).clone(),
                        _ => Vec::new(),
                    }
                } else {
                    Vec::new()
                };
                let globals = top!().globals.clone();
                let func = Function {
                    name: code.name.clone(),
                    code,
                    globals,
                    defaults,
                    kwdefaults,
                    closure,
                    dict: RefCell::new(Namespace::default()),
                };
                if let Some(annotations) = annotations {
                    func.dict
                        .borrow_mut()
                        .insert(Rc::from("__annotations__"), annotations);
                }
                push!(Value::Function(Rc::new(func)));
            }
            Op::BuildClass(nbases) => {
                let at = frame.stack.len().saturating_sub(nbases as usize);
                let bases_values = frame.stack.split_off(at);
                let name = pop!();
                let body = pop!();
                let mut bases = Vec::new();
                for b in bases_values {
                    match b {
                        Value::Class(c) => bases.push(c),
                        other => {
                            return Err(self.error(
                                "TypeError",
                                format!("bases must be types, not {}", other.type_name()),
                            ))
                        }
                    }
                }
                let (Value::Function(body), Value::Str(name)) = (body, name) else {
                    return Err(self.error("SystemError", "bad class body"));
                };
                let namespace = Rc::new(RefCell::new(Namespace::default()));
                let module_name = top!()
                    .globals
                    .globals
                    .borrow()
                    .get("__name__")
                    .cloned()
                    .unwrap_or(Value::None);
                namespace
                    .borrow_mut()
                    .insert(Rc::from("__module__"), module_name);
                namespace.borrow_mut().insert(
                    Rc::from("__qualname__"),
                    Value::Str(body.code.qualname.clone()),
                );
                let mut frame = self.make_frame(&body, Vec::new(), Vec::new())?;
                frame.namespace = Some(namespace);
                frame.mode = ReturnMode::Class { name, bases };
                self.push_frame(frames, frame)?;
            }
            Op::SetupExcept(target) => {
                let depth = frame.stack.len() as u32;
                frame.handlers.push((target, depth));
            }
            Op::PopBlock => {
                frame.handlers.pop();
            }
            Op::EnterExcept => {
                let exc = frame.stack.last().cloned().unwrap_or(Value::None);
                self.threads[self.current].handled.push(exc);
            }
            Op::PopExcept => {
                self.threads[self.current].handled.pop();
            }
            Op::Raise(kind) => {
                let exc = match kind {
                    RaiseKind::Reraise => {
                        match self.threads[self.current].handled.last().cloned() {
                            Some(e) => return Err(e),
                            None => {
                                return Err(
                                    self.error("RuntimeError", "No active exception to reraise")
                                )
                            }
                        }
                    }
                    RaiseKind::Raise => {
                        let v = pop!();
                        self.make_exception(frames, v)?
                    }
                    RaiseKind::RaiseFrom => {
                        let cause = pop!();
                        let v = pop!();
                        let exc = self.make_exception(frames, v)?;
                        let cause = match cause {
                            Value::None => Value::None,
                            other => self.make_exception(frames, other)?,
                        };
                        if let Value::Instance(inst) = &exc {
                            let mut d = inst.dict.borrow_mut();
                            d.insert(Rc::from("__cause__"), cause);
                            d.insert(Rc::from("__suppress_context__"), Value::Bool(true));
                        }
                        exc
                    }
                };
                self.set_context(&exc);
                if let Value::Instance(inst) = &exc {
                    // One raised before keeps its traceback, and this frame goes on it
                    // again (CPython's PyTraceBack_Here on the exception's own tb).
                    if let Some(info) = inst.exc.borrow_mut().as_mut() {
                        info.raised_again = !info.traceback.is_empty();
                    }
                }
                return Err(exc);
            }
            Op::Reraise => {
                let exc = pop!();
                return Err(exc);
            }
            Op::ExcMatch => {
                let class = frame.stack.pop().unwrap_or(Value::None);
                let exc = frame.stack.last().cloned().unwrap_or(Value::None);
                let matched = self.exception_matches(&exc, &class)?;
                push!(Value::Bool(matched));
            }
            Op::ExcStarMatch => {
                let class = pop!();
                let rest = pop!();
                let (matched, rest) = self.split_group(frames, rest, &class)?;
                push!(rest);
                push!(matched);
            }
            Op::ExcStarReraise => {
                let rest = pop!();
                self.threads[self.current].handled.pop();
                if !matches!(rest, Value::None) {
                    return Err(rest);
                }
            }
            Op::ImportName(i) => {
                let name = frame.code.names[i as usize].clone();
                if let Some(module) = self.import(frames, &name)? {
                    push!(Value::Module(module));
                }
            }
            Op::ImportFrom(i) => {
                let name = frame.code.names[i as usize].clone();
                let module = frame.stack.last().cloned().unwrap_or(Value::None);
                let v = match self.get_attr(frames, &module, &name) {
                    Ok(v) => v,
                    Err(_) => {
                        let module_name = match &module {
                            Value::Module(m) => m.name.to_string(),
                            _ => "?".to_string(),
                        };
                        return Err(self.error(
                            "ImportError",
                            format!("cannot import name '{name}' from '{module_name}'"),
                        ));
                    }
                };
                push!(v);
            }
            Op::LoadAssertionError => {
                let class = self.exc_classes.get("AssertionError").cloned();
                match class {
                    Some(c) => frame.stack.push(Value::Class(c)),
                    None => frame.stack.push(Value::None),
                }
            }
            Op::BeforeWith | Op::BeforeAsyncWith => {
                let manager = pop!();
                let (enter, exit) = if op == Op::BeforeWith {
                    ("__enter__", "__exit__")
                } else {
                    ("__aenter__", "__aexit__")
                };
                let exit_method = match self.get_attr(frames, &manager, exit) {
                    Ok(m) => m,
                    Err(_) => {
                        let what = if op == Op::BeforeWith {
                            "the context manager protocol"
                        } else {
                            "the asynchronous context manager protocol"
                        };
                        return Err(self.error(
                            "TypeError",
                            format!("'{}' object does not support {what}", manager.type_name()),
                        ));
                    }
                };
                let enter_method = self.get_attr(frames, &manager, enter)?;
                push!(exit_method);
                return self.finish_call(frames, enter_method, Vec::new(), Vec::new());
            }
            Op::WithExcept => {
                let n = frame.stack.len();
                if n < 2 {
                    return Err(self.error("SystemError", "bad with stack"));
                }
                let exc = frame.stack[n - 1].clone();
                let exit = frame.stack[n - 2].clone();
                let class = match &exc {
                    Value::Instance(inst) => Value::Class(inst.class.clone()),
                    _ => Value::None,
                };
                return self.finish_call(frames, exit, vec![class, exc, Value::None], Vec::new());
            }
        }
        Ok(None)
    }

    /// Makes a call and puts its result where the eval loop expects it.
    fn finish_call(
        &mut self,
        frames: &mut Vec<Frame>,
        callee: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Option<Exit>> {
        match self.call(frames, callee, args, kwargs)? {
            Outcome::Value(v) => {
                if let Some(f) = frames.last_mut() {
                    f.stack.push(v);
                }
                Ok(None)
            }
            Outcome::Pushed => {
                if self.slice_cost >= self.budget && self.sync_depth == 0 {
                    return Ok(Some(Exit::Stop(Stop::Preempted)));
                }
                Ok(None)
            }
            Outcome::Block(stop) => Ok(Some(Exit::Stop(stop))),
        }
    }

    pub(crate) fn key(&mut self, value: Value) -> R<Key> {
        self.check_instance_keys(&value)?;
        Key::new(value)
            .map_err(|kind| self.error("TypeError", format!("unhashable type: '{kind}'")))
    }

    /// The instances in a key (itself, or inside its tuples) must hash as `Key` can:
    /// by identity or by a value class's fields. A class with `__eq__` and no
    /// `__hash__` is unhashable, as in CPython; one whose `__hash__` is Python the
    /// tables cannot call while they probe, so it is refused rather than misread.
    fn check_instance_keys(&mut self, value: &Value) -> R<()> {
        let mut pending = vec![value.clone()];
        while let Some(value) = pending.pop() {
            match &value {
                Value::Instance(inst) if inst.class.builtin.is_none() => {
                    match inst.class.key_kind() {
                        KeyKind::Unhashable => {
                            return Err(self.error(
                                "TypeError",
                                format!("unhashable type: '{}'", inst.class.name),
                            ))
                        }
                        KeyKind::Python => {
                            return Err(self.error(
                                "NotImplementedError",
                                format!(
                                    "this page's interpreter cannot use a '{}' object as a dict key or set member: its class defines its own __hash__, which Python's dicts call with __eq__ and this interpreter's do not (a frozen dataclass or a namedtuple can be a key)",
                                    inst.class.name
                                ),
                            ))
                        }
                        KeyKind::Identity | KeyKind::Fields(_) => {}
                    }
                }
                Value::Tuple(items) if pending.len() < MAX_COMPARE_DEPTH => {
                    pending.extend(items.iter().cloned())
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn make_exception(&mut self, frames: &mut Vec<Frame>, value: Value) -> R {
        match &value {
            Value::Instance(inst) if inst.class.is_exception() => Ok(value),
            Value::Class(class) if class.is_exception() => {
                self.call_sync(frames, value.clone(), Vec::new(), Vec::new())
            }
            _ => Err(self.error("TypeError", "exceptions must derive from BaseException")),
        }
    }

    fn exception_matches(&mut self, exc: &Value, class: &Value) -> R<bool> {
        match class {
            Value::Class(c) => {
                if !c.is_exception() {
                    return Err(self.error(
                        "TypeError",
                        "catching classes that do not inherit from BaseException is not allowed",
                    ));
                }
                Ok(matches!(exc, Value::Instance(inst) if inst.class.is_subclass(c)))
            }
            Value::Tuple(classes) => {
                for c in classes.iter() {
                    if self.exception_matches(exc, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.error(
                "TypeError",
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// `except* T`: (the matching part of the group or None, the rest or None).
    fn split_group(
        &mut self,
        frames: &mut Vec<Frame>,
        group: Value,
        class: &Value,
    ) -> R<(Value, Value)> {
        if matches!(group, Value::None) {
            return Ok((Value::None, Value::None));
        }
        let is_group = self.exc_is(&group, "BaseExceptionGroup");
        if !is_group {
            // A plain exception is wrapped in a group for matching, as CPython does.
            if self.exception_matches(&group, class)? {
                let wrapped = self.make_group(frames, "", vec![group])?;
                return Ok((wrapped, Value::None));
            }
            return Ok((Value::None, group));
        }
        // As `BaseExceptionGroup.split`: a group that matches as a whole is matched
        // whole (`except* Exception`); otherwise its items are, nested groups split
        // in turn, keeping their nesting.
        if self.exception_matches(&group, class)? {
            return Ok((group, Value::None));
        }
        let (message, items) = match &group {
            Value::Instance(inst) => {
                let d = inst.dict.borrow();
                let message = match d.get("message") {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                let items = match d.get("exceptions") {
                    Some(Value::Tuple(t)) => t.to_vec(),
                    _ => Vec::new(),
                };
                (message, items)
            }
            _ => (String::new(), Vec::new()),
        };
        let mut matched = Vec::new();
        let mut rest = Vec::new();
        for item in items {
            if self.exc_is(&item, "BaseExceptionGroup") {
                let (inner_matched, inner_rest) = self.split_group(frames, item, class)?;
                matched.extend(Some(inner_matched).filter(|v| !matches!(v, Value::None)));
                rest.extend(Some(inner_rest).filter(|v| !matches!(v, Value::None)));
            } else if self.exception_matches(&item, class)? {
                matched.push(item);
            } else {
                rest.push(item);
            }
        }
        let matched = if matched.is_empty() {
            Value::None
        } else {
            self.make_group(frames, &message, matched)?
        };
        let rest = if rest.is_empty() {
            Value::None
        } else {
            self.make_group(frames, &message, rest)?
        };
        Ok((matched, rest))
    }

    pub(crate) fn make_group(
        &mut self,
        frames: &mut Vec<Frame>,
        message: &str,
        items: Vec<Value>,
    ) -> R {
        let class = self
            .exc_classes
            .get("ExceptionGroup")
            .cloned()
            .map(Value::Class)
            .unwrap_or(Value::None);
        self.call_sync(
            frames,
            class,
            vec![Value::str(message), Value::list(items)],
            Vec::new(),
        )
    }

    // ----- classes -----

    fn build_class(
        &mut self,
        globals: &Rc<Module>,
        name: Rc<str>,
        bases: Vec<Rc<Class>>,
        namespace: Namespace,
    ) -> R {
        let bases = if bases.is_empty() {
            vec![self.object_class.clone()]
        } else {
            bases
        };
        let mro = match c3_mro(&bases) {
            Some(m) => m,
            None => {
                return Err(self.error(
                    "TypeError",
                    "Cannot create a consistent method resolution order (MRO)",
                ))
            }
        };
        let qualname = match namespace.get("__qualname__") {
            Some(Value::Str(s)) => s.clone(),
            _ => name.clone(),
        };
        let module = globals
            .globals
            .borrow()
            .get("__name__")
            .and_then(|v| match v {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_else(|| Rc::from("__main__"));
        // A subclass of a class with a native layout keeps its slots.
        let layout = bases.iter().find_map(|b| b.layout.get());
        let class = Rc::new(Class {
            name,
            qualname,
            module,
            bases,
            mro,
            dict: RefCell::new(namespace),
            builtin: None,
            instance_size: Default::default(),
            native_methods: Default::default(),
            attr_flags: Default::default(),
            layout: std::cell::Cell::new(layout),
        });
        // Methods that call zero-argument super() find their class in `__class__`.
        // So do class methods, static methods and properties, inside their wrappers.
        for value in class.dict.borrow().values() {
            let functions = match value {
                Value::ClassMethod(f) | Value::StaticMethod(f) => vec![(**f).clone()],
                Value::Property(p) => std::iter::once(p.fget.clone())
                    .chain(p.fset.clone())
                    .collect(),
                other => vec![other.clone()],
            };
            for function in functions {
                let Value::Function(f) = function else {
                    continue;
                };
                if let Some(i) = f.code.cellnames.iter().position(|n| &**n == "__class__") {
                    let i = i - f.code.ncells.min(i);
                    if let Some(cell) = f.closure.get(i) {
                        *cell.borrow_mut() = Some(Value::Class(class.clone()));
                    }
                }
            }
        }
        Ok(Value::Class(class))
    }

    // ----- imports -----

    /// Imports a module by dotted name; `None` if the module's body was pushed to run
    /// (its frame delivers the module when it returns).
    fn import(&mut self, frames: &mut Vec<Frame>, name: &str) -> R<Option<Rc<Module>>> {
        if name == "__mp_main__" {
            // A spawned child imports the program under this name, once.
            if let Some(code) = self.process.main_pending.take() {
                let module = self.main_module.clone();
                self.modules.insert(Rc::from("__mp_main__"), module.clone());
                let frame = self.module_frame(code, module);
                self.push_frame(frames, frame)?;
                return Ok(None);
            }
        }
        if let Some(m) = self.modules.get(name) {
            return Ok(Some(m.clone()));
        }
        if let Some(module) = builtins::native_module(self, name) {
            self.modules.insert(Rc::from(name), module.clone());
            return Ok(Some(module));
        }
        // A dotted name: the package is imported first (here only `concurrent`, an
        // empty package), and the module becomes its attribute.
        if let Some((parent, _)) = name.rsplit_once('.') {
            if !self.modules.contains_key(parent) {
                if super::lib::source(parent) != Some("") {
                    return Err(self.error_with_args(
                        "ModuleNotFoundError",
                        vec![Value::Str(Rc::from(format!("No module named '{parent}'")))],
                    ));
                }
                let package = Rc::new(Module {
                    name: Rc::from(parent),
                    globals: RefCell::new(Namespace::default()),
                });
                self.modules.insert(Rc::from(parent), package);
            }
        }
        if super::lib::source(name) == Some("") {
            let package = Rc::new(Module {
                name: Rc::from(name),
                globals: RefCell::new(Namespace::default()),
            });
            self.modules.insert(Rc::from(name), package.clone());
            return Ok(Some(package));
        }
        if super::lib::source(name).is_none() {
            return Err(self.error_with_args(
                "ModuleNotFoundError",
                vec![Value::Str(Rc::from(format!(
                    "No module named '{name}' (this page runs asyncio, threading, concurrent.futures, multiprocessing, queue, time, random, logging, heapq, collections, itertools, functools, contextlib, dataclasses, typing, operator, string, sys, os, pickle and math)"
                )))],
            ));
        }
        let code = match super::lib::compiled(name) {
            Ok(code) => code,
            Err(e) => {
                return Err(self.error(
                    "ImportError",
                    format!("bundled module {name} failed to compile: {e}"),
                ))
            }
        };
        let module = Rc::new(Module {
            name: Rc::from(name),
            globals: RefCell::new(Namespace::default()),
        });
        module
            .globals
            .borrow_mut()
            .insert(Rc::from("__name__"), Value::str(name));
        self.modules.insert(Rc::from(name), module.clone());
        if let Some((parent, leaf)) = name.rsplit_once('.') {
            if let Some(p) = self.modules.get(parent).cloned() {
                p.globals
                    .borrow_mut()
                    .insert(Rc::from(leaf), Value::Module(module.clone()));
            }
        }
        let frame = self.module_frame(code, module);
        self.push_frame(frames, frame)?;
        Ok(None)
    }

    /// The frame that runs a module's body, its caller getting the module.
    fn module_frame(&self, code: Rc<Code>, module: Rc<Module>) -> Frame {
        Frame {
            code,
            ip: 0,
            stack: Vec::new(),
            locals: Vec::new(),
            cells: Vec::new(),
            globals: module.clone(),
            handlers: Vec::new(),
            namespace: None,
            function: None,
            mode: ReturnMode::Import(module),
            generator: None,
            handled_depth: self.threads[self.current].handled.len(),
            saved_handled: Vec::new(),
            running: None,
        }
    }

    // ----- attributes -----

    pub(crate) fn special_method(&self, value: &Value, name: &str) -> Option<Value> {
        match value {
            Value::Instance(inst) => match inst.class.lookup(name)? {
                m @ (Value::Function(_) | Value::Builtin(_)) => Some(m),
                _ => None,
            },
            _ => None,
        }
    }

    pub(crate) fn get_attr(&mut self, frames: &mut Vec<Frame>, obj: &Value, name: &str) -> R {
        match obj {
            Value::Instance(inst) => {
                // A property (a data descriptor) comes before the instance's own
                // attributes, as in CPython; most classes have none.
                if inst.class.attr_flags() & HAS_PROPERTY != 0 {
                    if let Some(Value::Property(p)) = inst.class.lookup(name) {
                        if !p.cached {
                            return self.bind(frames, obj, Value::Property(p));
                        }
                    }
                }
                if let Some(v) = inst.own_attr(name) {
                    return Ok(v);
                }
                if name == "__class__" {
                    return Ok(Value::Class(inst.class.clone()));
                }
                if let Some(v) = inst.class.lookup(name) {
                    return self.bind(frames, obj, v);
                }
                if inst.class.is_exception() {
                    match name {
                        "args" => return Ok(Value::tuple(Vec::new())),
                        // `SystemExit.code`: its one argument, its arguments, or None.
                        "code" if self.exc_is(obj, "SystemExit") => {
                            return Ok(system_exit_code(obj));
                        }
                        "__cause__" | "__context__" | "__traceback__" => return Ok(Value::None),
                        "__suppress_context__" => return Ok(Value::Bool(false)),
                        _ => {}
                    }
                }
                if let Some(getattr) = inst.class.lookup("__getattr__") {
                    return self.call_sync(
                        frames,
                        getattr,
                        vec![obj.clone(), Value::str(name)],
                        Vec::new(),
                    );
                }
                Err(self.attr_error(obj, name))
            }
            Value::Class(class) => {
                match name {
                    "__name__" => return Ok(Value::Str(class.name.clone())),
                    "__qualname__" => return Ok(Value::Str(class.qualname.clone())),
                    "__module__" => return Ok(Value::Str(class.module.clone())),
                    "__mro__" => {
                        let mut mro = vec![Value::Class(class.clone())];
                        mro.extend(class.mro.iter().cloned().map(Value::Class));
                        return Ok(Value::tuple(mro));
                    }
                    "__bases__" => {
                        return Ok(Value::tuple(
                            class.bases.iter().cloned().map(Value::Class).collect(),
                        ))
                    }
                    "__annotations__" => {
                        // A class's own annotations only (3.10+), created empty if none.
                        let mut dict = class.dict.borrow_mut();
                        let annotations = dict
                            .entry(Rc::from("__annotations__"))
                            .or_insert_with(|| Value::dict(Dict::default()));
                        return Ok(annotations.clone());
                    }
                    _ => {}
                }
                match class.lookup(name) {
                    Some(Value::ClassMethod(f)) => {
                        Ok(Value::Method(Rc::new((obj.clone(), (*f).clone()))))
                    }
                    Some(Value::StaticMethod(f)) => Ok((*f).clone()),
                    Some(v) => Ok(v),
                    None => match builtins::class_attr(self, class, name) {
                        Some(v) => Ok(v),
                        None => Err(self.attr_error_saying(
                            obj,
                            name,
                            format!("type object '{}' has no attribute '{name}'", class.name),
                        )),
                    },
                }
            }
            Value::Module(module) => {
                if let Some(v) = module.globals.borrow().get(name) {
                    return Ok(v.clone());
                }
                if name == "__name__" {
                    return Ok(Value::Str(module.name.clone()));
                }
                Err(self.attr_error_saying(
                    obj,
                    name,
                    format!("module '{}' has no attribute '{name}'", module.name),
                ))
            }
            // What a program set (`functools.wraps` sets `__name__`) wins.
            Value::Function(f) if f.dict.borrow().contains_key(name) => {
                Ok(f.dict.borrow().get(name).cloned().unwrap_or(Value::None))
            }
            Value::Function(f) => match name {
                "__name__" => Ok(Value::Str(f.name.clone())),
                "__qualname__" => Ok(Value::Str(f.code.qualname.clone())),
                "__module__" => Ok(f
                    .globals
                    .globals
                    .borrow()
                    .get("__name__")
                    .cloned()
                    .unwrap_or(Value::None)),
                "__doc__" => Ok(Value::None),
                "__annotations__" => {
                    // Created empty on first access, as CPython does.
                    let mut dict = f.dict.borrow_mut();
                    let annotations = dict
                        .entry(Rc::from("__annotations__"))
                        .or_insert_with(|| Value::dict(Dict::default()));
                    Ok(annotations.clone())
                }
                "__defaults__" => Ok(if f.defaults.is_empty() {
                    Value::None
                } else {
                    Value::tuple(f.defaults.clone())
                }),
                "__kwdefaults__" => Ok(if f.kwdefaults.is_empty() {
                    Value::None
                } else {
                    let d: Dict = f
                        .kwdefaults
                        .iter()
                        .map(|(k, v)| (Key(Value::Str(k.clone())), v.clone()))
                        .collect();
                    Value::dict(d)
                }),
                _ => match f.dict.borrow().get(name) {
                    Some(v) => Ok(v.clone()),
                    None => Err(self.attr_error(obj, name)),
                },
            },
            _ => match builtins::method(self, obj, name) {
                Some(v) => Ok(v),
                None => Err(self.attr_error(obj, name)),
            },
        }
    }

    fn bind(&mut self, frames: &mut Vec<Frame>, obj: &Value, attr: Value) -> R {
        Ok(match attr {
            Value::Function(_) => Value::Method(Rc::new((obj.clone(), attr))),
            Value::Builtin(ref b) if b.this.is_none() && b.id.is_method() => {
                Value::Method(Rc::new((obj.clone(), attr)))
            }
            Value::StaticMethod(f) => (*f).clone(),
            Value::ClassMethod(f) => {
                let class = match obj {
                    Value::Instance(inst) => Value::Class(inst.class.clone()),
                    other => other.clone(),
                };
                Value::Method(Rc::new((class, (*f).clone())))
            }
            Value::Property(p) => {
                // `super().name`: the property of a base class, read on the instance
                // the proxy stands for.
                let target = match obj {
                    Value::Instance(inst)
                        if &*inst.class.name == "super"
                            && &*inst.class.module == "builtins"
                            && inst.class.builtin.is_none() =>
                    {
                        inst.own_attr("__self__").unwrap_or_else(|| obj.clone())
                    }
                    _ => obj.clone(),
                };
                self.call_sync(frames, p.fget.clone(), vec![target], Vec::new())?
            }
            other => other,
        })
    }

    fn attr_error(&mut self, obj: &Value, name: &str) -> Exc {
        let message = format!("'{}' object has no attribute '{name}'", obj.type_name());
        self.attr_error_saying(obj, name, message)
    }

    /// An `AttributeError` whose printed traceback can suggest a close name of `obj`.
    fn attr_error_saying(&mut self, obj: &Value, name: &str, message: String) -> Exc {
        let exc = self.error("AttributeError", message);
        set_suggest(
            &exc,
            super::suggest::Source::Attribute {
                name: Rc::from(name),
                obj: obj.clone(),
            },
        );
        exc
    }

    pub(crate) fn set_attr(
        &mut self,
        frames: &mut Vec<Frame>,
        obj: &Value,
        name: &str,
        value: Value,
    ) -> R<()> {
        match obj {
            Value::Instance(inst) if inst.class.attr_flags() == 0 => {
                inst.set_own_attr(name, value);
                Ok(())
            }
            Value::Instance(inst) => {
                if inst.class.attr_flags() & HAS_SLOTS != 0
                    && inst
                        .class
                        .lookup("__setattr__")
                        .is_none_or(|m| !matches!(m, Value::Function(_)))
                    && !matches!(inst.class.lookup(name), Some(Value::Property(_)))
                    && !inst
                        .class
                        .slot_names()
                        .is_some_and(|names| names.iter().any(|n| **n == *name))
                {
                    let class = &inst.class.name;
                    return Err(self.error(
                        "AttributeError",
                        if inst.class.lookup(name).is_some() {
                            format!("'{class}' object attribute '{name}' is read-only")
                        } else {
                            format!("'{class}' object has no attribute '{name}'")
                        },
                    ));
                }
                if let Some(Value::Property(p)) = inst
                    .class
                    .lookup(name)
                    .filter(|found| !matches!(found, Value::Property(p) if p.cached))
                {
                    if let Some(setter) = p.fset.clone() {
                        self.call_sync(frames, setter, vec![obj.clone(), value], Vec::new())?;
                        return Ok(());
                    }
                    return Err(self.error(
                        "AttributeError",
                        format!(
                            "property '{name}' of '{}' object has no setter",
                            inst.class.name
                        ),
                    ));
                }
                if let Some(setattr) = inst.class.lookup("__setattr__") {
                    if matches!(setattr, Value::Function(_)) {
                        self.call_sync(
                            frames,
                            setattr,
                            vec![obj.clone(), Value::str(name), value],
                            Vec::new(),
                        )?;
                        return Ok(());
                    }
                }
                inst.set_own_attr(name, value);
                Ok(())
            }
            Value::Class(class) => {
                class.dict_mut().insert(Rc::from(name), value);
                Ok(())
            }
            Value::Module(m) => {
                m.globals.borrow_mut().insert(Rc::from(name), value);
                Ok(())
            }
            Value::Function(f) => {
                f.dict.borrow_mut().insert(Rc::from(name), value);
                Ok(())
            }
            _ => Err(self.attr_error(obj, name)),
        }
    }

    fn del_attr(&mut self, obj: &Value, name: &str) -> R<()> {
        let removed = match obj {
            Value::Instance(inst) => inst.del_own_attr(name),
            Value::Class(c) => c.dict_mut().shift_remove(name).is_some(),
            Value::Module(m) => m.globals.borrow_mut().shift_remove(name).is_some(),
            _ => false,
        };
        if removed {
            Ok(())
        } else {
            Err(self.attr_error(obj, name))
        }
    }

    // ----- truth, comparison, arithmetic -----

    pub(crate) fn truthy(&mut self, frames: &mut Vec<Frame>, v: &Value) -> R<bool> {
        if let Some(t) = v.truthy_builtin() {
            return Ok(t);
        }
        if let Some(m) = self.special_method(v, "__bool__") {
            let r = self.call_sync(frames, m, vec![v.clone()], Vec::new())?;
            return Ok(matches!(r, Value::Bool(true)));
        }
        if let Some(m) = self.special_method(v, "__len__") {
            let r = self.call_sync(frames, m, vec![v.clone()], Vec::new())?;
            return Ok(!matches!(r, Value::Int(0)));
        }
        Ok(true)
    }

    pub(crate) fn equal(&mut self, frames: &mut Vec<Frame>, a: &Value, b: &Value) -> R<bool> {
        self.equal_at(frames, a, b, 0)
    }

    /// `a == b` at `depth` inside containers: lists, tuples and dicts compare their
    /// items with `==` (identity first), so an object's `__eq__` counts inside them.
    fn equal_at(&mut self, frames: &mut Vec<Frame>, a: &Value, b: &Value, depth: usize) -> R<bool> {
        if depth > 1000 {
            return Err(self.error(
                "RecursionError",
                "maximum recursion depth exceeded in comparison",
            ));
        }
        let items = match (a, b) {
            (Value::List(x), Value::List(y)) if !Rc::ptr_eq(x, y) => {
                Some((x.borrow().clone(), y.borrow().clone()))
            }
            (Value::Tuple(x), Value::Tuple(y)) if !Rc::ptr_eq(x, y) => {
                Some((x.to_vec(), y.to_vec()))
            }
            _ => None,
        };
        if let Some((xs, ys)) = items {
            if xs.len() != ys.len() {
                return Ok(false);
            }
            for (x, y) in xs.iter().zip(&ys) {
                if !is_same(x, y) && !self.equal_at(frames, x, y, depth + 1)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        if let (Value::Dict(x), Value::Dict(y)) = (a, b) {
            if !Rc::ptr_eq(x, y) {
                let (xs, ys) = (x.borrow().clone(), y.borrow().clone());
                if xs.len() != ys.len() {
                    return Ok(false);
                }
                for (key, value) in &xs {
                    match ys.get(key) {
                        Some(other) => {
                            if !is_same(value, other)
                                && !self.equal_at(frames, value, other, depth + 1)?
                            {
                                return Ok(false);
                            }
                        }
                        None => return Ok(false),
                    }
                }
                return Ok(true);
            }
        }
        match (a, b) {
            (Value::Instance(_), _) | (_, Value::Instance(_)) => {
                let r = self.compare(frames, CmpOp::Eq, a, b)?;
                self.truthy(frames, &r)
            }
            _ => {
                let equal = values_equal(a, b);
                if took_too_deep() {
                    return Err(self.error(
                        "RecursionError",
                        "maximum recursion depth exceeded in comparison",
                    ));
                }
                Ok(equal)
            }
        }
    }

    pub(crate) fn compare(
        &mut self,
        frames: &mut Vec<Frame>,
        op: CmpOp,
        a: &Value,
        b: &Value,
    ) -> R {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(Value::Bool(ops::compare_result(op, x.cmp(y))));
        }
        if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
            let reflected = match op {
                CmpOp::Eq => CmpOp::Eq,
                CmpOp::Ne => CmpOp::Ne,
                CmpOp::Lt => CmpOp::Gt,
                CmpOp::Le => CmpOp::Ge,
                CmpOp::Gt => CmpOp::Lt,
                CmpOp::Ge => CmpOp::Le,
            };
            if let Some(m) = self.special_method(a, op.dunder()) {
                let r = self.call_sync(frames, m, vec![a.clone(), b.clone()], Vec::new())?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
            if let Some(m) = self.special_method(b, reflected.dunder()) {
                let r = self.call_sync(frames, m, vec![b.clone(), a.clone()], Vec::new())?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
            if op == CmpOp::Ne {
                if let Some(m) = self.special_method(a, "__eq__") {
                    let r = self.call_sync(frames, m, vec![a.clone(), b.clone()], Vec::new())?;
                    if !matches!(r, Value::NotImplemented) {
                        let t = self.truthy(frames, &r)?;
                        return Ok(Value::Bool(!t));
                    }
                }
            }
            return match op {
                CmpOp::Eq => Ok(Value::Bool(is_same(a, b))),
                CmpOp::Ne => Ok(Value::Bool(!is_same(a, b))),
                _ => Err(self.op_error(ops::compare_unsupported(op, a, b))),
            };
        }
        if let Some(r) = self.view_compare(frames, op, a, b)? {
            return Ok(Value::Bool(r));
        }
        match op {
            CmpOp::Eq => return Ok(Value::Bool(self.equal(frames, a, b)?)),
            CmpOp::Ne => return Ok(Value::Bool(!self.equal(frames, a, b)?)),
            _ => {}
        }
        match ops::order(a, b) {
            Ok(Some(ordering)) => Ok(Value::Bool(ops::compare_result(op, ordering))),
            Ok(None) => {
                // NaN compares false; anything else unordered is a TypeError.
                if matches!(a, Value::Float(f) if f.is_nan())
                    || matches!(b, Value::Float(f) if f.is_nan())
                {
                    return Ok(Value::Bool(false));
                }
                if let (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) =
                    (a, b)
                {
                    return Ok(Value::Bool(false));
                }
                Err(self.op_error(ops::compare_unsupported(op, a, b)))
            }
            Err(e) => Err(self.op_error(e)),
        }
    }

    /// A comparison with a dict's keys or items view on either side and a set or
    /// set-like view on the other, as `dictview_richcompare` makes it: by size and
    /// containment. `None` when it is not one.
    fn view_compare(
        &mut self,
        frames: &mut Vec<Frame>,
        op: CmpOp,
        a: &Value,
        b: &Value,
    ) -> R<Option<bool>> {
        let set_like = |v: &Value| match v {
            Value::Set(_) | Value::FrozenSet(_) => true,
            Value::DictView(view) => view.1 != ViewKind::Values,
            _ => false,
        };
        let is_view = |v: &Value| matches!(v, Value::DictView(_));
        if !(is_view(a) || is_view(b)) || !set_like(a) || !set_like(b) {
            return Ok(None);
        }
        // Items views hold values that need not hash: each side's items are looked up
        // in the other by key, and the values compared with `==`.
        let contained = |vm: &mut Self, frames: &mut Vec<Frame>, x: &Value, y: &Value| -> R<bool> {
            for item in vm.iterate(frames, x)? {
                if !vm.contains(frames, y, &item)? {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        let (la, lb) = (self.len_of(a), self.len_of(b));
        Ok(Some(match op {
            CmpOp::Eq => la == lb && contained(self, frames, a, b)?,
            CmpOp::Ne => !(la == lb && contained(self, frames, a, b)?),
            CmpOp::Le => la <= lb && contained(self, frames, a, b)?,
            CmpOp::Lt => la < lb && contained(self, frames, a, b)?,
            CmpOp::Ge => la >= lb && contained(self, frames, b, a)?,
            CmpOp::Gt => la > lb && contained(self, frames, b, a)?,
        }))
    }

    fn len_of(&self, v: &Value) -> usize {
        match v {
            Value::DictView(view) => view.0.borrow().len(),
            _ => set_members(v, PySet::len),
        }
    }

    /// The other operand of a set operation: a set's table, a dict's keys, or the
    /// hashed items of any iterable.
    pub(crate) fn set_operand(&mut self, frames: &mut Vec<Frame>, v: &Value) -> R<Other> {
        Ok(match v {
            Value::Set(_) | Value::FrozenSet(_) => Other::Set(set_members(v, PySet::clone)),
            Value::Dict(d) => Other::Dict(d.borrow().keys().cloned().collect()),
            Value::DictView(view) if view.1 == ViewKind::Keys => {
                Other::Iter(view.0.borrow().keys().cloned().collect())
            }
            _ => {
                let items = self.iterate(frames, v)?;
                let mut keys = Vec::with_capacity(items.len());
                for item in items {
                    keys.push(self.key(item)?);
                }
                Other::Iter(keys)
            }
        })
    }

    /// `&`, `|`, `-`, `^` with a dict's keys or items view on one side and any
    /// iterable on the other (`dictviews_and` and its siblings): always a new set.
    fn view_binary(
        &mut self,
        frames: &mut Vec<Frame>,
        op: BinOp,
        a: &Value,
        b: &Value,
    ) -> R<Option<Value>> {
        let set_view = |v: &Value| matches!(v, Value::DictView(view) if view.1 != ViewKind::Values);
        if !matches!(op, BinOp::And | BinOp::Or | BinOp::Sub | BinOp::Xor)
            || !(set_view(a) || set_view(b))
        {
            return Ok(None);
        }
        let result = if op == BinOp::And {
            // `_PyDictView_Intersect`: the view is `me`; a set at least as big
            // intersects itself with the view; otherwise the other side is iterated,
            // the smaller of two views.
            let (mut me, mut other) = if set_view(a) { (a, b) } else { (b, a) };
            let other_is_set = matches!(other, Value::Set(_));
            if other_is_set && self.len_of(me) <= self.len_of(other) {
                let view_items = self.set_operand(frames, me)?;
                set_members(other, |s| s.intersection(&view_items))
            } else {
                if set_view(other) && self.len_of(other) > self.len_of(me) {
                    std::mem::swap(&mut me, &mut other);
                }
                let mut result = PySet::new();
                for item in self.iterate(frames, other)? {
                    if self.contains(frames, me, &item)? {
                        result.insert(self.key(item)?);
                    }
                }
                result
            }
        } else {
            // `dictviews_to_set(a)`, then updated with `b`.
            let left = match a {
                Value::DictView(view) if view.1 == ViewKind::Keys => {
                    Other::Dict(view.0.borrow().keys().cloned().collect())
                }
                _ => self.set_operand(frames, a)?,
            };
            let mut result = PySet::from_other(&left);
            let right = self.set_operand(frames, b)?;
            match op {
                BinOp::Or => result.update(&right),
                BinOp::Sub => result.difference_update(&right),
                _ => result.symmetric_difference_update(&right),
            }
            result
        };
        Ok(Some(Value::Set(Rc::new(RefCell::new(result)))))
    }

    /// `a < b` as sorting uses it.
    pub(crate) fn less(&mut self, frames: &mut Vec<Frame>, a: &Value, b: &Value) -> R<bool> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(x < y);
        }
        let r = self.compare(frames, CmpOp::Lt, a, b)?;
        self.truthy(frames, &r)
    }

    pub(crate) fn binary(
        &mut self,
        frames: &mut Vec<Frame>,
        op: BinOp,
        a: Value,
        b: Value,
        inplace: bool,
    ) -> R {
        if inplace {
            if let (BinOp::Add, Value::List(l)) = (op, &a) {
                let items = self.iterate(frames, &b)?;
                if l.borrow().len() + items.len() > ops::MAX_ITEMS {
                    return Err(self.error("MemoryError", ""));
                }
                l.borrow_mut().extend(items);
                return Ok(a);
            }
        }
        if inplace && matches!(op, BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor) {
            // A set's `|=` and the rest change it in place, as a dict's `|=` does.
            if let (Value::Set(s), Value::Set(_) | Value::FrozenSet(_)) = (&a, &b) {
                if matches!(&b, Value::Set(t) if Rc::ptr_eq(s, t)) {
                    // `s |= s` keeps `s`, `s &= s` copies it, `s -= s` and `s ^= s`
                    // clear it, as CPython's shortcuts for the same set do.
                    let mut s = s.borrow_mut();
                    match op {
                        BinOp::Or => {}
                        BinOp::And => *s = s.copy(),
                        _ => s.clear(),
                    }
                } else {
                    let other = Other::Set(set_members(&b, PySet::clone));
                    super::pyset::inplace(op, &mut s.borrow_mut(), &other);
                }
                return Ok(a);
            }
            if let (BinOp::Or, Value::Dict(d), Value::Dict(other)) = (op, &a, &b) {
                let other = other.borrow().clone();
                d.borrow_mut().extend(other);
                return Ok(a);
            }
        }
        if let Some(v) = self.view_binary(frames, op, &a, &b)? {
            return Ok(v);
        }
        if let (BinOp::Mod, Value::Str(template)) = (op, &a) {
            let template = template.clone();
            return self.percent_format(frames, &template, &b);
        }
        match ops::binary(op, &a, &b) {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(e) => return Err(self.op_error(e)),
        }
        if let Some(m) = self.special_method(&a, op.dunder()) {
            let r = self.call_sync(frames, m, vec![a.clone(), b.clone()], Vec::new())?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        let reflected = op.dunder().replacen("__", "__r", 1);
        if let Some(m) = self.special_method(&b, &reflected) {
            let r = self.call_sync(frames, m, vec![b.clone(), a.clone()], Vec::new())?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        if op == BinOp::Or {
            if let Some(union) = self.union(&a, &b) {
                return Ok(union);
            }
        }
        Err(self.op_error(ops::binary_unsupported(op, &a, &b)))
    }

    /// The members of a `types.UnionType` value (`int | None` is `int, NoneType`).
    pub(crate) fn union_args(&self, v: &Value) -> Option<Vec<Value>> {
        let Value::Instance(inst) = v else {
            return None;
        };
        let union = self.union_class.as_ref()?;
        if !Rc::ptr_eq(&inst.class, union) {
            return None;
        }
        match inst.dict.borrow().get("__args__") {
            Some(Value::Tuple(t)) => Some(t.to_vec()),
            _ => None,
        }
    }

    /// `a | b` on types (PEP 604): a `types.UnionType` of both, flattened, without
    /// repeats, `None` standing for `NoneType`; `None` when either is not a type.
    fn union(&mut self, a: &Value, b: &Value) -> Option<Value> {
        let none_type = self
            .type_classes
            .iter()
            .find(|(tag, _)| *tag == TypeTag::NoneType)
            .map(|(_, c)| c.clone());
        let mut members: Vec<Value> = Vec::new();
        for side in [a, b] {
            let parts = match self.union_args(side) {
                Some(parts) => parts,
                None => match side {
                    Value::Class(_) => vec![side.clone()],
                    Value::None => vec![Value::Class(none_type.clone()?)],
                    _ => return None,
                },
            };
            for part in parts {
                if !members.iter().any(|m| is_same(m, &part)) {
                    members.push(part);
                }
            }
        }
        if members.len() == 1 {
            // `int | int` is `int` itself.
            return members.pop();
        }
        let class = self
            .union_class
            .get_or_insert_with(builtins::union_class)
            .clone();
        let mut dict = Namespace::default();
        dict.insert(Rc::from("__args__"), Value::tuple(members));
        let union = Instance::new(class);
        *union.dict.borrow_mut() = dict;
        Some(Value::Instance(Rc::new(union)))
    }

    /// `"%s is %5.2f" % (name, x)`: printf-style formatting, by translating each
    /// conversion into a format spec.
    fn percent_format(&mut self, frames: &mut Vec<Frame>, template: &str, args: &Value) -> R {
        let values: Vec<Value> = match args {
            Value::Tuple(t) => t.to_vec(),
            other => vec![other.clone()],
        };
        let mapping = match args {
            Value::Dict(d) => Some(d.clone()),
            _ => None,
        };
        let mut next = 0;
        let mut out = String::new();
        let chars: Vec<char> = template.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            i += 1;
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut key = None;
            if chars.get(i) == Some(&'(') {
                let end = chars[i..].iter().position(|&c| c == ')').map(|p| p + i);
                let Some(end) = end else {
                    return Err(self.error("ValueError", "incomplete format key"));
                };
                key = Some(chars[i + 1..end].iter().collect::<String>());
                i = end + 1;
            }
            let mut flags = String::new();
            while let Some(&f) = chars.get(i) {
                if "-+ #0".contains(f) {
                    flags.push(f);
                    i += 1;
                } else {
                    break;
                }
            }
            let mut width = String::new();
            while let Some(&d) = chars.get(i) {
                if d.is_ascii_digit() {
                    width.push(d);
                    i += 1;
                } else {
                    break;
                }
            }
            let mut precision = None;
            if chars.get(i) == Some(&'.') {
                i += 1;
                let mut p = String::new();
                while let Some(&d) = chars.get(i) {
                    if d.is_ascii_digit() {
                        p.push(d);
                        i += 1;
                    } else {
                        break;
                    }
                }
                precision = Some(if p.is_empty() { "0".to_string() } else { p });
            }
            let Some(&kind) = chars.get(i) else {
                return Err(self.error("ValueError", "incomplete format"));
            };
            i += 1;
            if kind == '%' {
                out.push('%');
                continue;
            }
            let value = match (&key, &mapping) {
                (Some(k), Some(d)) => {
                    let found = d
                        .borrow()
                        .get(&Key(Value::Str(Rc::from(k.as_str()))))
                        .cloned();
                    match found {
                        Some(v) => v,
                        None => {
                            return Err(self.error_with_args(
                                "KeyError",
                                vec![Value::Str(Rc::from(k.as_str()))],
                            ))
                        }
                    }
                }
                _ => {
                    let Some(v) = values.get(next).cloned() else {
                        return Err(
                            self.error("TypeError", "not enough arguments for format string")
                        );
                    };
                    next += 1;
                    v
                }
            };
            let mut spec = String::new();
            if flags.contains('-') {
                spec.push('<');
            } else if !flags.contains('0') || matches!(kind, 's' | 'r' | 'a') {
                spec.push('>');
            }
            if flags.contains('+') {
                spec.push('+');
            } else if flags.contains(' ') {
                spec.push(' ');
            }
            if flags.contains('#') {
                spec.push('#');
            }
            if flags.contains('0') && !flags.contains('-') && !matches!(kind, 's' | 'r' | 'a') {
                spec.push('0');
            }
            spec.push_str(&width);
            let text = match kind {
                's' | 'r' | 'a' => {
                    let text = match kind {
                        's' => self.str_of(frames, &value)?,
                        'r' => self.repr(frames, &value)?,
                        _ => builtins::ascii_escape(&self.repr(frames, &value)?),
                    };
                    if let Some(p) = &precision {
                        spec.push('.');
                        spec.push_str(p);
                    }
                    self.format(frames, &Value::Str(Rc::from(text)), &spec)?
                }
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'c' => {
                    let as_int = match &value {
                        Value::Float(f) => ops::float_to_int(*f).map_err(|e| self.op_error(e))?,
                        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => value.clone(),
                        other => {
                            return Err(self.error(
                                "TypeError",
                                format!(
                                    "%{kind} format: a real number is required, not {}",
                                    other.type_name()
                                ),
                            ))
                        }
                    };
                    spec.push(if matches!(kind, 'i' | 'u') { 'd' } else { kind });
                    self.format(frames, &as_int, &spec)?
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                    let as_float = match &value {
                        Value::Float(_) => value.clone(),
                        Value::Int(i) => Value::Float(*i as f64),
                        Value::Bool(b) => Value::Float(*b as i64 as f64),
                        Value::BigInt(b) => Value::Float(
                            num_traits::ToPrimitive::to_f64(&**b).unwrap_or(f64::INFINITY),
                        ),
                        other => {
                            return Err(self.error(
                                "TypeError",
                                format!("must be real number, not {}", other.type_name()),
                            ))
                        }
                    };
                    spec.push('.');
                    spec.push_str(precision.as_deref().unwrap_or("6"));
                    spec.push(kind);
                    self.format(frames, &as_float, &spec)?
                }
                other => {
                    return Err(self.error(
                        "ValueError",
                        format!(
                            "unsupported format character '{other}' (0x{:x}) at index {}",
                            other as u32,
                            i - 1
                        ),
                    ))
                }
            };
            out.push_str(&text);
        }
        if mapping.is_none() && next < values.len() && !matches!(args, Value::Dict(_)) {
            return Err(self.error(
                "TypeError",
                "not all arguments converted during string formatting",
            ));
        }
        Ok(Value::Str(Rc::from(out)))
    }

    fn contains(&mut self, frames: &mut Vec<Frame>, container: &Value, item: &Value) -> R<bool> {
        Ok(match container {
            Value::Str(s) => match item {
                Value::Str(sub) => s.contains(&**sub),
                other => {
                    return Err(self.error(
                        "TypeError",
                        format!(
                            "'in <string>' requires string as left operand, not {}",
                            other.type_name()
                        ),
                    ))
                }
            },
            Value::Dict(d) => {
                let k = self.key(item.clone())?;
                d.borrow().contains_key(&k)
            }
            Value::Set(s) => {
                let k = self.key(item.clone())?;
                s.borrow().contains(&k)
            }
            Value::FrozenSet(s) => {
                let k = self.key(item.clone())?;
                s.contains(&k)
            }
            Value::DictView(view) if view.1 == ViewKind::Keys => {
                let k = self.key(item.clone())?;
                view.0.borrow().contains_key(&k)
            }
            Value::Range(r) => match item {
                Value::Int(i) => {
                    let len = r.len();
                    len > 0 && {
                        let offset = i - r.start;
                        offset % r.step == 0 && (0..len).contains(&(offset / r.step))
                    }
                }
                _ => false,
            },
            Value::Instance(_) if self.special_method(container, "__contains__").is_some() => {
                let m = self
                    .special_method(container, "__contains__")
                    .unwrap_or(Value::None);
                let r =
                    self.call_sync(frames, m, vec![container.clone(), item.clone()], Vec::new())?;
                self.truthy(frames, &r)?
            }
            _ => {
                let items = self.iterate(frames, container)?;
                for candidate in items {
                    if self.equal(frames, &candidate, item)? {
                        return Ok(true);
                    }
                }
                false
            }
        })
    }

    // ----- items -----

    pub(crate) fn get_item(&mut self, frames: &mut Vec<Frame>, obj: &Value, index: &Value) -> R {
        match (obj, index) {
            (Value::List(l), Value::Int(i)) => {
                let l = l.borrow();
                match ops::normalize_index(*i, l.len()) {
                    Some(i) => Ok(l[i].clone()),
                    None => {
                        drop(l);
                        Err(self.error("IndexError", "list index out of range"))
                    }
                }
            }
            (Value::Tuple(t), Value::Int(i)) => match ops::normalize_index(*i, t.len()) {
                Some(i) => Ok(t[i].clone()),
                None => Err(self.error("IndexError", "tuple index out of range")),
            },
            (Value::Str(s), Value::Int(i)) => {
                let count = s.chars().count();
                match ops::normalize_index(*i, count) {
                    Some(i) => Ok(Value::Str(Rc::from(
                        s.chars().nth(i).map(String::from).unwrap_or_default(),
                    ))),
                    None => Err(self.error("IndexError", "string index out of range")),
                }
            }
            (Value::Range(r), Value::Int(i)) => match ops::normalize_index(*i, r.len() as usize) {
                Some(i) => Ok(Value::Int(r.get(i as i64))),
                None => Err(self.error("IndexError", "range object index out of range")),
            },
            (
                Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_),
                Value::Bool(b),
            ) => self.get_item(frames, obj, &Value::Int(*b as i64)),
            (
                Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_),
                Value::Slice(s),
            ) => {
                let (start, stop, step) = self.slice_parts(s)?;
                match obj {
                    Value::List(l) => {
                        let l = l.borrow();
                        let idx = ops::slice_indices(start, stop, step, l.len())
                            .map_err(|e| self.op_error(e))?;
                        Ok(Value::list(idx.into_iter().map(|i| l[i].clone()).collect()))
                    }
                    Value::Tuple(t) => {
                        let idx = ops::slice_indices(start, stop, step, t.len())
                            .map_err(|e| self.op_error(e))?;
                        Ok(Value::tuple(
                            idx.into_iter().map(|i| t[i].clone()).collect(),
                        ))
                    }
                    Value::Str(s) => {
                        let chars: Vec<char> = s.chars().collect();
                        let idx = ops::slice_indices(start, stop, step, chars.len())
                            .map_err(|e| self.op_error(e))?;
                        Ok(Value::Str(Rc::from(
                            idx.into_iter().map(|i| chars[i]).collect::<String>(),
                        )))
                    }
                    Value::Range(r) => {
                        let idx = ops::slice_indices(start, stop, step, r.len() as usize)
                            .map_err(|e| self.op_error(e))?;
                        Ok(Value::list(
                            idx.into_iter()
                                .map(|i| Value::Int(r.get(i as i64)))
                                .collect(),
                        ))
                    }
                    _ => Ok(Value::None),
                }
            }
            (Value::List(_) | Value::Tuple(_) | Value::Str(_), other) => {
                let kind = obj.type_name();
                Err(self.error(
                    "TypeError",
                    format!(
                        "{kind} indices must be integers or slices, not {}",
                        other.type_name()
                    ),
                ))
            }
            (Value::Dict(d), key) => {
                let k = self.key(key.clone())?;
                let found = d.borrow().get(&k).cloned();
                match found {
                    Some(v) => Ok(v),
                    None => Err(self.error_with_args("KeyError", vec![key.clone()])),
                }
            }
            (Value::Instance(_), _) => match self.special_method(obj, "__getitem__") {
                Some(m) => self.call_sync(frames, m, vec![obj.clone(), index.clone()], Vec::new()),
                None => Err(self.error(
                    "TypeError",
                    format!("'{}' object is not subscriptable", obj.type_name()),
                )),
            },
            (Value::Class(class), _) => {
                if let Some(getitem) = class.lookup("__class_getitem__") {
                    // Implicitly a classmethod, as in CPython.
                    let getitem = match getitem {
                        Value::ClassMethod(f) => (*f).clone(),
                        other => other,
                    };
                    return self.call_sync(
                        frames,
                        getitem,
                        vec![obj.clone(), index.clone()],
                        Vec::new(),
                    );
                }
                match class.builtin {
                    // `list[int]` in an annotation: CPython's `types.GenericAlias`, which
                    // this interpreter stands for by the type itself.
                    Some(BuiltinClass::Type(_)) => Ok(obj.clone()),
                    _ => Err(self.error(
                        "TypeError",
                        format!("type '{}' is not subscriptable", class.name),
                    )),
                }
            }
            _ => Err(self.error(
                "TypeError",
                format!("'{}' object is not subscriptable", obj.type_name()),
            )),
        }
    }

    fn slice_parts(&mut self, s: &[Value; 3]) -> R<(Option<i64>, Option<i64>, Option<i64>)> {
        let mut out = [None; 3];
        for (i, part) in s.iter().enumerate() {
            out[i] = match part {
                Value::None => None,
                Value::Int(v) => Some(*v),
                Value::Bool(b) => Some(*b as i64),
                Value::BigInt(b) => Some(if num_traits::Signed::is_negative(&**b) {
                    i64::MIN / 2
                } else {
                    i64::MAX / 2
                }),
                _ => {
                    return Err(self.error(
                        "TypeError",
                        "slice indices must be integers or None or have an __index__ method",
                    ))
                }
            };
        }
        Ok((out[0], out[1], out[2]))
    }

    fn set_item(
        &mut self,
        frames: &mut Vec<Frame>,
        obj: &Value,
        index: Value,
        value: Value,
    ) -> R<()> {
        match (obj, &index) {
            (Value::List(l), Value::Int(i)) => {
                let len = l.borrow().len();
                match ops::normalize_index(*i, len) {
                    Some(i) => {
                        l.borrow_mut()[i] = value;
                        Ok(())
                    }
                    None => Err(self.error("IndexError", "list assignment index out of range")),
                }
            }
            (Value::List(l), Value::Slice(s)) => {
                let (start, stop, step) = self.slice_parts(s)?;
                let items = self.iterate(frames, &value)?;
                let len = l.borrow().len();
                if step.unwrap_or(1) != 1 {
                    let idx =
                        ops::slice_indices(start, stop, step, len).map_err(|e| self.op_error(e))?;
                    if idx.len() != items.len() {
                        return Err(self.error(
                            "ValueError",
                            format!(
                                "attempt to assign sequence of size {} to extended slice of size {}",
                                items.len(),
                                idx.len()
                            ),
                        ));
                    }
                    let mut l = l.borrow_mut();
                    for (i, item) in idx.into_iter().zip(items) {
                        l[i] = item;
                    }
                    return Ok(());
                }
                let idx =
                    ops::slice_indices(start, stop, None, len).map_err(|e| self.op_error(e))?;
                let (from, to) = match (idx.first(), idx.last()) {
                    (Some(&a), Some(&b)) => (a, b + 1),
                    _ => {
                        let s = start
                            .map(|s| {
                                if s < 0 {
                                    (s + len as i64).max(0)
                                } else {
                                    s.min(len as i64)
                                }
                            })
                            .unwrap_or(0) as usize;
                        (s, s)
                    }
                };
                l.borrow_mut().splice(from..to, items);
                Ok(())
            }
            (Value::Dict(d), _) => {
                let k = self.key(index)?;
                d.borrow_mut().insert(k, value);
                Ok(())
            }
            (Value::Instance(_), _) => match self.special_method(obj, "__setitem__") {
                Some(m) => {
                    self.call_sync(frames, m, vec![obj.clone(), index, value], Vec::new())?;
                    Ok(())
                }
                None => Err(self.error(
                    "TypeError",
                    format!(
                        "'{}' object does not support item assignment",
                        obj.type_name()
                    ),
                )),
            },
            _ => Err(self.error(
                "TypeError",
                format!(
                    "'{}' object does not support item assignment",
                    obj.type_name()
                ),
            )),
        }
    }

    fn del_item(&mut self, frames: &mut Vec<Frame>, obj: &Value, index: &Value) -> R<()> {
        match (obj, index) {
            (Value::List(l), Value::Int(i)) => {
                let len = l.borrow().len();
                match ops::normalize_index(*i, len) {
                    Some(i) => {
                        l.borrow_mut().remove(i);
                        Ok(())
                    }
                    None => Err(self.error("IndexError", "list assignment index out of range")),
                }
            }
            (Value::List(l), Value::Slice(s)) => {
                let (start, stop, step) = self.slice_parts(s)?;
                let len = l.borrow().len();
                let idx =
                    ops::slice_indices(start, stop, step, len).map_err(|e| self.op_error(e))?;
                let mut l = l.borrow_mut();
                for i in idx.into_iter().rev() {
                    if i < l.len() {
                        l.remove(i);
                    }
                }
                Ok(())
            }
            (Value::Dict(d), key) => {
                let k = self.key(key.clone())?;
                let removed = d.borrow_mut().shift_remove(&k);
                match removed {
                    Some(_) => Ok(()),
                    None => Err(self.error_with_args("KeyError", vec![key.clone()])),
                }
            }
            (Value::Instance(_), _) => match self.special_method(obj, "__delitem__") {
                Some(m) => {
                    self.call_sync(frames, m, vec![obj.clone(), index.clone()], Vec::new())?;
                    Ok(())
                }
                None => Err(self.error(
                    "TypeError",
                    format!(
                        "'{}' object does not support item deletion",
                        obj.type_name()
                    ),
                )),
            },
            _ => Err(self.error(
                "TypeError",
                format!(
                    "'{}' object does not support item deletion",
                    obj.type_name()
                ),
            )),
        }
    }

    // ----- iteration -----

    pub(crate) fn get_iter(&mut self, frames: &mut Vec<Frame>, v: Value) -> R {
        let state = match v {
            Value::List(_) | Value::Tuple(_) => IterState::Seq { seq: v, index: 0 },
            Value::Str(ref s) => {
                let chars: Vec<Value> = s
                    .chars()
                    .map(|c| Value::Str(Rc::from(c.to_string())))
                    .collect();
                IterState::Values(chars.into_iter())
            }
            Value::Range(r) => IterState::Range {
                next: r.start,
                stop: r.stop,
                step: r.step,
            },
            Value::Dict(d) => {
                let len = d.borrow().len();
                IterState::DictKeys {
                    dict: d.clone(),
                    index: 0,
                    len,
                    kind: ViewKind::Keys,
                }
            }
            Value::DictView(ref view) => {
                let len = view.0.borrow().len();
                IterState::DictKeys {
                    dict: view.0.clone(),
                    index: 0,
                    len,
                    kind: view.1,
                }
            }
            Value::Set(_) | Value::FrozenSet(_) => {
                let len = set_members(&v, |s| s.len());
                IterState::SetItems {
                    set: v.clone(),
                    pos: 0,
                    len,
                    changed: false,
                }
            }
            // A coroutine or an async generator is awaited or iterated with `async for`.
            Value::Generator(g) if g.borrow().kind != GenKind::Generator => {
                let what = match g.borrow().kind {
                    GenKind::Coroutine => "coroutine",
                    _ => "async_generator",
                };
                return Err(self.error("TypeError", format!("'{what}' object is not iterable")));
            }
            Value::Iterator(_) | Value::Generator(_) => return Ok(v),
            Value::Instance(_) => {
                if let Some(m) = self.special_method(&v, "__iter__") {
                    return self.call_sync(frames, m, vec![v.clone()], Vec::new());
                }
                if let Some(m) = self.special_method(&v, "__getitem__") {
                    // The old sequence protocol: index until IndexError.
                    let mut out = Vec::new();
                    for i in 0.. {
                        match self.call_sync(
                            frames,
                            m.clone(),
                            vec![v.clone(), Value::Int(i)],
                            Vec::new(),
                        ) {
                            Ok(item) => out.push(item),
                            Err(e)
                                if self.exc_is(&e, "IndexError")
                                    || self.exc_is(&e, "StopIteration") =>
                            {
                                break
                            }
                            Err(e) => return Err(e),
                        }
                        if out.len() > ops::MAX_ITEMS {
                            return Err(self.error("MemoryError", ""));
                        }
                    }
                    return Ok(Value::Iterator(Rc::new(RefCell::new(IterState::Values(
                        out.into_iter(),
                    )))));
                }
                return Err(self.error(
                    "TypeError",
                    format!("'{}' object is not iterable", v.type_name()),
                ));
            }
            other => {
                return Err(self.error(
                    "TypeError",
                    format!("'{}' object is not iterable", other.type_name()),
                ))
            }
        };
        Ok(Value::Iterator(Rc::new(RefCell::new(state))))
    }

    /// The next value of a built-in iterator, or `None` when it is exhausted.
    pub(crate) fn iter_next(
        &mut self,
        frames: &mut Vec<Frame>,
        state: &Rc<RefCell<IterState>>,
    ) -> R<Option<Value>> {
        let mut s = state.borrow_mut();
        match &mut *s {
            IterState::AsyncGenAwait { .. } => {
                let kind = s.type_name_of();
                drop(s);
                Err(self.error(
                    "TypeError",
                    format!("'{kind}' object can only be awaited here"),
                ))
            }
            IterState::Seq { seq, index } => {
                let v = match seq {
                    Value::List(l) => l.borrow().get(*index).cloned(),
                    Value::Tuple(t) => t.get(*index).cloned(),
                    _ => None,
                };
                *index += 1;
                Ok(v)
            }
            IterState::Range { next, stop, step } => {
                if (*step > 0 && *next < *stop) || (*step < 0 && *next > *stop) {
                    let v = *next;
                    *next = next.saturating_add(*step);
                    Ok(Some(Value::Int(v)))
                } else {
                    Ok(None)
                }
            }
            IterState::Values(it) => Ok(it.next()),
            IterState::SetItems {
                set,
                pos,
                len,
                changed,
            } => {
                if *pos == usize::MAX {
                    return Ok(None);
                }
                let next = set_members(set, |members| {
                    (members.len() == *len).then(|| members.next_from(*pos))
                });
                match next {
                    Some(next) if !*changed => Ok(match next {
                        Some((key, after)) => {
                            *pos = after;
                            Some(key.0)
                        }
                        None => {
                            *pos = usize::MAX;
                            None
                        }
                    }),
                    _ => {
                        *changed = true;
                        drop(s);
                        Err(self.error("RuntimeError", "Set changed size during iteration"))
                    }
                }
            }
            IterState::DictKeys {
                dict,
                index,
                len,
                kind,
            } => {
                let d = dict.borrow();
                if d.len() != *len {
                    drop(d);
                    drop(s);
                    return Err(
                        self.error("RuntimeError", "dictionary changed size during iteration")
                    );
                }
                let item = d.get_index(*index).map(|(k, v)| match kind {
                    ViewKind::Keys => k.0.clone(),
                    ViewKind::Values => v.clone(),
                    ViewKind::Items => Value::tuple(vec![k.0.clone(), v.clone()]),
                });
                *index += 1;
                Ok(item)
            }
            IterState::Reversed { seq, index } => {
                if *index == 0 {
                    return Ok(None);
                }
                *index -= 1;
                let v = match seq {
                    Value::List(l) => l.borrow().get(*index).cloned(),
                    Value::Tuple(t) => t.get(*index).cloned(),
                    _ => None,
                };
                Ok(v)
            }
            IterState::Enumerate { inner, count } => {
                let inner = inner.clone();
                let n = *count;
                *count += 1;
                drop(s);
                Ok(self
                    .next_of(frames, &inner)?
                    .map(|v| Value::tuple(vec![Value::Int(n), v])))
            }
            IterState::Zip { inners } => {
                let inners = inners.clone();
                drop(s);
                let mut out = Vec::with_capacity(inners.len());
                for inner in &inners {
                    match self.next_of(frames, inner)? {
                        Some(v) => out.push(v),
                        None => return Ok(None),
                    }
                }
                if out.is_empty() {
                    return Ok(None);
                }
                Ok(Some(Value::tuple(out)))
            }
            IterState::Map { func, inners } => {
                let (func, inners) = (func.clone(), inners.clone());
                drop(s);
                let mut args = Vec::with_capacity(inners.len());
                for inner in &inners {
                    match self.next_of(frames, inner)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                Ok(Some(self.call_sync(frames, func, args, Vec::new())?))
            }
            IterState::Filter { func, inner } => {
                let (func, inner) = (func.clone(), inner.clone());
                drop(s);
                loop {
                    let Some(v) = self.next_of(frames, &inner)? else {
                        return Ok(None);
                    };
                    let keep = match &func {
                        Value::None => self.truthy(frames, &v)?,
                        f => {
                            let r =
                                self.call_sync(frames, f.clone(), vec![v.clone()], Vec::new())?;
                            self.truthy(frames, &r)?
                        }
                    };
                    if keep {
                        return Ok(Some(v));
                    }
                }
            }
        }
    }

    /// `next(it)` from Rust for any iterator.
    pub(crate) fn next_of(&mut self, frames: &mut Vec<Frame>, it: &Value) -> R<Option<Value>> {
        match it {
            Value::Iterator(state) => self.iter_next(frames, state),
            Value::Generator(g) => self.next_sync(frames, g),
            other => {
                let Some(m) = self.special_method(other, "__next__") else {
                    return Err(self.error(
                        "TypeError",
                        format!("'{}' object is not an iterator", other.type_name()),
                    ));
                };
                match self.call_sync(frames, m, vec![other.clone()], Vec::new()) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.exc_is(&e, "StopIteration") => Ok(None),
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// Collects every value of an iterable (with the size cap).
    pub(crate) fn iterate(&mut self, frames: &mut Vec<Frame>, v: &Value) -> R<Vec<Value>> {
        match v {
            Value::List(l) => return Ok(l.borrow().clone()),
            Value::Tuple(t) => return Ok(t.to_vec()),
            Value::Range(r) => {
                let len = r.len().max(0) as usize;
                if len > ops::MAX_ITEMS {
                    return Err(self.error("MemoryError", ""));
                }
                self.charge(len as u64 / 4);
                return Ok((0..len as i64).map(|i| Value::Int(r.get(i))).collect());
            }
            _ => {}
        }
        let it = self.get_iter(frames, v.clone())?;
        let mut out = Vec::new();
        while let Some(item) = self.next_of(frames, &it)? {
            out.push(item);
            if out.len() > ops::MAX_ITEMS {
                return Err(self.error("MemoryError", ""));
            }
        }
        self.charge(out.len() as u64 / 4);
        Ok(out)
    }

    fn get_awaitable(&mut self, frames: &mut Vec<Frame>, v: Value) -> R {
        match &v {
            Value::Generator(g) if g.borrow().kind == GenKind::Coroutine => {
                if g.borrow().running {
                    return Err(self.error("RuntimeError", "coroutine is being awaited already"));
                }
                Ok(v)
            }
            Value::Instance(_) if Self::is_native_awaitable(&v) => Ok(v),
            Value::Iterator(it) if matches!(&*it.borrow(), IterState::AsyncGenAwait { .. }) => {
                Ok(v)
            }
            Value::Instance(_) => match self.special_method(&v, "__await__") {
                Some(m) => self.call_sync(frames, m, vec![v.clone()], Vec::new()),
                None => Err(self.error(
                    "TypeError",
                    format!(
                        "object {} can't be used in 'await' expression",
                        v.type_name()
                    ),
                )),
            },
            other => Err(self.error(
                "TypeError",
                format!(
                    "object {} can't be used in 'await' expression",
                    other.type_name()
                ),
            )),
        }
    }

    // ----- text -----

    pub(crate) fn str_of(&mut self, frames: &mut Vec<Frame>, v: &Value) -> R<String> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Instance(inst) => {
                if let Some(m) = inst.class.lookup("__str__") {
                    if matches!(m, Value::Function(_)) {
                        let r = self.call_sync(frames, m, vec![v.clone()], Vec::new())?;
                        return match r {
                            Value::Str(s) => Ok(s.to_string()),
                            other => Err(self.error(
                                "TypeError",
                                format!("__str__ returned non-string (type {})", other.type_name()),
                            )),
                        };
                    }
                }
                if inst.class.is_exception() {
                    return self.exception_str(frames, v);
                }
                self.repr(frames, v)
            }
            _ => self.repr(frames, v),
        }
    }

    /// `str(exc)` for built-in exception behaviour.
    fn exception_str(&mut self, frames: &mut Vec<Frame>, v: &Value) -> R<String> {
        let Value::Instance(inst) = v else {
            return Ok(String::new());
        };
        let args = match inst.dict.borrow().get("args") {
            Some(Value::Tuple(t)) => t.to_vec(),
            _ => Vec::new(),
        };
        let is_key_error = self
            .exc_classes
            .get("KeyError")
            .is_some_and(|k| inst.class.is_subclass(k));
        if self.exc_is(v, "BaseExceptionGroup") {
            let message = match inst.dict.borrow().get("message") {
                Some(Value::Str(s)) => s.to_string(),
                _ => String::new(),
            };
            let n = match inst.dict.borrow().get("exceptions") {
                Some(Value::Tuple(t)) => t.len(),
                _ => 0,
            };
            return Ok(format!(
                "{message} ({n} sub-exception{})",
                if n == 1 { "" } else { "s" }
            ));
        }
        match args.len() {
            0 => Ok(String::new()),
            1 if is_key_error => self.repr(frames, &args[0]),
            1 => self.str_of(frames, &args[0]),
            _ => self.repr(frames, &Value::tuple(args)),
        }
    }

    /// `str(v)` for messages, never failing.
    pub(crate) fn str_of_quiet(&mut self, v: &Value) -> String {
        let mut frames = Vec::new();
        self.str_of(&mut frames, v).unwrap_or_default()
    }

    pub(crate) fn repr(&mut self, frames: &mut Vec<Frame>, v: &Value) -> R<String> {
        // Deeply nested containers raise RecursionError, as CPython's repr does, before
        // the recursion can exhaust the host's stack.
        if matches!(
            v,
            Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) | Value::Instance(_)
        ) {
            if self.repr_depth >= MAX_REPR_DEPTH {
                return Err(self.error(
                    "RecursionError",
                    "maximum recursion depth exceeded while getting the repr of an object",
                ));
            }
            self.repr_depth += 1;
            let result = self.repr_inner(frames, v);
            self.repr_depth -= 1;
            return result;
        }
        self.repr_inner(frames, v)
    }

    fn repr_inner(&mut self, frames: &mut Vec<Frame>, v: &Value) -> R<String> {
        Ok(match v {
            Value::None => "None".to_string(),
            Value::Bool(true) => "True".to_string(),
            Value::Bool(false) => "False".to_string(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => b.to_string(),
            Value::Float(f) => super::fmt::float_repr(*f),
            Value::Str(s) => ops::quote_str(s),
            Value::List(l) => {
                let items = l.borrow().clone();
                if self.repr_guard_enter(v) {
                    return Ok("[...]".to_string());
                }
                let r = self.repr_items(frames, &items);
                self.repr_guard_exit();
                format!("[{}]", r?)
            }
            Value::Tuple(t) => {
                let inner = self.repr_items(frames, t)?;
                if t.len() == 1 {
                    format!("({inner},)")
                } else {
                    format!("({inner})")
                }
            }
            Value::Dict(d) => {
                let items: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.0.clone(), v.clone()))
                    .collect();
                if self.repr_guard_enter(v) {
                    return Ok("{...}".to_string());
                }
                let mut parts = Vec::with_capacity(items.len());
                for (k, val) in items {
                    let k = self.repr(frames, &k);
                    let val = self.repr(frames, &val);
                    match (k, val) {
                        (Ok(k), Ok(val)) => parts.push(format!("{k}: {val}")),
                        (Err(e), _) | (_, Err(e)) => {
                            self.repr_guard_exit();
                            return Err(e);
                        }
                    }
                }
                self.repr_guard_exit();
                format!("{{{}}}", parts.join(", "))
            }
            Value::Set(s) => {
                let items: Vec<Value> = s.borrow().iter().map(|k| k.0.clone()).collect();
                if items.is_empty() {
                    "set()".to_string()
                } else {
                    format!("{{{}}}", self.repr_items(frames, &items)?)
                }
            }
            Value::FrozenSet(s) => {
                let items: Vec<Value> = s.iter().map(|k| k.0.clone()).collect();
                if items.is_empty() {
                    "frozenset()".to_string()
                } else {
                    format!("frozenset({{{}}})", self.repr_items(frames, &items)?)
                }
            }
            Value::Range(r) => {
                if r.step == 1 {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Value::Slice(s) => {
                let parts = self.repr_items(frames, &s[..])?;
                format!("slice({parts})")
            }
            Value::Function(f) => {
                format!("<function {} at {:#x}>", f.code.qualname, fake_address(v))
            }
            Value::Builtin(b) => match &b.this {
                Some(this) => format!(
                    "<built-in method {} of {} object at {:#x}>",
                    b.name,
                    this.type_name(),
                    fake_address(this)
                ),
                None => format!("<built-in function {}>", b.name),
            },
            Value::Method(m) => {
                let name = match &m.1 {
                    Value::Function(f) => f.code.qualname.to_string(),
                    other => other.type_name().to_string(),
                };
                let this = self.repr(frames, &m.0)?;
                format!("<bound method {name} of {this}>")
            }
            Value::Class(c) => match c.builtin {
                Some(BuiltinClass::Type(_)) | Some(BuiltinClass::Object) => {
                    format!("<class '{}'>", c.name)
                }
                _ if &*c.module == "builtins" => format!("<class '{}'>", c.qualname),
                _ => format!("<class '{}.{}'>", c.module, c.qualname),
            },
            Value::Instance(_) if self.union_args(v).is_some() => {
                let members = self.union_args(v).unwrap_or_default();
                let mut parts = Vec::new();
                for member in &members {
                    parts.push(match member {
                        Value::Class(c)
                            if c.builtin == Some(BuiltinClass::Type(TypeTag::NoneType)) =>
                        {
                            "None".to_string()
                        }
                        Value::Class(c) if &*c.module == "builtins" || c.builtin.is_some() => {
                            c.qualname.to_string()
                        }
                        Value::Class(c) => format!("{}.{}", c.module, c.qualname),
                        other => self.repr(frames, other)?,
                    });
                }
                parts.join(" | ")
            }
            Value::Instance(inst) => {
                if let Some(m) = inst.class.lookup("__repr__") {
                    if matches!(m, Value::Function(_)) {
                        let r = self.call_sync(frames, m, vec![v.clone()], Vec::new())?;
                        return match r {
                            Value::Str(s) => Ok(s.to_string()),
                            other => Err(self.error(
                                "TypeError",
                                format!(
                                    "__repr__ returned non-string (type {})",
                                    other.type_name()
                                ),
                            )),
                        };
                    }
                }
                if inst.class.is_exception() {
                    return self.exception_repr(frames, v);
                }
                format!(
                    "<{}.{} object at {:#x}>",
                    inst.class.module,
                    inst.class.qualname,
                    fake_address(v)
                )
            }
            Value::Module(m) => format!("<module '{}'>", m.name),
            Value::Generator(g) => {
                let g = g.borrow();
                let kind = if g.kind == GenKind::Coroutine {
                    "coroutine"
                } else {
                    "generator"
                };
                format!("<{kind} object {} at {:#x}>", g.qualname, fake_address(v))
            }
            Value::Iterator(_) => format!("<{} object at {:#x}>", v.type_name(), fake_address(v)),
            Value::Cell(_) => "<cell>".to_string(),
            Value::Lock(l) => {
                let state = if l.locked.get() { "locked" } else { "unlocked" };
                format!("<{state} _thread.lock object at {:#x}>", fake_address(v))
            }
            Value::Property(_) => format!("<property object at {:#x}>", fake_address(v)),
            Value::StaticMethod(_) => format!("<staticmethod object at {:#x}>", fake_address(v)),
            Value::ClassMethod(_) => format!("<classmethod object at {:#x}>", fake_address(v)),
            Value::DictView(view) => {
                let items = self.iterate(frames, v)?;
                let name = match view.1 {
                    ViewKind::Keys => "dict_keys",
                    ViewKind::Values => "dict_values",
                    ViewKind::Items => "dict_items",
                };
                format!("{name}([{}])", self.repr_items(frames, &items)?)
            }
            Value::Ellipsis => "Ellipsis".to_string(),
            Value::NotImplemented => "NotImplemented".to_string(),
            Value::Null => "<NULL>".to_string(),
        })
    }

    fn exception_repr(&mut self, frames: &mut Vec<Frame>, v: &Value) -> R<String> {
        let Value::Instance(inst) = v else {
            return Ok(String::new());
        };
        let name = inst.class.name.clone();
        if self.exc_is(v, "BaseExceptionGroup") {
            let message = inst
                .dict
                .borrow()
                .get("message")
                .cloned()
                .unwrap_or(Value::None);
            let exceptions = match inst.dict.borrow().get("exceptions") {
                Some(Value::Tuple(t)) => Value::list(t.to_vec()),
                _ => Value::list(Vec::new()),
            };
            let m = self.repr(frames, &message)?;
            let e = self.repr(frames, &exceptions)?;
            return Ok(format!("{name}({m}, {e})"));
        }
        let args = match inst.dict.borrow().get("args") {
            Some(Value::Tuple(t)) => t.to_vec(),
            _ => Vec::new(),
        };
        let inner = self.repr_items(frames, &args)?;
        Ok(format!("{name}({inner})"))
    }

    fn repr_items(&mut self, frames: &mut Vec<Frame>, items: &[Value]) -> R<String> {
        let mut parts = Vec::with_capacity(items.len());
        for item in items {
            parts.push(self.repr(frames, item)?);
        }
        Ok(parts.join(", "))
    }

    fn repr_guard_enter(&mut self, v: &Value) -> bool {
        let id = identity(v);
        if self.repr_stack.contains(&id) {
            return true;
        }
        self.repr_stack.push(id);
        false
    }

    fn repr_guard_exit(&mut self) {
        self.repr_stack.pop();
    }

    /// `format(v, spec)`.
    pub(crate) fn format(&mut self, frames: &mut Vec<Frame>, v: &Value, spec: &str) -> R<String> {
        let result = match v {
            Value::Int(i) => super::fmt::format_int(&num_bigint::BigInt::from(*i), spec),
            Value::BigInt(b) => super::fmt::format_int(b, spec),
            Value::Bool(b) if !spec.is_empty() => {
                super::fmt::format_int(&num_bigint::BigInt::from(*b as i64), spec)
            }
            Value::Float(f) => super::fmt::format_float(*f, spec),
            Value::Str(s) => super::fmt::format_str(s, spec),
            Value::Instance(inst) if inst.class.lookup("__format__").is_some() => {
                let m = inst.class.lookup("__format__").unwrap_or(Value::None);
                let r = self.call_sync(frames, m, vec![v.clone(), Value::str(spec)], Vec::new())?;
                return self.str_of(frames, &r);
            }
            _ => {
                if spec.is_empty() {
                    return self.str_of(frames, v);
                }
                return Err(self.error(
                    "TypeError",
                    format!(
                        "unsupported format string passed to {}.__format__",
                        v.type_name()
                    ),
                ));
            }
        };
        result.map_err(|message| self.error("ValueError", message))
    }
}

/// CPython's `traceback` limits on what an exception group's listing shows.
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

/// Where a traceback is within exception groups' boxes (`_ExceptionPrintContext`).
#[derive(Default)]
struct GroupContext {
    depth: usize,
    need_close: bool,
}

impl GroupContext {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// Writes `text`, each line indented for the depth and, inside a group, after
    /// `margin` (`|`, or `+` on a top-level group's title).
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        let mut prefix = self.indent();
        if self.depth > 0 {
            prefix.push(margin);
            prefix.push(' ');
        }
        for line in text.split_inclusive('\n') {
            out.push_str(&prefix);
            out.push_str(line);
        }
    }
}

/// The marker line CPython 3.11 prints under a traceback's source line: `^`s under the
/// part of the line that failed (and `~`s under a failing operation's operands, `^`s
/// under its operator), or nothing when the whole line failed.
fn caret_line(line: &str, entry: &TbEntry) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let indent = chars.iter().take_while(|c| c.is_whitespace()).count();
    let stripped_len = line.trim().chars().count();
    if entry.end_line > entry.line {
        // An expression over several lines: CPython underlines the rest of its first.
        let start = (entry.col as usize).checked_sub(indent)?;
        return (start < stripped_len && start > 0)
            .then(|| format!("{}{}", " ".repeat(start), "^".repeat(stripped_len - start)));
    }
    if entry.end_line != entry.line || entry.end_col <= entry.col {
        return None;
    }
    let start = (entry.col as usize).checked_sub(indent)?;
    let end = (entry.end_col as usize)
        .checked_sub(indent)?
        .min(stripped_len);
    if start >= end {
        return None;
    }
    let segment: Vec<char> = chars
        .get(entry.col as usize..entry.end_col as usize)?
        .to_vec();
    // CPython leaves out carets that would underline the whole line, unless they
    // point at an operator or a subscript's brackets within it (`~~^~~`).
    let anchor = entry.anchor.and_then(|op| find_anchor(&segment, op));
    if anchor.is_none() && start == 0 && end == stripped_len {
        return None;
    }
    let marks: String = match anchor {
        Some((from, to)) => (0..segment.len())
            .map(|i| if (from..to).contains(&i) { '^' } else { '~' })
            .collect(),
        None => "^".repeat(segment.len()),
    };
    Some(format!("{}{marks}", " ".repeat(start)))
}

/// Where the failing operator (or a subscript's brackets) sits in an expression's
/// text: the last one outside parentheses, or the first for the right-associative `**`.
fn find_anchor(segment: &[char], op: &str) -> Option<(usize, usize)> {
    let op: Vec<char> = op.chars().collect();
    let mut depth = 0i32;
    let mut found = None;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < segment.len() {
        let c = segment[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '{' => depth += 1,
            ')' | '}' | ']' => depth -= 1,
            '[' if op[..] != ['['] => depth += 1,
            _ => {}
        }
        if depth == 0 && segment[i..].starts_with(&op) {
            let before = i.checked_sub(1).map(|j| segment[j]);
            let after = segment.get(i + op.len()).copied();
            // `*` is not part of `**`, nor `/` of `//`.
            let doubled = |c: Option<char>| {
                c == op.first().copied() && op.len() == 1 && matches!(op[0], '*' | '/' | '<' | '>')
            };
            if !doubled(before) && !doubled(after) && i > 0 {
                if op[..] == ['['] {
                    found = Some((i, segment.len()));
                    depth += 1;
                } else {
                    found = Some((i, i + op.len()));
                    if op[..] == ['*', '*'] {
                        break;
                    }
                }
            } else if op[..] == ['['] {
                depth += 1;
            }
        }
        i += 1;
    }
    found
}

/// A stable, plausible-looking address for `repr`s that show one.
pub(crate) fn fake_address(v: &Value) -> u64 {
    0x7f00_0000_0000_u64 + ((identity(v) as u64) & 0xff_ffff_fff0)
}

fn name_list(names: &[Rc<str>]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// A new exception instance with `args`.
pub fn new_exception(class: &Rc<Class>, args: Vec<Value>) -> Value {
    let mut dict = Namespace::default();
    dict.insert(Rc::from("args"), Value::tuple(args));
    Value::Instance(Rc::new(Instance {
        class: class.clone(),
        dict: RefCell::new(dict),
        exc: RefCell::new(Some(Box::default())),
        slots: RefCell::new(Vec::new()),
        serial: next_serial(),
    }))
}

/// C3 linearisation of the bases: the MRO without the class itself.
pub(crate) fn c3_mro(bases: &[Rc<Class>]) -> Option<Vec<Rc<Class>>> {
    let mut sequences: Vec<Vec<Rc<Class>>> = bases
        .iter()
        .map(|b| {
            let mut s = vec![b.clone()];
            s.extend(b.mro.iter().cloned());
            s
        })
        .collect();
    sequences.push(bases.to_vec());
    let mut out: Vec<Rc<Class>> = Vec::new();
    loop {
        sequences.retain(|s| !s.is_empty());
        if sequences.is_empty() {
            return Some(out);
        }
        let candidate = sequences.iter().find_map(|s| {
            let head = &s[0];
            let in_tail = sequences
                .iter()
                .any(|t| t[1..].iter().any(|c| Rc::ptr_eq(c, head)));
            (!in_tail).then(|| head.clone())
        })?;
        for s in &mut sequences {
            if Rc::ptr_eq(&s[0], &candidate) {
                s.remove(0);
            }
        }
        out.push(candidate);
    }
}

/// Remembers how many attributes an instance has after `__init__`, so that its class's
/// next instances start with a dict that size.
pub(crate) fn note_instance_size(instance: &Value) {
    if let Value::Instance(inst) = instance {
        let len = inst.dict.borrow().len();
        if len > inst.class.instance_size.get() {
            inst.class.instance_size.set(len.min(64));
        }
    }
}

/// Remembers what an exception's "Did you mean" is worked out from.
fn set_suggest(exc: &Value, source: super::suggest::Source) {
    if let Value::Instance(inst) = exc {
        inst.exc
            .borrow_mut()
            .get_or_insert_with(Box::default)
            .suggest = Some(source);
    }
}

/// `SystemExit.code`: its one argument, its arguments as a tuple, or None.
fn system_exit_code(exc: &Value) -> Value {
    let args = match exc {
        Value::Instance(inst) => match inst.dict.borrow().get("args") {
            Some(Value::Tuple(t)) => t.to_vec(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    match args.len() {
        0 => Value::None,
        1 => args.into_iter().next().unwrap_or(Value::None),
        _ => Value::tuple(args),
    }
}

/// Where CPython 3.11 (Debian's, under `/usr/lib/python3.11`) is when a coroutine's last
/// reference goes in the library code that runs the learner's callbacks and threads:
/// a task's step or a callback ends in `Handle._run`, a thread's target in
/// `Thread.run`.
fn library_line(file: &str) -> Option<(&'static str, u32, &'static str)> {
    match file {
        "<interleave asyncio>" => Some((
            "/usr/lib/python3.11/asyncio/events.py",
            80,
            "self._context.run(self._callback, *self._args)",
        )),
        "<interleave threading>" => Some((
            "/usr/lib/python3.11/threading.py",
            975,
            "self._target(*self._args, **self._kwargs)",
        )),
        _ => None,
    }
}
