//! asyncio for real: a small asyncio event loop on the page, driving Rust futures.
//!
//! The page's own event loop is one thread that runs one callback at a time, like
//! asyncio's; but its order is not asyncio's. asyncio runs in rounds (CPython 3.11's
//! `BaseEventLoop._run_once`): each round first moves every timer that is due onto the
//! ready queue, then runs exactly the callbacks that were ready when the round began,
//! first in first out; whatever they schedule waits for the next round. A finished task
//! wakes the coroutine that awaits it with `call_soon`, so the awaiter runs one round
//! later, and `gather`, `wait` and `as_completed` wake theirs one round later still. When
//! several things happen at the same instant, these hops decide the order of the printed
//! lines, so this module reproduces them rather than leaving them to the browser:
//!
//! - [`Loop`] is the event loop: a FIFO ready queue of handles (a coroutine's next step,
//!   a future's done-callback, an expired timer), a timer heap keyed by (when, sequence),
//!   and futures that keep their done-callbacks, as in CPython and in the model
//!   ([`interleave_core::model`], whose `asyncio` engine is the same loop on a virtual
//!   clock). Rounds run back to back while anything is ready; when nothing is, one
//!   browser `setTimeout` sleeps until the next timer is due.
//! - Each coroutine (`main` and every task) is a Rust future that the loop polls itself;
//!   it suspends only on the loop's own futures ([`AwaitFut`]), which register a
//!   `Task.__wakeup` done-callback, exactly as `await future` does in CPython.
//! - `await asyncio.sleep(d)` ([`Step::Io`]) is a timer on the loop; CPU work
//!   ([`Step::Cpu`]) is a real busy loop on the page for `d`, and a blocking call in a
//!   coroutine ([`Step::BlockingIo`], `time.sleep(d)`) spins on the clock for `d`: both
//!   hold the loop (and the page) the way they hold CPython's loop.
//!
//! Time is real: `performance.now()`. A task that became ready while another held the
//! loop is drawn `Ready` from then until it really resumed; that gap is measured.
//! `main` follows the rendered Python program step by step and prints through `pyfmt`.
//!
//! The `Sequential` program (plain calls, the "before" picture) also runs here: `main`
//! calls each job in turn and nothing overlaps.

use super::clock::{compute_for, spin_for, timeout_ms};
use super::Run;
use gloo_timers::future::TimeoutFuture;
use interleave_core::pyfmt;
use interleave_core::scenario::{
    Micros, Program, PyError, PyErrorKind, ReturnWhen, Scenario, Step, WaitConfig,
};
use interleave_core::timeline::{Lane, LaneKind, MarkKind, SpanState};
use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// `0` is `main`; task `i` (argument order) is coroutine `i + 1`, which is also its lane
/// and the id of its own future, as in the model.
type CoroId = usize;
/// Index into [`Loop::futs`].
type FutId = usize;

const MAIN: CoroId = 0;

/// Timers due within this much after "now" are taken in the same round. CPython's
/// selector waits in whole milliseconds (rounded up), so a timer due a fraction of a
/// millisecond after another is collected with it; here it also absorbs the few hundred
/// microseconds by which real blocking steps overshoot (the page's clock is coarsened to
/// 100 µs), so timers the model sees due at the same instant stay together. Lesson steps
/// are at least a millisecond apart.
const TIMER_SLACK: Micros = 500;

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

/// How a future (a task, a sleep, `gather`'s outer future...) ended.
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

/// A done-callback, registered with `add_done_callback` and run through the ready queue.
#[derive(Clone, Copy, Debug)]
enum Callback {
    /// `Task.__wakeup`: resume a coroutine that awaited this future.
    Wakeup(CoroId),
    /// `gather`'s `_done_callback` for one child.
    GatherChild(usize),
    /// `asyncio.wait`'s `_on_completion`.
    WaitCompletion(usize),
    /// `as_completed`'s `_on_completion`, which puts the child on its queue.
    AsCompletedPut,
    /// `run_until_complete`'s callback: stop the loop after this round.
    StopLoop,
}

