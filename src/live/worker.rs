//! The code that runs inside each Web Worker, and the messages it exchanges with the page.
//!
//! A worker stands for one Python thread. It does not know about scenarios, the GIL or
//! the timeline: the page's coordinator ([`super::threads`], [`super::pool`]) tells it
//! to compute for so long or to sleep for so long, and the worker answers with when it
//! really started and ended, on the shared clock of [`super::clock::epoch_ms`]. Keeping
//! the worker this small keeps every scheduling decision on the page, in one place.
//!
//! The messages are JSON strings: a handful per step, small, and readable in the
//! browser's developer tools.

use super::clock::{compute_for, epoch_ms, timeout_ms};
use interleave_core::scenario::Micros;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the page asks a worker to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    /// Compute for this long, holding a core: one slice of a CPU-bound step.
    Compute { micros: Micros },
    /// Sleep for this long without computing: `time.sleep` in a thread.
    Sleep { micros: Micros },
    /// Crash on purpose, so tests can check that the page survives a dead worker.
    Crash,
}

/// What a worker tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "ev", rename_all = "snake_case")]
pub enum Report {
    /// The worker's wasm is instantiated and it listens for commands; `at` is when, and
    /// `origin` is the worker's own `self.origin`: the same as the page's for a thread
    /// of the same "process" (the page), which the threading program prints.
    Ready { at: f64, origin: String },
    /// The last command is done: when it really started and ended, in epoch milliseconds.
    Done { start: f64, end: f64 },
    /// The worker could not start (posted by the loader script, not by Rust).
    Failed { message: String },
}

thread_local! {
    static LISTENING: Cell<bool> = const { Cell::new(false) };
}

fn post(scope: &web_sys::DedicatedWorkerGlobalScope, report: Report) {
    if let Ok(text) = serde_json::to_string(&report) {
        let _ = scope.post_message(&JsValue::from_str(&text));
    }
}

/// The worker's entry point: listen for commands and tell the page it is ready.
///
/// The worker binary (`src/bin/worker.rs`) calls it from `main`; a worker that
/// instantiates another build of this crate (the browser tests) calls the export. A
/// second call does nothing. Outside a worker it does nothing either.
#[wasm_bindgen(js_name = interleave_live_worker_main)]
pub fn worker_main() {
    if LISTENING.with(|listening| listening.replace(true)) {
        return;
    }
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return;
    };
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            let Ok(command) = serde_json::from_str::<Command>(&text) else {
                return;
            };
            match command {
                Command::Compute { micros } => {
                    let (start, end) = compute_for(micros);
                    post(&reply_to, Report::Done { start, end });
                }
                Command::Sleep { micros } => {
                    let scope = reply_to.clone();
                    let start = epoch_ms();
                    wasm_bindgen_futures::spawn_local(async move {
                        gloo_timers::future::TimeoutFuture::new(timeout_ms(micros)).await;
                        post(
                            &scope,
                            Report::Done {
                                start,
                                end: epoch_ms(),
                            },
                        );
                    });
                }
                Command::Crash => {
                    // An uncaught JavaScript error ends this script's turn and reaches the
                    // page as the worker's `error` event, like any real crash would.
                    wasm_bindgen::throw_str("the worker was asked to crash");
                }
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its handler: leaking it is the point.
    on_message.forget();
    post(
        &scope,
        Report::Ready {
            at: epoch_ms(),
            origin: scope.origin(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_small_readable_json() {
        let text = serde_json::to_string(&Command::Compute { micros: 5_000 }).unwrap();
        assert_eq!(text, r#"{"op":"compute","micros":5000}"#);
        let report: Report =
            serde_json::from_str(r#"{"ev":"done","start":1.5,"end":2.5}"#).unwrap();
        assert_eq!(
            report,
            Report::Done {
                start: 1.5,
                end: 2.5
            }
        );
    }
}
