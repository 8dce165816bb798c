//! The simulation panel a lesson embeds: parameters, the Python program they write,
//! Run / Stop / Reset, the printed output, the timeline of what ran when, and a
//! step-through that lights the program's lines.
//!
//! The program is the lesson's template (`src/lessons/programs/`) filled with the
//! parameters. At the lesson's defaults its text and the model's run come from the
//! build (the lesson's body file, `lesson_body`), so the page shows them without loading the
//! interpreter; any other values, and every live run, go to the lessons' worker
//! (`runner`, the interpreter without Python's parser), which answers with the filled
//! program and its run. State is the parameters' text, the latest prediction and live
//! run, and the step position; everything else is derived from them.

mod exchange;
mod frames;
pub mod params;
mod predict;
pub(crate) mod step;

use crate::editor::CodeEditor;
use crate::engine::client::{now_ms, page_hidden, EngineWorker, ABANDON_MS, ENGINE, RUNNER};
use crate::engine::protocol::{Request, Response, Source};
use crate::playground::link;
use crate::progress::use_progress;
use crate::timeline_view::format_seconds;
use crate::timeline_view::{use_chart_width, MarkList, SpanTable, TimelineChart, TimelineLegend};
use exchange::Exchange;
use interleave_core::interp::code::CompileError;
use interleave_core::sim::Run;
use interleave_core::timeline::Micros;
use interleave_core::timeline::Timeline;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use params::{fields, program_file, FieldKind, FieldSpec, Params, SimulationKind};
use predict::PredictionForm;
use step::{highlighted_lines, listing_markup, Output, Steps};

/// The cores a free-threaded run may use: the browser's `navigator.hardwareConcurrency`.
pub fn browser_cores() -> u32 {
    web_sys::window()
        .map(|window| window.navigator().hardware_concurrency() as u32)
        .filter(|&cores| cores > 0)
        .unwrap_or(2)
}

/// The longest run the page starts live, in the model's prediction: a lesson's waits
/// are short, and a run is watched, not left running.
const LIVE_LIMIT_US: Micros = 60_000_000;

/// How long the panel waits after a change before asking for a prediction, so typing
/// `0.35` asks once rather than for `0.`, `0.3` and `0.35`.
const DEBOUNCE_MS: u32 = 200;

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