#[derive(Clone, Copy, Debug)]
enum Handle {
    /// `Task.__step`, scheduled by `create_task`.
    Step(CoroId),
    /// A done-callback of this future.
    Callback(Callback, FutId),
    /// An expired timer.
    Timer(Timer),
}

#[derive(Clone, Copy, Debug)]
enum Timer {
    /// `asyncio.sleep`'s `_set_result_unless_cancelled`.
    Sleep(FutId),
    /// `asyncio.wait`'s `_release_waiter` after `timeout`.
    WaitTimeout(usize),
}

struct Fut {
    outcome: Option<Outcome>,
    callbacks: Vec<Callback>,
    /// The coroutine a sleep belongs to, to draw it ready when its timer expires.
    owner: CoroId,
}

struct GatherState {
    children: Vec<CoroId>,
    finished: usize,
    outer: FutId,
    return_exceptions: bool,
    results: Vec<Result<String, PyError>>,
    error: Option<PyError>,
}

struct WaitState {
    waiter: FutId,
    counter: usize,
    return_when: ReturnWhen,
    /// False once `wait` has returned (or its timeout fired).
    active: bool,
    timeout_cancelled: bool,
}

type Coro = Pin<Box<dyn Future<Output = Outcome>>>;

/// One asyncio event loop and everything on it.
struct Loop {
    run: Rc<Run>,
    scenario: Rc<Scenario>,
    ready: RefCell<VecDeque<Handle>>,
    timers: RefCell<BinaryHeap<Reverse<(Micros, u64)>>>,
    timer_kinds: RefCell<Vec<Timer>>,
    futs: RefCell<Vec<Fut>>,
    /// Each coroutine's future while it is suspended (taken out while it runs).
    coros: RefCell<Vec<Option<Coro>>>,
    /// Set by `Task.cancel()`: the next time the task runs, `CancelledError` is thrown in.
    must_cancel: RefCell<Vec<bool>>,
    /// The sleep each task awaits, so `cancel()` can cancel it.
    waiting_on: RefCell<Vec<Option<FutId>>>,
    /// The coroutine being polled, which is who awaits.
    current: Cell<CoroId>,
    gathers: RefCell<Vec<GatherState>>,
    waits: RefCell<Vec<WaitState>>,
    as_completed: RefCell<VecDeque<CoroId>>,
    as_completed_getter: Cell<Option<FutId>>,
    stopping: Cell<bool>,
    /// When the loop was last released by a coroutine that held it (a CPU step or a
    /// blocking call): a coroutine ready since before then was kept waiting.
    held_until: Cell<Micros>,
    /// Since when each lane has been ready to run; drawn only if somebody held the loop
    /// meanwhile (otherwise the hop through the ready queue is not worth a sliver).
    ready_since: RefCell<Vec<Option<Micros>>>,
}

/// `await fut` inside a coroutine: suspends until the loop completes `fut`.
struct AwaitFut {
    state: Rc<Loop>,
    fut: FutId,
    registered: bool,
}

impl Future for AwaitFut {
    type Output = Outcome;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Outcome> {
        let outcome = self.state.futs.borrow()[self.fut].outcome.clone();
        if let Some(outcome) = outcome {
            return Poll::Ready(outcome);
        }
        if !self.registered {
            self.registered = true;
            let coro = self.state.current.get();
            self.state.futs.borrow_mut()[self.fut]
                .callbacks
                .push(Callback::Wakeup(coro));
            if coro == MAIN {
                let now = self.state.run.now();
                self.state.set_state(MAIN, Some(SpanState::Blocked), now);
            }
        }
        Poll::Pending
    }
}

impl Loop {
    fn new(run: Rc<Run>, scenario: Rc<Scenario>) -> Rc<Loop> {
        let count = scenario.tasks.len();
        let futs = (0..=count)
            .map(|coro| Fut {
                outcome: None,
                callbacks: Vec::new(),
                owner: coro,
            })
            .collect();
        Rc::new(Loop {
            run,
            scenario,
            ready: RefCell::new(VecDeque::with_capacity(count + 1)),
            timers: RefCell::new(BinaryHeap::with_capacity(count)),
            timer_kinds: RefCell::new(Vec::with_capacity(count)),
            futs: RefCell::new(futs),
            coros: RefCell::new((0..=count).map(|_| None).collect()),
            must_cancel: RefCell::new(vec![false; count + 1]),
            waiting_on: RefCell::new(vec![None; count + 1]),
            current: Cell::new(MAIN),
            gathers: RefCell::new(Vec::new()),
            waits: RefCell::new(Vec::new()),
            as_completed: RefCell::new(VecDeque::new()),
            as_completed_getter: Cell::new(None),
            stopping: Cell::new(false),
            held_until: Cell::new(0),
            ready_since: RefCell::new(vec![None; count + 1]),
        })
    }

