//! OS threads under CPython's GIL (or on free-threaded cores), for the `Threads` and
//! `Pool` programs.
//!
//! The scheduler hands out `capacity` CPUs: one under the GIL, `cores` on a
//! free-threaded build. A thread needs a CPU to compute and to run any Python line at all
//! (even zero-time orchestration such as `start()` or `print`); sleeping and waiting on a
//! lock release it. When threads wait for a CPU, the holder keeps it for at most one
//! switch interval (5 ms, `sys.getswitchinterval()`) counted from when the first of them
//! started waiting, then goes to the back of the queue: CPython's waiting thread asks the
//! holder to drop the GIL after that long. This is round-robin time slicing.
//!
//! The main thread takes part like any other thread: `t.start()` waits until the new
//! thread has run its first line, and getting the GIL back from a computing thread costs
//! `main` up to one switch interval. That is what CPython does, and it shows in real
//! measurements as a 5 ms stagger between CPU-bound threads' starts.

use super::record::{capped_names, capped_timers, Recorder};
use super::{ModelOptions, Prediction, Snapshot, StepRecord};
use crate::pyfmt;
use crate::scenario::{
    default_max_workers, Interpreter, Join, Micros, PoolApi, PoolConfig, PyError, PyErrorKind,
    Scenario, Shutdown, Step, ThreadsConfig, SWITCH_INTERVAL,
};
use crate::timeline::{Lane, LaneKind, MarkKind, SpanState};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// Index into [`Sim::threads`]; `0` is the main thread.
type Tid = usize;
const MAIN: Tid = 0;

/// What a thread does next, decided while it holds a CPU.
enum Op {
    /// Compute for this long, holding the CPU.
    Compute(Micros),
    /// `time.sleep`: release the CPU and wake after this long.
    Sleep(Micros),
    /// Wait on a lock or condition (`join`, `future.result()`, an empty queue).
    Block,
    /// The thread's function returned.
    Exit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ThreadState {
    NotStarted,
    WaitingForCpu,
    Holding,
    Sleeping,
    Blocked,
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Main,
    /// A `threading.Thread` running `job` for this task.
    Job(usize),
    /// A `ThreadPoolExecutor` worker, by creation order.
    Worker(usize),
}

struct Thread {
    name: String,
    role: Role,
    state: ThreadState,
    /// CPU time left in the current computation.
    burst: Micros,
    /// Whether it has run its first line (which releases `start()` in `main`).
    started: bool,
    /// The task whose steps it runs now, and the next step.
    task: Option<usize>,
    pc: usize,
    /// The step it is in, for the step records: (step, state, start).
    open_step: Option<(usize, SpanState, Micros)>,
    /// Bumped whenever a pending wake-up (sleep or join timeout) becomes stale.
    wake_generation: u64,
}

struct Holder {
    tid: Tid,
    /// Since when its burst was last accounted.
    since: Micros,
    /// When it must give the CPU up, if others wait.
    slice_end: Option<Micros>,
}

/// What a blocked main thread waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MainWait {
    Started(Tid),
    Join(Tid),
    Future(usize),
    WorkersExit,
    InterpreterExit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum QueueEntry {
    Item(usize),
    /// The `None` that tells a worker to exit; each exiting worker puts it back.
    Sentinel,
}

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Pending,
    Returned,
    Raised(PyError),
    Cancelled,
}

/// Where `main` is in the rendered program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MainPc {
    Start,
    StartThread(usize),
    AfterStart,
    JoinThread(usize, Option<Micros>),
    AfterJoins,
    Submit(usize),
    ExplicitShutdown,
    Result(usize),
    WithExit,
    Finish,
    Exiting,
    Exited,
}

