//! Browser tests of the live runtime: real scenarios run in headless Chromium and timed.
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p interleave --target wasm32-unknown-unknown --test live`.
//!
//! Timing assertions use generous bounds: they check the shape of concurrency (about the
//! longest sleep, about twice as long, about as long), never a speed. The runner serves
//! only this test's own wasm, not Trunk's `worker.js`, so thread tests start their Web
//! Workers from this very test module (`WorkerSource::Module`): every worker instantiates
//! the test's compiled module and calls the same worker entry point the worker binary
//! calls.
#![cfg(target_arch = "wasm32")]

use interleave::live::{
    live_worker_count, prepare_workers, set_worker_source, worker_start_times, LiveOptions,
    LiveRun, WorkerSource,
};
use interleave_core::model::{simulate_with, ModelOptions};
use interleave_core::scenario::{
    GatherConfig, Interpreter, Join, PoolApi, PoolConfig, Program, ReturnWhen, Scenario,
    ScenarioError, Shutdown, Step, TaskSpec, ThreadsConfig, WaitConfig,
};
use interleave_core::timeline::{MarkKind, SpanState, Timeline};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MS: u64 = 1_000;

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

fn scenario(tasks: Vec<TaskSpec>, program: Program) -> Scenario {
    Scenario { tasks, program }
}

fn cores() -> u32 {
    LiveOptions::from_browser().cores
}

/// Points the runtime's workers at this test module (see the module docs).
fn use_test_workers() {
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    set_worker_source(WorkerSource::Module {
        glue_url: format!("{origin}/wasm-bindgen-test.js"),
        module: wasm_bindgen::module(),
    });
}

async fn run_to_end(scenario: &Scenario) -> Timeline {
    let run = LiveRun::start(scenario, LiveOptions::from_browser()).expect("the scenario is valid");
    let snapshot = run.finished().await;
    assert!(snapshot.finished, "the run ended by itself");
    snapshot.timeline
}

fn elapsed_secs(line: &str) -> f64 {
    line.trim_start_matches("elapsed: ")
        .trim_end_matches('s')
        .parse()
        .expect("an elapsed line")
}

/// The live run printed what the model predicts, line for line; the elapsed line is
/// compared as a number, with room for the browser's timers.
fn assert_prints_like_the_model(scenario: &Scenario, live: &Timeline) {
    assert_prints_the_models_lines(scenario, live, false);
}

/// As [`assert_prints_like_the_model`], in any order when `any_order`: for threads
/// that finish equal work at the same instant, whose order CPython does not fix either.
fn assert_prints_the_models_lines(scenario: &Scenario, live: &Timeline, any_order: bool) {
    let options = ModelOptions { cpu_count: cores() };
    let model = simulate_with(scenario, &options)
        .expect("the model accepts it")
        .timeline;
    let mut predicted = model.printed_lines();
    let mut measured = live.printed_lines();
    if any_order {
        predicted.sort();
        measured.sort();
    }
    assert_eq!(
        predicted.len(),
        measured.len(),
        "same number of lines\nmodel: {predicted:#?}\nlive: {measured:#?}"
    );
    for (predicted, measured) in predicted.iter().zip(&measured) {
        if predicted.starts_with("elapsed: ") {
            let (p, m) = (elapsed_secs(predicted), elapsed_secs(measured));
            // A real run cannot beat the model by much (a sleep or a computation lasts at
            // least its duration), but a busy machine can slow it down a lot.
            assert!(
                m >= p * 0.8 - 0.02 && m <= p * 3.0 + 0.2,
                "elapsed {m} s measured against {p} s predicted"
            );
        } else {
            assert_eq!(
                predicted, measured,
                "\nmodel: {predicted:#?}\nlive: {measured:#?}"
            );
        }
    }
    assert_eq!(model.lanes, live.lanes, "the same lanes in the same order");
    assert_eq!(
        endings(&model),
        endings(live),
        "every lane ends the same way (finished, failed, cancelled, killed)"
    );
}

/// How each lane ended, as the marks say.
fn endings(timeline: &Timeline) -> Vec<Vec<MarkKind>> {
    (0..timeline.lanes.len())
        .map(|lane| {
            timeline
                .marks
                .iter()
                .filter(|mark| mark.lane == Some(lane))
                .filter(|mark| {
                    matches!(
                        mark.kind,
                        MarkKind::Finished
                            | MarkKind::Failed
                            | MarkKind::Cancelled
                            | MarkKind::Killed
                    )
                })
                .map(|mark| mark.kind)
                .collect()
        })
        .collect()
}

/// As [`assert_prints_like_the_model`], for scenarios where tasks end at the same
/// instant and the order of their lines is a race.
fn assert_prints_the_same_lines_as_the_model(scenario: &Scenario, live: &Timeline) {
    let options = ModelOptions { cpu_count: cores() };
    let model = simulate_with(scenario, &options)
        .expect("the model accepts it")
        .timeline;
    let without_elapsed = |lines: Vec<&str>| {
        let mut lines: Vec<String> = lines
            .into_iter()
            .filter(|line| !line.starts_with("elapsed: "))
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(
        without_elapsed(model.printed_lines()),
        without_elapsed(live.printed_lines())
    );
    assert_eq!(model.lanes, live.lanes, "the same lanes in the same order");
}

fn mark_at(timeline: &Timeline, kind: MarkKind) -> u64 {
    timeline
        .marks
        .iter()
        .find(|mark| mark.kind == kind)
        .unwrap_or_else(|| panic!("a {kind:?} mark in {:#?}", timeline.marks))
        .at
}

fn finished_at(timeline: &Timeline, lane: usize) -> u64 {
    timeline
        .marks
        .iter()
        .find(|mark| {
            mark.lane == Some(lane) && matches!(mark.kind, MarkKind::Finished | MarkKind::Failed)
        })
        .unwrap_or_else(|| panic!("lane {lane} ended in {:#?}", timeline.marks))
        .at
}

// ----- asyncio on browser futures -----

#[wasm_bindgen_test]
async fn gather_of_sleeps_finishes_near_the_longest_sleep() {
    let scenario = scenario(
        vec![
            task("A", &[Step::Io(100 * MS)]),
            task("B", &[Step::Io(300 * MS)]),
            task("C", &[Step::Io(200 * MS)]),
        ],
        Program::Gather(GatherConfig {
            return_exceptions: false,
        }),
    );
    let timeline = run_to_end(&scenario).await;
    let returned = mark_at(&timeline, MarkKind::GatherReturned);
    assert!(
        (290 * MS..550 * MS).contains(&returned),
        "gather returned at {returned} µs"
    );
    assert_eq!(timeline.output[3].text, "results: ['A', 'B', 'C']");
    assert_prints_like_the_model(&scenario, &timeline);
}

#[wasm_bindgen_test]
async fn wait_first_completed_returns_near_the_shortest_sleep() {
    let scenario = scenario(
        vec![
            task("A", &[Step::Io(500 * MS)]),
            task("B", &[Step::Io(100 * MS)]),
        ],
        Program::Wait(WaitConfig {
            return_when: ReturnWhen::FirstCompleted,
            timeout: None,
            cancel_pending: true,
            pass_coroutines: false,
        }),
    );
    let timeline = run_to_end(&scenario).await;
    let returned = mark_at(&timeline, MarkKind::WaitReturned);
    assert!(
        (95 * MS..350 * MS).contains(&returned),
        "wait returned at {returned} µs"
    );
    // The pending task was cancelled, so the program ends long before A's sleep would.
    assert!(timeline.end < 450 * MS, "ended at {} µs", timeline.end);
    assert!(timeline
        .marks
        .iter()
        .any(|m| m.kind == MarkKind::Cancelled && m.lane == Some(1)));
    assert_prints_like_the_model(&scenario, &timeline);
}

#[wasm_bindgen_test]
async fn a_blocking_call_in_a_coroutine_delays_every_other_task() {
    let scenario = scenario(
        vec![
            task("A", &[Step::BlockingIo(300 * MS)]),
            task("B", &[Step::Io(50 * MS)]),
        ],
        Program::Gather(GatherConfig {
            return_exceptions: false,
        }),
    );
    let timeline = run_to_end(&scenario).await;
    let b_done = finished_at(&timeline, 2);
    assert!(
        b_done >= 295 * MS,
        "B should wait for A's blocking call, ended at {b_done} µs"
    );
    let blocking: u64 = timeline
        .lane_spans(1)
        .iter()
        .filter(|s| s.state == SpanState::Blocking)
        .map(|s| s.duration())
        .sum();
    assert!(
        blocking >= 290 * MS,
        "A is drawn blocking for {blocking} µs"
    );
    let b_waited: u64 = timeline
        .lane_spans(2)
        .iter()
        .filter(|s| s.state == SpanState::Ready)
        .map(|s| s.duration())
        .sum();
    assert!(
        b_waited >= 200 * MS,
        "B is drawn ready-but-waiting for {b_waited} µs"
    );
    assert_prints_like_the_model(&scenario, &timeline);
}

#[wasm_bindgen_test]
async fn every_asyncio_program_prints_what_the_model_predicts() {
    let tasks = vec![
        task("A", &[Step::Io(120 * MS)]),
        failing("B", &[Step::Io(40 * MS)]),
        task("C", &[Step::Cpu(30 * MS), Step::Io(60 * MS)]),
    ];
    let programs = vec![
        Program::Sequential,
        Program::Tasks,
        Program::Gather(GatherConfig {
            return_exceptions: true,
        }),
        Program::Gather(GatherConfig {
            return_exceptions: false,
        }),
        Program::Wait(WaitConfig {
            return_when: ReturnWhen::FirstException,
            timeout: None,
            cancel_pending: false,
            pass_coroutines: false,
        }),
        Program::Wait(WaitConfig {
            return_when: ReturnWhen::AllCompleted,
            timeout: Some(80 * MS),
            cancel_pending: true,
            pass_coroutines: false,
        }),
        Program::AsCompleted,
    ];
    for program in programs {
        let scenario = scenario(tasks.clone(), program);
        let timeline = run_to_end(&scenario).await;
        assert_prints_like_the_model(&scenario, &timeline);
    }
}

/// Programs where things happen at the same instant: the order of the printed lines is
/// decided by asyncio's rounds (a finished task wakes its awaiter one round later,
/// `gather`, `wait` and `as_completed` two rounds later), which the live loop reproduces.
#[wasm_bindgen_test]
async fn equal_instants_print_in_the_order_of_asyncios_rounds() {
    let wait = |return_when, timeout| {
        Program::Wait(WaitConfig {
            return_when,
            timeout,
            cancel_pending: false,
            pass_coroutines: false,
        })
    };
    let gather = |return_exceptions| Program::Gather(GatherConfig { return_exceptions });
    // The asyncio lesson: A and C wake at 0.3 s (C after B's blocking 0.2 s), and both
    // finish before `main`, woken by A, prints anything.
    let lesson = vec![
        task("A", &[Step::Io(300 * MS)]),
        task("B", &[Step::BlockingIo(200 * MS)]),
        task("C", &[Step::Io(100 * MS)]),
    ];
    let twins = vec![
        task("A", &[Step::Io(100 * MS)]),
        failing("B", &[Step::Io(100 * MS)]),
        task("C", &[Step::BlockingIo(50 * MS), Step::Io(50 * MS)]),
    ];
    let cases = vec![
        (lesson.clone(), Program::Tasks),
        (lesson.clone(), gather(false)),
        (lesson.clone(), Program::AsCompleted),
        (lesson, wait(ReturnWhen::FirstCompleted, None)),
        (twins.clone(), Program::Tasks),
        (twins.clone(), gather(false)),
        (twins.clone(), gather(true)),
        (twins.clone(), wait(ReturnWhen::FirstCompleted, None)),
        (twins.clone(), wait(ReturnWhen::FirstException, None)),
        (twins.clone(), Program::AsCompleted),
        // The timeout and A's sleep expire together: `wait` returns first.
        (
            vec![task("A", &[Step::Io(100 * MS)])],
            wait(ReturnWhen::AllCompleted, Some(100 * MS)),
        ),
        (
            vec![
                task("A", &[Step::Cpu(60 * MS), Step::Io(40 * MS)]),
                task("B", &[Step::Io(100 * MS)]),
            ],
            Program::Wait(WaitConfig {
                return_when: ReturnWhen::AllCompleted,
                timeout: Some(100 * MS),
                cancel_pending: true,
                pass_coroutines: false,
            }),
        ),
    ];
    for (tasks, program) in cases {
        let scenario = scenario(tasks, program);
        let timeline = run_to_end(&scenario).await;
        assert_prints_like_the_model(&scenario, &timeline);
    }
}

#[wasm_bindgen_test]
async fn tasks_start_at_once() {
    let scenario = scenario(
        vec![
            task("A", &[Step::Cpu(20 * MS)]),
            task("B", &[Step::Io(20 * MS)]),
        ],
        Program::Gather(GatherConfig {
            return_exceptions: false,
        }),
    );
    let timeline = run_to_end(&scenario).await;
    let first = timeline
        .lane_spans(1)
        .first()
        .map(|span| span.start)
        .expect("A ran");
    assert!(first < 2 * MS, "A started at {first} µs");
}

#[wasm_bindgen_test]
async fn a_refused_scenario_starts_nothing() {
    let scenario = scenario(
        vec![task("A", &[Step::Io(40 * 1_000_000)])],
        Program::Gather(GatherConfig {
            return_exceptions: false,
        }),
    );
    let refused = LiveRun::start(&scenario, LiveOptions::from_browser());
    assert!(matches!(refused, Err(ScenarioError::Limit { ref field, .. }) if field == "durations"));
}

#[wasm_bindgen_test]
async fn stop_freezes_an_asyncio_run() {
    let scenario = scenario(
        vec![task("A", &[Step::Io(300 * MS)])],
        Program::Gather(GatherConfig {
            return_exceptions: false,
        }),
    );
    let run = LiveRun::start(&scenario, LiveOptions::from_browser()).unwrap();
    gloo_timers::future::TimeoutFuture::new(50).await;
    run.stop();
    run.stop();
    let stopped = run.finished().await;
    assert!(!stopped.finished);
    gloo_timers::future::TimeoutFuture::new(350).await;
    // Nothing happened after the stop: A's timer was cancelled with it.
    assert_eq!(run.snapshot().timeline, stopped.timeline);
    assert!(stopped.timeline.output.is_empty());
}

// ----- threads and the pool on Web Workers -----

fn cpu_threads(count: usize, interpreter: Interpreter, duration: u64) -> Scenario {
    let names = ["A", "B", "C", "D"];
    scenario(
        (0..count)
            .map(|i| task(names[i], &[Step::Cpu(duration)]))
            .collect(),
        Program::Threads(ThreadsConfig {
            daemon: false,
            join: Join::All,
            interpreter,
        }),
    )
}

#[wasm_bindgen_test]
async fn two_cpu_bound_threads_take_turns_under_the_gil() {
    use_test_workers();
    let one = run_to_end(&cpu_threads(1, Interpreter::Gil, 200 * MS)).await;
    let scenario = cpu_threads(2, Interpreter::Gil, 200 * MS);
    let two = run_to_end(&scenario).await;
    let ratio = two.end as f64 / one.end as f64;
    assert!(
        (1.6..2.6).contains(&ratio),
        "two threads took {} µs, one took {} µs",
        two.end,
        one.end
    );
    // They waited for the token, and the drawing says so.
    let ready: u64 = two
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Ready)
        .map(|s| s.duration())
        .sum();
    assert!(
        ready >= 100 * MS,
        "threads were ready-but-waiting for {ready} µs"
    );
    // Equal work under the GIL: which thread finishes first is a race, in CPython too.
    assert_prints_the_models_lines(&scenario, &two, true);
    assert_eq!(live_worker_count(), 0, "no worker outlives its run");
    let starts = worker_start_times();
    web_sys::console::log_1(&format!("worker start times (ms): {starts:?}").into());
}

/// The threads lesson's defaults: 0.2 s and 0.3 s of CPU under the GIL take 0.5 s in
/// CPython and in the model. The token goes from worker to worker without waiting for
/// the page, so the live run keeps pace.
#[wasm_bindgen_test]
async fn gil_threads_keep_pace_with_the_model() {
    use_test_workers();
    let scenario = scenario(
        vec![
            task("A", &[Step::Cpu(200 * MS)]),
            task("B", &[Step::Cpu(300 * MS)]),
        ],
        Program::Threads(ThreadsConfig {
            daemon: false,
            join: Join::All,
            interpreter: Interpreter::Gil,
        }),
    );
    let model = simulate_with(&scenario, &ModelOptions { cpu_count: cores() })
        .unwrap()
        .timeline;
    let live = run_to_end(&scenario).await;
    let ratio = live.end as f64 / model.end as f64;
    web_sys::console::log_1(
        &format!(
            "GIL threads: live {} µs, model {} µs (x{ratio:.2})",
            live.end, model.end
        )
        .into(),
    );
    assert!(
        (0.9..1.25).contains(&ratio),
        "live {} µs against {} µs predicted",
        live.end,
        model.end
    );
    // They took turns: each waited for the token about as long as the other computed.
    let ready: u64 = live
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Ready)
        .map(|s| s.duration())
        .sum();
    assert!(ready >= 150 * MS, "ready-but-waiting for {ready} µs");
    assert_prints_like_the_model(&scenario, &live);
    assert_eq!(live_worker_count(), 0);
}

/// A pool under the GIL: its threads hand the token on among themselves too.
#[wasm_bindgen_test]
async fn a_cpu_bound_pool_under_the_gil_prints_like_the_model() {
    use_test_workers();
    let scenario = scenario(
        vec![
            task("A", &[Step::Cpu(40 * MS)]),
            task("B", &[Step::Cpu(60 * MS), Step::Io(30 * MS)]),
            task("C", &[Step::Io(200 * MS)]),
        ],
        Program::Pool(PoolConfig {
            max_workers: Some(2),
            api: PoolApi::Submit,
            shutdown: Shutdown {
                wait: true,
                cancel_futures: false,
            },
            interpreter: Interpreter::Gil,
        }),
    );
    let timeline = run_to_end(&scenario).await;
    assert_prints_like_the_model(&scenario, &timeline);
    assert_eq!(live_worker_count(), 0);
}

#[wasm_bindgen_test]
async fn free_threaded_cpu_bound_threads_run_side_by_side() {
    use_test_workers();
    if cores() < 2 {
        return;
    }
    let interpreter = Interpreter::FreeThreaded { cores: 2 };
    let one = run_to_end(&cpu_threads(1, interpreter, 200 * MS)).await;
    let two = run_to_end(&cpu_threads(2, interpreter, 200 * MS)).await;
    let ratio = two.end as f64 / one.end as f64;
    assert!(
        ratio < 1.5,
        "two threads took {} µs, one took {} µs",
        two.end,
        one.end
    );
    assert_eq!(live_worker_count(), 0);
}

#[wasm_bindgen_test]
async fn a_pool_of_two_runs_four_equal_calls_in_two_rounds() {
    use_test_workers();
    let scenario = scenario(
        ["A", "B", "C", "D"]
            .iter()
            .map(|name| task(name, &[Step::Io(150 * MS)]))
            .collect(),
        Program::Pool(PoolConfig {
            max_workers: Some(2),
            api: PoolApi::Submit,
            shutdown: Shutdown {
                wait: true,
                cancel_futures: false,
            },
            interpreter: Interpreter::Gil,
        }),
    );
    let timeline = run_to_end(&scenario).await;
    assert!(
        (290 * MS..520 * MS).contains(&timeline.end),
        "four 150 ms calls on two workers took {} µs",
        timeline.end
    );
    let queued: u64 = timeline
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Queued)
        .map(|s| s.duration())
        .sum();
    assert!(
        queued >= 250 * MS,
        "C and D waited in the queue for {queued} µs"
    );
    assert_prints_the_same_lines_as_the_model(&scenario, &timeline);
    assert_eq!(live_worker_count(), 0);
}

#[wasm_bindgen_test]
async fn pool_map_with_a_failure_prints_like_the_model() {
    use_test_workers();
    let scenario = scenario(
        vec![
            task("A", &[Step::Io(60 * MS)]),
            failing("B", &[Step::Cpu(20 * MS)]),
            task("C", &[Step::Io(60 * MS)]),
        ],
        Program::Pool(PoolConfig {
            max_workers: Some(1),
            api: PoolApi::Map,
            shutdown: Shutdown {
                wait: false,
                cancel_futures: true,
            },
            interpreter: Interpreter::Gil,
        }),
    );
    let timeline = run_to_end(&scenario).await;
    assert_prints_like_the_model(&scenario, &timeline);
}

#[wasm_bindgen_test]
async fn daemon_threads_are_killed_at_exit_and_their_workers_end() {
    use_test_workers();
    let scenario = scenario(
        vec![
            task("A", &[Step::Io(2_000 * MS)]),
            task("B", &[Step::Cpu(30 * MS)]),
        ],
        Program::Threads(ThreadsConfig {
            daemon: true,
            join: Join::Timeout(100 * MS),
            interpreter: Interpreter::Gil,
        }),
    );
    let timeline = run_to_end(&scenario).await;
    assert!(
        timeline.end < 1_000 * MS,
        "exit did not wait for the daemon thread"
    );
    assert!(timeline
        .marks
        .iter()
        .any(|m| m.kind == MarkKind::Killed && m.lane == Some(1)));
    assert_prints_like_the_model(&scenario, &timeline);
    assert_eq!(live_worker_count(), 0);
}

#[wasm_bindgen_test]
async fn stop_terminates_every_worker() {
    use_test_workers();
    let run = LiveRun::start(
        &cpu_threads(3, Interpreter::Gil, 2_000 * MS),
        LiveOptions::from_browser(),
    )
    .unwrap();
    // Wait until the threads are running.
    for _ in 0..100 {
        if run
            .snapshot()
            .timeline
            .spans
            .iter()
            .any(|s| s.state == SpanState::Running)
        {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    assert_eq!(live_worker_count(), 3);
    run.stop();
    assert_eq!(live_worker_count(), 0);
    let frozen = run.snapshot();
    gloo_timers::future::TimeoutFuture::new(100).await;
    assert_eq!(run.snapshot(), frozen, "no late update after stop");
    drop(run);
    assert_eq!(live_worker_count(), 0);
}

#[wasm_bindgen_test]
async fn a_crashed_worker_fails_its_thread_and_the_run_goes_on() {
    use_test_workers();
    let scenario = scenario(
        vec![
            task("A", &[Step::Cpu(400 * MS)]),
            task("B", &[Step::Io(100 * MS)]),
        ],
        Program::Threads(ThreadsConfig {
            daemon: false,
            join: Join::All,
            // Under the GIL, A computes in 5 ms slices, so its worker reads the crash order
            // between two slices, as a real fault would strike mid-work.
            interpreter: Interpreter::Gil,
        }),
    );
    let run = LiveRun::start(&scenario, LiveOptions::from_browser()).unwrap();
    for _ in 0..100 {
        if run
            .snapshot()
            .timeline
            .spans
            .iter()
            .any(|s| s.state == SpanState::Running)
        {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    assert!(
        run.crash_a_worker_for_tests(0),
        "thread A had a worker to crash"
    );
    let snapshot = run.finished().await;
    assert!(snapshot.finished, "the run still ends");
    let failed = snapshot
        .timeline
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Failed && m.lane == Some(1))
        .unwrap_or_else(|| {
            panic!(
                "A's lane shows the crash: {}",
                snapshot.timeline.to_ascii(10 * MS)
            )
        });
    assert!(
        failed.label.starts_with("RuntimeError("),
        "{}",
        failed.label
    );
    let lines = snapshot.timeline.printed_lines();
    assert!(lines.contains(&"B finished"), "B went on: {lines:?}");
    assert!(!lines.contains(&"A finished"));
    assert!(
        snapshot.timeline.end < 390 * MS,
        "A stopped when its worker crashed"
    );
    assert_eq!(live_worker_count(), 0);
}

#[wasm_bindgen_test]
async fn a_hidden_page_marks_the_run_as_distorted() {
    let scenario = scenario(
        vec![task("A", &[Step::Io(100 * MS)])],
        Program::Gather(GatherConfig {
            return_exceptions: false,
        }),
    );
    let run = LiveRun::start(&scenario, LiveOptions::from_browser()).unwrap();
    assert!(!run.snapshot().distorted);
    // Headless Chromium is never hidden, so the test hides the page the way the browser
    // tells it: `visibilityState` and a `visibilitychange` event.
    let document = web_sys::window().unwrap().document().unwrap();
    let hidden = js_sys::Object::new();
    js_sys::Reflect::set(&hidden, &"value".into(), &"hidden".into()).unwrap();
    js_sys::Reflect::set(&hidden, &"configurable".into(), &true.into()).unwrap();
    js_sys::Object::define_property(&document, &"visibilityState".into(), &hidden);
    document
        .dispatch_event(&web_sys::Event::new("visibilitychange").unwrap())
        .unwrap();
    js_sys::Reflect::delete_property(&document, &"visibilityState".into()).unwrap();
    let snapshot = run.finished().await;
    assert!(snapshot.finished);
    assert!(
        snapshot.distorted,
        "the timings of a hidden page are not to be trusted"
    );
}

#[wasm_bindgen_test]
async fn stop_while_workers_start_leaves_none_behind() {
    use_test_workers();
    let run = LiveRun::start(
        &cpu_threads(4, Interpreter::Gil, 1_000 * MS),
        LiveOptions::from_browser(),
    )
    .unwrap();
    // Let the workers be created, but not finish starting.
    gloo_timers::future::TimeoutFuture::new(1).await;
    run.stop();
    assert_eq!(
        live_worker_count(),
        0,
        "stop terminates workers that are still starting"
    );
    gloo_timers::future::TimeoutFuture::new(300).await;
    assert_eq!(live_worker_count(), 0, "and none appears later");
    assert!(run.snapshot().timeline.spans.is_empty());
}

#[wasm_bindgen_test]
async fn a_thousand_coroutines_run_together_and_snapshots_stay_cheap() {
    let tasks: Vec<TaskSpec> = (0..1_000)
        .map(|i| task(&format!("T{i}"), &[Step::Io(100 * MS)]))
        .collect();
    let scenario = scenario(
        tasks,
        Program::Gather(GatherConfig {
            return_exceptions: false,
        }),
    );
    let run = LiveRun::start(&scenario, LiveOptions::from_browser()).unwrap();
    let snapshot = run.finished().await;
    assert!(snapshot.finished);
    assert!(
        snapshot.timeline.end < 1_500 * MS,
        "a thousand 100 ms sleeps overlap: {} µs",
        snapshot.timeline.end
    );
    assert!(snapshot.timeline.spans.len() >= 1_000);
    // What the panel does on every animation frame: take a snapshot of ~1,000 spans.
    let performance = web_sys::window().unwrap().performance().unwrap();
    let started = performance.now();
    for _ in 0..20 {
        std::hint::black_box(run.snapshot());
    }
    let each = (performance.now() - started) / 20.0;
    assert!(each < 8.0, "a snapshot took {each:.2} ms");
}

#[wasm_bindgen_test]
async fn prepared_workers_start_without_waiting_for_a_compilation() {
    use_test_workers();
    prepare_workers();
    gloo_timers::future::TimeoutFuture::new(100).await;
    let scenario = cpu_threads(1, Interpreter::Gil, 10 * MS);
    run_to_end(&scenario).await;
    let started = *worker_start_times().last().unwrap();
    // Generous: a debug build on a busy machine; the release build's figures are in the
    // end-to-end tests.
    assert!(started < 200.0, "the worker took {started:.1} ms to start");
}
