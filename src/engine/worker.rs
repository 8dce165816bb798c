//! An engine worker's side: it answers [`Request`]s with [`Response`]s, predicting a
//! program on the model's virtual clock or running it for real with the live driver.
//!
//! Two binaries serve with it. `runner` (`src/bin/runner.rs`) runs the lessons'
//! programs, compiled at build time, and carries no parser; the lesson panels start it
//! when a knob changes or a live run starts. `engine` (`src/bin/engine.rs`, built with
//! the `playground` feature) runs a learner's own text too, with Python's parser, and
//! only the Playground starts it.

use super::protocol::{Request, Response, Source};
use super::Engine;
use interleave_core::interp::code::{Code, CompileError};
use interleave_core::sim::{predict_compiled, LiveDriver, LiveStep, Options};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type Scope = web_sys::DedicatedWorkerGlobalScope;

fn post(scope: &Scope, response: &Response) {
    if let Ok(bytes) = postcard::to_allocvec(response) {
        let _ = scope.post_message(&js_sys::Uint8Array::from(bytes.as_slice()));
    }
}

fn now_ms(scope: &Scope) -> f64 {
    scope.performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Waits until `now_ms` reads `at_ms`: a timer for all but the last few milliseconds
/// (timers fire late, and nested ones are clamped to 4 ms), then a spin on the clock.
async fn wait_until(scope: &Scope, at_ms: f64) {
    let early = at_ms - now_ms(scope) - 3.0;
    if early >= 1.0 {
        gloo_timers::future::TimeoutFuture::new(early as u32).await;
    }
    while now_ms(scope) < at_ms {
        std::hint::spin_loop();
    }
}

/// The program a request names: its text and its compiled code.
fn resolve(
    engine: &Engine,
    source: &Source,
    file_name: &str,
) -> Result<(String, Rc<Code>), CompileError> {
    match source {
        Source::Lesson { file, values } => engine.lesson(file, values),
        #[cfg(feature = "playground")]
        Source::Text(text) => interleave_core::interp::compile::compile_module(text, file_name)
            .map(|code| (text.clone(), code)),
        #[cfg(not(feature = "playground"))]
        Source::Text(_) => {
            let _ = file_name;
            Err(CompileError {
                kind: interleave_core::interp::code::CompileErrorKind::Unsupported,
                line: 1,
                col: 1,
                end_line: 1,
                end_col: 1,
                message: "this worker runs the lessons' programs only; the Playground's runs any"
                    .to_string(),
            })
        }
    }
}

/// Runs a program for real: the live driver over the worker's clock.
async fn run_live(scope: Scope, id: u64, text: String, code: Rc<Code>, options: Options) {
    let started = now_ms(&scope);
    let mut driver = LiveDriver::new(code, &text, options);
    let real_ns = |scope: &Scope| ((now_ms(scope) - started) * 1e6).max(0.0) as u64;
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
        id,
        text,
        result: Box::new(Ok(run)),
        ms: now_ms(&scope) - started,
        behind_ms,
        late_ms,
    };
    post(&scope, &response);
}

fn answer(scope: &Scope, engine: &Engine, request: Request) {
    let started = now_ms(scope);
    let options = Options {
        gil: request.gil,
        cores: request.cores.max(1),
        // `time.time()` and `time.strftime("%X")` say what they would on this
        // device now, in its zone, as CPython run here would.
        wall_clock: Some(wall_clock()),
        ..Options::default()
    };
    let (text, code) = match resolve(engine, &request.source, &options.file_name) {
        Ok(program) => program,
        Err(error) => {
            let text = match request.source {
                Source::Text(text) => text,
                Source::Lesson { .. } => String::new(),
            };
            let result = Box::new(Err(error));
            let ms = now_ms(scope) - started;
            let id = request.id;
            post(
                scope,
                &if request.live {
                    Response::Measured {
                        id,
                        text,
                        result,
                        ms,
                        behind_ms: 0.0,
                        late_ms: 0.0,
                    }
                } else {
                    Response::Predicted {
                        id,
                        text,
                        result,
                        ms,
                    }
                },
            );
            return;
        }
    };
    if request.live {
        wasm_bindgen_futures::spawn_local(run_live(scope.clone(), request.id, text, code, options));
        return;
    }
    let run = predict_compiled(code, &text, &options);
    post(
        scope,
        &Response::Predicted {
            id: request.id,
            text,
            result: Box::new(Ok(run)),
            ms: now_ms(scope) - started,
        },
    );
}

/// The worker's `main`: installs the precompiled modules, then answers every request.
pub fn serve() {
    console_error_panic_hook::set_once();
    let Ok(scope) = js_sys::global().dyn_into::<Scope>() else {
        return;
    };
    // The bundled modules compiled at build time: an import costs a decode once, not
    // a parse (a fresh worker otherwise spends ~17 ms compiling asyncio).
    let engine = match Engine::load() {
        Ok(engine) => Rc::new(engine),
        Err(message) => {
            // Nothing can run: say so in the console, where the page's fault handler
            // (the worker's error event) is not reached by a returned value.
            web_sys::console::error_1(&JsValue::from_str(&message));
            return;
        }
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
            answer(&replies, &engine, request);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its handler: leaking it is the point.
    on_message.forget();
    post(&scope, &Response::Ready);
}

/// This device's clock and time zone, now.
fn wall_clock() -> interleave_core::sim::WallClock {
    let now = js_sys::Date::new_0();
    interleave_core::sim::WallClock {
        epoch_s: now.get_time() / 1000.0,
        // JavaScript counts minutes west of UTC; Python's offset is seconds east.
        utc_offset_s: -(now.get_timezone_offset() as i64) * 60,
    }
}
