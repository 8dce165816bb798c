//! The model's behaviour, written as readable specifications: a scenario in, the whole
//! run out as an ASCII chart (one character per 10 ms: `#` running, `~` I/O, `B`
//! blocking, `.` ready, `q` queued, `=` blocked), its marks and its printed lines.

use super::*;
use crate::scenario::*;

const MS: Micros = 1_000;

fn task(name: &str, steps: &[Step]) -> TaskSpec {
    TaskSpec {
        name: name.to_string(),
        steps: steps.to_vec(),
        fails: false,
    }
}

fn failing(name: &str, steps: &[Step]) -> TaskSpec {
    TaskSpec {
        fails: true,
        ..task(name, steps)
    }
}

fn io(ms: u64) -> Step {
    Step::Io(ms * MS)
}
fn cpu(ms: u64) -> Step {
    Step::Cpu(ms * MS)
}
fn block(ms: u64) -> Step {
    Step::BlockingIo(ms * MS)
}

fn gather(return_exceptions: bool) -> Program {
    Program::Gather(GatherConfig { return_exceptions })
}

fn wait(return_when: ReturnWhen, timeout: Option<Micros>, cancel_pending: bool) -> Program {
    Program::Wait(WaitConfig {
        return_when,
        timeout,
        cancel_pending,
        pass_coroutines: false,
    })
}

fn threads(daemon: bool, join: Join, interpreter: Interpreter) -> Program {
    Program::Threads(ThreadsConfig {
        daemon,
        join,
        interpreter,
    })
}

fn pool(max_workers: u32, api: PoolApi, shutdown: Shutdown) -> Program {
    Program::Pool(PoolConfig {
        max_workers: Some(max_workers),
        api,
        shutdown,
        interpreter: Interpreter::Gil,
    })
}

const WITH: Shutdown = Shutdown {
    wait: true,
    cancel_futures: false,
};

fn picture(tasks: Vec<TaskSpec>, program: Program, resolution: Micros) -> String {
    let scenario = Scenario { tasks, program };
    match simulate(&scenario) {
        Ok(prediction) => prediction.timeline.to_ascii(resolution),
        Err(error) => format!("error: {error}"),
    }
}

/// Compares the whole picture; on a difference, prints the actual one to paste.
fn check(tasks: Vec<TaskSpec>, program: Program, expected: &str) {
    check_at(10 * MS, tasks, program, expected);
}

fn check_at(resolution: Micros, tasks: Vec<TaskSpec>, program: Program, expected: &str) {
    let actual = picture(tasks, program, resolution);
    let expected = expected.trim_start_matches('\n');
    assert!(
        actual == expected,
        "\n--- actual ---\n{actual}--- expected ---\n{expected}"
    );
}

/// Plain calls: nothing overlaps, so the run lasts the sum of every step.
#[test]
fn sequential_adds_every_step() {
    check(
        vec![task("A", &[cpu(30), io(50)]), failing("B", &[io(20)])],
        Program::Sequential,
        r"
main |==========
A    |###~~~~~
B    |        ~~
@80ms A: finished
@100ms B: failed ValueError('B failed')
80ms > A finished
100ms > B raised ValueError('B failed')
100ms > elapsed: 0.10s
end: 100ms
",
    );
}

/// Tasks start when main first awaits; their waits overlap even though main awaits them in order.
#[test]
fn tasks_awaited_in_order_overlap_their_io() {
    check(
        vec![task("A", &[io(50)]), task("B", &[io(20), cpu(20)])],
        Program::Tasks,
        r"
main |=====
A    |~~~~~
B    |~~##
@40ms B: finished
@50ms A: finished
40ms > B finished
50ms > A finished
50ms > A returned 'A'
50ms > B returned 'B'
50ms > elapsed: 0.05s
end: 50ms
",
    );
}

/// Waiting overlaps on one loop: gather over I/O lasts as long as the longest task.
#[test]
fn gather_over_io_takes_as_long_as_the_longest() {
    check(
        vec![
            task("A", &[io(50)]),
            task("B", &[io(30)]),
            task("C", &[io(40)]),
        ],
        gather(false),
        r"
main |=====
A    |~~~~~
B    |~~~
C    |~~~~
@30ms B: finished
@40ms C: finished
@50ms main: gather returned results: ['A', 'B', 'C']
@50ms A: finished
30ms > B finished
40ms > C finished
50ms > A finished
50ms > results: ['A', 'B', 'C']
50ms > elapsed: 0.05s
end: 50ms
",
    );
}

