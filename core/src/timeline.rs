//! What ran when: the plain data every engine produces and the view draws.
//!
//! The model ([`crate::sim::predict`]) and the live driver ([`crate::sim::LiveDriver`])
//! both emit a [`Timeline`]; the Gantt view maps it to SVG and never changes it. Keeping it plain
//! data (no signals, no browser types) is what lets one view draw a prediction and a
//! measurement side by side, and lets tests compare them.

use serde::{Deserialize, Serialize};

/// Microseconds since the program started: the unit of every time in a timeline.
pub type Micros = u64;

/// Everything one run (predicted or measured) produced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// One lane per task, thread or pool worker, plus `main` (and the event loop) where
    /// they matter, in the order they should be drawn.
    pub lanes: Vec<Lane>,
    /// Time spans, each on one lane, in no particular order.
    pub spans: Vec<Span>,
    /// Moments that matter, such as "gather returned" or "interpreter exit".
    pub marks: Vec<Mark>,
    /// What the program printed, in order, with the instant each line appeared.
    pub output: Vec<OutputLine>,
    /// Quantities over time, such as a queue's length.
    #[serde(default)]
    pub counters: Vec<Counter>,
    /// When the program ended (the makespan), measured from the start of `main`.
    pub end: Micros,
}

/// A horizontal row of the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lane {
    /// The label drawn at the left, such as `A`, `main`, `Thread-1 (job)` or `worker 0`.
    pub name: String,
    pub kind: LaneKind,
}

/// What a lane stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneKind {
    /// The main coroutine or the main thread.
    Main,
    /// An asyncio task.
    Task,
    /// A `threading.Thread`.
    Thread,
    /// A `ThreadPoolExecutor` work item (one lane per submitted call).
    PoolItem,
}

/// One interval during which a lane was in one state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Index into [`Timeline::lanes`].
    pub lane: usize,
    pub state: SpanState,
    pub start: Micros,
    pub end: Micros,
}

impl Span {
    pub fn duration(&self) -> Micros {
        self.end.saturating_sub(self.start)
    }
}

/// The state of a lane during a span. Matched in one place per consumer (legend, colour,
/// pattern, label), so adding a state is a compile error everywhere it must be drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SpanState {
    /// Executing on a CPU (holding the event loop, or the GIL).
    Running,
    /// Waiting for I/O (a sleep) without using the CPU.
    WaitingIo,
    /// A blocking call inside a coroutine: not computing, but holding the event loop.
    Blocking,
    /// Ready to run but not running: the event loop is busy with another task, or
    /// another thread holds the GIL.
    Ready,
    /// Submitted to a pool but not yet picked up by a worker thread.
    Queued,
    /// Waiting for another task or thread: inside `await`, `gather`, `wait` or `join`.
    Blocked,
}

impl SpanState {
    /// Every state, in legend order.
    pub const ALL: [SpanState; 6] = [
        SpanState::Running,
        SpanState::WaitingIo,
        SpanState::Blocking,
        SpanState::Ready,
        SpanState::Queued,
        SpanState::Blocked,
    ];

    /// A short human label for legends, tables and screen readers.
    pub fn label(self) -> &'static str {
        match self {
            SpanState::Running => "running",
            SpanState::WaitingIo => "waiting on I/O",
            SpanState::Blocking => "blocking call",
            SpanState::Ready => "ready, not running",
            SpanState::Queued => "queued in pool",
            SpanState::Blocked => "blocked (await/join)",
        }
    }
}

/// A moment worth a vertical marker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub at: Micros,
    pub kind: MarkKind,
    /// The lane the mark belongs to, if any (a task's end belongs to its lane; "gather
    /// returned" belongs to `main`).
    pub lane: Option<usize>,
    /// What to show, such as `gather returned ['A', 'B']` or `done={'B'} pending={'A'}`.
    pub label: String,
}

/// The kinds of moments the timeline marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MarkKind {
    /// A task or thread returned normally.
    Finished,
    /// A task or thread raised.
    Failed,
    /// A task or pool future was cancelled.
    Cancelled,
    /// A daemon thread was stopped abruptly at interpreter exit.
    Killed,
    /// `gather` returned or raised.
    GatherReturned,
    /// `wait` returned its `(done, pending)` sets.
    WaitReturned,
    /// A `join()` returned (or timed out).
    Joined,
    /// The pool's `shutdown()` returned.
    Shutdown,
    /// The interpreter exited (after `main` and any non-daemon threads).
    InterpreterExit,
}

