//! One asyncio event loop, modelled on CPython 3.11's `BaseEventLoop._run_once`.
//!
//! The loop is one thread. Each iteration first moves every expired timer to the ready
//! queue, then runs exactly the handles that were ready when the iteration began;
//! callbacks scheduled meanwhile wait for the next iteration. Futures keep their
//! done-callbacks and schedule them with `call_soon` when they complete, which is why
//! `await task` wakes `main` one hop after the task ends and `gather` two hops after.
//! Reproducing these hops is what makes the order of printed lines match CPython when
//! several things happen at the same virtual instant.
//!
//! A task's `Cpu` and `BlockingIo` steps advance the virtual clock while holding the
//! loop: nothing else runs, and tasks whose turn has come show as `Ready`.

use super::record::{capped_names, capped_timers, Recorder};
use super::{Prediction, Snapshot, StepRecord};
use crate::pyfmt;
use crate::scenario::{
    Micros, Program, PyError, PyErrorKind, ReturnWhen, Scenario, Step, TaskSpec, WaitConfig,
};
use crate::timeline::{Lane, LaneKind, MarkKind, SpanState};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// `0` is `main`; task `i` (argument order) is coroutine `i + 1`, which is also its lane.
type CoroId = usize;
/// Index into [`Loop::futures`]; a task's own future has the task's [`CoroId`].
type FutId = usize;

const MAIN: CoroId = 0;

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Pending,
    Returned,
    Raised(PyError),
    Cancelled,
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
    /// `run_until_complete`'s callback: stop the loop after this iteration.
    StopLoop,
}

struct Future {
    outcome: Outcome,
    callbacks: Vec<Callback>,
    /// The coroutine a sleep future belongs to, for snapshots.
    owner: CoroId,
}

#[derive(Clone, Copy, Debug)]
enum Handle {
    /// `Task.__step`, scheduled by `create_task` or by `asyncio.sleep(0)`.
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

struct Task {
    spec: TaskSpec,
    /// The next step to run.
    pc: usize,
    /// Set by `Task.cancel()`: the next time the task runs, `CancelledError` is thrown in.
    must_cancel: bool,
    /// The future the task awaits, so `cancel()` can cancel it.
    waiting_on: Option<FutId>,
    /// The step the task is suspended in, and since when.
    open_step: Option<(usize, SpanState, Micros)>,
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
    /// False once `wait` has returned and removed its callbacks (or its timeout fired).
    active: bool,
    timeout_cancelled: bool,
}

/// Where `main` is; each variant is one `await` of the rendered program.
#[derive(Clone, Copy, Debug)]
enum MainPc {
    Start,
    AwaitTask(usize),
    AwaitGather(usize),
    AwaitWait(usize, AfterWait),
    AwaitCancelGather(usize),
    AsCompletedNext(usize),
    Finish,
    Returned,
}

#[derive(Clone, Copy, Debug)]
enum AfterWait {
    /// The `Wait` program: print `done`/`pending`, then maybe cancel the pending ones.
    PrintSets,
    /// After `gather` raised: `await asyncio.wait(tasks)` only lets the others finish.
    Finish,
}

struct Loop<'a> {
    scenario: &'a Scenario,
    now: Micros,
    ready: VecDeque<Handle>,
    timers: BinaryHeap<Reverse<(Micros, u64)>>,
    timer_kinds: Vec<Timer>,
    futures: Vec<Future>,
    tasks: Vec<Task>,
    gathers: Vec<GatherState>,
    waits: Vec<WaitState>,
    as_completed_queue: VecDeque<CoroId>,
    as_completed_getter: Option<FutId>,
    main_pc: MainPc,
    stopping: bool,
    running: Option<CoroId>,
    done: Vec<CoroId>,
    rec: Recorder,
}