    fn name(&self, coro: CoroId) -> &str {
        &self.scenario.tasks[coro - 1].name
    }

    fn names(&self, coros: &[CoroId]) -> Vec<String> {
        coros
            .iter()
            .map(|&coro| self.name(coro).to_string())
            .collect()
    }

    fn outcome(&self, fut: FutId) -> Option<Outcome> {
        self.futs.borrow()[fut].outcome.clone()
    }

    fn is_pending(&self, fut: FutId) -> bool {
        self.futs.borrow()[fut].outcome.is_none()
    }

    /// The tasks not done yet, in argument order.
    fn pending_tasks(&self) -> Vec<CoroId> {
        (1..=self.scenario.tasks.len())
            .filter(|&coro| self.is_pending(coro))
            .collect()
    }

    // ----- drawing -----

    /// The lane may run from `at` on; drawn as ready only if somebody holds the loop.
    fn mark_ready(&self, lane: usize, at: Micros) {
        let mut since = self.ready_since.borrow_mut();
        if let Some(slot) = since.get_mut(lane) {
            if slot.is_none() {
                *slot = Some(at);
            }
        }
    }

    fn set_state(&self, lane: usize, state: Option<SpanState>, at: Micros) {
        let since = self
            .ready_since
            .borrow_mut()
            .get_mut(lane)
            .and_then(Option::take);
        let held_until = self.held_until.get();
        self.run.record(|rec| {
            if let Some(since) = since {
                if held_until > since {
                    rec.set_state(lane, Some(SpanState::Ready), since);
                }
            }
            rec.set_state(lane, state, at);
        });
    }

    fn print(&self, line: String) {
        let now = self.run.now();
        self.run.record(|rec| rec.print(line, now));
    }

    fn mark(&self, lane: usize, kind: MarkKind, label: String) {
        let now = self.run.now();
        self.run
            .record(|rec| rec.mark(Some(lane), kind, label, now));
    }

    // ----- futures, timers and the ready queue -----

    fn new_future(&self, owner: CoroId) -> FutId {
        let mut futs = self.futs.borrow_mut();
        futs.push(Fut {
            outcome: None,
            callbacks: Vec::new(),
            owner,
        });
        futs.len() - 1
    }

    fn await_fut(self: &Rc<Self>, fut: FutId) -> AwaitFut {
        AwaitFut {
            state: self.clone(),
            fut,
            registered: false,
        }
    }

    /// Completes a future and schedules its done-callbacks, in registration order.
    fn complete(&self, fut: FutId, outcome: Outcome) {
        let callbacks = {
            let mut futs = self.futs.borrow_mut();
            futs[fut].outcome = Some(outcome);
            std::mem::take(&mut futs[fut].callbacks)
        };
        let now = self.run.now();
        for callback in callbacks {
            if let Callback::Wakeup(coro) = callback {
                self.mark_ready(coro, now);
            }
            self.ready
                .borrow_mut()
                .push_back(Handle::Callback(callback, fut));
        }
    }

    /// `fut.add_done_callback(cb)`: on a future that is already done, CPython schedules
    /// the callback at once.
    fn add_callback(&self, fut: FutId, callback: Callback) {
        let done = {
            let mut futs = self.futs.borrow_mut();
            if futs[fut].outcome.is_none() {
                futs[fut].callbacks.push(callback);
                false
            } else {
                true
            }
        };
        if done {
            self.ready
                .borrow_mut()
                .push_back(Handle::Callback(callback, fut));
        }
    }

