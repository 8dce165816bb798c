//! `threading.Thread` for real: each thread is a Web Worker; the page plays `main`.
//!
//! Each thread's whole function runs in its worker ([`Machine::run_thread`]): its first
//! line, its steps and its last line. A CPU step computes in the worker while its thread
//! holds a token of the GIL and hands it on at switch points when another thread waits;
//! an I/O step sleeps in the worker without a token. The workers pass the token among
//! themselves; the page keeps the line of who waits ([`Desk`]) and draws what the workers
//! report. The main thread's program (start, join, print, interpreter exit) runs on the
//! page as an async function that follows the rendered Python program and the model's
//! `threads` engine line by line, so both print the same lines; each of its lines passes
//! through the GIL's line for an instant.
//!
//! The workers are started before the run's clock starts, all at once: starting a Web
//! Worker costs milliseconds, starting a CPython thread a fraction of one, and the
//! lesson is about what the threads do once started, not about the browser's start-up.

use super::gil::{Desk, Order, Tid};
use super::host::{WorkerFault, WorkerHandle};
use super::notify::Notify;
use super::worker::{Channel, Command, Report};
use super::{LiveOptions, Run};
use futures::future::{join_all, select};
use gloo_timers::future::TimeoutFuture;
use interleave_core::pyfmt;
use interleave_core::scenario::{
    Interpreter, Join, Micros, PyError, PyErrorKind, Scenario, Step, ThreadsConfig,
};
use interleave_core::timeline::{Lane, LaneKind, MarkKind, SpanState};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// The main thread's lane and token holder id.
pub const MAIN: Tid = 0;

/// The lanes: `main`, then one per thread in the order they are started, as in the model.
pub fn lanes(scenario: &Scenario) -> Vec<Lane> {
    let mut lanes = vec![Lane {
        name: "main".to_string(),
        kind: LaneKind::Main,
    }];
    lanes.extend(scenario.tasks.iter().map(|task| Lane {
        name: task.name.clone(),
        kind: LaneKind::Thread,
    }));
    lanes
}

/// How a thread's function ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Returned,
    Raised(PyError),
    Cancelled,
}

/// What a crashed worker looks like to the Python program: the thread raised.
pub fn crash_error(fault: &WorkerFault) -> PyError {
    PyError::new(
        PyErrorKind::RuntimeError,
        format!(
            "the Web Worker running this thread crashed: {}",
            fault.message
        ),
    )
}

/// Where a page-side instant learns when it went through.
type PassSlot = Rc<Cell<Option<Micros>>>;

/// The page-side interpreter shared by the threads and pool programs: the run, the
/// workers (worker `i` runs thread `i + 1`) and the desk of the GIL.
pub struct Machine {
    pub run: Rc<Run>,
    desk: RefCell<Desk>,
    workers: Vec<WorkerHandle>,
    /// No token is needed at all: a free-threaded build with a core for every thread.
    free: bool,
    /// The lane each thread's reports are drawn on (a pool thread changes lanes).
    lanes: RefCell<Vec<Option<usize>>>,
    /// When each thread ran its first line.
    started: RefCell<Vec<Option<Micros>>>,
    /// Page-side instants waiting for their turn, by ticket: when they went through.
    passes: RefCell<Vec<(u64, PassSlot)>>,
    /// The instant of `main`'s current line: the page runs `main` late (it is busy
    /// drawing), but its lines happen when the GIL let them through.
    main_now: Cell<Micros>,
    /// The latest thread event `main` may wait for (a first line, an end).
    last_event: Cell<Micros>,
    /// Every thread event wakes `main` to re-check what it waits for.
    pub changes: Notify,
}