/// Computing holds the loop: B waits (ready) while A computes, and A waits for B in turn.
#[test]
fn cpu_in_a_coroutine_holds_the_loop() {
    check(
        vec![task("A", &[cpu(30), io(20)]), task("B", &[io(10), cpu(20)])],
        gather(false),
        r"
main |======
A    |###~~.
B    |...~##
@60ms main: gather returned results: ['A', 'B']
@60ms A: finished
@60ms B: finished
60ms > B finished
60ms > A finished
60ms > results: ['A', 'B']
60ms > elapsed: 0.06s
end: 60ms
",
    );
}

/// time.sleep inside a coroutine blocks the whole loop: B cannot even start.
#[test]
fn blocking_call_stalls_every_task() {
    check(
        vec![task("A", &[block(40)]), task("B", &[io(10)])],
        gather(false),
        r"
main |=====
A    |BBBB
B    |....~
@40ms A: finished
@50ms main: gather returned results: ['A', 'B']
@50ms B: finished
40ms > A finished
50ms > B finished
50ms > results: ['A', 'B']
50ms > elapsed: 0.05s
end: 50ms
",
    );
}

/// gather raises at the first failure, but A and C keep running and finish.
#[test]
fn gather_raises_first_exception_and_cancels_nothing() {
    check(
        vec![
            task("A", &[io(50)]),
            failing("B", &[io(20)]),
            task("C", &[io(30)]),
        ],
        gather(false),
        r"
main |=====
A    |~~~~~
B    |~~
C    |~~~
@20ms main: gather returned gather raised ValueError('B failed')
@20ms B: failed ValueError('B failed')
@30ms C: finished
@50ms A: finished
20ms > gather raised ValueError('B failed')
20ms > still running: ['A', 'C']
30ms > C finished
50ms > A finished
50ms > elapsed: 0.05s
end: 50ms
",
    );
}

/// With return_exceptions=True results are in argument order, exceptions included.
#[test]
fn gather_return_exceptions_keeps_argument_order() {
    check(
        vec![task("A", &[io(50)]), failing("B", &[io(20)])],
        gather(true),
        r"
main |=====
A    |~~~~~
B    |~~
@20ms B: failed ValueError('B failed')
@50ms main: gather returned results: ['A', ValueError('B failed')]
@50ms A: finished
50ms > A finished
50ms > results: ['A', ValueError('B failed')]
50ms > elapsed: 0.05s
end: 50ms
",
    );
}

/// wait returns at the first finish; cancelling then stops A and C at their awaits.
#[test]
fn wait_first_completed_then_cancel_pending() {
    check(
        vec![
            task("A", &[io(50)]),
            task("B", &[io(20)]),
            task("C", &[io(10), io(30)]),
        ],
        wait(ReturnWhen::FirstCompleted, None, true),
        r"
main |==
A    |~~
B    |~~
C    |~~
@20ms main: wait returned done: ['B'] pending: ['A', 'C']
@20ms A: cancelled
@20ms B: finished
@20ms C: cancelled
20ms > B finished
20ms > done: ['B']
20ms > pending: ['A', 'C']
20ms > cancelled: ['A', 'C']
20ms > elapsed: 0.02s
end: 20ms
",
    );
}

/// wait cancels nothing, but asyncio.run cancels what is pending when main returns: A never finishes.
#[test]
fn wait_leaves_pending_tasks_to_asyncio_run() {
    check(
        vec![task("A", &[io(50)]), failing("B", &[io(20)])],
        wait(ReturnWhen::FirstException, None, false),
        r"
main |==
A    |~~
B    |~~
@20ms main: wait returned done: ['B'] pending: ['A']
@20ms A: cancelled
@20ms B: failed ValueError('B failed')
20ms > done: ['B']
20ms > pending: ['A']
20ms > B raised ValueError('B failed')
20ms > elapsed: 0.02s
end: 20ms
",
    );
}

/// A timeout returns what is done by then; asyncio.run cancels B at the end.
#[test]
fn wait_timeout_returns_what_is_done() {
    check(
        vec![task("A", &[io(20)]), task("B", &[io(60)])],
        wait(ReturnWhen::AllCompleted, Some(30 * MS), false),
        r"
main |===
A    |~~
B    |~~~
@20ms A: finished
@30ms main: wait returned done: ['A'] pending: ['B']
@30ms B: cancelled
20ms > A finished
30ms > done: ['A']
30ms > pending: ['B']
30ms > elapsed: 0.03s
end: 30ms
",
    );
}

