//! The live runtime: the lesson's scenario executed for real in this page and timed.
//!
//! The model ([`interleave_core::model`]) predicts; this runs. The same [`Scenario`] is
//! executed with the browser's own concurrency and timed with `performance.now()`,
//! producing the same [`Timeline`] type the model produces, so one view draws both:
//!
//! - asyncio programs ([`asyncio`]) run as Rust futures on the page's one thread, polled
//!   by a small asyncio event loop that runs in CPython's rounds (so equal instants print
//!   in CPython's order); a CPU step really computes on the page and freezes it, which is
//!   the lesson;
//! - threads ([`threads`]) and `ThreadPoolExecutor` ([`pool`]) run on Web Workers, which
//!   are real OS threads; one token ([`gil`]) stands for CPython's GIL (or one per core
//!   for a free-threaded build): the workers hand it to each other directly, and the page
//!   only keeps the line of who waits and draws what they report.
//!
//! Every printed line comes from [`interleave_core::pyfmt`], fed with facts this runtime
//! measured (finish order, done and pending sets, elapsed time), so the live output and
//! the model's prediction cannot differ in spelling.
//!
//! Lifecycle: [`LiveRun::start`] validates before anything starts, [`LiveRun::stop`] (or
//! dropping the [`LiveRun`]) terminates every worker and cancels every timer and future
//! of the run at once. Nothing updates a run after it stopped: every callback checks the
//! run's state first.

mod asyncio;
mod clock;
mod gil;
mod host;
mod notify;
mod pool;
mod record;
mod selftest;
mod threads;
pub mod worker;

use clock::RunClock;
use futures::future::{AbortHandle, Abortable};
use interleave_core::scenario::{Limits, Micros, Program, PyError, Scenario, ScenarioError};
use interleave_core::timeline::{Lane, Timeline};
use record::Recorder;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub(crate) use host::absolute_url;
pub use host::{
    live_worker_count, prepare_workers, set_worker_source, worker_start_times, WorkerSource,
};

/// What the runtime needs to know about the machine it runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveOptions {
    /// `navigator.hardwareConcurrency`: how many workers may compute at once in
    /// free-threaded mode, and `os.cpu_count()` for the pool's default `max_workers`.
    pub cores: u32,
}

impl LiveOptions {
    /// The options for this browser: its `navigator.hardwareConcurrency` (at least 1).
    pub fn from_browser() -> Self {
        let cores = web_sys::window()
            .map(|window| window.navigator().hardware_concurrency())
            .unwrap_or(1.0);
        LiveOptions {
            cores: (cores as u32).max(1),
        }
    }
}

/// The timeline of a run as it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveSnapshot {
    /// Closed spans plus open spans drawn up to "now", and the lines printed so far.
    pub timeline: Timeline,
    /// Whether the program has ended (every task or thread done, or killed at exit).
    pub finished: bool,
    /// Whether the page was hidden during the run: browsers throttle timers in hidden
    /// tabs, so the measured times are not to be trusted.
    pub distorted: bool,
}

/// A handle on one live run. Dropping it stops the run.
pub struct LiveRun {
    run: Rc<Run>,
}

impl LiveRun {
    /// Validates the scenario with [`Limits::live`] and starts it. Nothing starts when the
    /// scenario is refused. Must be called from the page (the main thread).
    ///
    /// Threads and pools first start their Web Workers (all at once, tens of
    /// milliseconds); the clock starts when they are ready, so zero on the timeline is the
    /// program's first line. Until then a snapshot has lanes but nothing on them.
    pub fn start(scenario: &Scenario, options: LiveOptions) -> Result<LiveRun, ScenarioError> {
        scenario.validate(&Limits::live())?;
        let scenario = Rc::new(scenario.clone());
        let run = Run::new();
        run.watch_visibility();
        // The one match on the program: each engine draws its own lanes (the same names,
        // kinds and order as the model's, so both timelines line up row by row) and runs
        // its kind of program.
        match &scenario.program {
            Program::Sequential
            | Program::Tasks
            | Program::Gather(_)
            | Program::Wait(_)
            | Program::AsCompleted => {
                run.set_lanes(asyncio::lanes(&scenario));
                run.spawn(asyncio::run(run.clone(), scenario.clone()));
            }
            Program::Threads(config) => {
                run.set_lanes(threads::lanes(&scenario));
                run.spawn(threads::run(
                    run.clone(),
                    scenario.clone(),
                    config.clone(),
                    options,
                ));
            }
            Program::Pool(config) => {
                run.set_lanes(pool::lanes(&scenario));
                run.spawn(pool::run(
                    run.clone(),
                    scenario.clone(),
                    config.clone(),
                    options,
                ));
            }
        }
        Ok(LiveRun { run })
    }

    /// The timeline so far.
    pub fn snapshot(&self) -> LiveSnapshot {
        self.run.snapshot()
    }

    /// Resolves once the program has ended, or at once with the timeline so far if the
    /// run was stopped first (then `finished` is false).
    pub fn finished(&self) -> impl Future<Output = LiveSnapshot> {
        let run = self.run.clone();
        async move {
            Ended { run: run.clone() }.await;
            run.snapshot()
        }
    }

    /// Stops everything at once: terminates every worker, cancels every timer and future.
    /// Calling it again, or after the run ended, does nothing.
    pub fn stop(&self) {
        self.run.stop();
    }

    /// Makes the run's `index`-th Web Worker crash, for tests of fault handling: the
    /// thread it runs must end as failed while the page and the other threads go on.
    /// Returns false when there is no such worker.
    #[doc(hidden)]
    pub fn crash_a_worker_for_tests(&self, index: usize) -> bool {
        let worker = self.run.workers.borrow().get(index).cloned();
        worker.is_some_and(|worker| worker.crash_for_tests())
    }
}

