//! The model's processes: one [`Driver`] (one interpreter, one GIL) per Python
//! process, on one virtual clock, on `cores` cores.
//!
//! A program that starts no process is one driver, run exactly as before. When it
//! starts one (`multiprocessing`, `ProcessPoolExecutor`), the world starts a child
//! driver [`SPAWN_NS`] later (CPython's spawn: a new interpreter imports the program
//! again) and carries what the processes ask of each other ([`Effect`]): a channel's
//! message goes to the process that asked for one first, [`MESSAGE_NS`] after both
//! were there; a child's end reaches its parent's `join` [`EXIT_NS`] later. Each turn
//! runs the process furthest behind, on the core that is free first, so processes
//! compute side by side up to `cores` at a time and share the cores beyond that.
//!
//! At the end the processes' timelines are laid side by side (a child's lanes are
//! named after it), their output merged in time order, and their steps interleaved.

use super::{ns_to_us, Advance, Driver, Effect, Options, Run, Turn, TIE_WINDOW_US};
use crate::interp::code::Code;
use crate::interp::process::{Pickled, ProcessState};
use crate::interp::vm::Nanos;
use crate::timeline::Micros;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

/// From `start()` to the child's interpreter starting up (the exec).
pub const SPAWN_NS: Nanos = 2_000_000;

/// The computing a spawned interpreter does before the program's first line: Python
/// starts, imports `multiprocessing` and unpickles its process. It needs a core, so
/// children started together start up side by side only as far as cores allow
/// (python3.11 on the development machine: 49-58 ms from `start()` to a lone child's
/// first line, 54-143 ms for two pool workers started at once on 2 cores).
pub const STARTUP_NS: Nanos = 55_000_000;

/// From a child's end to its parent seeing it (`join` returning): the child's
/// interpreter shuts down and the parent's wait on its pipe returns (11-15 ms for a
/// lone child, 20-30 ms for a pool's two workers, measured).
pub const EXIT_NS: Nanos = 15_000_000;

/// A message's way through a pipe and the other side's unpickling.
pub const MESSAGE_NS: Nanos = 100_000;

/// The longest turn a process runs while others exist, so that a message or a child's
/// end reaches a busy process's other threads within this much.
const MULTI_SLICE_NS: Nanos = 1_000_000;

enum Input {
    Deliver {
        channel: u64,
        message: Pickled,
        lock: u64,
        from: usize,
        sent: Nanos,
    },
    ChildExited {
        pid: i64,
        code: i32,
        from: usize,
    },
}

/// Where a process stands between turns.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Standing {
    Runnable,
    Idle(Nanos),
    /// Waits for another process only.
    Waiting,
    Ended,
}

struct Proc {
    driver: Driver,
    pid: i64,
    parent: Option<usize>,
    name: String,
    standing: Standing,
    /// Why the process stopped early, if it did.
    stopped: Option<String>,
    /// Inputs due at an instant of the run's clock.
    inbox: Vec<(Nanos, Input)>,
    /// What this process heard from others: when, from whom, sent when (a line
    /// printed after hearing is ordered after the sender's earlier lines).
    heard: Vec<(Nanos, usize, Nanos)>,
    /// The interpreter's start-up still to compute ([`STARTUP_NS`]).
    startup: Nanos,
    /// When it last had a turn (a count of turns): of two processes due at the same
    /// instant, the one that waited longer goes first, as a fair scheduler does.
    last_turn: u64,
}

impl Proc {
    /// When this process next has something to do, if it has.
    fn next(&self) -> Option<Nanos> {
        let inbox = self.inbox.iter().map(|(at, _)| *at).min();
        let own = match self.standing {
            Standing::Runnable => Some(self.driver.now),
            Standing::Idle(at) => Some(at),
            Standing::Waiting | Standing::Ended => None,
        };
        match (own, inbox) {
            (Some(a), Some(b)) => Some(a.min(b.max(self.driver.now))),
            (a, b) => a.or(b.map(|b| b.max(self.driver.now))),
        }
    }
}

#[derive(Default)]
struct Channel {
    messages: VecDeque<(Nanos, usize, Pickled)>,
    wants: VecDeque<(Nanos, usize, u64)>,
}

/// A message on its way to the process that wanted it.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    /// The process it goes to, and the one it came from (indices of the host's).
    pub to: usize,
    pub from: usize,
    pub channel: u64,
    pub message: Pickled,
    /// The lock of the receiver's want ([`Effect::Want`]).
    pub lock: u64,
    /// When it was sent, and when it was wanted.
    pub sent: Nanos,
    pub wanted: Nanos,
}

