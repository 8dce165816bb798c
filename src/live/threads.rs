//! `threading.Thread` for real: each thread is a Web Worker, coordinated from the page.
//!
//! The page plays the interpreter. Each thread's steps are sent to its worker one by one
//! ([`Machine::run_steps`]): a CPU step computes in the worker, holding a token of the
//! [`Gil`] and giving it up after each switch interval if another thread waits; an I/O
//! step sleeps in the worker without a token. The main thread's program (start, join,
//! print, interpreter exit) runs on the page as an async function that follows the
//! rendered Python program and the model's `threads` engine line by line, so both print
//! the same lines.
//!
//! The workers are started before the run's clock starts, all at once: starting a Web
//! Worker costs milliseconds, starting a CPython thread a fraction of one, and the
//! lesson is about what the threads do once started, not about the browser's start-up.

use super::gil::{Gil, Tid};
use super::host::{WorkerFault, WorkerHandle};
use super::notify::Notify;
use super::worker::Command;
use super::{LiveOptions, Run};
use futures::future::{join_all, select};
use gloo_timers::future::TimeoutFuture;
use interleave_core::pyfmt;
use interleave_core::scenario::{
    Interpreter, Join, Micros, PyError, PyErrorKind, Scenario, Step, ThreadsConfig, SWITCH_INTERVAL,
};
use interleave_core::timeline::{Lane, LaneKind, MarkKind, SpanState};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

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

/// The page-side interpreter shared by the threads and pool programs: the run, the token
/// and the policy for slicing CPU work.
pub struct Machine {
    pub run: Rc<Run>,
    pub gil: Gil,
    /// Whether CPU work is cut into switch-interval slices so that waiting threads get a
    /// turn. Needed whenever threads can outnumber tokens; without it a step is sent whole.
    slicing: bool,
    /// Every thread event wakes `main` to re-check what it waits for.
    pub changes: Notify,
}

impl Machine {
    /// `threads` counts the threads besides `main`.
    pub fn new(
        run: Rc<Run>,
        interpreter: Interpreter,
        options: LiveOptions,
        threads: usize,
    ) -> Self {
        let (permits, gil) = match interpreter {
            Interpreter::Gil => (1, true),
            Interpreter::FreeThreaded { cores } => {
                (cores.min(options.cores).max(1) as usize, false)
            }
        };
        Machine {
            run,
            gil: Gil::new(permits),
            // `main` is not counted: it only ever needs a token for an instant, and a
            // thread ending or yielding gives it one.
            slicing: gil || threads > permits,
            changes: Notify::default(),
        }
    }

    fn set_state(&self, lane: usize, state: Option<SpanState>, at: Micros) {
        self.run.record(|rec| rec.set_state(lane, state, at));
    }

    /// Takes a token for `tid`, drawing `lane` as ready while it waits in line.
    pub async fn acquire(&self, tid: Tid, lane: usize) {
        let acquire = self.gil.acquire(tid);
        if acquire.must_wait() {
            self.set_state(lane, Some(SpanState::Ready), self.run.now());
        }
        acquire.await;
    }

    /// `main` goes to sleep on a lock or an event: it gives its token up.
    pub fn main_blocks(&self) {
        self.gil.release(MAIN);
        self.set_state(0, Some(SpanState::Blocked), self.run.now());
    }

    /// `main` wakes up: it needs a token again before it runs its next line.
    pub async fn main_resumes(&self) {
        self.acquire(MAIN, 0).await;
        self.set_state(0, Some(SpanState::Running), self.run.now());
    }

    pub fn print(&self, line: String) {
        let now = self.run.now();
        self.run.record(|rec| rec.print(line, now));
    }

