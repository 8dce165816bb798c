//! Step-through: walks a run's steps forward and back, lighting in the program the line
//! every task and thread is at, with what the GIL, the locks and the queues hold, and a
//! cursor on the chart. The lesson panels and the Playground share it, and the Output
//! region beside it.

use crate::highlight::{escape_html, python_to_html, use_highlighter_ready};
use crate::timeline_view::{format_seconds, lane_colour};
use interleave_core::sim::{Run, Step};
use interleave_core::timeline::{Micros, SpanState, Timeline};
use leptos::ev;
use leptos::prelude::*;

/// Moves the step cursor by `delta` within `count` steps; from no step, forward starts
/// at the first and back at the last.
fn step_by(count: usize, step_index: RwSignal<Option<usize>>, delta: isize) {
    if count == 0 {
        return;
    }
    let next = match step_index.get_untracked() {
        None if delta >= 0 => 0,
        None => count - 1,
        Some(index) => (index as isize + delta).clamp(0, count as isize - 1) as usize,
    };
    step_index.set(Some(next));
}

/// The step a click on a span or mark of `picked` (the chart on screen) steps to in
/// the prediction `run`: the lane's first step from that moment (any lane's, for a mark
/// of the whole program).
///
/// After a live run the chart is the measurement, whose lanes and clock are not the
/// model's: the lane is found by name, and the span's start is scaled by the ratio of
/// the two timelines' ends, so a run that a loaded machine stretched (B starting to wait
/// at 0.12 s of a 0.45 s run) still steps to B in the prediction, not to whichever lane
/// has a step after 0.12 s.
pub fn step_for_span(
    run: &Run,
    picked: &Timeline,
    lane: Option<usize>,
    at: Micros,
) -> Option<usize> {
    let steps = &run.steps;
    let model = &run.timeline;
    let lane = lane.map(|lane| {
        let name = picked.lanes.get(lane).map(|l| l.name.as_str());
        name.and_then(|name| model.lanes.iter().position(|l| l.name == name))
            .unwrap_or(lane)
    });
    let at = if picked.end == 0 || picked.end == model.end {
        at
    } else {
        (at as f64 * model.end as f64 / picked.end as f64).round() as Micros
    };
    let in_lane = |step: &Step| lane.is_none_or(|lane| step.lane == Some(lane));
    steps
        .iter()
        .position(|step| step.at >= at && in_lane(step))
        .or_else(|| steps.iter().rposition(in_lane))
        .or_else(|| steps.iter().position(|step| step.at >= at))
        .or(steps.len().checked_sub(1))
}

/// The callback a stepping chart calls with a picked span or mark: it moves
/// `step_index` to [`step_for_span`]'s step of `run` for the moment picked on
/// `picked`, the chart on screen (the prediction itself, or a measurement).
pub fn pick_step(
    run: Memo<Option<Run>>,
    picked: Signal<Option<Timeline>>,
    step_index: RwSignal<Option<usize>>,
) -> Callback<(Option<usize>, Micros)> {
    Callback::new(move |(lane, at): (Option<usize>, Micros)| {
        let index = run.with_untracked(|run| {
            let run = run.as_ref()?;
            picked.with_untracked(|picked| {
                step_for_span(run, picked.as_ref().unwrap_or(&run.timeline), lane, at)
            })
        });
        if index.is_some() {
            step_index.set(index);
        }
    })
}

/// The arrow keys step while focus is inside a step-through.
pub fn on_step_key(
    event: &leptos::ev::KeyboardEvent,
    count: usize,
    step_index: RwSignal<Option<usize>>,
) {
    let delta = match event.key().as_str() {
        "ArrowRight" => 1,
        "ArrowLeft" => -1,
        _ => return,
    };
    event.prevent_default();
    step_by(count, step_index, delta);
}

