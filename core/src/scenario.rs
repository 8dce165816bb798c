//! A lesson's Python program, as data.
//!
//! A [`Scenario`] is the single source of truth for what a simulation panel shows: the
//! Python program (rendered by [`crate::python`]), the model's prediction
//! ([`crate::model`]) and the live run in the browser all start from the same value.
//! It is deliberately small: a handful of tasks, each a sequence of [`Step`]s, and one
//! [`Program`] that says how `main` orchestrates them.
//!
//! Times are whole microseconds ([`Micros`]) so the model's virtual clock is exact and
//! deterministic; the Python program prints them as seconds.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A duration or an instant on a timeline, in microseconds.
pub type Micros = u64;

/// One microsecond-based second, for readable conversions.
pub const SECOND: Micros = 1_000_000;

/// Converts seconds (as a learner types them) to microseconds, rounding to the nearest.
pub fn micros_from_secs(seconds: f64) -> Micros {
    (seconds * SECOND as f64).round().max(0.0) as Micros
}

/// Converts microseconds to seconds for display.
pub fn secs_from_micros(micros: Micros) -> f64 {
    micros as f64 / SECOND as f64
}

/// A whole lesson program: the tasks and how `main` runs them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// The units of work, in the order the program names them (argument order).
    pub tasks: Vec<TaskSpec>,
    /// How `main` creates, starts and waits for the tasks.
    pub program: Program,
}

/// One unit of work: a coroutine, a thread's target or a function submitted to a pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskSpec {
    /// A short name the program prints and the timeline labels its lane with ("A", "B", ...).
    pub name: String,
    /// What the task does, in order.
    pub steps: Vec<Step>,
    /// Whether the task ends by raising `ValueError(f"{name} failed")` after its steps,
    /// instead of returning its name.
    pub fails: bool,
}

/// One thing a task does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Computing for this long: holds the CPU (and, in CPython, the GIL).
    /// In a coroutine nothing else on the event loop runs meanwhile.
    Cpu(Micros),
    /// Waiting for I/O for this long without using the CPU: `await asyncio.sleep(d)` in a
    /// coroutine, `time.sleep(d)` in a thread. Releases the event loop or the GIL.
    Io(Micros),
    /// A blocking call inside a coroutine: `time.sleep(d)` where `await asyncio.sleep(d)`
    /// was meant. The thread waits without computing, but the event loop cannot run any
    /// other task until it returns. In a thread this is the same as [`Step::Io`].
    BlockingIo(Micros),
}

impl Step {
    /// How long the step lasts when nothing else is in its way.
    pub fn duration(self) -> Micros {
        match self {
            Step::Cpu(d) | Step::Io(d) | Step::BlockingIo(d) => d,
        }
    }
}

/// How `main` orchestrates the tasks. Each variant is one kind of Python program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Program {
    /// Plain functions called one after another: the "before" picture.
    /// I/O steps are `time.sleep`.
    Sequential,
    /// `asyncio.run(main())` where `main` wraps every coroutine in `asyncio.create_task`
    /// and then awaits the tasks one by one.
    Tasks,
    /// `await asyncio.gather(*tasks, return_exceptions=...)` on tasks created up front.
    Gather(GatherConfig),
    /// `done, pending = await asyncio.wait(tasks, timeout=..., return_when=...)`.
    Wait(WaitConfig),
    /// `for coro in asyncio.as_completed(tasks): await coro` (finish order).
    AsCompleted,
    /// `threading.Thread(target=job, args=(...), daemon=...)` for each task.
    Threads(ThreadsConfig),
    /// `concurrent.futures.ThreadPoolExecutor(max_workers=...)`.
    Pool(PoolConfig),
}

impl Program {
    /// Whether this program runs its tasks on an asyncio event loop.
    pub fn is_asyncio(&self) -> bool {
        matches!(
            self,
            Program::Tasks | Program::Gather(_) | Program::Wait(_) | Program::AsCompleted
        )
    }
}

/// Parameters of `asyncio.gather`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatherConfig {
    /// `return_exceptions`: when true, exceptions are returned in the result list
    /// instead of propagating to the awaiting caller.
    pub return_exceptions: bool,
}

