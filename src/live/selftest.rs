//! A test hook for the end-to-end tests: run a scenario live from JavaScript.
//!
//! The end-to-end tests drive the release build in Chromium and must check that threads
//! really run in Web Workers and that none outlive their run. Until a panel starts runs
//! from the page, they call these exports through Trunk's `window.wasmBindings`. They
//! take and return JSON so the tests need no knowledge of Rust types. Nothing in the app
//! calls them.

use super::host::worker_start_times;
use super::{live_worker_count, LiveOptions, LiveRun};
use interleave_core::model;
use interleave_core::scenario::Scenario;
use interleave_core::timeline::SpanState;
use serde_json::json;
use wasm_bindgen::prelude::*;

fn parse(scenario_json: &str) -> Result<Scenario, JsValue> {
    serde_json::from_str(scenario_json).map_err(|error| JsValue::from_str(&error.to_string()))
}

/// Runs a scenario to its end and resolves with `{ timeline, finished, distorted,
/// model_output, model_end, workers_after, start_times_ms, cores }` as JSON, or rejects
/// with the error.
#[wasm_bindgen(js_name = interleave_live_selftest)]
pub async fn selftest(scenario_json: String) -> Result<String, JsValue> {
    let scenario = parse(&scenario_json)?;
    let options = LiveOptions::from_browser();
    let run = LiveRun::start(&scenario, options)
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    let snapshot = run.finished().await;
    drop(run);
    let model = model::simulate_with(
        &scenario,
        &model::ModelOptions {
            cpu_count: options.cores,
        },
    )
    .map(|prediction| prediction.timeline)
    .unwrap_or_default();
    let model_output: Vec<&str> = model.printed_lines();
    Ok(json!({
        "timeline": snapshot.timeline,
        "finished": snapshot.finished,
        "distorted": snapshot.distorted,
        "model_output": model_output,
        "model_end": model.end,
        "workers_after": live_worker_count(),
        "start_times_ms": worker_start_times(),
        "cores": options.cores,
    })
    .to_string())
}

/// Starts a scenario, waits until something runs (at most 10 s: a busy machine may take
/// a while to start workers), stops it `after_ms` milliseconds later, and resolves with
/// `{ workers_during, workers_after, finished, timeline }` as JSON.
#[wasm_bindgen(js_name = interleave_live_selftest_stop)]
pub async fn selftest_stop(scenario_json: String, after_ms: u32) -> Result<String, JsValue> {
    let scenario = parse(&scenario_json)?;
    let run = LiveRun::start(&scenario, LiveOptions::from_browser())
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    for _ in 0..1_000 {
        let running = run
            .snapshot()
            .timeline
            .spans
            .iter()
            .any(|span| span.state == SpanState::Running);
        if running {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    gloo_timers::future::TimeoutFuture::new(after_ms).await;
    let workers_during = live_worker_count();
    run.stop();
    let snapshot = run.snapshot();
    Ok(json!({
        "workers_during": workers_during,
        "workers_after": live_worker_count(),
        "finished": snapshot.finished,
        "timeline": snapshot.timeline,
    })
    .to_string())
}