/// A quantity that changes over time: a queue's length, drawn as a track.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    /// What it counts, such as `Queue #1 length`.
    pub name: String,
    /// (instant, value) at each change, in time order.
    pub points: Vec<(Micros, u64)>,
}

/// One printed line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputLine {
    pub at: Micros,
    pub text: String,
    /// Written to standard error (a traceback or a warning) rather than printed.
    #[serde(default)]
    pub stderr: bool,
    /// The model found that this line may come in another order relative to its
    /// neighbours in CPython (threads printing at nearly the same instant).
    #[serde(default)]
    pub tied: bool,
}

/// Builds a [`Timeline`] from state changes: "lane 3 is now waiting on I/O at t".
///
/// The model and the live runtime both record through this, so a span means the same
/// thing in a prediction and in a measurement. Instants may come from two clocks (the
/// page and a Web Worker), so an instant earlier than the open span's start is moved up
/// to it rather than making a negative span; zero-length spans are dropped.
#[derive(Clone, Debug, Default)]
pub struct TimelineBuilder {
    timeline: Timeline,
    /// The open span of each lane: its state and since when.
    open: Vec<Option<(SpanState, Micros)>>,
}

impl TimelineBuilder {
    pub fn new(lanes: Vec<Lane>) -> Self {
        TimelineBuilder {
            open: vec![None; lanes.len()],
            timeline: Timeline {
                lanes,
                ..Timeline::default()
            },
        }
    }

    /// Puts `lane` into `state` (or no state) from instant `at`, closing its open span.
    pub fn set_state(&mut self, lane: usize, state: Option<SpanState>, at: Micros) {
        let Some(slot) = self.open.get_mut(lane) else {
            return;
        };
        let mut at = at;
        if let Some((open_state, since)) = *slot {
            if Some(open_state) == state {
                return;
            }
            at = at.max(since);
            if at > since {
                self.timeline.spans.push(Span {
                    lane,
                    state: open_state,
                    start: since,
                    end: at,
                });
            }
        }
        *slot = state.map(|state| (state, at));
    }

    pub fn mark(&mut self, lane: Option<usize>, kind: MarkKind, label: String, at: Micros) {
        self.timeline.marks.push(Mark {
            at,
            kind,
            lane,
            label,
        });
    }

    pub fn print(&mut self, text: String, at: Micros) {
        self.timeline.output.push(OutputLine {
            at,
            text,
            stderr: false,
            tied: false,
        });
    }

    /// Records a line written to standard error.
    pub fn print_stderr(&mut self, text: String, at: Micros) {
        self.timeline.output.push(OutputLine {
            at,
            text,
            stderr: true,
            tied: false,
        });
    }

    /// Adds a lane (a thread or task that came into being during the run).
    pub fn add_lane(&mut self, lane: Lane) -> usize {
        self.timeline.lanes.push(lane);
        self.open.push(None);
        self.timeline.lanes.len() - 1
    }

    /// Records a counter's new value at `at`, creating the counter on first use.
    pub fn count(&mut self, name: &str, value: u64, at: Micros) {
        let counters = &mut self.timeline.counters;
        let index = match counters.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                counters.push(Counter {
                    name: name.to_string(),
                    points: Vec::new(),
                });
                counters.len() - 1
            }
        };
        counters[index].points.push((at, value));
    }

    /// The name of a lane.
    pub fn lane_name(&self, lane: usize) -> Option<&str> {
        self.timeline.lanes.get(lane).map(|l| l.name.as_str())
    }

    /// Renames a lane (a thread names itself once it starts).
    pub fn rename_lane(&mut self, lane: usize, name: String) {
        if let Some(l) = self.timeline.lanes.get_mut(lane) {
            l.name = name;
        }
    }

    /// The timeline as it stands at `now`: closed spans plus every open span drawn up to
    /// `now`, and an end no earlier than any open span's start.
    pub fn snapshot(&self, now: Micros) -> Timeline {
        let mut timeline = self.timeline.clone();
        let mut end = now;
        for (lane, open) in self.open.iter().enumerate() {
            if let Some((state, since)) = *open {
                end = end.max(since);
                if now > since {
                    timeline.spans.push(Span {
                        lane,
                        state,
                        start: since,
                        end: now,
                    });
                }
            }
        }
        timeline.end = end;
        timeline
    }

    /// Closes every open span at `end` and returns the finished timeline.
    pub fn finish(mut self, end: Micros) -> Timeline {
        for lane in 0..self.open.len() {
            self.set_state(lane, None, end);
        }
        self.timeline.end = self.timeline.end.max(end);
        self.timeline
    }
}