impl Drop for LiveRun {
    fn drop(&mut self) {
        self.run.stop();
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RunState {
    Running,
    Finished,
    Stopped,
}

/// The state one run shares between its futures, its timers and its workers.
pub(crate) struct Run {
    /// Started by the engine once the program begins (after any workers have started),
    /// so the timeline's zero is the first line of the program.
    clock: Cell<Option<RunClock>>,
    state: Cell<RunState>,
    rec: RefCell<Recorder>,
    distorted: Cell<bool>,
    /// Every future spawned for this run, so [`Run::stop`] can drop them all (which also
    /// cancels their timers).
    aborts: RefCell<Vec<AbortHandle>>,
    /// Every worker started for this run, terminated when it ends or stops.
    workers: RefCell<Vec<host::WorkerHandle>>,
    /// Who awaits [`LiveRun::finished`].
    end_wakers: RefCell<Vec<Waker>>,
    /// The `visibilitychange` listener, removed when the run ends.
    visibility: RefCell<Option<Closure<dyn FnMut()>>>,
}

impl Run {
    fn new() -> Rc<Run> {
        Rc::new(Run {
            clock: Cell::new(None),
            state: Cell::new(RunState::Running),
            rec: RefCell::new(Recorder::new(Vec::new())),
            distorted: Cell::new(false),
            aborts: RefCell::new(Vec::new()),
            workers: RefCell::new(Vec::new()),
            end_wakers: RefCell::new(Vec::new()),
            visibility: RefCell::new(None),
        })
    }

    /// Names the rows of the timeline, before anything is recorded on them.
    fn set_lanes(&self, lanes: Vec<Lane>) {
        *self.rec.borrow_mut() = Recorder::new(lanes);
    }

    /// Whether the run may still change: callbacks that arrive later do nothing.
    pub fn is_live(&self) -> bool {
        self.state.get() == RunState::Running
    }

    /// Microseconds since the program started (zero until it has).
    pub fn now(&self) -> Micros {
        self.clock.get().map_or(0, |clock| clock.now())
    }

    /// Starts the program's clock: this instant is zero on the timeline.
    pub fn start_clock(&self) {
        self.clock.set(Some(RunClock::start()));
    }

    /// The program's clock, for converting instants that workers report.
    pub fn clock(&self) -> RunClock {
        self.clock.get().unwrap_or_else(RunClock::start)
    }

    /// Writes to the recorder, unless the run is over.
    pub fn record(&self, write: impl FnOnce(&mut Recorder)) {
        if self.is_live() {
            write(&mut self.rec.borrow_mut());
        }
    }

    /// Spawns a future on the page's event loop, tied to this run: [`Run::stop`] drops it.
    pub fn spawn(&self, future: impl Future<Output = ()> + 'static) -> AbortHandle {
        let (handle, registration) = AbortHandle::new_pair();
        if !self.is_live() {
            handle.abort();
        }
        self.aborts.borrow_mut().push(handle.clone());
        let future = Abortable::new(future, registration);
        wasm_bindgen_futures::spawn_local(async move {
            // An aborted future simply ends: being cancelled is not an error here.
            let _ = future.await;
        });
        handle
    }

    /// Keeps a worker so the run can terminate it when it ends.
    pub fn adopt_worker(&self, worker: host::WorkerHandle) {
        if self.is_live() {
            self.workers.borrow_mut().push(worker);
        } else {
            worker.terminate();
        }
    }

    /// The program ended: closes the timeline at `end` and releases everything.
    pub fn finish(&self, end: Micros, error: Option<PyError>) {
        if !self.is_live() {
            return;
        }
        self.rec.borrow_mut().finish(end, error);
        self.release(RunState::Finished);
    }

    /// Stops the run now: the timeline keeps what happened until this instant.
    pub fn stop(&self) {
        if !self.is_live() {
            return;
        }
        let now = self.now();
        self.rec.borrow_mut().finish(now, None);
        self.release(RunState::Stopped);
    }

    fn release(&self, state: RunState) {
        self.state.set(state);
        for handle in self.aborts.take() {
            handle.abort();
        }
        for worker in self.workers.take() {
            worker.terminate();
        }
        if let Some(listener) = self.visibility.take() {
            if let Some(document) = web_sys::window().and_then(|window| window.document()) {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
        for waker in self.end_wakers.take() {
            waker.wake();
        }
    }

    fn snapshot(&self) -> LiveSnapshot {
        let now = self.now();
        let rec = self.rec.borrow();
        LiveSnapshot {
            timeline: rec.snapshot(now),
            finished: self.state.get() == RunState::Finished,
            distorted: self.distorted.get(),
        }
    }

    /// Marks the run as distorted if the page is or becomes hidden: hidden tabs run timers
    /// at most once a second.
    fn watch_visibility(self: &Rc<Self>) {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else {
            return;
        };
        if document.visibility_state() == web_sys::VisibilityState::Hidden {
            self.distorted.set(true);
        }
        let weak = Rc::downgrade(self);
        let listener = Closure::<dyn FnMut()>::new(move || {
            let Some(run) = weak.upgrade() else {
                return;
            };
            let hidden = web_sys::window()
                .and_then(|window| window.document())
                .is_some_and(|document| {
                    document.visibility_state() == web_sys::VisibilityState::Hidden
                });
            if hidden && run.is_live() {
                run.distorted.set(true);
            }
        });
        if document
            .add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref())
            .is_ok()
        {
            *self.visibility.borrow_mut() = Some(listener);
        }
    }
}

/// Resolves when the run is no longer running.
struct Ended {
    run: Rc<Run>,
}

impl Future for Ended {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.run.is_live() {
            self.run.end_wakers.borrow_mut().push(cx.waker().clone());
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}
