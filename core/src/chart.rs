//! The Gantt chart as SVG markup: a pure function of a [`Timeline`].
//!
//! The page draws it (and paints the same layout on a canvas for huge runs), the
//! command line writes it to a file. It never changes the timeline. Each state has a
//! CSS class for its colour *and* a pattern, so the chart reads in greyscale and for
//! colour-blind readers; [`STANDALONE_STYLE`] gives those classes colours where there
//! is no page stylesheet.

use crate::timeline::Micros;
use crate::timeline::{Counter, LaneKind, MarkKind, Span, SpanState, Timeline};

/// Geometry of the chart, in CSS pixels.
/// The narrowest room for lane names at the chart's left.
pub const LABEL_WIDTH: f64 = 64.0;
pub const AXIS_HEIGHT: f64 = 26.0;
pub const RIGHT_PAD: f64 = 22.0;
/// Above this many spans, spans that would be drawn narrower than a pixel next to a
/// neighbour of the same state are merged with it: the picture is the same, and the
/// chart stays quick to draw for 10,000 spans.
pub const MERGE_THRESHOLD: usize = 2_000;
/// How tall a counter's track (a queue's length over time) is drawn under the lanes.
pub const COUNTER_HEIGHT: f64 = 46.0;
/// At most this many counters get a track; the chart's description names the rest.
pub const MAX_COUNTER_TRACKS: usize = 4;

/// The height many lanes share.
const LANES_HEIGHT: f64 = 720.0;
/// The thinnest lane: 14,400 lanes fill [`LANES_HEIGHT`]; more make the chart taller.
const MIN_LANE: f64 = 0.05;

/// How tall each lane is drawn, chosen so that any number of lanes fits on a screen:
/// past 24 lanes they share 720 pixels, so a gather of 10,000 tasks is a picture of
/// its shape (which lanes wait, which run, when) rather than 15,000 pixels to scroll.
/// Lanes thinner than a pixel blend into one another; the table lists them all.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneGeometry {
    pub lane: f64,
    pub bar: f64,
    /// The faint prediction strip under a measured bar; zero when lanes are too thin.
    pub strip: f64,
    /// Whether lane names fit.
    pub labels: bool,
}

impl LaneGeometry {
    pub fn for_lanes(count: usize) -> Self {
        if count <= 24 {
            return LaneGeometry {
                lane: 34.0,
                bar: 20.0,
                strip: 5.0,
                labels: true,
            };
        }
        let lane = (LANES_HEIGHT / count as f64).clamp(MIN_LANE, 34.0);
        LaneGeometry {
            lane,
            // Thin lanes are filled edge to edge, so that their states blend into
            // an even picture instead of bars overdrawing their neighbours.
            bar: if lane < 3.0 { lane } else { lane * 0.7 },
            strip: 0.0,
            labels: lane >= 14.0,
        }
    }
}

/// The spans to draw: all of them for an ordinary chart; for a huge one, neighbours in
/// the same lane and state closer than a pixel are merged. Returns indexes into
/// `spans` of the first span of each drawn group, with the group's extent.
pub fn drawable_spans(spans: &[Span], micros_per_pixel: f64) -> Vec<(usize, Span)> {
    if spans.len() <= MERGE_THRESHOLD {
        return spans.iter().copied().enumerate().collect();
    }
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].lane, spans[i].start, spans[i].end));
    let gap = micros_per_pixel.max(0.0) as Micros;
    let mut drawn: Vec<(usize, Span)> = Vec::new();
    for index in order {
        let span = spans[index];
        if let Some((_, last)) = drawn.last_mut() {
            if last.lane == span.lane
                && last.state == span.state
                && span.start <= last.end.saturating_add(gap)
            {
                last.end = last.end.max(span.end);
                continue;
            }
        }
        drawn.push((index, span));
    }
    drawn
}
/// Above this many spans only the first ones are keyboard-focusable, so Tab still
/// reaches the controls after the chart in a reasonable number of presses.
pub const MAX_FOCUSABLE_SPANS: usize = 200;