/// Parameters of `asyncio.wait`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitConfig {
    /// `return_when`; CPython's default is [`ReturnWhen::AllCompleted`].
    pub return_when: ReturnWhen,
    /// `timeout`, or `None` to wait without a limit.
    pub timeout: Option<Micros>,
    /// Whether `main` calls `task.cancel()` on every pending task after `wait` returns.
    /// `wait` itself never cancels anything.
    pub cancel_pending: bool,
    /// Whether the program passes bare coroutines instead of tasks, which CPython 3.11+
    /// refuses with `TypeError: Passing coroutines is forbidden, use tasks explicitly.`
    pub pass_coroutines: bool,
}

/// `asyncio.wait`'s `return_when`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReturnWhen {
    AllCompleted,
    FirstCompleted,
    FirstException,
}

impl ReturnWhen {
    /// The constant's Python name, as in `asyncio.FIRST_COMPLETED`.
    pub fn python_name(self) -> &'static str {
        match self {
            ReturnWhen::AllCompleted => "ALL_COMPLETED",
            ReturnWhen::FirstCompleted => "FIRST_COMPLETED",
            ReturnWhen::FirstException => "FIRST_EXCEPTION",
        }
    }
}

/// Parameters of the threading program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadsConfig {
    /// `daemon=` passed to every `threading.Thread`.
    pub daemon: bool,
    /// How `main` waits for its threads before it returns.
    pub join: Join,
    /// With the GIL (CPython's default) or free-threaded.
    pub interpreter: Interpreter,
}

/// How the main thread waits for the threads it started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Join {
    /// `t.join()` on every thread, in order.
    All,
    /// `t.join(timeout)` on every thread, in order; a thread may still be alive afterwards.
    Timeout(Micros),
    /// No `join()`: `main` returns at once and interpreter exit decides (non-daemon threads
    /// are waited for, daemon threads are stopped abruptly).
    None,
}

/// Parameters of the `ThreadPoolExecutor` program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolConfig {
    /// `max_workers`; `None` means CPython's default `min(32, os.cpu_count() + 4)`.
    pub max_workers: Option<u32>,
    /// `submit()` each task or `map()` over them.
    pub api: PoolApi,
    /// `shutdown(wait=..., cancel_futures=...)` right after submitting everything; with
    /// `wait=True, cancel_futures=False` this is what leaving a `with` block does.
    pub shutdown: Shutdown,
    /// With the GIL (CPython's default) or free-threaded.
    pub interpreter: Interpreter,
}

/// How work is handed to the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PoolApi {
    /// `pool.submit(job, ...)` per task, then `future.result()` in submission order.
    Submit,
    /// `pool.map(job, ...)`: everything is submitted at once, results come in input order.
    Map,
}

/// The arguments of `ThreadPoolExecutor.shutdown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shutdown {
    pub wait: bool,
    pub cancel_futures: bool,
}

/// Which CPython runs the threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Interpreter {
    /// CPython's default build: one thread runs Python bytecode at a time; a thread
    /// waiting for the GIL asks for it after the switch interval (0.005 s).
    Gil,
    /// A free-threaded build (3.13t and later): CPU work runs in parallel on up to
    /// `cores` cores.
    FreeThreaded { cores: u32 },
}

/// CPython's `sys.getswitchinterval()` default: 5 ms.
pub const SWITCH_INTERVAL: Micros = 5_000;

/// CPython's default `max_workers` on a machine with `cpu_count` cores.
pub fn default_max_workers(cpu_count: u32) -> u32 {
    (cpu_count + 4).min(32)
}

/// Limits on what a scenario may ask for, so a browser tab stays responsive and the
/// model answers quickly. These are ours, not CPython's.
pub mod limits {
    use super::Micros;
    /// The shortest step: browser timers are far coarser than a millisecond.
    pub const MIN_STEP: Micros = 1_000;
    /// The longest step: nobody should wait more than half a minute for a lesson.
    pub const MAX_STEP: Micros = 30_000_000;
    /// The most coroutines the page runs at once.
    pub const MAX_COROUTINES: usize = 1_000;
    /// The most threads (Web Workers) the page starts for one run.
    pub const MAX_THREADS: usize = 64;
    /// The most tasks the model simulates (for benchmarks and property tests).
    pub const MAX_MODEL_TASKS: usize = 100_000;
    /// The most steps in one task.
    pub const MAX_STEPS: usize = 16;
}