impl Machine {
    /// Sets up the GIL for `workers` (connecting them to each other when they will
    /// hand a token on) and starts listening to them.
    pub fn new(
        run: Rc<Run>,
        interpreter: Interpreter,
        options: LiveOptions,
        workers: Vec<WorkerHandle>,
    ) -> Rc<Self> {
        let (permits, gil) = match interpreter {
            Interpreter::Gil => (1, true),
            Interpreter::FreeThreaded { cores } => {
                (cores.min(options.cores).max(1) as usize, false)
            }
        };
        let count = workers.len();
        // `main` is not counted: it only ever needs a token for an instant.
        let free = !gil && count <= permits;
        if !free && count > 1 {
            connect(&workers);
        }
        let machine = Rc::new(Machine {
            run,
            desk: RefCell::new(Desk::new(permits)),
            workers,
            free,
            lanes: RefCell::new(vec![None; count + 1]),
            started: RefCell::new(vec![None; count + 1]),
            passes: RefCell::new(Vec::new()),
            main_now: Cell::new(0),
            last_event: Cell::new(0),
            changes: Notify::default(),
        });
        for (index, worker) in machine.workers.iter().enumerate() {
            let weak: Weak<Machine> = Rc::downgrade(&machine);
            let tid = index + 1;
            worker.listen(Rc::new(move |report: &Report| {
                weak.upgrade()
                    .is_some_and(|machine| machine.on_report(tid, report))
            }));
        }
        machine
    }

    fn set_state(&self, lane: usize, state: Option<SpanState>, at: Micros) {
        self.run.record(|rec| rec.set_state(lane, state, at));
    }

    /// A report from the worker of thread `tid`, as it arrives.
    fn on_report(&self, tid: Tid, report: &Report) -> bool {
        let clock = self.run.clock();
        let lane = self.lanes.borrow().get(tid).copied().flatten();
        match *report {
            Report::Started { at } => {
                self.event_at(clock.at(at));
                self.mark_started(tid, clock.at(at));
                self.changes.notify();
            }
            Report::State { state, at } => {
                if let Some(lane) = lane {
                    self.set_state(lane, Some(state), clock.at(at));
                }
            }
            Report::Want { at } => {
                let waits = self.desk.borrow_mut().want(tid, self.run.now());
                if let (true, Some(lane)) = (waits, lane) {
                    self.set_state(lane, Some(SpanState::Ready), clock.at(at));
                }
                self.carry_out();
            }
            Report::Gil {
                grant,
                at,
                executed,
                keep,
            } => {
                self.desk
                    .borrow_mut()
                    .report(grant, clock.at(at), executed, keep, self.run.now());
                self.carry_out();
            }
            Report::Ready { .. } | Report::Done { .. } | Report::Failed { .. } => return false,
        }
        true
    }

    /// Does what the desk ordered: tokens and hand-offs to workers, instants to the page.
    fn carry_out(&self) {
        let orders = self.desk.borrow_mut().take_orders();
        let mut passed = false;
        for order in orders {
            match order {
                Order::Grant { tid, grant } => self.send(tid, &Command::Grant { grant }),
                Order::HandOff {
                    tid,
                    grant,
                    to,
                    new_grant,
                } => self.send(
                    tid,
                    &Command::HandOff {
                        grant,
                        to,
                        new_grant,
                    },
                ),
                Order::Passed { ticket, at } => {
                    if let Some((_, slot)) =
                        self.passes.borrow().iter().find(|(id, _)| *id == ticket)
                    {
                        slot.set(Some(at));
                    }
                    self.passes.borrow_mut().retain(|(id, _)| *id != ticket);
                    passed = true;
                }
            }
        }
        if passed {
            self.changes.notify();
        }
    }

    fn send(&self, tid: Tid, command: &Command) {
        if let Some(worker) = tid.checked_sub(1).and_then(|index| self.workers.get(index)) {
            // A worker that is gone has been reported to the desk by its thread.
            let _ = worker.post(command, None);
        }
    }

    /// A page-side thread (`main`, or a pool thread between calls) runs a line, woken by
    /// an event at `since`: it waits its turn for the GIL, drawn ready on `lane`
    /// meanwhile, and gets the instant at which its line ran.
    pub async fn instant(&self, lane: Option<usize>, since: Micros) -> Micros {
        let slot = Rc::new(Cell::new(None));
        let now = self.run.now();
        let ticket = self.desk.borrow_mut().pass(since, now);
        self.passes.borrow_mut().push((ticket, slot.clone()));
        self.carry_out();
        if slot.get().is_none() {
            if let Some(lane) = lane {
                self.set_state(lane, Some(SpanState::Ready), now);
            }
            self.changes.until(|| slot.get().is_some()).await;
        }
        slot.get().unwrap_or_else(|| self.run.now())
    }