/// Step back, Step, Leave step mode and where the cursor is: the controls of every
/// step-through (a lesson's model events, the Playground's steps). `noun` names what
/// is counted ("event", "step").
#[component]
pub fn StepControls(
    #[prop(into)] count: Signal<usize>,
    step_index: RwSignal<Option<usize>>,
    noun: &'static str,
) -> impl IntoView {
    let go = move |delta: isize| step_by(count.get_untracked(), step_index, delta);
    view! {
        <div class="controls" role="group" aria-label="Step controls">
            <button type="button" on:click=move |_| go(-1) disabled=move || step_index.get().is_none_or(|i| i == 0)>
                "◀ Step back"
            </button>
            <button type="button" on:click=move |_| go(1)
                disabled=move || count.get() == 0 || step_index.get().is_some_and(|i| i + 1 >= count.get())>
                "Step ▶"
            </button>
            {move || step_index.get().map(|_| view! {
                <button type="button" class="link-button" on:click=move |_| step_index.set(None)>"Leave step mode"</button>
            })}
            <span class="step-count" aria-live="polite">
                {move || match step_index.get() {
                    Some(index) => format!("{noun} {} of {}", index + 1, count.get()),
                    None => format!("{} {noun}s predicted", count.get()),
                }}
            </span>
        </div>
    }
}

/// What the program printed, then its traceback or why the model stopped it (both are
/// on standard error).
#[component]
pub fn Output(#[prop(into)] run: Signal<Option<Run>>) -> impl IntoView {
    move || {
        run.get().map(|run| {
            let tied = run.timeline.output.iter().any(|line| line.tied);
            view! {
                <pre class="output" tabindex="0" aria-label="Printed output">
                    {run.stdout.clone()}
                    <span class="stderr">{run.stderr.clone()}</span>
                </pre>
                {tied.then(|| view! {
                    <p class="note">"Some lines were printed at the same moment by different threads or processes: they may come in either order in CPython."</p>
                })}
                {run.notes.iter().map(|note| view! { <p class="note">{note.clone()}</p> }).collect::<Vec<_>>()}
            }
        })
    }
}

/// A lane's name, escaped for markup.
fn lane_name(run: &Run, lane: usize) -> String {
    run.timeline
        .lanes
        .get(lane)
        .map(|l| escape_html(&l.name))
        .unwrap_or_default()
}

fn list(items: Vec<String>) -> String {
    if items.is_empty() {
        "—".to_string()
    } else {
        items.join("; ")
    }
}

/// One step as markup: what happened, and who is running, ready, sleeping, queued or
/// waiting, the GIL holder and its waiters, the locks and the queues.
pub fn snapshot_markup(run: &Run, step: &Step) -> String {
    use std::fmt::Write as _;
    let name = |lane: usize| lane_name(run, lane);
    let locks = step
        .locks
        .iter()
        .map(|lock| {
            let waiters: Vec<String> = lock.waiters.iter().map(|&l| name(l)).collect();
            format!(
                "lock held by {}, awaited by {}",
                lock.holder
                    .map(name)
                    .unwrap_or_else(|| "nobody".to_string()),
                list(waiters)
            )
        })
        .collect();
    let queues = step
        .queues
        .iter()
        .map(|q| format!("{}: {} items", escape_html(&q.name), q.len))
        .collect();
    // The ready lanes are the event loop's ready queue, or the threads waiting for the
    // GIL; the sleeping ones wait on timers. A pool's work queue is among the queues.
    let in_state = |state: SpanState| {
        list(
            step.lanes
                .iter()
                .filter(|lane| lane.state == Some(state))
                .map(|lane| name(lane.lane))
                .collect(),
        )
    };
    let gil_waiters: Vec<String> = step.gil_waiters.iter().map(|&l| name(l)).collect();
    let mut html = String::with_capacity(512);
    let _ = write!(
        html,
        "<p class=\"event-description\"><span class=\"mark-time\">{}</span> {}</p>\
         <dl class=\"snapshot\"><dt>running</dt><dd>{}</dd><dt>ready</dt><dd>{}</dd>\
         <dt>sleeping (timers)</dt><dd>{}</dd><dt>waiting on another</dt><dd>{}</dd>\
         <dt>GIL holder</dt><dd>{}</dd><dt>waiting for the GIL</dt><dd>{}</dd>\
         <dt>locks</dt><dd>{}</dd><dt>queues</dt><dd>{}</dd></dl>",
        format_seconds(step.at),
        escape_html(&step.description),
        in_state(SpanState::Running),
        in_state(SpanState::Ready),
        in_state(SpanState::WaitingIo),
        in_state(SpanState::Blocked),
        step.gil_holder.map(name).unwrap_or_else(|| "—".to_string()),
        list(gil_waiters),
        list(locks),
        list(queues),
    );
    html
}

