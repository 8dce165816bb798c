//! asyncio for real: each coroutine is a Rust future on the page's event loop.
//!
//! The browser's event loop is one thread that runs one callback at a time and switches
//! only when a callback returns, which is exactly asyncio's contract: a task runs until
//! its next `await`. So each task is a future spawned with `spawn_local`:
//!
//! - `await asyncio.sleep(d)` ([`Step::Io`]) is a browser timer (`TimeoutFuture`): the
//!   task is suspended and the loop runs others;
//! - CPU work ([`Step::Cpu`]) is a real busy loop on the page for `d`: nothing else runs,
//!   not even the page's own drawing, which is the lesson of blocking the loop;
//! - a blocking call in a coroutine ([`Step::BlockingIo`], `time.sleep(d)`) spins on the
//!   clock for `d`, because the page has no blocking sleep; it holds the loop the same way
//!   and is drawn as a blocking call.
//!
//! A task whose timer fell due while another task held the loop is drawn `Ready` from
//! the due instant until it really resumed; that gap is measured, not predicted.
//! `main` follows the rendered Python program step by step (see the model's `asyncio`
//! engine for the same program on a virtual clock) and prints through `pyfmt`.
//!
//! The `Sequential` program (plain calls, the "before" picture) also runs here: `main`
//! calls each job in turn and nothing overlaps.

use super::clock::{compute_for, spin_for, timeout_ms};
use super::Run;
use futures::future::{select, AbortHandle};
use gloo_timers::future::TimeoutFuture;
use interleave_core::pyfmt;
use interleave_core::scenario::{
    Micros, Program, PyError, PyErrorKind, ReturnWhen, Scenario, Step, TaskSpec, WaitConfig,
};
use interleave_core::timeline::{Lane, LaneKind, MarkKind, SpanState};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// `main` is lane 0; task `i` (argument order) is lane `i + 1`, as in the model.
const MAIN: usize = 0;

/// The lanes: `main`, then one per task in argument order.
pub fn lanes(scenario: &Scenario) -> Vec<Lane> {
    let mut lanes = vec![Lane {
        name: "main".to_string(),
        kind: LaneKind::Main,
    }];
    lanes.extend(scenario.tasks.iter().map(|task| Lane {
        name: task.name.clone(),
        kind: LaneKind::Task,
    }));
    lanes
}

/// How a task ended.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Returned,
    Raised(PyError),
    Cancelled,
}

impl Outcome {
    /// The value `await task` gives, or the exception it raises.
    fn result(&self, name: &str) -> Result<String, PyError> {
        match self {
            Outcome::Returned => Ok(name.to_string()),
            Outcome::Raised(error) => Err(error.clone()),
            Outcome::Cancelled => Err(PyError::new(PyErrorKind::CancelledError, "")),
        }
    }
}

/// What the tasks of one asyncio run share with `main`.
struct Loop {
    run: Rc<Run>,
    scenario: Rc<Scenario>,
    outcomes: RefCell<Vec<Option<Outcome>>>,
    /// Each task's future, so `task.cancel()` can drop it (which also clears its timer).
    aborts: RefCell<Vec<Option<AbortHandle>>>,
    /// Tasks in the order they ended, for `as_completed` and "the first exception".
    finish_order: RefCell<Vec<usize>>,
    /// `main`'s waker while it awaits tasks; every task that ends wakes it.
    main_waker: RefCell<Option<Waker>>,
    /// When the loop was last released by a task that held it (a CPU step or a blocking
    /// call), so a task resuming later can tell whether it was kept waiting.
    held_until: Cell<Micros>,
}

impl Loop {
    fn name(&self, task: usize) -> &str {
        &self.scenario.tasks[task].name
    }

    fn outcome(&self, task: usize) -> Option<Outcome> {
        self.outcomes.borrow().get(task).cloned().flatten()
    }

    fn pending(&self) -> Vec<usize> {
        let outcomes = self.outcomes.borrow();
        (0..outcomes.len())
            .filter(|&task| outcomes[task].is_none())
            .collect()
    }

    fn names(&self, tasks: &[usize]) -> Vec<String> {
        tasks
            .iter()
            .map(|&task| self.name(task).to_string())
            .collect()
    }

