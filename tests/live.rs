//! The live driver in the browser: programs run on real timers (`setTimeout` and
//! `performance.now()` in headless Chromium), their computation paced to CPython's
//! calibrated cost, and print what the model predicts. This is the loop the lessons'
//! worker runs (`src/engine/worker.rs`), here on the test page's own thread.
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p interleave --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use interleave_core::interp::compile::compile_module;
use interleave_core::sim::{predict, LiveDriver, LiveStep, Options, Run};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The interpreter's differential corpus: `(file name, source)`.
const CORPUS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/corpus.rs"));

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Runs `source` live, as the worker does: a timer for a wait's bulk, a spin for its
/// last milliseconds. Unlike the worker, it runs on the test page's own thread, which
/// the test runner polls: it yields to the page every 20 ms of computing.
async fn run_live(source: &str) -> (Run, f64) {
    let code = compile_module(source, "main.py").expect("compiles");
    let mut driver = LiveDriver::new(code, source, Options::default());
    let started = now_ms();
    let mut yielded = started;
    loop {
        let real = ((now_ms() - started) * 1e6).max(0.0) as u64;
        match driver.step(real) {
            LiveStep::Continue => {
                if now_ms() - yielded > 20.0 {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    yielded = now_ms();
                }
            }
            LiveStep::WaitUntil(at) => {
                let at_ms = started + at as f64 / 1e6;
                let early = at_ms - now_ms() - 3.0;
                if early >= 1.0 {
                    gloo_timers::future::TimeoutFuture::new(early as u32).await;
                }
                while now_ms() < at_ms {
                    std::hint::spin_loop();
                }
                yielded = now_ms();
            }
            // Another process's worker would answer; this loop runs one process.
            LiveStep::WaitOutside => driver.stop("waits for another process"),
            LiveStep::Done => break,
        }
    }
    let late_ms = driver.late_ns as f64 / 1e6;
    (driver.finish(), late_ms)
}

/// The printed lines of a run, sorted where the model marks lines as tied (CPython
/// does not fix their order either).
fn printed(run: &Run, tied: bool) -> Vec<String> {
    let mut lines: Vec<String> = run.stdout.lines().map(str::to_string).collect();
    if tied {
        lines.sort_unstable();
    }
    lines
}

#[wasm_bindgen_test]
async fn every_corpus_program_prints_live_what_the_model_predicts() {
    assert!(CORPUS.len() >= 100, "{}", CORPUS.len());
    let mut differ = Vec::new();
    let mut ran = 0;
    for (name, source) in CORPUS {
        // Let the test runner's poll in between programs.
        gloo_timers::future::TimeoutFuture::new(0).await;
        let model = predict(source, &Options::default()).expect("the corpus compiles");
        // A live run takes as long as the program: the few that sleep for seconds are
        // left to the native test of the same driver (core/tests/live_driver.rs).
        // Programs that start processes run one worker per process: the end-to-end
        // tests run those (tests/e2e/panel.test.mjs, the processes lesson).
        if model.timeline.end > 1_500_000 || model.stopped.is_some() || name.starts_with("process-")
        {
            continue;
        }
        ran += 1;
        let (live, _) = run_live(source).await;
        let tied = model.timeline.output.iter().any(|line| line.tied);
        if printed(&live, tied) != printed(&model, tied) || live.exit_code != model.exit_code {
            differ.push(format!(
                "{name}\n--- model\n{}--- live\n{}",
                model.stdout, live.stdout
            ));
        }
    }
    assert!(
        ran * 10 >= CORPUS.len() * 8,
        "only {ran} of {} ran live",
        CORPUS.len()
    );
    assert!(
        differ.is_empty(),
        "{} of {ran} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[wasm_bindgen_test]
async fn four_threads_counting_under_a_lock_end_with_the_right_total() {
    let source = r#"import threading

count = 0
lock = threading.Lock()


def work():
    global count
    for _ in range(20_000):
        with lock:
            count += 1


threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(count)
"#;
    let (live, _) = run_live(source).await;
    assert_eq!(live.stdout, "80000\n");
    assert_eq!(live.exit_code, 0);
}

#[wasm_bindgen_test]
async fn a_read_sleep_write_race_loses_updates_live_as_the_model_predicts() {
    let source = r#"import threading
import time

count = 0


def work():
    global count
    for _ in range(5):
        seen = count
        time.sleep(0)
        count = seen + 1


threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(count)
"#;
    let model = predict(source, &Options::default()).unwrap();
    let lost: u32 = model.stdout.trim().parse().unwrap();
    assert!(
        lost < 20,
        "the model predicts lost updates: {}",
        model.stdout
    );
    let (live, _) = run_live(source).await;
    assert_eq!(live.stdout, model.stdout);
}

#[wasm_bindgen_test]
async fn sleeps_take_real_time_and_the_timeline_is_in_real_time() {
    let source = "import asyncio\n\nasync def main():\n    await asyncio.gather(asyncio.sleep(0.2), asyncio.sleep(0.1))\n    print('done')\n\nasyncio.run(main())\n";
    let started = now_ms();
    let (live, late_ms) = run_live(source).await;
    let took = now_ms() - started;
    assert_eq!(live.stdout, "done\n");
    assert!((195.0..1_000.0).contains(&took), "took {took} ms");
    assert!(live.timeline.end >= 200_000, "{}", live.timeline.end);
    assert!(late_ms < 200.0, "timers were {late_ms} ms late in all");
}