struct Sim<'a> {
    scenario: &'a Scenario,
    now: Micros,
    capacity: usize,
    gil: bool,
    threads: Vec<Thread>,
    holders: Vec<Holder>,
    waiters: VecDeque<Tid>,
    sleepers: BinaryHeap<Reverse<(Micros, u64, Tid, u64)>>,
    sleep_seq: u64,
    main_pc: MainPc,
    main_wait: Option<MainWait>,
    // Threads program.
    threads_config: Option<&'a ThreadsConfig>,
    // Pool program.
    pool: Option<&'a PoolConfig>,
    max_workers: usize,
    queue: VecDeque<QueueEntry>,
    idle: VecDeque<Tid>,
    idle_semaphore: u64,
    workers: usize,
    workers_alive: usize,
    outcomes: Vec<Outcome>,
    submitted_at: Vec<Micros>,
    map_stopped: bool,
    shutdown_started: bool,
    // Both.
    nondaemon_alive: usize,
    done: Vec<usize>,
    rec: Recorder,
    exited: bool,
    /// The thread whose Python lines run right now, for event descriptions.
    current: Tid,
}

pub fn simulate_threads(scenario: &Scenario, config: &ThreadsConfig) -> Prediction {
    let mut sim = Sim::new(scenario, config.interpreter, LaneKind::Thread);
    sim.threads_config = Some(config);
    for (index, task) in scenario.tasks.iter().enumerate() {
        sim.threads
            .push(Thread::new(task.name.clone(), Role::Job(index)));
    }
    sim.run()
}

pub fn simulate_pool(
    scenario: &Scenario,
    config: &PoolConfig,
    options: &ModelOptions,
) -> Prediction {
    let mut sim = Sim::new(scenario, config.interpreter, LaneKind::PoolItem);
    sim.pool = Some(config);
    sim.max_workers = config
        .max_workers
        .unwrap_or_else(|| default_max_workers(options.cpu_count))
        .max(1) as usize;
    sim.run()
}

impl Thread {
    fn new(name: String, role: Role) -> Self {
        Thread {
            name,
            role,
            state: ThreadState::NotStarted,
            burst: 0,
            started: false,
            task: match role {
                Role::Job(task) => Some(task),
                Role::Main | Role::Worker(_) => None,
            },
            pc: 0,
            open_step: None,
            wake_generation: 0,
        }
    }
}

impl<'a> Sim<'a> {
    fn new(scenario: &'a Scenario, interpreter: Interpreter, lane_kind: LaneKind) -> Self {
        let mut lanes = vec![Lane {
            name: "main".to_string(),
            kind: LaneKind::Main,
        }];
        lanes.extend(scenario.tasks.iter().map(|task| Lane {
            name: task.name.clone(),
            kind: lane_kind,
        }));
        let (capacity, gil) = match interpreter {
            Interpreter::Gil => (1, true),
            Interpreter::FreeThreaded { cores } => (cores.max(1) as usize, false),
        };
        let count = scenario.tasks.len();
        Sim {
            scenario,
            now: 0,
            capacity,
            gil,
            threads: vec![Thread::new("main".to_string(), Role::Main)],
            holders: Vec::new(),
            waiters: VecDeque::new(),
            sleepers: BinaryHeap::new(),
            sleep_seq: 0,
            main_pc: MainPc::Start,
            main_wait: None,
            threads_config: None,
            pool: None,
            max_workers: 1,
            queue: VecDeque::with_capacity(count + 1),
            idle: VecDeque::new(),
            idle_semaphore: 0,
            workers: 0,
            workers_alive: 0,
            outcomes: vec![Outcome::Pending; count],
            submitted_at: vec![0; count],
            map_stopped: false,
            shutdown_started: false,
            nondaemon_alive: 0,
            done: Vec::new(),
            rec: Recorder::new(lanes, super::MAX_EVENTS),
            exited: false,
            current: MAIN,
        }
    }

    fn run(mut self) -> Prediction {
        self.threads[MAIN].state = ThreadState::NotStarted;
        self.want_cpu(MAIN);
        loop {
            self.dispatch();
            if self.exited {
                break;
            }
            let Some(next) = self.next_instant() else {
                break;
            };
            self.advance_clock(next);
            self.process_instant();
        }
        let end = self.now;
        self.rec.finish(end, None)
    }

    // ----- the CPU scheduler -----

    /// Puts a thread in the queue for a CPU (the GIL).
    fn want_cpu(&mut self, tid: Tid) {
        self.threads[tid].state = ThreadState::WaitingForCpu;
        self.set_lane_state(tid, Some(SpanState::Ready));
        self.waiters.push_back(tid);
        // The first thread to wait starts the holder's switch-interval countdown.
        if self.waiters.len() == 1 && self.holders.len() >= self.capacity {
            let now = self.now;
            if let Some(holder) = self.holders.first_mut() {
                holder.slice_end = Some(now.saturating_add(SWITCH_INTERVAL));
            }
        }
    }

