//! Live runs of programs that start processes: one Web Worker per Python process.
//!
//! The worker that runs the main process is the host. When its program starts a
//! process ([`Effect::Start`]), the host starts another worker from its own script (a
//! nested worker: terminating the host terminates it too), which runs the child with
//! its own interpreter and heap ([`LiveDriver::child`]), on its own core. Nothing is
//! shared: the processes' channels go through the host's [`Exchange`], every message
//! a pickled value in a `postMessage`, and a child's end reaches its parent as a
//! message too. All workers read one clock, `performance.timeOrigin + now()`, so the
//! children's timelines line up with the main process's, and when the main process
//! ends, the host lays every process's run side by side ([`merge_runs`]).

use super::protocol::Source;
use interleave_core::interp::code::Code;
use interleave_core::interp::process::{Pickled, MAIN_PID};
use interleave_core::sim::{
    merge_runs, Delivery, Effect, Exchange, LiveDriver, LiveStep, Options, ProcessRun, Run, Spawned,
};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type Scope = web_sys::DedicatedWorkerGlobalScope;

/// How a child worker is told to start (inside the host's request to it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildStart {
    pub pid: i64,
    pub ppid: i64,
    pub name: String,
    pub payload: Pickled,
    /// The run's zero on the shared clock (`timeOrigin + now()`, in ms).
    pub origin_ms: f64,
}

/// What the host tells a child worker (postcard bytes; the page's own requests are
/// JSON strings, so the worker tells them apart by type).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToChild {
    /// Run this process of the program in `request`.
    Start {
        request: Box<super::protocol::Request>,
        start: ChildStart,
    },
    Deliver {
        channel: u64,
        message: Pickled,
        lock: u64,
    },
    Exited {
        pid: i64,
        code: i32,
    },
    Kill {
        code: i32,
    },
}

/// What a child worker tells its host (postcard bytes). Variant 0 reads as the
/// worker's own `Response::Ready`, which it posts first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromChild {
    Ready,
    Effects(Vec<Effect>),
    Done {
        run: Box<Run>,
        exit_code: i32,
        /// How far its computing fell behind CPython's pace, and its timers late.
        behind_ns: u64,
        late_ns: u64,
    },
}

fn shared_now_ms(scope: &Scope) -> f64 {
    scope
        .performance()
        .map(|p| p.time_origin() + p.now())
        .unwrap_or(0.0)
}

/// Messages that arrived, and a way to wake whoever waits for one.
pub struct Inbox<T> {
    queue: VecDeque<T>,
    wake: Option<futures::channel::oneshot::Sender<()>>,
}

impl<T> Default for Inbox<T> {
    fn default() -> Self {
        Inbox {
            queue: VecDeque::new(),
            wake: None,
        }
    }
}

impl<T> Inbox<T> {
    pub fn push(&mut self, item: T) {
        self.queue.push_back(item);
        if let Some(wake) = self.wake.take() {
            let _ = wake.send(());
        }
    }
}

/// Waits until the shared clock reads `at_ms` or a message arrives, whichever is first
/// (`at_ms` infinite: only a message).
async fn wait<T>(scope: &Scope, inbox: &Rc<RefCell<Inbox<T>>>, at_ms: f64) {
    use futures::FutureExt;
    if !inbox.borrow().queue.is_empty() {
        return;
    }
    let (wake, woken) = futures::channel::oneshot::channel();
    inbox.borrow_mut().wake = Some(wake);
    let early = at_ms - shared_now_ms(scope) - 3.0;
    if early.is_finite() && early < 1.0 {
        while shared_now_ms(scope) < at_ms && inbox.borrow().queue.is_empty() {
            std::hint::spin_loop();
        }
        inbox.borrow_mut().wake = None;
        return;
    }
    let timer = async {
        if early.is_finite() {
            gloo_timers::future::TimeoutFuture::new(early as u32).await;
        } else {
            futures::future::pending::<()>().await;
        }
    };
    futures::select! {
        _ = timer.fuse() => {}
        _ = woken.fuse() => {}
    }
    inbox.borrow_mut().wake = None;
    while shared_now_ms(scope) < at_ms && inbox.borrow().queue.is_empty() {
        std::hint::spin_loop();
    }
}