/// The channels between a run's processes: a message goes to the process that asked
/// for one of its channel first, in the order the messages were sent (a pipe read by
/// whoever takes its lock first, as `multiprocessing.Queue` is). The model's world
/// and the page's live host both route through it.
#[derive(Default)]
pub struct Exchange {
    channels: HashMap<u64, Channel>,
}

impl Exchange {
    /// Process `from` sent `message` down `channel` at `at`.
    pub fn send(
        &mut self,
        channel: u64,
        from: usize,
        message: Pickled,
        at: Nanos,
    ) -> Vec<Delivery> {
        self.channels
            .entry(channel)
            .or_default()
            .messages
            .push_back((at, from, message));
        self.matched(channel)
    }

    /// Process `to` wants `channel`'s next message, releasing `lock` when it has it.
    pub fn want(&mut self, channel: u64, to: usize, lock: u64, at: Nanos) -> Vec<Delivery> {
        self.channels
            .entry(channel)
            .or_default()
            .wants
            .push_back((at, to, lock));
        self.matched(channel)
    }

    /// Process `process` has ended: its wants go unanswered.
    pub fn forget(&mut self, process: usize) {
        for ch in self.channels.values_mut() {
            ch.wants.retain(|(_, to, _)| *to != process);
        }
    }

    fn matched(&mut self, channel: u64) -> Vec<Delivery> {
        let mut out = Vec::new();
        let Some(ch) = self.channels.get_mut(&channel) else {
            return out;
        };
        while let (Some(_), Some(_)) = (ch.messages.front(), ch.wants.front()) {
            let (Some((sent, from, message)), Some((wanted, to, lock))) =
                (ch.messages.pop_front(), ch.wants.pop_front())
            else {
                break;
            };
            out.push(Delivery {
                to,
                from,
                channel,
                message,
                lock,
                sent,
                wanted,
            });
        }
        out
    }
}

pub(crate) struct World {
    procs: Vec<Proc>,
    exchange: Exchange,
    /// When each core is next free.
    cores: Vec<Nanos>,
    code: Rc<Code>,
    source: Rc<str>,
    options: Options,
    /// The host's clock.
    clock: Nanos,
    /// Turns taken so far.
    turns: u64,
    ended: Option<Option<String>>,
}

impl World {
    pub(crate) fn new(code: Rc<Code>, source: &str, options: Options) -> World {
        let main = super::new_driver(code.clone(), source, options.clone());
        World {
            procs: vec![Proc {
                driver: main,
                pid: crate::interp::process::MAIN_PID,
                parent: None,
                name: "MainProcess".to_string(),
                standing: Standing::Runnable,
                stopped: None,
                inbox: Vec::new(),
                heard: Vec::new(),
                startup: 0,
                last_turn: 0,
            }],
            exchange: Exchange::default(),
            cores: vec![0; options.cores.max(1)],
            code,
            source: Rc::from(source),
            options,
            clock: 0,
            turns: 0,
            ended: None,
        }
    }

    pub(crate) fn now(&self) -> Nanos {
        if self.procs.len() == 1 {
            return self.procs[0].driver.now;
        }
        self.clock
    }

    pub(crate) fn reach(&mut self, at: Nanos) {
        self.clock = self.clock.max(at);
        if self.procs.len() == 1 {
            let driver = &mut self.procs[0].driver;
            driver.now = driver.now.max(at);
            driver.wake_due();
        }
    }

    pub(crate) fn stop(&mut self, why: &str) {
        if self.ended.is_none() {
            self.ended = Some(Some(why.to_string()));
        }
    }

    pub(crate) fn advance(&mut self) -> Advance {
        if self.ended.is_some() {
            return Advance::Ended;
        }
        if self.procs.len() == 1 {
            // One process: its driver's turns, as the model has always run them.
            let turn = self.procs[0].driver.turn();
            self.route(0);
            let alone = self.procs.len() == 1;
            return match turn {
                Turn::Ran => Advance::Ran,
                Turn::Idle(at) if alone => Advance::IdleUntil(at),
                Turn::Idle(at) => {
                    self.procs[0].standing = Standing::Idle(at);
                    Advance::Ran
                }
                Turn::Waiting if alone => {
                    let message = self.procs[0].driver.deadlock_message();
                    self.ended = Some(Some(message));
                    Advance::Ended
                }
                Turn::Waiting => {
                    self.procs[0].standing = Standing::Waiting;
                    Advance::Ran
                }
                Turn::Ended(stopped) => {
                    self.procs[0].stopped = stopped;
                    self.procs[0].standing = Standing::Ended;
                    self.after_end(0);
                    Advance::Ended
                }
            };
        }
        self.advance_many()
    }