    /// Hands free CPUs to waiting threads, letting each run until it computes or waits.
    fn dispatch(&mut self) {
        while !self.exited && self.holders.len() < self.capacity {
            let Some(tid) = self.waiters.pop_front() else {
                break;
            };
            let slice_end = if self.waiters.is_empty() {
                None
            } else {
                Some(self.now.saturating_add(SWITCH_INTERVAL))
            };
            self.threads[tid].state = ThreadState::Holding;
            self.holders.push(Holder {
                tid,
                since: self.now,
                slice_end,
            });
            if self.threads[tid].burst > 0 {
                // A preempted computation resumes.
                self.set_lane_state(tid, Some(SpanState::Running));
            } else {
                self.run_thread(tid);
            }
        }
    }

    /// Runs a thread that holds a CPU and has no computation left, until its next `Op`.
    fn run_thread(&mut self, tid: Tid) {
        self.current = tid;
        let op = self.next_op(tid);
        if self.exited {
            return;
        }
        match op {
            Op::Compute(duration) => {
                self.threads[tid].burst = duration;
                self.set_lane_state(tid, Some(SpanState::Running));
                if let Some(holder) = self.holders.iter_mut().find(|h| h.tid == tid) {
                    holder.since = self.now;
                }
            }
            Op::Sleep(duration) => {
                self.release_cpu(tid);
                self.threads[tid].state = ThreadState::Sleeping;
                self.set_lane_state(tid, Some(SpanState::WaitingIo));
                self.schedule_wake(tid, self.now.saturating_add(duration));
            }
            Op::Block => {
                self.release_cpu(tid);
                self.threads[tid].state = ThreadState::Blocked;
                let state = if tid == MAIN {
                    Some(SpanState::Blocked)
                } else {
                    None
                };
                self.set_lane_state(tid, state);
            }
            Op::Exit => {
                self.release_cpu(tid);
                self.set_lane_state(tid, None);
                self.threads[tid].state = ThreadState::Done;
                self.thread_exited(tid);
            }
        }
    }

    fn release_cpu(&mut self, tid: Tid) {
        self.holders.retain(|holder| holder.tid != tid);
    }

    fn schedule_wake(&mut self, tid: Tid, at: Micros) {
        let generation = self.threads[tid].wake_generation;
        self.sleep_seq += 1;
        self.sleepers
            .push(Reverse((at, self.sleep_seq, tid, generation)));
    }

    fn next_instant(&mut self) -> Option<Micros> {
        // Drop stale wake-ups so they do not move the clock.
        while let Some(Reverse((_, _, tid, generation))) = self.sleepers.peek().copied() {
            if self.threads[tid].wake_generation != generation {
                self.sleepers.pop();
            } else {
                break;
            }
        }
        let mut next = self.sleepers.peek().map(|Reverse((at, ..))| *at);
        let waiting = !self.waiters.is_empty();
        for holder in &self.holders {
            let burst_end = holder.since.saturating_add(self.threads[holder.tid].burst);
            next = Some(next.map_or(burst_end, |n| n.min(burst_end)));
            if let (true, Some(slice_end)) = (waiting, holder.slice_end) {
                next = Some(next.map_or(slice_end, |n| n.min(slice_end)));
            }
        }
        next
    }

    fn advance_clock(&mut self, to: Micros) {
        let to = to.max(self.now);
        for holder in &mut self.holders {
            let used = to.saturating_sub(holder.since);
            let thread = &mut self.threads[holder.tid];
            thread.burst = thread.burst.saturating_sub(used);
            holder.since = to;
        }
        self.now = to;
    }

