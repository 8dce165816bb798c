//! The page's side of the Web Workers: where their code comes from, starting them fast,
//! talking to them, and counting them.
//!
//! Starting a worker the naive way makes each one download and compile the same wasm,
//! which costs tens of milliseconds per thread. Instead the page compiles the worker's
//! wasm once (`WebAssembly.compileStreaming`) and posts the compiled
//! `WebAssembly.Module` to every worker it starts; a worker then only instantiates it.
//!
//! Each worker runs a tiny loader script built in a `Blob`: it imports the wasm-bindgen
//! glue, waits for the module in its first message, instantiates it, and calls this
//! crate's worker entry point ([`super::worker::worker_main`]), which answers "ready".
//! The page sends nothing else before that answer: a worker whose wasm has not loaded
//! yet would drop the message.
//!
//! Where the glue and the wasm come from is a [`WorkerSource`]: Trunk's worker build next
//! to the page by default, or any other `web`-target build of this crate, which is how
//! the browser tests (whose runner serves only the test's own wasm) start workers.

use super::clock::epoch_ms;
use super::worker::{Command, Report};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where workers get their code.
#[derive(Clone, Debug)]
pub enum WorkerSource {
    /// Trunk's worker build next to the page: `worker.js` (wasm-bindgen glue for the `web`
    /// target) and `worker_bg.wasm`, resolved against the document's base URL.
    Trunk,
    /// Another `web`-target build of this crate: the absolute URL of its glue script and
    /// its already compiled `WebAssembly.Module`. The browser tests pass their own
    /// (`wasm_bindgen::module()`), so no second build is needed there.
    Module { glue_url: String, module: JsValue },
}

/// Why a worker could not do what it was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerFault {
    pub message: String,
}

impl WorkerFault {
    fn new(message: impl Into<String>) -> Self {
        WorkerFault {
            message: message.into(),
        }
    }
}

thread_local! {
    static SOURCE: RefCell<WorkerSource> = const { RefCell::new(WorkerSource::Trunk) };
    /// What every worker needs, prepared once for the page: a promise of
    /// `[compiled module, loader script URL]`, so workers started while it is being
    /// prepared all wait for the same compilation.
    static PREPARED: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    static ALIVE: Cell<usize> = const { Cell::new(0) };
    static START_TIMES: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    static NEXT_IDENT: Cell<u64> = const { Cell::new(1) };
}

/// Chooses where workers get their code. Call it before starting a run; runs already
/// started keep their workers.
pub fn set_worker_source(source: WorkerSource) {
    SOURCE.with(|slot| *slot.borrow_mut() = source);
    PREPARED.with(|slot| slot.borrow_mut().take());
}

/// Starts compiling the worker's wasm now, in the background, so that the first run
/// with threads does not wait for it: a page about threads can call this when it opens.
/// Calling it again does nothing; a failure is reported by the run that needs workers.
pub fn prepare_workers() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = prepared().await;
    });
}

/// How many of this runtime's Web Workers are alive right now.
pub fn live_worker_count() -> usize {
    ALIVE.with(Cell::get)
}

/// How long each worker took from `new Worker` to "ready", in milliseconds, in the order
/// they started (the first one includes compiling the module). For tests and reports.
pub fn worker_start_times() -> Vec<f64> {
    START_TIMES.with(|times| times.borrow().clone())
}

/// Resolves a file Trunk wrote next to the page's own script. Trunk preloads that script
/// (`<link rel="modulepreload">`), whose address says where the build was published;
/// without it, the site's root. (Not the document's address: a deep link such as
/// `/gather/more` would put the file in the wrong folder.)
pub(crate) fn absolute_url(relative: &str) -> Result<String, WorkerFault> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| WorkerFault::new("workers can only be started from the page"))?;
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
        .map_err(|_| WorkerFault::new(format!("cannot resolve {relative}")))
}

fn window() -> Result<web_sys::Window, WorkerFault> {
    web_sys::window().ok_or_else(|| WorkerFault::new("workers can only be started from the page"))
}