    /// The instant of `main`'s current line.
    pub fn main_now(&self) -> Micros {
        self.main_now.get()
    }

    /// The latest thread event so far.
    pub fn last_event(&self) -> Micros {
        self.last_event.get()
    }

    /// A thread event happened at `at`.
    pub fn event_at(&self, at: Micros) {
        self.last_event.set(self.last_event.get().max(at));
    }

    /// `main` goes to sleep on a lock or an event.
    pub fn main_blocks(&self) {
        self.set_state(0, Some(SpanState::Blocked), self.main_now());
    }

    /// `main` wakes up because of the latest thread event: it needs the GIL again before
    /// it runs its next line.
    pub async fn main_resumes(&self) -> Micros {
        self.main_resumes_at(self.main_now().max(self.last_event()))
            .await
    }

    /// `main` wakes up at `since` (a timeout, say) and waits for the GIL.
    pub async fn main_resumes_at(&self, since: Micros) -> Micros {
        let at = self.instant(Some(0), since).await;
        let at = at.max(self.main_now());
        self.main_now.set(at);
        self.set_state(0, Some(SpanState::Running), at);
        at
    }

    /// `main` prints a line.
    pub fn print(&self, line: String) {
        let at = self.main_now();
        self.run.record(|rec| rec.print(line, at));
    }

    /// `main` leaves a mark on its lane.
    pub fn mark(&self, kind: MarkKind, label: String) {
        let at = self.main_now();
        self.run.record(|rec| rec.mark(Some(0), kind, label, at));
    }

    /// Thread `tid` has run its first line (or will never run it) by `at`.
    fn mark_started(&self, tid: Tid, at: Micros) {
        if let Some(slot) = self.started.borrow_mut().get_mut(tid) {
            slot.get_or_insert(at);
        }
    }

    /// When thread `tid` ran its first line, if it has.
    pub fn started(&self, tid: Tid) -> Option<Micros> {
        self.started.borrow().get(tid).copied().flatten()
    }

    /// Runs `steps` as thread `tid` on its worker, drawing them on `lane`; with
    /// `first_line` and `last_line` the thread also takes the GIL before and after them,
    /// as a thread's function does. Returns when the last line (or step) ended.
    pub async fn run_thread(
        &self,
        tid: Tid,
        lane: usize,
        steps: &[Step],
        first_line: bool,
        last_line: bool,
    ) -> Result<Micros, WorkerFault> {
        if let Some(slot) = self.lanes.borrow_mut().get_mut(tid) {
            *slot = Some(lane);
        }
        let worker = tid
            .checked_sub(1)
            .and_then(|index| self.workers.get(index))
            .ok_or_else(|| WorkerFault {
                message: "no worker for this thread".to_string(),
            })?;
        // When the thread's first action needs the GIL, the page queues it now rather
        // than wait for the worker to ask (which would cost a trip through the page).
        let queued = !self.free
            && (first_line
                || matches!(steps.first(), Some(Step::Cpu(_)))
                || (steps.is_empty() && last_line));
        let command = Command::Run {
            steps: steps.to_vec(),
            first_line,
            last_line,
            free: self.free,
            queued,
        };
        let result = match worker.post(&command, None) {
            Ok(()) => {
                if queued {
                    let now = self.run.now();
                    if self.desk.borrow_mut().want(tid, now) {
                        self.set_state(lane, Some(SpanState::Ready), now);
                    }
                    self.carry_out();
                }
                worker.done().await
            }
            Err(fault) => Err(fault),
        };
        match result {
            Ok((_, end)) => Ok(self.run.clock().at(end)),
            Err(fault) => {
                // Whatever it held or waited for is given back, so the others go on.
                self.desk.borrow_mut().fault(tid, self.run.now());
                self.carry_out();
                Err(fault)
            }
        }
    }

