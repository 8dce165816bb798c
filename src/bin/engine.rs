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
use interleave_core::sim::{predict, Options};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn post(scope: &web_sys::DedicatedWorkerGlobalScope, response: &Response) {
    if let Ok(bytes) = postcard::to_allocvec(response) {
        let _ = scope.post_message(&js_sys::Uint8Array::from(bytes.as_slice()));
    }
}

fn main() {
    console_error_panic_hook::set_once();
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
