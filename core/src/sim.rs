//! The model: runs a Python program through the interpreter on a virtual clock.
//!
//! [`predict`] is the virtual-clock driver of [`crate::interp`]. It owns time, the GIL
//! and who runs next, and turns what the interpreter reports into the same plain
//! [`Timeline`] the live runtime produces:
//! - the GIL goes to one thread at a time. A thread keeps it until it blocks (sleep,
//!   lock, join, queue, the event loop's idle wait) or, when another thread has waited
//!   for it for the switch interval (5 ms), until its next switch point;
//! - or, free-threaded, up to `cores` threads run side by side;
//! - computation costs virtual time per instruction, calibrated against CPython 3.11
//!   (see [`Costs`]); `time.sleep` and `asyncio.sleep` advance it exactly;
//! - every line printed carries the instant it was printed, and lines that threads
//!   print at nearly the same moment are marked as tied: CPython's order for them is
//!   up to the operating system.
//!
//! A program that computes or sleeps past the budgets, or deadlocks, ends with a
//! message saying so instead of hanging whoever drives the model.

use crate::interp::code::Code;
use crate::interp::process::Pickled;
use crate::interp::vm::{
    Clock, Event, Interpreter, Limits, Nanos, Printed, Spawn, Stop, Stream, TaskState,
};
use crate::timeline::Micros;
use crate::timeline::{Lane, LaneKind, MarkKind, SpanState, Timeline, TimelineBuilder};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

mod world;
pub use world::{Delivery, Exchange, EXIT_NS, MESSAGE_NS, SPAWN_NS, STARTUP_NS};

/// What the virtual clock charges for computation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Costs {
    /// Nanoseconds of CPython 3.11 time per cost unit (about one bytecode instruction).
    pub ns_per_unit: f64,
}

impl Default for Costs {
    /// Measured on this project's machines (BENCHMARKS.md, "Calibrating the virtual
    /// clock"): about the median, over seven kinds of CPU-bound program, of CPython
    /// 3.11's time divided by the units the interpreter counts for them, with a
    /// global's load or store weighted three units and formatting a value seven.
    /// Function-local loops,
    /// the lessons' CPU work, come within a few percent; other kinds of program within
    /// about a factor of 1.5.
    fn default() -> Self {
        Costs { ns_per_unit: 3.5 }
    }
}

/// How to run a program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// `False` for a free-threaded build (3.13t), where threads run in parallel.
    pub gil: bool,
    /// Cores available to free-threaded threads (`os.cpu_count()`).
    pub cores: usize,
    pub costs: Costs,
    /// The most computation a run may do, in cost units (a runaway loop ends here):
    /// 400 million by default: a few seconds of CPython 3.11 computation (more in
    /// functions, whose local variables CPython reaches faster).
    pub max_units: u64,
    /// The most virtual time a run may span: an hour by default (a program that sleeps
    /// for a day is stopped there, with a message).
    pub max_virtual_ns: Nanos,
    /// The most lines of output kept.
    pub max_output_lines: usize,
    /// The most step-through events kept.
    pub max_events: usize,
    /// How tracebacks name the program's file.
    pub file_name: String,
    /// The longest slice a thread runs before its driver's host gets control back,
    /// even with nobody waiting for the GIL (a live host paces computation between
    /// slices). `None`: as long as the rules allow.
    #[serde(default)]
    pub max_slice_ns: Option<Nanos>,
    /// The host's wall clock when the program starts, for `time.time()`,
    /// `time.localtime()` and `time.strftime()`; `None`: a fixed date, UTC, so a
    /// prediction prints the same every time (the lessons' are made at build time).
    #[serde(default)]
    pub wall_clock: Option<WallClock>,
}

/// A wall clock reading: seconds since 1970 and the local zone's offset from UTC.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WallClock {
    pub epoch_s: f64,
    pub utc_offset_s: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            gil: true,
            cores: 2,
            costs: Costs::default(),
            max_units: 400_000_000,
            max_virtual_ns: 3_600 * 1_000_000_000,
            max_output_lines: 10_000,
            max_events: 2_000,
            file_name: "main.py".to_string(),
            max_slice_ns: None,
            wall_clock: None,
        }
    }
}

/// In `task_lanes`, a task that has no lane (one of asyncio's own).
const NO_LANE: usize = usize::MAX;

/// The most lanes a step records the line and state of (plus its own lane).
const MAX_STEP_LANES: usize = 64;

/// The switch interval, `sys.getswitchinterval()`.
pub const SWITCH_INTERVAL_NS: Nanos = 5_000_000;

/// What one lane was doing at a step, and at which line of the program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneAt {
    pub lane: usize,
    pub line: Option<u32>,
    pub state: Option<SpanState>,
}

/// One moment a learner can step to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub at: Micros,
    /// What happened, in Python's words: `Thread-1 (worker) sleeps 0.2 s`.
    pub description: String,
    /// The lane the step is about.
    pub lane: Option<usize>,
    /// Every lane's line and state right after it.
    pub lanes: Vec<LaneAt>,
    /// The lane of the thread holding the GIL.
    pub gil_holder: Option<usize>,
    /// Lanes of the threads waiting for the GIL, in order.
    pub gil_waiters: Vec<usize>,
    /// Locks someone waits for: who holds each and who waits.
    pub locks: Vec<LockAt>,
    /// Every queue's length.
    pub queues: Vec<QueueAt>,
}

/// A lock at one step: its holder's lane and the lanes waiting for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockAt {
    pub lock: u64,
    pub holder: Option<usize>,
    pub waiters: Vec<usize>,
}

/// A queue at one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueAt {
    /// `Queue #1`, `asyncio.Queue #2`: the program's variable names are not known.
    pub name: String,
    pub len: usize,
}

/// Everything a prediction produced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub timeline: Timeline,
    /// Exactly what the program wrote to standard output.
    pub stdout: String,
    /// What it wrote to standard error (tracebacks, "Task exception was never retrieved").
    pub stderr: String,
    pub exit_code: i32,
    pub steps: Vec<Step>,
    pub steps_truncated: bool,
    /// Why the run was cut short, if it was: a budget, or a deadlock.
    pub stopped: Option<String>,
    /// Cost units the program computed.
    pub units: u64,
    /// What the learner should know beside the output: where this page runs the
    /// program differently from CPython on some systems (processes start as `spawn`).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Why the driver stopped a program before it ended.
fn budget_message(kind: &str) -> String {
    match kind {
        "units" => "stopped: the program computed for longer than this page allows (the operation budget). Is there a loop that never ends?".to_string(),
        "time" => "stopped: the program would run for more than an hour of virtual time".to_string(),
        _ => kind.to_string(),
    }
}

/// The driver's side of the virtual clock: the instant the current slice began.
struct VirtualClock {
    base: Rc<Cell<Nanos>>,
    ns_per_unit: f64,
}