/// An error CPython itself would raise, with its exception type and exact message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PyError {
    pub kind: PyErrorKind,
    pub message: String,
}

/// The Python exception types the lessons can raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PyErrorKind {
    ValueError,
    TypeError,
    RuntimeError,
    TimeoutError,
    CancelledError,
}

impl PyErrorKind {
    pub fn python_name(self) -> &'static str {
        match self {
            PyErrorKind::ValueError => "ValueError",
            PyErrorKind::TypeError => "TypeError",
            PyErrorKind::RuntimeError => "RuntimeError",
            PyErrorKind::TimeoutError => "TimeoutError",
            PyErrorKind::CancelledError => "CancelledError",
        }
    }
}

impl PyError {
    pub fn new(kind: PyErrorKind, message: impl Into<String>) -> Self {
        PyError {
            kind,
            message: message.into(),
        }
    }

    /// The error a failing task raises: `ValueError('A failed')`.
    pub fn task_failed(name: &str) -> Self {
        PyError::new(PyErrorKind::ValueError, format!("{name} failed"))
    }
}

impl fmt::Display for PyError {
    /// Formats the error as the last line of a CPython traceback: `ValueError: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.kind.python_name())
        } else {
            write!(f, "{}: {}", self.kind.python_name(), self.message)
        }
    }
}

impl std::error::Error for PyError {}

/// Why a scenario cannot run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ScenarioError {
    /// CPython would refuse this program with this exception before any task runs.
    Python(PyError),
    /// The program is valid Python, but beyond what this page will simulate.
    /// `field` names the parameter (its Python name) so the view can show the message there.
    Limit { field: String, message: String },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Python(error) => write!(f, "{error}"),
            ScenarioError::Limit { message, .. } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for ScenarioError {}

/// What [`Scenario::validate`] accepts. The numbers are ours, not CPython's: they keep a
/// browser tab responsive ([`Limits::live`]) or the model quick ([`Limits::model`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// The most tasks (coroutines, threads or submitted calls) in one scenario.
    pub max_tasks: usize,
    /// The most threads started by the threading program.
    pub max_threads: usize,
    /// The largest explicit `max_workers` for the pool program.
    pub max_workers: u32,
    /// The most steps in one task.
    pub max_steps: usize,
    /// The shortest step; zero is allowed by the model but not by the page.
    pub min_step: Micros,
    /// The longest step, and the longest `timeout`.
    pub max_step: Micros,
}

impl Limits {
    /// What the page runs for real in the browser.
    pub fn live() -> Self {
        Limits {
            max_tasks: limits::MAX_COROUTINES,
            max_threads: limits::MAX_THREADS,
            max_workers: limits::MAX_THREADS as u32,
            max_steps: limits::MAX_STEPS,
            min_step: limits::MIN_STEP,
            max_step: limits::MAX_STEP,
        }
    }

    /// What the model simulates: many more tasks, and zero-length steps.
    pub fn model() -> Self {
        Limits {
            max_tasks: limits::MAX_MODEL_TASKS,
            max_threads: limits::MAX_MODEL_TASKS,
            max_workers: limits::MAX_MODEL_TASKS as u32,
            max_steps: limits::MAX_STEPS,
            min_step: 0,
            max_step: limits::MAX_STEP,
        }
    }
}

/// The longest task name; names are labels, not essays.
pub const MAX_NAME_CHARS: usize = 32;

/// Formats a count with thousands separators, as the limit messages show it: `1,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn limit_error(field: &str, message: String) -> ScenarioError {
    ScenarioError::Limit {
        field: field.to_string(),
        message,
    }
}

impl Scenario {
    /// Checks the scenario before anything runs. CPython's own refusals come first, in the
    /// order CPython checks them, then this page's limits.
    pub fn validate(&self, limits: &Limits) -> Result<(), ScenarioError> {
        self.validate_python()?;
        self.validate_limits(limits)
    }

