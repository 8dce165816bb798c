//! The live runtime's recorder: turns "lane 3 is now waiting on I/O at t" into spans.
//!
//! It mirrors the model's recorder so both engines build a [`Timeline`] the same way, and
//! adds what only a live run needs: a snapshot with every open span drawn up to "now",
//! cheap enough to take on every animation frame.

use interleave_core::scenario::{Micros, PyError};
use interleave_core::timeline::{Lane, Mark, MarkKind, OutputLine, Span, SpanState, Timeline};

pub struct Recorder {
    timeline: Timeline,
    /// The open span of each lane: its state and since when.
    open: Vec<Option<(SpanState, Micros)>>,
    /// Set by [`Recorder::finish`]: the timeline is complete and `end` is final.
    finished: bool,
}

impl Recorder {
    pub fn new(lanes: Vec<Lane>) -> Self {
        let open = vec![None; lanes.len()];
        Recorder {
            timeline: Timeline {
                lanes,
                ..Timeline::default()
            },
            open,
            finished: false,
        }
    }

    /// Puts `lane` into `state` (or no state) from instant `at`, closing its open span.
    /// Instants come from two clocks (the page and a worker), so an instant earlier than
    /// the open span's start is moved up to it; zero-length spans are dropped.
    pub fn set_state(&mut self, lane: usize, state: Option<SpanState>, at: Micros) {
        if self.finished {
            return;
        }
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
        if !self.finished {
            self.timeline.marks.push(Mark {
                at,
                kind,
                lane,
                label,
            });
        }
    }

    pub fn print(&mut self, text: String, at: Micros) {
        if !self.finished {
            self.timeline.output.push(OutputLine { at, text });
        }
    }

    /// Closes every open span at `end` and fixes the makespan. Later calls change nothing.
    pub fn finish(&mut self, end: Micros, error: Option<PyError>) {
        if self.finished {
            return;
        }
        for lane in 0..self.open.len() {
            self.set_state(lane, None, end);
        }
        self.timeline.end = self.timeline.end.max(end);
        self.timeline.error = error;
        self.finished = true;
    }

    /// The timeline as it stands at `now`: closed spans plus every open span drawn up
    /// to `now`. After [`Recorder::finish`] it is the final timeline.
    pub fn snapshot(&self, now: Micros) -> Timeline {
        let mut timeline = self.timeline.clone();
        if !self.finished {
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
        }
        timeline
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
