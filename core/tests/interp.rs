//! The interpreter and the model on programs the differential corpus cannot check
//! against CPython: hostile programs, budgets, deadlocks, refusals, timelines and steps.
//! The corpus itself (`core/tests/programs/`) is checked against python3 by
//! `cli/tests/differential.rs`.

use interleave_core::interp::compile::{compile_module, CompileErrorKind};
use interleave_core::sim::{predict, Options, Run};
use interleave_core::timeline::{LaneKind, SpanState};

fn run(source: &str) -> Run {
    predict(source, &Options::default()).expect("the program compiles")
}

fn run_with(source: &str, options: &Options) -> Run {
    predict(source, options).expect("the program compiles")
}

fn check(source: &str, stdout: &str) {
    let run = run(source);
    assert_eq!(run.stdout, stdout, "stderr: {}", run.stderr);
}

#[test]
fn a_loop_that_never_ends_is_stopped_by_the_operation_budget() {
    let options = Options {
        max_units: 5_000_000,
        ..Options::default()
    };
    for program in [
        "while True:\n    pass\n",
        "import threading\ndef spin():\n    while True:\n        pass\nthreading.Thread(target=spin).start()\n",
        "import asyncio\nasync def main():\n    while True:\n        pass\nasyncio.run(main())\n",
    ] {
        let run = run_with(program, &options);
        let stopped = run.stopped.expect("the run is stopped");
        assert!(stopped.contains("operation budget"), "{stopped}");
        assert_eq!(run.exit_code, 1);
        assert!(run.stderr.contains("operation budget"));
    }
}

#[test]
fn sleeping_for_a_day_stops_at_the_virtual_time_budget() {
    let run = run("import time\nprint('before')\ntime.sleep(86400)\nprint('after')\n");
    assert_eq!(run.stdout, "before\n");
    assert!(run
        .stopped
        .expect("stopped")
        .contains("hour of virtual time"));
}

#[test]
fn printing_a_million_lines_is_capped_with_a_note() {
    let options = Options {
        max_output_lines: 100,
        ..Options::default()
    };
    let run = run_with("for i in range(1_000_000):\n    print(i)\n", &options);
    let lines = run.stdout.lines().count();
    assert!((100..=102).contains(&lines), "{lines} lines kept");
    assert!(run
        .stopped
        .expect("stopped")
        .contains("printed more than 100 lines"));
}

#[test]
fn huge_allocations_raise_memory_error() {
    check(
        "try:\n    x = [0] * 10**9\nexcept MemoryError:\n    print('MemoryError')\n",
        "MemoryError\n",
    );
    check(
        "try:\n    x = 2 ** (10 ** 9)\nexcept MemoryError:\n    print('MemoryError')\n",
        "MemoryError\n",
    );
    check(
        "try:\n    x = list(range(10**9))\nexcept MemoryError:\n    print('MemoryError')\n",
        "MemoryError\n",
    );
}

#[test]
fn freeing_structures_nested_100000_deep_keeps_the_native_stack_shallow() {
    // A linked list of objects and lists, tuples and dicts nested 100,000 deep: freeing
    // each would recurse once per level without the trashcan (value::trash). The run
    // gets a stack of 2 MiB, about what a browser gives a Web Worker's wasm.
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            run("class Node:\n    def __init__(self, value, next):\n        self.value = value\n        self.next = next\n\
head = None\nfor i in range(100_000):\n    head = Node(i, head)\n\
a = []\nfor i in range(100_000):\n    a = [a]\n\
t = ()\nfor i in range(100_000):\n    t = (t,)\n\
d = {}\nfor i in range(100_000):\n    d = {i: d}\n\
print(head.value, len(a), len(t), len(d))\nhead = a = t = d = None\nprint('freed')\n")
        })
        .expect("a thread");
    let run = worker.join().expect("no stack overflow");
    assert_eq!(run.stdout, "99999 1 1 1\nfreed\n");
}

#[test]
fn deeply_nested_containers_raise_recursion_error_instead_of_overflowing() {
    // Debug builds use far bigger stack frames than release ones, so this runs on a
    // stack as large as the command line's; the limits themselves are what is tested.
    let worker = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(deeply_nested_containers_on_a_big_stack)
        .expect("a thread");
    worker.join().expect("no overflow");
}