    /// The errors CPython itself raises for this program, with its exact messages.
    fn validate_python(&self) -> Result<(), ScenarioError> {
        match &self.program {
            Program::Wait(config) => {
                // `asyncio.wait` checks for an empty collection before it looks for coroutines.
                if self.tasks.is_empty() {
                    return Err(ScenarioError::Python(PyError::new(
                        PyErrorKind::ValueError,
                        "Set of Tasks/Futures is empty.",
                    )));
                }
                if config.pass_coroutines {
                    return Err(ScenarioError::Python(PyError::new(
                        PyErrorKind::TypeError,
                        "Passing coroutines is forbidden, use tasks explicitly.",
                    )));
                }
            }
            Program::Pool(config) => {
                if config.max_workers == Some(0) {
                    return Err(ScenarioError::Python(PyError::new(
                        PyErrorKind::ValueError,
                        "max_workers must be greater than 0",
                    )));
                }
            }
            Program::Sequential
            | Program::Tasks
            | Program::Gather(_)
            | Program::AsCompleted
            | Program::Threads(_) => {}
        }
        Ok(())
    }

    fn validate_limits(&self, limits: &Limits) -> Result<(), ScenarioError> {
        let count = self.tasks.len();
        match &self.program {
            Program::Threads(config) => {
                if count > limits.max_threads {
                    return Err(limit_error(
                        "tasks",
                        format!(
                            "at most {} threads: each one is a Web Worker the page must start",
                            thousands(limits.max_threads as u64)
                        ),
                    ));
                }
                if let Join::Timeout(timeout) = config.join {
                    check_duration("timeout", timeout, limits)?;
                }
                check_interpreter(config.interpreter)?;
            }
            Program::Pool(config) => {
                if let Some(workers) = config.max_workers {
                    if workers > limits.max_workers {
                        return Err(limit_error(
                            "max_workers",
                            format!(
                                "at most {} workers: each one is a Web Worker the page must start",
                                thousands(limits.max_workers as u64)
                            ),
                        ));
                    }
                }
                check_interpreter(config.interpreter)?;
            }
            Program::Wait(config) => {
                if let Some(timeout) = config.timeout {
                    check_duration("timeout", timeout, limits)?;
                }
            }
            Program::Sequential | Program::Tasks | Program::Gather(_) | Program::AsCompleted => {}
        }
        if count > limits.max_tasks {
            let why = if limits.max_tasks == limits::MAX_COROUTINES {
                "the page runs them all on one browser thread"
            } else {
                "the model keeps every step of every task in memory"
            };
            return Err(limit_error(
                "tasks",
                format!(
                    "at most {} coroutines: {why}",
                    thousands(limits.max_tasks as u64)
                ),
            ));
        }
        let mut names: Vec<&str> = Vec::with_capacity(count);
        for task in &self.tasks {
            check_name(&task.name)?;
            if task.steps.len() > limits.max_steps {
                return Err(limit_error(
                    "steps",
                    format!(
                        "at most {} steps per task: the timeline must stay readable",
                        limits.max_steps
                    ),
                ));
            }
            for step in &task.steps {
                check_duration("durations", step.duration(), limits)?;
            }
            names.push(&task.name);
        }
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(limit_error(
                "name",
                format!(
                    "task names must differ: {:?} is used twice, and the output could not tell them apart",
                    pair[0]
                ),
            ));
        }
        Ok(())
    }
}