    fn call_later(&self, delay: Micros, timer: Timer) {
        let mut kinds = self.timer_kinds.borrow_mut();
        let seq = kinds.len() as u64;
        kinds.push(timer);
        let when = self.run.now().saturating_add(delay);
        self.timers.borrow_mut().push(Reverse((when, seq)));
    }

    fn timer_is_cancelled(&self, timer: Timer) -> bool {
        match timer {
            Timer::Sleep(fut) => !self.is_pending(fut),
            Timer::WaitTimeout(wait) => self.waits.borrow()[wait].timeout_cancelled,
        }
    }

    /// When the next live timer is due, dropping cancelled ones on the way.
    fn next_timer(&self) -> Option<Micros> {
        loop {
            let (when, seq) = self.timers.borrow().peek().map(|Reverse(next)| *next)?;
            let timer = self.timer_kinds.borrow()[seq as usize];
            if self.timer_is_cancelled(timer) {
                self.timers.borrow_mut().pop();
            } else {
                return Some(when);
            }
        }
    }

    /// Runs rounds until the loop is stopped, sleeping on a browser timer whenever nothing
    /// is ready. Returns early if the loop has nothing left to wait for (or the run ended).
    async fn run_until_stopped(self: &Rc<Self>) {
        self.stopping.set(false);
        loop {
            if !self.run.is_live() {
                return;
            }
            if self.ready.borrow().is_empty() {
                let Some(when) = self.next_timer() else {
                    return;
                };
                let now = self.run.now();
                if when > now + TIMER_SLACK {
                    TimeoutFuture::new(timeout_ms(when - now)).await;
                    continue;
                }
            }
            self.run_round();
            if self.stopping.get() {
                return;
            }
        }
    }

    /// One `_run_once`: expired timers join the ready queue, then exactly the handles
    /// that are ready now run, in order.
    fn run_round(self: &Rc<Self>) {
        let now = self.run.now();
        let mut due: Vec<(Micros, u64)> = Vec::new();
        loop {
            let Some((when, seq)) = self.timers.borrow().peek().map(|Reverse(next)| *next) else {
                break;
            };
            if when > now + TIMER_SLACK {
                break;
            }
            self.timers.borrow_mut().pop();
            let timer = self.timer_kinds.borrow()[seq as usize];
            if !self.timer_is_cancelled(timer) {
                due.push((when, seq));
            }
        }
        // Timers within the slack of each other count as due at the same instant, where
        // the earlier scheduled goes first (as the model's sequence numbers say).
        for i in 1..due.len() {
            let mut j = i;
            while j > 0 && due[j].0.abs_diff(due[j - 1].0) <= TIMER_SLACK && due[j].1 < due[j - 1].1
            {
                due.swap(j, j - 1);
                j -= 1;
            }
        }
        for (when, seq) in due {
            let timer = self.timer_kinds.borrow()[seq as usize];
            if let Timer::Sleep(fut) = timer {
                // The sleep is over; from then on the task only waits for the loop.
                let owner = self.futs.borrow()[fut].owner;
                self.mark_ready(owner, when.min(now));
            }
            self.ready.borrow_mut().push_back(Handle::Timer(timer));
        }
        let todo = self.ready.borrow().len();
        for _ in 0..todo {
            let handle = self.ready.borrow_mut().pop_front();
            if let Some(handle) = handle {
                self.run_handle(handle);
            }
            if !self.run.is_live() {
                return;
            }
        }
    }