fn deeply_nested_containers_on_a_big_stack() {
    let run = run(
        "a = []\nfor i in range(3000):\n    a = [a]\nb = []\nfor i in range(3000):\n    b = [b]\n\
try:\n    a == b\nexcept RecursionError as e:\n    print(e)\nprint(len(repr(a)))\n",
    );
    assert_eq!(
        run.stdout,
        "maximum recursion depth exceeded in comparison\n"
    );
    assert!(
        run.stderr.ends_with("RecursionError: maximum recursion depth exceeded while getting the repr of an object\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn endless_recursion_raises_recursion_error_at_cpythons_depth() {
    let run = run("import sys\ndef f(n):\n    return f(n + 1)\nf(0)\n");
    assert_eq!(run.exit_code, 1);
    assert!(
        run.stderr
            .contains("[Previous line repeated 996 more times]"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .ends_with("RecursionError: maximum recursion depth exceeded\n"));
}

#[test]
fn a_deadlock_names_who_waits_for_what() {
    let run = run("import threading, time\n\
a = threading.Lock()\n\
b = threading.Lock()\n\
def one():\n    with a:\n        time.sleep(0.1)\n        with b:\n            pass\n\
def two():\n    with b:\n        time.sleep(0.1)\n        with a:\n            pass\n\
t1 = threading.Thread(target=one)\nt2 = threading.Thread(target=two)\n\
t1.start(); t2.start(); t1.join(); t2.join()\n");
    let message = run.stopped.expect("a deadlock stops the run");
    assert!(message.starts_with("deadlock"), "{message}");
    assert!(
        message.contains("Thread-1 (one) waits at line 7 for a lock held by Thread-2 (two)"),
        "{message}"
    );
    assert!(
        message.contains("Thread-2 (two) waits at line 12 for a lock held by Thread-1 (one)"),
        "{message}"
    );
}

#[test]
fn a_thread_waiting_to_be_notified_is_told_apart_from_one_holding_its_own_lock() {
    let waiting = run("import queue\nq = queue.Queue()\nq.get()\n");
    let message = waiting
        .stopped
        .expect("a get that nothing answers stops the run");
    assert!(
        message.contains("MainThread waits at line 3 to be notified (as in queue.get"),
        "{message}"
    );
    let relocking = run(
        "import threading\nlock = threading.Lock()\nwith lock:\n    with lock:\n        pass\n",
    );
    let message = relocking.stopped.expect("a lock taken twice stops the run");
    assert!(
        message.contains("MainThread waits at line 4 for a lock it holds itself"),
        "{message}"
    );
}

#[test]
fn an_event_loop_with_nothing_to_run_is_a_deadlock_too() {
    let run = run("import asyncio\nasync def main():\n    await asyncio.get_running_loop().create_future()\nasyncio.run(main())\n");
    let message = run.stopped.expect("stopped");
    assert!(
        message.contains("event loop has nothing left to run: Task-1 at line 3 awaits"),
        "{message}"
    );
}

#[test]
fn bracket_errors_are_worded_and_placed_as_cpython_s_tokenizer_does() {
    // (source, line, 1-based column, CPython 3.11's message)
    let cases = [
        ("print('one')\nprint('two'\n", 2, 6, "'(' was never closed"),
        ("s = '''a(\n'''\nprint(s\n", 3, 6, "'(' was never closed"),
        ("x = )\n", 1, 5, "unmatched ')'"),
        (
            "a = {'k': [1, 2}\n",
            1,
            16,
            "closing parenthesis '}' does not match opening parenthesis '['",
        ),
        (
            "x = [1,\n 2)\n",
            2,
            3,
            "closing parenthesis ')' does not match opening parenthesis '[' on line 1",
        ),
    ];
    for (source, line, col, message) in cases {
        let error = compile_module(source, "main.py").expect_err("a syntax error");
        assert_eq!(
            (error.line, error.col, error.message.as_str()),
            (line, col, message),
            "{source:?}"
        );
    }
    // A parse error before the end of the file is the parser's, as in CPython.
    let error = compile_module("x = [1, 2\ny = 3\nz = (4\n", "main.py").expect_err("an error");
    assert_eq!(error.line, 2);
    assert!(!error.message.contains("never closed"), "{}", error.message);
}

#[test]
fn syntax_errors_and_unsupported_constructs_are_values_with_a_line() {
    let error = compile_module("x = 1\nif x\n    pass\n", "main.py").expect_err("a syntax error");
    assert_eq!(error.kind, CompileErrorKind::Syntax);
    assert_eq!(error.line, 2);
    let error = compile_module("x = 1\nmatch x:\n    case 1:\n        pass\n", "main.py")
        .expect_err("refused");
    assert_eq!(error.kind, CompileErrorKind::Unsupported);
    assert_eq!(error.line, 2);
    assert!(
        error
            .message
            .contains("`match` statement is not supported here"),
        "{}",
        error.message
    );
    // An awaited comprehension outside a coroutine is CPython's SyntaxError; an async
    // generator expression is allowed anywhere.
    let error = compile_module("def f(y):\n    return [await x for x in y]\n", "main.py")
        .expect_err("a syntax error");
    assert_eq!(error.kind, CompileErrorKind::Syntax);
    assert_eq!((error.line, error.col), (2, 12));
    assert_eq!(
        error.message,
        "asynchronous comprehension outside of an asynchronous function"
    );
    assert!(compile_module("def f(y):\n    return (await x for x in y)\n", "main.py").is_ok());
    let error = compile_module("x = b'bytes'\n", "main.py").expect_err("refused");
    assert!(error.message.contains("bytes literal"));
    let error = compile_module(
        &format!("x = {}1{}\n", "(".repeat(500), ")".repeat(500)),
        "main.py",
    )
    .expect_err("too deep");
    assert!(error.message.contains("too many nested parentheses"));
}

#[test]
fn a_hand_written_hash_is_refused_as_a_key_rather_than_misread() {
    // CPython's dicts call __hash__ and __eq__ while they probe; these cannot, so a key
    // of such a class stops with a message instead of silently hashing by identity.
    let program = concat!(
        "class P:\n",
        "    def __init__(self, x):\n",
        "        self.x = x\n",
        "    def __eq__(self, other):\n",
        "        return self.x == other.x\n",
        "    def __hash__(self):\n",
        "        return hash(self.x)\n",
        "print(hash(P(3)) == hash(3))\n",
        "print(len({P(1), P(1)}))\n",
    );
    let run = run(program);
    assert_eq!(
        run.stdout, "True\n",
        "hash() calls the class's own __hash__"
    );
    assert!(
        run.stderr.contains("NotImplementedError: this page's interpreter cannot use a 'P' object as a dict key or set member"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_gil_keeps_count_plus_equals_exact_and_a_sleep_zero_race_loses_updates() {
    let counter = "import threading\ncount = 0\ndef work():\n    global count\n    for _ in range(100_000):\n        count += 1\n\
ts = [threading.Thread(target=work) for _ in range(4)]\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint(count)\n";
    check(counter, "400000\n");
    let race = "import threading, time\ncount = 0\ndef work():\n    global count\n    for _ in range(100):\n        v = count\n        time.sleep(0)\n        count = v + 1\n\
ts = [threading.Thread(target=work) for _ in range(4)]\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint(count < 400)\n";
    check(race, "True\n");
}

#[test]
fn free_threaded_cpu_work_runs_in_parallel() {
    let program = "import threading, time\n\
def crunch():\n    total = 0\n    for i in range(200_000):\n        total += i\n\
start = time.perf_counter()\nts = [threading.Thread(target=crunch) for _ in range(2)]\n\
for t in ts: t.start()\nfor t in ts: t.join()\nprint(time.perf_counter() - start)\n";
    let gil: f64 = run(program).stdout.trim().parse().expect("a number");
    let free = Options {
        gil: false,
        ..Options::default()
    };
    let parallel: f64 = run_with(program, &free)
        .stdout
        .trim()
        .parse()
        .expect("a number");
    let speedup = gil / parallel;
    assert!(
        speedup > 1.6 && speedup < 2.2,
        "speedup {speedup} (GIL {gil}, free {parallel})"
    );
}

#[test]
fn a_gather_draws_one_lane_per_task_with_its_states() {
    let run = run("import asyncio\n\
async def download(name, seconds):\n    await asyncio.sleep(seconds)\n    return name\n\
async def main():\n    print(await asyncio.gather(download('A', 0.3), download('B', 0.1)))\n\
asyncio.run(main())\n");
    assert_eq!(run.stdout, "['A', 'B']\n");
    let timeline = &run.timeline;
    let names: Vec<&str> = timeline
        .lanes
        .iter()
        .filter(|l| l.kind == LaneKind::Task)
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(&names[..3], ["Task-1", "Task-2", "Task-3"]);
    // Task-2 (A) sleeps 0.3 s: one long I/O span.
    let a = timeline
        .lanes
        .iter()
        .position(|l| l.name == "Task-2")
        .expect("a lane");
    let io: u64 = timeline
        .lane_spans(a)
        .iter()
        .filter(|s| s.state == SpanState::WaitingIo)
        .map(|s| s.duration())
        .sum();
    assert!((299_000..=301_000).contains(&io), "A waited {io} µs");
    assert!(
        timeline.end >= 300_000 && timeline.end < 302_000,
        "end {}",
        timeline.end
    );
}

#[test]
fn steps_point_at_the_programs_own_lines() {
    let run = run("import threading, time\n\
def worker():\n    time.sleep(0.1)\n    print('worker done')\n\
t = threading.Thread(target=worker)\nt.start()\nprint('main waits')\nt.join()\n");
    assert_eq!(run.stdout, "main waits\nworker done\n");
    let sleep = run
        .steps
        .iter()
        .find(|s| s.description.contains("sleeps 0.1 s"))
        .expect("a step for the sleep");
    let worker_lane = sleep.lane.expect("the step has a lane");
    let at = sleep
        .lanes
        .iter()
        .find(|l| l.lane == worker_lane)
        .expect("the lane");
    assert_eq!(at.line, Some(3));
    let print = run
        .steps
        .iter()
        .find(|s| s.description.contains("prints \"main waits\""))
        .expect("a step for the print");
    let main = print.lanes.iter().find(|l| l.lane == 0).expect("main");
    assert_eq!(main.line, Some(7));
}

#[test]
fn an_uncaught_exception_prints_cpythons_traceback_and_exits_1() {
    let run = run("def f():\n    raise ValueError('bad')\nprint('before')\nf()\n");
    assert_eq!(run.stdout, "before\n");
    assert_eq!(run.exit_code, 1);
    assert_eq!(
        run.stderr,
        "Traceback (most recent call last):\n  File \"main.py\", line 4, in <module>\n    f()\n  File \"main.py\", line 2, in f\n    raise ValueError('bad')\nValueError: bad\n"
    );
}

#[test]
fn queue_lengths_are_a_track_and_steps_show_who_holds_a_lock() {
    let run = run("import threading, queue, time\n\
q = queue.Queue()\n\
lock = threading.Lock()\n\
def consumer():\n    while True:\n        item = q.get()\n        if item is None:\n            break\n        with lock:\n            time.sleep(0.01)\n\
t = threading.Thread(target=consumer)\nt.start()\n\
with lock:\n    for i in range(3):\n        q.put(i)\n    time.sleep(0.05)\n\
q.put(None)\nt.join()\n");
    let counter = run
        .timeline
        .counters
        .iter()
        .find(|c| c.name == "Queue #1 length")
        .expect("a queue track");
    let peak = counter.points.iter().map(|&(_, n)| n).max();
    assert_eq!(peak, Some(3));
    assert_eq!(counter.points.last().map(|&(_, n)| n), Some(0));
    let held = run
        .steps
        .iter()
        .find(|s| {
            s.locks
                .iter()
                .any(|l| l.holder == Some(0) && l.waiters.contains(&1))
        })
        .expect("a step where the consumer waits for main's lock");
    assert!(
        held.queues.iter().any(|q| q.name == "Queue #1"),
        "{:?}",
        held
    );
}

mod fuzz {
    //! Nothing panics on any input: mutated corpus programs and token soup go through
    //! parse, lower and run with small budgets.
    use super::*;
    use proptest::prelude::*;

    fn corpus() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
        let mut programs: Vec<String> = std::fs::read_dir(dir)
            .expect("the corpus")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        programs.sort();
        programs
    }

    fn small() -> Options {
        Options {
            max_units: 300_000,
            max_virtual_ns: 5_000_000_000,
            max_output_lines: 200,
            max_events: 50,
            ..Options::default()
        }
    }

    const TOKENS: &[&str] = &[
        "x",
        "y",
        "f",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        ",",
        ".",
        "=",
        "+",
        "-",
        "*",
        "/",
        "//",
        "%",
        "**",
        "==",
        "<",
        "not",
        "and",
        "or",
        "in",
        "is",
        "lambda",
        "if",
        "else",
        "for",
        "while",
        "def",
        "class",
        "return",
        "yield",
        "await",
        "async",
        "try",
        "except",
        "finally",
        "raise",
        "with",
        "as",
        "import",
        "asyncio",
        "threading",
        "0",
        "1",
        "2.5",
        "10**9",
        "'s'",
        "f'{x}'",
        "None",
        "True",
        "\n",
        "\n    ",
        "print",
        "len",
        "range",
        "del",
        "global",
        "nonlocal",
        "pass",
        "break",
        "continue",
        "*args",
        "**kw",
        "@",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn mutated_corpus_programs_never_panic(
            pick in 0usize..1000,
            edits in proptest::collection::vec((0usize..400, 0usize..6, 0usize..TOKENS.len()), 1..6),
        ) {
            let programs = corpus();
            let mut lines: Vec<String> = programs[pick % programs.len()].lines().map(str::to_string).collect();
            for (at, kind, token) in edits {
                if lines.is_empty() {
                    break;
                }
                let i = at % lines.len();
                match kind {
                    0 => { lines.remove(i); }
                    1 => { let l = lines[i].clone(); lines.insert(i, l); }
                    2 => { let j = (at / 3) % lines.len(); lines.swap(i, j); }
                    3 => { lines[i].push_str(TOKENS[token]); }
                    4 => { let cut = lines[i].len() / 2; lines[i] = lines[i].chars().take(cut).collect(); }
                    _ => { lines[i] = lines[i].replace("(", TOKENS[token]); }
                }
            }
            let source = lines.join("\n");
            let _ = predict(&source, &small());
        }

        #[test]
        fn token_soup_never_panics(tokens in proptest::collection::vec(0usize..TOKENS.len(), 0..60)) {
            let source: String = tokens.iter().map(|&t| TOKENS[t]).collect::<Vec<_>>().join(" ");
            let _ = predict(&source, &small());
        }
    }
}

#[test]
fn the_wall_clock_is_the_hosts_when_given_and_a_fixed_date_otherwise() {
    let program = "import time\nstart = time.time()\ntime.sleep(1.5)\nprint(round(time.time() - start, 1), time.strftime('%Y-%m-%d %H:%M:%S'))\nprint(time.strftime('%H:%M', time.gmtime()), time.localtime()[3])\n";
    // Without the host's clock: 2025-12-01 00:00:00 UTC, every time.
    check(program, "1.5 2025-12-01 00:00:01\n00:00 0\n");
    // 2026-12-01 19:23:39 UTC, on a device an hour and a half east of UTC.
    let options = Options {
        wall_clock: Some(interleave_core::sim::WallClock {
            epoch_s: 1_796_153_019.0,
            utc_offset_s: 5_400,
        }),
        ..Options::default()
    };
    let run = run_with(program, &options);
    assert_eq!(
        run.stdout, "1.5 2026-12-01 20:53:40\n19:23 20\n",
        "{}",
        run.stderr
    );
}

/// Where CPython's library drops a coroutine that never ran (a coroutine function's
/// local, freed when its task's step ends; a thread's target returning one), the
/// warning names that library line, as Debian's python3.11 prints it; the
/// differential corpus cannot compare it, the path being the installation's.
#[test]
fn a_coroutine_never_awaited_in_library_code_is_warned_at_cpythons_library_line() {
    let run = run("import asyncio, threading\n\
async def job():\n    pass\n\
async def main():\n    forgotten = job()\n    print('main ends')\n\
asyncio.run(main())\n\
t = threading.Thread(target=job)\nt.start()\nt.join()\n");
    assert_eq!(run.stdout, "main ends\n");
    assert_eq!(
        run.stderr,
        "/usr/lib/python3.11/asyncio/events.py:80: RuntimeWarning: coroutine 'job' was never awaited\n  \
self._context.run(self._callback, *self._args)\n\
RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n\
/usr/lib/python3.11/threading.py:975: RuntimeWarning: coroutine 'job' was never awaited\n  \
self._target(*self._args, **self._kwargs)\n\
RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n"
    );
    assert_eq!(run.exit_code, 0);
}