/// The CSS class that colours and patterns a state; matched here and nowhere else.
pub fn state_class(state: SpanState) -> &'static str {
    match state {
        SpanState::Running => "st-running",
        SpanState::WaitingIo => "st-io",
        SpanState::Blocking => "st-blocking",
        SpanState::Ready => "st-ready",
        SpanState::Queued => "st-queued",
        SpanState::Blocked => "st-blocked",
    }
}

/// A short label for a mark in the list under the chart.
pub fn mark_kind_label(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Finished => "finished",
        MarkKind::Failed => "raised",
        MarkKind::Cancelled => "cancelled",
        MarkKind::Killed => "stopped at exit",
        MarkKind::GatherReturned => "gather returned",
        MarkKind::WaitReturned => "wait returned",
        MarkKind::Joined => "join returned",
        MarkKind::Shutdown => "shutdown returned",
        MarkKind::InterpreterExit => "interpreter exit",
    }
}

/// Whether a mark is drawn as a line across every lane (a moment of the whole program)
/// rather than a tick on one lane.
pub fn is_program_moment(kind: MarkKind) -> bool {
    match kind {
        MarkKind::GatherReturned
        | MarkKind::WaitReturned
        | MarkKind::Shutdown
        | MarkKind::InterpreterExit => true,
        MarkKind::Finished
        | MarkKind::Failed
        | MarkKind::Cancelled
        | MarkKind::Killed
        | MarkKind::Joined => false,
    }
}

/// `text` cut to at most `max` characters, ending in "…" when cut: a gather of a
/// thousand coroutines returns a list nobody should hear read out whole.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Seconds with two decimals, as the table and tooltips show them.
/// Each lane's own colour, at the left edge of its row and on the step-through's marks
/// of its line in the program (Okabe and Ito's palette, told apart with colour blindness).
pub const LANE_COLOURS: [&str; 8] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999",
];

/// The colour of lane `index`.
pub fn lane_colour(index: usize) -> &'static str {
    LANE_COLOURS[index % LANE_COLOURS.len()]
}

pub fn format_seconds(micros: Micros) -> String {
    // Below a millisecond (a race between threads, a few awaits) milliseconds would
    // all read 0.000 s: the microseconds are the point there.
    if micros > 0 && micros < 1_000 {
        return format!("{micros} µs");
    }
    format!("{:.3} s", micros as f64 / 1e6)
}

/// An axis tick's label, precise enough for ticks `step` apart: seconds with two
/// decimals for a lesson's usual tenths of seconds, three for milliseconds, and
/// milliseconds themselves below that.
pub fn tick_label(tick: Micros, step: Micros) -> String {
    match step {
        10_000.. => format!("{:.2}", tick as f64 / 1e6),
        1_000.. => format!("{:.3}", tick as f64 / 1e6),
        100.. => format!("{:.1} ms", tick as f64 / 1e3),
        10.. => format!("{:.2} ms", tick as f64 / 1e3),
        _ => format!("{:.3} ms", tick as f64 / 1e3),
    }
}

/// Axis ticks for a chart that spans `end`: a "nice" step (1, 2 or 5 times a power of
/// ten) giving at most `max_ticks` intervals.
pub fn axis_ticks(end: Micros, max_ticks: usize) -> Vec<Micros> {
    let end = end.max(1);
    let max_ticks = max_ticks.max(1) as u64;
    let mut step: Micros = 1;
    'search: loop {
        for factor in [1, 2, 5] {
            let candidate = step.saturating_mul(factor);
            if end.div_ceil(candidate) <= max_ticks {
                step = candidate;
                break 'search;
            }
        }
        step = step.saturating_mul(10);
    }
    (0..=end.div_ceil(step)).map(|i| i * step).collect()
}

/// A one-sentence summary of a timeline, for the chart's accessible name.
pub fn describe(timeline: &Timeline, what: &str) -> String {
    let tasks = timeline
        .lanes
        .iter()
        .filter(|lane| lane.kind != LaneKind::Main)
        .count();
    let mut text = format!(
        "Timeline ({what}): {tasks} {} over {}.",
        if tasks == 1 { "lane" } else { "lanes" },
        format_seconds(timeline.end)
    );
    for counter in &timeline.counters {
        text.push_str(&format!(" {}: {}.", counter.name, counter_summary(counter)));
    }
    text.push_str(" The table of spans below lists every span.");
    text
}

