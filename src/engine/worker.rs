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
use interleave_core::sim::{predict_compiled, LiveDriver, Options};
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

/// Runs a program for real: the live driver over the worker's clock, with a worker of
/// its own for every process the program starts ([`super::processes`]).
async fn run_live(
    scope: Scope,
    id: u64,
    text: String,
    code: Rc<Code>,
    options: Options,
    source: Source,
) {
    let started = now_ms(&scope);
    let shared_start = scope
        .performance()
        .map(|p| p.time_origin() + p.now())
        .unwrap_or(0.0);
    let (gil, cores) = (options.gil, options.cores);
    let driver = LiveDriver::new(code, &text, options);
    let (run, behind_ms, late_ms) = super::processes::host(
        scope.clone(),
        driver,
        source,
        gil,
        cores,
        shared_start,
        &text,
    )
    .await;
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

/// A child process of a live run, started by the host worker.
fn run_child(
    scope: &Scope,
    engine: &Engine,
    request: Request,
    start: super::processes::ChildStart,
) {
    let options = options_for(&request);
    match resolve(engine, &request.source, &options.file_name) {
        Ok((text, code)) => wasm_bindgen_futures::spawn_local(super::processes::child(
            scope.clone(),
            code,
            text,
            options,
            start,
        )),
        Err(error) => web_sys::console::error_1(&JsValue::from_str(&error.message)),
    }
}

fn options_for(request: &Request) -> Options {
    Options {
        gil: request.gil,
        cores: request.cores.max(1),
        // `time.time()` and `time.strftime("%X")` say what they would on this
        // device now, in its zone, as CPython run here would.
        wall_clock: Some(wall_clock()),
        ..Options::default()
    }
}

fn answer(scope: &Scope, engine: &Engine, request: Request) {
    let started = now_ms(scope);
    let options = options_for(&request);
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
        let source = request.source.clone();
        wasm_bindgen_futures::spawn_local(run_live(
            scope.clone(),
            request.id,
            text,
            code,
            options,
            source,
        ));
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
                // Bytes come from the host worker of a live run: a child process to
                // start here, or a message for the one running.
                let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
                if let Some((request, start)) = super::processes::take_host_message(&bytes) {
                    run_child(&replies, &engine, request, start);
                }
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
