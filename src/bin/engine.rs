//! The engine worker: parses, lowers and predicts a learner's own program off the
//! page's thread (the Playground). It carries Python's parser, so the page loads it
//! only when a learner opens the Playground; the lessons never need it.
//!
//! Trunk builds it next to the page with the `playground` feature
//! (`<link data-trunk rel="rust" data-bin="engine" data-type="worker"
//! data-cargo-features="playground" data-loader-shim ...>` in `index.html`) as
//! `engine.js`, `engine_bg.wasm` and `engine_loader.js`, which the page starts as a
//! module worker. The messages are [`interleave::playground::protocol`].

use interleave::playground::protocol::{Request, Response};
use interleave_core::interp::compile::compile_module;
use interleave_core::sim::{predict, LiveDriver, LiveStep, Options};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn post(scope: &web_sys::DedicatedWorkerGlobalScope, response: &Response) {
    if let Ok(bytes) = postcard::to_allocvec(response) {
        let _ = scope.post_message(&js_sys::Uint8Array::from(bytes.as_slice()));
    }
}

fn now_ms(scope: &web_sys::DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Waits until `now_ms` reads `at_ms`: a timer for all but the last few milliseconds
/// (timers fire late, and nested ones are clamped to 4 ms), then a spin on the clock.
async fn wait_until(scope: &web_sys::DedicatedWorkerGlobalScope, at_ms: f64) {
    let early = at_ms - now_ms(scope) - 3.0;
    if early >= 1.0 {
        gloo_timers::future::TimeoutFuture::new(early as u32).await;
    }
    while now_ms(scope) < at_ms {
        std::hint::spin_loop();
    }
}

/// Runs a program for real: the live driver over the worker's clock.
async fn run_live(scope: web_sys::DedicatedWorkerGlobalScope, request: Request, options: Options) {
    let started = now_ms(&scope);
    let code = match compile_module(&request.source, &options.file_name) {
        Ok(code) => code,
        Err(error) => {
            let response = Response::Measured {
                id: request.id,
                result: Box::new(Err(error)),
                ms: 0.0,
                behind_ms: 0.0,
                late_ms: 0.0,
            };
            post(&scope, &response);
            return;
        }
    };
    let mut driver = LiveDriver::new(code, &request.source, options);
    let real_ns = |scope: &web_sys::DedicatedWorkerGlobalScope| {
        ((now_ms(scope) - started) * 1e6).max(0.0) as u64
    };
    loop {
        match driver.step(real_ns(&scope)) {
            LiveStep::Continue => {}
            LiveStep::WaitUntil(at) => wait_until(&scope, started + at as f64 / 1e6).await,
            LiveStep::Done => break,
        }
    }
    let (behind_ms, late_ms) = (driver.behind_ns as f64 / 1e6, driver.late_ns as f64 / 1e6);
    let run = driver.finish();
    let response = Response::Measured {
        id: request.id,
        result: Box::new(Ok(run)),
        ms: now_ms(&scope) - started,
        behind_ms,
        late_ms,
    };
    post(&scope, &response);
}

fn main() {
    console_error_panic_hook::set_once();
    // The bundled modules compiled at build time: an import costs a decode once, not
    // a parse (a fresh live run's worker otherwise spends ~17 ms compiling asyncio).
    let _ = interleave::engine::Engine::load();
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return;
    };
    let replies = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            let Ok(request) = serde_json::from_str::<Request>(&text) else {
                return;
            };
            let performance = replies.performance();
            let started = performance.as_ref().map(|p| p.now()).unwrap_or(0.0);
            let options = Options {
                gil: request.gil,
                cores: request.cores.max(1),
                ..Options::default()
            };
            if request.live {
                wasm_bindgen_futures::spawn_local(run_live(replies.clone(), request, options));
                return;
            }
            let result = predict(&request.source, &options);
            let ms = performance.as_ref().map(|p| p.now()).unwrap_or(0.0) - started;
            post(
                &replies,
                &Response::Predicted {
                    id: request.id,
                    result: Box::new(result),
                    ms,
                },
            );
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its handler: leaking it is the point.
    on_message.forget();
    post(&scope, &Response::Ready);
}