    fn process_instant(&mut self) {
        // Computations that are over continue with their thread's next line.
        let finished: Vec<Tid> = self
            .holders
            .iter()
            .filter(|holder| self.threads[holder.tid].burst == 0)
            .map(|holder| holder.tid)
            .collect();
        for tid in finished {
            if self.exited {
                return;
            }
            if self.threads[tid].state == ThreadState::Holding {
                self.run_thread(tid);
            }
        }
        // Sleeps and join timeouts that are over: the thread now wants the CPU back.
        while let Some(Reverse((at, _, tid, generation))) = self.sleepers.peek().copied() {
            if at > self.now {
                break;
            }
            self.sleepers.pop();
            if self.threads[tid].wake_generation != generation {
                continue;
            }
            self.threads[tid].wake_generation += 1;
            if tid == MAIN && self.main_wait.is_some() {
                // `join(timeout)` gave up waiting.
                self.main_wait = None;
            }
            self.want_cpu(tid);
        }
        // A holder whose switch interval is over gives the CPU to the next waiter.
        let now = self.now;
        let mut index = 0;
        while index < self.holders.len() {
            let holder = &mut self.holders[index];
            match holder.slice_end {
                Some(slice_end) if slice_end <= now => {
                    if self.waiters.is_empty() {
                        holder.slice_end = None;
                        index += 1;
                    } else {
                        let tid = holder.tid;
                        self.holders.remove(index);
                        self.want_cpu(tid);
                    }
                }
                _ => index += 1,
            }
        }
    }

    // ----- what each thread does -----

    fn next_op(&mut self, tid: Tid) -> Op {
        match self.threads[tid].role {
            Role::Main => self.main_op(),
            Role::Job(_) => {
                self.thread_started(tid);
                self.task_op(tid).unwrap_or(Op::Exit)
            }
            Role::Worker(_) => {
                self.thread_started(tid);
                self.worker_op(tid)
            }
        }
    }

    fn thread_started(&mut self, tid: Tid) {
        if !self.threads[tid].started {
            self.threads[tid].started = true;
            if self.main_wait == Some(MainWait::Started(tid)) {
                self.wake_main();
            }
        }
    }

    /// The next step of the task a thread runs, or `None` once the task has returned.
    fn task_op(&mut self, tid: Tid) -> Option<Op> {
        let task = self.threads[tid].task?;
        let lane = task + 1;
        if let Some((step, state, start)) = self.threads[tid].open_step.take() {
            self.rec.step(StepRecord {
                lane,
                step: Some(step),
                state,
                start,
                end: self.now,
            });
        }
        let spec = &self.scenario.tasks[task];
        while let Some(&step) = spec.steps.get(self.threads[tid].pc) {
            let pc = self.threads[tid].pc;
            self.threads[tid].pc += 1;
            match step {
                Step::Cpu(0) | Step::Io(0) | Step::BlockingIo(0) => {
                    self.rec.step(StepRecord {
                        lane,
                        step: Some(pc),
                        state: step_state(step),
                        start: self.now,
                        end: self.now,
                    });
                }
                Step::Cpu(duration) => {
                    self.threads[tid].open_step = Some((pc, SpanState::Running, self.now));
                    self.event(format!(
                        "{} computes for {} s",
                        spec.name,
                        pyfmt::seconds(duration)
                    ));
                    return Some(Op::Compute(duration));
                }
                Step::Io(duration) | Step::BlockingIo(duration) => {
                    self.threads[tid].open_step = Some((pc, SpanState::WaitingIo, self.now));
                    self.event(format!(
                        "{} calls time.sleep({}) and releases the GIL",
                        spec.name,
                        pyfmt::seconds(duration)
                    ));
                    return Some(Op::Sleep(duration));
                }
            }
        }
        // The task's function returns (or raises).
        self.set_lane_state(tid, None);
        self.done.push(task);
        if spec.fails {
            let error = PyError::task_failed(&spec.name);
            self.rec.mark(
                Some(lane),
                MarkKind::Failed,
                pyfmt::exception_repr(&error),
                self.now,
            );
            self.event(format!(
                "{} raised {}",
                spec.name,
                pyfmt::exception_repr(&error)
            ));
            self.outcomes[task] = Outcome::Raised(error);
        } else {
            self.rec
                .mark(Some(lane), MarkKind::Finished, String::new(), self.now);
            self.print(pyfmt::task_finished(&spec.name));
            self.outcomes[task] = Outcome::Returned;
        }
        self.threads[tid].task = None;
        self.threads[tid].pc = 0;
        None
    }

