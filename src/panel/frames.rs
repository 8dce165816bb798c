//! Browser events the panel listens to for as long as it is on screen.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A `visibilitychange` listener on the document; dropping it removes the listener.
pub struct VisibilityListener {
    callback: Option<Closure<dyn FnMut()>>,
}

impl Drop for VisibilityListener {
    fn drop(&mut self) {
        if let (Some(callback), Some(document)) = (
            self.callback.take(),
            web_sys::window().and_then(|window| window.document()),
        ) {
            let _ = document.remove_event_listener_with_callback(
                "visibilitychange",
                callback.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Calls `on_change` whenever the page is hidden or shown again (browsers slow the
/// timers of hidden tabs, so a live run notes it).
pub fn on_visibility_change(on_change: impl FnMut() + 'static) -> VisibilityListener {
    let callback = Closure::<dyn FnMut()>::new(on_change);
    let added = web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| {
            document
                .add_event_listener_with_callback(
                    "visibilitychange",
                    callback.as_ref().unchecked_ref(),
                )
                .is_ok()
        });
    VisibilityListener {
        callback: added.then_some(callback),
    }
}
