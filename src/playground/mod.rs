//! The Playground: a learner's own program, predicted by the interpreter.
//!
//! The learner types Python; a moment after they stop, the program goes to the engine
//! worker (`src/bin/engine.rs`), which parses, lowers and runs it on the model's virtual
//! clock and sends back the [`Run`]: what it printed, its timeline and its steps. The
//! page draws them with the lessons' own chart and lights, at each step, the line every
//! task and thread is at. The worker carries Python's parser, so it is fetched only here:
//! the lessons never load it.

pub mod link;

use crate::editor::{compile_error_text, CodeEditor};
use crate::engine::client::{now_ms, EngineWorker, ABANDON_MS, ENGINE};
use crate::engine::protocol::{Request, Response, Source};
use crate::panel::step::{editor_marks, pick_step, Output, Steps};
use crate::timeline_view::{
    format_seconds, use_chart_width, MarkList, SpanTable, TimelineChart, TimelineLegend,
};
use interleave_core::interp::code::CompileError;
use interleave_core::sim::Run;
use interleave_core::timeline::Timeline;
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The program the Playground opens with: short, and showing the point of the course
/// (two waits overlap, and the output says in which order things happened).
pub const STARTER: &str = r#"import asyncio
import time


async def fetch(name, seconds):
    print(f"{name}: start")
    await asyncio.sleep(seconds)
    print(f"{name}: done after {seconds}s")
    return name


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(fetch("A", 0.3), fetch("B", 0.1))
    print(results, f"in {time.perf_counter() - start:.1f}s")


asyncio.run(main())
"#;

/// Where the learner's latest program is kept between visits.
const STORAGE_KEY: &str = "interleave.playground.program";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The longest a live run may last, by the model's prediction: longer programs are
/// predicted only.
const LIVE_LIMIT_US: u64 = 30_000_000;

/// How long after the last keystroke the program is sent for prediction.
const DEBOUNCE_MS: u32 = 250;

