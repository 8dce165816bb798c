//! Property tests: invariants of the model that must hold for every scenario.

use interleave_core::model::{simulate, Prediction};
use interleave_core::scenario::*;
use interleave_core::timeline::{MarkKind, SpanState};
use proptest::prelude::*;

const MS: Micros = 1_000;

fn step() -> impl Strategy<Value = Step> + Clone {
    (0u8..3, 1u64..=200).prop_map(|(kind, ms)| match kind {
        0 => Step::Cpu(ms * MS),
        1 => Step::Io(ms * MS),
        _ => Step::BlockingIo(ms * MS),
    })
}

fn io_step() -> impl Strategy<Value = Step> + Clone {
    (1u64..=200).prop_map(|ms| Step::Io(ms * MS))
}

fn tasks(
    steps: impl Strategy<Value = Step> + Clone,
    max: usize,
) -> impl Strategy<Value = Vec<TaskSpec>> {
    prop::collection::vec((prop::collection::vec(steps, 0..4), any::<bool>()), 1..max).prop_map(
        |specs| {
            specs
                .into_iter()
                .enumerate()
                .map(|(index, (steps, fails))| TaskSpec {
                    name: format!("T{index}"),
                    steps,
                    fails,
                })
                .collect()
        },
    )
}

fn interpreter() -> impl Strategy<Value = Interpreter> {
    prop_oneof![
        Just(Interpreter::Gil),
        (1u32..4).prop_map(|cores| Interpreter::FreeThreaded { cores })
    ]
}