impl Clock for VirtualClock {
    fn now(&self, cost: u64) -> Nanos {
        self.base.get() + (cost as f64 * self.ns_per_unit) as Nanos
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum ThreadState {
    /// Wants the GIL since this instant.
    Ready(Nanos),
    Running,
    Sleeping(Nanos),
    Blocked {
        lock: u64,
        deadline: Option<Nanos>,
    },
    Exited,
}

/// Compiles and predicts a program.
#[cfg(feature = "parser")]
pub fn predict(source: &str, options: &Options) -> Result<Run, crate::interp::code::CompileError> {
    let code = crate::interp::compile::compile_module(source, &options.file_name)?;
    Ok(run_code(code, source, options))
}

/// Predicts a program compiled earlier (at build time, for the page): `source` is the
/// text it was compiled from, for tracebacks.
pub fn predict_compiled(code: Rc<Code>, source: &str, options: &Options) -> Run {
    run_code(code, source, options)
}

fn ns_to_us(ns: Nanos) -> Micros {
    ns / 1_000
}

pub(crate) struct Driver {
    interp: Interpreter,
    options: Options,
    base: Rc<Cell<Nanos>>,
    now: Nanos,
    states: Vec<ThreadState>,
    /// Threads waiting for the GIL, in the order they asked.
    gil_queue: VecDeque<usize>,
    holder: Option<usize>,
    builder: TimelineBuilder,
    /// Timeline lane of each thread and of each task.
    thread_lanes: Vec<usize>,
    /// [`NO_LANE`] for a task of asyncio's own (see `Event::TaskCreated`).
    task_lanes: Vec<usize>,
    /// Each task's state, for the step-through's snapshot.
    task_states: Vec<Option<SpanState>>,
    /// The task each thread's event loop is running, if any: what a step from that
    /// thread is about.
    running_task: Vec<Option<usize>>,
    stdout: String,
    stderr: String,
    /// Partial lines waiting for their newline, per stream.
    pending_out: String,
    pending_err: String,
    steps: Vec<Step>,
    steps_truncated: bool,
    shutting_down: bool,
    /// Output lines (index into the timeline): the thread that wrote each, and what
    /// last woke the writer, for ties.
    line_threads: Vec<LineOrigin>,
    /// For each thread, the thread whose lock release (or start) last woke it, and
    /// when; `None` when a timer did. What a thread printed before it woke another
    /// comes first in CPython; what either prints after that is a race.
    woken_by: Vec<Waker>,
    /// Each queue's name and length.
    queues: Vec<QueueAt>,
    /// What this process asked of the others, for whoever drives the processes.
    pub(crate) effects: Vec<Effect>,
    /// What the learner should be told beside the output ([`Run::notes`]).
    notes: Vec<String>,
}

/// What a process asks of the processes around it ([`crate::interp::process`]): the
/// model's world of processes answers it in virtual time, a live host for real.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Start child `pid` from its pickled `Process`.
    Start {
        pid: i64,
        name: String,
        daemon: bool,
        payload: Pickled,
        at: Nanos,
    },
    /// End child `pid` (`terminate()`, `kill()`) with exit code `code`.
    Kill { pid: i64, code: i32, at: Nanos },
    /// A message for whichever process next wants one of `channel`.
    Send {
        channel: u64,
        message: Pickled,
        at: Nanos,
    },
    /// A thread wants `channel`'s next message; delivering it releases `lock`.
    Want { channel: u64, lock: u64, at: Nanos },
}

fn new_driver(code: Rc<Code>, source: &str, options: Options) -> Driver {
    let base = Rc::new(Cell::new(0));
    let clock = VirtualClock {
        base: base.clone(),
        ns_per_unit: options.costs.ns_per_unit,
    };
    let mut interp = Interpreter::new(code, Box::new(clock), limits_of(&options));
    interp.process.cpu_count = options.cores.max(1);
    driver_of(interp, base, source, options, 0, "MainThread")
}

fn limits_of(options: &Options) -> Limits {
    Limits {
        output_lines: options.max_output_lines,
        ..Limits::default()
    }
}

/// A spawned child's driver, starting at `start` on the run's clock; its main
/// thread's lane is named after the process.
pub(crate) fn child_driver(
    code: Rc<Code>,
    source: &str,
    options: Options,
    process: crate::interp::process::ProcessState,
    start: Nanos,
    name: &str,
) -> Result<Driver, String> {
    let base = Rc::new(Cell::new(start));
    let clock = VirtualClock {
        base: base.clone(),
        ns_per_unit: options.costs.ns_per_unit,
    };
    let interp = Interpreter::new_child(code, Box::new(clock), limits_of(&options), process)?;
    Ok(driver_of(interp, base, source, options, start, name))
}

fn driver_of(
    mut interp: Interpreter,
    base: Rc<Cell<Nanos>>,
    source: &str,
    options: Options,
    start: Nanos,
    main_name: &str,
) -> Driver {
    interp.main_source = Some(Rc::from(source));
    if let Some(wall) = options.wall_clock {
        interp.epoch = wall.epoch_s;
        interp.utc_offset = wall.utc_offset_s;
    }
    let mut builder = TimelineBuilder::new(Vec::new());
    let main_lane = builder.add_lane(Lane {
        name: main_name.to_string(),
        kind: LaneKind::Main,
    });
    Driver {
        interp,
        options,
        base,
        now: start,
        states: vec![ThreadState::Ready(start)],
        gil_queue: VecDeque::from([0]),
        holder: None,
        builder,
        thread_lanes: vec![main_lane],
        task_lanes: Vec::new(),
        task_states: Vec::new(),
        running_task: Vec::new(),
        stdout: String::new(),
        stderr: String::new(),
        pending_out: String::new(),
        pending_err: String::new(),
        steps: Vec::new(),
        steps_truncated: false,
        shutting_down: false,
        line_threads: Vec::new(),
        woken_by: vec![None],
        queues: Vec::new(),
        effects: Vec::new(),
        notes: Vec::new(),
    }
}

fn run_code(code: Rc<Code>, source: &str, options: &Options) -> Run {
    let mut session = Session::new(code, source, options.clone());
    loop {
        match session.advance() {
            Advance::Ran => {}
            // The model's clock jumps to the next wake-up.
            Advance::IdleUntil(at) => session.reach(at),
            Advance::Ended => return session.finish(),
        }
    }
}

/// What one turn of a [`Session`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advance {
    /// A thread ran a slice (or a round, free-threaded); the clock moved with its cost.
    Ran,
    /// Every thread waits for time to pass: the next wakes at this instant. The host
    /// makes its clock get there (the model jumps; a live host waits) and calls
    /// [`Session::reach`].
    IdleUntil(Nanos),
    /// The program has ended, or was stopped (see [`Run::stopped`]).
    Ended,
}