/// The route `/playground`.
#[component]
pub fn Playground() -> impl IntoView {
    let source = RwSignal::new(STARTER.to_string());
    let result = RwSignal::new(None::<Result<Run, CompileError>>);
    let status = RwSignal::new("Loading the interpreter…".to_string());
    // What the page did about a link or a kept program it could not use.
    let notice = RwSignal::new(None::<String>);
    let step_index = RwSignal::new(None::<usize>);
    let free_threaded = RwSignal::new(false);
    let engine = StoredValue::new_local(None::<EngineWorker>);
    // A live run has a worker of its own: Stop (or an edit) terminates it, and the
    // predictions' worker never shares its time with a run being timed.
    let live_engine = StoredValue::new_local(None::<EngineWorker>);
    let measured = RwSignal::new(None::<Run>);
    let live_running = RwSignal::new(false);
    let next_id = StoredValue::new(0_u64);
    // The request in flight: its id and when it was sent.
    let in_flight = StoredValue::new(None::<(u64, f64)>);
    let debounce = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    // The text of the latest request.
    let sent_source = StoredValue::new(String::new());

    let on_live_response = move |response: Response| {
        let Response::Measured {
            result: answer,
            ms,
            behind_ms,
            late_ms,
            ..
        } = response
        else {
            return;
        };
        live_running.try_set(false);
        live_engine.try_update_value(|worker| drop(worker.take()));
        match *answer {
            Ok(run) => {
                let behind = if behind_ms >= 1.0 {
                    format!(" The interpreter computed {behind_ms:.0} ms slower than CPython would have.")
                } else {
                    " Its computation kept CPython's pace.".to_string()
                };
                status.try_set(format!(
                    "Ran live in {ms:.0} ms: timers woke {late_ms:.1} ms late in all.{behind}"
                ));
                measured.try_set(Some(run));
            }
            Err(error) => {
                status.try_set(format!("Nothing ran: {}", compile_error_text(&error)));
            }
        }
    };
    let on_response = move |response: Response| {
        if let Response::Predicted {
            id,
            result: answer,
            ms,
            ..
        } = response
        {
            if next_id.try_get_value() != Some(id) {
                return; // an answer to a program edited since
            }
            in_flight.try_set_value(None);
            let answer = *answer;
            let message = match &answer {
                Ok(run) => match &run.stopped {
                    Some(_) => format!(
                        "The model stopped the program after {ms:.0} ms of predicting: the Output says why."
                    ),
                    None => format!(
                        "Predicted by the model in {ms:.0} ms: the program takes {} in CPython.",
                        format_seconds(run.timeline.end)
                    ),
                },
                Err(error) => format!(
                    "Nothing ran: the program does not compile (line {}).",
                    error.line
                ),
            };
            step_index.try_set(None);
            result.try_set(Some(answer));
            status.try_set(message);
        }
    };
    let start_engine = move || {
        let fault = move |message: String| {
            in_flight.try_set_value(None);
            status.try_set(format!(
                "The interpreter could not run: {message}. Reload the page to try again."
            ));
        };
        match EngineWorker::start(ENGINE, on_response, fault) {
            Ok(worker) => engine.set_value(Some(worker)),
            Err(message) => status.set(format!("The interpreter could not start: {message}.")),
        }
    };
    let stop_live = move || {
        live_engine.try_update_value(|worker| drop(worker.take()));
        live_running.try_set(false);
        measured.try_set(None);
    };
    let predict = move || {
        stop_live();
        let id = next_id.get_value() + 1;
        next_id.set_value(id);
        let stuck = in_flight
            .get_value()
            .is_some_and(|(_, sent)| now_ms() - sent > ABANDON_MS);
        if stuck {
            // The last program is still computing: start over rather than queue behind it.
            engine.set_value(None);
            start_engine();
        }
        let text = source.get_untracked();
        let request = Request {
            id,
            source: Source::Text(text.clone()),
            gil: !free_threaded.get_untracked(),
            cores: crate::panel::browser_cores() as usize,
            live: false,
        };
        sent_source.set_value(text.clone());
        in_flight.set_value(Some((id, now_ms())));
        status.set("Predicting…".to_string());
        if let Some(storage) = storage() {
            let _ = if text == STARTER {
                storage.remove_item(STORAGE_KEY)
            } else {
                storage.set_item(STORAGE_KEY, &text)
            };
        }
        link::put_in_address_bar("/playground".to_string(), (text != STARTER).then_some(text));
        engine.with_value(|worker| {
            if let Some(worker) = worker {
                worker.send(&request);
            }
        });
    };
    let run_live = move || {
        let Some(Ok(prediction)) = result.get_untracked() else {
            return;
        };
        if prediction.timeline.end > LIVE_LIMIT_US {
            status.set(format!(
                "Not run live: the model predicts it runs for {}, and a live run here is limited to {} s. Its prediction is below.",
                format_seconds(prediction.timeline.end),
                LIVE_LIMIT_US / 1_000_000
            ));
            return;
        }
        stop_live();
        let fault = move |message: String| {
            live_running.try_set(false);
            status.try_set(format!("The live run failed: {message}."));
        };
        let worker = match EngineWorker::start(ENGINE, on_live_response, fault) {
            Ok(worker) => worker,
            Err(message) => {
                status.set(format!("The live run could not start: {message}."));
                return;
            }
        };
        worker.send(&Request {
            id: next_id.get_value(),
            source: Source::Text(sent_source.get_value()),
            gil: !free_threaded.get_untracked(),
            cores: crate::panel::browser_cores() as usize,
            live: true,
        });
        live_engine.set_value(Some(worker));
        live_running.set(true);
        status.set("Running live…".to_string());
    };
    start_engine();
    let location_hash = leptos_router::hooks::use_location().hash.get_untracked();
    // The program to open with: a link's, else the one kept from the last visit, else
    // the starter.
    leptos::task::spawn_local(async move {
        // The router's location: on a link followed inside the app, the address bar
        // may not show the new fragment yet when this runs.
        let fragment = location_hash;
        let kept = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let opening = match link::code_in_fragment(&fragment) {
            Some(code) => match link::decode(code).await {
                Ok(program) => Some(program),
                Err(why) => {
                    notice.try_set(Some(format!(
                        "The link's program could not be used ({why}), so the starter program is shown."
                    )));
                    Some(STARTER.to_string())
                }
            },
            None => kept,
        };
        if let Some(program) = opening {
            source.try_set(program);
        }
        if source.try_get_untracked().is_some() {
            predict();
        }
    });
    on_cleanup(move || {
        debounce.try_update_value(|timer| {
            if let Some(timer) = timer.take() {
                timer.cancel();
            }
        });
        engine.try_update_value(|worker| drop(worker.take()));
        live_engine.try_update_value(|worker| drop(worker.take()));
    });

    let schedule = move || {
        let timer = gloo_timers::callback::Timeout::new(DEBOUNCE_MS, predict);
        debounce.update_value(|slot| {
            if let Some(old) = slot.replace(timer) {
                old.cancel();
            }
        });
    };

    let run =
        Memo::new(move |_| result.with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned())));
    // What is shown: a live run's record once there is one, else the prediction; the
    // prediction then becomes the faint strip under each measured lane.
    let shown = Memo::new(move |_| measured.get().or_else(|| run.get()));
    let timeline =
        Signal::derive(move || shown.with(|run| run.as_ref().map(|run| run.timeline.clone())));
    let strip = Signal::derive(move || {
        if measured.with(Option::is_some) {
            run.with(|run| run.as_ref().map(|run| run.timeline.clone()))
        } else {
            None::<Timeline>
        }
    });
    let is_live = move || measured.with(Option::is_some);
    let cursor = Signal::derive(move || {
        let index = step_index.get()?;
        run.with(|run| {
            run.as_ref()
                .and_then(|run| run.steps.get(index))
                .map(|step| step.at)
        })
    });
    // A click on a span or a mark steps there, as in the lesson panels.
    let on_pick = pick_step(run, timeline, step_index);
    let error =
        Memo::new(move |_| result.with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    // The editor lights the lines of the current step.
    let step_lines = editor_marks(run, step_index);

    let chart_box = NodeRef::<html::Div>::new();
    // The chart is hidden until the first prediction: measure it again once shown.
    let chart_width = use_chart_width(chart_box, move || run.track());
    let table_open = RwSignal::new(false);

    view! {
        <Title text="Playground"/>
        <article class="lesson playground" aria-labelledby="lesson-title">
            <h1 id="lesson-title">"Playground"</h1>
            <p>
                "Write your own asyncio, threading or concurrent.futures program. A moment after you stop typing, "
                "Interleave's interpreter runs it on a model of CPython 3.11 and shows what it prints, "
                "which task or thread ran when, and, step by step, the line each one is at. "
                "Your program stays in this browser and in the address bar, so the address is a link to it. "
                <A href="/subset">"What the interpreter runs"</A>" lists the Python it covers."
            </p>
            <section class="simulation playground-panel" aria-label="Your program">
                {move || notice.get().map(|text| view! { <p class="notice" role="status">{text}</p> })}
                <div class="sim-grid">
                <section class="sim-code" aria-label="Your code">
                <div class="editor-box">
                    <CodeEditor id="playground-code" source error step_lines on_edit=Callback::new(move |()| schedule())/>
                    <div class="controls">
                        <button type="button" on:click=move |_| {
                            if let Some(window) = web_sys::window() {
                                let href = window.location().href().unwrap_or_default();
                                let _ = window.navigator().clipboard().write_text(&href);
                                status.set("The link to this program is copied: whoever opens it sees this program.".to_string());
                            }
                        }>"Copy a link to this program"</button>
                        <button type="button" on:click=move |_| {
                            notice.set(None);
                            source.set(STARTER.to_string());
                            predict();
                        }>"Reset to the starter program"</button>
                    </div>
                    <label class="inline-choice">
                        <input type="checkbox"
                            prop:checked=move || free_threaded.get()
                            on:change=move |event| {
                                free_threaded.set(event_target_checked(&event));
                                predict();
                            }/>
                        " free-threaded CPython (no GIL), on this device's cores"
                    </label>
                </div>
                // Beside the code it lights, as in a lesson's panel.
                <div hidden=move || run.with(Option::is_none)>
                    <Steps run step_index/>
                </div>
                </section>
                <section class="sim-output" aria-label="Output">
                    <h2 class="region-label">
                        {move || if is_live() { "Output (a live run)" } else { "Output (the model's prediction)" }}
                    </h2>
                    <Output run=shown/>
                </section>
                </div>
                <div class="controls">
                    <button type="button" on:click=move |_| run_live()
                        disabled=move || live_running.get() || run.with(Option::is_none)>
                        "Run it live"
                    </button>
                    {move || live_running.get().then(|| view! {
                        <button type="button" on:click=move |_| {
                            stop_live();
                            status.set("Stopped. The live run's worker has ended.".to_string());
                        }>"Stop"</button>
                    })}
                </div>
                <p class="status" role="status" aria-live="polite">{move || status.get()}</p>
                <div class="prediction" hidden=move || run.with(Option::is_none)>
                <div class="chart-box" node_ref=chart_box>
                    <TimelineChart primary=timeline prediction=strip
                        primary_label=Signal::derive(move || if is_live() { "measured" } else { "predicted" }.to_string())
                        cursor width=chart_width on_pick/>
                </div>
                <TimelineLegend/>
                <MarkList timeline on_pick/>
                <button type="button" class="link-button" on:click=move |_| table_open.update(|o| *o = !*o)
                    aria-expanded=move || table_open.get().to_string()>
                    {move || if table_open.get() { "Hide the timeline as a table" } else { "Show the timeline as a table" }}
                </button>
                <SpanTable timeline open=table_open/>
                </div>
            </section>
        </article>
    }
}