    fn worker_op(&mut self, tid: Tid) -> Op {
        loop {
            if self.threads[tid].task.is_some() {
                if let Some(op) = self.task_op(tid) {
                    return op;
                }
                // The work item is done: its future is set and the worker is idle again.
                self.idle_semaphore += 1;
                let finished = self.done.last().copied();
                if let (Some(task), Some(MainWait::Future(waited))) = (finished, self.main_wait) {
                    if task == waited {
                        self.wake_main();
                    }
                }
            }
            match self.queue.pop_front() {
                Some(QueueEntry::Item(task)) => {
                    let lane = task + 1;
                    self.rec.step(StepRecord {
                        lane,
                        step: None,
                        state: SpanState::Queued,
                        start: self.submitted_at[task],
                        end: self.now,
                    });
                    self.threads[tid].task = Some(task);
                    self.threads[tid].pc = 0;
                    self.set_lane_state(tid, Some(SpanState::Running));
                    let description = format!(
                        "{} picks up {}",
                        self.threads[tid].name, self.scenario.tasks[task].name
                    );
                    self.event(description);
                }
                Some(QueueEntry::Sentinel) => {
                    // Pass the exit signal on to the next worker, then exit.
                    self.put(QueueEntry::Sentinel);
                    return Op::Exit;
                }
                None => {
                    self.idle.push_back(tid);
                    return Op::Block;
                }
            }
        }
    }

    /// `work_queue.put(entry)`: wakes the worker that has waited longest, if any.
    fn put(&mut self, entry: QueueEntry) {
        self.queue.push_back(entry);
        if let Some(worker) = self.idle.pop_front() {
            self.want_cpu(worker);
        }
    }

    fn thread_exited(&mut self, tid: Tid) {
        match self.threads[tid].role {
            Role::Main => {}
            Role::Job(_) => {
                if !self
                    .threads_config
                    .map(|config| config.daemon)
                    .unwrap_or(false)
                {
                    self.nondaemon_alive = self.nondaemon_alive.saturating_sub(1);
                }
                if self.main_wait == Some(MainWait::Join(tid)) {
                    self.wake_main();
                }
            }
            Role::Worker(_) => {
                self.workers_alive = self.workers_alive.saturating_sub(1);
                self.nondaemon_alive = self.nondaemon_alive.saturating_sub(1);
                if self.main_wait == Some(MainWait::WorkersExit) && self.workers_alive == 0 {
                    self.wake_main();
                }
            }
        }
        if self.main_wait == Some(MainWait::InterpreterExit) && self.nondaemon_alive == 0 {
            self.wake_main();
        }
    }

    fn wake_main(&mut self) {
        self.main_wait = None;
        self.threads[MAIN].wake_generation += 1;
        self.want_cpu(MAIN);
    }

    /// Blocks `main` until `wait` happens (or, with a timeout, until then).
    fn block_main(&mut self, wait: MainWait, timeout_at: Option<Micros>) -> Op {
        self.main_wait = Some(wait);
        if let Some(at) = timeout_at {
            self.schedule_wake(MAIN, at);
        }
        Op::Block
    }

    // ----- the main thread's program -----