/// A program being driven, one turn at a time, by a host that owns the clock: the
/// model jumps over idle time ([`predict`]); a live host waits for it for real and
/// keeps the computation paced. Both share every rule of this driver: the GIL, the
/// switch interval, the budgets, the recording.
pub struct Session {
    world: world::World,
}

impl Session {
    pub fn new(code: Rc<Code>, source: &str, options: Options) -> Session {
        Session {
            world: world::World::new(code, source, options),
        }
    }

    /// The driver's clock: nanoseconds since the program started.
    pub fn now(&self) -> Nanos {
        self.world.now()
    }

    /// Runs one turn.
    pub fn advance(&mut self) -> Advance {
        self.world.advance()
    }

    /// The host's clock has reached `at`: time moves on to it (never back), and
    /// whoever was to wake by then is ready.
    pub fn reach(&mut self, at: Nanos) {
        self.world.reach(at);
    }

    /// Stops the program where it is (a live run the learner stopped), with a reason.
    pub fn stop(&mut self, why: &str) {
        self.world.stop(why);
    }

    /// Everything the run produced so far, and why it was cut short, if it was.
    pub fn finish(self) -> Run {
        self.world.finish()
    }
}

/// How far ahead of the host's clock the driver may compute before it waits.
const PACE_SLACK_NS: Nanos = 1_000_000;

/// What a live host does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveStep {
    /// Call [`LiveDriver::step`] again.
    Continue,
    /// Wait until the host's clock reads this (nanoseconds since the run began), then
    /// call [`LiveDriver::step`] again.
    WaitUntil(Nanos),
    /// Every thread waits for another process: call [`LiveDriver::step`] again once
    /// the host has delivered a message or a child's end.
    WaitOutside,
    /// The program has ended; [`LiveDriver::finish`] gives the run.
    Done,
}

/// One process driven against a real clock, sans-IO: the host reads its clock, calls
/// [`LiveDriver::step`] and does what it answers (waits, or steps again).
///
/// Sleeps and timeouts end when the real clock reaches them, so a late timer shows as
/// a late wake-up. Computation is paced: the interpreter runs a slice (at most 2 ms of
/// CPython's calibrated cost) and, where it was faster than CPython, the host waits
/// until real time catches up; where it was slower, the clock follows real time and
/// [`LiveDriver::behind_ns`] says by how much.
///
/// A live driver runs one process. What it asks of other processes
/// ([`LiveDriver::effects`]: start a child, send or want a message) is the host's to
/// carry out, on other workers, answering with [`LiveDriver::deliver`] and
/// [`LiveDriver::child_exited`]; [`merge_runs`] lays the processes' runs side by side.
pub struct LiveDriver {
    driver: Driver,
    ended: Option<Option<String>>,
    /// What the driver waits for: an instant, and whether the program is idle (a
    /// timer) rather than paced.
    waiting: Option<(Nanos, bool)>,
    /// Total time the computation ran behind CPython's calibrated pace.
    pub behind_ns: Nanos,
    /// Total time wake-ups came after the instant they were due.
    pub late_ns: Nanos,
    /// CPython's calibrated time for the last slice the interpreter ran.
    pub last_slice_ns: Nanos,
}

/// A child process to start: its pid and its parent's, its name, the pickled
/// `Process` it runs, and when it starts on the run's clock (nanoseconds since the
/// main process began).
#[derive(Clone, Debug, PartialEq)]
pub struct Spawned {
    pub pid: i64,
    pub ppid: i64,
    pub name: String,
    pub payload: Pickled,
    pub start: Nanos,
}

/// A process of a live run, as [`merge_runs`] takes it.
pub struct ProcessRun {
    /// `MainProcess`, `Process-1`, `SpawnProcess-2`.
    pub name: String,
    pub run: Run,
}

impl LiveDriver {
    pub fn new(code: Rc<Code>, source: &str, mut options: Options) -> LiveDriver {
        options.max_slice_ns.get_or_insert(2_000_000);
        LiveDriver::of(new_driver(code, source, options))
    }

    /// A spawned child, from the payload of its parent's [`Effect::Start`].
    pub fn child(
        code: Rc<Code>,
        source: &str,
        mut options: Options,
        child: Spawned,
    ) -> Result<LiveDriver, String> {
        options.max_slice_ns.get_or_insert(2_000_000);
        let state = crate::interp::process::ProcessState::child(
            child.pid,
            child.ppid,
            child.payload,
            options.cores.max(1),
        );
        let driver = child_driver(code, source, options, state, child.start, &child.name)?;
        Ok(LiveDriver::of(driver))
    }

    fn of(driver: Driver) -> LiveDriver {
        LiveDriver {
            driver,
            ended: None,
            waiting: None,
            behind_ns: 0,
            late_ns: 0,
            last_slice_ns: 0,
        }
    }

    fn reach(&mut self, at: Nanos) {
        self.driver.now = self.driver.now.max(at);
        self.driver.wake_due();
    }

    /// One step, given the host's clock (nanoseconds since the run began) read just
    /// before the call. The slice the step runs takes real time too; the next call's
    /// reading shows how much, and the driver counts what went beyond CPython's pace.
    pub fn step(&mut self, real: Nanos) -> LiveStep {
        self.last_slice_ns = 0;
        if self.ended.is_some() {
            return LiveStep::Done;
        }
        if let Some((at, idle)) = self.waiting {
            if real < at {
                return LiveStep::WaitUntil(at);
            }
            self.waiting = None;
            if idle {
                self.late_ns += real - at;
            } else {
                // Back from pacing later than asked: the slice itself took longer.
                self.behind_ns += real - at;
            }
            self.reach(real);
        }
        let before = self.driver.now;
        match self.driver.turn() {
            Turn::Ran => {
                let virtual_now = self.driver.now;
                self.last_slice_ns = virtual_now - before;
                if virtual_now > real + PACE_SLACK_NS {
                    self.waiting = Some((virtual_now, false));
                    LiveStep::WaitUntil(virtual_now)
                } else {
                    if real > virtual_now {
                        self.behind_ns += real - virtual_now;
                        self.reach(real);
                    }
                    LiveStep::Continue
                }
            }
            Turn::Idle(at) => {
                self.waiting = Some((at, true));
                LiveStep::WaitUntil(at)
            }
            Turn::Waiting => LiveStep::WaitOutside,
            Turn::Ended(stopped) => {
                self.ended = Some(stopped);
                LiveStep::Done
            }
        }
    }

    /// Under the GIL, the thread (an index into the run's lanes of threads) that the
    /// next [`LiveDriver::step`] runs, if it runs one: a host that gives each thread a
    /// worker of its own hands the driver there first. `None` while the driver waits,
    /// once it has ended, and in free-threaded mode, where a step runs several threads.
    /// Asking does not change what the run does.
    pub fn next_thread(&mut self) -> Option<usize> {
        if self.ended.is_some() || self.waiting.is_some() || !self.driver.options.gil {
            return None;
        }
        self.driver.pick()
    }

