//! The live runtime's recorder: turns "lane 3 is now waiting on I/O at t" into spans.
//!
//! It records through the same [`TimelineBuilder`] as the model, so both engines build a
//! [`Timeline`] the same way, and adds what only a live run needs: a snapshot with every
//! open span drawn up to "now", and a finished state that late reports cannot change.

use interleave_core::scenario::{Micros, PyError};
use interleave_core::timeline::{Lane, MarkKind, SpanState, Timeline, TimelineBuilder};

pub struct Recorder {
    /// The spans so far, built the same way as the model's.
    builder: TimelineBuilder,
    /// Set by [`Recorder::finish`]: the timeline is complete and nothing changes it.
    finished: Option<Timeline>,
}

impl Recorder {
    pub fn new(lanes: Vec<Lane>) -> Self {
        Recorder {
            builder: TimelineBuilder::new(lanes),
            finished: None,
        }
    }

    /// Puts `lane` into `state` (or no state) from instant `at`, closing its open span.
    /// Once the run has finished, late reports change nothing.
    pub fn set_state(&mut self, lane: usize, state: Option<SpanState>, at: Micros) {
        if self.finished.is_none() {
            self.builder.set_state(lane, state, at);
        }
    }

    pub fn mark(&mut self, lane: Option<usize>, kind: MarkKind, label: String, at: Micros) {
        if self.finished.is_none() {
            self.builder.mark(lane, kind, label, at);
        }
    }

    pub fn print(&mut self, text: String, at: Micros) {
        if self.finished.is_none() {
            self.builder.print(text, at);
        }
    }

    /// Closes every open span at `end` and fixes the makespan. Later calls change nothing.
    pub fn finish(&mut self, end: Micros, error: Option<PyError>) {
        if self.finished.is_none() {
            self.finished = Some(self.builder.clone().finish(end, error));
        }
    }

    /// The timeline as it stands at `now`: closed spans plus every open span drawn up
    /// to `now`. After [`Recorder::finish`] it is the final timeline.
    pub fn snapshot(&self, now: Micros) -> Timeline {
        match &self.finished {
            Some(timeline) => timeline.clone(),
            None => self.builder.snapshot(now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_core::timeline::LaneKind;

    fn lanes() -> Vec<Lane> {
        vec![Lane {
            name: "A".into(),
            kind: LaneKind::Task,
        }]
    }

    #[test]
    fn open_spans_reach_now_and_close_at_finish() {
        let mut rec = Recorder::new(lanes());
        rec.set_state(0, Some(SpanState::Running), 10);
        rec.set_state(0, Some(SpanState::WaitingIo), 30);
        let snapshot = rec.snapshot(50);
        assert_eq!(snapshot.spans.len(), 2);
        assert_eq!(snapshot.spans[1].end, 50);
        assert_eq!(snapshot.end, 50);
        rec.finish(40, None);
        rec.set_state(0, Some(SpanState::Running), 60);
        let done = rec.snapshot(99);
        assert_eq!(done.end, 40);
        assert_eq!(done.spans.len(), 2);
    }

    #[test]
    fn an_instant_from_an_earlier_clock_never_makes_a_negative_span() {
        let mut rec = Recorder::new(lanes());
        rec.set_state(0, Some(SpanState::Ready), 100);
        rec.set_state(0, Some(SpanState::Running), 90);
        rec.set_state(0, None, 150);
        let timeline = rec.snapshot(200);
        assert_eq!(timeline.spans.len(), 1);
        assert_eq!((timeline.spans[0].start, timeline.spans[0].end), (100, 150));
    }
}
