//! The code editor of the Playground and of every lesson panel: CodeMirror 6, bundled
//! from npm by `editor/build.mjs` into `/vendor/codemirror.js` (about 120 KB gzip) and
//! imported only when a learner first edits or opens the Playground, so a lesson's
//! first visit never pays for it.
//!
//! The module (`editor/src/editor.js`) gives Python highlighting, line numbers, undo,
//! Tab and Shift-Tab indenting, and Escape then Tab to leave the editor; this side
//! keeps its text in a signal, marks the line of a compile error and lights the lines
//! of the current step in each lane's colour, as the lesson's own listing does.

use interleave_core::interp::code::{CompileError, CompileErrorKind};
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where Trunk puts the bundle (`index.html` copies `editor/dist/codemirror.js`).
const MODULE: &str = "/vendor/codemirror.js";

#[wasm_bindgen(inline_js = "export function import_module(url) { return import(url); }")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn import_module(url: &str) -> Result<js_sys::Promise, JsValue>;
}

/// What the page says about a failed compile: CPython's words and the place.
pub fn compile_error_text(error: &CompileError) -> String {
    match error.kind {
        CompileErrorKind::Syntax => format!(
            "SyntaxError: {} (line {}, column {})",
            error.message, error.line, error.col
        ),
        CompileErrorKind::Unsupported => {
            format!("Line {}: {}", error.line, error.message)
        }
    }
}

/// A line the current step lights: a lane is at `line` (1-based). Marks on one line
/// take the first one's colour, so the step's own lane comes first.
#[derive(Clone, Debug, PartialEq)]
pub struct StepMark {
    pub line: u32,
    pub colour: &'static str,
    pub name: String,
}

/// A live CodeMirror view and the callback it calls on every edit (kept alive with it).
struct Mounted {
    handle: JsValue,
    _on_change: Closure<dyn FnMut(String)>,
}

impl Mounted {
    fn call(&self, method: &str, args: &[JsValue]) {
        let Ok(function) = js_sys::Reflect::get(&self.handle, &JsValue::from_str(method)) else {
            return;
        };
        let Some(function) = function.dyn_ref::<js_sys::Function>() else {
            return;
        };
        let args: js_sys::Array = args.iter().collect();
        let _ = function.apply(&self.handle, &args);
    }
}

/// Whether the editor module has arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loading {
    Pending,
    Ready,
    Failed,
}

/// Imports the module and creates a view in `parent` holding `source`.
async fn mount(
    parent: web_sys::HtmlElement,
    source: RwSignal<String>,
    on_edit: Callback<()>,
    described_by: String,
    error_id: String,
) -> Result<Mounted, JsValue> {
    let module = wasm_bindgen_futures::JsFuture::from(import_module(MODULE)?).await?;
    let create: js_sys::Function =
        js_sys::Reflect::get(&module, &JsValue::from_str("createEditor"))?.dyn_into()?;
    let on_change = Closure::<dyn FnMut(String)>::new(move |text: String| {
        // The panel may be gone by the time a late edit arrives.
        if source.try_set(text).is_none() {
            on_edit.run(());
        }
    });
    let options = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&options, &JsValue::from_str(key), value).map(|_| ())
    };
    set("doc", &JsValue::from_str(&source.get_untracked()))?;
    set("label", &JsValue::from_str("Python code"))?;
    set("describedBy", &JsValue::from_str(&described_by))?;
    set("errorMessageId", &JsValue::from_str(&error_id))?;
    set("onChange", on_change.as_ref())?;
    let handle = create.call2(&JsValue::NULL, &parent, &options)?;
    // The end-to-end tests read the editor's text through this, as the page does.
    js_sys::Reflect::set(&parent, &JsValue::from_str("interleaveEditor"), &handle)?;
    Ok(Mounted {
        handle,
        _on_change: on_change,
    })
}

