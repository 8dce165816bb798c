//! Python syntax highlighting through highlight.js, vendored from npm and loaded by
//! `index.html` as a small module that sets `window.hljs`.
//!
//! Highlighting is an enhancement, never a requirement: until the highlighter has
//! loaded (or where it is absent, as in the browser unit tests) code shows as plain,
//! correctly escaped text, and it is highlighted as soon as the highlighter announces
//! itself with the `interleave:highlighter-ready` event.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The event `index.html` dispatches on `window` once `window.hljs` is usable.
const READY_EVENT: &str = "interleave:highlighter-ready";

/// Whether the highlighter has loaded; provided as context by [`provide_highlighter`].
#[derive(Clone, Copy)]
pub struct HighlighterReady(pub ReadSignal<bool>);

/// Makes [`HighlighterReady`] available to every component below the caller.
pub fn provide_highlighter() {
    let (ready, set_ready) = signal(hljs().is_some());
    if !ready.get_untracked() {
        let on_ready = Closure::<dyn Fn()>::new(move || set_ready.set(true));
        if let Some(window) = web_sys::window() {
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                READY_EVENT,
                on_ready.as_ref().unchecked_ref(),
                &options,
            );
        }
        // The listener lives as long as the page: it runs at most once.
        on_ready.forget();
    }
    provide_context(HighlighterReady(ready));
}

/// Whether highlighting is available, as a signal, so views re-render once it loads.
pub fn use_highlighter_ready() -> Signal<bool> {
    match use_context::<HighlighterReady>() {
        Some(HighlighterReady(ready)) => ready.into(),
        None => Signal::derive(|| false),
    }
}

/// Highlights every `<pre><code class="language-python">` below `root`.
pub fn highlight_code_blocks(root: &web_sys::Element) {
    let Some(hljs) = hljs() else { return };
    let Ok(blocks) = root.query_selector_all("pre code.language-python") else {
        return;
    };
    for index in 0..blocks.length() {
        if let Some(block) = blocks.item(index) {
            let _ = call_method(&hljs, "highlightElement", &block);
        }
    }
}

/// Python source as highlighted HTML, or escaped plain text when no highlighter is loaded.
pub fn python_to_html(code: &str) -> String {
    hljs()
        .and_then(|hljs| highlight_with(&hljs, code))
        .unwrap_or_else(|| escape_html(code))
}

fn highlight_with(hljs: &JsValue, code: &str) -> Option<String> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"language".into(), &"python".into()).ok()?;
    js_sys::Reflect::set(&options, &"ignoreIllegals".into(), &true.into()).ok()?;
    let highlight: js_sys::Function = js_sys::Reflect::get(hljs, &"highlight".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let result = highlight.call2(hljs, &code.into(), &options).ok()?;
    js_sys::Reflect::get(&result, &"value".into())
        .ok()?
        .as_string()
}

fn hljs() -> Option<JsValue> {
    let window = web_sys::window()?;
    let hljs = js_sys::Reflect::get(&window, &"hljs".into()).ok()?;
    (!hljs.is_undefined() && !hljs.is_null()).then_some(hljs)
}

fn call_method(target: &JsValue, name: &str, argument: &JsValue) -> Option<JsValue> {
    let method: js_sys::Function = js_sys::Reflect::get(target, &name.into())
        .ok()?
        .dyn_into()
        .ok()?;
    method.call1(target, argument).ok()
}

pub use interleave_core::chart::escape_html;
