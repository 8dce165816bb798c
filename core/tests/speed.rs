//! How fast the model is on huge scenarios. Measure natively in release mode:
//! `cargo test --release -p interleave-core speed -- --nocapture`

use interleave_core::examples::{big_gather, big_pool};
use interleave_core::model::simulate;
use interleave_core::scenario::Scenario;
use std::time::{Duration, Instant};

const TASKS: usize = 10_000;

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
    let took = fastest(&big_gather(TASKS));
    println!("speed: gather of {TASKS} tasks simulated in {took:?}");
    assert!(took < budget(), "took {took:?}");
}

#[test]
fn speed_pool_of_10_000_tasks() {
    let took = fastest(&big_pool(TASKS));
    println!("speed: pool of {TASKS} tasks simulated in {took:?}");
    assert!(took < budget(), "took {took:?}");
}