/// The largest value a counter reached.
pub fn counter_peak(counter: &Counter) -> u64 {
    counter.points.iter().map(|&(_, v)| v).max().unwrap_or(0)
}

/// A counter in words: its peak, when it first reached it, and where it ended.
pub fn counter_summary(counter: &Counter) -> String {
    let peak = counter_peak(counter);
    let first_peak = counter
        .points
        .iter()
        .find(|&&(_, v)| v == peak)
        .map_or(0, |&(at, _)| at);
    let last = counter.points.last().map_or(0, |&(_, v)| v);
    format!(
        "at most {peak}, first at {}; {last} at the end",
        format_seconds(first_peak)
    )
}

/// The outline of a counter's track as a step line: `(x, y)` vertices from the start
/// to `end`, with the value 0 at `bottom` and `peak` at `top`. Changes closer than a
/// pixel are merged (their column keeps its highest value), so a queue that changes
/// 100,000 times draws in a few hundred vertices and no spike disappears.
pub fn counter_vertices(
    layout: &Layout,
    counter: &Counter,
    top: f64,
    bottom: f64,
) -> Vec<(f64, f64)> {
    let peak = counter_peak(counter).max(1) as f64;
    let y = |value: u64| bottom - (bottom - top) * (value as f64 / peak);
    let mut vertices = vec![(layout.x(0), y(0))];
    // One column per pixel: (x of the column, highest value in it, value at its end).
    let mut column: Option<(f64, u64, u64)> = None;
    let mut current = 0u64;
    let flush = |vertices: &mut Vec<(f64, f64)>, current: &mut u64, col: (f64, u64, u64)| {
        let (cx, high, last) = col;
        vertices.push((cx, y(*current)));
        if high != last {
            vertices.push((cx, y(high)));
        }
        vertices.push((cx, y(last)));
        *current = last;
    };
    for &(at, value) in &counter.points {
        let px = layout.x(at.min(layout.end)).floor();
        column = match column {
            Some((cx, high, _)) if cx == px => Some((cx, high.max(value), value)),
            Some(col) => {
                flush(&mut vertices, &mut current, col);
                Some((px, value, value))
            }
            None => Some((px, value, value)),
        };
    }
    if let Some(col) = column {
        flush(&mut vertices, &mut current, col);
    }
    vertices.push((layout.x(layout.end), y(current)));
    vertices
}

/// What one chart draws.
pub struct ChartInput<'a> {
    /// Drawn as full bars.
    pub primary: &'a Timeline,
    /// Drawn as a faint strip under each lane, when given beside a measurement.
    pub prediction: Option<&'a Timeline>,
    /// What the primary timeline is ("measured in this browser", "the model's prediction").
    pub label: &'a str,
    /// A vertical line at the step-through position.
    pub cursor: Option<Micros>,
    /// The chart's width in CSS pixels.
    pub width: f64,
    /// Prefix for the ids of this chart's patterns, unique on the page.
    pub id: &'a str,
}

/// Escapes text for SVG element content and attribute values.
pub fn escape(text: &str) -> String {
    escape_html(text)
}

/// Where everything goes: shared by the SVG and the canvas drawing.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub end: Micros,
    pub plot_width: f64,
    pub lane_height: f64,
    pub bar_height: f64,
    pub strip_height: f64,
    pub labels: bool,
    pub micros_per_pixel: f64,
    /// Where the plot begins: the widest lane name fits before it.
    pub label_width: f64,
    /// How many counter tracks are drawn under the lanes.
    pub counter_tracks: usize,
}