/// Where each lane is at `step`: `(line, lane, whether it is the step's own lane)`,
/// the step's own lane first, so a line several lanes share takes its colour.
fn lane_lines(step: &Step) -> Vec<(usize, usize, bool)> {
    let mut at: Vec<(usize, usize, bool)> = step
        .lanes
        .iter()
        .filter_map(|lane| {
            let line = lane.line? as usize;
            Some((line, lane.lane, step.lane == Some(lane.lane)))
        })
        .collect();
    at.sort_by_key(|&(_, _, own)| !own);
    at
}

/// The lines an editor lights at `step`, each in its lane's colour with its name.
pub fn step_marks(run: &Run, step: &Step) -> Vec<crate::editor::StepMark> {
    lane_lines(step)
        .into_iter()
        .map(|(line, lane, _)| crate::editor::StepMark {
            line: line as u32,
            colour: lane_colour(lane),
            name: format!(
                "◀ {}",
                run.timeline
                    .lanes
                    .get(lane)
                    .map(|l| l.name.as_str())
                    .unwrap_or_default()
            ),
        })
        .collect()
}

/// The editor's lit lines at the current step of `run`: none outside step mode.
pub fn editor_marks(
    run: Memo<Option<Run>>,
    step_index: RwSignal<Option<usize>>,
) -> Signal<Vec<crate::editor::StepMark>> {
    Signal::derive(move || {
        let index = step_index.get();
        run.with(|run| {
            run.as_ref()
                .zip(index)
                .and_then(|(run, i)| run.steps.get(i).map(|step| step_marks(run, step)))
                .unwrap_or_default()
        })
    })
}