/// An editor for `source`, labelled "Python code"; `on_edit` runs after every change
/// the learner makes. `id` names the editor's box (and, with suffixes, its help and
/// error). `step_lines` are lit while the learner steps through a prediction.
#[component]
pub fn CodeEditor(
    id: &'static str,
    source: RwSignal<String>,
    #[prop(into)] error: Signal<Option<CompileError>>,
    on_edit: Callback<()>,
    #[prop(optional, into)] step_lines: Signal<Vec<StepMark>>,
    /// The label is read to screen readers only: a heading beside says it already.
    #[prop(optional)]
    label_hidden: bool,
) -> impl IntoView {
    let keys_id = format!("{id}-keys");
    let error_id = format!("{id}-error");
    let host = NodeRef::<html::Div>::new();
    let mounted = StoredValue::new_local(None::<Mounted>);
    let loading = RwSignal::new(Loading::Pending);
    let attempt = RwSignal::new(0u32);

    {
        let (keys_id, error_id) = (keys_id.clone(), error_id.clone());
        Effect::new(move || {
            attempt.track();
            let Some(parent) = host.get() else {
                return;
            };
            let parent: web_sys::HtmlElement = parent.into();
            loading.set(Loading::Pending);
            let described_by = format!("{keys_id} {error_id}");
            let error_id = error_id.clone();
            leptos::task::spawn_local(async move {
                match mount(parent, source, on_edit, described_by, error_id).await {
                    Ok(editor) => {
                        // The panel may have gone away while the module loaded.
                        if let Some(Some(orphan)) = mounted.try_set_value(Some(editor)) {
                            orphan.call("destroy", &[]);
                            return;
                        }
                        let _ = loading.try_set(Loading::Ready);
                    }
                    Err(_) => {
                        let _ = loading.try_set(Loading::Failed);
                    }
                }
            });
        });
    }
    // The text changed from outside (a "Run this" example, a link): show it. The
    // module ignores a text equal to its own, so the learner's edits do not echo.
    Effect::new(move || {
        let text = source.get();
        if loading.get() == Loading::Ready {
            mounted.with_value(|m| {
                if let Some(m) = m {
                    m.call("setDoc", &[JsValue::from_str(&text)]);
                }
            });
        }
    });
    Effect::new(move || {
        let line = error.with(|e| e.as_ref().map_or(0, |e| e.line));
        let marks = step_lines.get();
        if loading.get() != Loading::Ready {
            return;
        }
        let marks: js_sys::Array = marks
            .iter()
            .map(|mark| {
                let object = js_sys::Object::new();
                for (key, value) in [
                    ("line", JsValue::from(mark.line)),
                    ("colour", JsValue::from_str(mark.colour)),
                    ("name", JsValue::from_str(&mark.name)),
                ] {
                    let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &value);
                }
                JsValue::from(object)
            })
            .collect();
        mounted.with_value(|m| {
            if let Some(m) = m {
                m.call("setErrorLine", &[JsValue::from(line)]);
                m.call("setStepLines", &[marks.into()]);
            }
        });
    });
    on_cleanup(move || {
        if let Some(Some(editor)) = mounted.try_update_value(Option::take) {
            editor.call("destroy", &[]);
        }
    });

    view! {
        <div class="editor-box">
            <p class=if label_hidden { "visually-hidden" } else { "region-label" } aria-hidden="true">"Python code"</p>
            // CodeMirror's own element goes in here, and nothing else.
            <div class="editor-host" id=id node_ref=host></div>
            {move || match loading.get() {
                    // Until the module arrives (tens of milliseconds from the cache),
                    // the text is shown as it is.
                    Loading::Pending => Some(view! {
                        <pre class="editor-loading" aria-label="Python code (the editor is loading)">{move || source.get()}</pre>
                    }.into_any()),
                    Loading::Failed => Some(view! {
                        <p class="field-error" role="alert">
                            "The editor could not be loaded (is the page offline, before a first visit?). "
                            <button type="button" class="link-button" on:click=move |_| attempt.update(|n| *n += 1)>"Try again"</button>
                        </p>
                    }.into_any()),
                    Loading::Ready => None,
                }}
            <p id=keys_id class="help">
                "Tab indents. To leave the editor with the keyboard, press Escape, then Tab."
            </p>
            <div id=error_id.clone() aria-live="polite">
                {move || error.get().map(|error| {
                    let refused = error.kind == CompileErrorKind::Unsupported;
                    view! {
                        <p class="field-error compile-error">{compile_error_text(&error)}</p>
                        {refused.then(|| view! {
                            <p class="help"><A href="/subset">"What this page runs, and what it refuses"</A></p>
                        })}
                    }
                })}
            </div>
        </div>
    }
}