fn check_name(name: &str) -> Result<(), ScenarioError> {
    if name.is_empty() {
        return Err(limit_error(
            "name",
            "every task needs a name: the program prints it".to_string(),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(limit_error(
            "name",
            format!("names have at most {MAX_NAME_CHARS} characters: they label a lane"),
        ));
    }
    // Control characters and quotes would make the printed lines and the Python source
    // harder to read than the lesson is worth.
    if name
        .chars()
        .any(|c| c.is_control() || c == '\'' || c == '"' || c == '\\' || c == '{' || c == '}')
    {
        return Err(limit_error(
            "name",
            "names may not contain quotes, backslashes, braces or control characters".to_string(),
        ));
    }
    Ok(())
}

fn check_duration(field: &str, duration: Micros, limits: &Limits) -> Result<(), ScenarioError> {
    if duration < limits.min_step {
        return Err(limit_error(
            field,
            format!(
                "at least {} s: browser timers are coarser than that",
                crate::pyfmt::seconds(limits.min_step)
            ),
        ));
    }
    if duration > limits.max_step {
        return Err(limit_error(
            field,
            format!(
                "at most {} s: nobody should wait longer for one step",
                crate::pyfmt::seconds(limits.max_step)
            ),
        ));
    }
    Ok(())
}

fn check_interpreter(interpreter: Interpreter) -> Result<(), ScenarioError> {
    match interpreter {
        Interpreter::Gil => Ok(()),
        Interpreter::FreeThreaded { cores: 0 } => Err(limit_error(
            "cores",
            "a free-threaded interpreter needs at least 1 core".to_string(),
        )),
        Interpreter::FreeThreaded { cores } if cores > limits::MAX_THREADS as u32 => {
            Err(limit_error(
                "cores",
                format!(
                    "at most {} cores: the page has no more to show",
                    limits::MAX_THREADS
                ),
            ))
        }
        Interpreter::FreeThreaded { .. } => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(tasks: usize, program: Program) -> Scenario {
        Scenario {
            tasks: (0..tasks)
                .map(|index| TaskSpec {
                    name: format!("T{index}"),
                    steps: vec![Step::Io(10_000)],
                    fails: false,
                })
                .collect(),
            program,
        }
    }

    fn wait_program(pass_coroutines: bool) -> Program {
        Program::Wait(WaitConfig {
            return_when: ReturnWhen::AllCompleted,
            timeout: None,
            cancel_pending: false,
            pass_coroutines,
        })
    }

    fn pool_program(max_workers: Option<u32>) -> Program {
        Program::Pool(PoolConfig {
            max_workers,
            api: PoolApi::Submit,
            shutdown: Shutdown {
                wait: true,
                cancel_futures: false,
            },
            interpreter: Interpreter::Gil,
        })
    }

    fn message(result: Result<(), ScenarioError>) -> String {
        result
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default()
    }

    /// These messages were checked against CPython 3.11.7 (and the differential tests
    /// check them again by running the rendered programs).
    #[test]
    fn cpython_errors_carry_cpythons_messages() {
        let live = Limits::live();
        assert_eq!(
            message(scenario(0, wait_program(false)).validate(&live)),
            "ValueError: Set of Tasks/Futures is empty."
        );
        assert_eq!(
            message(scenario(2, wait_program(true)).validate(&live)),
            "TypeError: Passing coroutines is forbidden, use tasks explicitly."
        );
        assert_eq!(
            message(scenario(2, pool_program(Some(0))).validate(&live)),
            "ValueError: max_workers must be greater than 0"
        );
    }

    #[test]
    fn our_limits_name_the_parameter_and_say_why() {
        let live = Limits::live();
        let error = scenario(1_001, Program::Tasks).validate(&live).unwrap_err();
        assert_eq!(
            error,
            ScenarioError::Limit {
                field: "tasks".to_string(),
                message: "at most 1,000 coroutines: the page runs them all on one browser thread"
                    .to_string()
            }
        );
        assert!(scenario(1_001, Program::Tasks)
            .validate(&Limits::model())
            .is_ok());
        let error = scenario(2, pool_program(Some(65)))
            .validate(&live)
            .unwrap_err();
        assert!(matches!(error, ScenarioError::Limit { ref field, .. } if field == "max_workers"));
        let mut short = scenario(1, Program::Tasks);
        short.tasks[0].steps = vec![Step::Cpu(10)];
        let error = short.validate(&live).unwrap_err();
        assert!(matches!(error, ScenarioError::Limit { ref field, .. } if field == "durations"));
        assert!(short.validate(&Limits::model()).is_ok());
        let mut huge = scenario(1, Program::Tasks);
        huge.tasks[0].steps = vec![Step::Io(u64::MAX)];
        assert!(huge.validate(&Limits::model()).is_err());
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
