//! A simulation panel's parameters: what each lesson lets the learner change, how the
//! values travel in the URL, and what they write into the lesson's program.
//!
//! This module is pure (no browser calls), so it is tested natively, and `build.rs`
//! includes it to predict each lesson at its defaults. Every parameter is
//! named after the Python argument it sets (`durations`, `return_exceptions`,
//! `max_workers`, ...), and the URL query uses the same names, so a teacher can share
//! `/gather?durations=0.3,0.1,0.2&return_exceptions=true` and the panel opens that way.

use interleave_core::template::Literal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which simulation a lesson embeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimulationKind {
    /// Lesson 1: the same waits one after another, or overlapped with `gather`.
    WhyAsync,
    /// Lesson 2: tasks on one event loop, and a blocking call that stalls them all.
    EventLoop,
    /// Lesson 3: `asyncio.gather`.
    Gather,
    /// Lesson 4: `asyncio.wait`.
    Wait,
    /// Lesson 5: `threading.Thread`, daemon threads and the GIL.
    Threads,
    /// Lesson 7: `ThreadPoolExecutor`.
    Pool,
    /// Lesson 8: threads sharing a counter, with and without a lock.
    SharedState,
    /// Lesson 9: cancelling tasks, timeouts, TaskGroup against gather, and shield.
    Cancellation,
    /// Lesson 10: a producer, consumers and a bounded asyncio.Queue between them.
    ProducersConsumers,
    /// Lesson 11: a blocking call in a coroutine, and handing it to a worker thread.
    AsyncioThreads,
    /// Lesson 12: CPU-bound jobs on a thread pool or a process pool.
    Processes,
}

impl SimulationKind {
    /// Every simulation, in lesson order.
    pub const ALL: [SimulationKind; 11] = [
        SimulationKind::WhyAsync,
        SimulationKind::EventLoop,
        SimulationKind::Gather,
        SimulationKind::Wait,
        SimulationKind::Threads,
        SimulationKind::Pool,
        SimulationKind::SharedState,
        SimulationKind::Cancellation,
        SimulationKind::ProducersConsumers,
        SimulationKind::AsyncioThreads,
        SimulationKind::Processes,
    ];
}

/// The simulation embedded in the lesson with this slug, if it has one.
pub fn simulation_kind(slug: &str) -> Option<SimulationKind> {
    Some(match slug {
        "why-async" => SimulationKind::WhyAsync,
        "asyncio" => SimulationKind::EventLoop,
        "gather" => SimulationKind::Gather,
        "wait" => SimulationKind::Wait,
        "threads" => SimulationKind::Threads,
        "thread-pools" => SimulationKind::Pool,
        "shared-state" => SimulationKind::SharedState,
        "cancellation" => SimulationKind::Cancellation,
        "producers-consumers" => SimulationKind::ProducersConsumers,
        "asyncio-threads" => SimulationKind::AsyncioThreads,
        "processes" => SimulationKind::Processes,
        _ => return None,
    })
}

/// What kind of control a parameter gets and what text it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Comma-separated seconds, one per task: `0.3, 0.1, 0.2`.
    Durations,
    /// `true` or `false` (a checkbox).
    Bool,
    /// One of a fixed set of values (a select): `(value, label)` pairs.
    Choice(&'static [(&'static str, &'static str)]),
    /// The name of one task, or `none` (a select filled from `durations`).
    TaskName,
    /// Seconds, or empty for Python's `None`.
    OptionalSeconds,
    /// A whole number, or empty for Python's `None`.
    OptionalCount,
    /// A whole number from `min` to `max`.
    Count { min: i64, max: i64 },
}

/// One parameter of a panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The Python name, used as the label, the URL key and the form field's name.
    pub name: &'static str,
    /// A short explanation shown under the control.
    pub help: &'static str,
    pub kind: FieldKind,
    /// The value this lesson starts with, chosen so its point shows at a glance.
    pub default: &'static str,
}

