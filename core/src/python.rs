//! Renders a [`Scenario`] as the complete Python 3.11 program it stands for.
//!
//! The program uses the standard library only and is written for a learner: one shared
//! `job` function, the tasks as a `JOBS` table, and a `main` that differs per
//! [`Program`]. Every line it prints is spelled exactly as [`crate::pyfmt`] spells it, so
//! the model's predicted output can be compared with CPython's character for character.
//!
//! With [`RenderOptions::record_trace`] the program also records when each step of each
//! task started and ended and, at exit, writes them as Chrome trace JSON to the file named
//! by the `INTERLEAVE_TRACE` environment variable (or to stderr). Standard output is
//! unchanged, so a traced run prints exactly what an untraced one prints.

use crate::pyfmt;
use crate::scenario::{
    Interpreter, Join, PoolApi, PoolConfig, Program, ReturnWhen, Scenario, Shutdown, Step,
    TaskSpec, ThreadsConfig, WaitConfig,
};
use std::fmt::Write;

/// How to render a program.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Add the step recorder and the Chrome trace writer.
    pub record_trace: bool,
}

/// Which flavour of `job` a program uses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum JobFlavour {
    Coroutine,
    Function,
    Thread,
    PoolItem,
}

/// Renders the whole program.
pub fn render(scenario: &Scenario, options: &RenderOptions) -> String {
    let trace = options.record_trace;
    let mut out = String::new();
    let (docstring, flavour) = match &scenario.program {
        Program::Sequential => (
            "Plain function calls, one after another.",
            JobFlavour::Function,
        ),
        Program::Tasks => (
            "Tasks on one asyncio event loop, awaited one by one.",
            JobFlavour::Coroutine,
        ),
        Program::Gather(_) => (
            "Tasks on one asyncio event loop, awaited with gather.",
            JobFlavour::Coroutine,
        ),
        Program::Wait(_) => (
            "Tasks on one asyncio event loop, awaited with wait.",
            JobFlavour::Coroutine,
        ),
        Program::AsCompleted => (
            "Tasks on one asyncio event loop, taken as they complete.",
            JobFlavour::Coroutine,
        ),
        Program::Threads(_) => ("One thread per job.", JobFlavour::Thread),
        Program::Pool(_) => (
            "Jobs handed to a pool of worker threads.",
            JobFlavour::PoolItem,
        ),
    };
    let _ = writeln!(out, "\"\"\"{docstring}\"\"\"");
    if let Some(note) = interpreter_note(&scenario.program) {
        let _ = writeln!(out, "# {note}");
    }
    render_imports(&mut out, &scenario.program, trace);
    out.push_str("\nSTART = time.perf_counter()\n\n");
    render_jobs(&mut out, &scenario.tasks);
    out.push_str(SPIN);
    if trace {
        render_trace_support(&mut out, flavour);
    }
    if matches!(flavour, JobFlavour::Thread | JobFlavour::PoolItem) {
        out.push_str(SAY);
    }
    if flavour == JobFlavour::Thread {
        out.push_str(
            "\nPIDS = []  # os.getpid() as seen by each thread\n\
             IDENTS = []  # threading.get_ident() of each thread\n",
        );
    }
    render_job(&mut out, flavour, trace);
    out.push('\n');
    let before_main = out.len();
    match &scenario.program {
        Program::Sequential => render_sequential_main(&mut out),
        Program::Tasks => render_asyncio_main(&mut out, TASKS_BODY, false),
        Program::Gather(config) => render_asyncio_main(
            &mut out,
            if config.return_exceptions {
                GATHER_RETURN_EXCEPTIONS_BODY
            } else {
                GATHER_BODY
            },
            false,
        ),
        Program::Wait(config) => {
            render_asyncio_main(&mut out, &wait_body(config), config.pass_coroutines)
        }
        Program::AsCompleted => render_asyncio_main(&mut out, AS_COMPLETED_BODY, false),
        Program::Threads(config) => render_threads_main(&mut out, config),
        Program::Pool(config) => render_pool_main(&mut out, config, trace),
    }
    if matches!(flavour, JobFlavour::Thread | JobFlavour::PoolItem) {
        let main = out.split_off(before_main).replace("print(", "say(");
        out.push_str(&main);
    }
    out
}