/// as_completed hands results over in finish order, exceptions included.
#[test]
fn as_completed_yields_in_finish_order() {
    check(
        vec![
            task("A", &[io(50)]),
            task("B", &[io(20)]),
            failing("C", &[io(30)]),
        ],
        Program::AsCompleted,
        r"
main |=====
A    |~~~~~
B    |~~
C    |~~~
@20ms B: finished
@30ms C: failed ValueError('C failed')
@50ms A: finished
20ms > B finished
20ms > got 'B'
30ms > got ValueError('C failed')
50ms > A finished
50ms > got 'A'
50ms > elapsed: 0.05s
end: 50ms
",
    );
}

/// Under the GIL computing threads take turns in 5 ms slices; main waits for its turn too.
#[test]
fn gil_threads_take_turns_every_5_ms() {
    check_at(
        5 * MS,
        vec![task("A", &[cpu(20)]), task("B", &[cpu(20)])],
        threads(false, Join::All, Interpreter::Gil),
        r"
main |.=..==.=
A    |##.#.#
B    | .#.#.##
@30ms A: finished
@35ms main: joined A
@40ms main: joined B
@40ms main: interpreter exit
@40ms B: finished
0ms > alive before start: False
20ms > alive after start: True
30ms > A finished
40ms > B finished
40ms > still alive: []
40ms > same process: True
40ms > thread ids differ from main: True
40ms > elapsed: 0.04s
end: 40ms
",
    );
}

/// Without the GIL two cores compute at once.
#[test]
fn free_threaded_threads_compute_in_parallel() {
    check_at(
        5 * MS,
        vec![task("A", &[cpu(20)]), task("B", &[cpu(20)])],
        threads(false, Join::All, Interpreter::FreeThreaded { cores: 2 }),
        r"
main |.===
A    |####
B    |####
@20ms main: joined A
@20ms main: joined B
@20ms main: interpreter exit
@20ms A: finished
@20ms B: finished
0ms > alive before start: False
5ms > alive after start: True
20ms > B finished
20ms > A finished
20ms > still alive: []
20ms > same process: True
20ms > thread ids differ from main: True
20ms > elapsed: 0.02s
end: 20ms
",
    );
}

/// Sleeping releases the GIL; B then waits one switch interval for A to let go.
#[test]
fn io_threads_overlap_under_the_gil() {
    check(
        vec![task("A", &[io(30), cpu(10)]), task("B", &[io(30)])],
        threads(false, Join::All, Interpreter::Gil),
        r"
main |====
A    |~~~#
B    |~~~.
@35ms B: finished
@40ms main: joined A
@40ms main: joined B
@40ms main: interpreter exit
@40ms A: finished
0ms > alive before start: False
0ms > alive after start: True
35ms > B finished
40ms > A finished
40ms > still alive: []
40ms > same process: True
40ms > thread ids differ from main: True
40ms > elapsed: 0.04s
end: 40ms
",
    );
}

/// join(timeout) gives up on B, and at exit the daemon B is stopped without finishing.
#[test]
fn daemon_threads_are_killed_at_exit() {
    check(
        vec![task("A", &[io(20)]), task("B", &[io(100)])],
        threads(true, Join::Timeout(30 * MS), Interpreter::Gil),
        r"
main |=====
A    |~~
B    |~~~~~
@20ms main: joined A
@20ms A: finished
@50ms main: joined B timed out
@50ms main: interpreter exit
@50ms B: killed
0ms > alive before start: False
0ms > alive after start: True
20ms > A finished
50ms > still alive: ['B']
50ms > same process: True
50ms > thread ids differ from main: True
50ms > elapsed: 0.05s
end: 50ms
",
    );
}

/// Without join, Python still waits for a non-daemon thread at exit; its print comes after elapsed.
#[test]
fn non_daemon_threads_are_joined_at_exit() {
    check(
        vec![task("A", &[io(20)])],
        threads(false, Join::None, Interpreter::Gil),
        r"
main |==
A    |~~
@20ms main: interpreter exit
@20ms A: finished
0ms > alive before start: False
0ms > alive after start: True
0ms > same process: True
0ms > thread ids differ from main: True
0ms > elapsed: 0.00s
20ms > A finished
end: 20ms
",
    );
}