    /// Runs a task's steps as thread `tid` on `worker`, drawing them on `lane`. The thread
    /// holds no token when this returns.
    pub async fn run_steps(
        &self,
        tid: Tid,
        lane: usize,
        worker: &WorkerHandle,
        steps: &[Step],
    ) -> Result<(), WorkerFault> {
        let clock = self.run.clock();
        for step in steps {
            match *step {
                Step::Cpu(duration) => {
                    self.acquire(tid, lane).await;
                    let mut left = duration;
                    while left > 0 {
                        let slice = if self.slicing {
                            left.min(SWITCH_INTERVAL)
                        } else {
                            left
                        };
                        self.set_state(lane, Some(SpanState::Running), self.run.now());
                        let result = worker.run(Command::Compute { micros: slice }).await;
                        let (_, end) = match result {
                            Ok(times) => times,
                            Err(fault) => {
                                self.gil.release(tid);
                                return Err(fault);
                            }
                        };
                        left -= slice;
                        if left > 0 && self.gil.has_waiters() {
                            // The switch interval is over and someone waits: CPython's
                            // holder drops the GIL and queues for it again.
                            self.gil.release(tid);
                            self.set_state(lane, Some(SpanState::Ready), clock.at(end));
                            self.acquire(tid, lane).await;
                        }
                    }
                    self.gil.release(tid);
                }
                // `time.sleep` releases the GIL; in a thread a blocking call is just that.
                Step::Io(duration) | Step::BlockingIo(duration) => {
                    self.set_state(lane, Some(SpanState::WaitingIo), self.run.now());
                    worker.run(Command::Sleep { micros: duration }).await?;
                }
            }
        }
        Ok(())
    }

    /// A thread's function has returned or raised: it takes the token one last time (to
    /// run its last line), and its lane ends with the outcome.
    pub async fn end_thread(&self, tid: Tid, lane: usize, name: &str, outcome: &Outcome) {
        self.acquire(tid, lane).await;
        let now = self.run.now();
        self.run.record(|rec| {
            rec.set_state(lane, None, now);
            match outcome {
                Outcome::Returned => {
                    rec.mark(Some(lane), MarkKind::Finished, String::new(), now);
                    rec.print(pyfmt::task_finished(name), now);
                }
                Outcome::Raised(error) => {
                    rec.mark(
                        Some(lane),
                        MarkKind::Failed,
                        pyfmt::exception_repr(error),
                        now,
                    );
                }
                Outcome::Cancelled => {
                    rec.mark(Some(lane), MarkKind::Cancelled, String::new(), now);
                }
            }
        });
        self.gil.release(tid);
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
    started: Cell<bool>,
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
    let machine = Rc::new(Machine::new(
        run.clone(),
        config.interpreter,
        options,
        count,
    ));
    let states: Rc<Vec<ThreadState>> =
        Rc::new((0..count).map(|_| ThreadState::default()).collect());
    let alive = |index: usize| states[index].outcome.borrow().is_none();

    machine.main_resumes().await;
    machine.print(pyfmt::alive_before_start(false));
    for (index, worker) in workers.iter().enumerate() {
        // `t.start()` returns once the new thread has begun running.
        let thread = thread_body(
            machine.clone(),
            states.clone(),
            scenario.clone(),
            index,
            worker.clone(),
        );
        run.spawn(thread);
        machine.main_blocks();
        machine.changes.until(|| states[index].started.get()).await;
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
                    None => ended.await,
                    Some(timeout) => {
                        // Whichever comes first; the other is dropped (its timer cleared).
                        let timer = TimeoutFuture::new(super::clock::timeout_ms(timeout));
                        let _ = select(Box::pin(ended), timer).await;
                    }
                }
                machine.main_resumes().await;
            }
            let label = if alive(index) {
                format!("{name} timed out")
            } else {
                name
            };
            let now = run.now();
            run.record(|rec| rec.mark(Some(0), MarkKind::Joined, label, now));
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
    machine.print(pyfmt::elapsed(run.now()));

    // Interpreter exit: non-daemon threads are joined, daemon threads are stopped.
    if !config.daemon && (0..count).any(alive) {
        machine.main_blocks();
        machine.changes.until(|| !(0..count).any(alive)).await;
        machine.main_resumes().await;
    }
    let end = run.now();
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
    worker: WorkerHandle,
) {
    let tid = index + 1;
    let lane = index + 1;
    let spec = &scenario.tasks[index];
    // The thread's first line needs the GIL.
    machine.acquire(tid, lane).await;
    states[index].started.set(true);
    machine.changes.notify();
    machine.gil.release(tid);
    let outcome = match machine.run_steps(tid, lane, &worker, &spec.steps).await {
        Ok(()) if spec.fails => Outcome::Raised(PyError::task_failed(&spec.name)),
        Ok(()) => Outcome::Returned,
        Err(fault) => Outcome::Raised(crash_error(&fault)),
    };
    machine.end_thread(tid, lane, &spec.name, &outcome).await;
    *states[index].outcome.borrow_mut() = Some(outcome);
    machine.changes.notify();
}