fn js_fault(what: &str, error: &JsValue) -> WorkerFault {
    WorkerFault::new(format!("{what}: {}", describe(error)))
}

fn object_url(text: &str) -> Result<String, WorkerFault> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|error| js_fault("cannot make the worker's script", &error))?;
    web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|error| js_fault("cannot make the worker's script", &error))
}

/// Compiles the worker's wasm and writes its loader, once per page and source.
async fn prepare(source: WorkerSource) -> Result<JsValue, JsValue> {
    let (glue_url, module) = match source {
        WorkerSource::Module { glue_url, module } => (glue_url, module),
        WorkerSource::Trunk => {
            let window = window().map_err(|fault| JsValue::from_str(&fault.message))?;
            let wasm_url =
                absolute_url("worker_bg.wasm").map_err(|f| JsValue::from_str(&f.message))?;
            // Compiling while downloading: the module is ready soon after the last byte.
            let compiling =
                js_sys::WebAssembly::compile_streaming(&window.fetch_with_str(&wasm_url));
            let module = JsFuture::from(compiling).await?;
            let glue_url = absolute_url("worker.js").map_err(|f| JsValue::from_str(&f.message))?;
            (glue_url, module)
        }
    };
    // The glue is fetched once too and handed to workers from memory, unless it imports
    // files of its own by relative paths (which a `blob:` URL cannot resolve).
    let glue = match fetch_text(&glue_url).await {
        Some(text)
            if !text.contains("from '.")
                && !text.contains("from \".")
                && !text.contains("import(") =>
        {
            object_url(&text).map_err(|fault| JsValue::from_str(&fault.message))?
        }
        _ => glue_url,
    };
    let glue =
        serde_json::to_string(&glue).map_err(|error| JsValue::from_str(&error.to_string()))?;
    // The first message is the compiled module; everything after it goes to the handler
    // that `interleave_live_worker_main` installs.
    let script = format!(
        r#"import * as glue from {glue};
self.onmessage = (event) => {{
  self.onmessage = null;
  glue.default({{ module_or_path: event.data }}).then(
    () => {{ if (typeof glue.interleave_live_worker_main === "function") glue.interleave_live_worker_main(); }},
    (error) => self.postMessage(JSON.stringify({{ ev: "failed", message: String(error) }})),
  );
}};
"#
    );
    let loader = object_url(&script).map_err(|fault| JsValue::from_str(&fault.message))?;
    Ok(js_sys::Array::of2(&module, &JsValue::from_str(&loader)).into())
}

