//! Calling a function once per animation frame, for as long as it asks to continue.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `tick` on every animation frame until it returns `false`.
///
/// While the main thread is busy (a CPU step of a coroutine really blocks it) no frame
/// comes, which is exactly what the learner should see: the page freezes with the loop.
pub fn every_frame(mut tick: impl FnMut() -> bool + 'static) {
    type Slot = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;
    let slot: Slot = Rc::new(RefCell::new(None));
    let next = slot.clone();
    *slot.borrow_mut() = Some(Closure::new(move || {
        if tick() {
            request(&next);
        } else {
            // Dropping the closure from inside itself is deferred by taking it out of
            // the slot; it is freed when this call returns.
            next.borrow_mut().take();
        }
    }));
    request(&slot);

    fn request(slot: &Slot) {
        if let (Some(window), Some(closure)) = (web_sys::window(), slot.borrow().as_ref()) {
            let _ = window.request_animation_frame(closure.as_ref().unchecked_ref());
        }
    }
}

/// Whether the learner asked the system for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|window| {
            window
                .match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches())
}