    /// Records how a task ended and wakes `main`.
    fn end_task(&self, task: usize, outcome: Outcome, at: Micros) {
        if self.outcome(task).is_some() {
            return;
        }
        let lane = task + 1;
        let name = self.name(task).to_string();
        self.run.record(|rec| {
            rec.set_state(lane, None, at);
            match &outcome {
                Outcome::Returned => {
                    rec.print(pyfmt::task_finished(&name), at);
                    rec.mark(Some(lane), MarkKind::Finished, String::new(), at);
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
        if let Some(slot) = self.outcomes.borrow_mut().get_mut(task) {
            *slot = Some(outcome);
        }
        self.finish_order.borrow_mut().push(task);
        if let Some(waker) = self.main_waker.borrow_mut().take() {
            waker.wake();
        }
    }

    /// `task.cancel()`: the task's future is dropped, which clears its timer, and its lane
    /// ends with a cancelled mark.
    fn cancel(&self, task: usize, at: Micros) {
        if self.outcome(task).is_some() {
            return;
        }
        let handle = self
            .aborts
            .borrow_mut()
            .get_mut(task)
            .and_then(Option::take);
        if let Some(handle) = handle {
            handle.abort();
        }
        self.end_task(task, Outcome::Cancelled, at);
    }

    /// Suspends `main` until `ready` holds; tasks that end wake it to check again.
    fn main_until<'a>(&'a self, ready: impl Fn(&Loop) -> bool + 'a) -> MainUntil<'a> {
        MainUntil {
            state: self,
            ready: Box::new(ready),
        }
    }

    /// `main` resumes: it leaves its `Blocked` span and runs.
    fn main_runs(&self) {
        let now = self.run.now();
        self.run
            .record(|rec| rec.set_state(MAIN, Some(SpanState::Running), now));
    }

    fn main_blocks(&self) {
        let now = self.run.now();
        self.run
            .record(|rec| rec.set_state(MAIN, Some(SpanState::Blocked), now));
    }

    fn print(&self, line: String) {
        let now = self.run.now();
        self.run.record(|rec| rec.print(line, now));
    }
}

/// A future that is ready once a condition over the loop's state holds.
struct MainUntil<'a> {
    state: &'a Loop,
    ready: Box<dyn Fn(&Loop) -> bool + 'a>,
}

impl Future for MainUntil<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if (self.ready)(self.state) {
            Poll::Ready(())
        } else {
            *self.state.main_waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// Runs an asyncio program (or the sequential one) to its end.
pub async fn run(run: Rc<Run>, scenario: Rc<Scenario>) {
    run.start_clock();
    let count = scenario.tasks.len();
    let state = Rc::new(Loop {
        run: run.clone(),
        scenario: scenario.clone(),
        outcomes: RefCell::new(vec![None; count]),
        aborts: RefCell::new(vec![None; count]),
        finish_order: RefCell::new(Vec::with_capacity(count)),
        main_waker: RefCell::new(None),
        held_until: Cell::new(0),
    });
    if scenario.program == Program::Sequential {
        sequential(&state).await;
    } else {
        asyncio_main(&state).await;
    }
}

/// The "before" program: `main` calls every job in turn and waits inside each call.
async fn sequential(state: &Loop) {
    let run = &state.run;
    for (task, spec) in state.scenario.tasks.iter().enumerate() {
        let lane = task + 1;
        state.main_blocks();
        for step in &spec.steps {
            match *step {
                Step::Cpu(duration) => {
                    let now = run.now();
                    run.record(|rec| rec.set_state(lane, Some(SpanState::Running), now));
                    compute_for(duration);
                }
                // `time.sleep` in a plain function: nothing else is waiting to run, so a
                // browser timer is as good as a blocking sleep and keeps the page alive.
                Step::Io(duration) | Step::BlockingIo(duration) => {
                    let now = run.now();
                    run.record(|rec| rec.set_state(lane, Some(SpanState::WaitingIo), now));
                    TimeoutFuture::new(timeout_ms(duration)).await;
                }
            }
        }
        let now = run.now();
        let name = spec.name.clone();
        run.record(|rec| {
            rec.set_state(lane, None, now);
            if spec.fails {
                let error = PyError::task_failed(&name);
                rec.mark(
                    Some(lane),
                    MarkKind::Failed,
                    pyfmt::exception_repr(&error),
                    now,
                );
                rec.print(pyfmt::task_raised(&name, &error), now);
            } else {
                rec.mark(Some(lane), MarkKind::Finished, String::new(), now);
                rec.print(pyfmt::task_finished(&name), now);
            }
        });
    }
    let end = run.now();
    run.record(|rec| {
        rec.set_state(MAIN, None, end);
        rec.print(pyfmt::elapsed(end), end);
    });
    run.finish(end, None);
}

/// `asyncio.run(main())`: `main` creates every task, awaits them as the program says,
/// prints the elapsed time and returns; tasks still pending are then cancelled.
async fn asyncio_main(state: &Rc<Loop>) {
    let run = state.run.clone();
    state.main_runs();
    // `asyncio.create_task` for each coroutine, in argument order. None of them runs
    // before `main` reaches its first `await`.
    for task in 0..state.scenario.tasks.len() {
        let created = run.now();
        run.record(|rec| rec.set_state(task + 1, Some(SpanState::Ready), created));
        let handle = run.spawn(task_body(state.clone(), task, created));
        if let Some(slot) = state.aborts.borrow_mut().get_mut(task) {
            *slot = Some(handle);
        }
    }
    match &state.scenario.program {
        Program::Tasks => await_each(state).await,
        Program::Gather(config) => gather(state, config.return_exceptions).await,
        Program::Wait(config) => wait(state, config).await,
        Program::AsCompleted => as_completed(state).await,
        // These never reach here: `run` sends them elsewhere.
        Program::Sequential | Program::Threads(_) | Program::Pool(_) => {}
    }
    state.main_runs();
    let end = run.now();
    state.print(pyfmt::elapsed(end));
    run.record(|rec| rec.set_state(MAIN, None, end));
    // `asyncio.run` cancels whatever is still pending once `main` returns.
    for task in state.pending() {
        state.cancel(task, end);
    }
    run.finish(run.now().max(end), None);
}

/// One coroutine: its steps in order, then its return or its exception.
async fn task_body(state: Rc<Loop>, task: usize, created: Micros) {
    let run = state.run.clone();
    let lane = task + 1;
    let spec: &TaskSpec = &state.scenario.tasks[task];
    if state.held_until.get() <= created {
        // Nobody held the loop since the task was created: it started at once, and the
        // hop through the browser's queue is not worth a `Ready` sliver.
        run.record(|rec| rec.set_state(lane, None, created));
    }
    for step in &spec.steps {
        match *step {
            Step::Cpu(duration) | Step::BlockingIo(duration) => {
                let state_drawn = match step {
                    Step::Cpu(_) => SpanState::Running,
                    _ => SpanState::Blocking,
                };
                let now = run.now();
                run.record(|rec| rec.set_state(lane, Some(state_drawn), now));
                // Both hold the loop: nothing else on the page runs meanwhile.
                let (_, end) = match step {
                    Step::Cpu(_) => compute_for(duration),
                    _ => spin_for(duration),
                };
                let end = run.clock().at(end);
                state.held_until.set(state.held_until.get().max(end));
            }
            Step::Io(duration) => {
                let now = run.now();
                run.record(|rec| rec.set_state(lane, Some(SpanState::WaitingIo), now));
                let due = now.saturating_add(duration);
                TimeoutFuture::new(timeout_ms(duration)).await;
                if state.held_until.get() > due {
                    // The sleep was over at `due`, but another task held the loop: from then
                    // on the task was only waiting for its turn.
                    run.record(|rec| rec.set_state(lane, Some(SpanState::Ready), due));
                }
            }
        }
    }
    let end = run.now();
    let outcome = if spec.fails {
        Outcome::Raised(PyError::task_failed(&spec.name))
    } else {
        Outcome::Returned
    };
    state.end_task(task, outcome, end);
}

/// `for t in tasks: await t`, printing what each gives.
async fn await_each(state: &Loop) {
    for task in 0..state.scenario.tasks.len() {
        state.main_blocks();
        state.main_until(move |s| s.outcome(task).is_some()).await;
        state.main_runs();
        let name = state.name(task).to_string();
        let line = match state.outcome(task) {
            Some(Outcome::Raised(error)) => pyfmt::task_raised(&name, &error),
            Some(Outcome::Cancelled) => pyfmt::task_cancelled(&name),
            Some(Outcome::Returned) | None => pyfmt::task_returned(&name),
        };
        state.print(line);
    }
}

/// The first exception in finish order, which is the one `gather` propagates.
fn first_error(state: &Loop) -> Option<PyError> {
    state
        .finish_order
        .borrow()
        .iter()
        .find_map(|&task| match state.outcome(task) {
            Some(Outcome::Raised(error)) => Some(error),
            Some(Outcome::Cancelled) => Some(PyError::new(PyErrorKind::CancelledError, "")),
            Some(Outcome::Returned) | None => None,
        })
}

/// `results = await asyncio.gather(*tasks, return_exceptions=...)`.
async fn gather(state: &Loop, return_exceptions: bool) {
    state.main_blocks();
    state
        .main_until(move |s| {
            s.pending().is_empty() || (!return_exceptions && first_error(s).is_some())
        })
        .await;
    state.main_runs();
    let now = state.run.now();
    let error = if return_exceptions {
        None
    } else {
        first_error(state)
    };
    match error {
        None => {
            // Results in argument order, whatever order the tasks finished in.
            let results: Vec<Result<String, PyError>> = (0..state.scenario.tasks.len())
                .map(|task| {
                    state
                        .outcome(task)
                        .map(|outcome| outcome.result(state.name(task)))
                        .unwrap_or_else(|| Ok(state.name(task).to_string()))
                })
                .collect();
            let line = pyfmt::gather_results(&results);
            let label = line.clone();
            state
                .run
                .record(|rec| rec.mark(Some(MAIN), MarkKind::GatherReturned, label, now));
            state.print(line);
        }
        Some(error) => {
            // The first exception reached `main`; the other tasks keep running, and the
            // program then waits for them with `await asyncio.wait(tasks)`.
            let line = pyfmt::gather_raised(&error);
            let label = line.clone();
            state
                .run
                .record(|rec| rec.mark(Some(MAIN), MarkKind::GatherReturned, label, now));
            state.print(line);
            let running = state.names(&state.pending());
            state.print(pyfmt::still_running(&running));
            state.main_blocks();
            state.main_until(|s| s.pending().is_empty()).await;
        }
    }
}

/// Whether `asyncio.wait` would return now.
fn wait_satisfied(state: &Loop, return_when: ReturnWhen) -> bool {
    let count = state.scenario.tasks.len();
    let ended = state.finish_order.borrow().len();
    match return_when {
        ReturnWhen::AllCompleted => ended >= count,
        ReturnWhen::FirstCompleted => ended > 0,
        ReturnWhen::FirstException => {
            ended >= count
                || state
                    .finish_order
                    .borrow()
                    .iter()
                    .any(|&task| matches!(state.outcome(task), Some(Outcome::Raised(_))))
        }
    }
}

/// `done, pending = await asyncio.wait(tasks, timeout=..., return_when=...)`, then the
/// program prints both sets, the exceptions of the failed tasks, and optionally cancels
/// what is pending.
async fn wait(state: &Loop, config: &WaitConfig) {
    state.main_blocks();
    let return_when = config.return_when;
    let until = state.main_until(move |s| wait_satisfied(s, return_when));
    match config.timeout {
        Some(timeout) => {
            let timer = TimeoutFuture::new(timeout_ms(timeout));
            // Whichever comes first; the other is dropped, which clears the timer.
            let _ = select(Box::pin(until), timer).await;
        }
        None => until.await,
    }
    state.main_runs();
    let now = state.run.now();
    let count = state.scenario.tasks.len();
    let (done, pending): (Vec<usize>, Vec<usize>) =
        (0..count).partition(|&task| state.outcome(task).is_some());
    let done_names = state.names(&done);
    let pending_names = state.names(&pending);
    let label = format!(
        "{} {}",
        pyfmt::wait_done(&done_names),
        pyfmt::wait_pending(&pending_names)
    );
    state
        .run
        .record(|rec| rec.mark(Some(MAIN), MarkKind::WaitReturned, label, now));
    state.print(pyfmt::wait_done(&done_names));
    state.print(pyfmt::wait_pending(&pending_names));
    let mut failed: Vec<(String, PyError)> = done
        .iter()
        .filter_map(|&task| match state.outcome(task) {
            Some(Outcome::Raised(error)) => Some((state.name(task).to_string(), error)),
            _ => None,
        })
        .collect();
    failed.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, error) in failed {
        state.print(pyfmt::task_raised(&name, &error));
    }
    if config.cancel_pending {
        let now = state.run.now();
        for &task in &pending {
            state.cancel(task, now);
        }
        let cancelled: Vec<String> = pending
            .iter()
            .filter(|&&task| state.outcome(task) == Some(Outcome::Cancelled))
            .map(|&task| state.name(task).to_string())
            .collect();
        state.print(pyfmt::wait_cancelled(&cancelled));
    }
}

/// `for next_done in asyncio.as_completed(tasks): print(await next_done)`, in finish order.
async fn as_completed(state: &Loop) {
    let count = state.scenario.tasks.len();
    for index in 0..count {
        state.main_blocks();
        state
            .main_until(move |s| s.finish_order.borrow().len() > index)
            .await;
        state.main_runs();
        let task = state.finish_order.borrow()[index];
        let result = state
            .outcome(task)
            .map(|outcome| outcome.result(state.name(task)))
            .unwrap_or_else(|| Ok(state.name(task).to_string()));
        state.print(pyfmt::got_result(&result));
    }
}
