//! Measurement hooks for the benchmark command (`scripts/bench.sh`, see BENCHMARKS.md).
//!
//! The harness in `bench/` drives the release build in headless Chromium and calls these
//! through Trunk's `window.wasmBindings`. They take and return JSON, so the harness needs
//! no knowledge of Rust types. Nothing in the app calls them; they only time the pieces
//! the app already has: the model ([`interleave_core::model`]), the live runtime
//! ([`crate::live::LiveRun`]) and the Python renderer ([`interleave_core::python`]).

use crate::live::{live_worker_count, worker_start_times, LiveOptions, LiveRun};
use interleave_core::examples::{big_gather, big_pool};
use interleave_core::model::{simulate_with, ModelOptions};
use interleave_core::python::{render, RenderOptions};
use interleave_core::scenario::Scenario;
use serde_json::json;
use wasm_bindgen::prelude::*;

/// `performance.timeOrigin + performance.now()` in milliseconds: the same axis the live
/// runtime's clock uses, so instants taken here line up with its timelines.
fn epoch_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.time_origin() + performance.now())
        .unwrap_or_else(js_sys::Date::now)
}

fn parse(scenario_json: &str) -> Result<Scenario, JsValue> {
    serde_json::from_str(scenario_json).map_err(|error| JsValue::from_str(&error.to_string()))
}

fn time_model(scenario: &Scenario) -> f64 {
    let started = epoch_ms();
    let prediction = simulate_with(scenario, &ModelOptions::default());
    let took = epoch_ms() - started;
    // Keep the result alive so the work cannot be optimised away.
    std::hint::black_box(prediction.map(|p| p.timeline.spans.len()).unwrap_or(0));
    took
}

/// Milliseconds the model takes, in this browser, to simulate a gather of `tasks`
/// coroutines (the scenario of `core/tests/speed.rs`).
#[wasm_bindgen]
pub fn bench_model(tasks: u32) -> f64 {
    time_model(&big_gather(tasks as usize))
}

/// Milliseconds the model takes, in this browser, to simulate a `ThreadPoolExecutor` with
/// `tasks` submitted calls (the pool scenario of `core/tests/speed.rs`).
#[wasm_bindgen]
pub fn bench_model_pool(tasks: u32) -> f64 {
    time_model(&big_pool(tasks as usize))
}

/// The model's timeline for a scenario (as JSON), with `navigator.hardwareConcurrency`
/// as `os.cpu_count()`, like the panel.
#[wasm_bindgen]
pub fn bench_predict(scenario_json: String) -> Result<String, JsValue> {
    let scenario = parse(&scenario_json)?;
    let cores = LiveOptions::from_browser().cores;
    let prediction = simulate_with(&scenario, &ModelOptions { cpu_count: cores })
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    serde_json::to_string(&prediction.timeline).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// The complete CPython program a scenario stands for, as the panel shows it.
#[wasm_bindgen]
pub fn bench_python(scenario_json: String) -> Result<String, JsValue> {
    Ok(render(
        &parse(&scenario_json)?,
        &RenderOptions {
            record_trace: false,
        },
    ))
}

/// Runs a scenario live to its end and resolves with JSON:
/// `{ timeline, finished, distorted, called_ms, resolved_ms, start_times_ms, workers_after }`.
///
/// `called_ms` is taken right before [`LiveRun::start`] and `resolved_ms` right after
/// [`LiveRun::finished`] resolves, both on the runtime's clock axis (epoch milliseconds),
/// so the harness can place the run's time zero (`resolved_ms - timeline.end`) and time
/// how long workers took to get the first step running.
#[wasm_bindgen]
pub async fn bench_live(scenario_json: String) -> Result<String, JsValue> {
    let scenario = parse(&scenario_json)?;
    let called_ms = epoch_ms();
    let run = LiveRun::start(&scenario, LiveOptions::from_browser())
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    let snapshot = run.finished().await;
    let resolved_ms = epoch_ms();
    drop(run);
    Ok(json!({
        "timeline": snapshot.timeline,
        "finished": snapshot.finished,
        "distorted": snapshot.distorted,
        "called_ms": called_ms,
        "resolved_ms": resolved_ms,
        "start_times_ms": worker_start_times(),
        "workers_after": live_worker_count(),
    })
    .to_string())
}