    /// What the process asked of the others since the last call.
    pub fn effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.driver.effects)
    }

    /// A message for this process has arrived; `real` is the host's clock. An idle
    /// wait (for a timer) ends: the woken thread runs now.
    pub fn deliver(&mut self, channel: u64, message: Pickled, lock: u64, real: Nanos) {
        self.waiting = self.waiting.filter(|(at, idle)| !idle && *at > real);
        self.driver.deliver(channel, message, lock, real);
    }

    /// Child `pid` ended with `code`; `real` is the host's clock.
    pub fn child_exited(&mut self, pid: i64, code: i32, real: Nanos) {
        self.waiting = self.waiting.filter(|(at, idle)| !idle && *at > real);
        self.driver.child_exited(pid, code, real);
    }

    /// Ends the process from outside (`terminate()`, or its parent's end).
    pub fn kill(&mut self, code: i32, why: &str, real: Nanos) {
        self.reach(real);
        self.driver.kill_all(code, why);
        self.ended.get_or_insert(None);
    }

    /// Stops the run where it is (the learner pressed Stop).
    pub fn stop(&mut self, why: &str) {
        if self.ended.is_none() {
            self.ended = Some(Some(why.to_string()));
        }
    }

    /// The driver's clock (nanoseconds since the run began).
    pub fn now(&self) -> Nanos {
        self.driver.now
    }

    /// The process's exit code so far (0, 1 after an uncaught exception, or the
    /// code it was ended with).
    pub fn exit_code(&self) -> i32 {
        self.driver.interp.exit_code
    }

    pub fn finish(self) -> Run {
        let mut stopped = self.ended.flatten();
        if stopped.is_none() && self.driver.interp.output_truncated {
            stopped = Some(self.driver.truncated_message());
        }
        self.driver.finish(stopped)
    }
}

/// A live run's processes as one run: the first is the main process. Their lanes side
/// by side, their output in time order.
pub fn merge_runs(processes: Vec<ProcessRun>) -> Run {
    if processes.len() == 1 {
        return processes
            .into_iter()
            .next()
            .map(|p| p.run)
            .unwrap_or_default();
    }
    let max_events = Options::default().max_events;
    world::merge(
        processes
            .into_iter()
            .map(|p| (p.name, p.run, Vec::new()))
            .collect(),
        max_events,
    )
}

/// One turn of the driver's loop.
enum Turn {
    Ran,
    Idle(Nanos),
    /// Every thread waits for another process (a message, a child's end), and no
    /// timer is set.
    Waiting,
    Ended(Option<String>),
}

impl Driver {
    fn turn(&mut self) -> Turn {
        if self.interp.total_cost > self.options.max_units {
            return Turn::Ended(Some(budget_message("units")));
        }
        if self.now > self.options.max_virtual_ns {
            return Turn::Ended(Some(budget_message("time")));
        }
        if self.interp.output_truncated {
            return Turn::Ended(Some(self.truncated_message()));
        }
        let runnable = self.pick();
        let Some(thread) = runnable else {
            // Nobody can run: wait for the next timer, or it is over.
            return match self.next_wake() {
                Some(at) => Turn::Idle(at),
                None if self.waits_outside() => Turn::Waiting,
                None => {
                    if self.states[0] == ThreadState::Exited || self.all_exited_but_daemons() {
                        self.ended()
                    } else {
                        Turn::Ended(Some(self.deadlock_message()))
                    }
                }
            };
        };
        if self.options.gil {
            self.run_slice_gil(thread);
        } else {
            self.run_round_free();
        }
        if self.states[0] == ThreadState::Exited && !self.shutting_down {
            self.shutting_down = true;
            if self.interp.begin_shutdown() {
                self.states[0] = ThreadState::Ready(self.now);
                self.gil_queue.push_back(0);
            } else {
                return self.ended();
            }
        } else if self.states[0] == ThreadState::Exited && self.shutting_down {
            return self.ended();
        }
        Turn::Ran
    }

    /// The program ended by itself: the interpreter's finalization (the main module's
    /// globals cleared, with its warnings) belongs to the run.
    fn ended(&mut self) -> Turn {
        self.interp.finalize_main();
        self.apply_events(0);
        Turn::Ended(None)
    }

    /// Whether a thread waits for something only another process can give.
    fn waits_outside(&self) -> bool {
        self.states.iter().any(
            |s| matches!(s, ThreadState::Blocked { lock, .. } if self.interp.waits_outside(*lock)),
        )
    }

    /// Another process's message arrives (the host's clock is at `at`).
    pub(crate) fn deliver(&mut self, channel: u64, message: Pickled, lock: u64, at: Nanos) {
        self.now = self.now.max(at);
        self.wake_due();
        self.interp.deliver(channel, message, lock);
        self.apply_outside_events();
    }

    /// Child `pid` ended with `code` (the host's clock is at `at`).
    pub(crate) fn child_exited(&mut self, pid: i64, code: i32, at: Nanos) {
        self.now = self.now.max(at);
        self.wake_due();
        self.interp.child_exited(pid, code);
        self.apply_outside_events();
    }

    /// Stops every thread from `first` on where it stands, marking why on its lane.
    fn kill_threads(&mut self, first: usize, why: &str) {
        for t in first..self.states.len() {
            if self.states[t] != ThreadState::Exited {
                self.interp.kill(t);
                self.set_thread(t, ThreadState::Exited);
                if let Some(&lane) = self.thread_lanes.get(t) {
                    self.builder.mark(
                        Some(lane),
                        MarkKind::Killed,
                        why.to_string(),
                        ns_to_us(self.now),
                    );
                }
            }
        }
    }

    /// A spawned interpreter's start-up: its main thread computes from `began` for
    /// `duration` before the program's first instruction.
    pub(crate) fn starting_up(&mut self, began: Nanos, duration: Nanos) {
        self.now = self.now.max(began);
        if self.states[0] != ThreadState::Running {
            self.set_thread_at(0, ThreadState::Running, self.now);
        }
        self.now += duration;
        // Ready for the GIL when done (the lane stays "running" through the switch).
        self.states[0] = ThreadState::Ready(self.now);
    }

    /// The locks another process released here: their waiters are ready.
    fn apply_outside_events(&mut self) {
        for event in self.interp.drain_events() {
            if let Event::LockReleased { lock, .. } = event {
                let waiters: Vec<usize> = (0..self.states.len())
                    .filter(|&i| matches!(self.states[i], ThreadState::Blocked { lock: l, .. } if l == lock))
                    .collect();
                for t in waiters {
                    self.make_ready(t, self.now);
                    self.set_woken_by(t, None);
                }
            }
        }
    }

    /// The process is ended from outside (`terminate()`, or its parent's exit):
    /// every thread stops where it is.
    pub(crate) fn kill_all(&mut self, code: i32, why: &str) {
        self.kill_threads(0, why);
        self.holder = None;
        self.gil_queue.clear();
        self.interp.exit_code = code;
    }