const MODE_CHOICES: &[(&str, &str)] = &[
    ("sequential", "one after another (plain functions)"),
    ("gather", "together (asyncio.gather)"),
];
const RETURN_WHEN_CHOICES: &[(&str, &str)] = &[
    ("ALL_COMPLETED", "ALL_COMPLETED (the default)"),
    ("FIRST_COMPLETED", "FIRST_COMPLETED"),
    ("FIRST_EXCEPTION", "FIRST_EXCEPTION"),
];
const WORK_CHOICES: &[(&str, &str)] = &[
    ("io", "I/O: time.sleep (releases the GIL)"),
    ("cpu", "CPU: compute (holds the GIL)"),
];
const JOIN_CHOICES: &[(&str, &str)] = &[
    ("join", "t.join() for each"),
    ("timeout", "t.join(timeout) for each"),
    ("none", "no join()"),
];
const INTERPRETER_CHOICES: &[(&str, &str)] = &[
    ("gil", "CPython with the GIL (the default)"),
    ("free-threaded", "free-threaded CPython (3.13t+)"),
];
const API_CHOICES: &[(&str, &str)] = &[("submit", "pool.submit() for each"), ("map", "pool.map()")];
const UPDATE_CHOICES: &[(&str, &str)] = &[
    ("sleep", "read, time.sleep(0), write"),
    ("plain", "counter += 1"),
    ("lock", "with lock: read, time.sleep(0), write"),
];

const LIMIT_CHOICES: &[(&str, &str)] = &[
    ("wait_for", "await asyncio.wait_for(waited, TIMEOUT)"),
    ("timeout", "async with asyncio.timeout(TIMEOUT)"),
];
const GROUP_CHOICES: &[(&str, &str)] = &[
    ("taskgroup", "asyncio.TaskGroup()"),
    ("gather", "asyncio.gather(*tasks)"),
];
const CONSUME_CHOICES: &[(&str, &str)] = &[("0.1", "0.1 s"), ("0.2", "0.2 s"), ("0.3", "0.3 s")];
const CALL_CHOICES: &[(&str, &str)] = &[
    ("direct", "time.sleep in the coroutine (blocks the loop)"),
    ("to_thread", "await asyncio.to_thread(...)"),
    ("run_in_executor", "await loop.run_in_executor(POOL, ...)"),
];

const EXECUTOR_CHOICES: &[(&str, &str)] = &[
    ("processes", "ProcessPoolExecutor (a process per worker)"),
    ("threads", "ThreadPoolExecutor (a thread per worker)"),
];

const DURATIONS_HELP: &str = "seconds each task waits, comma-separated; one task per value";

