//! The code editor of the Playground and of every lesson panel: a plain `<textarea>`
//! (the browser's own undo, selection, IME and screen-reader support) with line
//! numbers beside it, the line of a compile error marked, Tab indenting, and Escape
//! then Tab leaving it so a keyboard is never trapped.

use interleave_core::interp::code::{CompileError, CompileErrorKind};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;

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

/// An editor for `source`, labelled "Python code"; `on_edit` runs after every change
/// the learner makes. `id` names the textarea (and, with suffixes, its help and error).
#[component]
pub fn CodeEditor(
    id: &'static str,
    source: RwSignal<String>,
    #[prop(into)] error: Signal<Option<CompileError>>,
    on_edit: Callback<()>,
    /// The label is read to screen readers only: a heading beside says it already.
    #[prop(optional)]
    label_hidden: bool,
) -> impl IntoView {
    let keys_id = format!("{id}-keys");
    let error_id = format!("{id}-error");
    // Tab indents; Escape then Tab leaves the editor.
    let escaped = StoredValue::new(false);
    let editor = NodeRef::<html::Textarea>::new();
    let gutter = NodeRef::<html::Pre>::new();
    let on_keydown = move |event: ev::KeyboardEvent| {
        let key = event.key();
        if key == "Escape" {
            escaped.set_value(true);
            return;
        }
        if key == "Tab" && !event.shift_key() && !escaped.get_value() {
            event.prevent_default();
            if let Some(area) = editor.get_untracked() {
                let _ = area.set_range_text_with_start_and_end_and_mode(
                    "    ",
                    area.selection_start().ok().flatten().unwrap_or(0),
                    area.selection_end().ok().flatten().unwrap_or(0),
                    "end",
                );
                source.set(area.value());
                on_edit.run(());
            }
        }
        if key != "Shift" {
            escaped.set_value(false);
        }
    };
    view! {
        <div class="editor-box">
            <label for=id class=if label_hidden { "visually-hidden" } else { "region-label" }>"Python code"</label>
            <div class="editor-frame">
                // Line numbers, the line of a compile error marked: beside the text,
                // scrolled with it, and hidden from screen readers (the message under
                // the editor names the line).
                <pre class="gutter" aria-hidden="true" node_ref=gutter>
                    {move || {
                        let wrong = error.with(|e| e.as_ref().map(|e| e.line as usize));
                        (1..=source.with(|s| s.lines().count().max(1)))
                            .map(|n| {
                                let class = if Some(n) == wrong { "error" } else { "" };
                                view! { <span class=class>{n}"\n"</span> }
                            })
                            .collect_view()
                    }}
                </pre>
                <textarea
                    id=id
                    class="code-editor"
                    node_ref=editor
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    aria-describedby=keys_id.clone()
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-errormessage=error_id.clone()
                    rows=move || source.with(|s| s.lines().count().clamp(8, 40) + 1)
                    prop:value=move || source.get()
                    on:input=move |event| {
                        source.set(event_target_value(&event));
                        on_edit.run(());
                    }
                    on:scroll=move |_| {
                        if let (Some(area), Some(numbers)) = (editor.get_untracked(), gutter.get_untracked()) {
                            numbers.set_scroll_top(area.scroll_top());
                        }
                    }
                    on:keydown=on_keydown
                ></textarea>
            </div>
            <p id=keys_id class="help">
                "Tab indents by four spaces. To leave the editor with the keyboard, press Escape, then Tab."
            </p>
            {move || error.get().map(|error| {
                let refused = error.kind == CompileErrorKind::Unsupported;
                view! {
                    <p id=error_id.clone() class="field-error compile-error">{compile_error_text(&error)}</p>
                    {refused.then(|| view! {
                        <p class="help"><A href="/subset">"What this page runs, and what it refuses"</A></p>
                    })}
                }
            })}
        </div>
    }
}