/// Two workers: C waits in the queue until B's worker is free; results print in submission order.
#[test]
fn pool_queue_is_fifo_and_workers_are_reused() {
    check(
        vec![
            task("A", &[io(30)]),
            task("B", &[io(10)]),
            failing("C", &[io(20)]),
        ],
        pool(2, PoolApi::Submit, WITH),
        r"
main |===
A    |~~~
B    |~
C    |q~~
@10ms B: finished
@30ms main: shutdown
@30ms main: interpreter exit
@30ms A: finished
@30ms C: failed ValueError('C failed')
10ms > B finished
30ms > A finished
30ms > A returned 'A'
30ms > B returned 'B'
30ms > C raised ValueError('C failed')
30ms > elapsed: 0.03s
end: 30ms
",
    );
}

/// map re-raises A's exception; leaving its iterator cancels C, which had not started, while B runs on.
#[test]
fn pool_map_stops_at_a_failure_and_cancels_the_queue() {
    check(
        vec![
            failing("A", &[io(20)]),
            task("B", &[io(10)]),
            task("C", &[io(10)]),
        ],
        pool(1, PoolApi::Map, WITH),
        r"
main |===
A    |~~
B    |qq~
C    |qq
@20ms A: failed ValueError('A failed')
@20ms C: cancelled
@30ms main: shutdown
@30ms main: interpreter exit
@30ms B: finished
20ms > map raised ValueError('A failed')
30ms > B finished
30ms > elapsed: 0.03s
end: 30ms
",
    );
}

/// shutdown(wait=False, cancel_futures=True) returns at once and cancels B, still queued.
#[test]
fn pool_shutdown_cancel_futures() {
    check(
        vec![task("A", &[io(20)]), task("B", &[io(10)])],
        pool(
            1,
            PoolApi::Submit,
            Shutdown {
                wait: false,
                cancel_futures: true,
            },
        ),
        r"
main |==
A    |~~
B    |
@0ms main: shutdown
@0ms B: cancelled
@20ms main: interpreter exit
@20ms A: finished
0ms > shutdown returned
20ms > A finished
20ms > A returned 'A'
20ms > B cancelled
20ms > elapsed: 0.02s
end: 20ms
",
    );
}

/// The events a learner steps through carry the scheduler's state at each moment.
#[test]
fn events_show_the_ready_queue_and_the_timers() {
    let scenario = Scenario {
        tasks: vec![task("A", &[io(30)]), task("B", &[cpu(10)])],
        program: gather(false),
    };
    let events = simulate(&scenario).unwrap().events;
    let sleep = events
        .iter()
        .find(|event| event.description == "A awaits asyncio.sleep(0.03)")
        .unwrap();
    assert_eq!(sleep.at, 0);
    assert_eq!(sleep.snapshot.running, ["A"]);
    assert_eq!(sleep.snapshot.ready, ["B"]);
    assert_eq!(sleep.snapshot.timers, [("A".to_string(), 30 * MS)]);
    let returned = events
        .iter()
        .find(|event| event.description == "gather returned ['A', 'B']")
        .unwrap();
    assert_eq!(returned.at, 30 * MS);
    assert_eq!(returned.snapshot.done, ["B", "A"]);
}

/// Under the GIL the snapshot names the holder, and waiting threads are "ready".
#[test]
fn thread_events_name_the_gil_holder() {
    let scenario = Scenario {
        tasks: vec![task("A", &[cpu(30)]), task("B", &[cpu(10)])],
        program: threads(false, Join::All, Interpreter::Gil),
    };
    let events = simulate(&scenario).unwrap().events;
    let computing = events
        .iter()
        .find(|event| event.description == "B computes for 0.01 s")
        .unwrap();
    assert_eq!(computing.snapshot.gil_holder.as_deref(), Some("B"));
    assert!(computing.snapshot.ready.contains(&"A".to_string()));
}

/// Huge scenarios keep snapshots small and say how much was left out.
#[test]
fn snapshots_of_huge_scenarios_are_capped() {
    let tasks: Vec<TaskSpec> = (0..100)
        .map(|index| task(&format!("T{index}"), &[io(10)]))
        .collect();
    let prediction = simulate(&Scenario {
        tasks,
        program: gather(true),
    })
    .unwrap();
    let last_created = prediction
        .events
        .iter()
        .find(|event| event.description == "main creates task T99")
        .unwrap();
    assert_eq!(last_created.snapshot.ready.len(), SNAPSHOT_NAMES + 1);
    assert_eq!(last_created.snapshot.ready.last().unwrap(), "… 68 more");
}