    fn truncated_message(&self) -> String {
        format!(
            "stopped: the program printed more than {} lines, and this page keeps no more",
            self.options.max_output_lines
        )
    }

    /// Everything left is a daemon thread or waiting on nothing that can come.
    fn all_exited_but_daemons(&self) -> bool {
        self.states.iter().all(|s| *s == ThreadState::Exited)
    }

    fn deadlock_message(&mut self) -> String {
        let mut waits = Vec::new();
        for i in 0..self.states.len() {
            if !matches!(self.states[i], ThreadState::Blocked { .. }) {
                continue;
            }
            let name = self.thread_name(i);
            let line = self
                .interp
                .thread_line(i)
                .map(|l| format!(" at line {l}"))
                .unwrap_or_default();
            let owner = self.interp.blocked_on_owner(i).flatten();
            let what = match owner {
                Some(o) if o == i && !self.task_lanes.is_empty() => {
                    // The event loop's idle wait: no task can make progress.
                    let waiting: Vec<String> = (0..self.task_lanes.len())
                        .filter(|&t| self.task_lanes[t] != NO_LANE)
                        .filter_map(|t| {
                            self.interp.task_line(t).map(|l| {
                                format!("{} at line {l}", self.lane_name(self.task_lanes[t]))
                            })
                        })
                        .collect();
                    let verb = if waiting.len() == 1 {
                        "awaits"
                    } else {
                        "await"
                    };
                    format!(
                        "{name}'s event loop has nothing left to run: {} {verb} something that nothing will finish",
                        if waiting.is_empty() { "its tasks".to_string() } else { waiting.join(", ") }
                    )
                }
                // A Condition's waiter lock (queue.get, Event.wait, Future.result):
                // its owner waits to be notified, not for a lock.
                Some(o) if o == i && self.interp.blocked_on_signal(i) => format!(
                    "{name} waits{line} to be notified (as in queue.get, Event.wait or Future.result), and no other thread will"
                ),
                Some(o) if o == i => format!("{name} waits{line} for a lock it holds itself"),
                Some(o) => format!(
                    "{name} waits{line} for a lock held by {}",
                    self.thread_name(o)
                ),
                None => format!("{name} waits{line} for a lock nobody will release"),
            };
            waits.push(what);
        }
        format!(
            "deadlock: every thread is waiting and nothing can wake them. {}",
            waits.join("; ")
        )
    }

    fn lane_name(&self, lane: usize) -> String {
        self.builder_lane_name(lane).unwrap_or_default()
    }

    fn thread_name(&self, thread: usize) -> String {
        self.thread_lanes
            .get(thread)
            .and_then(|&lane| self.builder_lane_name(lane))
            .unwrap_or_else(|| format!("thread {thread}"))
    }

    fn builder_lane_name(&self, lane: usize) -> Option<String> {
        self.builder.lane_name(lane).map(str::to_string)
    }

    /// The thread to run next under the GIL (the holder, or the first waiter).
    fn pick(&mut self) -> Option<usize> {
        if let Some(h) = self.holder {
            return Some(h);
        }
        while let Some(t) = self.gil_queue.pop_front() {
            if matches!(self.states[t], ThreadState::Ready(_)) {
                self.holder = Some(t);
                self.set_thread(t, ThreadState::Running);
                return Some(t);
            }
        }
        None
    }

    fn next_wake(&self) -> Option<Nanos> {
        self.states
            .iter()
            .filter_map(|s| match s {
                ThreadState::Sleeping(at) => Some(*at),
                ThreadState::Blocked {
                    deadline: Some(d), ..
                } => Some(*d),
                _ => None,
            })
            .min()
    }

    /// Moves sleepers and timed-out waiters whose time has come to the GIL queue.
    fn wake_due(&mut self) {
        let now = self.now;
        let mut woken: Vec<(Nanos, usize)> = Vec::new();
        for (i, s) in self.states.iter().enumerate() {
            match s {
                ThreadState::Sleeping(at) if *at <= now => woken.push((*at, i)),
                ThreadState::Blocked {
                    deadline: Some(d), ..
                } if *d <= now => woken.push((*d, i)),
                _ => {}
            }
        }
        woken.sort();
        for (at, i) in woken {
            self.make_ready(i, at);
            self.set_woken_by(i, None);
        }
    }

    fn set_woken_by(&mut self, thread: usize, by: Waker) {
        while self.woken_by.len() <= thread {
            self.woken_by.push(None);
        }
        self.woken_by[thread] = by;
    }

    fn make_ready(&mut self, thread: usize, at: Nanos) {
        self.set_thread_at(thread, ThreadState::Ready(at), at);
        self.gil_queue.push_back(thread);
    }

    fn set_thread(&mut self, thread: usize, state: ThreadState) {
        self.set_thread_at(thread, state, self.now);
    }

    fn set_thread_at(&mut self, thread: usize, state: ThreadState, at: Nanos) {
        if let Some(s) = self.states.get_mut(thread) {
            *s = state;
        }
        let span = match state {
            ThreadState::Ready(_) => Some(SpanState::Ready),
            ThreadState::Running => Some(SpanState::Running),
            ThreadState::Sleeping(_) => Some(SpanState::WaitingIo),
            ThreadState::Blocked { .. } => Some(SpanState::Blocked),
            ThreadState::Exited => None,
        };
        if let Some(&lane) = self.thread_lanes.get(thread) {
            self.builder.set_state(lane, span, ns_to_us(at));
        }
    }

    /// Runs the GIL holder for one slice and applies what it did.
    fn run_slice_gil(&mut self, thread: usize) {
        let cost = self.options.costs.ns_per_unit.max(0.001);
        // The slice lasts until someone has waited a whole switch interval, or until the
        // next sleeper wakes (then it starts waiting), whichever is first.
        let waiting_since = self
            .gil_queue
            .iter()
            .filter_map(|&t| match self.states[t] {
                ThreadState::Ready(since) => Some(since),
                _ => None,
            })
            .min();
        let until = match waiting_since {
            Some(since) => (since + self.interp.switch_interval).max(self.now + 1),
            None => match self.next_wake() {
                Some(at) => at.max(self.now + 1),
                None => self.now + 50 * SWITCH_INTERVAL_NS,
            },
        };
        let until = match self.options.max_slice_ns {
            Some(longest) => until.min(self.now + longest.max(1)),
            None => until,
        };
        let budget = (((until - self.now) as f64) / cost).ceil().max(1.0) as u64;
        let budget = budget.min(
            self.options
                .max_units
                .saturating_sub(self.interp.total_cost)
                .max(1),
        );
        self.base.set(self.now);
        let stop = self.interp.run(thread, budget);
        let spent = (self.interp.slice_cost as f64 * cost) as Nanos;
        self.now += spent;
        self.apply_events(thread);
        self.apply_stop(thread, stop);
    }

