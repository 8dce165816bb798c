//! The Gantt chart: draws a [`Timeline`] as SVG, one lane per task or thread, and never
//! changes it.
//!
//! The chart shows one *primary* timeline (the live measurement once there is one, the
//! model's prediction before that) as full bars, and the prediction as a thin faint strip
//! under each measured lane, so the two can be compared span by span. Each state has a
//! colour *and* a pattern, so the chart reads in greyscale and for colour-blind readers;
//! the same spans are one click away as a table.

use interleave_core::timeline::Micros;
use interleave_core::timeline::{MarkKind, SpanState, Timeline};
use leptos::prelude::*;

pub use interleave_core::chart::*;

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
    let ticks = axis_ticks(layout.end, max_ticks);
    let step = ticks.get(1).copied().unwrap_or(layout.end.max(1));
    for tick in ticks.into_iter().filter(|&t| t <= layout.end) {
        let tx = layout.x(tick);
        context.begin_path();
        context.move_to(tx, AXIS_HEIGHT - 4.0);
        context.line_to(tx, layout.height - 6.0);
        context.stroke();
        let _ = context.fill_text(&tick_label(tick, step), tx, 14.0);
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

    // Counters (a queue's length) as step lines under the lanes, as in the SVG.
    for (index, counter) in input
        .primary
        .counters
        .iter()
        .take(layout.counter_tracks)
        .enumerate()
    {
        let (top, bottom) = layout.counter_band(lane_count, index);
        context.set_fill_style_str(&colour("--fg-soft"));
        context.set_text_align("left");
        let _ = context.fill_text(&counter.name, layout.label_width + 2.0, top - 4.0);
        context.set_text_align("right");
        let _ = context.fill_text(
            &counter_peak(counter).to_string(),
            layout.label_width - 4.0,
            top + 8.0,
        );
        let _ = context.fill_text("0", layout.label_width - 4.0, bottom);
        context.set_stroke_style_str(&colour("--counter"));
        context.set_line_width(1.5);
        context.begin_path();
        for (i, (vx, vy)) in counter_vertices(&layout, counter, top, bottom)
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                context.move_to(vx, vy);
            } else {
                context.line_to(vx, vy);
            }
        }
        context.stroke();
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
    /// Called with a span's lane and start, or a mark's moment (and lane, if it has
    /// one), when the learner clicks it (or presses Enter on a span): the lesson panels
    /// move their step cursor there.
    #[prop(optional)]
    on_pick: Option<Callback<(Option<usize>, Micros)>>,
) -> impl IntoView {
    let (focused, set_focused) = signal(None::<String>);
    let id = next_chart_id();
    let on_canvas = Memo::new(move |_| primary.with(|t| t.as_ref().is_some_and(needs_canvas)));
    let markup = {
        let id = id.clone();
        move || {
            // Every input is read before any early return, so the chart redraws when
            // any of them changes, including the first timeline after none.
            let timeline = primary.get();
            let prediction = prediction.get();
            let label = primary_label.get();
            let (cursor, width) = (cursor.get(), width.get());
            if on_canvas.get() {
                return None;
            }
            Some(chart_svg(&ChartInput {
                primary: timeline.as_ref()?,
                prediction: prediction.as_ref(),
                label: &label,
                cursor,
                width,
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
    let pick_target = move |target: Option<web_sys::EventTarget>| {
        let Some(on_pick) = on_pick else {
            return;
        };
        // A span carries its moment itself; a mark on the group around its line.
        let element = target
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            .and_then(|element| element.closest("[data-at]").ok().flatten());
        let read = |name: &str| {
            element
                .as_ref()
                .and_then(|element| element.get_attribute(name))
                .and_then(|value| value.parse::<u64>().ok())
        };
        if let Some(at) = read("data-at") {
            on_pick.run((read("data-lane").map(|lane| lane as usize), at));
        }
    };
    view! {
        <div
            class="timeline-scroll"
            class:pickable=on_pick.is_some()
            inner_html=move || markup().unwrap_or_default()
            on:focusin=move |event| describe_target(event.target())
            on:mouseover=move |event| describe_target(event.target())
            on:click=move |event| pick_target(event.target())
            on:keydown=move |event: leptos::ev::KeyboardEvent| {
                if event.key() == "Enter" {
                    pick_target(event.target());
                }
            }
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
pub fn MarkList(
    #[prop(into)] timeline: Signal<Option<Timeline>>,
    /// When given, each moment is a button that steps there (as a click on its mark).
    #[prop(optional)]
    on_pick: Option<Callback<(Option<usize>, Micros)>>,
) -> impl IntoView {
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
                    let text = format!(
                        "{marker}{lane}{}{}",
                        mark_kind_label(mark.kind),
                        if mark.label.is_empty() {
                            String::new()
                        } else {
                            format!(" — {}", shorten(&mark.label, 160))
                        }
                    );
                    let (at, mark_lane) = (mark.at, mark.lane);
                    let content = match on_pick {
                        Some(on_pick) => view! {
                            <button type="button" class="mark-pick" title="Step to this moment"
                                on:click=move |_| on_pick.run((mark_lane, at))>{text}</button>
                        }
                        .into_any(),
                        None => text.into_any(),
                    };
                    view! {
                        <li>
                            <span class="mark-time">{format_seconds(mark.at)}</span>
                            " " {content}
                        </li>
                    }
                })
                .collect_view();
            view! { <ol class="marks">{items}</ol> }
        })
    }
}

/// The width the chart in `chart_box` should be drawn at: the box's own, measured when
/// it mounts, when `track` changes (a box hidden at first), and on every window resize
/// (the listener goes with the component).
pub fn use_chart_width(
    chart_box: NodeRef<leptos::html::Div>,
    track: impl Fn() + 'static,
) -> RwSignal<f64> {
    let chart_width = RwSignal::new(640.0);
    let measure = move || {
        if let Some(element) = chart_box.get_untracked() {
            let width = element.client_width() as f64;
            if width > 0.0 {
                chart_width.set(width);
            }
        }
    };
    Effect::new(move || {
        chart_box.track();
        track();
        measure();
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    chart_width
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_core::timeline::{LaneKind, Span};

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
    fn ten_thousand_lanes_fit_on_a_screen() {
        for lanes in [1_001, 10_000] {
            let geometry = LaneGeometry::for_lanes(lanes);
            assert!(
                geometry.lane * lanes as f64 <= 720.0 + 1e-9,
                "{lanes} lanes"
            );
            assert!(geometry.bar <= geometry.lane, "bars stay inside their lane");
            assert!(!geometry.labels);
        }
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