impl Timeline {
    /// The printed lines alone, as the program's standard output would show them.
    pub fn printed_lines(&self) -> Vec<&str> {
        self.output
            .iter()
            .filter(|line| !line.stderr)
            .map(|line| line.text.as_str())
            .collect()
    }

    /// Spans of one lane, sorted by start.
    pub fn lane_spans(&self, lane: usize) -> Vec<Span> {
        let mut spans: Vec<Span> = self
            .spans
            .iter()
            .copied()
            .filter(|s| s.lane == lane)
            .collect();
        spans.sort_by_key(|s| (s.start, s.end));
        spans
    }
}

impl SpanState {
    /// The character [`Timeline::to_ascii`] draws for this state.
    pub fn ascii(self) -> char {
        match self {
            SpanState::Running => '#',
            SpanState::WaitingIo => '~',
            SpanState::Blocking => 'B',
            SpanState::Ready => '.',
            SpanState::Queued => 'q',
            SpanState::Blocked => '=',
        }
    }
}

impl MarkKind {
    /// A short lower-case name for text renderings.
    pub fn label(self) -> &'static str {
        match self {
            MarkKind::Finished => "finished",
            MarkKind::Failed => "failed",
            MarkKind::Cancelled => "cancelled",
            MarkKind::Killed => "killed",
            MarkKind::GatherReturned => "gather returned",
            MarkKind::WaitReturned => "wait returned",
            MarkKind::Joined => "joined",
            MarkKind::Shutdown => "shutdown",
            MarkKind::InterpreterExit => "interpreter exit",
        }
    }
}

/// Formats an instant as whole milliseconds for text renderings: `300ms`.
fn ascii_millis(at: Micros) -> String {
    if at % 1_000 == 0 {
        format!("{}ms", at / 1_000)
    } else {
        format!("{:.3}ms", at as f64 / 1_000.0)
    }
}

impl Timeline {
    /// Draws the timeline as text, one character per `resolution` microseconds, so tests
    /// can state a whole run as a picture. Each cell shows the state covering the cell's
    /// first instant (`#` running, `~` I/O, `B` blocking, `.` ready, `q` queued, `=`
    /// blocked, blank for nothing). Marks, printed lines and errors follow the chart.
    pub fn to_ascii(&self, resolution: Micros) -> String {
        let resolution = resolution.max(1);
        let cells = self.end.div_ceil(resolution) as usize;
        let width = self
            .lanes
            .iter()
            .map(|lane| lane.name.chars().count())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (index, lane) in self.lanes.iter().enumerate() {
            let spans = self.lane_spans(index);
            let mut row = String::with_capacity(cells);
            for cell in 0..cells {
                let at = cell as Micros * resolution;
                let state = spans
                    .iter()
                    .find(|span| span.start <= at && at < span.end)
                    .map(|span| span.state.ascii());
                row.push(state.unwrap_or(' '));
            }
            let row = row.trim_end();
            out.push_str(&format!("{:width$} |{row}\n", lane.name));
        }
        let mut marks: Vec<&Mark> = self.marks.iter().collect();
        marks.sort_by_key(|mark| (mark.at, mark.lane));
        for mark in marks {
            let lane = mark
                .lane
                .and_then(|lane| self.lanes.get(lane))
                .map(|lane| lane.name.as_str())
                .unwrap_or("-");
            out.push_str(&format!(
                "@{} {lane}: {}",
                ascii_millis(mark.at),
                mark.kind.label()
            ));
            if !mark.label.is_empty() {
                out.push_str(&format!(" {}", mark.label));
            }
            out.push('\n');
        }
        for line in &self.output {
            out.push_str(&format!("{} > {}\n", ascii_millis(line.at), line.text));
        }
        out.push_str(&format!("end: {}\n", ascii_millis(self.end)));
        out
    }
}