fn program() -> impl Strategy<Value = Program> {
    prop_oneof![
        Just(Program::Sequential),
        Just(Program::Tasks),
        any::<bool>()
            .prop_map(|return_exceptions| Program::Gather(GatherConfig { return_exceptions })),
        (
            0u8..3,
            prop::option::of(0u64..300),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(
                |(when, timeout, cancel_pending, pass_coroutines)| Program::Wait(WaitConfig {
                    return_when: [
                        ReturnWhen::AllCompleted,
                        ReturnWhen::FirstCompleted,
                        ReturnWhen::FirstException
                    ][when as usize],
                    timeout: timeout.map(|ms| ms * MS),
                    cancel_pending,
                    pass_coroutines,
                })
            ),
        Just(Program::AsCompleted),
        (any::<bool>(), 0u8..3, 0u64..300, interpreter()).prop_map(
            |(daemon, join, ms, interpreter)| {
                Program::Threads(ThreadsConfig {
                    daemon,
                    join: [Join::All, Join::None, Join::Timeout(ms * MS)][join as usize],
                    interpreter,
                })
            }
        ),
        pool_program(interpreter()),
    ]
}

fn pool_program(interpreter: impl Strategy<Value = Interpreter>) -> impl Strategy<Value = Program> {
    (
        prop::option::of(0u32..5),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        interpreter,
    )
        .prop_map(|(max_workers, map, wait, cancel_futures, interpreter)| {
            Program::Pool(PoolConfig {
                max_workers,
                api: if map { PoolApi::Map } else { PoolApi::Submit },
                shutdown: Shutdown {
                    wait,
                    cancel_futures,
                },
                interpreter,
            })
        })
}

/// Spans of one lane never overlap, and nothing lies outside the run.
fn check_well_formed(prediction: &Prediction) -> Result<(), TestCaseError> {
    let timeline = &prediction.timeline;
    for span in &timeline.spans {
        prop_assert!(
            span.start < span.end && span.end <= timeline.end,
            "{span:?}"
        );
    }
    for lane in 0..timeline.lanes.len() {
        let spans = timeline.lane_spans(lane);
        for pair in spans.windows(2) {
            prop_assert!(
                pair[0].end <= pair[1].start,
                "overlap on lane {lane}: {pair:?}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn simulate_never_panics(
        tasks in prop::collection::vec(
            (
                prop_oneof!["[A-Z]{1,3}", ".{0,40}"],
                prop::collection::vec((0u8..3, prop_oneof![0..=limits::MAX_STEP, any::<u64>()]), 0..20),
                any::<bool>(),
            ),
            0..6,
        ),
        program in program(),
    ) {
        let tasks: Vec<TaskSpec> = tasks
            .into_iter()
            .map(|(name, steps, fails)| TaskSpec {
                name,
                steps: steps
                    .into_iter()
                    .map(|(kind, d)| match kind {
                        0 => Step::Cpu(d),
                        1 => Step::Io(d),
                        _ => Step::BlockingIo(d),
                    })
                    .collect(),
                fails,
            })
            .collect();
        let scenario = Scenario { tasks, program };
        if let Ok(prediction) = simulate(&scenario) {
            check_well_formed(&prediction)?;
        }
    }

    #[test]
    fn every_valid_scenario_gives_a_well_formed_timeline(tasks in tasks(step(), 6), program in program()) {
        if let Ok(prediction) = simulate(&Scenario { tasks, program }) {
            check_well_formed(&prediction)?;
        }
    }

    #[test]
    fn under_the_gil_no_two_threads_compute_at_once(
        tasks in tasks(step(), 6),
        program in prop_oneof![
            (any::<bool>(), 0u8..3, 1u64..300).prop_map(|(daemon, join, ms)| Program::Threads(ThreadsConfig {
                daemon,
                join: [Join::All, Join::None, Join::Timeout(ms * MS)][join as usize],
                interpreter: Interpreter::Gil,
            })),
            pool_program(Just(Interpreter::Gil)),
        ],
    ) {
        let Ok(prediction) = simulate(&Scenario { tasks, program }) else { return Ok(()) };
        let mut running: Vec<_> = prediction
            .timeline
            .spans
            .iter()
            .filter(|span| span.state == SpanState::Running)
            .collect();
        running.sort_by_key(|span| span.start);
        for pair in running.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "two threads compute at once: {pair:?}");
        }
    }

    #[test]
    fn the_pool_runs_at_most_max_workers_in_fifo_order(
        tasks in tasks(step(), 10),
        max_workers in 1u32..4,
        map in any::<bool>(),
        interpreter in interpreter(),
    ) {
        let program = Program::Pool(PoolConfig {
            max_workers: Some(max_workers),
            api: if map { PoolApi::Map } else { PoolApi::Submit },
            shutdown: Shutdown { wait: true, cancel_futures: false },
            interpreter,
        });
        let prediction = simulate(&Scenario { tasks, program }).unwrap();
        // A work item is busy from when a worker takes it off the queue until it ends.
        let mut busy: Vec<(Micros, Micros, usize)> = Vec::new();
        let mut picked_up: Vec<(usize, Micros)> = Vec::new();
        for record in prediction.steps.iter().filter(|r| r.state == SpanState::Queued) {
            let end = prediction
                .timeline
                .marks
                .iter()
                .find(|mark| mark.lane == Some(record.lane)
                    && matches!(mark.kind, MarkKind::Finished | MarkKind::Failed))
                .map(|mark| mark.at)
                .unwrap();
            busy.push((record.end, end, record.lane));
            picked_up.push((record.lane, record.end));
        }
        picked_up.sort();
        for pair in picked_up.windows(2) {
            prop_assert!(pair[0].1 <= pair[1].1, "not FIFO: {pair:?}");
        }
        for &(start, _, _) in &busy {
            let at_once = busy.iter().filter(|(s, e, _)| *s <= start && start < *e).count();
            prop_assert!(at_once <= max_workers as usize, "{at_once} items at once at {start}");
        }
    }

    #[test]
    fn gather_over_pure_io_lasts_as_long_as_the_longest_task(
        tasks in tasks(io_step(), 8),
        return_exceptions in any::<bool>(),
    ) {
        let longest = tasks.iter().map(|t| t.steps.iter().map(|s| s.duration()).sum::<Micros>()).max().unwrap_or(0);
        let prediction = simulate(&Scenario { tasks, program: Program::Gather(GatherConfig { return_exceptions }) }).unwrap();
        prop_assert_eq!(prediction.timeline.end, longest);
    }

    #[test]
    fn wait_first_completed_returns_at_the_earliest_finish(tasks in tasks(io_step(), 8)) {
        let earliest = tasks.iter().map(|t| t.steps.iter().map(|s| s.duration()).sum::<Micros>()).min().unwrap();
        let program = Program::Wait(WaitConfig {
            return_when: ReturnWhen::FirstCompleted,
            timeout: None,
            cancel_pending: false,
            pass_coroutines: false,
        });
        let prediction = simulate(&Scenario { tasks, program }).unwrap();
        let returned = prediction.timeline.marks.iter().find(|m| m.kind == MarkKind::WaitReturned).unwrap();
        prop_assert_eq!(returned.at, earliest);
    }

    #[test]
    fn nothing_of_a_task_runs_after_it_is_cancelled(
        tasks in tasks(step(), 8),
        program in prop_oneof![
            (0u8..3, prop::option::of(1u64..300), any::<bool>()).prop_map(|(when, timeout, cancel_pending)| Program::Wait(WaitConfig {
                return_when: [ReturnWhen::AllCompleted, ReturnWhen::FirstCompleted, ReturnWhen::FirstException][when as usize],
                timeout: timeout.map(|ms| ms * MS),
                cancel_pending,
                pass_coroutines: false,
            })),
            pool_program(interpreter()),
        ],
    ) {
        let Ok(prediction) = simulate(&Scenario { tasks, program }) else { return Ok(()) };
        for mark in prediction.timeline.marks.iter().filter(|m| m.kind == MarkKind::Cancelled) {
            let lane = mark.lane.unwrap();
            for span in prediction.timeline.lane_spans(lane) {
                prop_assert!(span.end <= mark.at, "{span:?} after cancel at {}", mark.at);
            }
            for record in prediction.steps.iter().filter(|r| r.lane == lane) {
                prop_assert!(record.end <= mark.at, "{record:?} after cancel at {}", mark.at);
            }
            let printed_after = prediction.timeline.output.iter().any(|line| {
                line.text == format!("{} finished", prediction.timeline.lanes[lane].name)
            });
            prop_assert!(!printed_after, "a cancelled task printed");
        }
    }
}
