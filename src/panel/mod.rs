//! The simulation panel a lesson embeds: parameters, the Python program they stand for,
//! Run / Step / Reset, the printed output, and the timeline of what ran when.
//!
//! State is plain data in a few signals: the parameters' text ([`params::Params`]), the
//! live run's latest [`Timeline`], and the step position. Everything else (the scenario,
//! the prediction, the program text) is derived from them, so nothing can disagree.

mod exchange;
mod frames;
pub mod params;
mod predict;
pub(crate) mod step;

use crate::highlight::{python_to_html, use_highlighter_ready};
use crate::live::{LiveOptions, LiveRun, LiveSnapshot};
use crate::progress::use_progress;
use crate::timeline_view::{mark_kind_label, shorten};
use crate::timeline_view::{use_chart_width, MarkList, SpanTable, TimelineChart, TimelineLegend};
use exchange::Exchange;
use interleave_core::model::{simulate_with, ModelOptions, Prediction};
use interleave_core::python::{render, RenderOptions};
use interleave_core::scenario::Scenario;
use interleave_core::timeline::{MarkKind, Timeline};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use params::{fields, FieldKind, FieldSpec, Params, SimulationKind};
use predict::PredictionForm;
use step::StepThrough;

/// The cores a free-threaded run may use: the browser's `navigator.hardwareConcurrency`.
pub fn browser_cores() -> u32 {
    web_sys::window()
        .map(|window| window.navigator().hardware_concurrency() as u32)
        .filter(|&cores| cores > 0)
        .unwrap_or(2)
}

/// What the panel is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    /// Nothing has run since the last change or Reset.
    Idle,
    Running,
    Finished,
    /// Stopped by the learner before the program ended.
    Stopped,
}