    fn advance_many(&mut self) -> Advance {
        let Some((index, at)) = self
            .procs
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.next().map(|at| (i, at, p.last_turn)))
            .min_by_key(|&(i, at, last)| (at, last, i))
            .map(|(i, at, _)| (i, at))
        else {
            let message = self.deadlock_message();
            self.ended = Some(Some(message));
            return Advance::Ended;
        };
        if at > self.clock {
            return Advance::IdleUntil(at);
        }
        // The core free first; a process that must wait for one starts later.
        let core = (0..self.cores.len())
            .min_by_key(|&c| self.cores[c])
            .unwrap_or(0);
        let proc = &mut self.procs[index];
        let start = at.max(proc.driver.now);
        if self.cores[core] > start && proc.standing == Standing::Runnable {
            proc.driver.now = self.cores[core];
            return Advance::Ran;
        }
        self.turns += 1;
        proc.last_turn = self.turns;
        if proc.startup > 0 {
            // A new interpreter starting up: it computes on the core before its first
            // instruction.
            // In slices, as the operating system shares cores between processes.
            let began = start.max(self.cores[core]);
            let slice = proc.startup.min(MULTI_SLICE_NS);
            proc.driver.starting_up(began, slice);
            proc.startup -= slice;
            self.cores[core] = proc.driver.now;
            return Advance::Ran;
        }
        proc.driver.now = start;
        proc.driver.wake_due();
        // What has arrived by now.
        let now = proc.driver.now;
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut proc.inbox)
            .into_iter()
            .partition(|(t, _)| *t <= now);
        proc.inbox = later;
        for (t, input) in due {
            match input {
                Input::Deliver {
                    channel,
                    message,
                    lock,
                    from,
                    sent,
                } => {
                    proc.driver.deliver(channel, message, lock, t);
                    proc.heard.push((t, from, sent));
                }
                Input::ChildExited { pid, code, from } => {
                    proc.driver.child_exited(pid, code, t);
                    proc.heard.push((t, from, t));
                }
            }
            proc.standing = Standing::Runnable;
        }
        let turn = proc.driver.turn();
        proc.standing = match turn {
            Turn::Ran => Standing::Runnable,
            Turn::Idle(at) => Standing::Idle(at),
            Turn::Waiting => Standing::Waiting,
            Turn::Ended(stopped) => {
                proc.stopped = stopped;
                Standing::Ended
            }
        };
        self.cores[core] = self.procs[index].driver.now;
        self.clock = self.clock.max(
            self.procs
                .iter()
                .filter_map(Proc::next)
                .min()
                .unwrap_or(self.procs[index].driver.now),
        );
        self.route(index);
        if self.procs[index].standing == Standing::Ended {
            self.after_end(index);
        }
        if self.ended.is_some() {
            return Advance::Ended;
        }
        Advance::Ran
    }

    /// A process ended: its parent hears of it; the main process's end is the run's.
    fn after_end(&mut self, index: usize) {
        self.exchange.forget(index);
        let end = self.procs[index].driver.now;
        if index == 0 {
            let stopped = self.procs[0].stopped.clone();
            for i in 1..self.procs.len() {
                if self.procs[i].standing != Standing::Ended {
                    let proc = &mut self.procs[i];
                    proc.driver.now = proc.driver.now.max(end);
                    proc.driver
                        .kill_all(-15, "stopped: its parent process exited");
                    proc.standing = Standing::Ended;
                }
            }
            self.ended = Some(stopped);
            return;
        }
        if let Some(message) = self.procs[index].stopped.clone() {
            // A child that ran out of budget or deadlocked on its own stops the run:
            // CPython's parent would wait for it forever.
            let name = self.procs[index].name.clone();
            self.ended = Some(Some(format!("{name}: {message}")));
            return;
        }
        let code = self.procs[index].driver.interp.exit_code;
        let pid = self.procs[index].pid;
        if let Some(parent) = self.procs[index].parent {
            self.procs[parent].inbox.push((
                end + EXIT_NS,
                Input::ChildExited {
                    pid,
                    code,
                    from: index,
                },
            ));
        }
    }

    /// Carries out what process `index` asked for in its last turn.
    fn route(&mut self, index: usize) {
        let effects = std::mem::take(&mut self.procs[index].driver.effects);
        for effect in effects {
            match effect {
                Effect::Start {
                    pid,
                    name,
                    daemon: _,
                    payload,
                    at,
                } => self.start_child(index, pid, name, payload, at),
                Effect::Kill { pid, code, at } => {
                    if let Some(child) = self.procs.iter().position(|p| p.pid == pid) {
                        let proc = &mut self.procs[child];
                        if proc.standing != Standing::Ended {
                            proc.driver.now = proc.driver.now.max(at);
                            let how = if code == -9 { "killed" } else { "terminated" };
                            proc.driver.kill_all(code, &format!("{how} by its parent"));
                            proc.standing = Standing::Ended;
                            self.procs[child].inbox.clear();
                            self.after_end(child);
                        }
                    }
                }
                Effect::Send {
                    channel,
                    message,
                    at,
                } => {
                    let deliveries = self.exchange.send(channel, index, message, at);
                    self.post(deliveries);
                }
                Effect::Want { channel, lock, at } => {
                    let deliveries = self.exchange.want(channel, index, lock, at);
                    self.post(deliveries);
                }
            }
        }
    }

    /// Puts each delivery in its process's inbox, due once both ends were there and
    /// the message has crossed.
    fn post(&mut self, deliveries: Vec<Delivery>) {
        for d in deliveries {
            let at = d.sent.max(d.wanted) + MESSAGE_NS;
            if let Some(proc) = self.procs.get_mut(d.to) {
                if proc.standing != Standing::Ended {
                    proc.inbox.push((
                        at,
                        Input::Deliver {
                            channel: d.channel,
                            message: d.message,
                            lock: d.lock,
                            from: d.from,
                            sent: d.sent,
                        },
                    ));
                }
            }
        }
    }

    fn start_child(&mut self, parent: usize, pid: i64, name: String, payload: Pickled, at: Nanos) {
        let mut options = self.options.clone();
        options.max_slice_ns = Some(
            options
                .max_slice_ns
                .map_or(MULTI_SLICE_NS, |s| s.min(MULTI_SLICE_NS)),
        );
        for proc in &mut self.procs {
            proc.driver.options.max_slice_ns = options.max_slice_ns;
        }
        let state = ProcessState::child(pid, self.procs[parent].pid, payload, options.cores.max(1));
        let start = at + SPAWN_NS;
        match super::child_driver(
            self.code.clone(),
            &self.source,
            options,
            state,
            start,
            &name,
        ) {
            Ok(driver) => {
                self.clock = self.clock.max(self.procs[parent].driver.now.min(start));
                self.procs.push(Proc {
                    driver,
                    pid,
                    parent: Some(parent),
                    name,
                    standing: Standing::Runnable,
                    stopped: None,
                    inbox: Vec::new(),
                    heard: Vec::new(),
                    startup: STARTUP_NS,
                    last_turn: 0,
                });
            }
            Err(message) => {
                self.ended = Some(Some(format!(
                    "stopped: a child process could not start: {message}"
                )));
            }
        }
    }

    fn deadlock_message(&mut self) -> String {
        let mut waits = Vec::new();
        for proc in &mut self.procs {
            if proc.standing == Standing::Waiting {
                waits.push(format!("{} waits for another process", proc.name));
            }
        }
        format!(
            "deadlock: every process is waiting and nothing can wake them. {}",
            waits.join("; ")
        )
    }

    pub(crate) fn finish(self) -> Run {
        let World {
            procs,
            ended,
            options,
            ..
        } = self;
        let stopped = ended.flatten();
        if procs.len() == 1 {
            let mut procs = procs;
            let proc = procs.pop().expect("one process");
            let mut stopped = stopped.or(proc.stopped);
            if stopped.is_none() && proc.driver.interp.output_truncated {
                stopped = Some(proc.driver.truncated_message());
            }
            return proc.driver.finish(stopped);
        }
        merge(finished(procs, stopped), options.max_events)
    }
}