pub fn simulate(scenario: &Scenario) -> Prediction {
    let mut lanes = vec![Lane {
        name: "main".to_string(),
        kind: LaneKind::Main,
    }];
    lanes.extend(scenario.tasks.iter().map(|task| Lane {
        name: task.name.clone(),
        kind: LaneKind::Task,
    }));
    let count = scenario.tasks.len();
    let mut futures = Vec::with_capacity(count * 2 + 4);
    for coro in 0..=count {
        futures.push(Future {
            outcome: Outcome::Pending,
            callbacks: Vec::new(),
            owner: coro,
        });
    }
    let mut event_loop = Loop {
        scenario,
        now: 0,
        ready: VecDeque::with_capacity(count + 1),
        timers: BinaryHeap::with_capacity(count),
        timer_kinds: Vec::with_capacity(count),
        futures,
        tasks: scenario
            .tasks
            .iter()
            .map(|spec| Task {
                spec: spec.clone(),
                pc: 0,
                must_cancel: false,
                waiting_on: None,
                open_step: None,
            })
            .collect(),
        gathers: Vec::new(),
        waits: Vec::new(),
        as_completed_queue: VecDeque::new(),
        as_completed_getter: None,
        main_pc: MainPc::Start,
        stopping: false,
        running: None,
        done: Vec::new(),
        rec: Recorder::new(lanes, super::MAX_EVENTS),
    };
    event_loop.run_program();
    let end = event_loop.now;
    event_loop.rec.finish(end, None)
}