/// The panel for one lesson.
#[component]
pub fn SimulationPanel(kind: SimulationKind, slug: &'static str) -> impl IntoView {
    let query = use_query_map().get_untracked();
    let pairs: Vec<(String, String)> = query
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect();
    let (initial, notices) = Params::from_query(
        kind,
        pairs
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str())),
    );
    let params = RwSignal::new(initial);
    let notices = RwSignal::new(notices);
    let cores = browser_cores();
    if matches!(kind, SimulationKind::Threads | SimulationKind::Pool) {
        // Compile the worker's wasm while the learner reads, so the first Run's threads
        // start warm (tens of milliseconds sooner).
        crate::live::prepare_workers();
    }

    let scenario = Memo::new(move |_| params.with(|params| params.scenario(cores)));
    // The last scenario that was valid: the program and prediction stay on screen while
    // the learner fixes a typo.
    let last_valid = RwSignal::new(None::<Scenario>);
    Effect::new(move || {
        if let Ok(scenario) = scenario.get() {
            last_valid.set(Some(scenario));
        }
    });
    let prediction = Memo::new(move |_| {
        last_valid
            .get()
            .and_then(|scenario| simulate_with(&scenario, &ModelOptions { cpu_count: cores }).ok())
    });
    let program = Memo::new(move |_| {
        last_valid
            .get()
            .map(|scenario| {
                render(
                    &scenario,
                    &RenderOptions {
                        record_trace: false,
                    },
                )
            })
            .unwrap_or_default()
    });

    let measured = RwSignal::new(None::<Timeline>);
    let run_state = RwSignal::new(RunState::Idle);
    let step_index = RwSignal::new(None::<usize>);
    let imported = RwSignal::new(None::<Timeline>);
    let table_open = RwSignal::new(false);
    let status = RwSignal::new(String::new());

    // The live run, if any. It holds browser objects (workers, closures), so it is kept
    // on this thread only; `generation` tells a late callback from an old run to go away.
    let live_run = StoredValue::new_local(None::<LiveRun>);
    let generation = StoredValue::new(0_u64);
    let stop_run = move || {
        generation.try_update_value(|generation| *generation += 1);
        if let Some(Some(run)) = live_run.try_update_value(Option::take) {
            run.stop();
        }
    };
    on_cleanup(stop_run);

    // Any change of parameters makes the last run stale.
    let reset_results = move || {
        stop_run();
        measured.set(None);
        run_state.set(RunState::Idle);
        step_index.set(None);
    };

    let run = move || {
        stop_run();
        let scenario = match scenario.get_untracked() {
            Ok(scenario) => scenario,
            Err(errors) => {
                status.set(format!(
                    "Nothing ran: fix {} first.",
                    errors
                        .iter()
                        .map(|e| e.field)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                return;
            }
        };
        let run = match LiveRun::start(&scenario, LiveOptions::from_browser()) {
            Ok(run) => run,
            Err(error) => {
                status.set(format!("Nothing ran: {error}"));
                return;
            }
        };
        let this_run = generation.get_value();
        let current = move || generation.try_get_value() == Some(this_run);
        step_index.set(None);
        measured.set(Some(run.snapshot().timeline));
        run_state.set(RunState::Running);
        status.set("Running…".to_string());
        let finished = run.finished();
        live_run.set_value(Some(run));

        if !frames::prefers_reduced_motion() {
            // Redraw the growing timeline every frame while this run is the current one.
            frames::every_frame(move || {
                if !current() || run_state.try_get_untracked() != Some(RunState::Running) {
                    return false;
                }
                if let Some(Some(snapshot)) =
                    live_run.try_with_value(|run| run.as_ref().map(LiveRun::snapshot))
                {
                    measured.try_set(Some(snapshot.timeline));
                }
                true
            });
        }
        leptos::task::spawn_local(async move {
            let snapshot: LiveSnapshot = finished.await;
            if !current() || !snapshot.finished {
                return;
            }
            let summary = run_summary(&snapshot);
            measured.try_set(Some(snapshot.timeline));
            run_state.try_set(RunState::Finished);
            status.try_set(summary);
        });
    };
    let stop = move || {
        let snapshot = live_run.with_value(|run| run.as_ref().map(LiveRun::snapshot));
        stop_run();
        if let Some(snapshot) = snapshot {
            measured.set(Some(snapshot.timeline));
        }
        run_state.set(RunState::Stopped);
        status.set("Stopped. Every timer and worker of that run has ended.".to_string());
    };

    // Keep the URL in step with the parameters, so the address bar is always a link
    // that reproduces this panel. Only the query changes, so the history entry is
    // replaced directly rather than through the router (which would re-route); and only
    // while this lesson is still the one on screen.
    Effect::new(move || {
        let query = params.with(Params::to_query);
        replace_query(slug, &query);
    });

    let progress = use_progress();
    Effect::new(move || {
        if run_state.get() == RunState::Finished {
            if let Some(progress) = progress {
                progress.record_run(slug);
            }
        }
    });

    let primary = Signal::derive(move || {
        measured.get().or_else(|| {
            prediction
                .get()
                .map(|prediction: Prediction| prediction.timeline)
        })
    });
    let strip = Signal::derive(move || {
        measured
            .with(Option::is_some)
            .then(|| prediction.get().map(|prediction| prediction.timeline))
            .flatten()
    });
    let primary_label = Signal::derive(move || {
        if measured.with(Option::is_some) {
            "measured in this browser".to_string()
        } else {
            "the model's prediction".to_string()
        }
    });
    let cursor = Signal::derive(move || {
        let index = step_index.get()?;
        prediction.with(|prediction| {
            prediction
                .as_ref()
                .and_then(|prediction| prediction.events.get(index))
                .map(|event| event.at)
        })
    });

    let chart_box = NodeRef::<html::Div>::new();
    let chart_width = use_chart_width(chart_box, || {});

    let output_lines = Signal::derive(move || {
        measured
            .get()
            .or_else(|| prediction.get().map(|prediction| prediction.timeline))
            .map(|timeline| {
                timeline
                    .output
                    .iter()
                    .map(|line| line.text.clone())
                    .chain(timeline.error.map(|error| error.to_string()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });

    view! {
        <section class="simulation" aria-labelledby=format!("{slug}-sim-title")>
            <h2 id=format!("{slug}-sim-title")>"Try it"</h2>
            {move || {
                let list = notices.get();
                (!list.is_empty()).then(|| view! {
                    <div class="notice" role="status">
                        <ul>{list.into_iter().map(|notice| view! { <li>{notice.0}</li> }).collect_view()}</ul>
                        <button type="button" class="link-button" on:click=move |_| notices.set(Vec::new())>"Dismiss"</button>
                    </div>
                })
            }}
            <form class="params" on:submit=|event| event.prevent_default()>
                {fields(kind)
                    .iter()
                    .map(|field| view! { <ParamField field=*field params scenario on_change=reset_results/> })
                    .collect_view()}
            </form>

            <div class="controls" role="group" aria-label="Simulation controls">
                <button type="button" class="primary" on:click=move |_| run()>
                    {move || if run_state.get() == RunState::Running { "Run again" } else { "Run" }}
                </button>
                <button type="button" on:click=move |_| stop() disabled=move || run_state.get() != RunState::Running>
                    "Stop"
                </button>
                <button
                    type="button"
                    on:click=move |_| {
                        params.set(Params::defaults(kind));
                        notices.set(Vec::new());
                        reset_results();
                        status.set("Reset to the lesson's starting values.".to_string());
                    }
                >
                    "Reset"
                </button>
            </div>
            <p class="status" role="status" aria-live="polite">{move || status.get()}</p>

            <div class="sim-grid">
                <section class="sim-code" aria-labelledby=format!("{slug}-code-title")>
                    <div class="section-head">
                        <h3 id=format!("{slug}-code-title")>"Python code"</h3>
                        <CopyButton text=program status/>
                    </div>
                    <PythonCode code=program/>
                </section>
                <section class="sim-output" aria-labelledby=format!("{slug}-output-title")>
                    <h3 id=format!("{slug}-output-title")>
                        "Output"
                        <span class="source-tag">
                            {move || if measured.with(Option::is_some) { " (this run)" } else { " (predicted by the model)" }}
                        </span>
                    </h3>
                    <pre class="output"><code>{move || output_lines.get().join("\n")}</code></pre>
                </section>
            </div>

            <section class="sim-timeline" aria-labelledby=format!("{slug}-timeline-title")>
                <h3 id=format!("{slug}-timeline-title")>
                    "Timeline"
                    <span class="source-tag">{move || format!(" ({})", primary_label.get())}</span>
                </h3>
                <TimelineLegend/>
                <div class="chart-box" node_ref=chart_box>
                    <TimelineChart primary prediction=strip primary_label cursor width=chart_width/>
                </div>
                <MarkList timeline=primary/>
                <details class="span-table-details" on:toggle=move |event| {
                    let details: web_sys::HtmlDetailsElement = event_target(&event);
                    table_open.set(details.open());
                }>
                    <summary>"Show the spans as a table"</summary>
                    <SpanTable timeline=primary open=table_open/>
                </details>
                <Exchange slug primary chart_box scenario=last_valid imported status width=chart_width/>
            </section>

            <StepThrough prediction step_index/>
            <PredictionForm kind slug measured run_state/>
        </section>
    }
}

/// Replaces the URL's query with `query` if the page still shows `/{slug}`.
fn replace_query(slug: &str, query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    if location.pathname().ok().as_deref() != Some(&format!("/{slug}")) {
        return;
    }
    if location.search().ok().as_deref() == Some(&format!("?{query}")) {
        return;
    }
    if let Ok(history) = window.history() {
        let url = format!("/{slug}?{query}");
        let _ = history.replace_state_with_url(
            &history.state().unwrap_or(wasm_bindgen::JsValue::NULL),
            "",
            Some(&url),
        );
    }
}

/// What the live region says when a run ends: its time, the moment the program is about,
/// any exception, and a warning if the tab was hidden.
fn run_summary(snapshot: &LiveSnapshot) -> String {
    let timeline = &snapshot.timeline;
    let mut summary = format!("Run finished in {:.2} s.", timeline.end as f64 / 1e6);
    if let Some(mark) = timeline.marks.iter().find(|mark| {
        matches!(
            mark.kind,
            MarkKind::GatherReturned | MarkKind::WaitReturned | MarkKind::Shutdown
        )
    }) {
        summary.push_str(&format!(
            " {} at {:.2} s{}.",
            mark_kind_label(mark.kind),
            mark.at as f64 / 1e6,
            if mark.label.is_empty() {
                String::new()
            } else {
                format!(": {}", shorten(&mark.label, 160))
            }
        ));
    }
    if let Some(error) = &timeline.error {
        summary.push_str(&format!(" The program raised {error}."));
    }
    if snapshot.distorted {
        summary.push_str(
            " The tab was hidden during the run, so the browser slowed its timers: these times are distorted.",
        );
    }
    summary
}

/// One labelled form control, named after the Python parameter it sets, with its error
/// right under it.
#[component]
fn ParamField(
    field: FieldSpec,
    params: RwSignal<Params>,
    scenario: Memo<Result<Scenario, Vec<params::FieldError>>>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = format!("param-{}", field.name);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let error = Memo::new(move |_| {
        scenario.with(|scenario| match scenario {
            Err(errors) => errors
                .iter()
                .find(|error| error.field == field.name)
                .map(|error| error.message.clone()),
            Ok(_) => None,
        })
    });
    let value = move || params.with(|params| params.get(field.name).to_string());
    let set = move |new_value: String| {
        params.update(|params| params.set(field.name, new_value));
        on_change();
    };
    let described_by = format!("{help_id} {error_id}");

    let control = match field.kind {
        FieldKind::Bool => view! {
            <input
                type="checkbox"
                id=id.clone()
                name=field.name
                aria-describedby=described_by.clone()
                prop:checked=move || value() == "true"
                on:change=move |event| set(if event_target_checked(&event) { "true" } else { "false" }.to_string())
            />
        }
        .into_any(),
        FieldKind::Choice(choices) => view! {
            <select
                id=id.clone()
                name=field.name
                aria-describedby=described_by.clone()
                prop:value=value
                on:change=move |event| set(event_target_value(&event))
            >
                {choices
                    .iter()
                    .map(|(choice, label)| view! { <option value=*choice>{*label}</option> })
                    .collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::TaskName => view! {
            <select
                id=id.clone()
                name=field.name
                aria-describedby=described_by.clone()
                prop:value=value
                on:change=move |event| set(event_target_value(&event))
            >
                <option value="none">"none"</option>
                {move || {
                    let selected = value();
                    params
                        .with(Params::task_names)
                        .into_iter()
                        .map(|name| {
                            let is_selected = name == selected;
                            view! { <option value=name.clone() selected=is_selected>{name.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
        }
        .into_any(),
        FieldKind::Durations | FieldKind::OptionalSeconds | FieldKind::OptionalCount => {
            let input_mode = if field.kind == FieldKind::OptionalCount { "numeric" } else { "decimal" };
            view! {
                <input
                    type="text"
                    id=id.clone()
                    name=field.name
                    inputmode=input_mode
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby=described_by.clone()
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=value
                    on:input=move |event| set(event_target_value(&event))
                />
            }
            .into_any()
        }
    };

    view! {
        <div class="field" class:field-bool=field.kind == FieldKind::Bool class:has-error=move || error.get().is_some()>
            <label for=id.clone()><code>{field.name}</code></label>
            {control}
            <small id=help_id class="help">{field.help}</small>
            <small id=error_id class="field-error" aria-live="polite">{move || error.get()}</small>
        </div>
    }
}

/// The program, highlighted once highlight.js has loaded.
#[component]
fn PythonCode(#[prop(into)] code: Signal<String>) -> impl IntoView {
    let ready = use_highlighter_ready();
    let html = move || {
        ready.track();
        python_to_html(&code.get())
    };
    view! {
        <pre class="program" tabindex="0" aria-label="The Python program"><code class="language-python hljs" inner_html=html></code></pre>
    }
}

/// Copies `text` to the clipboard and says so in the panel's status line.
#[component]
fn CopyButton(#[prop(into)] text: Signal<String>, status: RwSignal<String>) -> impl IntoView {
    let copy = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let promise = window
            .navigator()
            .clipboard()
            .write_text(&text.get_untracked());
        leptos::task::spawn_local(async move {
            let message = match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => "Copied the Python program to the clipboard.",
                Err(_) => "The browser did not allow copying; select the code and copy it instead.",
            };
            status.set(message.to_string());
        });
    };
    view! { <button type="button" class="small" on:click=copy>"Copy"</button> }
}