    fn main_op(&mut self) -> Op {
        loop {
            match self.main_pc {
                MainPc::Start => {
                    self.set_lane_state(MAIN, Some(SpanState::Running));
                    if self.threads_config.is_some() {
                        self.print(pyfmt::alive_before_start(false));
                        self.main_pc = MainPc::StartThread(0);
                    } else {
                        self.main_pc = MainPc::Submit(0);
                    }
                }
                MainPc::StartThread(index) => {
                    let Some(config) = self.threads_config else {
                        self.main_pc = MainPc::Finish;
                        continue;
                    };
                    if index >= self.scenario.tasks.len() {
                        self.main_pc = MainPc::AfterStart;
                        continue;
                    }
                    let tid = index + 1;
                    if !config.daemon {
                        self.nondaemon_alive += 1;
                    }
                    self.main_pc = MainPc::StartThread(index + 1);
                    self.event(format!("main starts thread {}", self.threads[tid].name));
                    self.want_cpu(tid);
                    // `start()` returns only once the new thread has begun running.
                    return self.block_main(MainWait::Started(tid), None);
                }
                MainPc::AfterStart => {
                    let all_alive = self.threads[1..]
                        .iter()
                        .all(|thread| thread.state != ThreadState::Done);
                    self.print(pyfmt::alive_after_start(all_alive));
                    let join = self.threads_config.map(|config| config.join);
                    self.main_pc = match join {
                        Some(Join::All) => MainPc::JoinThread(0, None),
                        Some(Join::Timeout(_)) => MainPc::JoinThread(0, None),
                        Some(Join::None) | None => MainPc::Finish,
                    };
                }
                MainPc::JoinThread(index, deadline) => {
                    if index >= self.scenario.tasks.len() {
                        self.main_pc = MainPc::AfterJoins;
                        continue;
                    }
                    let tid = index + 1;
                    let timeout = match self.threads_config.map(|config| config.join) {
                        Some(Join::Timeout(timeout)) => Some(timeout),
                        _ => None,
                    };
                    let alive = self.threads[tid].state != ThreadState::Done;
                    let deadline_passed = deadline.is_some_and(|at| at <= self.now);
                    if alive && !deadline_passed {
                        // First arrival at this join, or woken early by something else.
                        let at = deadline.or_else(|| timeout.map(|t| self.now.saturating_add(t)));
                        self.main_pc = MainPc::JoinThread(index, at);
                        self.event(format!("main joins {}", self.threads[tid].name));
                        return self.block_main(MainWait::Join(tid), at);
                    }
                    let label = if alive {
                        format!("{} timed out", self.threads[tid].name)
                    } else {
                        self.threads[tid].name.clone()
                    };
                    self.rec.mark(Some(MAIN), MarkKind::Joined, label, self.now);
                    self.main_pc = MainPc::JoinThread(index + 1, None);
                }
                MainPc::AfterJoins => {
                    let alive: Vec<&str> = self.threads[1..]
                        .iter()
                        .filter(|thread| thread.state != ThreadState::Done)
                        .map(|thread| thread.name.as_str())
                        .collect();
                    let line = pyfmt::still_alive(&alive);
                    self.print(line);
                    self.main_pc = MainPc::Finish;
                }
                MainPc::Submit(index) => {
                    let Some(config) = self.pool else {
                        self.main_pc = MainPc::Finish;
                        continue;
                    };
                    if index >= self.scenario.tasks.len() {
                        self.main_pc = if config.shutdown == WITH_SHUTDOWN {
                            MainPc::Result(0)
                        } else {
                            MainPc::ExplicitShutdown
                        };
                        continue;
                    }
                    self.main_pc = MainPc::Submit(index + 1);
                    self.submitted_at[index] = self.now;
                    self.set_lane_state_of_lane(index + 1, Some(SpanState::Queued));
                    self.put(QueueEntry::Item(index));
                    self.event(format!("main submits {}", self.scenario.tasks[index].name));
                    // `_adjust_thread_count`: reuse an idle worker, else start one if allowed.
                    if self.idle_semaphore > 0 {
                        self.idle_semaphore -= 1;
                    } else if self.workers < self.max_workers {
                        let tid = self.threads.len();
                        self.threads.push(Thread::new(
                            format!("worker {}", self.workers),
                            Role::Worker(self.workers),
                        ));
                        self.workers += 1;
                        self.workers_alive += 1;
                        self.nondaemon_alive += 1;
                        self.want_cpu(tid);
                        return self.block_main(MainWait::Started(tid), None);
                    }
                }
                MainPc::ExplicitShutdown => {
                    let shutdown = self
                        .pool
                        .map(|config| config.shutdown)
                        .unwrap_or(WITH_SHUTDOWN);
                    if !self.shutdown_started {
                        self.shutdown_started = true;
                        self.begin_shutdown(shutdown.cancel_futures);
                        if shutdown.wait && self.workers_alive > 0 {
                            self.event("main waits in shutdown(wait=True)".to_string());
                            return self.block_main(MainWait::WorkersExit, None);
                        }
                    }
                    self.rec
                        .mark(Some(MAIN), MarkKind::Shutdown, String::new(), self.now);
                    self.print(pyfmt::shutdown_returned());
                    self.main_pc = MainPc::Result(0);
                }
                MainPc::Result(index) => {
                    if index >= self.scenario.tasks.len() || self.map_stopped {
                        self.main_pc = match self.pool.map(|config| config.shutdown) {
                            Some(WITH_SHUTDOWN) => MainPc::WithExit,
                            _ => MainPc::Finish,
                        };
                        continue;
                    }
                    if self.outcomes[index] == Outcome::Pending {
                        self.event(format!(
                            "main waits for {}'s result",
                            self.scenario.tasks[index].name
                        ));
                        return self.block_main(MainWait::Future(index), None);
                    }
                    self.main_pc = MainPc::Result(index + 1);
                    self.print_result(index);
                }
                MainPc::WithExit => {
                    if !self.shutdown_started {
                        self.shutdown_started = true;
                        self.begin_shutdown(false);
                        if self.workers_alive > 0 {
                            return self.block_main(MainWait::WorkersExit, None);
                        }
                    }
                    self.rec
                        .mark(Some(MAIN), MarkKind::Shutdown, String::new(), self.now);
                    self.main_pc = MainPc::Finish;
                }
                MainPc::Finish => {
                    if self.threads_config.is_some() {
                        // Every thread saw the same `os.getpid()`, and none shares `main`'s
                        // `threading.get_ident()` (main is alive, so its id is never reused).
                        self.print(pyfmt::same_process(true));
                        self.print(pyfmt::thread_ids_differ(true));
                    }
                    self.print(pyfmt::elapsed(self.now));
                    self.main_pc = MainPc::Exiting;
                    // Interpreter exit: the pool's exit hook stops its workers, then every
                    // non-daemon thread is joined.
                    if self.pool.is_some() && !self.shutdown_started {
                        self.shutdown_started = true;
                        self.begin_shutdown(false);
                    }
                    self.event("main() returns; the interpreter starts to exit".to_string());
                    if self.nondaemon_alive > 0 {
                        return self.block_main(MainWait::InterpreterExit, None);
                    }
                }
                MainPc::Exiting => {
                    self.interpreter_exit();
                    self.main_pc = MainPc::Exited;
                    return Op::Exit;
                }
                MainPc::Exited => return Op::Exit,
            }
        }
    }