    fn run_handle(self: &Rc<Self>, handle: Handle) {
        match handle {
            Handle::Step(coro) | Handle::Callback(Callback::Wakeup(coro), _) => self.resume(coro),
            Handle::Callback(Callback::GatherChild(gather), fut) => {
                self.gather_child_done(gather, fut)
            }
            Handle::Callback(Callback::WaitCompletion(wait), fut) => {
                let failed = matches!(self.outcome(fut), Some(Outcome::Raised(_)));
                let waiter = {
                    let mut waits = self.waits.borrow_mut();
                    let state = &mut waits[wait];
                    if !state.active {
                        return;
                    }
                    state.counter = state.counter.saturating_sub(1);
                    let release = state.counter == 0
                        || state.return_when == ReturnWhen::FirstCompleted
                        || (state.return_when == ReturnWhen::FirstException && failed);
                    if !release {
                        return;
                    }
                    state.timeout_cancelled = true;
                    state.waiter
                };
                if self.is_pending(waiter) {
                    self.complete(waiter, Outcome::Returned);
                }
            }
            Handle::Callback(Callback::AsCompletedPut, fut) => {
                self.as_completed.borrow_mut().push_back(fut);
                if let Some(getter) = self.as_completed_getter.take() {
                    if self.is_pending(getter) {
                        self.complete(getter, Outcome::Returned);
                    }
                }
            }
            Handle::Callback(Callback::StopLoop, _) => self.stopping.set(true),
            Handle::Timer(Timer::Sleep(fut)) => {
                if self.is_pending(fut) {
                    self.complete(fut, Outcome::Returned);
                }
            }
            Handle::Timer(Timer::WaitTimeout(wait)) => {
                let waiter = {
                    let mut waits = self.waits.borrow_mut();
                    if waits[wait].timeout_cancelled {
                        return;
                    }
                    waits[wait].active = false;
                    waits[wait].waiter
                };
                if self.is_pending(waiter) {
                    self.complete(waiter, Outcome::Returned);
                }
            }
        }
    }

    // ----- coroutines -----

    /// Runs a coroutine from where it stopped until its next `await` of a pending future
    /// (or its end).
    fn resume(self: &Rc<Self>, coro: CoroId) {
        if !self.is_pending(coro) {
            return;
        }
        let now = self.run.now();
        if coro != MAIN && self.must_cancel.borrow()[coro] {
            // `CancelledError` is thrown in at the `await` the task is suspended in (or
            // before its first line), so nothing more of the task runs.
            let dropped = self.coros.borrow_mut()[coro].take();
            drop(dropped);
            self.end_task(coro, Outcome::Cancelled);
            return;
        }
        let Some(mut future) = self.coros.borrow_mut()[coro].take() else {
            return;
        };
        self.current.set(coro);
        if coro == MAIN {
            self.set_state(MAIN, Some(SpanState::Running), now);
        }
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        match future.as_mut().poll(&mut cx) {
            Poll::Pending => self.coros.borrow_mut()[coro] = Some(future),
            Poll::Ready(outcome) => {
                drop(future);
                if coro == MAIN {
                    self.complete(MAIN, Outcome::Returned);
                } else {
                    self.end_task(coro, outcome);
                }
            }
        }
    }

    /// A task's coroutine returned, raised or was cancelled: its lane ends and its future
    /// completes, which schedules whoever awaits it.
    fn end_task(&self, coro: CoroId, outcome: Outcome) {
        let now = self.run.now();
        self.set_state(coro, None, now);
        let name = self.name(coro).to_string();
        match &outcome {
            Outcome::Returned => {
                self.print(pyfmt::task_finished(&name));
                self.mark(coro, MarkKind::Finished, String::new());
            }
            Outcome::Raised(error) => {
                self.mark(coro, MarkKind::Failed, pyfmt::exception_repr(error));
            }
            Outcome::Cancelled => self.mark(coro, MarkKind::Cancelled, String::new()),
        }
        self.complete(coro, outcome);
    }

    /// `task.cancel()`.
    fn cancel_task(&self, coro: CoroId) {
        if !self.is_pending(coro) {
            return;
        }
        self.must_cancel.borrow_mut()[coro] = true;
        let sleep = self.waiting_on.borrow()[coro];
        if let Some(fut) = sleep {
            if self.is_pending(fut) {
                // Cancelling the awaited future wakes the task at once, with the error.
                self.complete(fut, Outcome::Cancelled);
            }
        }
    }

    /// `await asyncio.sleep(duration)` in task `coro`.
    fn sleep(self: &Rc<Self>, coro: CoroId, duration: Micros) -> AwaitFut {
        let fut = self.new_future(coro);
        self.waiting_on.borrow_mut()[coro] = Some(fut);
        self.call_later(duration, Timer::Sleep(fut));
        self.await_fut(fut)
    }

    // ----- gather, wait, as_completed -----