/// The parameters of each simulation, in the order the form shows them.
pub fn fields(kind: SimulationKind) -> &'static [FieldSpec] {
    match kind {
        SimulationKind::WhyAsync => &[
            FieldSpec {
                name: "durations",
                help: "seconds each download waits for the network",
                kind: FieldKind::Durations,
                default: "0.3, 0.3, 0.3",
            },
            FieldSpec {
                name: "mode",
                help: "how main runs the downloads",
                kind: FieldKind::Choice(MODE_CHOICES),
                default: "sequential",
            },
        ],
        SimulationKind::EventLoop => &[
            FieldSpec {
                name: "durations",
                help: DURATIONS_HELP,
                kind: FieldKind::Durations,
                // With any one task blocking, no two timers fall due within a
                // millisecond of each other: CPython's order of those depends on how
                // late its epoll wait returns (0.3, 0.2, 0.1 with B blocking does).
                default: "0.3, 0.2, 0.15",
            },
            FieldSpec {
                name: "blocking",
                help: "a task that calls time.sleep() instead of await asyncio.sleep()",
                kind: FieldKind::TaskName,
                default: "none",
            },
        ],
        SimulationKind::Gather => &[
            FieldSpec {
                name: "durations",
                help: DURATIONS_HELP,
                kind: FieldKind::Durations,
                default: "0.3, 0.1, 0.2",
            },
            FieldSpec {
                name: "fail",
                help: "a task that raises ValueError when its wait ends",
                kind: FieldKind::TaskName,
                default: "none",
            },
            FieldSpec {
                name: "return_exceptions",
                help: "return exceptions in the result list instead of raising the first",
                kind: FieldKind::Bool,
                default: "false",
            },
        ],
        SimulationKind::Wait => &[
            FieldSpec {
                name: "durations",
                help: DURATIONS_HELP,
                kind: FieldKind::Durations,
                default: "0.3, 0.1, 0.2",
            },
            FieldSpec {
                name: "return_when",
                help: "when asyncio.wait returns",
                kind: FieldKind::Choice(RETURN_WHEN_CHOICES),
                default: "ALL_COMPLETED",
            },
            FieldSpec {
                name: "timeout",
                help: "seconds to wait at most; empty means None (no limit)",
                kind: FieldKind::OptionalSeconds,
                default: "",
            },
            FieldSpec {
                name: "fail",
                help: "a task that raises ValueError when its wait ends",
                kind: FieldKind::TaskName,
                default: "none",
            },
            FieldSpec {
                name: "cancel_pending",
                help: "call task.cancel() on every pending task after wait returns",
                kind: FieldKind::Bool,
                default: "false",
            },
        ],
        SimulationKind::Threads => &[
            FieldSpec {
                name: "durations",
                help: "seconds of work each thread does, comma-separated",
                kind: FieldKind::Durations,
                // Unequal, so the threads finish in a definite order under the GIL too.
                default: "0.2, 0.3",
            },
            FieldSpec {
                name: "work",
                help: "what each thread's target does for that long",
                kind: FieldKind::Choice(WORK_CHOICES),
                default: "cpu",
            },
            FieldSpec {
                name: "interpreter",
                help: "which CPython runs the program",
                kind: FieldKind::Choice(INTERPRETER_CHOICES),
                default: "gil",
            },
            FieldSpec {
                name: "daemon",
                help: "daemon threads are stopped abruptly when the program exits",
                kind: FieldKind::Bool,
                default: "false",
            },
            FieldSpec {
                name: "join",
                help: "how the main thread waits for its threads",
                kind: FieldKind::Choice(JOIN_CHOICES),
                default: "join",
            },
            FieldSpec {
                name: "timeout",
                help: "seconds for t.join(timeout); used when join is t.join(timeout)",
                kind: FieldKind::OptionalSeconds,
                default: "0.1",
            },
        ],
        SimulationKind::Pool => &[
            FieldSpec {
                name: "durations",
                help: "seconds each submitted call works, comma-separated",
                kind: FieldKind::Durations,
                // Unequal, so no two calls finish at the same moment on two workers:
                // CPython prints lines that come together in either order.
                default: "0.2, 0.3, 0.25, 0.1, 0.15",
            },
            FieldSpec {
                name: "max_workers",
                help: "threads the pool may start; empty means None: min(32, os.cpu_count() + 4)",
                kind: FieldKind::OptionalCount,
                default: "2",
            },
            FieldSpec {
                name: "api",
                help: "how the work is handed to the pool",
                kind: FieldKind::Choice(API_CHOICES),
                default: "submit",
            },
            FieldSpec {
                name: "work",
                help: "what each call does for that long",
                kind: FieldKind::Choice(WORK_CHOICES),
                default: "io",
            },
            FieldSpec {
                name: "interpreter",
                help: "which CPython runs the program",
                kind: FieldKind::Choice(INTERPRETER_CHOICES),
                default: "gil",
            },
            FieldSpec {
                name: "cancel_futures",
                help: "shutdown(cancel_futures=True): drop calls still waiting in the queue",
                kind: FieldKind::Bool,
                default: "false",
            },
        ],
        SimulationKind::SharedState => &[
            FieldSpec {
                name: "threads",
                help: "how many threads update the counter",
                kind: FieldKind::Count { min: 1, max: 64 },
                default: "4",
            },
            FieldSpec {
                name: "rounds",
                help: "how many times each thread adds one",
                kind: FieldKind::Count {
                    min: 1,
                    max: 100_000,
                },
                default: "5",
            },
            FieldSpec {
                name: "update",
                help: "how each thread adds one to the shared counter",
                kind: FieldKind::Choice(UPDATE_CHOICES),
                default: "sleep",
            },
        ],
        SimulationKind::Cancellation => &[
            FieldSpec {
                name: "durations",
                help: DURATIONS_HELP,
                kind: FieldKind::Durations,
                default: "0.1, 0.4, 0.5",
            },
            FieldSpec {
                name: "timeout",
                help: "seconds main waits for all downloads; empty means None (no limit)",
                kind: FieldKind::OptionalSeconds,
                default: "0.3",
            },
            FieldSpec {
                name: "limit",
                help: "how main puts the time limit on its wait",
                kind: FieldKind::Choice(LIMIT_CHOICES),
                default: "wait_for",
            },
            FieldSpec {
                name: "shield",
                help:
                    "wait on asyncio.shield(work): a timeout stops main's wait, not the downloads",
                kind: FieldKind::Bool,
                default: "false",
            },
            FieldSpec {
                name: "fail",
                help: "a download that raises ValueError when its wait ends",
                kind: FieldKind::TaskName,
                default: "none",
            },
            FieldSpec {
                name: "group",
                help: "how download_all runs the downloads",
                kind: FieldKind::Choice(GROUP_CHOICES),
                default: "taskgroup",
            },
        ],
        SimulationKind::ProducersConsumers => &[
            FieldSpec {
                name: "items",
                help: "how many items the producer puts on the queue",
                kind: FieldKind::Count { min: 1, max: 50 },
                default: "10",
            },
            FieldSpec {
                name: "consumers",
                help: "how many consumer tasks share the queue",
                kind: FieldKind::Count { min: 1, max: 8 },
                default: "2",
            },
            FieldSpec {
                name: "maxsize",
                help: "the queue's limit; 0 means no limit",
                kind: FieldKind::Count { min: 0, max: 20 },
                default: "3",
            },
            FieldSpec {
                name: "consume",
                help: "seconds a consumer takes to handle one item",
                kind: FieldKind::Choice(CONSUME_CHOICES),
                default: "0.2",
            },
        ],
        SimulationKind::AsyncioThreads => &[
            FieldSpec {
                name: "durations",
                help: "how long each download takes (A, B, C, ...)",
                kind: FieldKind::Durations,
                default: "0.3, 0.2, 0.4",
            },
            FieldSpec {
                name: "blocking",
                help: "the download made with a blocking call (time.sleep)",
                kind: FieldKind::TaskName,
                default: "B",
            },
            FieldSpec {
                name: "call",
                help: "how the blocking call is made",
                kind: FieldKind::Choice(CALL_CHOICES),
                default: "to_thread",
            },
        ],
        SimulationKind::Processes => &[
            FieldSpec {
                name: "durations",
                help: "seconds each job computes, comma-separated",
                kind: FieldKind::Durations,
                // Unequal, so no two jobs finish within 0.1 s of each other on two
                // workers, whichever starts first; 1.15 s in all, within one process's
                // operation budget with max_workers=1.
                default: "0.4, 0.2, 0.45, 0.1",
            },
            FieldSpec {
                name: "executor",
                help: "which pool runs the jobs",
                kind: FieldKind::Choice(EXECUTOR_CHOICES),
                default: "processes",
            },
            FieldSpec {
                name: "max_workers",
                help: "worker processes (or threads) the pool may start",
                kind: FieldKind::Count { min: 1, max: 4 },
                default: "2",
            },
        ],
    }
}

