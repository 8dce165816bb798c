//! The code that runs inside each Web Worker, and the messages it exchanges with the page
//! and with the other workers of its run.
//!
//! A worker stands for one Python thread. The page tells it which steps to run
//! ([`Command::Run`]); the worker runs them on its own: it computes, sleeps, and takes and
//! gives up the token that stands for the GIL ([`super::gil`]), reporting each change to
//! the page as it happens, with when it happened on the shared clock of
//! [`super::clock::epoch_ms`]. The page only observes and keeps the queue of who waits.
//!
//! The hand-off itself never goes through the page, whose thread is busy drawing: when a
//! thread waits for the token, the page tells the holder whom to give it to
//! ([`Command::HandOff`]), and at its next switch point (after a 5 ms slice of
//! computation, CPython's switch interval, or when it sleeps or ends) the holder sends
//! the token straight to that worker over a `MessagePort` ([`Command::Grant`]). A holder
//! that nobody waits for keeps computing across slices, as CPython's holder keeps the
//! GIL until another thread asks for it.
//!
//! The messages are JSON strings: small, and readable in the browser's developer tools.

use super::clock::{compute_for, epoch_ms, timeout_ms};
use interleave_core::scenario::{Micros, Step, SWITCH_INTERVAL};
use interleave_core::timeline::SpanState;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A thread's id: `0` is the page's `main`, `i + 1` the thread of worker `i`.
pub type Tid = usize;

/// What the page (or, for [`Command::Grant`], another worker) asks a worker to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    /// Run these steps as the thread's function (or as one call of a pool thread).
    /// `first_line`: take the token once before the first step (the thread's first line,
    /// which `start()` waits for) and report [`Report::Started`]; `last_line`: take it once
    /// after the last step (the line that returns). `free`: no token is needed at all
    /// (a free-threaded build with a core for every thread). `queued`: the page has put
    /// the thread in line for the token already (its first action needs it), so the
    /// worker only waits for it.
    Run {
        steps: Vec<Step>,
        first_line: bool,
        last_line: bool,
        free: bool,
        queued: bool,
    },
    /// The token is yours, under this grant number.
    Grant { grant: u64 },
    /// At your next switch point, if you still hold `grant`, give the token to worker `to`
    /// under `new_grant` (or, with no `to`, only report the switch point: the page's
    /// `main` ran its line there).
    HandOff {
        grant: u64,
        to: Option<Tid>,
        new_grant: u64,
    },
    /// The ports to the other workers of the run, in the message's transfer list, in
    /// this order of thread ids.
    Peers { tids: Vec<Tid> },
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
    /// The thread ran its first line.
    Started { at: f64 },
    /// The thread computes (`Running`) or sleeps (`WaitingIo`) from `at`.
    State { state: SpanState, at: f64 },
    /// The thread asks for the token.
    Want { at: f64 },
    /// The thread reached a switch point holding `grant`: `executed` if it carried out
    /// the page's hand-off there, `keep` if it still holds the token afterwards.
    Gil {
        grant: u64,
        at: f64,
        executed: bool,
        keep: bool,
    },
    /// The steps are done: when they started and when the last one (or the last line)
    /// ended, in epoch milliseconds.
    Done { start: f64, end: f64 },
    /// The worker could not start (posted by the loader script, not by Rust).
    Failed { message: String },
}

#[wasm_bindgen]
extern "C" {
    /// `MessageChannel`, bound here rather than through `web-sys`.
    #[wasm_bindgen(js_name = MessageChannel)]
    pub type Channel;
    #[wasm_bindgen(constructor, js_class = "MessageChannel", catch)]
    pub fn new() -> Result<Channel, JsValue>;
    #[wasm_bindgen(method, getter)]
    pub fn port1(this: &Channel) -> Port;
    #[wasm_bindgen(method, getter)]
    pub fn port2(this: &Channel) -> Port;

    /// `MessagePort`.
    #[wasm_bindgen(js_name = MessagePort)]
    #[derive(Clone)]
    pub type Port;
    #[wasm_bindgen(method, js_name = postMessage, catch)]
    pub fn post_message(this: &Port, message: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, setter)]
    pub fn set_onmessage(this: &Port, handler: Option<&js_sys::Function>);
    #[wasm_bindgen(method)]
    pub fn close(this: &Port);
}