    fn start_gather(&self, children: Vec<CoroId>, return_exceptions: bool) -> usize {
        let outer = self.new_future(MAIN);
        let id = self.gathers.borrow().len();
        let empty = children.is_empty();
        for &child in &children {
            self.add_callback(child, Callback::GatherChild(id));
        }
        self.gathers.borrow_mut().push(GatherState {
            children,
            finished: 0,
            outer,
            return_exceptions,
            results: Vec::new(),
            error: None,
        });
        if empty {
            // `gather()` with nothing to wait for returns a finished future holding `[]`.
            self.futs.borrow_mut()[outer].outcome = Some(Outcome::Returned);
        }
        id
    }

    fn gather_child_done(&self, gather: usize, child: FutId) {
        let (outer, return_exceptions) = {
            let mut gathers = self.gathers.borrow_mut();
            let state = &mut gathers[gather];
            state.finished += 1;
            (state.outer, state.return_exceptions)
        };
        if !self.is_pending(outer) {
            return;
        }
        if !return_exceptions {
            let error = match self.outcome(child) {
                Some(Outcome::Raised(error)) => Some(error),
                Some(Outcome::Cancelled) => Some(PyError::new(PyErrorKind::CancelledError, "")),
                Some(Outcome::Returned) | None => None,
            };
            if let Some(error) = error {
                self.gathers.borrow_mut()[gather].error = Some(error.clone());
                self.complete(outer, Outcome::Raised(error));
                return;
            }
        }
        let results = {
            let gathers = self.gathers.borrow();
            let state = &gathers[gather];
            if state.finished < state.children.len() {
                return;
            }
            state
                .children
                .iter()
                .map(|&child| {
                    self.outcome(child)
                        .map(|outcome| outcome.result(self.name(child)))
                        .unwrap_or_else(|| Ok(self.name(child).to_string()))
                })
                .collect()
        };
        self.gathers.borrow_mut()[gather].results = results;
        self.complete(outer, Outcome::Returned);
    }

    fn start_wait(&self, return_when: ReturnWhen, timeout: Option<Micros>) -> usize {
        let waiter = self.new_future(MAIN);
        let id = self.waits.borrow().len();
        self.waits.borrow_mut().push(WaitState {
            waiter,
            counter: self.scenario.tasks.len(),
            return_when,
            active: true,
            timeout_cancelled: timeout.is_none(),
        });
        if let Some(timeout) = timeout {
            self.call_later(timeout, Timer::WaitTimeout(id));
        }
        for coro in 1..=self.scenario.tasks.len() {
            self.add_callback(coro, Callback::WaitCompletion(id));
        }
        id
    }

    /// Drops every coroutine: they hold the loop, which holds them.
    fn teardown(&self) {
        let coros = std::mem::take(&mut *self.coros.borrow_mut());
        drop(coros);
    }
}

/// Tears the loop down however the driver ends (finished, or dropped by `stop`).
struct Teardown(Rc<Loop>);

impl Drop for Teardown {
    fn drop(&mut self) {
        self.0.teardown();
    }
}

/// Runs an asyncio program (or the sequential one) to its end.
pub async fn run(run: Rc<Run>, scenario: Rc<Scenario>) {
    run.start_clock();
    if scenario.program == Program::Sequential {
        sequential(&run, &scenario).await;
        return;
    }
    let state = Loop::new(run.clone(), scenario.clone());
    let _teardown = Teardown(state.clone());
    // `asyncio.run` wraps `main()` in a task (scheduled with `call_soon`) and stops the
    // loop from a done-callback once it returns.
    state.coros.borrow_mut()[MAIN] = Some(Box::pin(main_body(state.clone())));
    state.futs.borrow_mut()[MAIN]
        .callbacks
        .push(Callback::StopLoop);
    state.ready.borrow_mut().push_back(Handle::Step(MAIN));
    state.run_until_stopped().await;
    // Any task still pending when `main` returns is cancelled by `asyncio.run`, which
    // then runs the loop until those cancellations have completed.
    let leftover = state.pending_tasks();
    if !leftover.is_empty() && run.is_live() {
        for &coro in &leftover {
            state.cancel_task(coro);
        }
        let gather = state.start_gather(leftover, true);
        let outer = state.gathers.borrow()[gather].outer;
        state.add_callback(outer, Callback::StopLoop);
        state.run_until_stopped().await;
    }
    let end = run.now();
    run.finish(end, None);
}