/// A problem with one parameter, shown next to its control.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The parameter's Python name.
    pub field: &'static str,
    pub message: String,
}

/// A value from the URL that could not be used, and what the panel did instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlNotice(pub String);

/// The text of every parameter of one panel, exactly as entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    pub kind: SimulationKind,
    values: BTreeMap<&'static str, String>,
}

impl Params {
    /// The lesson's starting values.
    pub fn defaults(kind: SimulationKind) -> Self {
        let values = fields(kind)
            .iter()
            .map(|field| (field.name, field.default.to_string()))
            .collect();
        Params { kind, values }
    }

    /// Reads parameters from URL query pairs. Unknown names and unusable values are
    /// dropped in favour of the defaults, each with a notice the panel shows.
    pub fn from_query<'a>(
        kind: SimulationKind,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<UrlNotice>) {
        let mut params = Params::defaults(kind);
        let mut notices = Vec::new();
        for (key, value) in pairs {
            let Some(field) = fields(kind).iter().find(|field| field.name == key) else {
                notices.push(UrlNotice(format!(
                    "The link's parameter {key:?} does not belong to this lesson and was ignored."
                )));
                continue;
            };
            let mut candidate = params.clone();
            candidate.values.insert(field.name, value.to_string());
            match candidate.errors_for(field.name) {
                None => params = candidate,
                Some(error) => notices.push(UrlNotice(format!(
                    "The link's {} was not usable ({}), so the lesson's default {:?} is shown.",
                    field.name, error.message, field.default
                ))),
            }
        }
        (params, notices)
    }

    /// The URL query for these values: every parameter under its Python name.
    pub fn to_query(&self) -> String {
        fields(self.kind)
            .iter()
            .map(|field| {
                let value = self.get(field.name);
                format!("{}={}", field.name, encode_query_value(value))
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    pub fn get(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    /// Sets one parameter's text. Unknown names are ignored: the form only offers known ones.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        if let Some(field) = fields(self.kind).iter().find(|field| field.name == name) {
            self.values.insert(field.name, value.into());
        }
    }

    /// The task names that `durations` currently gives (A, B, C, ...), for the
    /// selects that pick one task.
    pub fn task_names(&self) -> Vec<String> {
        parse_durations(self.get("durations"))
            .map(|durations| (0..durations.len()).map(task_name).collect())
            .unwrap_or_default()
    }

    /// Every field's error, or none: the checks a value passes before it is written
    /// into the program. What the program itself would raise (`max_workers=0`) is left
    /// to the program, which raises it as CPython does.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let has_durations = fields(self.kind).iter().any(|f| f.name == "durations");
        let durations = match parse_durations(self.get("durations")) {
            Ok(durations) => durations,
            Err(_) if !has_durations => Vec::new(),
            Err(message) => {
                errors.push(FieldError {
                    field: "durations",
                    message,
                });
                Vec::new()
            }
        };
        let most = self.kind.most_tasks();
        if durations.len() > most {
            errors.push(FieldError {
                field: "durations",
                message: format!(
                    "this lesson runs at most {most} tasks; give {most} durations or fewer"
                ),
            });
        }
        if durations.iter().any(|&seconds| seconds > MAX_SECONDS) {
            errors.push(FieldError {
                field: "durations",
                message: format!(
                    "each duration is at most {MAX_SECONDS:.0} s here, so a run stays short"
                ),
            });
        }
        let names: Vec<String> = (0..durations.len()).map(task_name).collect();
        for field in fields(self.kind) {
            let value = self.get(field.name).trim();
            let problem = match field.kind {
                FieldKind::Bool if !matches!(value, "true" | "false") => {
                    Some(format!("{value:?} is not one of the choices"))
                }
                FieldKind::Choice(choices) if !choices.iter().any(|(c, _)| *c == value) => {
                    Some(format!("{value:?} is not one of the choices"))
                }
                FieldKind::TaskName
                    if !(value.is_empty()
                        || value == "none"
                        || names.is_empty()
                        || names.iter().any(|name| name == value)) =>
                {
                    Some(format!(
                        "there is no task {value:?}; pick one of {}",
                        names.join(", ")
                    ))
                }
                FieldKind::OptionalSeconds => optional_seconds(field.name, value).err(),
                FieldKind::OptionalCount => optional_count(value).err(),
                FieldKind::Count { min, max } => match value.parse::<i64>() {
                    Ok(n) if (min..=max).contains(&n) => None,
                    _ => Some(format!("give a whole number from {min} to {max}")),
                },
                _ => None,
            };
            if let Some(message) = problem {
                errors.push(FieldError {
                    field: field.name,
                    message,
                });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The first problem with one field, if any: used to vet values from the URL.
    fn errors_for(&self, name: &str) -> Option<FieldError> {
        // Values that only matter together (a task name and the durations) are checked
        // as the whole panel would check them.
        match self.validate() {
            Ok(()) => None,
            Err(errors) => errors.into_iter().find(|error| error.field == name),
        }
    }
}

/// The longest duration or timeout a panel accepts, in seconds.
pub const MAX_SECONDS: f64 = 30.0;

impl SimulationKind {
    /// The most tasks (durations) a panel accepts: threads are fewer than coroutines.
    pub fn most_tasks(self) -> usize {
        match self {
            SimulationKind::Threads | SimulationKind::Pool | SimulationKind::SharedState => 64,
            SimulationKind::Processes => 16,
            _ => 1_000,
        }
    }
}

/// Seconds, or `None` for an empty field; the message says what is wrong.
fn optional_seconds(field: &str, value: &str) -> Result<Option<f64>, String> {
    if value.is_empty() || value == "None" {
        return Ok(None);
    }
    match value.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && (0.0..=MAX_SECONDS).contains(&seconds) => {
            Ok(Some(seconds))
        }
        // asyncio.wait treats a negative timeout as zero, and Thread.join as "do not
        // wait"; the lessons keep to the meaningful range instead.
        Ok(seconds) if seconds.is_finite() && seconds >= 0.0 => Err(format!(
            "{field} is at most {MAX_SECONDS:.0} s here, or empty for None"
        )),
        Ok(seconds) if seconds.is_finite() => Err(format!(
            "{field} must be zero or more seconds, or empty for None"
        )),
        _ => Err(format!("{value:?} is not a number of seconds")),
    }
}

/// A whole number, or `None` for an empty field. Zero and negative counts go through:
/// the program answers them with CPython's own `ValueError`.
fn optional_count(value: &str) -> Result<Option<i64>, String> {
    if value.is_empty() || value == "None" {
        return Ok(None);
    }
    match value.parse::<i64>() {
        Ok(count) if count > 64 => Err("this page starts at most 64 threads".to_string()),
        Ok(count) => Ok(Some(count)),
        Err(_) => Err(format!("{value:?} is not a whole number")),
    }
}

/// What a panel's parameters write into its lesson program
/// (`src/lessons/programs/*.py`, see [`interleave_core::template`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgramValues {
    /// Every choice and checkbox by name, as entered: they pick the program's variant.
    pub choices: Vec<(String, String)>,
    /// Every parameter as the Python literal its `$name` marker becomes.
    pub literals: Vec<(String, Literal)>,
    /// Free-threaded CPython rather than the GIL: the model's option, not the program's.
    pub free_threaded: bool,
}

impl ProgramValues {
    pub fn choices(&self) -> Vec<(&str, &str)> {
        self.choices
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    pub fn literals(&self) -> Vec<(&str, Literal)> {
        self.literals
            .iter()
            .map(|(n, v)| (n.as_str(), v.clone()))
            .collect()
    }
}

/// The file in `src/lessons/programs/` that holds a simulation's program.
pub fn program_file(kind: SimulationKind) -> &'static str {
    match kind {
        SimulationKind::WhyAsync => "why-async.py",
        SimulationKind::EventLoop => "asyncio.py",
        SimulationKind::Gather => "gather.py",
        SimulationKind::Wait => "wait.py",
        SimulationKind::Threads => "threads.py",
        SimulationKind::Pool => "thread-pools.py",
        SimulationKind::SharedState => "shared-state.py",
        SimulationKind::Cancellation => "cancellation.py",
        SimulationKind::ProducersConsumers => "producers-consumers.py",
        SimulationKind::AsyncioThreads => "asyncio-threads.py",
        SimulationKind::Processes => "processes.py",
    }
}

impl Params {
    /// The values these parameters write into the lesson's program, or every field's
    /// error (see [`Params::validate`]).
    pub fn program_values(&self) -> Result<ProgramValues, Vec<FieldError>> {
        self.validate()?;
        let mut values = ProgramValues {
            choices: Vec::new(),
            literals: Vec::new(),
            free_threaded: self.get("interpreter") == "free-threaded",
        };
        for field in fields(self.kind) {
            let text = self.get(field.name).trim();
            let literal = match field.kind {
                FieldKind::Durations => Literal::List(
                    parse_durations(text)
                        .unwrap_or_default()
                        .into_iter()
                        .enumerate()
                        .map(|(i, seconds)| {
                            Literal::Tuple(vec![
                                Literal::Str(task_name(i)),
                                Literal::Float(seconds),
                            ])
                        })
                        .collect(),
                ),
                FieldKind::Bool => {
                    values
                        .choices
                        .push((field.name.to_string(), text.to_string()));
                    Literal::Bool(text == "true")
                }
                FieldKind::Choice(_) => {
                    values
                        .choices
                        .push((field.name.to_string(), text.to_string()));
                    if field.name == "return_when" {
                        Literal::Named {
                            text: format!("asyncio.{text}"),
                            value: Box::new(Literal::Str(text.to_string())),
                        }
                    } else {
                        Literal::Str(text.to_string())
                    }
                }
                FieldKind::TaskName if text.is_empty() || text == "none" => Literal::None,
                FieldKind::TaskName => Literal::Str(text.to_string()),
                FieldKind::OptionalSeconds | FieldKind::OptionalCount
                    if text.is_empty() || text == "None" =>
                {
                    Literal::None
                }
                FieldKind::OptionalSeconds => Literal::Float(text.parse().unwrap_or(0.0)),
                FieldKind::OptionalCount | FieldKind::Count { .. } => {
                    Literal::Int(text.parse().unwrap_or(0))
                }
            };
            values.literals.push((field.name.to_string(), literal));
        }
        Ok(values)
    }
}

/// The name of the task at `index`: A to Z, then T27, T28, ...
pub fn task_name(index: usize) -> String {
    if index < 26 {
        char::from(b'A' + index as u8).to_string()
    } else {
        format!("T{}", index + 1)
    }
}

/// Parses `0.3, 0.1, 0.2` into seconds. Negative values get the message CPython's
/// `time.sleep` gives them.
pub fn parse_durations(text: &str) -> Result<Vec<f64>, String> {
    let parts: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        return Err("give at least one duration in seconds, such as 0.3".to_string());
    }
    parts
        .iter()
        .map(|part| match part.parse::<f64>() {
            // What CPython's time.sleep says (asyncio.sleep would return at once).
            Ok(seconds) if seconds.is_finite() && seconds < 0.0 => {
                Err("ValueError: sleep length must be non-negative".to_string())
            }
            Ok(seconds) if seconds.is_finite() => Ok(seconds),
            _ => Err(format!("{part:?} is not a number of seconds")),
        })
        .collect()
}