/// What [`merge`] needs of each process: its name, its run, and what it heard from
/// whom (when, from which process, sent when).
pub(crate) type Part = (String, Run, Vec<(Nanos, usize, Nanos)>);

/// The world's processes, finished, for [`merge`].
fn finished(procs: Vec<Proc>, stopped: Option<String>) -> Vec<Part> {
    procs
        .into_iter()
        .enumerate()
        .map(|(i, proc)| {
            let stop = if i == 0 { stopped.clone() } else { None };
            (proc.name, proc.driver.finish(stop), proc.heard)
        })
        .collect()
}

/// Lays the processes' runs side by side.
pub(crate) fn merge(parts: Vec<Part>, max_events: usize) -> Run {
    let mut runs = Vec::new();
    let mut meta = Vec::new();
    for (name, run, heard) in parts {
        let partial_out = !run.stdout.is_empty() && !run.stdout.ends_with('\n');
        let partial_err = !run.stderr.is_empty() && !run.stderr.ends_with('\n');
        meta.push((name, heard, partial_out, partial_err));
        runs.push(run);
    }
    let mut out = Run {
        exit_code: runs[0].exit_code,
        stopped: runs[0].stopped.clone(),
        ..Run::default()
    };
    // Lanes, spans, marks and counters, each process's after the last.
    let mut offsets = Vec::new();
    let mut lines: Vec<(Micros, usize, usize, crate::timeline::OutputLine)> = Vec::new();
    for (p, run) in runs.iter_mut().enumerate() {
        let offset = out.timeline.lanes.len();
        offsets.push(offset);
        let name = &meta[p].0;
        for (l, mut lane) in std::mem::take(&mut run.timeline.lanes)
            .into_iter()
            .enumerate()
        {
            if p > 0 && l > 0 {
                lane.name = format!("{name}: {}", lane.name);
            }
            out.timeline.lanes.push(lane);
        }
        for mut span in std::mem::take(&mut run.timeline.spans) {
            span.lane += offset;
            out.timeline.spans.push(span);
        }
        for mut mark in std::mem::take(&mut run.timeline.marks) {
            mark.lane = mark.lane.map(|l| l + offset);
            out.timeline.marks.push(mark);
        }
        for mut counter in std::mem::take(&mut run.timeline.counters) {
            if p > 0 {
                counter.name = format!("{name}: {}", counter.name);
            }
            out.timeline.counters.push(counter);
        }
        out.timeline.end = out.timeline.end.max(run.timeline.end);
        for (i, line) in std::mem::take(&mut run.timeline.output)
            .into_iter()
            .enumerate()
        {
            lines.push((line.at, p, i, line));
        }
        out.units += run.units;
        out.steps_truncated |= run.steps_truncated;
        for note in std::mem::take(&mut run.notes) {
            if !out.notes.contains(&note) {
                out.notes.push(note);
            }
        }
    }
    lines.sort_by_key(|(at, p, i, _)| (*at, *p, *i));
    // Lines of different processes printed within the tie window: the order is the
    // operating system's, unless the later printer had heard from the earlier one
    // after its line.
    let count = lines.len();
    for k in 1..count {
        let (at_a, pa, _, ref a) = lines[k - 1];
        let (at_b, pb, _, ref b) = lines[k];
        // Two equal lines in either order print the same.
        if pa == pb
            || a.stderr
            || b.stderr
            || a.text == b.text
            || at_b.saturating_sub(at_a) >= TIE_WINDOW_US
        {
            continue;
        }
        let heard = meta[pb].1.iter().any(|&(when, from, sent)| {
            from == pa && ns_to_us(sent) >= at_a && ns_to_us(when) <= at_b
        });
        if !heard {
            lines[k - 1].3.tied = true;
            lines[k].3.tied = true;
        }
    }
    // Each process's last line of a stream lacks its newline if the process wrote none.
    let mut last_out = vec![None; runs.len()];
    let mut last_err = vec![None; runs.len()];
    for (k, (_, p, _, line)) in lines.iter().enumerate() {
        if line.stderr {
            last_err[*p] = Some(k);
        } else {
            last_out[*p] = Some(k);
        }
    }
    for (k, (_, p, _, line)) in lines.iter().enumerate() {
        let (stream, partial) = if line.stderr {
            (&mut out.stderr, meta[*p].3 && last_err[*p] == Some(k))
        } else {
            (&mut out.stdout, meta[*p].2 && last_out[*p] == Some(k))
        };
        stream.push_str(&line.text);
        if !partial {
            stream.push('\n');
        }
    }
    out.timeline.output = lines.into_iter().map(|(_, _, _, line)| line).collect();
    // Steps in time order, each process's lanes and locks renumbered.
    let mut steps = Vec::new();
    for (p, run) in runs.into_iter().enumerate() {
        let offset = offsets[p];
        for mut step in run.steps {
            step.lane = step.lane.map(|l| l + offset);
            for lane in &mut step.lanes {
                lane.lane += offset;
            }
            step.gil_holder = step.gil_holder.map(|l| l + offset);
            for w in &mut step.gil_waiters {
                *w += offset;
            }
            for lock in &mut step.locks {
                lock.lock |= (p as u64) << 40;
                lock.holder = lock.holder.map(|l| l + offset);
                for w in &mut lock.waiters {
                    *w += offset;
                }
            }
            steps.push((step.at, p, step));
        }
    }
    steps.sort_by_key(|(at, p, _)| (*at, *p));
    if steps.len() > max_events {
        steps.truncate(max_events);
        out.steps_truncated = true;
    }
    out.steps = steps.into_iter().map(|(_, _, s)| s).collect();
    out
}