/// The panel for one lesson. `prediction` is the lesson's program at its defaults and
/// the model's run of it, from the build.
#[component]
pub fn SimulationPanel(
    kind: SimulationKind,
    slug: &'static str,
    prediction: Option<(String, Run)>,
) -> impl IntoView {
    let prediction = StoredValue::new(prediction);
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
    let cores = browser_cores() as usize;

    let values = Memo::new(move |_| params.with(Params::program_values));
    let default_values = Params::defaults(kind).program_values().ok();
    // The program and the model's run of it, for the latest valid values. They stay on
    // screen while the learner fixes a typo, or while the next prediction computes.
    let text = RwSignal::new(String::new());
    let predicted = RwSignal::new(None::<Result<Run, CompileError>>);
    let predicting = RwSignal::new(false);
    // The live run's record, once one has finished.
    let measured = RwSignal::new(None::<Run>);
    let measured_timeline = RwSignal::new(None::<Timeline>);
    let run_state = RwSignal::new(RunState::Idle);
    let step_index = RwSignal::new(None::<usize>);
    let imported = RwSignal::new(None::<Timeline>);
    // The last live run's wall time, computation behind CPython's pace and timer
    // lateness, in ms: in the status line, and as data for the benchmark command.
    let live_stats = RwSignal::new(None::<(f64, f64, f64)>);
    let table_open = RwSignal::new(false);
    let status = RwSignal::new(String::new());

    // The learner's own text, once they edit the program (the knobs then no longer
    // apply), and why it does not compile, if it does not.
    let editing = RwSignal::new(false);
    let edit_source = RwSignal::new(String::new());
    let edit_error = RwSignal::new(None::<CompileError>);
    let storage_key = StoredValue::new(format!("interleave.lesson.{slug}.program"));

    // The worker, started on the first request that needs it: the lessons' (`runner`)
    // for the lesson's program, the Playground's (`engine`, with the parser) once the
    // learner edits. It holds browser objects, so it is kept on this thread only.
    // Answers carry the id of their request: an answer to values since changed, or to
    // a run since stopped, is dropped.
    let worker = StoredValue::new_local(None::<EngineWorker>);
    let worker_script = StoredValue::new(RUNNER);
    let next_id = StoredValue::new(0_u64);
    let live_id = StoredValue::new(None::<u64>);
    // When the prediction being waited for was asked for.
    let in_flight = StoredValue::new(None::<f64>);
    let hidden_during_run = StoredValue::new(false);
    let debounce = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);

    let on_response = move |response: Response| match response {
        Response::Predicted {
            id,
            text: program,
            result,
            ..
        } => {
            if next_id.try_get_value() != Some(id) {
                return;
            }
            in_flight.try_set_value(None);
            predicting.try_set(false);
            match *result {
                Ok(run) => {
                    step_index.try_set(None);
                    edit_error.try_set(None);
                    text.try_set(program);
                    predicted.try_set(Some(Ok(run)));
                }
                // The learner's text: the error goes under the editor, and the last
                // program that compiled stays drawn.
                Err(error) if editing.try_get_untracked() == Some(true) => {
                    edit_error.try_set(Some(error));
                }
                Err(error) => {
                    status.try_set(format!("The program could not be prepared: {error}"));
                    text.try_set(program);
                    predicted.try_set(Some(Err(error)));
                }
            }
        }
        Response::Measured {
            id,
            result,
            ms,
            behind_ms,
            late_ms,
            ..
        } => {
            if live_id.try_get_value() != Some(Some(id)) {
                return;
            }
            live_id.try_set_value(None);
            match *result {
                Ok(run) => {
                    let hidden =
                        hidden_during_run.try_get_value().unwrap_or(false) || page_hidden();
                    status.try_set(run_summary(&run, ms, behind_ms, late_ms, hidden));
                    live_stats.try_set(Some((ms, behind_ms, late_ms)));
                    measured_timeline.try_set(Some(run.timeline.clone()));
                    measured.try_set(Some(run));
                    run_state.try_set(RunState::Finished);
                }
                Err(error) => {
                    status.try_set(format!("Nothing ran: {error}"));
                    run_state.try_set(RunState::Idle);
                }
            }
        }
        Response::Ready => {}
    };
    let on_fault = move |message: String| {
        predicting.try_set(false);
        in_flight.try_set_value(None);
        live_id.try_set_value(None);
        worker.try_update_value(|worker| drop(worker.take()));
        if run_state.try_get_untracked() == Some(RunState::Running) {
            run_state.try_set(RunState::Idle);
        }
        status.try_set(format!(
            "The interpreter stopped: {message}. Change a value or press Run to start it again."
        ));
    };
    let send = move |request: Request| {
        let script = match request.source {
            Source::Text(_) => ENGINE,
            Source::Lesson { .. } => RUNNER,
        };
        if worker_script.get_value() != script {
            worker.update_value(|worker| drop(worker.take()));
            worker_script.set_value(script);
        }
        if worker.with_value(Option::is_none) {
            match EngineWorker::start(script, on_response, on_fault) {
                Ok(started) => worker.set_value(Some(started)),
                Err(message) => {
                    status.set(format!("The interpreter could not start: {message}."));
                    return false;
                }
            }
        }
        worker.with_value(|worker| {
            if let Some(worker) = worker {
                worker.send(&request);
            }
        });
        true
    };
    // Stops a live run: its worker goes, with every timer of the run inside it.
    let stop_run = move || {
        if live_id.try_get_value().flatten().is_some() {
            live_id.try_set_value(None);
            worker.try_update_value(|worker| drop(worker.take()));
        }
    };
    on_cleanup(move || {
        debounce.try_update_value(|timer| {
            if let Some(timer) = timer.take() {
                timer.cancel();
            }
        });
        live_id.try_set_value(None);
        worker.try_update_value(|worker| drop(worker.take()));
    });

    // What a request runs: the learner's text, else the lesson's program filled with
    // the knobs; and whether under the GIL (an edited program runs under it).
    let source_now = move || -> Option<(Source, bool)> {
        if editing.get_untracked() {
            return Some((Source::Text(edit_source.get_untracked()), true));
        }
        let values = values.get_untracked().ok()?;
        let gil = !values.free_threaded;
        Some((
            Source::Lesson {
                file: program_file(kind).to_string(),
                values,
            },
            gil,
        ))
    };
    let predict = move || {
        let Some((source, gil)) = source_now() else {
            return;
        };
        // A prediction still computing after a second (an endless loop runs until the
        // operation budget, seconds) is abandoned with its worker, so the next edit
        // never waits behind it.
        let now = now_ms();
        if in_flight
            .get_value()
            .is_some_and(|sent| now - sent > ABANDON_MS)
        {
            worker.update_value(|worker| drop(worker.take()));
        }
        in_flight.set_value(Some(now));
        let id = next_id.get_value() + 1;
        next_id.set_value(id);
        predicting.set(true);
        send(Request {
            id,
            source,
            gil,
            cores,
            live: false,
        });
    };
    let schedule_predict = move || {
        debounce.update_value(|timer| {
            if let Some(timer) = timer.take() {
                timer.cancel();
            }
        });
        predicting.set(true);
        let timer = gloo_timers::callback::Timeout::new(DEBOUNCE_MS, predict);
        debounce.set_value(Some(timer));
    };
    // Every change of valid values asks for the program and its prediction: from the
    // build at the defaults, else from the worker a moment after the last change.
    Effect::new(move || {
        let Ok(current) = values.get() else {
            return;
        };
        if editing.get() {
            return; // the learner's text holds the truth; the knobs do not apply
        }
        debounce.update_value(|timer| {
            if let Some(timer) = timer.take() {
                timer.cancel();
            }
        });
        if Some(&current) == default_values.as_ref() {
            if let Some((program, run)) = prediction.get_value() {
                next_id.set_value(next_id.get_value() + 1);
                predicting.set(false);
                step_index.set(None);
                text.set(program);
                predicted.set(Some(Ok(run)));
                return;
            }
        }
        // Said at once, so the code region never shows a stale program as current.
        predicting.set(true);
        let timer = gloo_timers::callback::Timeout::new(DEBOUNCE_MS, predict);
        debounce.set_value(Some(timer));
    });

    // Any change of parameters makes the last run stale.
    let reset_results = move || {
        stop_run();
        live_stats.set(None);
        measured.set(None);
        measured_timeline.set(None);
        run_state.set(RunState::Idle);
        step_index.set(None);
    };

    let run = move || {
        stop_run();
        if editing.get_untracked() && edit_error.with_untracked(Option::is_some) {
            status.set(
                "Nothing ran: the program does not compile; the message is under the editor."
                    .to_string(),
            );
            return;
        }
        if let Err(errors) = values.get_untracked() {
            if !editing.get_untracked() {
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
        }
        let Some((source, gil)) = source_now() else {
            return;
        };
        let predicted_end = predicted.with_untracked(|p| {
            p.as_ref()
                .and_then(|p| p.as_ref().ok())
                .map(|run| run.timeline.end)
        });
        if predicted_end.is_some_and(|end| end > LIVE_LIMIT_US) {
            status.set(format!(
                "Not run live: the model predicts {}, and a live run here is limited to {} s.",
                format_seconds(predicted_end.unwrap_or(0)),
                LIVE_LIMIT_US / 1_000_000
            ));
            return;
        }
        let id = next_id.get_value() + 1;
        next_id.set_value(id);
        live_id.set_value(Some(id));
        hidden_during_run.set_value(page_hidden());
        measured.set(None);
        measured_timeline.set(None);
        step_index.set(None);
        let started = send(Request {
            id,
            source,
            gil,
            cores,
            live: true,
        });
        if started {
            run_state.set(RunState::Running);
            status.set("Running live…".to_string());
        } else {
            live_id.set_value(None);
        }
    };
    let stop = move || {
        stop_run();
        run_state.set(RunState::Stopped);
        status.set("Stopped. The run's worker and its timers have ended.".to_string());
    };

    // Editing: the learner's text is kept per lesson and put in the address bar, so the
    // address is a link to exactly what they typed.
    let storage = || web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let keep_edit = move |own: Option<String>| {
        if let Some(storage) = storage() {
            let key = storage_key.get_value();
            let _ = match &own {
                Some(own) => storage.set_item(&key, own),
                None => storage.remove_item(&key),
            };
        }
        link::put_in_address_bar(format!("/{slug}"), own);
    };
    let on_edit = Callback::new(move |()| {
        reset_results();
        keep_edit(Some(edit_source.get_untracked()));
        schedule_predict();
    });
    let start_editing = move |own: String| {
        reset_results();
        edit_error.set(None);
        edit_source.set(own);
        editing.set(true);
        schedule_predict();
    };
    let back_to_lesson = move || {
        reset_results();
        edit_error.set(None);
        editing.set(false);
        keep_edit(None);
        status.set("Back to the lesson's program and its settings.".to_string());
    };
    // A program in the link (`#code=`, a shared link or a prose example's "Run this"),
    // else the one kept from the last visit, opens in the editor.
    let location_hash = use_location().hash;
    let kept = storage().and_then(|s| s.get_item(&storage_key.get_value()).ok().flatten());
    let opened_kept = StoredValue::new(false);
    Effect::new(move || {
        let fragment = location_hash.get();
        let code = link::code_in_fragment(&fragment).map(str::to_string);
        match code {
            Some(code) => {
                leptos::task::spawn_local(async move {
                    match link::decode(&code).await {
                        Ok(program) => {
                            start_editing(program);
                            status.try_set("The program from the link is in the editor; its prediction follows.".to_string());
                            scroll_into_view(slug);
                        }
                        Err(why) => {
                            notices.try_update(|list| list.push(params::UrlNotice(format!(
                            "The link's program could not be used ({why}), so the lesson's program is shown."
                        ))));
                        }
                    }
                })
            }
            None if !opened_kept.get_value() => {
                opened_kept.set_value(true);
                if let Some(own) = kept.clone() {
                    start_editing(own);
                    status.set("Your edited program from your last visit is in the editor. \"Back to the lesson's program\" discards it.".to_string());
                }
            }
            None => {}
        }
    });

    // A hidden tab slows timers: a run that was hidden at any moment says so.
    // The listener is removed when the panel's owner drops it.
    let _on_visibility = StoredValue::new_local(frames::on_visibility_change(move || {
        if page_hidden() && live_id.try_get_value().flatten().is_some() {
            hidden_during_run.try_set_value(true);
        }
    }));

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

    let prediction_run =
        Memo::new(move |_| predicted.with(|p| p.as_ref().and_then(|p| p.as_ref().ok().cloned())));
    let prediction_timeline =
        Memo::new(move |_| prediction_run.with(|run| run.as_ref().map(|run| run.timeline.clone())));
    let predicted_end =
        Signal::derive(move || prediction_run.with(|run| run.as_ref().map(|run| run.timeline.end)));
    let primary = Signal::derive(move || {
        measured_timeline
            .get()
            .or_else(|| prediction_timeline.get())
    });
    let strip = Signal::derive(move || {
        measured_timeline
            .with(Option::is_some)
            .then(|| prediction_timeline.get())
            .flatten()
    });
    let primary_label = Signal::derive(move || {
        if measured_timeline.with(Option::is_some) {
            "measured in this browser".to_string()
        } else {
            "the model's prediction".to_string()
        }
    });
    let cursor = Signal::derive(move || {
        let index = step_index.get()?;
        prediction_run.with(|run| {
            run.as_ref()
                .and_then(|run| run.steps.get(index))
                .map(|s| s.at)
        })
    });
    // A click on a span or a mark steps there: that lane's first step from its moment.
    let on_pick = step::pick_step(prediction_run, primary, step_index);
    let output_run = Signal::derive(move || measured.get().or_else(|| prediction_run.get()));

    let lines = highlighted_lines(text.into());
    let listing = move || {
        let index = step_index.get();
        prediction_run.with(|run| {
            let step = run
                .as_ref()
                .zip(index)
                .and_then(|(run, i)| run.steps.get(i));
            listing_markup(run.as_ref(), step, &lines.read(), "The Python program")
        })
    };

    // While the learner edits, the editor lights the lines of the current step.
    let step_lines = step::editor_marks(prediction_run, step_index);
    let editor_id: &'static str = Box::leak(format!("{slug}-code").into_boxed_str());

    let chart_box = NodeRef::<html::Div>::new();
    let chart_width = use_chart_width(chart_box, || {});

    view! {
        <section
            class="simulation"
            aria-labelledby=format!("{slug}-sim-title")
            data-model-end-us=move || prediction_timeline.with(|t| t.as_ref().map(|t| t.end))
            data-live-end-us=move || measured_timeline.with(|t| t.as_ref().map(|t| t.end))
            data-live-ms=move || live_stats.get().map(|(ms, _, _)| format!("{ms:.2}"))
            data-live-behind-ms=move || live_stats.get().map(|(_, behind, _)| format!("{behind:.2}"))
            data-live-late-ms=move || live_stats.get().map(|(_, _, late)| format!("{late:.2}"))
        >
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
                <fieldset disabled=move || editing.get()>
                    <legend class="visually-hidden">"The lesson's settings"</legend>
                    {fields(kind)
                        .iter()
                        .map(|field| view! { <ParamField field=*field params values on_change=reset_results/> })
                        .collect_view()}
                </fieldset>
            </form>
            {move || editing.get().then(|| view! {
                <p class="notice edited-notice" role="status">
                    "You are running your own version of the program, so the settings above no longer apply. "
                    <button type="button" class="link-button" on:click=move |_| back_to_lesson()>"Back to the lesson's program"</button>
                </p>
            })}

            <div class="controls" role="group" aria-label="Simulation controls">
                <button type="button" class="primary" on:click=move |_| run()
                    disabled=move || editing.get() && edit_error.with(Option::is_some)>
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
                        <h3 id=format!("{slug}-code-title")>
                            "Python code"
                            <span class="source-tag">{move || predicting.get().then_some(" (updating…)")}</span>
                        </h3>
                        {move || (!editing.get()).then(|| view! {
                            <button type="button" class="small" on:click=move |_| start_editing(text.get_untracked())>"Edit"</button>
                        })}
                        <CopyButton text status/>
                    </div>
                    {move || match editing.get() {
                        // The editor while the learner edits, lit while they step.
                        true => view! {
                            <CodeEditor id=editor_id source=edit_source error=edit_error on_edit step_lines label_hidden=true/>
                        }.into_any(),
                        false => view! { <div class="program-listing" inner_html=listing></div> }.into_any(),
                    }}
                    // Beside the code it lights: stepping and reading stay together.
                    <Steps run=prediction_run step_index/>
                </section>
                <section class="sim-output" aria-labelledby=format!("{slug}-output-title")>
                    <h3 id=format!("{slug}-output-title")>
                        "Output"
                        <span class="source-tag">
                            {move || if measured.with(Option::is_some) { " (this run)" } else { " (predicted by the model)" }}
                        </span>
                    </h3>
                    <Output run=output_run/>
                </section>
            </div>

            <section class="sim-timeline" aria-labelledby=format!("{slug}-timeline-title")>
                <h3 id=format!("{slug}-timeline-title")>
                    "Timeline"
                    <span class="source-tag">{move || format!(" ({})", primary_label.get())}</span>
                </h3>
                <TimelineLegend/>
                <div class="chart-box" node_ref=chart_box>
                    <TimelineChart primary prediction=strip primary_label cursor width=chart_width on_pick/>
                </div>
                <MarkList timeline=primary on_pick/>
                <details class="span-table-details" on:toggle=move |event| {
                    let details: web_sys::HtmlDetailsElement = event_target(&event);
                    table_open.set(details.open());
                }>
                    <summary>"Show the spans as a table"</summary>
                    <SpanTable timeline=primary open=table_open/>
                </details>
                <Exchange slug primary chart_box imported status width=chart_width/>
            </section>

            <PredictionForm kind slug measured=measured_timeline predicted_end run_state/>
        </section>
    }
}

