//! `concurrent.futures.ThreadPoolExecutor` for real: pool worker threads on Web Workers.
//!
//! The pool follows CPython's `thread.py`: `submit()` puts a work item in a FIFO queue
//! and, unless an idle worker is there to take it, starts a new worker thread as long as
//! fewer than `max_workers` exist; a worker takes items from the queue until it finds the
//! exit signal that `shutdown()` puts there. Items wait in the queue (drawn `Queued`)
//! until a worker picks them up. `map()` submits everything at once and yields results
//! in input order; an exception stops the iteration and cancels what has not started.
//!
//! Each lane is one submitted call, as in the model. The Web Workers behind the pool's
//! threads are started before the clock starts (one per thread the pool can need), and a
//! pool thread keeps its Web Worker for every item it runs: threads are reused, and so are
//! workers.

use super::threads::{crash_error, start_workers, Machine, Outcome, MAIN};
use super::{LiveOptions, Run};
use interleave_core::pyfmt;
use interleave_core::scenario::{
    default_max_workers, PoolApi, PoolConfig, PyError, PyErrorKind, Scenario, Shutdown,
};
use interleave_core::timeline::{Lane, LaneKind, MarkKind, SpanState};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

/// What leaving a `with ThreadPoolExecutor(...)` block does: `shutdown(wait=True)`.
const WITH_SHUTDOWN: Shutdown = Shutdown {
    wait: true,
    cancel_futures: false,
};

/// The lanes: `main`, then one per submitted call in submission order, as in the model.
pub fn lanes(scenario: &Scenario) -> Vec<Lane> {
    let mut lanes = vec![Lane {
        name: "main".to_string(),
        kind: LaneKind::Main,
    }];
    lanes.extend(scenario.tasks.iter().map(|task| Lane {
        name: task.name.clone(),
        kind: LaneKind::PoolItem,
    }));
    lanes
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Item(usize),
    /// The `None` that tells a worker to exit; each exiting worker puts it back.
    Sentinel,
}

/// The executor's state, shared by `main` and the pool threads.
struct Pool {
    machine: Rc<Machine>,
    scenario: Rc<Scenario>,
    queue: RefCell<VecDeque<Entry>>,
    outcomes: RefCell<Vec<Option<Outcome>>>,
    /// `_idle_semaphore`: how many workers finished an item and may take another.
    idle: Cell<u64>,
    /// Pool threads started so far, and whether each has run its first line.
    started: RefCell<Vec<bool>>,
    alive: Cell<usize>,
    shutdown_started: Cell<bool>,
}

impl Pool {
    fn outcome(&self, index: usize) -> Option<Outcome> {
        self.outcomes.borrow().get(index).cloned().flatten()
    }

    /// A queued call is cancelled before it started (`cancel_futures`, or `map` raising).
    fn cancel_queued(&self) {
        let items: Vec<usize> = self
            .queue
            .borrow()
            .iter()
            .filter_map(|entry| match entry {
                Entry::Item(index) => Some(*index),
                Entry::Sentinel => None,
            })
            .collect();
        self.queue
            .borrow_mut()
            .retain(|entry| *entry == Entry::Sentinel);
        let run = &self.machine.run;
        let now = self.machine.main_now();
        for index in items {
            if let Some(slot) = self.outcomes.borrow_mut().get_mut(index) {
                *slot = Some(Outcome::Cancelled);
            }
            run.record(|rec| {
                rec.set_state(index + 1, None, now);
                rec.mark(Some(index + 1), MarkKind::Cancelled, String::new(), now);
            });
        }
        self.machine.changes.notify();
    }

    /// `shutdown()`: optionally cancel what is queued, then tell the workers to exit.
    fn begin_shutdown(&self, cancel_futures: bool) {
        if self.shutdown_started.replace(true) {
            return;
        }
        if cancel_futures {
            self.cancel_queued();
        }
        self.queue.borrow_mut().push_back(Entry::Sentinel);
        self.machine.changes.notify();
    }
}