    /// `shutdown()`: optionally cancel what is still queued, then tell workers to exit.
    fn begin_shutdown(&mut self, cancel_futures: bool) {
        if cancel_futures {
            let items: Vec<usize> = self
                .queue
                .iter()
                .filter_map(|entry| match entry {
                    QueueEntry::Item(task) => Some(*task),
                    QueueEntry::Sentinel => None,
                })
                .collect();
            self.queue.retain(|entry| *entry == QueueEntry::Sentinel);
            for task in items {
                self.cancel_item(task);
            }
        }
        self.put(QueueEntry::Sentinel);
    }

    fn cancel_item(&mut self, task: usize) {
        self.outcomes[task] = Outcome::Cancelled;
        self.set_lane_state_of_lane(task + 1, None);
        self.rec
            .mark(Some(task + 1), MarkKind::Cancelled, String::new(), self.now);
        self.done.push(task);
        self.event(format!(
            "{} is cancelled before it started",
            self.scenario.tasks[task].name
        ));
    }

    fn print_result(&mut self, index: usize) {
        let name = self.scenario.tasks[index].name.clone();
        let api = self
            .pool
            .map(|config| config.api)
            .unwrap_or(PoolApi::Submit);
        let outcome = self.outcomes[index].clone();
        match api {
            PoolApi::Submit => {
                let line = match outcome {
                    Outcome::Raised(error) => pyfmt::task_raised(&name, &error),
                    Outcome::Cancelled => pyfmt::task_cancelled(&name),
                    Outcome::Pending | Outcome::Returned => pyfmt::task_returned(&name),
                };
                self.print(line);
            }
            PoolApi::Map => {
                let error = match outcome {
                    Outcome::Raised(error) => error,
                    Outcome::Cancelled => PyError::new(PyErrorKind::CancelledError, ""),
                    Outcome::Pending | Outcome::Returned => {
                        self.print(pyfmt::got_result(&Ok(name)));
                        return;
                    }
                };
                // The exception leaves `map`'s generator, whose `finally` cancels every
                // future that has not started yet; running ones go on.
                self.map_stopped = true;
                let queued: Vec<usize> = self
                    .queue
                    .iter()
                    .filter_map(|entry| match entry {
                        QueueEntry::Item(task) => Some(*task),
                        QueueEntry::Sentinel => None,
                    })
                    .collect();
                self.queue.retain(|entry| *entry == QueueEntry::Sentinel);
                for task in queued {
                    self.cancel_item(task);
                }
                self.print(pyfmt::map_raised(&error));
            }
        }
    }