/// The token as this worker sees it.
#[derive(Default)]
struct Token {
    /// The grant under which this worker holds the token, if it does.
    holding: Cell<Option<u64>>,
    /// The hand-off the page asked for: (grant, to, new grant).
    plan: Cell<Option<(u64, Option<Tid>, u64)>>,
    /// No token is needed (free-threaded, a core for every thread).
    free: Cell<bool>,
    /// The page has queued this thread for the token already.
    queued: Cell<bool>,
    /// When this thread last handed the token on while it still had work: it wants the
    /// token back from that instant.
    passed_at: Cell<Option<f64>>,
    waker: RefCell<Option<Waker>>,
    peers: RefCell<Vec<(Tid, Port)>>,
}

thread_local! {
    static LISTENING: Cell<bool> = const { Cell::new(false) };
    static TOKEN: Rc<Token> = Rc::new(Token::default());
    static SCOPE: RefCell<Option<web_sys::DedicatedWorkerGlobalScope>> = const { RefCell::new(None) };
}

fn token() -> Rc<Token> {
    TOKEN.with(Rc::clone)
}

fn post(report: Report) {
    SCOPE.with(|scope| {
        if let (Some(scope), Ok(text)) = (scope.borrow().as_ref(), serde_json::to_string(&report)) {
            let _ = scope.post_message(&JsValue::from_str(&text));
        }
    });
}

impl Token {
    fn wake(&self) {
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }

    fn send_to_peer(&self, tid: Tid, command: &Command) -> bool {
        let Ok(text) = serde_json::to_string(command) else {
            return false;
        };
        self.peers
            .borrow()
            .iter()
            .find(|(peer, _)| *peer == tid)
            .is_some_and(|(_, port)| port.post_message(&JsValue::from_str(&text)).is_ok())
    }

    /// Takes the token (asking the page for it) unless this worker holds it already.
    async fn acquire(&self) {
        self.acquire_since(None).await;
    }

    /// As [`Token::acquire`], for a thread that wants the token since `since` (the switch
    /// point where it handed it on: waking the next thread may well cost this one its
    /// core for a while before it can ask).
    async fn acquire_since(&self, since: Option<f64>) {
        if self.free.get() || self.holding.get().is_some() {
            self.queued.set(false);
            self.passed_at.set(None);
            return;
        }
        let since = since.or(self.passed_at.take());
        if !self.queued.replace(false) {
            post(Report::Want {
                at: since.unwrap_or_else(epoch_ms),
            });
        }
        Granted { token: self }.await;
    }

    /// A switch point while computing: carries out the page's hand-off, if any. Returns
    /// when the token went to another thread, if it did.
    fn switch_point(&self) -> Option<f64> {
        let grant = self.holding.get()?;
        let (planned, to, new_grant) = self.plan.get()?;
        self.plan.set(None);
        if planned != grant {
            return None;
        }
        let at = epoch_ms();
        match to {
            Some(to) if self.send_to_peer(to, &Command::Grant { grant: new_grant }) => {
                self.holding.set(None);
                post(Report::Gil {
                    grant,
                    at,
                    executed: true,
                    keep: false,
                });
                self.passed_at.set(Some(at));
                Some(at)
            }
            Some(_) => {
                // No way to reach that worker: give the token back to the page, which
                // hands it out itself.
                self.holding.set(None);
                post(Report::Gil {
                    grant,
                    at,
                    executed: false,
                    keep: false,
                });
                Some(at)
            }
            None => {
                post(Report::Gil {
                    grant,
                    at,
                    executed: true,
                    keep: true,
                });
                None
            }
        }
    }

    /// Gives the token up (sleeping, or the thread is done), to whoever the page named.
    fn release(&self) {
        self.passed_at.set(None);
        let Some(grant) = self.holding.take() else {
            return;
        };
        let at = epoch_ms();
        let plan = self.plan.take().filter(|(planned, _, _)| *planned == grant);
        let executed = match plan {
            Some((_, Some(to), new_grant)) => {
                self.send_to_peer(to, &Command::Grant { grant: new_grant })
            }
            Some((_, None, _)) => true,
            None => false,
        };
        post(Report::Gil {
            grant,
            at,
            executed,
            keep: false,
        });
    }
}

/// Resolves once the worker holds the token.
struct Granted<'a> {
    token: &'a Token,
}

