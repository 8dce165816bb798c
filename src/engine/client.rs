//! An engine worker from the page's side: started as a module worker through Trunk's
//! loader shim, sent JSON [`Request`]s, answering postcard [`Response`]s. Dropping it
//! terminates the worker, and with it every timer of the run inside.

use super::protocol::{Request, Response};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The lessons' worker (no parser).
pub const RUNNER: &str = "runner_loader.js";
/// The Playground's worker (with Python's parser).
pub const ENGINE: &str = "engine_loader.js";

/// Resolves a file Trunk wrote next to the page's own script. Trunk preloads that script
/// (`<link rel="modulepreload">`), whose address says where the build was published;
/// without it, the site's root. (Not the document's address: a deep link such as
/// `/gather/more` would put the file in the wrong folder.)
pub fn absolute_url(relative: &str) -> Result<String, String> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| "workers can only be started from the page".to_string())?;
    let published = document
        .query_selector(r#"link[rel="modulepreload"]"#)
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href"));
    let origin = document
        .location()
        .and_then(|location| location.origin().ok())
        .unwrap_or_default();
    let root = format!("{origin}/");
    let base = match published {
        Some(href) => web_sys::Url::new_with_base(&href, &root)
            .map(|url| url.href())
            .unwrap_or(root),
        None => root,
    };
    web_sys::Url::new_with_base(relative, &base)
        .map(|url| url.href())
        .map_err(|_| format!("cannot resolve {relative}"))
}

/// A prediction still computing after this long when a newer one is asked for is
/// abandoned: its worker is stopped and a fresh one started (a program may compute
/// for seconds before the operation budget stops it).
pub const ABANDON_MS: f64 = 1_000.0;

/// The page's clock, in milliseconds.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Whether the page is hidden now (browsers slow the timers of hidden tabs).
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// The engine worker, from the page's side. Dropping it terminates the worker.
pub struct EngineWorker {
    worker: web_sys::Worker,
    ready: Rc<Cell<bool>>,
    /// The latest request sent before the worker was ready: only it matters.
    waiting: Rc<RefCell<Option<String>>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl EngineWorker {
    pub fn start(
        script: &str,
        on_response: impl Fn(Response) + 'static,
        on_fault: impl Fn(String) + 'static,
    ) -> Result<EngineWorker, String> {
        let on_fault = Rc::new(on_fault);
        let url = absolute_url(script)?;
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&url, &options)
            .map_err(|_| "this browser could not start the interpreter's Web Worker".to_string())?;
        let ready = Rc::new(Cell::new(false));
        let waiting = Rc::new(RefCell::new(None::<String>));
        let on_message = {
            let on_fault = on_fault.clone();
            let ready = ready.clone();
            let waiting = waiting.clone();
            let worker = worker.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
                match postcard::from_bytes::<Response>(&bytes) {
                    Ok(Response::Ready) => {
                        ready.set(true);
                        if let Some(request) = waiting.borrow_mut().take() {
                            let _ = worker.post_message(&JsValue::from_str(&request));
                        }
                    }
                    Ok(response) => on_response(response),
                    Err(error) => {
                        on_fault(format!("the engine sent an unreadable answer: {error}"))
                    }
                }
            })
        };
        let on_error =
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
                event.prevent_default();
                on_fault(format!(
                    "the engine stopped: {}",
                    if event.message().is_empty() {
                        "its code could not be loaded".to_string()
                    } else {
                        event.message()
                    }
                ));
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(EngineWorker {
            worker,
            ready,
            waiting,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    pub fn send(&self, request: &Request) {
        let Ok(text) = serde_json::to_string(request) else {
            return;
        };
        if self.ready.get() {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        } else {
            *self.waiting.borrow_mut() = Some(text);
        }
    }
}

impl Drop for EngineWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