fn interpreter_note(program: &Program) -> Option<&'static str> {
    let interpreter = match program {
        Program::Threads(ThreadsConfig { interpreter, .. }) => interpreter,
        Program::Pool(PoolConfig { interpreter, .. }) => interpreter,
        _ => return None,
    };
    match interpreter {
        Interpreter::Gil => None,
        Interpreter::FreeThreaded { .. } => Some(
            "Run with a free-threaded build (python3.13t or later) to compute on several cores at once.",
        ),
    }
}

fn render_imports(out: &mut String, program: &Program, trace: bool) {
    let mut imports: Vec<&str> = vec!["import time"];
    if program.is_asyncio() {
        imports.push("import asyncio");
    }
    if matches!(program, Program::Threads(_)) {
        imports.push("import os");
        imports.push("import threading");
    }
    if trace {
        imports.extend(["import atexit", "import json", "import os", "import sys"]);
    }
    imports.sort_unstable();
    imports.dedup();
    for line in imports {
        let _ = writeln!(out, "{line}");
    }
    if matches!(program, Program::Pool(_)) {
        out.push_str("from concurrent.futures import CancelledError, ThreadPoolExecutor\n");
    }
}

fn python_str(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render_jobs(out: &mut String, tasks: &[TaskSpec]) {
    out.push_str("# Each job: (name, steps, fail). A step is (kind, seconds), where kind is\n");
    out.push_str(
        "# \"cpu\" (computing), \"io\" (waiting for I/O) or \"block\" (a blocking call).\n",
    );
    out.push_str("JOBS = [\n");
    for task in tasks {
        let steps: Vec<String> = task
            .steps
            .iter()
            .map(|step| {
                let (kind, seconds) = match step {
                    Step::Cpu(d) => ("cpu", *d),
                    Step::Io(d) => ("io", *d),
                    Step::BlockingIo(d) => ("block", *d),
                };
                format!("(\"{kind}\", {})", pyfmt::seconds(seconds))
            })
            .collect();
        let fail = if task.fails { "True" } else { "False" };
        let _ = writeln!(
            out,
            "    ({}, [{}], {fail}),",
            python_str(&task.name),
            steps.join(", ")
        );
    }
    out.push_str("]\n");
}

const SAY: &str = r#"

def say(text):
    # print() writes the text and the newline separately, so another thread
    # could print in between; a single write keeps every line whole.
    print(text + "\n", end="")
"#;

const SPIN: &str = r#"

def spin(seconds):
    # Count this thread's own CPU time: a thread waiting for the GIL is not
    # computing, and wall-clock time would count its wait as work.
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
"#;

fn render_trace_support(out: &mut String, flavour: JobFlavour) {
    let block_state = match flavour {
        JobFlavour::Coroutine => "blocking call",
        JobFlavour::Function | JobFlavour::Thread | JobFlavour::PoolItem => "waiting on I/O",
    };
    let _ = write!(
        out,
        r#"

# --- Tracing: records each step for the timeline; it prints nothing. ---
LANES = {{name: lane for lane, (name, _, _) in enumerate(JOBS, start=1)}}
STATES = {{"cpu": "running", "io": "waiting on I/O", "block": "{block_state}"}}
TRACE = []
SUBMITTED = {{}}


def now_us():
    return (time.perf_counter() - START) * 1e6


def record(name, state, started, step):
    TRACE.append({{"name": name, "ph": "X", "ts": started, "dur": now_us() - started,
                  "pid": 1, "tid": LANES[name], "args": {{"state": state, "step": step}}}})


def write_trace():
    text = json.dumps({{"traceEvents": list(TRACE)}})
    path = os.environ.get("INTERLEAVE_TRACE")
    if path:
        with open(path, "w") as file:
            file.write(text)
    else:
        print(text, file=sys.stderr)


# atexit runs after Python has waited for non-daemon threads.
atexit.register(write_trace)
"#
    );
}

fn render_job(out: &mut String, flavour: JobFlavour, trace: bool) {
    out.push_str("\n\n");
    out.push_str(match flavour {
        JobFlavour::Coroutine => "async def job(name, steps, fail=False):\n",
        JobFlavour::Function | JobFlavour::Thread | JobFlavour::PoolItem => {
            "def job(name, steps, fail=False):\n"
        }
    });
    if flavour == JobFlavour::Thread {
        out.push_str("    PIDS.append(os.getpid())\n    IDENTS.append(threading.get_ident())\n");
    }
    if trace && flavour == JobFlavour::PoolItem {
        out.push_str("    record(name, \"queued in pool\", SUBMITTED[name], None)\n");
    }
    if trace {
        out.push_str("    for step, (kind, seconds) in enumerate(steps):\n");
        out.push_str("        started = now_us()\n");
    } else {
        out.push_str("    for kind, seconds in steps:\n");
    }
    match flavour {
        JobFlavour::Coroutine => out.push_str(
            "        if kind == \"cpu\":\n\
             \x20           spin(seconds)  # computing: nothing else on the loop runs\n\
             \x20       elif kind == \"block\":\n\
             \x20           time.sleep(seconds)  # a blocking call: the whole loop waits\n\
             \x20       else:\n\
             \x20           await asyncio.sleep(seconds)  # waiting for I/O: the loop runs other tasks\n",
        ),
        JobFlavour::Function => out.push_str(
            "        if kind == \"cpu\":\n\
             \x20           spin(seconds)  # computing\n\
             \x20       else:\n\
             \x20           time.sleep(seconds)  # waiting: nothing else happens meanwhile\n",
        ),
        JobFlavour::Thread | JobFlavour::PoolItem => out.push_str(
            "        if kind == \"cpu\":\n\
             \x20           spin(seconds)  # computing: needs the GIL\n\
             \x20       else:\n\
             \x20           time.sleep(seconds)  # waiting: releases the GIL to other threads\n",
        ),
    }
    if trace {
        out.push_str("        record(name, STATES[kind], started, step)\n");
    }
    let print = match flavour {
        JobFlavour::Thread | JobFlavour::PoolItem => "say",
        JobFlavour::Coroutine | JobFlavour::Function => "print",
    };
    let _ = write!(
        out,
        "    if fail:\n\
         \x20       raise ValueError(f\"{{name}} failed\")\n\
         \x20   {print}(f\"{{name}} finished\")\n\
         \x20   return name\n",
    );
}

const ELAPSED: &str = "print(f\"elapsed: {time.perf_counter() - START:.2f}s\")";

fn render_sequential_main(out: &mut String) {
    let _ = write!(
        out,
        r#"
def main():
    for name, steps, fail in JOBS:
        try:
            job(name, steps, fail)
        except ValueError as error:
            print(f"{{name}} raised {{error!r}}")
    {ELAPSED}


main()
"#
    );
}

fn render_asyncio_main(out: &mut String, body: &str, pass_coroutines: bool) {
    let create = if pass_coroutines {
        "    # Bare coroutines, not tasks: Python 3.11 refuses them in asyncio.wait (TypeError).\n\
         \x20   tasks = [job(name, steps, fail) for name, steps, fail in JOBS]\n"
    } else {
        "    # create_task schedules every job now; none runs until main awaits.\n\
         \x20   tasks = [asyncio.create_task(job(name, steps, fail), name=name)\n\
         \x20            for name, steps, fail in JOBS]\n"
    };
    let _ = write!(
        out,
        r#"
async def main():
{create}{body}    {ELAPSED}


asyncio.run(main())
"#
    );
}

const TASKS_BODY: &str = r#"    for task in tasks:
        try:
            result = await task
            print(f"{task.get_name()} returned {result!r}")
        except ValueError as error:
            print(f"{task.get_name()} raised {error!r}")
"#;

const GATHER_BODY: &str = r#"    try:
        results = await asyncio.gather(*tasks)
        print(f"results: {results!r}")
    except ValueError as error:
        print(f"gather raised {error!r}")
        # gather cancelled nothing: the other tasks are still running.
        running = sorted(task.get_name() for task in tasks if not task.done())
        print(f"still running: {running!r}")
        await asyncio.wait(tasks)  # let them finish
"#;

const GATHER_RETURN_EXCEPTIONS_BODY: &str = r#"    # Results come in argument order, exceptions included, whatever finished first.
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print(f"results: {results!r}")
"#;

const AS_COMPLETED_BODY: &str = r#"    for next_done in asyncio.as_completed(tasks):
        try:
            print(f"got {await next_done!r}")
        except ValueError as error:
            print(f"got {error!r}")
"#;

fn wait_body(config: &WaitConfig) -> String {
    let mut arguments = String::from("tasks");
    if let Some(timeout) = config.timeout {
        let _ = write!(arguments, ", timeout={}", pyfmt::seconds(timeout));
    }
    if config.return_when != ReturnWhen::AllCompleted || config.timeout.is_none() {
        let _ = write!(
            arguments,
            ", return_when=asyncio.{}",
            config.return_when.python_name()
        );
    }
    let mut body = String::new();
    let _ = write!(
        body,
        r#"    done, pending = await asyncio.wait({arguments})
    # Sets have no order: sort the names so every run prints the same.
    print(f"done: {{sorted(task.get_name() for task in done)!r}}")
    print(f"pending: {{sorted(task.get_name() for task in pending)!r}}")
    for task in sorted(done, key=lambda task: task.get_name()):
        if task.exception() is not None:
            print(f"{{task.get_name()}} raised {{task.exception()!r}}")
"#
    );
    if config.cancel_pending {
        body.push_str(
            r#"    for task in pending:
        task.cancel()  # only a request: the task stops at its next await
    await asyncio.gather(*pending, return_exceptions=True)
    print(f"cancelled: {sorted(task.get_name() for task in pending if task.cancelled())!r}")
"#,
        );
    } else {
        body.push_str("    # wait cancels nothing; asyncio.run cancels what is still pending when main returns.\n");
    }
    body
}

fn render_threads_main(out: &mut String, config: &ThreadsConfig) {
    let daemon = pyfmt::bool_repr(config.daemon);
    let joins = match config.join {
        Join::All => "    for thread in threads:\n\
                      \x20       thread.join()\n\
                      \x20   print(f\"still alive: {sorted(t.name for t in threads if t.is_alive())!r}\")\n"
            .to_string(),
        Join::Timeout(timeout) => format!(
            "    for thread in threads:\n\
             \x20       thread.join(timeout={})  # gives up waiting; the thread runs on\n\
             \x20   print(f\"still alive: {{sorted(t.name for t in threads if t.is_alive())!r}}\")\n",
            pyfmt::seconds(timeout)
        ),
        Join::None => "    # No join: main goes straight on.\n".to_string(),
    };
    let exit_note = if config.daemon {
        "# At exit Python stops daemon threads abruptly: their remaining work never happens."
    } else {
        "# At exit Python waits for every non-daemon thread to finish."
    };
    let _ = write!(
        out,
        r#"
def main():
    threads = [threading.Thread(target=job, args=(name, steps, fail), name=name, daemon={daemon})
               for name, steps, fail in JOBS]
    print(f"alive before start: {{any(t.is_alive() for t in threads)}}")
    for thread in threads:
        thread.start()
    print(f"alive after start: {{all(t.is_alive() for t in threads)}}")
{joins}    # Threads share one process; each has its own id.
    print(f"same process: {{all(pid == os.getpid() for pid in PIDS)}}")
    print(f"thread ids differ from main: {{threading.get_ident() not in IDENTS}}")
    {ELAPSED}


main()
{exit_note}
"#
    );
}

fn render_pool_main(out: &mut String, config: &PoolConfig, trace: bool) {
    let workers = match config.max_workers {
        Some(n) => format!("max_workers={n}"),
        None => String::new(),
    };
    let default_note = if config.max_workers.is_none() {
        "  # max_workers defaults to min(32, os.cpu_count() + 4)"
    } else {
        ""
    };
    let with_block = config.shutdown
        == Shutdown {
            wait: true,
            cancel_futures: false,
        };
    let submit_note = if trace {
        "    SUBMITTED[name] = now_us()\n"
    } else {
        ""
    };
    let mut body = String::new();
    match config.api {
        PoolApi::Submit => {
            let _ = write!(
                body,
                "futures = []\n\
                 for name, steps, fail in JOBS:\n\
                 {submit_note}    futures.append(pool.submit(job, name, steps, fail))\n"
            );
        }
        PoolApi::Map => {
            if trace {
                body.push_str("for name, _, _ in JOBS:\n    SUBMITTED[name] = now_us()\n");
            }
            body.push_str(
                "# map submits every call now; zip(*JOBS) turns rows into columns.\n\
                 results = pool.map(job, *zip(*JOBS))\n",
            );
        }
    }
    let results = match config.api {
        PoolApi::Submit => {
            "for (name, _, _), future in zip(JOBS, futures):\n\
                            \x20   try:\n\
                            \x20       print(f\"{name} returned {future.result()!r}\")\n\
                            \x20   except ValueError as error:\n\
                            \x20       print(f\"{name} raised {error!r}\")\n\
                            \x20   except CancelledError:\n\
                            \x20       print(f\"{name} cancelled\")\n"
        }
        PoolApi::Map => {
            "try:\n\
                         \x20   for result in results:  # in input order\n\
                         \x20       print(f\"got {result!r}\")\n\
                         except (ValueError, CancelledError) as error:\n\
                         \x20   # Leaving map's iterator early cancels the calls not started yet.\n\
                         \x20   print(f\"map raised {error!r}\")\n"
        }
    };
    let indent = |text: &str, spaces: usize| -> String {
        let pad = " ".repeat(spaces);
        text.lines()
            .map(|line| {
                if line.is_empty() {
                    "\n".to_string()
                } else {
                    format!("{pad}{line}\n")
                }
            })
            .collect()
    };
    out.push_str("\ndef main():\n");
    if with_block {
        let _ = writeln!(
            out,
            "    # Leaving the with block calls pool.shutdown(wait=True).\n    with ThreadPoolExecutor({workers}) as pool:{default_note}"
        );
        out.push_str(&indent(&body, 8));
        out.push_str(&indent(results, 8));
    } else {
        let _ = writeln!(
            out,
            "    pool = ThreadPoolExecutor({workers}){default_note}"
        );
        out.push_str(&indent(&body, 4));
        let _ = writeln!(
            out,
            "    pool.shutdown(wait={}, cancel_futures={})",
            pyfmt::bool_repr(config.shutdown.wait),
            pyfmt::bool_repr(config.shutdown.cancel_futures)
        );
        out.push_str("    print(\"shutdown returned\")\n");
        out.push_str(&indent(results, 4));
    }
    let _ = write!(out, "    {ELAPSED}\n\n\nmain()\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{GatherConfig, Step, TaskSpec};

    fn gather_scenario() -> Scenario {
        Scenario {
            tasks: vec![
                TaskSpec {
                    name: "A".to_string(),
                    steps: vec![Step::Cpu(50_000), Step::Io(100_000)],
                    fails: false,
                },
                TaskSpec {
                    name: "B".to_string(),
                    steps: vec![Step::BlockingIo(1_000_000)],
                    fails: true,
                },
            ],
            program: Program::Gather(GatherConfig {
                return_exceptions: true,
            }),
        }
    }

    #[test]
    fn renders_the_jobs_as_data_and_gather_as_main() {
        let program = render(&gather_scenario(), &RenderOptions::default());
        assert!(program.contains("    (\"A\", [(\"cpu\", 0.05), (\"io\", 0.1)], False),\n"));
        assert!(program.contains("    (\"B\", [(\"block\", 1.0)], True),\n"));
        assert!(program.contains("await asyncio.gather(*tasks, return_exceptions=True)"));
        assert!(program.contains("asyncio.run(main())"));
        assert!(
            !program.contains("TRACE"),
            "an untraced program records nothing"
        );
    }

    #[test]
    fn tracing_adds_a_recorder_that_prints_nothing_to_stdout() {
        let program = render(&gather_scenario(), &RenderOptions { record_trace: true });
        assert!(program.contains("atexit.register(write_trace)"));
        assert!(program.contains("print(text, file=sys.stderr)"));
        assert!(program.contains("INTERLEAVE_TRACE"));
    }
}
