//! Chrome trace JSON: export a [`Timeline`] so it opens in Perfetto (or
//! `chrome://tracing`), and import a trace recorded from real CPython to draw beside the
//! model and the browser.
//!
//! Export writes one "complete" event (`"ph": "X"`) per span, each lane on its own
//! `tid` with a `thread_name` metadata event so Perfetto labels it, and one instant
//! event (`"ph": "i"`) per mark. Import accepts the same shape, or the bare event array
//! the format also allows, and treats the file as hostile: it is size-capped, every
//! field is checked, and any problem comes back as a [`TraceError`] that names it,
//! without a partial timeline.

use crate::timeline::Micros;
use crate::timeline::{Lane, LaneKind, Mark, MarkKind, Span, SpanState, Timeline};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt;

/// The largest trace file accepted, in bytes.
pub const MAX_TRACE_BYTES: usize = 5 * 1024 * 1024;
/// The most events accepted from one file.
pub const MAX_TRACE_EVENTS: usize = 20_000;
/// The most lanes accepted from one file.
pub const MAX_TRACE_LANES: usize = 256;
/// The longest trace accepted: an hour, far beyond any lesson.
pub const MAX_TRACE_SPAN: Micros = 3_600_000_000;

/// Why a trace file could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceError(pub String);

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TraceError {}

fn fail<T>(message: impl Into<String>) -> Result<T, TraceError> {
    Err(TraceError(message.into()))
}

/// The timeline as Chrome trace JSON.
pub fn to_chrome_trace(timeline: &Timeline) -> String {
    let mut events = Vec::with_capacity(timeline.spans.len() + timeline.lanes.len() * 2);
    events.push(json!({
        "name": "process_name", "ph": "M", "pid": 1, "tid": 0,
        "args": { "name": "Interleave" }
    }));
    for (tid, lane) in timeline.lanes.iter().enumerate() {
        events.push(json!({
            "name": "thread_name", "ph": "M", "pid": 1, "tid": tid,
            "args": { "name": lane.name }
        }));
        events.push(json!({
            "name": "thread_sort_index", "ph": "M", "pid": 1, "tid": tid,
            "args": { "sort_index": tid }
        }));
    }
    for span in &timeline.spans {
        events.push(json!({
            "name": span.state.label(),
            "cat": "span",
            "ph": "X",
            "ts": span.start,
            "dur": span.duration(),
            "pid": 1,
            "tid": span.lane,
            "args": { "state": span.state.label() }
        }));
    }
    for mark in &timeline.marks {
        events.push(json!({
            "name": if mark.label.is_empty() { format!("{:?}", mark.kind) } else { mark.label.clone() },
            "cat": "mark",
            "ph": "i",
            "s": if mark.lane.is_some() { "t" } else { "p" },
            "ts": mark.at,
            "pid": 1,
            "tid": mark.lane.unwrap_or(0),
        }));
    }
    json!({ "traceEvents": events, "displayTimeUnit": "ms" }).to_string()
}