    /// Free-threaded: every runnable thread (up to `cores`) runs a short quantum from
    /// the same instant; time advances by the longest.
    fn run_round_free(&mut self) {
        let cost = self.options.costs.ns_per_unit.max(0.001);
        if let Some(h) = self.holder.take() {
            self.gil_queue.push_front(h);
            self.states[h] = ThreadState::Ready(self.now);
        }
        let mut running = Vec::new();
        while running.len() < self.options.cores.max(1) {
            let Some(t) = self.gil_queue.pop_front() else {
                break;
            };
            if matches!(self.states[t], ThreadState::Ready(_)) && !running.contains(&t) {
                running.push(t);
            }
        }
        let quantum: Nanos = 200_000;
        let start = self.now;
        let mut longest = 0;
        for &t in &running {
            self.set_thread_at(t, ThreadState::Running, start);
            let budget = ((quantum as f64) / cost).ceil() as u64;
            self.base.set(start);
            self.now = start;
            let stop = self.interp.run(t, budget);
            let spent = (self.interp.slice_cost as f64 * cost) as Nanos;
            longest = longest.max(spent);
            self.now = start + spent;
            self.apply_events(t);
            match stop {
                Stop::Preempted => {
                    self.states[t] = ThreadState::Ready(self.now);
                    self.gil_queue.push_back(t);
                }
                other => {
                    self.holder = Some(t);
                    self.apply_stop(t, other);
                }
            }
        }
        self.now = start + longest.max(1);
        self.wake_due();
    }

    fn apply_stop(&mut self, thread: usize, stop: Stop) {
        match stop {
            Stop::Preempted => {
                self.wake_due();
                let waited_long = self.gil_queue.iter().any(|&t| {
                    matches!(self.states[t], ThreadState::Ready(since) if self.now >= since + self.interp.switch_interval)
                });
                if waited_long {
                    self.holder = None;
                    self.make_ready(thread, self.now);
                    self.record_step(
                        Some(thread),
                        "switch interval: the GIL passes on".to_string(),
                    );
                }
            }
            Stop::Sleep(d) => {
                self.holder = None;
                if d == 0 {
                    self.make_ready(thread, self.now);
                } else {
                    self.set_thread(thread, ThreadState::Sleeping(self.now + d));
                }
                let name = self.thread_name(thread);
                let description = if d == 0 {
                    format!("{name} calls time.sleep(0): it gives up the GIL")
                } else {
                    format!(
                        "{name} sleeps {} s",
                        crate::interp::fmt::float_repr(d as f64 / 1e9)
                    )
                };
                self.record_step(Some(thread), description);
                self.wake_due();
            }
            Stop::Acquire { lock, deadline } => {
                self.holder = None;
                self.set_thread(thread, ThreadState::Blocked { lock, deadline });
                // An event loop with nothing ready waits on a lock of its own thread's.
                let idle_loop = self.interp.blocked_on_owner(thread).flatten() == Some(thread)
                    && self.task_lanes.iter().any(|&lane| lane != NO_LANE);
                let description = match (idle_loop, deadline) {
                    (true, Some(_)) => "the event loop waits for its next timer".to_string(),
                    (true, None) => "the event loop waits for another thread".to_string(),
                    (false, _) => format!("{} waits", self.thread_name(thread)),
                };
                self.record_step(Some(thread), description);
                self.wake_due();
            }
            Stop::Exited => {
                self.holder = None;
                self.set_thread(thread, ThreadState::Exited);
                if let Some(&lane) = self.thread_lanes.get(thread) {
                    if thread != 0 {
                        self.builder.mark(
                            Some(lane),
                            MarkKind::Finished,
                            String::new(),
                            ns_to_us(self.now),
                        );
                    }
                }
                if thread == 0 && self.shutting_down {
                    // Interpreter exit: daemon threads stop where they are.
                    self.kill_threads(1, "daemon thread stopped at exit");
                    self.builder.mark(
                        None,
                        MarkKind::InterpreterExit,
                        String::new(),
                        ns_to_us(self.now),
                    );
                }
                self.wake_due();
            }
        }
    }