/// One task's coroutine: its steps in order, then its return or its exception.
async fn task_body(state: Rc<Loop>, coro: CoroId) -> Outcome {
    let run = state.run.clone();
    let spec = state.scenario.tasks[coro - 1].clone();
    for step in &spec.steps {
        match *step {
            Step::Cpu(duration) | Step::BlockingIo(duration) => {
                let drawn = match step {
                    Step::Cpu(_) => SpanState::Running,
                    _ => SpanState::Blocking,
                };
                state.set_state(coro, Some(drawn), run.now());
                // Both hold the loop: nothing else on the page runs meanwhile.
                let (_, end) = match step {
                    Step::Cpu(_) => compute_for(duration),
                    _ => spin_for(duration),
                };
                let end = run.clock().at(end);
                state.held_until.set(state.held_until.get().max(end));
            }
            Step::Io(duration) => {
                state.set_state(coro, Some(SpanState::WaitingIo), run.now());
                if duration == 0 {
                    // `asyncio.sleep(0)` yields once without a timer: the task goes to
                    // the back of the ready queue.
                    state.mark_ready(coro, run.now());
                    state.ready.borrow_mut().push_back(Handle::Step(coro));
                    // Resumed by the step just scheduled; nothing to await.
                    Yield(false).await;
                } else {
                    state.sleep(coro, duration).await;
                }
            }
        }
    }
    if spec.fails {
        Outcome::Raised(PyError::task_failed(&spec.name))
    } else {
        Outcome::Returned
    }
}

/// Suspends a coroutine once; whoever suspends it has scheduled its next step.
struct Yield(bool);