impl Future for Granted<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.token.holding.get().is_some() {
            Poll::Ready(())
        } else {
            *self.token.waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// Lets the worker's event loop run once, so that messages that arrived while it
/// computed (a hand-off, a crash order) are handled.
async fn yield_now() {
    let Ok(channel) = Channel::new() else {
        return;
    };
    let port = channel.port1();
    let sender = channel.port2();
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        port.set_onmessage(Some(&resolve));
        let _ = sender.post_message(&JsValue::NULL);
    });
    let _ = JsFuture::from(promise).await;
    port.set_onmessage(None);
    port.close();
    sender.close();
}

/// One thread's steps, as [`Command::Run`] describes them.
async fn run_steps(steps: Vec<Step>, first_line: bool, last_line: bool) {
    let token = token();
    let start = epoch_ms();
    if first_line {
        token.acquire().await;
        post(Report::Started { at: epoch_ms() });
    }
    for step in steps {
        match step {
            Step::Cpu(duration) => {
                token.acquire().await;
                post(Report::State {
                    state: SpanState::Running,
                    at: epoch_ms(),
                });
                // Milliseconds of computation left, counted in wall-clock time while the
                // thread holds the token, like `compute_for` itself: a moment the worker
                // loses to its own event loop or to the OS (which a loaded machine makes
                // likely at every switch point) is time the thread held the GIL.
                let mut left = duration as f64 / 1_000.0;
                let mut since = epoch_ms();
                while left > 0.0 {
                    let slice = ((left * 1_000.0).ceil() as Micros).clamp(1, SWITCH_INTERVAL);
                    compute_for(slice);
                    if !token.free.get() {
                        // The switch interval is over: if someone waits, the page has said
                        // whom to hand the token to; the message is read now.
                        yield_now().await;
                    }
                    let now = epoch_ms();
                    left -= now - since;
                    since = now;
                    let switched = token.switch_point();
                    if switched.is_some() && left > 0.0 {
                        token.acquire_since(switched).await;
                        since = epoch_ms();
                        post(Report::State {
                            state: SpanState::Running,
                            at: since,
                        });
                    }
                }
            }
            // `time.sleep` releases the GIL; in a thread a blocking call is just that.
            Step::Io(duration) | Step::BlockingIo(duration) => {
                token.release();
                post(Report::State {
                    state: SpanState::WaitingIo,
                    at: epoch_ms(),
                });
                gloo_timers::future::TimeoutFuture::new(timeout_ms(duration)).await;
            }
        }
    }
    if last_line {
        token.acquire().await;
    }
    let end = epoch_ms();
    token.release();
    post(Report::Done { start, end });
}

fn handle(command: Command, ports: Option<js_sys::Array>) {
    let token = token();
    match command {
        Command::Run {
            steps,
            first_line,
            last_line,
            free,
            queued,
        } => {
            token.free.set(free);
            token.queued.set(queued);
            wasm_bindgen_futures::spawn_local(run_steps(steps, first_line, last_line));
        }
        Command::Grant { grant } => {
            token.holding.set(Some(grant));
            token.plan.set(None);
            token.wake();
        }
        Command::HandOff {
            grant,
            to,
            new_grant,
        } => {
            if token.holding.get() == Some(grant) {
                token.plan.set(Some((grant, to, new_grant)));
            }
        }
        Command::Peers { tids } => {
            let Some(ports) = ports else {
                return;
            };
            for (index, tid) in tids.into_iter().enumerate() {
                let port: Port = ports.get(index as u32).unchecked_into();
                let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |event: web_sys::MessageEvent| {
                        if let Some(command) = event
                            .data()
                            .as_string()
                            .and_then(|text| serde_json::from_str::<Command>(&text).ok())
                        {
                            handle(command, None);
                        }
                    },
                );
                port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                // The port lives as long as the worker.
                on_message.forget();
                token.peers.borrow_mut().push((tid, port));
            }
        }
        Command::Crash => {
            // An uncaught JavaScript error ends this script's turn and reaches the page as
            // the worker's `error` event, like any real crash would.
            wasm_bindgen::throw_str("the worker was asked to crash");
        }
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
    SCOPE.with(|slot| *slot.borrow_mut() = Some(scope.clone()));
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            let Ok(command) = serde_json::from_str::<Command>(&text) else {
                return;
            };
            handle(command, Some(event.ports()));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its handler: leaking it is the point.
    on_message.forget();
    post(Report::Ready {
        at: epoch_ms(),
        origin: scope.origin(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_small_readable_json() {
        let text = serde_json::to_string(&Command::Grant { grant: 7 }).unwrap();
        assert_eq!(text, r#"{"op":"grant","grant":7}"#);
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