impl Layout {
    pub fn of(input: &ChartInput) -> Self {
        let timeline = input.primary;
        let width = input.width.max(240.0);
        let end = timeline
            .end
            .max(input.prediction.map_or(0, |p| p.end))
            .max(timeline.spans.iter().map(|s| s.end).max().unwrap_or(0))
            .max(1);
        // Room for the longest lane name (`Thread-3 (worker)`), within reason.
        let longest = timeline
            .lanes
            .iter()
            .map(|lane| lane.name.chars().count())
            .max()
            .unwrap_or(0);
        let label_width =
            (longest as f64 * 7.8 + 14.0).clamp(LABEL_WIDTH, (width * 0.3).max(LABEL_WIDTH));
        let plot_width = width - label_width - RIGHT_PAD;
        let geometry = LaneGeometry::for_lanes(timeline.lanes.len());
        let counter_tracks = timeline.counters.len().min(MAX_COUNTER_TRACKS);
        Layout {
            width,
            label_width,
            counter_tracks,
            height: AXIS_HEIGHT
                + geometry.lane * timeline.lanes.len() as f64
                + COUNTER_HEIGHT * counter_tracks as f64
                + 6.0,
            end,
            plot_width,
            lane_height: geometry.lane,
            bar_height: geometry.bar,
            strip_height: if input.prediction.is_some() {
                geometry.strip
            } else {
                0.0
            },
            labels: geometry.labels,
            micros_per_pixel: end as f64 / plot_width.max(1.0),
        }
    }

    pub fn x(&self, t: Micros) -> f64 {
        self.label_width + self.plot_width * (t as f64 / self.end as f64)
    }

    /// The top and bottom of counter track `index`'s plotted area, under the lanes.
    pub fn counter_band(&self, lanes: usize, index: usize) -> (f64, f64) {
        let top = AXIS_HEIGHT + self.lane_height * lanes as f64 + COUNTER_HEIGHT * index as f64;
        (top + 16.0, top + COUNTER_HEIGHT - 4.0)
    }

    pub fn bar_top(&self, lane: usize) -> f64 {
        AXIS_HEIGHT
            + self.lane_height * lane as f64
            + (self.lane_height - self.bar_height - self.strip_height) / 2.0
    }
}

/// Above this many spans to draw, the chart is painted on a canvas instead: SVG cannot
/// keep a frame under 20 ms with thousands of elements. Every span stays in the table.
pub const CANVAS_THRESHOLD: usize = 500;

/// Whether a timeline is drawn on a canvas rather than as SVG.
pub fn needs_canvas(timeline: &Timeline) -> bool {
    timeline.spans.len() > CANVAS_THRESHOLD
}

