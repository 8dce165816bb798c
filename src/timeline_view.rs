//! The Gantt chart: draws a [`Timeline`] as SVG, one lane per task or thread, and never
//! changes it.
//!
//! The chart shows one *primary* timeline (the live measurement once there is one, the
//! model's prediction before that) as full bars, and the prediction as a thin faint strip
//! under each measured lane, so the two can be compared span by span. Each state has a
//! colour *and* a pattern, so the chart reads in greyscale and for colour-blind readers;
//! the same spans are one click away as a table.

use interleave_core::scenario::Micros;
use interleave_core::timeline::{LaneKind, MarkKind, Span, SpanState, Timeline};
use leptos::prelude::*;

/// Geometry of the chart, in CSS pixels.
const LABEL_WIDTH: f64 = 64.0;
const AXIS_HEIGHT: f64 = 26.0;
const RIGHT_PAD: f64 = 22.0;
/// Above this many spans, spans that would be drawn narrower than a pixel next to a
/// neighbour of the same state are merged with it: the picture is the same, and the
/// chart stays quick to draw for 10,000 spans.
const MERGE_THRESHOLD: usize = 2_000;

/// How tall each lane is drawn, chosen so a thousand lanes still fit on a screen.
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
        let lane = (720.0 / count as f64).clamp(1.5, 34.0);
        LaneGeometry {
            lane,
            bar: (lane * 0.7).max(2.0),
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
const MAX_FOCUSABLE_SPANS: usize = 200;

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
fn is_program_moment(kind: MarkKind) -> bool {
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
pub fn format_seconds(micros: Micros) -> String {
    format!("{:.3} s", micros as f64 / 1e6)
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
    format!(
        "Timeline ({what}): {tasks} {} over {}. The table of spans below lists every span.",
        if tasks == 1 { "lane" } else { "lanes" },
        format_seconds(timeline.end)
    )
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
fn escape(text: &str) -> String {
    crate::highlight::escape_html(text)
}

/// Where everything goes: shared by the SVG and the canvas drawing.
#[derive(Clone, Copy, Debug)]
struct Layout {
    width: f64,
    height: f64,
    end: Micros,
    plot_width: f64,
    lane_height: f64,
    bar_height: f64,
    strip_height: f64,
    labels: bool,
    micros_per_pixel: f64,
}

impl Layout {
    fn of(input: &ChartInput) -> Self {
        let timeline = input.primary;
        let width = input.width.max(240.0);
        let end = timeline
            .end
            .max(input.prediction.map_or(0, |p| p.end))
            .max(timeline.spans.iter().map(|s| s.end).max().unwrap_or(0))
            .max(1);
        let plot_width = width - LABEL_WIDTH - RIGHT_PAD;
        let geometry = LaneGeometry::for_lanes(timeline.lanes.len());
        Layout {
            width,
            height: AXIS_HEIGHT + geometry.lane * timeline.lanes.len() as f64 + 6.0,
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

    fn x(&self, t: Micros) -> f64 {
        LABEL_WIDTH + self.plot_width * (t as f64 / self.end as f64)
    }

    fn bar_top(&self, lane: usize) -> f64 {
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
    for tick in axis_ticks(end, max_ticks).into_iter().filter(|&t| t <= end) {
        let tx = x(tick);
        let _ = write!(
            svg,
            "<g class=\"tick\"><line x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"></line><text x=\"{tx:.1}\" y=\"14\" text-anchor=\"middle\">{:.2}</text></g>",
            AXIS_HEIGHT - 4.0,
            height - 6.0,
            tick as f64 / 1e6
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
                "<g class=\"lane\"><rect class=\"lane-bg\" x=\"0\" y=\"{y:.1}\" width=\"{width:.0}\" height=\"{lane_height:.1}\"></rect><text class=\"lane-label\" x=\"6\" y=\"{:.1}\">{}</text></g>",
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
            "<rect class=\"span {}\"{} x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bar_height:.1}\" rx=\"2\"{tabindex} data-desc=\"{description}\"><title>{description}</title></rect>",
            state_class(span.state),
            fill(span.state),
            bar_top(span.lane),
            (x(span.end) - x0).max(1.5)
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
        let _ = write!(
            svg,
            "<g class=\"mark mark-{kind}\"><line x1=\"{mx:.1}\" x2=\"{mx:.1}\" y1=\"{y1:.1}\" y2=\"{y2:.1}\"></line>"
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
fn pattern_defs(id: &str) -> String {
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

/// Paints the chart on a canvas: the same layout, colours and patterns as the SVG, for
/// timelines too large for SVG to redraw every frame. Colours come from the page's CSS
/// variables, so the light and dark schemes apply here too.
fn draw_canvas(canvas: &web_sys::HtmlCanvasElement, input: &ChartInput) -> Option<()> {
    use wasm_bindgen::JsCast;
    let layout = Layout::of(input);
    let window = web_sys::window()?;
    let document = window.document()?;
    let scale = window.device_pixel_ratio().max(1.0);
    canvas.set_width((layout.width * scale) as u32);
    canvas.set_height((layout.height * scale) as u32);
    let style = web_sys::HtmlElement::style(canvas);
    let _ = style.set_property("width", &format!("{}px", layout.width));
    let _ = style.set_property("height", &format!("{}px", layout.height));
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let _ = context.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    context.clear_rect(0.0, 0.0, layout.width, layout.height);

    let root_style = window
        .get_computed_style(&document.document_element()?)
        .ok()??;
    let colour = |name: &str| {
        root_style
            .get_property_value(name)
            .map(|value| value.trim().to_string())
            .unwrap_or_default()
    };
    // One fill per state: a flat colour for running, a small hatched tile otherwise.
    enum Fill {
        Colour(String),
        Pattern(web_sys::CanvasPattern),
    }
    let fill_for = |state: SpanState| -> Option<Fill> {
        // The CSS variables are named after the state classes: st-io → --state-io.
        let base = colour(&format!(
            "--state-{}",
            state_class(state).trim_start_matches("st-")
        ));
        if state == SpanState::Running {
            return Some(Fill::Colour(base));
        }
        let tile: web_sys::HtmlCanvasElement =
            document.create_element("canvas").ok()?.dyn_into().ok()?;
        tile.set_width(6);
        tile.set_height(6);
        let pen: web_sys::CanvasRenderingContext2d =
            tile.get_context("2d").ok()??.dyn_into().ok()?;
        pen.set_fill_style_str(&base);
        pen.fill_rect(0.0, 0.0, 6.0, 6.0);
        pen.set_stroke_style_str("rgba(255,255,255,0.75)");
        pen.set_line_width(1.5);
        pen.begin_path();
        match state {
            SpanState::Queued => {
                pen.move_to(0.0, 1.0);
                pen.line_to(6.0, 1.0);
            }
            SpanState::Blocked => {
                pen.move_to(3.0, 0.0);
                pen.line_to(3.0, 6.0);
            }
            _ => {
                pen.move_to(0.0, 6.0);
                pen.line_to(6.0, 0.0);
            }
        }
        pen.stroke();
        context
            .create_pattern_with_html_canvas_element(&tile, "repeat")
            .ok()?
            .map(Fill::Pattern)
    };
    let fills: Vec<(SpanState, Fill)> = SpanState::ALL
        .iter()
        .filter_map(|&state| fill_for(state).map(|fill| (state, fill)))
        .collect();

    // Axis.
    context.set_stroke_style_str(&colour("--border"));
    context.set_fill_style_str(&colour("--fg-soft"));
    context.set_font("11px system-ui, sans-serif");
    context.set_text_align("center");
    context.set_line_width(1.0);
    let max_ticks = ((layout.plot_width / 70.0) as usize).clamp(2, 10);
    for tick in axis_ticks(layout.end, max_ticks)
        .into_iter()
        .filter(|&t| t <= layout.end)
    {
        let tx = layout.x(tick);
        context.begin_path();
        context.move_to(tx, AXIS_HEIGHT - 4.0);
        context.line_to(tx, layout.height - 6.0);
        context.stroke();
        let _ = context.fill_text(&format!("{:.2}", tick as f64 / 1e6), tx, 14.0);
    }

    // Spans.
    let lane_count = input.primary.lanes.len();
    for (_, span) in drawable_spans(&input.primary.spans, layout.micros_per_pixel) {
        if span.lane >= lane_count {
            continue;
        }
        match fills.iter().find(|(state, _)| *state == span.state) {
            Some((_, Fill::Colour(colour))) => context.set_fill_style_str(colour),
            Some((_, Fill::Pattern(pattern))) => context.set_fill_style_canvas_pattern(pattern),
            None => {}
        }
        let x0 = layout.x(span.start);
        context.fill_rect(
            x0,
            layout.bar_top(span.lane),
            (layout.x(span.end) - x0).max(1.0),
            layout.bar_height,
        );
    }

    // Program-wide moments, numbered as in the list under the chart.
    context.set_stroke_style_str(&colour("--fg"));
    context.set_fill_style_str(&colour("--fg"));
    let mut ordinal = 0;
    for mark in input
        .primary
        .marks
        .iter()
        .filter(|mark| is_program_moment(mark.kind))
    {
        ordinal += 1;
        let mx = layout.x(mark.at);
        context.begin_path();
        context.move_to(mx, AXIS_HEIGHT - 2.0);
        context.line_to(mx, layout.height - 4.0);
        context.stroke();
        context.set_text_align(if mx > layout.width - RIGHT_PAD - 10.0 {
            "right"
        } else {
            "left"
        });
        let offset = if mx > layout.width - RIGHT_PAD - 10.0 {
            -3.0
        } else {
            3.0
        };
        let _ = context.fill_text(&ordinal.to_string(), mx + offset, AXIS_HEIGHT + 10.0);
    }
    if let Some(at) = input.cursor {
        let cx = layout.x(at.min(layout.end));
        context.set_stroke_style_str(&colour("--focus"));
        context.set_line_width(2.0);
        context.begin_path();
        context.move_to(cx, AXIS_HEIGHT - 6.0);
        context.line_to(cx, layout.height);
        context.stroke();
    }
    Some(())
}

/// A fresh id prefix for a chart's patterns.
fn next_chart_id() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("chart{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The Gantt chart. `primary` is drawn as full bars; `prediction`, when given alongside
/// a measurement, as a faint strip under each lane. `cursor` draws a vertical line (the
/// step-through position). Hovering or focusing a span describes it under the chart.
#[component]
pub fn TimelineChart(
    #[prop(into)] primary: Signal<Option<Timeline>>,
    #[prop(into)] prediction: Signal<Option<Timeline>>,
    #[prop(into)] primary_label: Signal<String>,
    #[prop(into)] cursor: Signal<Option<Micros>>,
    #[prop(into)] width: Signal<f64>,
) -> impl IntoView {
    let (focused, set_focused) = signal(None::<String>);
    let id = next_chart_id();
    let on_canvas = Memo::new(move |_| primary.with(|t| t.as_ref().is_some_and(needs_canvas)));
    let markup = {
        let id = id.clone();
        move || {
            if on_canvas.get() {
                return None;
            }
            let timeline = primary.get()?;
            let prediction = prediction.get();
            let label = primary_label.get();
            Some(chart_svg(&ChartInput {
                primary: &timeline,
                prediction: prediction.as_ref(),
                label: &label,
                cursor: cursor.get(),
                width: width.get(),
                id: &id,
            }))
        }
    };
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move || {
        let (Some(element), true) = (canvas.get(), on_canvas.get()) else {
            return;
        };
        let Some(timeline) = primary.get() else {
            return;
        };
        let prediction = prediction.get();
        let _ = draw_canvas(
            &element,
            &ChartInput {
                primary: &timeline,
                prediction: prediction.as_ref(),
                label: "",
                cursor: cursor.get(),
                width: width.get(),
                id: "",
            },
        );
    });
    let canvas_label = move || {
        primary
            .with(|t| t.as_ref().map(|t| describe(t, &primary_label.get())))
            .unwrap_or_default()
    };
    // One listener for all spans (event delegation): the markup is rebuilt often.
    let describe_target = move |target: Option<web_sys::EventTarget>| {
        let description = target
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            .and_then(|element| element.get_attribute("data-desc"));
        if description.is_some() {
            set_focused.set(description);
        }
    };
    view! {
        <div
            class="timeline-scroll"
            inner_html=move || markup().unwrap_or_default()
            on:focusin=move |event| describe_target(event.target())
            on:mouseover=move |event| describe_target(event.target())
        ></div>
        <Show when=move || on_canvas.get()>
            <canvas class="timeline-canvas" node_ref=canvas role="img" aria-label=canvas_label></canvas>
        </Show>
        <p class="span-details">
            {move || {
                if on_canvas.get() {
                    "This timeline has too many spans to point at one by one: open the table of spans to read them all.".to_string()
                } else {
                    focused.get().unwrap_or_else(|| "Hover over or focus a span to see its task, state, start and end.".to_string())
                }
            }}
        </p>
    }
}

/// The legend: one swatch (colour and pattern) per state.
#[component]
pub fn TimelineLegend() -> impl IntoView {
    view! {
        <ul class="legend" aria-label="Legend">
            {SpanState::ALL
                .iter()
                .map(|&state| view! {
                    <li>
                        <svg width="22" height="12" aria-hidden="true">
                            <rect class=format!("span {}", state_class(state)) width="22" height="12" rx="2"></rect>
                        </svg>
                        {state.label()}
                    </li>
                })
                .collect_view()}
            <li>
                <svg width="22" height="12" aria-hidden="true">
                    <rect class="strip st-running" y="4" width="22" height="5"></rect>
                </svg>
                "model's prediction (under a measured lane)"
            </li>
        </ul>
    }
}

/// The same spans as a table: task, state, start, end. Rendered only while `open`, so a
/// 10,000-span run costs nothing until the learner asks for the table.
#[component]
pub fn SpanTable(
    #[prop(into)] timeline: Signal<Option<Timeline>>,
    #[prop(into)] open: Signal<bool>,
) -> impl IntoView {
    move || {
        if !open.get() {
            return None;
        }
        timeline.get().map(|timeline| {
            let mut spans = timeline.spans.clone();
            spans.sort_by_key(|span| (span.lane, span.start, span.end));
            let rows = spans
                .iter()
                .filter(|span| span.lane < timeline.lanes.len())
                .map(|span| {
                    view! {
                        <tr>
                            <td>{timeline.lanes[span.lane].name.clone()}</td>
                            <td>{span.state.label()}</td>
                            <td class="num">{format_seconds(span.start)}</td>
                            <td class="num">{format_seconds(span.end)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Spans">
                    <table class="span-table">
                        <thead>
                            <tr><th scope="col">"task"</th><th scope="col">"state"</th><th scope="col">"start"</th><th scope="col">"end"</th></tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
    }
}

/// The marks as a numbered list under the chart: what happened, when.
#[component]
pub fn MarkList(#[prop(into)] timeline: Signal<Option<Timeline>>) -> impl IntoView {
    move || {
        timeline.get().map(|timeline| {
            let mut ordinal = 0;
            let items = timeline
                .marks
                .iter()
                .filter(|mark| is_program_moment(mark.kind) || mark.kind != MarkKind::Finished)
                .map(|mark| {
                    let lane = mark
                        .lane
                        .and_then(|lane| timeline.lanes.get(lane))
                        .map(|lane| format!("{}: ", lane.name))
                        .unwrap_or_default();
                    let marker = if is_program_moment(mark.kind) {
                        ordinal += 1;
                        format!("{ordinal}. ")
                    } else {
                        String::new()
                    };
                    view! {
                        <li>
                            <span class="mark-time">{format_seconds(mark.at)}</span>
                            " " {marker} {lane} {mark_kind_label(mark.kind)}
                            {(!mark.label.is_empty()).then(|| format!(" — {}", shorten(&mark.label, 160)))}
                        </li>
                    }
                })
                .collect_view();
            view! { <ol class="marks">{items}</ol> }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ticks_use_a_nice_step_and_cover_the_end() {
        assert_eq!(
            axis_ticks(300_000, 6),
            vec![0, 50_000, 100_000, 150_000, 200_000, 250_000, 300_000]
        );
        assert_eq!(
            axis_ticks(900_000, 5),
            vec![0, 200_000, 400_000, 600_000, 800_000, 1_000_000]
        );
        assert_eq!(axis_ticks(1, 4), vec![0, 1]);
        // Nothing overflows on absurd inputs.
        assert!(axis_ticks(u64::MAX / 2, 3).len() <= 4);
    }

    #[test]
    fn huge_charts_merge_subpixel_neighbours_and_small_ones_draw_every_span() {
        let span = |lane, start, end| Span {
            lane,
            state: SpanState::Running,
            start,
            end,
        };
        let small: Vec<Span> = (0..10).map(|i| span(0, i * 10, i * 10 + 5)).collect();
        assert_eq!(drawable_spans(&small, 1_000.0).len(), 10);
        // 3,000 spans of 5 µs with 5 µs gaps, at 1 ms a pixel: one visible bar per lane.
        let huge: Vec<Span> = (0..3_000_u64)
            .map(|i| span((i % 2) as usize, i * 10, i * 10 + 5))
            .collect();
        let drawn = drawable_spans(&huge, 1_000.0);
        assert_eq!(drawn.len(), 2);
        assert_eq!(drawn[0].1.start, 0);
        assert_eq!(drawn[0].1.end, 29_985);
    }

    #[test]
    fn a_thousand_lanes_fit_on_a_screen() {
        let geometry = LaneGeometry::for_lanes(1_001);
        assert!(geometry.lane * 1_001.0 <= 3_100.0);
        assert!(!geometry.labels);
        assert_eq!(LaneGeometry::for_lanes(4).lane, 34.0);
    }

    fn two_lane_timeline() -> Timeline {
        use interleave_core::timeline::{Lane, Mark};
        Timeline {
            lanes: vec![
                Lane {
                    name: "main".into(),
                    kind: LaneKind::Main,
                },
                Lane {
                    name: "A<b>".into(),
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
            ..Timeline::default()
        }
    }

    #[test]
    fn the_chart_draws_one_focusable_described_rect_per_span_and_escapes_names() {
        let timeline = two_lane_timeline();
        let svg = chart_svg(&ChartInput {
            primary: &timeline,
            prediction: None,
            label: "the model's prediction",
            cursor: None,
            width: 600.0,
            id: "c0",
        });
        assert!(svg.starts_with("<svg class=\"timeline-chart\" role=\"img\" aria-label=\"Timeline (the model&#39;s prediction)"));
        assert_eq!(svg.matches("<rect class=\"span ").count(), 2);
        assert_eq!(svg.matches("tabindex=\"0\"").count(), 2);
        assert!(svg.contains("data-desc=\"A&lt;b&gt;: waiting on I/O from 0.000 s to 0.300 s\""));
        assert!(svg.contains("fill=\"url(#c0-st-io)\""));
        assert!(svg.contains("id=\"c0-st-io\""));
        assert!(!svg.contains("A<b>"));
        // The program-wide moment is numbered, near the right edge on the left of its line.
        assert!(svg.contains("text-anchor=\"end\">1</text>"));
    }

    #[test]
    fn a_measured_chart_draws_the_prediction_as_strips() {
        let timeline = two_lane_timeline();
        let svg = chart_svg(&ChartInput {
            primary: &timeline,
            prediction: Some(&timeline),
            label: "measured",
            cursor: Some(150_000),
            width: 600.0,
            id: "c1",
        });
        assert_eq!(svg.matches("<rect class=\"strip ").count(), 2);
        assert_eq!(svg.matches("class=\"cursor\"").count(), 1);
    }

    #[test]
    fn long_labels_are_shortened_with_an_ellipsis() {
        assert_eq!(shorten("results: ['A']", 160), "results: ['A']");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }

    #[test]
    fn every_state_has_its_own_class() {
        let mut classes: Vec<&str> = SpanState::ALL.iter().map(|&s| state_class(s)).collect();
        classes.sort();
        classes.dedup();
        assert_eq!(classes.len(), SpanState::ALL.len());
    }
}