/// Percent-encodes what a query value needs (the lessons' values are plain ASCII).
fn encode_query_value(value: &str) -> String {
    let mut encoded = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                encoded.push(byte as char)
            }
            b' ' => {}
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_simulation_lesson_has_valid_defaults() {
        for kind in SimulationKind::ALL {
            let values = Params::defaults(kind).program_values();
            assert!(values.is_ok(), "{kind:?}: {:?}", values.err());
        }
        assert_eq!(simulation_kind("summary"), None);
    }

    #[test]
    fn the_url_round_trips_every_parameter_under_its_python_name() {
        let mut params = Params::defaults(SimulationKind::Gather);
        params.set("durations", "0.3,0.1,0.2");
        params.set("return_exceptions", "true");
        params.set("fail", "B");
        let query = params.to_query();
        assert_eq!(query, "durations=0.3,0.1,0.2&fail=B&return_exceptions=true");
        let pairs: Vec<(&str, &str)> = query
            .split('&')
            .map(|pair| pair.split_once('=').unwrap())
            .collect();
        let (back, notices) = Params::from_query(SimulationKind::Gather, pairs);
        assert_eq!(notices, vec![]);
        assert_eq!(back, params);
    }

    #[test]
    fn bad_or_unknown_url_values_fall_back_to_defaults_with_a_notice() {
        let (params, notices) = Params::from_query(
            SimulationKind::Pool,
            [("max_workers", "lots"), ("colour", "blue"), ("api", "map")],
        );
        assert_eq!(params.get("max_workers"), "2");
        assert_eq!(params.get("api"), "map");
        assert_eq!(notices.len(), 2, "{notices:?}");
        assert!(notices[0].0.contains("max_workers"));
        assert!(notices[1].0.contains("colour"));
    }

    #[test]
    fn max_workers_zero_is_left_to_the_program_and_more_than_64_refused() {
        let mut params = Params::defaults(SimulationKind::Pool);
        params.set("max_workers", "0");
        let values = params.program_values().unwrap();
        assert!(values
            .literals
            .contains(&("max_workers".to_string(), Literal::Int(0))));
        params.set("max_workers", "65");
        let errors = params.validate().unwrap_err();
        assert_eq!(errors[0].field, "max_workers");
    }

    #[test]
    fn durations_that_are_not_numbers_or_negative_are_refused_where_entered() {
        assert_eq!(
            parse_durations("0.3, x"),
            Err("\"x\" is not a number of seconds".to_string())
        );
        assert_eq!(
            parse_durations("-1"),
            Err("ValueError: sleep length must be non-negative".to_string())
        );
        assert!(parse_durations(" , ").is_err());
        assert_eq!(parse_durations("0.3,0.1"), Ok(vec![0.3, 0.1]));
    }

    #[test]
    fn durations_beyond_the_browser_limits_name_the_limit() {
        let mut params = Params::defaults(SimulationKind::Gather);
        params.set("durations", "31");
        let errors = params.validate().unwrap_err();
        assert_eq!(errors[0].field, "durations");
        assert!(errors[0].message.contains("30"), "{}", errors[0].message);
    }

    #[test]
    fn a_task_name_must_exist() {
        let mut params = Params::defaults(SimulationKind::Gather);
        params.set("fail", "Z");
        let errors = params.validate().unwrap_err();
        assert_eq!(errors[0].field, "fail");
    }

    #[test]
    fn the_blocking_task_is_a_literal_of_the_program() {
        let mut params = Params::defaults(SimulationKind::EventLoop);
        params.set("blocking", "B");
        let values = params.program_values().unwrap();
        assert!(values
            .literals
            .contains(&("blocking".to_string(), Literal::Str("B".to_string()))));
        params.set("blocking", "none");
        let values = params.program_values().unwrap();
        assert!(values
            .literals
            .contains(&("blocking".to_string(), Literal::None)));
    }

    #[test]
    fn task_names_run_from_a_to_z_then_number() {
        assert_eq!(task_name(0), "A");
        assert_eq!(task_name(25), "Z");
        assert_eq!(task_name(26), "T27");
    }
}