/// Reads a Chrome trace into a timeline: one lane per `tid` (named by `thread_name`
/// metadata, else by its events' names), spans from complete events, times shifted so
/// the first event starts at zero.
pub fn from_chrome_trace(text: &str) -> Result<Timeline, TraceError> {
    if text.len() > MAX_TRACE_BYTES {
        return fail(format!(
            "The file is {} KB; traces up to {} KB are accepted.",
            text.len() / 1024,
            MAX_TRACE_BYTES / 1024
        ));
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|error| TraceError(format!("The file is not valid JSON: {error}.")))?;
    let events = match &value {
        Value::Array(events) => events,
        Value::Object(object) => match object.get("traceEvents") {
            Some(Value::Array(events)) => events,
            _ => return fail("The JSON has no \"traceEvents\" list, so it is not a Chrome trace."),
        },
        _ => {
            return fail(
                "A Chrome trace is a JSON object with \"traceEvents\", or a list of events.",
            )
        }
    };
    if events.len() > MAX_TRACE_EVENTS {
        return fail(format!(
            "The trace has {} events; at most {MAX_TRACE_EVENTS} are accepted.",
            events.len()
        ));
    }

    struct RawSpan {
        tid: i64,
        name: String,
        state: SpanState,
        start: f64,
        duration: f64,
    }
    let mut raw_spans = Vec::new();
    let mut thread_names: BTreeMap<i64, String> = BTreeMap::new();
    for (index, event) in events.iter().enumerate() {
        let Some(event) = event.as_object() else {
            return fail(format!("Event {index} is not an object."));
        };
        let phase = event.get("ph").and_then(Value::as_str).unwrap_or("");
        let tid = match event.get("tid") {
            None => 0,
            Some(value) => value.as_i64().ok_or_else(|| {
                TraceError(format!(
                    "Event {index} has a tid that is not a whole number."
                ))
            })?,
        };
        match phase {
            "X" => {
                let start = number(event.get("ts"), index, "ts")?;
                let duration = number(event.get("dur"), index, "dur")?;
                let name = text_field(event.get("name"));
                let state = event
                    .get("args")
                    .and_then(|args| args.get("state"))
                    .and_then(Value::as_str)
                    .and_then(state_from_label)
                    .unwrap_or(SpanState::Running);
                raw_spans.push(RawSpan {
                    tid,
                    name,
                    state,
                    start,
                    duration,
                });
            }
            "M" if event.get("name").and_then(Value::as_str) == Some("thread_name") => {
                let name = event
                    .get("args")
                    .and_then(|args| args.get("name"))
                    .map(|name| text_field(Some(name)))
                    .unwrap_or_default();
                thread_names.insert(tid, name);
            }
            // Other phases (instants, counters, flow events) carry nothing we draw.
            _ => {}
        }
    }
    if raw_spans.is_empty() {
        return fail("The trace has no complete (\"ph\": \"X\") events to draw.");
    }

    let origin = raw_spans
        .iter()
        .map(|s| s.start)
        .fold(f64::INFINITY, f64::min);
    let mut tids: Vec<i64> = raw_spans.iter().map(|s| s.tid).collect();
    tids.sort_unstable();
    tids.dedup();
    if tids.len() > MAX_TRACE_LANES {
        return fail(format!(
            "The trace has {} threads; at most {MAX_TRACE_LANES} are accepted.",
            tids.len()
        ));
    }
    let lanes: Vec<Lane> = tids
        .iter()
        .map(|tid| {
            let name = thread_names
                .get(tid)
                .cloned()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| {
                    raw_spans
                        .iter()
                        .find(|s| s.tid == *tid && state_from_label(&s.name).is_none())
                        .map(|s| s.name.clone())
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| format!("tid {tid}"))
                });
            Lane {
                name,
                kind: LaneKind::Thread,
            }
        })
        .collect();

    let mut spans = Vec::with_capacity(raw_spans.len());
    for raw in &raw_spans {
        let start = raw.start - origin;
        let end = start + raw.duration;
        if end > MAX_TRACE_SPAN as f64 {
            return fail("The trace lasts more than an hour; that is not a lesson's program.");
        }
        spans.push(Span {
            lane: tids.binary_search(&raw.tid).unwrap_or(0),
            state: raw.state,
            start: start.round() as Micros,
            end: end.round() as Micros,
        });
    }
    let end = spans.iter().map(|s| s.end).max().unwrap_or(0);
    let marks = lanes
        .iter()
        .enumerate()
        .filter_map(|(lane, _)| {
            spans
                .iter()
                .filter(|s| s.lane == lane)
                .map(|s| s.end)
                .max()
                .map(|at| Mark {
                    at,
                    kind: MarkKind::Finished,
                    lane: Some(lane),
                    label: String::new(),
                })
        })
        .collect();
    Ok(Timeline {
        lanes,
        spans,
        marks,
        output: Vec::new(),
        counters: Vec::new(),
        end,
    })
}

fn number(value: Option<&Value>, index: usize, field: &str) -> Result<f64, TraceError> {
    match value.and_then(Value::as_f64) {
        Some(number) if number.is_finite() && (0.0..=1e15).contains(&number) => Ok(number),
        Some(_) => fail(format!(
            "Event {index} has a {field} outside the range a trace can have."
        )),
        None => fail(format!("Event {index} has no numeric {field}.")),
    }
}