/// Runs the pool program: submit (or map) every call, shut down as configured, print the
/// results, and exit.
pub async fn run(run: Rc<Run>, scenario: Rc<Scenario>, config: PoolConfig, options: LiveOptions) {
    let count = scenario.tasks.len();
    let max_workers = config
        .max_workers
        .unwrap_or_else(|| default_max_workers(options.cores))
        .max(1) as usize;
    let workers = match start_workers(&run, count.min(max_workers)).await {
        Ok(workers) => workers,
        Err(error) => {
            run.start_clock();
            run.finish(0, Some(error));
            return;
        }
    };
    run.start_clock();
    let machine = Machine::new(run.clone(), config.interpreter, options, workers.clone());
    let pool = Rc::new(Pool {
        machine: machine.clone(),
        scenario: scenario.clone(),
        queue: RefCell::new(VecDeque::with_capacity(count + 1)),
        outcomes: RefCell::new(vec![None; count]),
        idle: Cell::new(0),
        started: RefCell::new(Vec::new()),
        alive: Cell::new(0),
        shutdown_started: Cell::new(false),
    });

    machine.main_resumes().await;
    for index in 0..count {
        let now = machine.main_now();
        run.record(|rec| rec.set_state(index + 1, Some(SpanState::Queued), now));
        pool.queue.borrow_mut().push_back(Entry::Item(index));
        machine.changes.notify();
        // `_adjust_thread_count`: an idle worker will take it, or a new one is started.
        if pool.idle.get() > 0 {
            pool.idle.set(pool.idle.get() - 1);
        } else if pool.started.borrow().len() < max_workers {
            let number = pool.started.borrow().len();
            if number >= workers.len() {
                continue;
            }
            pool.started.borrow_mut().push(false);
            pool.alive.set(pool.alive.get() + 1);
            run.spawn(pool_thread(pool.clone(), number));
            // `Thread.start()` returns once the new thread has begun running.
            machine.main_blocks();
            machine
                .changes
                .until(|| pool.started.borrow().get(number).copied().unwrap_or(true))
                .await;
            machine.main_resumes().await;
        }
    }

    if config.shutdown != WITH_SHUTDOWN {
        pool.begin_shutdown(config.shutdown.cancel_futures);
        if config.shutdown.wait && pool.alive.get() > 0 {
            machine.main_blocks();
            machine.changes.until(|| pool.alive.get() == 0).await;
            machine.main_resumes().await;
        }
        machine.mark(MarkKind::Shutdown, String::new());
        machine.print(pyfmt::shutdown_returned());
    }

    for index in 0..count {
        if pool.outcome(index).is_none() {
            machine.main_blocks();
            machine
                .changes
                .until(|| pool.outcome(index).is_some())
                .await;
            machine.main_resumes().await;
        }
        let name = scenario.tasks[index].name.clone();
        let outcome = pool.outcome(index).unwrap_or(Outcome::Returned);
        match config.api {
            PoolApi::Submit => {
                let line = match outcome {
                    Outcome::Raised(error) => pyfmt::task_raised(&name, &error),
                    Outcome::Cancelled => pyfmt::task_cancelled(&name),
                    Outcome::Returned => pyfmt::task_returned(&name),
                };
                machine.print(line);
            }
            PoolApi::Map => {
                let error = match outcome {
                    Outcome::Returned => {
                        machine.print(pyfmt::got_result(&Ok(name)));
                        continue;
                    }
                    Outcome::Raised(error) => error,
                    Outcome::Cancelled => PyError::new(PyErrorKind::CancelledError, ""),
                };
                // The exception leaves `map`'s generator, whose `finally` cancels every
                // call that has not started; running ones go on.
                pool.cancel_queued();
                machine.print(pyfmt::map_raised(&error));
                break;
            }
        }
    }

    if config.shutdown == WITH_SHUTDOWN {
        pool.begin_shutdown(false);
        if pool.alive.get() > 0 {
            machine.main_blocks();
            machine.changes.until(|| pool.alive.get() == 0).await;
            machine.main_resumes().await;
        }
        machine.mark(MarkKind::Shutdown, String::new());
    }
    machine.print(pyfmt::elapsed(machine.main_now()));
    // Interpreter exit: the pool's exit hook stops its workers and waits for them.
    pool.begin_shutdown(false);
    if pool.alive.get() > 0 {
        machine.main_blocks();
        machine.changes.until(|| pool.alive.get() == 0).await;
        machine.main_resumes().await;
    }
    let end = machine.main_now();
    run.record(|rec| {
        rec.mark(Some(MAIN), MarkKind::InterpreterExit, String::new(), end);
        rec.set_state(MAIN, None, end);
    });
    run.finish(end, None);
}

/// One pool worker thread: takes items from the queue until it finds the exit signal.
/// Taking from the queue is Python code run on the page (an instant under the GIL); each
/// call runs on the thread's worker.
async fn pool_thread(pool: Rc<Pool>, number: usize) {
    let machine = pool.machine.clone();
    let tid = number + 1;
    let mut at = machine.instant(None, machine.main_now()).await;
    machine.event_at(at);
    if let Some(started) = pool.started.borrow_mut().get_mut(number) {
        *started = true;
    }
    machine.changes.notify();
    loop {
        let entry = pool.queue.borrow_mut().pop_front();
        match entry {
            Some(Entry::Item(index)) => {
                let lane = index + 1;
                machine
                    .run
                    .record(|rec| rec.set_state(lane, Some(SpanState::Running), at));
                let spec = &pool.scenario.tasks[index];
                let (outcome, end) = match machine
                    .run_thread(tid, lane, &spec.steps, false, true)
                    .await
                {
                    Ok(end) if spec.fails => {
                        (Outcome::Raised(PyError::task_failed(&spec.name)), end)
                    }
                    Ok(end) => (Outcome::Returned, end),
                    // A crashed worker fails this call; every later call this pool thread
                    // takes fails the same way at once, as calls on a broken thread would.
                    Err(fault) => (Outcome::Raised(crash_error(&fault)), machine.run.now()),
                };
                machine.end_thread(lane, &spec.name, &outcome, end);
                if let Some(slot) = pool.outcomes.borrow_mut().get_mut(index) {
                    *slot = Some(outcome);
                }
                pool.idle.set(pool.idle.get() + 1);
                machine.changes.notify();
                at = machine.instant(None, end).await;
            }
            Some(Entry::Sentinel) => {
                // Pass the exit signal on to the next worker, then exit.
                pool.queue.borrow_mut().push_back(Entry::Sentinel);
                break;
            }
            None => {
                machine
                    .changes
                    .until(|| !pool.queue.borrow().is_empty())
                    .await;
                at = machine.instant(None, machine.main_now()).await;
            }
        }
    }
    machine.event_at(at);
    pool.alive.set(pool.alive.get().saturating_sub(1));
    machine.changes.notify();
}