async fn fetch_text(url: &str) -> Option<String> {
    let window = web_sys::window()?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// The compiled module and the loader's URL, preparing them on first use.
async fn prepared() -> Result<(JsValue, String), WorkerFault> {
    let promise = match PREPARED.with(|slot| slot.borrow().clone()) {
        Some(promise) => promise,
        None => {
            let source = SOURCE.with(|slot| slot.borrow().clone());
            let promise = wasm_bindgen_futures::future_to_promise(prepare(source));
            PREPARED.with(|slot| *slot.borrow_mut() = Some(promise.clone()));
            promise
        }
    };
    match JsFuture::from(promise).await {
        Ok(pair) => {
            let pair: js_sys::Array = pair.unchecked_into();
            let loader = pair.get(1).as_string().unwrap_or_default();
            Ok((pair.get(0), loader))
        }
        Err(error) => {
            // A failure is not kept: the next run tries again.
            PREPARED.with(|slot| slot.borrow_mut().take());
            Err(js_fault(
                "the worker's WebAssembly could not be prepared",
                &error,
            ))
        }
    }
}

fn describe(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error
        .as_string()
        .unwrap_or_else(|| "unknown error".to_string())
}

/// Sees a worker's reports as they arrive; returns whether it took the report.
pub type Listener = Rc<dyn Fn(&Report) -> bool>;

/// What a worker reported that nobody has taken yet.
#[derive(Default)]
struct Inbox {
    reports: VecDeque<Result<Report, WorkerFault>>,
    /// A crash is final: every later request fails with it.
    fault: Option<WorkerFault>,
    waker: Option<Waker>,
}

struct WorkerInner {
    worker: web_sys::Worker,
    /// A number no other worker of this page has had: the thread's `get_ident()`.
    ident: u64,
    /// The origin the worker reported when it was ready.
    origin: RefCell<String>,
    inbox: RefCell<Inbox>,
    /// Sees every report first, as it arrives; what it does not take goes to the inbox.
    listener: RefCell<Option<Listener>>,
    terminated: Cell<bool>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for WorkerInner {
    fn drop(&mut self) {
        self.terminate();
    }
}

impl WorkerInner {
    fn terminate(&self) {
        if !self.terminated.replace(true) {
            self.worker.terminate();
            self.worker.set_onmessage(None);
            self.worker.set_onerror(None);
            ALIVE.with(|alive| alive.set(alive.get().saturating_sub(1)));
        }
    }

    fn deliver(&self, report: Result<Report, WorkerFault>) {
        if let Ok(report) = &report {
            let listener = self.listener.borrow().clone();
            if listener.is_some_and(|listener| listener(report)) {
                return;
            }
        }
        let mut inbox = self.inbox.borrow_mut();
        if let Err(fault) = &report {
            inbox.fault = Some(fault.clone());
        }
        inbox.reports.push_back(report);
        if let Some(waker) = inbox.waker.take() {
            waker.wake();
        }
    }
}

/// One running Web Worker. Clones share it; it is terminated by [`WorkerHandle::terminate`]
/// or when the last clone is dropped.
#[derive(Clone)]
pub struct WorkerHandle {
    inner: Rc<WorkerInner>,
}

impl WorkerHandle {
    /// Starts a worker and waits until it is ready for commands. `adopt` receives the
    /// worker as soon as it exists, before it is ready, so that whoever owns it (a run)
    /// can terminate it at once even while it is still starting.
    pub async fn start(adopt: impl FnOnce(&WorkerHandle)) -> Result<WorkerHandle, WorkerFault> {
        let began = epoch_ms();
        let (module, url) = prepared().await?;
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&url, &options)
            .map_err(|error| WorkerFault::new(describe(&error)))?;
        ALIVE.with(|alive| alive.set(alive.get() + 1));
        let inner = Rc::new_cyclic(|weak: &Weak<WorkerInner>| {
            let on_message = {
                let weak = weak.clone();
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |event: web_sys::MessageEvent| {
                        let Some(inner) = weak.upgrade() else {
                            return;
                        };
                        // The test runner forwards workers' console output on the same channel;
                        // anything that is not one of our reports is not for us.
                        let Some(text) = event.data().as_string() else {
                            return;
                        };
                        if let Ok(report) = serde_json::from_str::<Report>(&text) {
                            let report = match report {
                                Report::Failed { message } => Err(WorkerFault::new(format!(
                                    "the worker could not start: {message}"
                                ))),
                                report => Ok(report),
                            };
                            inner.deliver(report);
                        }
                    },
                )
            };
            let on_error = {
                let weak = weak.clone();
                Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                    // Handled here: the page reports the crash in the thread's lane, and the
                    // browser need not print it to the console.
                    event.prevent_default();
                    let Some(inner) = weak.upgrade() else {
                        return;
                    };
                    let message = event
                        .dyn_ref::<web_sys::ErrorEvent>()
                        .map(|error| error.message())
                        .filter(|message| !message.is_empty())
                        .unwrap_or_else(|| "the worker stopped unexpectedly".to_string());
                    inner.deliver(Err(WorkerFault::new(message)));
                    // A crashed worker is of no more use: end it now rather than with the run.
                    inner.terminate();
                })
            };
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            WorkerInner {
                worker: worker.clone(),
                ident: NEXT_IDENT.with(|next| next.replace(next.get() + 1)),
                origin: RefCell::new(String::new()),
                inbox: RefCell::new(Inbox::default()),
                listener: RefCell::new(None),
                terminated: Cell::new(false),
                _on_message: on_message,
                _on_error: on_error,
            }
        });
        let handle = WorkerHandle { inner };
        adopt(&handle);
        // The loader's own listener takes this first message, so it cannot be lost.
        handle
            .inner
            .worker
            .post_message(&module)
            .map_err(|error| WorkerFault::new(describe(&error)))?;
        match (NextReport {
            inner: &handle.inner,
        })
        .await
        {
            Ok(Report::Ready { origin, .. }) => {
                *handle.inner.origin.borrow_mut() = origin;
                START_TIMES.with(|times| times.borrow_mut().push(epoch_ms() - began));
                Ok(handle)
            }
            Ok(_) => Err(WorkerFault::new("the worker answered before it was ready")),
            Err(fault) => {
                handle.terminate();
                Err(fault)
            }
        }
    }

    /// Sends a command (with `ports` in its transfer list, if any) without waiting.
    pub fn post(
        &self,
        command: &Command,
        ports: Option<&js_sys::Array>,
    ) -> Result<(), WorkerFault> {
        if let Some(fault) = self.inner.inbox.borrow().fault.clone() {
            return Err(fault);
        }
        if self.inner.terminated.get() {
            return Err(WorkerFault::new("the worker was terminated"));
        }
        let text =
            serde_json::to_string(command).map_err(|error| WorkerFault::new(error.to_string()))?;
        let text = JsValue::from_str(&text);
        match ports {
            Some(ports) => self.inner.worker.post_message_with_transfer(&text, ports),
            None => self.inner.worker.post_message(&text),
        }
        .map_err(|error| WorkerFault::new(describe(&error)))
    }

    /// Hands every report to `listener` first, as it arrives; the reports it returns
    /// false for are kept for [`WorkerHandle::done`].
    pub fn listen(&self, listener: Listener) {
        *self.inner.listener.borrow_mut() = Some(listener);
    }

    /// Waits for the worker's next [`Report::Done`] (reports nobody took before it are
    /// skipped): when the steps started and ended, in epoch milliseconds.
    pub async fn done(&self) -> Result<(f64, f64), WorkerFault> {
        loop {
            match (NextReport { inner: &self.inner }).await? {
                Report::Done { start, end } => return Ok((start, end)),
                Report::Failed { message } => return Err(WorkerFault::new(message)),
                _ => {}
            }
        }
    }

    /// Asks the worker to crash, as a real fault would, so tests can check how the page
    /// copes. Returns false if the worker is already gone.
    pub fn crash_for_tests(&self) -> bool {
        if self.inner.terminated.get() {
            return false;
        }
        let text = serde_json::to_string(&Command::Crash).unwrap_or_default();
        self.inner
            .worker
            .post_message(&JsValue::from_str(&text))
            .is_ok()
    }

    /// This worker's identity, unique on the page and never 0 (which stands for the page).
    pub fn ident(&self) -> u64 {
        self.inner.ident
    }

    /// The origin the worker reported from inside: its "process".
    pub fn origin(&self) -> String {
        self.inner.origin.borrow().clone()
    }

    /// Terminates the worker at once, wherever it is. Idempotent.
    pub fn terminate(&self) {
        self.inner.terminate();
    }
}

/// The worker's next report (or its crash).
struct NextReport<'a> {
    inner: &'a WorkerInner,
}

impl Future for NextReport<'_> {
    type Output = Result<Report, WorkerFault>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut inbox = self.inner.inbox.borrow_mut();
        if let Some(report) = inbox.reports.pop_front() {
            return Poll::Ready(report);
        }
        if let Some(fault) = inbox.fault.clone() {
            return Poll::Ready(Err(fault));
        }
        if self.inner.terminated.get() {
            return Poll::Ready(Err(WorkerFault::new("the worker was terminated")));
        }
        inbox.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}