/// Scrolls the panel of the lesson `slug` into view (a prose example was loaded into it).
fn scroll_into_view(slug: &str) {
    if let Some(panel) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("{slug}-sim-title")))
    {
        panel.scroll_into_view();
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

/// What the live region says when a run ends: how long it took beside the model's
/// prediction, how late the timers woke, whether the computation kept CPython's pace,
/// any exception, and a warning if the tab was hidden.
fn run_summary(run: &Run, ms: f64, behind_ms: f64, late_ms: f64, hidden: bool) -> String {
    let mut summary = format!(
        "Ran live in {}: timers woke {late_ms:.1} ms late in all.",
        format_seconds((ms * 1000.0).max(0.0) as Micros)
    );
    if behind_ms >= 1.0 {
        summary.push_str(&format!(
            " The interpreter computed {behind_ms:.0} ms slower than CPython would have, so this run took that much longer."
        ));
    } else {
        summary.push_str(" Its computation kept CPython's pace.");
    }
    if let Some(last) = run.stderr.lines().last() {
        summary.push_str(&format!(" The program ended with {last}"));
    }
    if let Some(stopped) = &run.stopped {
        summary.push_str(&format!(" It was {stopped}."));
    }
    if hidden {
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
    values: Memo<Result<params::ProgramValues, Vec<params::FieldError>>>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = format!("param-{}", field.name);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let error = Memo::new(move |_| {
        values.with(|values| match values {
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
        FieldKind::Durations
        | FieldKind::OptionalSeconds
        | FieldKind::OptionalCount
        | FieldKind::Count { .. } => {
            let input_mode = if matches!(field.kind, FieldKind::OptionalCount | FieldKind::Count { .. }) {
                "numeric"
            } else {
                "decimal"
            };
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