    fn interpreter_exit(&mut self) {
        self.rec.mark(
            Some(MAIN),
            MarkKind::InterpreterExit,
            String::new(),
            self.now,
        );
        for tid in 1..self.threads.len() {
            let thread = &self.threads[tid];
            if thread.state == ThreadState::Done || thread.state == ThreadState::NotStarted {
                continue;
            }
            // Daemon threads are stopped where they are: the rest of their work, and
            // their prints, never happen.
            if let Some(task) = thread.task {
                self.rec
                    .mark(Some(task + 1), MarkKind::Killed, String::new(), self.now);
            }
            self.set_lane_state(tid, None);
        }
        self.event("the interpreter exits".to_string());
        self.exited = true;
    }

    // ----- recording -----

    /// The lane a thread's state shows on: its task's lane, or `main`'s.
    fn lane_of(&self, tid: Tid) -> Option<usize> {
        if tid == MAIN {
            Some(0)
        } else {
            self.threads[tid].task.map(|task| task + 1)
        }
    }

    fn set_lane_state(&mut self, tid: Tid, state: Option<SpanState>) {
        if let Some(lane) = self.lane_of(tid) {
            self.rec.set_state(lane, state, self.now);
        }
    }

    fn set_lane_state_of_lane(&mut self, lane: usize, state: Option<SpanState>) {
        self.rec.set_state(lane, state, self.now);
    }

    fn print(&mut self, text: String) {
        self.rec.print(text.clone(), self.now);
        let who = self.display_name(self.current).to_string();
        self.event(format!("{who} prints {text}"));
    }

    fn event(&mut self, description: String) {
        if self.rec.wants_event() {
            let snapshot = self.snapshot();
            self.rec.event(self.now, description, snapshot);
        }
    }

    fn display_name(&self, tid: Tid) -> &str {
        match self.threads[tid].task {
            Some(task) if tid != MAIN => &self.scenario.tasks[task].name,
            _ => &self.threads[tid].name,
        }
    }

    fn snapshot(&self) -> Snapshot {
        let timers: Vec<(Micros, u64, &str)> = self
            .sleepers
            .iter()
            .filter(|Reverse((_, _, tid, generation))| {
                self.threads[*tid].wake_generation == *generation
                    && self.threads[*tid].state == ThreadState::Sleeping
            })
            .map(|Reverse((at, seq, tid, _))| (*at, *seq, self.display_name(*tid)))
            .collect();
        Snapshot {
            running: self
                .holders
                .iter()
                .map(|holder| self.display_name(holder.tid).to_string())
                .collect(),
            ready: capped_names(
                self.waiters.iter().map(|&tid| self.display_name(tid)),
                self.waiters.len(),
            ),
            timers: capped_timers(timers),
            gil_holder: if self.gil {
                self.holders
                    .first()
                    .map(|holder| self.display_name(holder.tid).to_string())
            } else {
                None
            },
            pool_queue: capped_names(
                self.queue.iter().filter_map(|entry| match entry {
                    QueueEntry::Item(task) => Some(self.scenario.tasks[*task].name.as_str()),
                    QueueEntry::Sentinel => None,
                }),
                self.queue.len(),
            ),
            idle_workers: capped_names(
                self.idle.iter().map(|&tid| self.threads[tid].name.as_str()),
                self.idle.len(),
            ),
            done: capped_names(
                self.done
                    .iter()
                    .map(|&task| self.scenario.tasks[task].name.as_str()),
                self.done.len(),
            ),
        }
    }
}

/// What leaving a `with ThreadPoolExecutor(...)` block does.
const WITH_SHUTDOWN: Shutdown = Shutdown {
    wait: true,
    cancel_futures: false,
};

fn step_state(step: Step) -> SpanState {
    match step {
        Step::Cpu(_) => SpanState::Running,
        Step::Io(_) | Step::BlockingIo(_) => SpanState::WaitingIo,
    }
}
