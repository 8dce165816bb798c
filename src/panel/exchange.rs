//! Getting timelines in and out of the page: download the chart as SVG or as Chrome trace
//! JSON (opens in Perfetto), and import a trace recorded by running the lesson's program
//! in real CPython, drawn beside the model and the browser.

use crate::highlight::python_to_html;
use crate::timeline_view::TimelineChart;
use interleave_core::timeline::Timeline;
use interleave_core::trace::{from_chrome_trace, to_chrome_trace, MAX_TRACE_BYTES};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The presentation properties copied onto each element of an exported SVG, so that it
/// looks the same outside the page, where the stylesheet and its variables are absent.
const EXPORTED_PROPERTIES: &[&str] = &[
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
];

/// The chart inside `container` as a standalone SVG document.
pub fn standalone_svg(container: &web_sys::Element) -> Option<String> {
    let window = web_sys::window()?;
    let original = container.query_selector("svg.timeline-chart").ok()??;
    let copy: web_sys::Element = original.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let originals = original.query_selector_all("*").ok()?;
    let copies = copy.query_selector_all("*").ok()?;
    for index in 0..originals.length().min(copies.length()) {
        let (Some(from), Some(to)) = (originals.item(index), copies.item(index)) else {
            continue;
        };
        let (Ok(from), Ok(to)) = (
            from.dyn_into::<web_sys::Element>(),
            to.dyn_into::<web_sys::Element>(),
        ) else {
            continue;
        };
        let Ok(Some(computed)) = window.get_computed_style(&from) else {
            continue;
        };
        let style: String = EXPORTED_PROPERTIES
            .iter()
            .filter_map(|property| {
                let value = computed.get_property_value(property).ok()?;
                (!value.is_empty()).then(|| format!("{property}:{value};"))
            })
            .collect();
        let _ = to.set_attribute("style", &style);
        let _ = to.remove_attribute("tabindex");
    }
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
        copy.outer_html()
    ))
}

/// Offers `contents` to the learner as a file download.
pub fn download(file_name: &str, mime: &str, contents: &str) -> Result<(), String> {
    let fail = |_| "The browser refused to create the download.".to_string();
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&contents.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A recorder of any program's tasks and threads as a Chrome trace, run beside the
/// program in CPython (`src/lessons/tools/record_trace.py`).
pub const RECORD_TRACE: &str = include_str!("../lessons/tools/record_trace.py");

/// Export buttons, the CPython trace recorder and the import control.
#[component]
pub fn Exchange(
    slug: &'static str,
    #[prop(into)] primary: Signal<Option<Timeline>>,
    chart_box: NodeRef<html::Div>,
    imported: RwSignal<Option<Timeline>>,
    status: RwSignal<String>,
    #[prop(into)] width: Signal<f64>,
) -> impl IntoView {
    let import_error = RwSignal::new(None::<String>);
    let download_svg = move |_| {
        let container = chart_box.get_untracked();
        let on_canvas = container
            .as_ref()
            .and_then(|element| {
                element
                    .query_selector("canvas.timeline-canvas")
                    .ok()
                    .flatten()
            })
            .is_some();
        let result = container
            .and_then(|element| standalone_svg(&element))
            .ok_or_else(|| {
                if on_canvas {
                    "This timeline has too many spans for SVG and is painted on a canvas; download the trace instead.".to_string()
                } else {
                    "There is no chart to export yet.".to_string()
                }
            })
            .and_then(|svg| download(&format!("interleave-{slug}.svg"), "image/svg+xml", &svg));
        status.set(match result {
            Ok(()) => "Downloaded the timeline as SVG.".to_string(),
            Err(message) => message,
        });
    };
    let download_trace = move |_| {
        let result = primary
            .get_untracked()
            .ok_or_else(|| "There is no timeline to export yet.".to_string())
            .and_then(|timeline| {
                download(
                    &format!("interleave-{slug}.trace.json"),
                    "application/json",
                    &to_chrome_trace(&timeline),
                )
            });
        status.set(match result {
            Ok(()) => {
                "Downloaded the timeline as Chrome trace JSON; open it in Perfetto.".to_string()
            }
            Err(message) => message,
        });
    };
    let on_file = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // Let the same file be chosen again after a fix.
        input.set_value("");
        if file.size() > MAX_TRACE_BYTES as f64 {
            import_error.set(Some(format!(
                "{} is {:.1} MB; traces up to {} MB are accepted. Nothing was imported.",
                file.name(),
                file.size() / 1_048_576.0,
                MAX_TRACE_BYTES / 1_048_576
            )));
            return;
        }
        let name = file.name();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let outcome = match text.ok().and_then(|text| text.as_string()) {
                None => Err(format!("{name} could not be read as text.")),
                Some(text) => from_chrome_trace(&text)
                    .map_err(|error| format!("{name}: {error} Nothing was imported.")),
            };
            match outcome {
                Ok(timeline) => {
                    import_error.set(None);
                    imported.set(Some(timeline));
                    status.set(format!(
                        "Imported {name}; it is drawn under the lesson's timeline."
                    ));
                }
                Err(message) => import_error.set(Some(message)),
            }
        });
    };
    let recorder = move || python_to_html(RECORD_TRACE);
    let input_id = format!("{slug}-import-trace");

    view! {
        <div class="exchange">
            <div class="controls" role="group" aria-label="Export the timeline">
                <button type="button" class="small" on:click=download_svg>"Download SVG"</button>
                <button type="button" class="small" on:click=download_trace>"Download trace (Perfetto)"</button>
                <input id=input_id.clone() class="visually-hidden file-input" type="file" accept=".json,application/json" on:change=on_file/>
                <label class="file-button" for=input_id>"Import a CPython trace…"</label>
            </div>
            <p class="field-error" role="alert">{move || import_error.get()}</p>
            <details class="recorder">
                <summary>"Record a trace in real CPython"</summary>
                <p>
                    "Copy the program above into " <code>"lesson.py"</code> " and this recorder into "
                    <code>"record_trace.py"</code> ", then run "
                    <code>"python3 record_trace.py lesson.py trace.json"</code>
                    ". The program runs unchanged and prints what it always prints; the recorder notes when each task "
                    "and thread ran. Then import " <code>"trace.json"</code> " here to see CPython's timeline beside this one."
                </p>
                <pre class="program" tabindex="0" aria-label="The trace recorder"><code class="language-python hljs" inner_html=recorder></code></pre>
            </details>
            {move || imported.get().map(|timeline| view! {
                <section class="imported" aria-label="Imported trace">
                    <div class="section-head">
                        <h4>"Recorded in CPython (imported)"</h4>
                        <button type="button" class="small" on:click=move |_| imported.set(None)>"Remove"</button>
                    </div>
                    <div class="chart-box">
                        <TimelineChart
                            primary=Signal::derive(move || Some(timeline.clone()))
                            prediction=Signal::derive(|| None)
                            primary_label=Signal::derive(|| "recorded in CPython".to_string())
                            cursor=Signal::derive(|| None)
                            width
                        />
                    </div>
                </section>
            })}
        </div>
    }
}