/// Lets the worker's event loop deliver messages while the program computes: a
/// message to itself through a `MessageChannel`, which comes back as the next task
/// (`setTimeout(0)` would be clamped to 4 ms once nested, halving the computing).
async fn breathe() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let (sender, receiver) = futures::channel::oneshot::channel::<()>();
    let sender = RefCell::new(Some(sender));
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
        if let Some(sender) = sender.borrow_mut().take() {
            let _ = sender.send(());
        }
    });
    channel
        .port1()
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    if channel.port2().post_message(&JsValue::NULL).is_ok() {
        let _ = receiver.await;
    }
    channel.port1().close();
}

/// How often a computing process lets its messages in.
const BREATHE_MS: f64 = 5.0;

/// Does what a live driver's step asks, on the clock whose zero is `origin_ms`:
/// computes on (letting messages in every [`BREATHE_MS`] when `listening`), or waits
/// for an instant or a message. `false` once the process has ended.
async fn step_on<T>(
    scope: &Scope,
    step: LiveStep,
    inbox: &Rc<RefCell<Inbox<T>>>,
    origin_ms: f64,
    listening: bool,
    breathed: &mut f64,
) -> bool {
    match step {
        LiveStep::Continue => {
            if listening && shared_now_ms(scope) - *breathed > BREATHE_MS {
                breathe().await;
                *breathed = shared_now_ms(scope);
            }
        }
        LiveStep::WaitUntil(at) => {
            wait(scope, inbox, origin_ms + at as f64 / 1e6).await;
            *breathed = shared_now_ms(scope);
        }
        LiveStep::WaitOutside => {
            wait(scope, inbox, f64::INFINITY).await;
            *breathed = shared_now_ms(scope);
        }
        LiveStep::Done => return false,
    }
    true
}