/// A display string from a JSON value, trimmed to a sane length.
fn text_field(value: Option<&Value>) -> String {
    let text = match value {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    text.chars().filter(|c| !c.is_control()).take(40).collect()
}

/// The state whose [`SpanState::label`] is `label`.
fn state_from_label(label: &str) -> Option<SpanState> {
    SpanState::ALL
        .iter()
        .copied()
        .find(|state| state.label() == label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Timeline {
        Timeline {
            lanes: vec![
                Lane {
                    name: "main".into(),
                    kind: LaneKind::Main,
                },
                Lane {
                    name: "A".into(),
                    kind: LaneKind::Task,
                },
            ],
            spans: vec![
                Span {
                    lane: 0,
                    state: SpanState::Blocked,
                    start: 0,
                    end: 300_000,
                },
                Span {
                    lane: 1,
                    state: SpanState::WaitingIo,
                    start: 0,
                    end: 300_000,
                },
            ],
            marks: vec![Mark {
                at: 300_000,
                kind: MarkKind::GatherReturned,
                lane: None,
                label: "results: ['A']".into(),
            }],
            output: vec![],
            counters: Vec::new(),
            end: 300_000,
        }
    }

    #[test]
    fn export_then_import_keeps_lanes_and_spans() {
        let exported = to_chrome_trace(&sample());
        let back = from_chrome_trace(&exported).unwrap();
        assert_eq!(
            back.lanes
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>(),
            ["main", "A"]
        );
        assert_eq!(back.spans, sample().spans);
        assert_eq!(back.end, 300_000);
    }

    #[test]
    fn export_puts_each_lane_on_its_own_tid_with_a_name() {
        let exported: Value = serde_json::from_str(&to_chrome_trace(&sample())).unwrap();
        let events = exported["traceEvents"].as_array().unwrap();
        let names: Vec<(i64, &str)> = events
            .iter()
            .filter(|e| e["name"] == "thread_name")
            .map(|e| {
                (
                    e["tid"].as_i64().unwrap(),
                    e["args"]["name"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(names, [(0, "main"), (1, "A")]);
        assert!(events
            .iter()
            .any(|e| e["ph"] == "X" && e["tid"] == 1 && e["dur"] == 300_000));
    }

    #[test]
    fn imports_the_trace_the_python_program_records() {
        // The shape `python::render(.., record_trace: true)` writes: no metadata events,
        // lanes named by their events, times from perf_counter.
        let text = r#"{"traceEvents": [
            {"name": "A", "ph": "X", "ts": 1000.5, "dur": 300000, "pid": 1, "tid": 1, "args": {"state": "waiting on I/O", "step": 0}},
            {"name": "B", "ph": "X", "ts": 1002, "dur": 100000, "pid": 1, "tid": 2, "args": {"state": "running", "step": 0}}
        ]}"#;
        let timeline = from_chrome_trace(text).unwrap();
        assert_eq!(
            timeline
                .lanes
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>(),
            ["A", "B"]
        );
        assert_eq!(timeline.spans[0].state, SpanState::WaitingIo);
        assert_eq!(timeline.spans[0].start, 0);
        assert_eq!(timeline.spans[1].start, 2);
    }

    #[test]
    fn hostile_or_malformed_files_get_a_clear_message() {
        let cases = [
            ("", "not valid JSON"),
            ("{\"a\": 1}", "no \"traceEvents\""),
            ("42", "JSON object"),
            ("[1]", "Event 0 is not an object"),
            (
                "[{\"ph\": \"X\", \"ts\": \"soon\", \"dur\": 1}]",
                "no numeric ts",
            ),
            (
                "[{\"ph\": \"X\", \"ts\": -5, \"dur\": 1}]",
                "outside the range",
            ),
            (
                "[{\"ph\": \"X\", \"ts\": 1e300, \"dur\": 1}]",
                "outside the range",
            ),
            (
                "[{\"ph\": \"X\", \"ts\": 0, \"dur\": 1, \"tid\": 1.5}]",
                "tid",
            ),
            ("[{\"ph\": \"B\", \"ts\": 0}]", "no complete"),
            (
                "[{\"ph\": \"X\", \"ts\": 0, \"dur\": 4e12}]",
                "more than an hour",
            ),
        ];
        for (text, expected) in cases {
            let error = from_chrome_trace(text).unwrap_err();
            assert!(error.0.contains(expected), "{text:?} gave {error}");
        }
        let huge = format!(
            "[{}]",
            vec!["{\"ph\":\"X\",\"ts\":0,\"dur\":1}"; MAX_TRACE_EVENTS + 1].join(",")
        );
        assert!(from_chrome_trace(&huge).unwrap_err().0.contains("events"));
        let too_big = " ".repeat(MAX_TRACE_BYTES + 1);
        assert!(from_chrome_trace(&too_big).unwrap_err().0.contains("KB"));
    }
}
