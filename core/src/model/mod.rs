//! A deterministic model of CPython's asyncio, threading and `ThreadPoolExecutor`.
//!
//! [`simulate`] runs a [`Scenario`] on a virtual clock and predicts what the rendered
//! Python program ([`crate::python`]) prints and when each task runs. It is a pure
//! function: no I/O, no wall clock, no randomness, so the same scenario always gives the
//! same [`Prediction`].
//!
//! Code map:
//! - [`asyncio`]: one event loop, with CPython's ready queue, timer heap and
//!   done-callbacks, for the `Tasks`, `Gather`, `Wait` and `AsCompleted` programs.
//! - [`threads`]: OS threads sharing the GIL (or free-threaded cores), for the `Threads`
//!   and `Pool` programs.
//! - [`sequential`]: plain calls one after another.
//! - [`record`]: the [`Recorder`](record::Recorder) every engine writes spans, marks,
//!   printed lines and events into.
//!
//! Invariant: every printed line is built by [`crate::pyfmt`], never formatted here.
//!
//! What the programs print, besides `X finished` from each task and `elapsed: 0.30s` last
//! in `main` (see [`crate::python`] for the code):
//! - `Sequential`, `Tasks`, pool `submit`: one line per task in argument order,
//!   `A returned 'A'`, `A raised ValueError('A failed')` or (pool) `A cancelled`.
//! - `Gather`: `results: ['A', ValueError('B failed')]`; or, when gather raised,
//!   `gather raised ValueError('B failed')` and `still running: ['A', 'C']` (the others
//!   then finish: gather cancels nothing).
//! - `Wait`: `done: [...]` and `pending: [...]` as sorted names, then one
//!   `B raised ValueError('B failed')` line per failed task in `done`, in name order; with
//!   `cancel_pending`, `cancelled: [...]` once the cancellations have completed. Without
//!   it, `asyncio.run` cancels the pending tasks when `main` returns: they never finish.
//! - `AsCompleted`: `got 'B'` or `got ValueError('C failed')`, in finish order.
//! - `Threads`: `alive before start: False`, `alive after start: True`, `still alive: [...]`
//!   after the joins, `same process: True`, `thread ids differ from main: True`.
//! - Pool `map`: `got 'A'` in input order, or `map raised ValueError('B failed')`, after
//!   which the calls not yet started are cancelled. An explicit `shutdown(...)` prints
//!   `shutdown returned`.

mod asyncio;
mod record;
mod sequential;
mod threads;

use crate::scenario::{Limits, Micros, Program, Scenario, ScenarioError};
use crate::timeline::{SpanState, Timeline};
use serde::{Deserialize, Serialize};

/// What the model predicts for one scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The run as the chart draws it.
    pub timeline: Timeline,
    /// The moments a learner can step through, each with the scheduler's state.
    pub events: Vec<ModelEvent>,
    /// Whether `events` stopped at [`ModelOptions::max_events`] before the run ended.
    #[serde(default)]
    pub events_truncated: bool,
    /// When each step of each task started and ended, as the traced Python program
    /// records them (a step ends when its task runs again). The differential tests compare
    /// these with CPython's measurements; the live runtime measures the same thing.
    #[serde(default)]
    pub steps: Vec<StepRecord>,
}

/// One moment of a simulated run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelEvent {
    pub at: Micros,
    /// What happened, in Python's words: `A awaits asyncio.sleep(0.3)`.
    pub description: String,
    /// The scheduler's state right after it happened.
    pub snapshot: Snapshot,
}

/// The scheduler's state at one moment. Each list holds at most [`SNAPSHOT_NAMES`]
/// names; a longer list ends with an entry such as `… 9,968 more`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// What is executing right now (one coroutine, or the threads holding a CPU).
    pub running: Vec<String>,
    /// The event loop's ready queue, or the threads waiting for the GIL, in order.
    pub ready: Vec<String>,
    /// Sleeping tasks and when they wake, earliest first.
    pub timers: Vec<(String, Micros)>,
    /// The thread holding the GIL, in a GIL build running threads.
    pub gil_holder: Option<String>,
    /// Calls submitted to the pool and not yet picked up, in FIFO order.
    pub pool_queue: Vec<String>,
    /// Pool workers waiting for work.
    pub idle_workers: Vec<String>,
    /// Tasks that are over (finished, failed or cancelled), in the order they ended.
    pub done: Vec<String>,
}

/// The most names a snapshot list holds before it is cut short.
pub const SNAPSHOT_NAMES: usize = 32;

/// When each step of a task ran: one row per step, plus a `Queued` row for pool items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// Index into [`Timeline::lanes`].
    pub lane: usize,
    /// Index into the task's steps; `None` for the time a pool item waited in the queue.
    pub step: Option<usize>,
    /// `Running` for CPU, `WaitingIo` for I/O, `Blocking` for a blocking call in a
    /// coroutine, `Queued` for the pool queue.
    pub state: SpanState,
    pub start: Micros,
    pub end: Micros,
}

/// Knobs of the model that are not part of the Python program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelOptions {
    /// `os.cpu_count()`, which sets the pool's default `max_workers`.
    pub cpu_count: u32,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions { cpu_count: 2 }
    }
}

/// The most events kept for stepping through. A huge scenario keeps only its start (and
/// says so in [`Prediction::events_truncated`]): nobody steps through 10,000 tasks, and
/// building every snapshot would dominate the model's time.
pub const MAX_EVENTS: usize = 2_000;

/// Predicts a scenario's run with the default options (a 2-core machine).
pub fn simulate(scenario: &Scenario) -> Result<Prediction, ScenarioError> {
    simulate_with(scenario, &ModelOptions::default())
}

/// Predicts a scenario's run. The scenario is checked against [`Limits::model`] first.
pub fn simulate_with(
    scenario: &Scenario,
    options: &ModelOptions,
) -> Result<Prediction, ScenarioError> {
    scenario.validate(&Limits::model())?;
    let prediction = match &scenario.program {
        Program::Sequential => sequential::simulate(scenario),
        Program::Tasks | Program::Gather(_) | Program::Wait(_) | Program::AsCompleted => {
            asyncio::simulate(scenario)
        }
        Program::Threads(config) => threads::simulate_threads(scenario, config),
        Program::Pool(config) => threads::simulate_pool(scenario, config, options),
    };
    Ok(prediction)
}

#[cfg(test)]
mod tests;