    /// Applies what `running` did in its slice.
    fn apply_events(&mut self, running: usize) {
        for event in self.interp.drain_events() {
            match event {
                Event::ThreadStarted { thread, at } => {
                    while self.states.len() <= thread {
                        self.states.push(ThreadState::Exited);
                    }
                    let lane = self.builder.add_lane(Lane {
                        name: format!("thread {thread}"),
                        kind: LaneKind::Thread,
                    });
                    while self.thread_lanes.len() <= thread {
                        self.thread_lanes.push(lane);
                    }
                    self.thread_lanes[thread] = lane;
                    self.make_ready(thread, self.now);
                    self.set_woken_by(thread, Some((running, at)));
                }
                Event::ThreadNamed { thread, name } => {
                    if let Some(&lane) = self.thread_lanes.get(thread) {
                        self.builder.rename_lane(lane, name);
                    }
                }
                Event::LockReleased { lock, at } => {
                    let waiters: Vec<usize> = self
                        .states
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| matches!(s, ThreadState::Blocked { lock: l, .. } if *l == lock))
                        .map(|(i, _)| i)
                        .collect();
                    for t in waiters {
                        self.make_ready(t, self.now);
                        self.set_woken_by(t, Some((running, at)));
                    }
                }
                Event::Output(printed) => self.output(*printed),
                Event::TaskCreated {
                    task,
                    name,
                    internal,
                } => {
                    if task < self.task_lanes.len() {
                        let lane = self.task_lanes[task];
                        if lane != NO_LANE {
                            self.builder.rename_lane(lane, name);
                        }
                    } else {
                        let lane = if internal {
                            NO_LANE
                        } else {
                            self.builder.add_lane(Lane {
                                name,
                                kind: LaneKind::Task,
                            })
                        };
                        self.task_lanes.push(lane);
                        self.task_states.push(None);
                    }
                }
                Event::ProcessStart(spawn) => {
                    let Spawn {
                        pid,
                        name,
                        daemon,
                        payload,
                        at,
                    } = *spawn;
                    self.effects.push(Effect::Start {
                        pid,
                        name,
                        daemon,
                        payload,
                        at,
                    });
                }
                Event::ProcessKill { pid, code, at } => {
                    self.effects.push(Effect::Kill { pid, code, at })
                }
                Event::ChannelSend {
                    channel,
                    message,
                    at,
                } => self.effects.push(Effect::Send {
                    channel,
                    message: *message,
                    at,
                }),
                Event::ChannelWant { channel, lock, at } => {
                    self.effects.push(Effect::Want { channel, lock, at })
                }
                Event::Note(text) => {
                    if !self.notes.contains(&text) {
                        self.notes.push(text);
                    }
                }
                Event::QueueLength {
                    queue,
                    kind,
                    len,
                    at,
                } => {
                    while self.queues.len() <= queue {
                        let n = self.queues.len() + 1;
                        // A queue the library names ("the pool's work queue") keeps
                        // its name; a program's own are numbered by their type.
                        let name = if kind.starts_with("the ") {
                            kind.to_string()
                        } else {
                            format!("{kind} #{n}")
                        };
                        self.queues.push(QueueAt { name, len: 0 });
                    }
                    self.queues[queue].len = len;
                    let name = format!("{} length", self.queues[queue].name);
                    self.builder.count(&name, len as u64, ns_to_us(at));
                }
                Event::TaskState {
                    task,
                    state,
                    at,
                    line,
                } => {
                    let Some(&lane) = self.task_lanes.get(task) else {
                        continue;
                    };
                    if lane == NO_LANE {
                        continue;
                    }
                    while self.running_task.len() <= running {
                        self.running_task.push(None);
                    }
                    if state == TaskState::Running {
                        self.running_task[running] = Some(task);
                    } else if self.running_task[running] == Some(task) {
                        self.running_task[running] = None;
                    }
                    let at_us = ns_to_us(at);
                    let span = match state {
                        TaskState::Ready => Some(SpanState::Ready),
                        TaskState::Running => Some(SpanState::Running),
                        TaskState::Io => Some(SpanState::WaitingIo),
                        TaskState::Blocked => Some(SpanState::Blocked),
                        TaskState::Finished | TaskState::Failed | TaskState::Cancelled => None,
                    };
                    self.builder.set_state(lane, span, at_us);
                    if let Some(slot) = self.task_states.get_mut(task) {
                        *slot = span;
                    }
                    // A ready task is no step; once the log is full, no words are made.
                    if state != TaskState::Ready && self.step_room() {
                        if let Some(description) = self.task_step_words(lane, state) {
                            self.record_task_step(task, description, at, line);
                        }
                    }
                    let mark = match state {
                        TaskState::Finished => Some(MarkKind::Finished),
                        TaskState::Failed => Some(MarkKind::Failed),
                        TaskState::Cancelled => Some(MarkKind::Cancelled),
                        _ => None,
                    };
                    if let Some(kind) = mark {
                        self.builder.mark(Some(lane), kind, String::new(), at_us);
                    }
                }
            }
        }
    }

    fn output(&mut self, printed: Printed) {
        let (thread, at, line, clock) = (printed.thread, printed.at, printed.line, printed.clock);
        let text = printed.text.as_str();
        match printed.stream {
            Stream::Stdout => {
                self.stdout.push_str(text);
                self.pending_out.push_str(text);
                let written_at = line;
                while let Some(i) = self.pending_out.find('\n') {
                    let line: String = self.pending_out.drain(..=i).collect();
                    let line = line.trim_end_matches('\n').to_string();
                    self.builder.print(line.clone(), ns_to_us(at));
                    let by = self.woken_by.get(thread).copied().flatten();
                    self.line_threads.push(LineOrigin {
                        thread,
                        woken_by: by,
                        clock: clock.clone(),
                    });
                    let name = match self.task_lane_of_thread(thread) {
                        Some(lane) => self.lane_name(lane),
                        None => self.thread_name(thread),
                    };
                    let description = format!("{name} prints {line:?}");
                    self.record_step_at(Some(thread), description, at, written_at);
                }
            }
            Stream::Stderr => {
                self.stderr.push_str(text);
                self.pending_err.push_str(text);
                while let Some(i) = self.pending_err.find('\n') {
                    let line: String = self.pending_err.drain(..=i).collect();
                    self.builder
                        .print_stderr(line.trim_end_matches('\n').to_string(), ns_to_us(at));
                    self.line_threads.push(LineOrigin::of(thread));
                }
            }
        }
    }

    /// The lane of the task `thread`'s event loop is running, if it is running one.
    fn task_lane_of_thread(&self, thread: usize) -> Option<usize> {
        let task = self.running_task.get(thread).copied().flatten()?;
        self.task_lanes.get(task).copied().filter(|&l| l != NO_LANE)
    }

    /// Records a step about a task, at `at`, with the task's own lane as its lane and
    /// `line` as the task's line.
    /// Whether the step log has room for another step. When it has none, the run is
    /// marked as cut short and the interpreter stops finding task lines no step shows.
    fn step_room(&mut self) -> bool {
        if self.steps.len() < self.options.max_events {
            return true;
        }
        self.steps_truncated = true;
        self.interp.set_task_lines(false);
        false
    }

    /// A task's step in Python's words, or `None` for a state the log does not show.
    fn task_step_words(&self, lane: usize, state: TaskState) -> Option<String> {
        let name = self.lane_name(lane);
        match state {
            TaskState::Ready => None,
            TaskState::Running => Some(format!("{name} runs")),
            TaskState::Io => Some(format!("{name} sleeps, on a timer")),
            TaskState::Blocked => Some(format!("{name} awaits")),
            TaskState::Finished => Some(format!("{name} is done")),
            TaskState::Failed => Some(format!("{name} ends with an exception")),
            TaskState::Cancelled => Some(format!("{name} is cancelled")),
        }
    }

    fn record_task_step(&mut self, task: usize, description: String, at: Nanos, line: Option<u32>) {
        let before = self.steps.len();
        self.record_step_at(None, description, at, None);
        if self.steps.len() > before {
            let state = self.task_states.get(task).copied().flatten();
            if let (Some(step), Some(&lane)) = (self.steps.last_mut(), self.task_lanes.get(task)) {
                step.lane = Some(lane);
                match step.lanes.iter_mut().find(|l| l.lane == lane) {
                    Some(own) => own.line = line.or(own.line),
                    None => step.lanes.push(LaneAt { lane, line, state }),
                }
            }
        }
    }

    fn record_step(&mut self, thread: Option<usize>, description: String) {
        self.record_step_at(thread, description, self.now, None);
    }

    /// Records a step at `at`; `line` overrides where `thread` is (the line that
    /// printed, which the thread may have left by the time the slice ends).
    fn record_step_at(
        &mut self,
        thread: Option<usize>,
        description: String,
        at: Nanos,
        line: Option<u32>,
    ) {
        if !self.step_room() {
            return;
        }
        // Each lane's line and state, for the first `MAX_STEP_LANES` lanes and the
        // step's own: a gather of 10,000 tasks would otherwise copy 10,000 lanes into
        // each of its 2,000 steps.
        let thread_at = |t: usize| {
            let state = match self.states.get(t) {
                Some(ThreadState::Running) => Some(SpanState::Running),
                Some(ThreadState::Ready(_)) => Some(SpanState::Ready),
                Some(ThreadState::Sleeping(_)) => Some(SpanState::WaitingIo),
                Some(ThreadState::Blocked { .. }) => Some(SpanState::Blocked),
                _ => None,
            };
            let here = if Some(t) == thread && line.is_some() {
                line
            } else {
                self.interp.thread_line(t)
            };
            LaneAt {
                lane: self.thread_lanes[t],
                line: here,
                state,
            }
        };
        let task_at = |task: usize| {
            // A task that is running is where its thread is.
            let running_here = self
                .running_task
                .iter()
                .position(|&running| running == Some(task));
            let at_line = match running_here {
                Some(t) if Some(t) == thread && line.is_some() => line,
                Some(t) => self.interp.thread_line(t),
                None => self.interp.task_line(task),
            };
            LaneAt {
                lane: self.task_lanes[task],
                line: at_line,
                state: self.task_states.get(task).copied().flatten(),
            }
        };
        // Room for the step's own lane too (pushed below, or by `record_task_step`):
        // growing 2,000 full vectors by one each doubled them, 6 MB for a big gather.
        let mut lanes: Vec<LaneAt> = Vec::with_capacity(MAX_STEP_LANES + 1);
        lanes.extend(
            (0..self.thread_lanes.len())
                .map(thread_at)
                .chain(
                    (0..self.task_lanes.len())
                        .filter(|&task| self.task_lanes[task] != NO_LANE)
                        .map(task_at),
                )
                .take(MAX_STEP_LANES),
        );
        if let Some(t) = thread {
            let own = match self.running_task.get(t).copied().flatten() {
                Some(task) if self.task_lanes.get(task).is_some_and(|&l| l != NO_LANE) => {
                    Some(task_at(task))
                }
                _ => (t < self.thread_lanes.len()).then(|| thread_at(t)),
            };
            if let Some(own) = own.filter(|own| !lanes.iter().any(|l| l.lane == own.lane)) {
                lanes.push(own);
            }
        }
        let own_lane = thread.and_then(|t| {
            self.task_lane_of_thread(t)
                .or_else(|| self.thread_lanes.get(t).copied())
        });
        let lane_of = |t: usize| self.thread_lanes.get(t).copied();
        let mut locks: Vec<LockAt> = Vec::new();
        for (t, state) in self.states.iter().enumerate() {
            if let ThreadState::Blocked { lock, .. } = state {
                let holder = self.interp.blocked_on_owner(t).flatten().and_then(lane_of);
                match locks.iter_mut().find(|l| l.lock == *lock) {
                    Some(l) => l.waiters.extend(lane_of(t)),
                    None => locks.push(LockAt {
                        lock: *lock,
                        holder,
                        waiters: lane_of(t).into_iter().collect(),
                    }),
                }
            }
        }
        self.steps.push(Step {
            at: ns_to_us(at),
            description,
            lane: own_lane,
            lanes,
            gil_holder: self.holder.and_then(lane_of),
            gil_waiters: self.gil_queue.iter().filter_map(|&t| lane_of(t)).collect(),
            locks,
            queues: self.queues.clone(),
        });
    }

    fn finish(mut self, stopped: Option<String>) -> Run {
        if !self.pending_out.is_empty() {
            let line = std::mem::take(&mut self.pending_out);
            self.builder.print(line, ns_to_us(self.now));
            self.line_threads.push(LineOrigin::of(0));
        }
        if !self.pending_err.is_empty() {
            let line = std::mem::take(&mut self.pending_err);
            self.builder.print_stderr(line, ns_to_us(self.now));
            self.line_threads.push(LineOrigin::of(0));
        }
        let mut exit_code = self.interp.exit_code;
        if let Some(message) = &stopped {
            self.builder
                .print_stderr(message.clone(), ns_to_us(self.now));
            self.stderr.push_str(message);
            self.stderr.push('\n');
            exit_code = 1;
        }
        let mut timeline = self.builder.finish(ns_to_us(self.now));
        mark_ties(&mut timeline, &self.line_threads);
        Run {
            timeline,
            stdout: self.stdout,
            stderr: self.stderr,
            exit_code,
            steps: self.steps,
            steps_truncated: self.steps_truncated,
            stopped,
            units: self.interp.total_cost,
            notes: self.notes,
        }
    }
}

