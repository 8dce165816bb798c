//! How fast the model is on huge scenarios. Measure natively in release mode:
//! `cargo test --release -p interleave-core speed -- --nocapture`

use interleave_core::model::simulate;
use interleave_core::scenario::*;
use std::time::{Duration, Instant};

const MS: Micros = 1_000;
const TASKS: usize = 10_000;

fn tasks(steps: impl Fn(usize) -> Vec<Step>) -> Vec<TaskSpec> {
    (0..TASKS)
        .map(|index| TaskSpec {
            name: format!("T{index}"),
            steps: steps(index),
            fails: index % 97 == 0,
        })
        .collect()
}

/// Simulates three times and keeps the fastest, to report the model and not the machine.
fn fastest(scenario: &Scenario) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let prediction = simulate(scenario).expect("valid scenario");
            let elapsed = started.elapsed();
            assert!(!prediction.timeline.spans.is_empty());
            elapsed
        })
        .min()
        .unwrap_or_default()
}

/// Generous, so noise cannot fail it: the target is < 50 ms natively in release.
fn budget() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(10)
    } else {
        Duration::from_millis(500)
    }
}

#[test]
fn speed_gather_of_10_000_tasks() {
    let scenario = Scenario {
        tasks: tasks(|index| {
            vec![
                Step::Io((10 + (index % 50) as u64) * MS),
                Step::Cpu(MS / 10),
                Step::Io(5 * MS),
            ]
        }),
        program: Program::Gather(GatherConfig {
            return_exceptions: true,
        }),
    };
    let took = fastest(&scenario);
    println!("speed: gather of {TASKS} tasks simulated in {took:?}");
    assert!(took < budget(), "took {took:?}");
}

#[test]
fn speed_pool_of_10_000_tasks() {
    let scenario = Scenario {
        tasks: tasks(|index| vec![Step::Cpu(MS), Step::Io((1 + (index % 20) as u64) * MS)]),
        program: Program::Pool(PoolConfig {
            max_workers: None,
            api: PoolApi::Submit,
            shutdown: Shutdown {
                wait: true,
                cancel_futures: false,
            },
            interpreter: Interpreter::Gil,
        }),
    };
    let took = fastest(&scenario);
    println!("speed: pool of {TASKS} tasks simulated in {took:?}");
    assert!(took < budget(), "took {took:?}");
}
