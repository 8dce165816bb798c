//! The recorder every engine writes into: spans, marks, printed lines, steps and events.
//!
//! Engines only say "lane 3 is now waiting on I/O" or "main printed this line"; the
//! recorder turns state changes into [`Span`]s and keeps the event list bounded.

use super::{ModelEvent, Prediction, Snapshot, StepRecord, SNAPSHOT_NAMES};
use crate::scenario::{thousands, Micros, PyError};
use crate::timeline::{Lane, MarkKind, SpanState, TimelineBuilder};

pub struct Recorder {
    timeline: TimelineBuilder,
    events: Vec<ModelEvent>,
    max_events: usize,
    events_truncated: bool,
    steps: Vec<StepRecord>,
}

impl Recorder {
    pub fn new(lanes: Vec<Lane>, max_events: usize) -> Self {
        Recorder {
            timeline: TimelineBuilder::new(lanes),
            events: Vec::new(),
            max_events,
            events_truncated: false,
            steps: Vec::new(),
        }
    }

    /// Puts `lane` into `state` (or no state) from instant `at`, closing its open span.
    pub fn set_state(&mut self, lane: usize, state: Option<SpanState>, at: Micros) {
        self.timeline.set_state(lane, state, at);
    }

    pub fn mark(&mut self, lane: Option<usize>, kind: MarkKind, label: String, at: Micros) {
        self.timeline.mark(lane, kind, label, at);
    }

    pub fn print(&mut self, text: String, at: Micros) {
        self.timeline.print(text, at);
    }

    pub fn step(&mut self, record: StepRecord) {
        self.steps.push(record);
    }

    /// Whether the next event will be kept, so engines build snapshots only when needed.
    pub fn wants_event(&mut self) -> bool {
        if self.events.len() < self.max_events {
            true
        } else {
            self.events_truncated = true;
            false
        }
    }

    pub fn event(&mut self, at: Micros, description: String, snapshot: Snapshot) {
        if self.wants_event() {
            self.events.push(ModelEvent {
                at,
                description,
                snapshot,
            });
        }
    }

    pub fn finish(self, end: Micros, error: Option<PyError>) -> Prediction {
        Prediction {
            timeline: self.timeline.finish(end, error),
            events: self.events,
            events_truncated: self.events_truncated,
            steps: self.steps,
        }
    }
}

/// Collects at most [`SNAPSHOT_NAMES`] names out of `total`, then says how many more
/// there were. Taking only the first few keeps a snapshot cheap when 10,000 tasks wait.
pub fn capped_names<'a>(names: impl Iterator<Item = &'a str>, total: usize) -> Vec<String> {
    let mut out: Vec<String> = names.take(SNAPSHOT_NAMES).map(str::to_string).collect();
    let more = total.saturating_sub(out.len());
    if more > 0 && out.len() == SNAPSHOT_NAMES {
        out.push(format!("… {} more", thousands(more as u64)));
    }
    out
}

/// Collects the earliest [`SNAPSHOT_NAMES`] timers without sorting all of them.
pub fn capped_timers(mut timers: Vec<(Micros, u64, &str)>) -> Vec<(String, Micros)> {
    let total = timers.len();
    if total > SNAPSHOT_NAMES {
        timers.select_nth_unstable(SNAPSHOT_NAMES);
        timers.truncate(SNAPSHOT_NAMES);
    }
    timers.sort_unstable();
    let mut out: Vec<(String, Micros)> = timers
        .into_iter()
        .map(|(at, _, name)| (name.to_string(), at))
        .collect();
    if total > SNAPSHOT_NAMES {
        let last = out.last().map(|(_, at)| *at).unwrap_or(0);
        out.push((
            format!("… {} more", thousands((total - SNAPSHOT_NAMES) as u64)),
            last,
        ));
    }
    out
}