/// The thread whose release (or start) woke a thread, and when; `None` for a timer.
type Waker = Option<(usize, Nanos)>;

/// Who wrote an output line, and what orders it after other threads' lines.
#[derive(Clone, Debug)]
struct LineOrigin {
    thread: usize,
    /// What last woke the writer.
    woken_by: Waker,
    /// The writer's vector clock as it wrote the line (`Vm::clock`), when the
    /// program had other threads.
    clock: Option<Rc<[u32]>>,
}

impl LineOrigin {
    fn of(thread: usize) -> Self {
        LineOrigin {
            thread,
            woken_by: None,
            clock: None,
        }
    }

    /// Whether this line must come after `earlier` (another thread's) in CPython: its
    /// writer was woken by the other thread after that line, or knows, through a
    /// thread's start, a `join` or a `notify`, that the other thread had written it.
    fn ordered_after(&self, earlier: &LineOrigin, earlier_at: Micros) -> bool {
        let woken = matches!(self.woken_by,
            Some((waker, when)) if waker == earlier.thread && earlier_at <= ns_to_us(when));
        let known = match (&self.clock, &earlier.clock) {
            (Some(mine), Some(theirs)) => {
                let stamp = theirs.get(earlier.thread).copied().unwrap_or(0);
                mine.get(earlier.thread).copied().unwrap_or(0) >= stamp
            }
            // The earlier line was written while its thread was the only one: every
            // other thread started after it.
            (_, None) => true,
            (None, Some(_)) => false,
        };
        woken || known
    }
}

/// How close two threads' lines must be for their order to be up to the OS scheduler.
pub const TIE_WINDOW_US: Micros = 1_000;

/// Marks stdout lines that two threads printed within [`TIE_WINDOW_US`] of each other,
/// unless the second line is ordered after the first ([`LineOrigin::ordered_after`]):
/// a worker that prints and then ends prints before the `join` that waits for it
/// returns, every time, whether or not the join had to wait. Otherwise the operating
/// system decides which of two runnable threads CPython runs first (two sleeps ending
/// together, or a new thread printing as `start()` returns), and the order varies
/// from run to run.
fn mark_ties(timeline: &mut Timeline, origins: &[LineOrigin]) {
    let unknown = LineOrigin::of(0);
    let lines: Vec<(usize, Micros, &LineOrigin)> = timeline
        .output
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.stderr)
        .map(|(i, l)| (i, l.at, origins.get(i).unwrap_or(&unknown)))
        .collect();
    for pair in lines.windows(2) {
        let ((i, at_a, a), (j, at_b, b)) = (pair[0], pair[1]);
        let ordered = b.ordered_after(a, at_a);
        if a.thread != b.thread && !ordered && at_b.saturating_sub(at_a) < TIE_WINDOW_US && at_a > 0
        {
            timeline.output[i].tied = true;
            timeline.output[j].tied = true;
        }
    }
}