struct ChildWorker {
    worker: web_sys::Worker,
    pid: i64,
    parent: usize,
    name: String,
    run: Option<Run>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

/// The main process's run when its program may start others: returns the merged run
/// of every process.
pub async fn host(
    scope: Scope,
    mut driver: LiveDriver,
    source: Source,
    gil: bool,
    cores: usize,
    started_ms: f64,
    text: &str,
) -> (Run, f64, f64) {
    let inbox: Rc<RefCell<Inbox<(usize, FromChild)>>> = Rc::default();
    let mut exchange = Exchange::default();
    let mut children: Vec<ChildWorker> = Vec::new();
    let script = scope.location().href();
    let launch = Launch {
        source: &source,
        gil,
        cores,
        origin_ms: started_ms,
    };
    // A program that may start processes gets its workers loading now, while its
    // main process imports and sets up (see `Spare`).
    let mut spares: Vec<Spare> = Vec::new();
    if text.contains("multiprocessing") || text.contains("ProcessPoolExecutor") {
        for _ in 0..cores.max(1) {
            if let Ok(spare) = spare(&script, &inbox) {
                spares.push(spare);
            }
        }
    }
    let real_ns = |scope: &Scope| ((shared_now_ms(scope) - started_ms) * 1e6).max(0.0) as u64;
    let mut breathed = shared_now_ms(&scope);
    // The most any child fell behind, or its timers were late: the processes run side
    // by side, so the run is as late as the latest of them.
    let (mut children_behind, mut children_late) = (0u64, 0u64);
    loop {
        // What the children said.
        let arrived: Vec<(usize, FromChild)> = inbox.borrow_mut().queue.drain(..).collect();
        for (index, message) in arrived {
            match message {
                FromChild::Ready => {}
                FromChild::Effects(effects) => {
                    let real = real_ns(&scope);
                    let ppid = children.get(index - 1).map_or(MAIN_PID, |c| c.pid);
                    let mut hosting = Hosting {
                        script: &script,
                        inbox: &inbox,
                        spares: &mut spares,
                        launch: &launch,
                        exchange: &mut exchange,
                        children: &mut children,
                    };
                    hosting.carry_out(index, ppid, effects, real, &mut driver);
                }
                FromChild::Done {
                    run,
                    exit_code,
                    behind_ns,
                    late_ns,
                } => {
                    children_behind = children_behind.max(behind_ns);
                    children_late = children_late.max(late_ns);
                    let Some(child) = children.get_mut(index - 1) else {
                        continue;
                    };
                    child.run = Some(*run);
                    exchange.forget(index);
                    let (pid, parent) = (child.pid, child.parent);
                    if parent == 0 {
                        driver.child_exited(pid, exit_code, real_ns(&scope));
                    } else if let Some(p) = children.get(parent - 1) {
                        post_json(
                            &p.worker,
                            &ToChild::Exited {
                                pid,
                                code: exit_code,
                            },
                        );
                    }
                }
            }
        }
        let effects = driver.effects();
        if !effects.is_empty() {
            let real = real_ns(&scope);
            let mut hosting = Hosting {
                script: &script,
                inbox: &inbox,
                spares: &mut spares,
                launch: &launch,
                exchange: &mut exchange,
                children: &mut children,
            };
            hosting.carry_out(0, MAIN_PID, effects, real, &mut driver);
        }
        let step = driver.step(real_ns(&scope));
        if !step_on(
            &scope,
            step,
            &inbox,
            started_ms,
            !children.is_empty(),
            &mut breathed,
        )
        .await
        {
            break;
        }
    }
    // Children still running (daemons) end with the main process.
    for child in &children {
        if child.run.is_none() {
            post_json(&child.worker, &ToChild::Kill { code: -15 });
        }
    }
    let deadline = shared_now_ms(&scope) + 500.0;
    while children.iter().any(|c| c.run.is_none()) && shared_now_ms(&scope) < deadline {
        wait(&scope, &inbox, deadline).await;
        let arrived: Vec<(usize, FromChild)> = inbox.borrow_mut().queue.drain(..).collect();
        for (index, message) in arrived {
            if let (FromChild::Done { run, .. }, Some(child)) =
                (message, children.get_mut(index - 1))
            {
                child.run = Some(*run);
            }
        }
    }
    let behind_ms = driver.behind_ns.max(children_behind) as f64 / 1e6;
    let late_ms = driver.late_ns.max(children_late) as f64 / 1e6;
    for spare in spares {
        spare.worker.terminate();
    }
    let mut processes = vec![ProcessRun {
        name: "MainProcess".to_string(),
        run: driver.finish(),
    }];
    for child in children {
        child.worker.terminate();
        processes.push(ProcessRun {
            name: child.name,
            run: child.run.unwrap_or_default(),
        });
    }
    (merge_runs(processes), behind_ms, late_ms)
}

/// What the host needs to carry out a process's effects.
struct Hosting<'a, 'b> {
    script: &'a str,
    inbox: &'a Rc<RefCell<Inbox<(usize, FromChild)>>>,
    spares: &'a mut Vec<Spare>,
    launch: &'a Launch<'b>,
    exchange: &'a mut Exchange,
    children: &'a mut Vec<ChildWorker>,
}

impl Hosting<'_, '_> {
    /// What process `index` (pid `pid`) asked: children started on workers, messages
    /// routed, ends posted.
    fn carry_out(
        &mut self,
        index: usize,
        pid: i64,
        effects: Vec<Effect>,
        real: u64,
        driver: &mut LiveDriver,
    ) {
        for effect in &effects {
            if let Effect::Start {
                pid: child,
                name,
                payload,
                ..
            } = effect
            {
                let n = self.children.len() + 1;
                let started = start_child(
                    self.script,
                    self.inbox,
                    self.spares,
                    self.launch,
                    *child,
                    pid,
                    name,
                    payload,
                    n,
                );
                match started {
                    Ok(worker) => self.children.push(ChildWorker {
                        parent: index,
                        ..worker
                    }),
                    Err(message) => driver.stop(&message),
                }
            }
        }
        let deliveries = route(self.exchange, index, effects, real, self.children);
        deliver(deliveries, driver, self.children, real);
    }
}

fn post_json(worker: &web_sys::Worker, message: &ToChild) {
    if let Ok(bytes) = postcard::to_allocvec(message) {
        let _ = worker.post_message(&js_sys::Uint8Array::from(bytes.as_slice()));
    }
}

/// Carries out what process `index` asked: messages through the exchange, ends of
/// children to their workers. Starts are handled by the caller (the host starts every
/// worker, a grandchild's too).
fn route(
    exchange: &mut Exchange,
    index: usize,
    effects: Vec<Effect>,
    real: u64,
    children: &[ChildWorker],
) -> Vec<Delivery> {
    let mut deliveries = Vec::new();
    for effect in effects {
        match effect {
            Effect::Send {
                channel, message, ..
            } => deliveries.extend(exchange.send(channel, index, message, real)),
            Effect::Want { channel, lock, .. } => {
                deliveries.extend(exchange.want(channel, index, lock, real))
            }
            Effect::Kill { pid, code, .. } => {
                if let Some(child) = children.iter().find(|c| c.pid == pid) {
                    post_json(&child.worker, &ToChild::Kill { code });
                }
            }
            Effect::Start { .. } => {}
        }
    }
    deliveries
}

fn deliver(
    deliveries: Vec<Delivery>,
    driver: &mut LiveDriver,
    children: &[ChildWorker],
    real: u64,
) {
    for d in deliveries {
        if d.to == 0 {
            driver.deliver(d.channel, d.message, d.lock, real);
        } else if let Some(child) = children.get(d.to - 1) {
            post_json(
                &child.worker,
                &ToChild::Deliver {
                    channel: d.channel,
                    message: d.message,
                    lock: d.lock,
                },
            );
        }
    }
}

/// A worker started before a process needs it: loading and compiling the runner
/// takes a fresh worker a few hundred milliseconds, where CPython's spawn takes tens,
/// so a run whose program may start processes starts `cores` of them at once, and a
/// process takes one that is ready (or will be) when it starts.
pub struct Spare {
    worker: web_sys::Worker,
    /// The process index it serves, once taken.
    index: Rc<std::cell::Cell<usize>>,
    /// Its start message, held until the worker is ready.
    start: Rc<RefCell<Option<ToChild>>>,
    ready: Rc<std::cell::Cell<bool>>,
    on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

/// Starts a worker from `script` whose messages go to `inbox` once it serves a process.
fn spare(script: &str, inbox: &Rc<RefCell<Inbox<(usize, FromChild)>>>) -> Result<Spare, String> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(script, &options)
        .map_err(|_| "stopped: this browser could not start a worker for a process".to_string())?;
    let index = Rc::new(std::cell::Cell::new(0));
    let start: Rc<RefCell<Option<ToChild>>> = Rc::default();
    let ready = Rc::new(std::cell::Cell::new(false));
    let on_message = {
        let (inbox, worker, index, start, ready) = (
            inbox.clone(),
            worker.clone(),
            index.clone(),
            start.clone(),
            ready.clone(),
        );
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
            match postcard::from_bytes::<FromChild>(&bytes) {
                Ok(FromChild::Ready) => {
                    ready.set(true);
                    if let Some(message) = start.borrow_mut().take() {
                        post_json(&worker, &message);
                    }
                }
                Ok(message) => inbox.borrow_mut().push((index.get(), message)),
                Err(_) => {}
            }
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Ok(Spare {
        worker,
        index,
        start,
        ready,
        on_message,
    })
}

/// What a child process is started with.
struct Launch<'a> {
    source: &'a Source,
    gil: bool,
    cores: usize,
    origin_ms: f64,
}

/// Gives process `index` (`pid`, child of `ppid`) a worker: a spare if one is left,
/// else a new one.
#[allow(clippy::too_many_arguments)]
fn start_child(
    script: &str,
    inbox: &Rc<RefCell<Inbox<(usize, FromChild)>>>,
    spares: &mut Vec<Spare>,
    launch: &Launch,
    pid: i64,
    ppid: i64,
    name: &str,
    payload: &Pickled,
    index: usize,
) -> Result<ChildWorker, String> {
    let spare = match spares.pop() {
        Some(spare) => spare,
        None => spare(script, inbox)?,
    };
    let message = ToChild::Start {
        request: Box::new(super::protocol::Request {
            id: 0,
            source: launch.source.clone(),
            gil: launch.gil,
            cores: launch.cores,
            live: true,
        }),
        start: ChildStart {
            pid,
            ppid,
            name: name.to_string(),
            payload: payload.clone(),
            origin_ms: launch.origin_ms,
        },
    };
    spare.index.set(index);
    if spare.ready.get() {
        post_json(&spare.worker, &message);
    } else {
        *spare.start.borrow_mut() = Some(message);
    }
    Ok(ChildWorker {
        worker: spare.worker,
        pid,
        parent: 0,
        name: name.to_string(),
        run: None,
        _on_message: spare.on_message,
    })
}

thread_local! {
    /// The host's messages to this worker's child process.
    static CHILD_INBOX: Rc<RefCell<Inbox<ToChild>>> = Rc::default();
}

/// A message from the host (postcard bytes): a start, which the caller runs, or one
/// for the running child, kept in its inbox.
pub fn take_host_message(bytes: &[u8]) -> Option<(super::protocol::Request, ChildStart)> {
    match postcard::from_bytes::<ToChild>(bytes) {
        Ok(ToChild::Start { request, start }) => Some((*request, start)),
        Ok(message) => {
            CHILD_INBOX.with(|inbox| inbox.borrow_mut().push(message));
            None
        }
        Err(_) => None,
    }
}

fn post_child(scope: &Scope, message: &FromChild) {
    if let Ok(bytes) = postcard::to_allocvec(message) {
        let _ = scope.post_message(&js_sys::Uint8Array::from(bytes.as_slice()));
    }
}

/// A child process's worker: runs it and tells the host what it asks and how it ended.
pub async fn child(
    scope: Scope,
    code: Rc<Code>,
    text: String,
    options: Options,
    start: ChildStart,
) {
    let inbox = CHILD_INBOX.with(Rc::clone);
    let origin = start.origin_ms;
    let real_ns = |scope: &Scope| ((shared_now_ms(scope) - origin) * 1e6).max(0.0) as u64;
    let spawned = Spawned {
        pid: start.pid,
        ppid: start.ppid,
        name: start.name,
        payload: start.payload,
        start: real_ns(&scope),
    };
    let mut driver = match LiveDriver::child(code, &text, options, spawned) {
        Ok(driver) => driver,
        Err(message) => {
            web_sys::console::error_1(&JsValue::from_str(&message));
            return;
        }
    };
    let mut breathed = shared_now_ms(&scope);
    loop {
        let arrived: Vec<ToChild> = inbox.borrow_mut().queue.drain(..).collect();
        for message in arrived {
            let real = real_ns(&scope);
            match message {
                ToChild::Deliver {
                    channel,
                    message,
                    lock,
                } => driver.deliver(channel, message, lock, real),
                ToChild::Exited { pid, code } => driver.child_exited(pid, code, real),
                ToChild::Kill { code } => {
                    let how = if code == -9 { "killed" } else { "terminated" };
                    driver.kill(code, &format!("{how} by its parent"), real);
                }
                ToChild::Start { .. } => {}
            }
        }
        let effects = driver.effects();
        if !effects.is_empty() {
            post_child(&scope, &FromChild::Effects(effects));
        }
        let step = driver.step(real_ns(&scope));
        if !step_on(&scope, step, &inbox, origin, true, &mut breathed).await {
            break;
        }
    }
    let effects = driver.effects();
    if !effects.is_empty() {
        post_child(&scope, &FromChild::Effects(effects));
    }
    let exit_code = driver.exit_code();
    let (behind_ns, late_ns) = (driver.behind_ns, driver.late_ns);
    post_child(
        &scope,
        &FromChild::Done {
            run: Box::new(driver.finish()),
            exit_code,
            behind_ns,
            late_ns,
        },
    );
}
