//! Step-through: walks the model's event log forward and back, showing what the event
//! loop, the GIL and the pool hold at each moment, with a cursor on the chart.

use interleave_core::model::{ModelEvent, Prediction};
use leptos::prelude::*;

use crate::timeline_view::format_seconds;

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

#[component]
pub fn StepThrough(
    prediction: Memo<Option<Prediction>>,
    step_index: RwSignal<Option<usize>>,
) -> impl IntoView {
    let count = Memo::new(move |_| prediction.with(|p| p.as_ref().map_or(0, |p| p.events.len())));
    let event = Memo::new(move |_| {
        let index = step_index.get()?;
        prediction.with(|p| p.as_ref().and_then(|p| p.events.get(index).cloned()))
    });
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        on_step_key(&event, count.get_untracked(), step_index)
    };
    view! {
        <section class="step-through" aria-label="Step through the model's prediction" on:keydown=on_key>
            <StepControls count step_index noun="event"/>
            {move || event.get().map(|event| view! { <EventDetails event/> })}
        </section>
    }
}

#[component]
fn EventDetails(event: ModelEvent) -> impl IntoView {
    let snapshot = event.snapshot;
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "—".to_string()
        } else {
            items.join(", ")
        }
    };
    let timers = snapshot
        .timers
        .iter()
        .map(|(name, at)| format!("{name} wakes at {}", format_seconds(*at)))
        .collect::<Vec<_>>();
    view! {
        <div class="event-details">
            <p class="event-description">
                <span class="mark-time">{format_seconds(event.at)}</span> " " {event.description}
            </p>
            <dl class="snapshot">
                <dt>"running"</dt><dd>{list(snapshot.running)}</dd>
                <dt>"ready queue"</dt><dd>{list(snapshot.ready)}</dd>
                <dt>"sleeping (timers)"</dt><dd>{list(timers)}</dd>
                <dt>"GIL holder"</dt><dd>{snapshot.gil_holder.unwrap_or_else(|| "—".to_string())}</dd>
                <dt>"pool queue"</dt><dd>{list(snapshot.pool_queue)}</dd>
                <dt>"idle workers"</dt><dd>{list(snapshot.idle_workers)}</dd>
                <dt>"done"</dt><dd>{list(snapshot.done)}</dd>
            </dl>
        </div>
    }
}