impl Loop<'_> {
    /// `asyncio.run(main())`: run until `main` is done, then cancel what is left.
    fn run_program(&mut self) {
        // `asyncio.run` wraps `main()` in a task (scheduled with `call_soon`) and stops the
        // loop from a done-callback once it returns.
        self.futures[MAIN].callbacks.push(Callback::StopLoop);
        self.ready.push_back(Handle::Step(MAIN));
        self.event("asyncio.run(main()) starts the event loop".to_string());
        self.run_until_stopped();
        // Any task still pending when `main` returns is cancelled by `asyncio.run`, which
        // then runs the loop until those cancellations have completed.
        let leftover: Vec<CoroId> = (1..=self.tasks.len())
            .filter(|&coro| self.futures[coro].outcome == Outcome::Pending)
            .collect();
        if !leftover.is_empty() {
            for &coro in &leftover {
                self.cancel_task(coro);
            }
            self.event(format!(
                "asyncio.run cancels the tasks still pending: {}",
                pyfmt::sorted_names(&self.names(&leftover))
            ));
            let gather = self.start_gather(leftover, true);
            let outer = self.gathers[gather].outer;
            self.add_callback(outer, Callback::StopLoop);
            self.stopping = false;
            self.run_until_stopped();
        }
        self.event("the event loop closes".to_string());
    }

    fn run_until_stopped(&mut self) {
        loop {
            if self.ready.is_empty() {
                self.skip_cancelled_timers();
                match self.timers.peek() {
                    Some(Reverse((when, _))) => self.now = self.now.max(*when),
                    // Nothing ready and nothing scheduled: the loop would wait forever.
                    None => return,
                }
            }
            while let Some(Reverse((when, seq))) = self.timers.peek().copied() {
                if when > self.now {
                    break;
                }
                self.timers.pop();
                let timer = self.timer_kinds[seq as usize];
                if self.timer_is_cancelled(timer) {
                    continue;
                }
                if let Timer::Sleep(fut) = timer {
                    // The I/O is over at `when`; from then on the task only waits for the loop.
                    let owner = self.futures[fut].owner;
                    self.rec.set_state(owner, Some(SpanState::Ready), when);
                }
                self.ready.push_back(Handle::Timer(timer));
            }
            let todo = self.ready.len();
            for _ in 0..todo {
                if let Some(handle) = self.ready.pop_front() {
                    self.run_handle(handle);
                }
            }
            if self.stopping {
                return;
            }
        }
    }

    fn timer_is_cancelled(&self, timer: Timer) -> bool {
        match timer {
            Timer::Sleep(fut) => self.futures[fut].outcome != Outcome::Pending,
            Timer::WaitTimeout(wait) => self.waits[wait].timeout_cancelled,
        }
    }

    fn skip_cancelled_timers(&mut self) {
        while let Some(Reverse((_, seq))) = self.timers.peek().copied() {
            if self.timer_is_cancelled(self.timer_kinds[seq as usize]) {
                self.timers.pop();
            } else {
                break;
            }
        }
    }

    fn call_later(&mut self, delay: Micros, timer: Timer) {
        let seq = self.timer_kinds.len() as u64;
        self.timer_kinds.push(timer);
        self.timers
            .push(Reverse((self.now.saturating_add(delay), seq)));
    }

    fn run_handle(&mut self, handle: Handle) {
        match handle {
            Handle::Step(coro) => self.resume(coro),
            Handle::Callback(callback, fut) => self.run_callback(callback, fut),
            Handle::Timer(Timer::Sleep(fut)) => {
                if self.futures[fut].outcome == Outcome::Pending {
                    self.complete(fut, Outcome::Returned);
                }
            }
            Handle::Timer(Timer::WaitTimeout(wait)) => {
                if !self.waits[wait].timeout_cancelled {
                    self.waits[wait].active = false;
                    let waiter = self.waits[wait].waiter;
                    if self.futures[waiter].outcome == Outcome::Pending {
                        self.event("asyncio.wait's timeout expires".to_string());
                        self.complete(waiter, Outcome::Returned);
                    }
                }
            }
        }
    }

    fn run_callback(&mut self, callback: Callback, fut: FutId) {
        match callback {
            Callback::Wakeup(coro) => self.resume(coro),
            Callback::GatherChild(gather) => self.gather_child_done(gather, fut),
            Callback::WaitCompletion(wait) => {
                let state = &mut self.waits[wait];
                if !state.active {
                    return;
                }
                state.counter = state.counter.saturating_sub(1);
                let failed = matches!(self.futures[fut].outcome, Outcome::Raised(_));
                let release = state.counter == 0
                    || state.return_when == ReturnWhen::FirstCompleted
                    || (state.return_when == ReturnWhen::FirstException && failed);
                if release {
                    state.timeout_cancelled = true;
                    let waiter = state.waiter;
                    if self.futures[waiter].outcome == Outcome::Pending {
                        self.complete(waiter, Outcome::Returned);
                    }
                }
            }
            Callback::AsCompletedPut => {
                self.as_completed_queue.push_back(fut);
                if let Some(getter) = self.as_completed_getter.take() {
                    if self.futures[getter].outcome == Outcome::Pending {
                        self.complete(getter, Outcome::Returned);
                    }
                }
            }
            Callback::StopLoop => self.stopping = true,
        }
    }

    /// Completes a future and schedules its done-callbacks, in registration order.
    fn complete(&mut self, fut: FutId, outcome: Outcome) {
        self.futures[fut].outcome = outcome;
        let callbacks = std::mem::take(&mut self.futures[fut].callbacks);
        for callback in callbacks {
            if let Callback::Wakeup(coro) = callback {
                self.rec.set_state(coro, Some(SpanState::Ready), self.now);
            }
            self.ready.push_back(Handle::Callback(callback, fut));
        }
    }

    /// `fut.add_done_callback(cb)`: on a future that is already done, CPython schedules
    /// the callback at once.
    fn add_callback(&mut self, fut: FutId, callback: Callback) {
        if self.futures[fut].outcome == Outcome::Pending {
            self.futures[fut].callbacks.push(callback);
        } else {
            self.ready.push_back(Handle::Callback(callback, fut));
        }
    }

    fn new_future(&mut self, owner: CoroId) -> FutId {
        self.futures.push(Future {
            outcome: Outcome::Pending,
            callbacks: Vec::new(),
            owner,
        });
        self.futures.len() - 1
    }

    fn resume(&mut self, coro: CoroId) {
        if coro == MAIN {
            self.resume_main();
        } else {
            self.resume_task(coro);
        }
    }

    // ----- tasks -----

    fn resume_task(&mut self, coro: CoroId) {
        if self.futures[coro].outcome != Outcome::Pending {
            return;
        }
        let now = self.now;
        let task = &mut self.tasks[coro - 1];
        task.waiting_on = None;
        let open_step = task.open_step.take();
        // A cancelled step never ends normally: the traced program records nothing for it.
        if let (false, Some((step, state, start))) = (task.must_cancel, open_step) {
            self.rec.step(StepRecord {
                lane: coro,
                step: Some(step),
                state,
                start,
                end: now,
            });
        }
        if self.tasks[coro - 1].must_cancel {
            // `CancelledError` is thrown in at the `await` the task is suspended in (or
            // before its first line), so nothing more of the task runs.
            self.rec.set_state(coro, None, now);
            self.rec
                .mark(Some(coro), MarkKind::Cancelled, String::new(), now);
            self.done.push(coro);
            self.complete(coro, Outcome::Cancelled);
            self.event(format!("{} is cancelled", self.tasks[coro - 1].spec.name));
            return;
        }
        self.running = Some(coro);
        loop {
            let task = &self.tasks[coro - 1];
            let pc = task.pc;
            let Some(&step) = task.spec.steps.get(pc) else {
                break;
            };
            self.tasks[coro - 1].pc += 1;
            let name = &self.scenario.tasks[coro - 1].name;
            match step {
                Step::Cpu(duration) | Step::BlockingIo(duration) => {
                    let (state, description) = match step {
                        Step::Cpu(_) => (
                            SpanState::Running,
                            format!("{name} computes for {} s", pyfmt::seconds(duration)),
                        ),
                        _ => (
                            SpanState::Blocking,
                            format!(
                                "{name} calls time.sleep({}) and blocks the loop",
                                pyfmt::seconds(duration)
                            ),
                        ),
                    };
                    self.rec.set_state(coro, Some(state), self.now);
                    self.event(description);
                    let start = self.now;
                    self.now = self.now.saturating_add(duration);
                    self.rec.step(StepRecord {
                        lane: coro,
                        step: Some(pc),
                        state,
                        start,
                        end: self.now,
                    });
                }
                Step::Io(duration) => {
                    let description =
                        format!("{name} awaits asyncio.sleep({})", pyfmt::seconds(duration));
                    self.tasks[coro - 1].open_step = Some((pc, SpanState::WaitingIo, self.now));
                    if duration == 0 {
                        // `asyncio.sleep(0)` yields once without a timer: the task goes to
                        // the back of the ready queue.
                        self.rec.set_state(coro, Some(SpanState::Ready), self.now);
                        self.ready.push_back(Handle::Step(coro));
                    } else {
                        self.rec
                            .set_state(coro, Some(SpanState::WaitingIo), self.now);
                        let fut = self.new_future(coro);
                        self.futures[fut].callbacks.push(Callback::Wakeup(coro));
                        self.tasks[coro - 1].waiting_on = Some(fut);
                        self.call_later(duration, Timer::Sleep(fut));
                    }
                    self.event(description);
                    self.running = None;
                    return;
                }
            }
        }
        let spec = &self.scenario.tasks[coro - 1];
        self.rec.set_state(coro, None, self.now);
        self.done.push(coro);
        if spec.fails {
            let error = PyError::task_failed(&spec.name);
            self.rec.mark(
                Some(coro),
                MarkKind::Failed,
                pyfmt::exception_repr(&error),
                self.now,
            );
            let description = format!("{} raised {}", spec.name, pyfmt::exception_repr(&error));
            self.complete(coro, Outcome::Raised(error));
            self.event(description);
        } else {
            self.print(pyfmt::task_finished(&spec.name));
            self.rec
                .mark(Some(coro), MarkKind::Finished, String::new(), self.now);
            self.complete(coro, Outcome::Returned);
        }
        self.running = None;
    }

    /// `task.cancel()`.
    fn cancel_task(&mut self, coro: CoroId) {
        if self.futures[coro].outcome != Outcome::Pending {
            return;
        }
        let task = &mut self.tasks[coro - 1];
        task.must_cancel = true;
        if let Some(fut) = task.waiting_on {
            if self.futures[fut].outcome == Outcome::Pending {
                // Cancelling the awaited future wakes the task at once, with the error.
                self.complete(fut, Outcome::Cancelled);
            }
        }
    }

    // ----- gather, wait, as_completed -----

    fn start_gather(&mut self, children: Vec<CoroId>, return_exceptions: bool) -> usize {
        let outer = self.new_future(MAIN);
        let id = self.gathers.len();
        let empty = children.is_empty();
        for &child in &children {
            self.add_callback(child, Callback::GatherChild(id));
        }
        self.gathers.push(GatherState {
            children,
            finished: 0,
            outer,
            return_exceptions,
            results: Vec::new(),
            error: None,
        });
        if empty {
            // `gather()` with nothing to wait for returns a finished future holding `[]`.
            self.futures[outer].outcome = Outcome::Returned;
        }
        id
    }

    fn gather_child_done(&mut self, gather: usize, child: FutId) {
        let state = &mut self.gathers[gather];
        state.finished += 1;
        let outer = state.outer;
        if self.futures[outer].outcome != Outcome::Pending {
            return;
        }
        if !state.return_exceptions {
            let error = match &self.futures[child].outcome {
                Outcome::Raised(error) => Some(error.clone()),
                Outcome::Cancelled => Some(PyError::new(PyErrorKind::CancelledError, "")),
                Outcome::Pending | Outcome::Returned => None,
            };
            if let Some(error) = error {
                let description = format!("gather raises {}", pyfmt::exception_repr(&error));
                self.gathers[gather].error = Some(error.clone());
                self.complete(outer, Outcome::Raised(error));
                self.event(description);
                return;
            }
        }
        let state = &self.gathers[gather];
        if state.finished >= state.children.len() {
            let results: Vec<Result<String, PyError>> = state
                .children
                .iter()
                .map(|&child| match &self.futures[child].outcome {
                    Outcome::Raised(error) => Err(error.clone()),
                    Outcome::Cancelled => Err(PyError::new(PyErrorKind::CancelledError, "")),
                    Outcome::Pending | Outcome::Returned => {
                        Ok(self.scenario.tasks[child - 1].name.clone())
                    }
                })
                .collect();
            self.gathers[gather].results = results;
            self.complete(outer, Outcome::Returned);
        }
    }

    fn start_wait(&mut self, return_when: ReturnWhen, timeout: Option<Micros>) -> usize {
        let waiter = self.new_future(MAIN);
        let id = self.waits.len();
        self.waits.push(WaitState {
            waiter,
            counter: self.tasks.len(),
            return_when,
            active: true,
            timeout_cancelled: timeout.is_none(),
        });
        if let Some(timeout) = timeout {
            self.call_later(timeout, Timer::WaitTimeout(id));
        }
        for coro in 1..=self.tasks.len() {
            self.add_callback(coro, Callback::WaitCompletion(id));
        }
        id
    }

    // ----- main -----

    /// Runs `main` from where it stopped until its next real suspension or its end.
    fn resume_main(&mut self) {
        self.running = Some(MAIN);
        self.rec.set_state(MAIN, Some(SpanState::Running), self.now);
        loop {
            match self.main_pc {
                MainPc::Start => self.main_start(),
                MainPc::AwaitTask(index) => {
                    if index >= self.tasks.len() {
                        self.main_pc = MainPc::Finish;
                        continue;
                    }
                    let coro = index + 1;
                    if self.suspend_on(coro, &format!("awaits {}", self.tasks[index].spec.name)) {
                        return;
                    }
                    let name = self.tasks[index].spec.name.clone();
                    let line = match self.futures[coro].outcome.clone() {
                        Outcome::Raised(error) => pyfmt::task_raised(&name, &error),
                        Outcome::Cancelled => pyfmt::task_cancelled(&name),
                        Outcome::Pending | Outcome::Returned => pyfmt::task_returned(&name),
                    };
                    self.print(line);
                    self.main_pc = MainPc::AwaitTask(index + 1);
                }
                MainPc::AwaitGather(gather) => {
                    let outer = self.gathers[gather].outer;
                    if self.suspend_on(outer, "awaits asyncio.gather(...)") {
                        return;
                    }
                    self.main_after_gather(gather);
                }
                MainPc::AwaitWait(wait, after) => {
                    let waiter = self.waits[wait].waiter;
                    if self.suspend_on(waiter, "awaits asyncio.wait(...)") {
                        return;
                    }
                    // `wait` removes its callbacks and cancels its timeout when it returns.
                    self.waits[wait].active = false;
                    self.waits[wait].timeout_cancelled = true;
                    self.main_after_wait(after);
                }
                MainPc::AwaitCancelGather(gather) => {
                    let outer = self.gathers[gather].outer;
                    if self.suspend_on(outer, "awaits the cancelled tasks") {
                        return;
                    }
                    let cancelled: Vec<&str> = self.gathers[gather]
                        .children
                        .iter()
                        .filter(|&&coro| self.futures[coro].outcome == Outcome::Cancelled)
                        .map(|&coro| self.tasks[coro - 1].spec.name.as_str())
                        .collect();
                    let line = pyfmt::wait_cancelled(&cancelled);
                    self.print(line);
                    self.main_pc = MainPc::Finish;
                }
                MainPc::AsCompletedNext(remaining) => {
                    if remaining == 0 {
                        self.main_pc = MainPc::Finish;
                        continue;
                    }
                    match self.as_completed_queue.pop_front() {
                        Some(coro) => {
                            let name = self.tasks[coro - 1].spec.name.clone();
                            let result = match self.futures[coro].outcome.clone() {
                                Outcome::Raised(error) => Err(error),
                                Outcome::Cancelled => {
                                    Err(PyError::new(PyErrorKind::CancelledError, ""))
                                }
                                Outcome::Pending | Outcome::Returned => Ok(name),
                            };
                            self.print(pyfmt::got_result(&result));
                            self.main_pc = MainPc::AsCompletedNext(remaining - 1);
                        }
                        None => {
                            let getter = self.new_future(MAIN);
                            self.as_completed_getter = Some(getter);
                            let suspended =
                                self.suspend_on(getter, "awaits the next task to finish");
                            debug_assert!(suspended);
                            return;
                        }
                    }
                }
                MainPc::Finish => {
                    self.print(pyfmt::elapsed(self.now));
                    self.main_pc = MainPc::Returned;
                    self.running = None;
                    self.rec.set_state(MAIN, None, self.now);
                    self.complete(MAIN, Outcome::Returned);
                    self.event("main returns".to_string());
                    return;
                }
                MainPc::Returned => return,
            }
        }
    }

    /// `await fut` inside `main`: suspends (and returns true) unless `fut` is done.
    fn suspend_on(&mut self, fut: FutId, what: &str) -> bool {
        if self.futures[fut].outcome != Outcome::Pending {
            return false;
        }
        self.futures[fut].callbacks.push(Callback::Wakeup(MAIN));
        self.rec.set_state(MAIN, Some(SpanState::Blocked), self.now);
        self.event(format!("main {what}"));
        self.running = None;
        true
    }

    fn main_start(&mut self) {
        // `asyncio.create_task` schedules each task's first step with `call_soon`, in
        // order; none of them runs before `main` reaches its first `await`.
        for coro in 1..=self.tasks.len() {
            self.rec.set_state(coro, Some(SpanState::Ready), self.now);
            self.ready.push_back(Handle::Step(coro));
            if self.rec.wants_event() {
                let description = format!("main creates task {}", self.tasks[coro - 1].spec.name);
                self.event(description);
            }
        }
        let coros: Vec<CoroId> = (1..=self.tasks.len()).collect();
        self.main_pc = match &self.scenario.program {
            Program::Gather(config) => {
                MainPc::AwaitGather(self.start_gather(coros, config.return_exceptions))
            }
            Program::Wait(WaitConfig {
                return_when,
                timeout,
                ..
            }) => MainPc::AwaitWait(
                self.start_wait(*return_when, *timeout),
                AfterWait::PrintSets,
            ),
            Program::AsCompleted => {
                for &coro in &coros {
                    self.add_callback(coro, Callback::AsCompletedPut);
                }
                MainPc::AsCompletedNext(coros.len())
            }
            Program::Tasks | Program::Sequential | Program::Threads(_) | Program::Pool(_) => {
                MainPc::AwaitTask(0)
            }
        };
    }

    fn main_after_gather(&mut self, gather: usize) {
        let state = &self.gathers[gather];
        match &state.error {
            None => {
                let description = format!("gather returned {}", pyfmt::result_list(&state.results));
                self.event(description);
                let state = &self.gathers[gather];
                let line = pyfmt::gather_results(&state.results);
                self.rec
                    .mark(Some(MAIN), MarkKind::GatherReturned, line.clone(), self.now);
                self.print(line);
                self.main_pc = MainPc::Finish;
            }
            Some(error) => {
                let error = error.clone();
                let running: Vec<String> = (1..=self.tasks.len())
                    .filter(|&coro| self.futures[coro].outcome == Outcome::Pending)
                    .map(|coro| self.tasks[coro - 1].spec.name.clone())
                    .collect();
                let line = pyfmt::gather_raised(&error);
                self.rec
                    .mark(Some(MAIN), MarkKind::GatherReturned, line.clone(), self.now);
                self.print(line);
                self.print(pyfmt::still_running(&running));
                // Nothing was cancelled: `await asyncio.wait(tasks)` lets the rest finish.
                let wait = self.start_wait(ReturnWhen::AllCompleted, None);
                self.main_pc = MainPc::AwaitWait(wait, AfterWait::Finish);
            }
        }
    }

    fn main_after_wait(&mut self, after: AfterWait) {
        match after {
            AfterWait::Finish => self.main_pc = MainPc::Finish,
            AfterWait::PrintSets => {
                let (done, pending): (Vec<CoroId>, Vec<CoroId>) = (1..=self.tasks.len())
                    .partition(|&coro| self.futures[coro].outcome != Outcome::Pending);
                let done_names = self.names(&done);
                let pending_names = self.names(&pending);
                let label = format!(
                    "{} {}",
                    pyfmt::wait_done(&done_names),
                    pyfmt::wait_pending(&pending_names)
                );
                self.rec
                    .mark(Some(MAIN), MarkKind::WaitReturned, label.clone(), self.now);
                self.event(format!("wait returned {label}"));
                self.print(pyfmt::wait_done(&done_names));
                self.print(pyfmt::wait_pending(&pending_names));
                let mut failed: Vec<(String, PyError)> = done
                    .iter()
                    .filter_map(|&coro| match &self.futures[coro].outcome {
                        Outcome::Raised(error) => {
                            Some((self.tasks[coro - 1].spec.name.clone(), error.clone()))
                        }
                        _ => None,
                    })
                    .collect();
                failed.sort_by(|a, b| a.0.cmp(&b.0));
                for (name, error) in failed {
                    self.print(pyfmt::task_raised(&name, &error));
                }
                let cancel_pending = matches!(
                    &self.scenario.program,
                    Program::Wait(WaitConfig {
                        cancel_pending: true,
                        ..
                    })
                );
                if cancel_pending {
                    for &coro in &pending {
                        self.cancel_task(coro);
                    }
                    let gather = self.start_gather(pending, true);
                    self.main_pc = MainPc::AwaitCancelGather(gather);
                } else {
                    self.main_pc = MainPc::Finish;
                }
            }
        }
    }

    // ----- output and snapshots -----

    fn names(&self, coros: &[CoroId]) -> Vec<String> {
        coros
            .iter()
            .map(|&coro| self.coro_name(coro).to_string())
            .collect()
    }

    fn coro_name(&self, coro: CoroId) -> &str {
        if coro == MAIN {
            "main"
        } else {
            &self.scenario.tasks[coro - 1].name
        }
    }

    fn print(&mut self, text: String) {
        let description = format!(
            "{} prints {}",
            self.coro_name(self.running.unwrap_or(MAIN)),
            text
        );
        self.rec.print(text, self.now);
        self.event(description);
    }

    fn event(&mut self, description: String) {
        if self.rec.wants_event() {
            let snapshot = self.snapshot();
            self.rec.event(self.now, description, snapshot);
        }
    }

    fn snapshot(&self) -> Snapshot {
        let handle_owner = |handle: &Handle| match *handle {
            Handle::Step(coro) | Handle::Callback(Callback::Wakeup(coro), _) => Some(coro),
            Handle::Timer(Timer::Sleep(fut)) => Some(self.futures[fut].owner),
            Handle::Callback(_, _) | Handle::Timer(Timer::WaitTimeout(_)) => None,
        };
        let ready = capped_names(
            self.ready
                .iter()
                .filter_map(handle_owner)
                .map(|coro| self.coro_name(coro)),
            self.ready.len(),
        );
        let timers: Vec<(Micros, u64, &str)> = self
            .timers
            .iter()
            .filter_map(
                |Reverse((when, seq))| match self.timer_kinds[*seq as usize] {
                    Timer::Sleep(fut) if self.futures[fut].outcome == Outcome::Pending => {
                        Some((*when, *seq, self.coro_name(self.futures[fut].owner)))
                    }
                    Timer::Sleep(_) | Timer::WaitTimeout(_) => None,
                },
            )
            .collect();
        Snapshot {
            running: self
                .running
                .map(|coro| vec![self.coro_name(coro).to_string()])
                .unwrap_or_default(),
            ready,
            timers: capped_timers(timers),
            gil_holder: None,
            pool_queue: Vec::new(),
            idle_workers: Vec::new(),
            done: capped_names(
                self.done.iter().map(|&coro| self.coro_name(coro)),
                self.done.len(),
            ),
        }
    }
}