    /// A thread's function has returned or raised at `at` (its last line): its lane
    /// ends with the outcome.
    pub fn end_thread(&self, lane: usize, name: &str, outcome: &Outcome, at: Micros) {
        self.event_at(at);
        self.run.record(|rec| {
            rec.set_state(lane, None, at);
            match outcome {
                Outcome::Returned => {
                    rec.mark(Some(lane), MarkKind::Finished, String::new(), at);
                    rec.print(pyfmt::task_finished(name), at);
                }
                Outcome::Raised(error) => {
                    rec.mark(
                        Some(lane),
                        MarkKind::Failed,
                        pyfmt::exception_repr(error),
                        at,
                    );
                }
                Outcome::Cancelled => {
                    rec.mark(Some(lane), MarkKind::Cancelled, String::new(), at);
                }
            }
        });
    }
}

/// Gives every worker a `MessagePort` to every other, for handing the token on.
fn connect(workers: &[WorkerHandle]) {
    let count = workers.len();
    let mut ports: Vec<(Vec<Tid>, js_sys::Array)> = (0..count)
        .map(|_| (Vec::new(), js_sys::Array::new()))
        .collect();
    for first in 0..count {
        for second in first + 1..count {
            let Ok(channel) = Channel::new() else {
                return;
            };
            ports[first].0.push(second + 1);
            ports[first].1.push(&channel.port1());
            ports[second].0.push(first + 1);
            ports[second].1.push(&channel.port2());
        }
    }
    for (worker, (tids, transfer)) in workers.iter().zip(ports) {
        let _ = worker.post(&Command::Peers { tids }, Some(&transfer));
    }
}

/// Starts `count` workers at once and hands them to the run. On failure the run ends
/// with CPython's own complaint about threads that cannot start.
pub async fn start_workers(run: &Rc<Run>, count: usize) -> Result<Vec<WorkerHandle>, PyError> {
    // Each worker belongs to the run from the moment it exists, so stopping the run
    // while they start terminates them too.
    let results = join_all(
        (0..count).map(|_| WorkerHandle::start(|worker| run.adopt_worker(worker.clone()))),
    )
    .await;
    let mut workers = Vec::with_capacity(count);
    let mut failure = None;
    for result in results {
        match result {
            Ok(worker) => workers.push(worker),
            Err(fault) => failure = Some(fault),
        }
    }
    match failure {
        None => Ok(workers),
        Some(fault) => {
            for worker in &workers {
                worker.terminate();
            }
            Err(PyError::new(
                PyErrorKind::RuntimeError,
                format!("can't start new thread ({})", fault.message),
            ))
        }
    }
}

/// One thread's life, shared between its worker's future and `main`.
#[derive(Default)]
struct ThreadState {
    outcome: RefCell<Option<Outcome>>,
}