impl Future for Yield {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

/// `main()`: creates every task, awaits them as the program says, prints the elapsed
/// time and returns.
async fn main_body(state: Rc<Loop>) -> Outcome {
    let count = state.scenario.tasks.len();
    // `asyncio.create_task` schedules each task's first step with `call_soon`, in
    // order; none of them runs before `main` reaches its first `await`.
    let now = state.run.now();
    for coro in 1..=count {
        state.coros.borrow_mut()[coro] = Some(Box::pin(task_body(state.clone(), coro)));
        state.mark_ready(coro, now);
        state.ready.borrow_mut().push_back(Handle::Step(coro));
    }
    let coros: Vec<CoroId> = (1..=count).collect();
    match state.scenario.program.clone() {
        Program::Gather(config) => gather(&state, coros, config.return_exceptions).await,
        Program::Wait(config) => wait(&state, &config).await,
        Program::AsCompleted => as_completed(&state, coros).await,
        Program::Tasks | Program::Sequential | Program::Threads(_) | Program::Pool(_) => {
            await_each(&state, coros).await
        }
    }
    let now = state.run.now();
    state.print(pyfmt::elapsed(now));
    state.set_state(MAIN, None, now);
    Outcome::Returned
}

/// `for task in tasks: await task`, printing what each gives.
async fn await_each(state: &Rc<Loop>, coros: Vec<CoroId>) {
    for coro in coros {
        let outcome = state.await_fut(coro).await;
        let name = state.name(coro).to_string();
        let line = match outcome {
            Outcome::Raised(error) => pyfmt::task_raised(&name, &error),
            Outcome::Cancelled => pyfmt::task_cancelled(&name),
            Outcome::Returned => pyfmt::task_returned(&name),
        };
        state.print(line);
    }
}

/// `results = await asyncio.gather(*tasks, return_exceptions=...)`.
async fn gather(state: &Rc<Loop>, coros: Vec<CoroId>, return_exceptions: bool) {
    let gather = state.start_gather(coros, return_exceptions);
    let outer = state.gathers.borrow()[gather].outer;
    state.await_fut(outer).await;
    let error = state.gathers.borrow()[gather].error.clone();
    match error {
        None => {
            // Results in argument order, whatever order the tasks finished in.
            let line = pyfmt::gather_results(&state.gathers.borrow()[gather].results);
            state.mark(MAIN, MarkKind::GatherReturned, line.clone());
            state.print(line);
        }
        Some(error) => {
            // The first exception reached `main`; the other tasks keep running, and the
            // program then waits for them with `await asyncio.wait(tasks)`.
            let running = state.names(&state.pending_tasks());
            let line = pyfmt::gather_raised(&error);
            state.mark(MAIN, MarkKind::GatherReturned, line.clone());
            state.print(line);
            state.print(pyfmt::still_running(&running));
            let wait = state.start_wait(ReturnWhen::AllCompleted, None);
            let waiter = state.waits.borrow()[wait].waiter;
            state.await_fut(waiter).await;
            let mut waits = state.waits.borrow_mut();
            waits[wait].active = false;
            waits[wait].timeout_cancelled = true;
        }
    }
}

/// `done, pending = await asyncio.wait(tasks, timeout=..., return_when=...)`, then the
/// program prints both sets, the exceptions of the failed tasks, and optionally cancels
/// what is pending.
async fn wait(state: &Rc<Loop>, config: &WaitConfig) {
    let wait = state.start_wait(config.return_when, config.timeout);
    let waiter = state.waits.borrow()[wait].waiter;
    state.await_fut(waiter).await;
    {
        // `wait` removes its callbacks and cancels its timeout when it returns.
        let mut waits = state.waits.borrow_mut();
        waits[wait].active = false;
        waits[wait].timeout_cancelled = true;
    }
    let (done, pending): (Vec<CoroId>, Vec<CoroId>) =
        (1..=state.scenario.tasks.len()).partition(|&coro| !state.is_pending(coro));
    let done_names = state.names(&done);
    let pending_names = state.names(&pending);
    let label = format!(
        "{} {}",
        pyfmt::wait_done(&done_names),
        pyfmt::wait_pending(&pending_names)
    );
    state.mark(MAIN, MarkKind::WaitReturned, label);
    state.print(pyfmt::wait_done(&done_names));
    state.print(pyfmt::wait_pending(&pending_names));
    let mut failed: Vec<(String, PyError)> = done
        .iter()
        .filter_map(|&coro| match state.outcome(coro) {
            Some(Outcome::Raised(error)) => Some((state.name(coro).to_string(), error)),
            _ => None,
        })
        .collect();
    failed.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, error) in failed {
        state.print(pyfmt::task_raised(&name, &error));
    }
    if config.cancel_pending {
        for &coro in &pending {
            state.cancel_task(coro);
        }
        // `await asyncio.gather(*pending, return_exceptions=True)`.
        let gather = state.start_gather(pending.clone(), true);
        let outer = state.gathers.borrow()[gather].outer;
        state.await_fut(outer).await;
        let cancelled: Vec<String> = pending
            .iter()
            .filter(|&&coro| state.outcome(coro) == Some(Outcome::Cancelled))
            .map(|&coro| state.name(coro).to_string())
            .collect();
        state.print(pyfmt::wait_cancelled(&cancelled));
    }
}

/// `for next_done in asyncio.as_completed(tasks): print(await next_done)`, in finish order.
async fn as_completed(state: &Rc<Loop>, coros: Vec<CoroId>) {
    for &coro in &coros {
        state.add_callback(coro, Callback::AsCompletedPut);
    }
    for _ in 0..coros.len() {
        let coro = loop {
            let next = state.as_completed.borrow_mut().pop_front();
            if let Some(coro) = next {
                break coro;
            }
            let getter = state.new_future(MAIN);
            state.as_completed_getter.set(Some(getter));
            state.await_fut(getter).await;
        };
        let result = state
            .outcome(coro)
            .map(|outcome| outcome.result(state.name(coro)))
            .unwrap_or_else(|| Ok(state.name(coro).to_string()));
        state.print(pyfmt::got_result(&result));
    }
}

/// The "before" program: `main` calls every job in turn and waits inside each call.
async fn sequential(run: &Rc<Run>, scenario: &Scenario) {
    for (task, spec) in scenario.tasks.iter().enumerate() {
        let lane = task + 1;
        let now = run.now();
        run.record(|rec| rec.set_state(0, Some(SpanState::Blocked), now));
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
        rec.set_state(0, None, end);
        rec.print(pyfmt::elapsed(end), end);
    });
    run.finish(end, None);
}