/// The program as a numbered listing of highlighted `lines`, and at a step each lane's
/// line lit in that lane's colour (the step's own lane most) and tagged with its name.
pub fn listing_markup(
    run: Option<&Run>,
    step: Option<&Step>,
    lines: &[String],
    label: &str,
) -> String {
    use std::fmt::Write as _;
    let mut marks: Vec<Vec<(usize, bool)>> = vec![Vec::new(); lines.len()];
    for (line, lane, own) in step.map(lane_lines).unwrap_or_default() {
        if let Some(slot) = marks.get_mut(line.wrapping_sub(1)) {
            slot.push((lane, own));
        }
    }
    let mut html = String::with_capacity(128 + lines.iter().map(String::len).sum::<usize>() * 2);
    // Focusable, as it scrolls sideways on a narrow screen.
    let _ = write!(
        html,
        "<ol class=\"code-listing\" tabindex=\"0\" aria-label=\"{}\">",
        escape_html(label)
    );
    for (i, code) in lines.iter().enumerate() {
        let here = &marks[i];
        // The line is drawn in the colour of the step's own lane if it is here, else
        // of the first lane here: the colour of that lane's row in the timeline.
        let own = here.iter().find(|(_, own)| *own).or(here.first());
        let attributes = match own {
            None => String::new(),
            Some((lane, is_own)) => format!(
                " class=\"lit{}\" style=\"--lane: {}\"",
                if *is_own { " current" } else { "" },
                lane_colour(*lane)
            ),
        };
        let _ = write!(
            html,
            "<li{attributes}><span class=\"line-number\" aria-hidden=\"true\">{}</span><code>{code}</code>",
            i + 1
        );
        if !here.is_empty() {
            html.push_str("<span class=\"lane-tags\">");
            for (lane, _) in here {
                let _ = write!(
                    html,
                    "<span class=\"lane-tag\" style=\"--lane: {}\">◀ {}</span>",
                    lane_colour(*lane),
                    run.map(|run| lane_name(run, *lane)).unwrap_or_default()
                );
            }
            html.push_str("</span>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ol>");
    html
}

/// The program's lines highlighted (plain text until highlight.js has loaded).
pub fn highlighted_lines(source: Signal<String>) -> Memo<Vec<String>> {
    let highlighted = use_highlighter_ready();
    Memo::new(move |_| {
        highlighted.track();
        source.get().lines().map(python_to_html).collect::<Vec<_>>()
    })
}

/// Step-through of a run: forward and back (buttons, arrow keys), with what each step
/// holds. The code beside it lights each lane's line: a lesson's listing (see
/// [`listing_markup`]) or the editor (see [`step_marks`]).
#[component]
pub fn Steps(
    #[prop(into)] run: Signal<Option<Run>>,
    step_index: RwSignal<Option<usize>>,
) -> impl IntoView {
    let count = Memo::new(move |_| run.with(|run| run.as_ref().map_or(0, |run| run.steps.len())));
    let on_key =
        move |event: ev::KeyboardEvent| on_step_key(&event, count.get_untracked(), step_index);
    // Built as one string of markup: far less code in the page's wasm than views.
    let details = move || {
        let index = step_index.get();
        run.with(|run| {
            let run = run.as_ref()?;
            let step = run.steps.get(index?)?;
            Some(snapshot_markup(run, step))
        })
        .unwrap_or_default()
    };
    view! {
        <section class="step-through" aria-label="Step through the prediction" on:keydown=on_key>
            <StepControls count step_index noun="step"/>
            <div inner_html=details></div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_core::sim::{predict, Options};

    const GATHER: &str = "\
import asyncio

async def job(name, seconds):
    await asyncio.sleep(seconds)
    print(name, 'done')
    return name

async def main():
    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in [('A', 0.3), ('B', 0.1), ('C', 0.2)]]
    print(await asyncio.gather(*tasks))

asyncio.run(main())
";

    fn lane_of(run: &Run, name: &str) -> usize {
        run.timeline
            .lanes
            .iter()
            .position(|l| l.name == name)
            .unwrap()
    }

    #[test]
    fn a_span_of_the_prediction_steps_to_its_lane_from_its_start() {
        let run = predict(GATHER, &Options::default()).unwrap();
        let b = lane_of(&run, "B");
        let index = step_for_span(&run, &run.timeline, Some(b), 0).unwrap();
        assert_eq!(
            run.steps[index].lane,
            Some(b),
            "{}",
            run.steps[index].description
        );
    }

    #[test]
    fn a_span_of_a_stretched_measurement_with_other_lane_order_steps_to_the_same_task() {
        let run = predict(GATHER, &Options::default()).unwrap();
        let b = lane_of(&run, "B");
        // A loaded machine: everything starts 0.12 s late and the run ends at 0.45 s;
        // the lanes came in another order.
        let mut measured = run.timeline.clone();
        measured.lanes.reverse();
        measured.end = 450_000;
        let measured_b = measured.lanes.iter().position(|l| l.name == "B").unwrap();
        assert_ne!(measured_b, b, "the test needs the lane orders to differ");
        // From a late start, and past the lane's last step (its last step): B's.
        for at in [120_000, 449_000] {
            let index = step_for_span(&run, &measured, Some(measured_b), at).unwrap();
            let step = &run.steps[index];
            assert_eq!(step.lane, Some(b), "at {at}: {}", step.description);
        }
        // A mark of the whole program: the first step of any lane from its moment.
        let any = step_for_span(&run, &run.timeline, None, 150_000).unwrap();
        assert!(run.steps[any].at >= 150_000 && (any == 0 || run.steps[any - 1].at < 150_000));
    }
}