/// The chart as SVG markup.
///
/// Building the markup as text and handing it to the browser in one piece is several
/// times faster than creating thousands of elements one by one, which is what keeps a
/// growing live timeline smooth; it also makes the drawing a pure function of the data,
/// tested natively.
pub fn chart_svg(input: &ChartInput) -> String {
    use std::fmt::Write as _;
    let timeline = input.primary;
    let layout = Layout::of(input);
    let Layout {
        width,
        height,
        end,
        plot_width,
        lane_height,
        bar_height,
        strip_height,
        labels,
        micros_per_pixel,
        ..
    } = layout;
    let x = |t: Micros| layout.x(t);
    let bar_top = |lane: usize| layout.bar_top(lane);
    let lane_count = timeline.lanes.len();
    let id = input.id;
    let fill = |state: SpanState| match state {
        SpanState::Running => String::new(),
        other => format!(" fill=\"url(#{id}-{})\"", state_class(other)),
    };

    let mut svg = String::with_capacity(256 + timeline.spans.len() * 160);
    let _ = write!(
        svg,
        "<svg class=\"timeline-chart\" role=\"img\" aria-label=\"{}\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(&describe(timeline, input.label))
    );
    svg.push_str(&pattern_defs(id));

    svg.push_str("<g class=\"axis\">");
    let max_ticks = ((plot_width / 70.0) as usize).clamp(2, 10);
    let ticks = axis_ticks(end, max_ticks);
    let step = ticks.get(1).copied().unwrap_or(end.max(1));
    for tick in ticks.into_iter().filter(|&t| t <= end) {
        let tx = x(tick);
        let _ = write!(
            svg,
            "<g class=\"tick\"><line x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"></line><text x=\"{tx:.1}\" y=\"14\" text-anchor=\"middle\">{}</text></g>",
            AXIS_HEIGHT - 4.0,
            height - 6.0,
            tick_label(tick, step)
        );
    }
    svg.push_str("</g>");

    // Lanes too thin for a name get no background or label either: for a thousand
    // coroutines that is two thousand elements less to parse on every frame.
    if labels {
        for (index, lane) in timeline.lanes.iter().enumerate() {
            let y = AXIS_HEIGHT + lane_height * index as f64;
            let _ = write!(
                svg,
                "<g class=\"lane\"><rect class=\"lane-bg\" x=\"0\" y=\"{y:.1}\" width=\"{width:.0}\" height=\"{lane_height:.1}\"></rect><rect class=\"lane-chip\" x=\"0\" y=\"{y:.1}\" width=\"3\" height=\"{lane_height:.1}\" fill=\"{}\"></rect><text class=\"lane-label\" x=\"6\" y=\"{:.1}\">{}</text></g>",
                lane_colour(index),
                y + lane_height / 2.0 + 4.0,
                escape(&lane.name)
            );
        }
    }

    if let Some(prediction) = input.prediction.filter(|_| strip_height > 0.0) {
        for (_, span) in drawable_spans(&prediction.spans, micros_per_pixel) {
            if span.lane >= lane_count {
                continue;
            }
            let x0 = x(span.start);
            let _ = write!(
                svg,
                "<rect class=\"strip {}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{strip_height:.1}\"></rect>",
                state_class(span.state),
                bar_top(span.lane) + bar_height + 2.0,
                (x(span.end) - x0).max(1.0)
            );
        }
    }

    for (drawn, (_, span)) in drawable_spans(&timeline.spans, micros_per_pixel)
        .into_iter()
        .filter(|(_, span)| span.lane < lane_count)
        .enumerate()
    {
        let x0 = x(span.start);
        let description = format!(
            "{}: {} from {} to {}",
            timeline.lanes[span.lane].name,
            span.state.label(),
            format_seconds(span.start),
            format_seconds(span.end)
        );
        let description = escape(&description);
        let tabindex = if drawn < MAX_FOCUSABLE_SPANS {
            " tabindex=\"0\""
        } else {
            ""
        };
        let _ = write!(
            svg,
            "<rect class=\"span {}\"{} x=\"{x0:.1}\" y=\"{:.2}\" width=\"{:.1}\" height=\"{bar_height:.2}\" rx=\"2\"{tabindex} data-desc=\"{description}\" data-lane=\"{}\" data-at=\"{}\"><title>{description}</title></rect>",
            state_class(span.state),
            fill(span.state),
            bar_top(span.lane),
            (x(span.end) - x0).max(1.5),
            span.lane,
            span.start
        );
    }

    // Counters (a queue's length) as step-line tracks under the lanes.
    for (index, counter) in timeline
        .counters
        .iter()
        .take(layout.counter_tracks)
        .enumerate()
    {
        let (top, bottom) = layout.counter_band(lane_count, index);
        let vertices = counter_vertices(&layout, counter, top, bottom);
        let mut line = String::new();
        for (i, (vx, vy)) in vertices.iter().enumerate() {
            let _ = write!(line, "{}{vx:.1} {vy:.1}", if i == 0 { "M" } else { "L" });
        }
        let area = format!(
            "{line}L{:.1} {bottom:.1}L{:.1} {bottom:.1}Z",
            layout.x(end),
            layout.x(0)
        );
        let summary = escape(&format!("{}: {}", counter.name, counter_summary(counter)));
        let band_top = top - 16.0;
        let _ = write!(
            svg,
            "<g class=\"counter\"><title>{summary}</title><rect class=\"counter-bg\" x=\"0\" y=\"{band_top:.1}\" width=\"{width:.0}\" height=\"{COUNTER_HEIGHT:.1}\"></rect><text class=\"counter-label\" x=\"{:.1}\" y=\"{:.1}\">{}</text><text class=\"counter-scale\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><text class=\"counter-scale\" x=\"{:.1}\" y=\"{bottom:.1}\" text-anchor=\"end\">0</text><path class=\"counter-area\" d=\"{area}\"></path><path class=\"counter-line\" d=\"{line}\"></path></g>",
            layout.label_width + 2.0,
            band_top + 12.0,
            escape(&counter.name),
            layout.label_width - 4.0,
            top + 8.0,
            counter_peak(counter),
            layout.label_width - 4.0,
        );
    }

    // Program-wide moments are numbered 1, 2, ... in the chart and in the list under it.
    let mut ordinal = 0;
    for mark in timeline
        .marks
        .iter()
        .filter(|mark| labels || is_program_moment(mark.kind))
    {
        let mx = x(mark.at);
        let program_moment = is_program_moment(mark.kind);
        let (y1, y2) = match mark.lane.filter(|_| !program_moment) {
            Some(lane) => {
                let top = AXIS_HEIGHT + lane_height * lane as f64 + 1.0;
                (top, top + lane_height - 2.0)
            }
            None => (AXIS_HEIGHT - 2.0, height - 4.0),
        };
        let kind = if program_moment { "program" } else { "lane" };
        // Where a click on it steps to: its moment, and its lane if it has one.
        let lane = mark
            .lane
            .map(|lane| format!(" data-lane=\"{lane}\""))
            .unwrap_or_default();
        let _ = write!(
            svg,
            "<g class=\"mark mark-{kind}\" data-at=\"{}\"{lane}><line x1=\"{mx:.1}\" x2=\"{mx:.1}\" y1=\"{y1:.1}\" y2=\"{y2:.1}\"></line>",
            mark.at
        );
        if program_moment {
            ordinal += 1;
            // Near the right edge the number goes on the left of its line.
            let (text_x, anchor) = if mx > width - RIGHT_PAD - 10.0 {
                (mx - 3.0, "end")
            } else {
                (mx + 3.0, "start")
            };
            let _ = write!(
                svg,
                "<text class=\"mark-number\" x=\"{text_x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{ordinal}</text>",
                AXIS_HEIGHT + 10.0
            );
        }
        svg.push_str("</g>");
    }

    if let Some(at) = input.cursor {
        let cx = x(at.min(end));
        let _ = write!(
            svg,
            "<line class=\"cursor\" x1=\"{cx:.1}\" x2=\"{cx:.1}\" y1=\"{:.1}\" y2=\"{height:.1}\"></line>",
            AXIS_HEIGHT - 6.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Patterns that make each state distinguishable without colour, with ids unique to
/// one chart.
pub fn pattern_defs(id: &str) -> String {
    format!(
        "<defs>\
<pattern id=\"{id}-st-io\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect class=\"pat-bg st-io\" width=\"6\" height=\"6\"></rect><line class=\"pat-line\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"></line></pattern>\
<pattern id=\"{id}-st-blocking\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect class=\"pat-bg st-blocking\" width=\"6\" height=\"6\"></rect><path class=\"pat-line\" d=\"M0 0L6 6M6 0L0 6\"></path></pattern>\
<pattern id=\"{id}-st-ready\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\"><rect class=\"pat-bg st-ready\" width=\"5\" height=\"5\"></rect><circle class=\"pat-dot\" cx=\"2.5\" cy=\"2.5\" r=\"1\"></circle></pattern>\
<pattern id=\"{id}-st-queued\" width=\"6\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect class=\"pat-bg st-queued\" width=\"6\" height=\"4\"></rect><line class=\"pat-line\" x1=\"0\" y1=\"1\" x2=\"6\" y2=\"1\"></line></pattern>\
<pattern id=\"{id}-st-blocked\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect class=\"pat-bg st-blocked\" width=\"8\" height=\"8\"></rect><line class=\"pat-line\" x1=\"4\" y1=\"0\" x2=\"4\" y2=\"8\"></line></pattern>\
</defs>"
    )
}

/// Colours for the chart's classes, for an SVG shown outside the page (the command
/// line's `--svg`): the page's light scheme.
pub const STANDALONE_STYLE: &str = "<style>\
text{font:12px sans-serif;fill:#1f2328}.st-running{fill:#2f6fdf}.st-io{fill:#8fb9f0}\
.st-blocking{fill:#d9822b}.st-ready{fill:#e8e2c8}.st-queued{fill:#c9c9c9}.st-blocked{fill:#b9a3d9}\
.pat-line{stroke:#0004;stroke-width:1.5}.pat-dot{fill:#0005}.axis line,.grid{stroke:#d0d7de}\
.mark line{stroke:#1f2328}.counter-area{fill:#e69f0055}.counter-line{fill:none;stroke:#b07800;stroke-width:1.5}\
.counter-bg{fill:#f4f6fa}.lane-bg{fill:none}.counter-label,.counter-scale{font-size:11px}</style>";

/// The chart of one timeline as a standalone SVG document.
pub fn timeline_svg(timeline: &Timeline) -> String {
    let svg = chart_svg(&ChartInput {
        primary: timeline,
        prediction: None,
        label: "the model's prediction",
        cursor: None,
        width: 960.0,
        id: "chart",
    });
    match svg.find('>') {
        Some(i) => {
            let (head, tail) = svg.split_at(i + 1);
            let head = if head.contains("xmlns") {
                head.to_string()
            } else {
                head.replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1)
            };
            format!("{head}{STANDALONE_STYLE}{tail}")
        }
        None => svg,
    }
}

/// Escapes text for use as HTML element content.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_under_a_millisecond_read_in_microseconds_and_ticks_follow_their_step() {
        assert_eq!(format_seconds(0), "0.000 s");
        assert_eq!(format_seconds(412), "412 µs");
        assert_eq!(format_seconds(300_000), "0.300 s");
        assert_eq!(tick_label(200_000, 50_000), "0.20");
        assert_eq!(tick_label(2_000, 1_000), "0.002");
        assert_eq!(tick_label(600, 200), "0.6 ms");
        assert_eq!(tick_label(40, 20), "0.04 ms");
        assert_eq!(tick_label(3, 1), "0.003 ms");
    }

    fn queue_timeline(points: Vec<(Micros, u64)>) -> Timeline {
        Timeline {
            lanes: vec![crate::timeline::Lane {
                name: "main".into(),
                kind: LaneKind::Main,
            }],
            counters: vec![Counter {
                name: "asyncio.Queue #1 length".into(),
                points,
            }],
            end: 1_000_000,
            ..Timeline::default()
        }
    }

    fn input(timeline: &Timeline) -> ChartInput<'_> {
        ChartInput {
            primary: timeline,
            prediction: None,
            label: "the model's prediction",
            cursor: None,
            width: 600.0,
            id: "t",
        }
    }

    #[test]
    fn a_queue_length_is_a_step_track_under_the_lanes_with_its_peak_in_words() {
        let timeline = queue_timeline(vec![(0, 1), (250_000, 2), (500_000, 1), (750_000, 0)]);
        let chart = input(&timeline);
        let layout = Layout::of(&chart);
        let (top, bottom) = layout.counter_band(1, 0);
        assert!(top >= AXIS_HEIGHT + layout.lane_height, "under the lane");
        assert!(layout.height >= bottom, "inside the chart");
        let vertices = counter_vertices(&layout, &timeline.counters[0], top, bottom);
        // The peak (2) is drawn at the top, zero at the bottom, and the line is a step:
        // every vertical move keeps x.
        assert!(vertices.iter().any(|&(_, y)| (y - top).abs() < 1e-9));
        assert_eq!(vertices.last().unwrap().1, bottom);
        for pair in vertices.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            assert!(x0 == x1 || y0 == y1, "a step line, not a slope: {pair:?}");
        }
        let svg = chart_svg(&chart);
        assert!(svg.contains("class=\"counter-line\""));
        assert!(svg.contains("asyncio.Queue #1 length"));
        assert!(describe(&timeline, "x")
            .contains("asyncio.Queue #1 length: at most 2, first at 0.250 s; 0 at the end."));
    }

    #[test]
    fn a_hundred_thousand_queue_changes_draw_in_a_few_vertices_per_pixel_and_keep_spikes() {
        let mut points: Vec<(Micros, u64)> = (0..100_000u64).map(|i| (i * 10, i % 2)).collect();
        points.push((500_000, 9));
        points.push((500_001, 0));
        let timeline = queue_timeline(points);
        let chart = input(&timeline);
        let layout = Layout::of(&chart);
        let (top, bottom) = layout.counter_band(1, 0);
        let vertices = counter_vertices(&layout, &timeline.counters[0], top, bottom);
        assert!(
            vertices.len() <= 4 * layout.plot_width as usize,
            "{}",
            vertices.len()
        );
        // The one-microsecond spike to 9 is the peak, drawn at the top.
        assert!(vertices.iter().any(|&(_, y)| (y - top).abs() < 1e-9));
    }
}