/// Runs the threading program: start every thread, join as configured, print, and exit
/// the interpreter (waiting for non-daemon threads, stopping daemon ones).
pub async fn run(
    run: Rc<Run>,
    scenario: Rc<Scenario>,
    config: ThreadsConfig,
    options: LiveOptions,
) {
    let count = scenario.tasks.len();
    let workers = match start_workers(&run, count).await {
        Ok(workers) => workers,
        Err(error) => {
            run.start_clock();
            run.finish(0, Some(error));
            return;
        }
    };
    run.start_clock();
    let machine = Machine::new(run.clone(), config.interpreter, options, workers.clone());
    let states: Rc<Vec<ThreadState>> =
        Rc::new((0..count).map(|_| ThreadState::default()).collect());
    let alive = |index: usize| states[index].outcome.borrow().is_none();

    machine.main_resumes().await;
    machine.print(pyfmt::alive_before_start(false));
    for index in 0..count {
        // `t.start()` returns once the new thread has begun running.
        let thread = thread_body(machine.clone(), states.clone(), scenario.clone(), index);
        run.spawn(thread);
        machine.main_blocks();
        machine
            .changes
            .until(|| machine.started(index + 1).is_some())
            .await;
        machine.main_resumes().await;
    }
    let all_alive = (0..count).all(alive);
    machine.print(pyfmt::alive_after_start(all_alive));

    // `t.join()` or `t.join(timeout)` on every thread in order, or no joins at all.
    let (joins, join_timeout) = match config.join {
        Join::All => (true, None),
        Join::Timeout(timeout) => (true, Some(timeout)),
        Join::None => (false, None),
    };
    if joins {
        for index in 0..count {
            let name = scenario.tasks[index].name.clone();
            if alive(index) {
                machine.main_blocks();
                let ended = machine.changes.until(|| !alive(index));
                match join_timeout {
                    None => {
                        ended.await;
                        machine.main_resumes().await;
                    }
                    Some(timeout) => {
                        // Whichever comes first; the other is dropped (its timer cleared).
                        let since = machine.main_now();
                        let timer = TimeoutFuture::new(super::clock::timeout_ms(timeout));
                        let _ = select(Box::pin(ended), timer).await;
                        let woken = if alive(index) {
                            since.saturating_add(timeout).max(run.now())
                        } else {
                            machine.main_now().max(machine.last_event())
                        };
                        machine.main_resumes_at(woken).await;
                    }
                }
            }
            let label = if alive(index) {
                format!("{name} timed out")
            } else {
                name
            };
            machine.mark(MarkKind::Joined, label);
        }
        let still: Vec<String> = (0..count)
            .filter(|&index| alive(index))
            .map(|index| scenario.tasks[index].name.clone())
            .collect();
        machine.print(pyfmt::still_alive(&still));
    }
    // What each worker reported about itself: its origin (the "process": the page) and
    // its identity (the thread).
    let page_origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let same_process = workers.iter().all(|worker| worker.origin() == page_origin);
    let mut idents: Vec<u64> = workers.iter().map(WorkerHandle::ident).collect();
    idents.sort_unstable();
    idents.dedup();
    let ids_differ = idents.len() == workers.len() && !idents.contains(&0);
    machine.print(pyfmt::same_process(same_process));
    machine.print(pyfmt::thread_ids_differ(ids_differ));
    machine.print(pyfmt::elapsed(machine.main_now()));

    // Interpreter exit: non-daemon threads are joined, daemon threads are stopped.
    if !config.daemon && (0..count).any(alive) {
        machine.main_blocks();
        machine.changes.until(|| !(0..count).any(alive)).await;
        machine.main_resumes().await;
    }
    let end = machine.main_now();
    run.record(|rec| {
        rec.mark(Some(0), MarkKind::InterpreterExit, String::new(), end);
        for index in 0..count {
            if alive(index) {
                rec.mark(Some(index + 1), MarkKind::Killed, String::new(), end);
                rec.set_state(index + 1, None, end);
            }
        }
        rec.set_state(0, None, end);
    });
    for (index, worker) in workers.iter().enumerate() {
        if alive(index) {
            // Stopped mid-work, as CPython stops daemon threads at exit.
            worker.terminate();
        }
    }
    run.finish(end, None);
}

/// One `threading.Thread` running `job(task)` on its worker.
async fn thread_body(
    machine: Rc<Machine>,
    states: Rc<Vec<ThreadState>>,
    scenario: Rc<Scenario>,
    index: usize,
) {
    let tid = index + 1;
    let lane = index + 1;
    let spec = &scenario.tasks[index];
    let (outcome, end) = match machine.run_thread(tid, lane, &spec.steps, true, true).await {
        Ok(end) if spec.fails => (Outcome::Raised(PyError::task_failed(&spec.name)), end),
        Ok(end) => (Outcome::Returned, end),
        Err(fault) => (Outcome::Raised(crash_error(&fault)), machine.run.now()),
    };
    machine.end_thread(lane, &spec.name, &outcome, end);
    machine.mark_started(tid, end);
    *states[index].outcome.borrow_mut() = Some(outcome);
    machine.changes.notify();
}
