//! The lessons: their order, slugs, titles and prose (rendered from Markdown by
//! `build.rs`), and which simulation each one embeds.
//!
//! Adding a lesson means adding `src/lessons/NN-slug.md`; if it has a
//! `<!-- simulation -->` marker, also give it a [`SimulationKind`] in
//! [`simulation_kind`].

pub use crate::lesson_body::{Body, Section};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// One lesson page, as generated from its Markdown file. Its body (prose and default
/// prediction) is a file of its own, read by [`load`].
#[derive(Debug)]
pub struct LessonPage {
    /// The URL path segment, from the file name: `03-gather.md` is served at `/gather`.
    pub slug: &'static str,
    /// The text of the Markdown's `# Title`, used in the navigation and the page `<title>`.
    pub title: &'static str,
}

/// Every lesson, in reading order.
pub static LESSONS: &[LessonPage] = include!(concat!(env!("OUT_DIR"), "/lesson_pages.rs"));

/// The lesson served at `/{slug}`, with its position in [`LESSONS`].
pub fn find(slug: &str) -> Option<(usize, &'static LessonPage)> {
    LESSONS
        .iter()
        .enumerate()
        .find(|(_, lesson)| lesson.slug == slug)
}

/// The body of the page `slug` (a lesson's or `"subset"`): fetched from
/// `/lessons/{slug}.bin` once per page load, then kept. The error is a sentence for the
/// page to show where the prose would be.
pub async fn load(slug: &str) -> Result<Rc<Body>, String> {
    thread_local! {
        // A handful of pages: a list is smaller in the wasm than a map, and as fast.
        static LOADED: RefCell<Vec<(String, Rc<Body>)>> = const { RefCell::new(Vec::new()) };
    }
    let kept = |slug: &str| {
        LOADED.with(|loaded| {
            let loaded = loaded.borrow();
            loaded
                .iter()
                .find(|(name, _)| name == slug)
                .map(|(_, body)| body.clone())
        })
    };
    if let Some(body) = kept(slug) {
        return Ok(body);
    }
    let body = Rc::new(read(slug).await?);
    LOADED.with(|loaded| loaded.borrow_mut().push((slug.to_string(), body.clone())));
    Ok(body)
}

/// The body of the page `slug` as a signal: `None` until it has loaded (see [`load`]).
/// A plain signal set by a spawned task rather than a `LocalResource`: the resource's
/// machinery costs the page's wasm about 8 KB gzip, and nothing here needs it.
pub fn use_body(slug: &'static str) -> ReadSignal<Option<Result<Rc<Body>, String>>, LocalStorage> {
    let (body, set_body) = signal_local(None);
    leptos::task::spawn_local(async move {
        let loaded = load(slug).await;
        // The page may have been left meanwhile; then there is no one to tell.
        let _ = set_body.try_set(Some(loaded));
    });
    body
}

/// Where the page finds the body of `slug`.
pub fn body_url(slug: &str) -> String {
    format!("/lessons/{slug}.bin")
}

#[cfg(all(target_arch = "wasm32", not(feature = "embedded-lessons")))]
async fn read(slug: &str) -> Result<Body, String> {
    use wasm_bindgen::JsCast;
    let failed = |why: String| {
        format!("This page's text could not be loaded ({why}). Check the connection and reload the page.")
    };
    let window = web_sys::window().ok_or_else(|| failed("no window".into()))?;
    if let Some(bytes) = prefetched(&window, slug).await {
        if let Ok(body) = postcard::from_bytes(&bytes) {
            return Ok(body);
        }
    }
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&body_url(slug)))
        .await
        .map_err(|_| failed("the network is unreachable".into()))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| failed("not a response".into()))?;
    if !response.ok() {
        return Err(failed(format!("HTTP {}", response.status())));
    }
    let bytes = response
        .array_buffer()
        .map_err(|_| failed("unreadable response".into()))?;
    let bytes = wasm_bindgen_futures::JsFuture::from(bytes)
        .await
        .map_err(|_| failed("the download broke off".into()))?;
    let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
    postcard::from_bytes(&bytes).map_err(|e| failed(format!("unreadable file: {e}")))
}

/// The body `index.html`'s first script began fetching for the page it opened
/// (`window.interleavePrefetch`), if that is `slug` and it arrived; taken once.
#[cfg(all(target_arch = "wasm32", not(feature = "embedded-lessons")))]
async fn prefetched(window: &web_sys::Window, slug: &str) -> Option<Vec<u8>> {
    let key = wasm_bindgen::JsValue::from_str("interleavePrefetch");
    let prefetch = js_sys::Reflect::get(window, &key).ok()?;
    if prefetch.is_undefined() {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(window.as_ref(), &key);
    let for_slug = js_sys::Reflect::get(&prefetch, &"slug".into()).ok()?;
    if for_slug.as_string().as_deref() != Some(slug) {
        return None;
    }
    let bytes = js_sys::Reflect::get(&prefetch, &"bytes".into()).ok()?;
    let bytes = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(bytes))
        .await
        .ok()?;
    (!bytes.is_null()).then(|| js_sys::Uint8Array::new(&bytes).to_vec())
}

/// Every page body, included whole: native builds (the lessons' own tests) and the
/// browser unit tests, whose test server has no `/lessons/` to fetch from.
#[cfg(any(test, not(target_arch = "wasm32"), feature = "embedded-lessons"))]
pub fn embedded() -> Vec<(String, Body)> {
    static ALL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lessons.bin"));
    postcard::from_bytes(ALL).expect("build.rs wrote lessons.bin")
}

#[cfg(any(not(target_arch = "wasm32"), feature = "embedded-lessons"))]
async fn read(slug: &str) -> Result<Body, String> {
    embedded()
        .into_iter()
        .find(|(name, _)| name == slug)
        .map(|(_, body)| body)
        .ok_or_else(|| format!("No page {slug} was built."))
}

/// The href of a lesson.
pub fn href(lesson: &LessonPage) -> String {
    format!("/{}", lesson.slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lessons_are_in_the_order_the_course_teaches_them() {
        let slugs: Vec<&str> = LESSONS.iter().map(|lesson| lesson.slug).collect();
        assert_eq!(
            slugs,
            [
                "why-async",
                "asyncio",
                "gather",
                "wait",
                "threads",
                "thread-workflow",
                "thread-pools",
                "shared-state",
                "cancellation",
                "producers-consumers",
                "asyncio-threads",
                "processes",
                "summary"
            ]
        );
    }

    /// The prose of the page `slug`, as its body file holds it.
    fn prose(slug: &str) -> String {
        embedded()
            .into_iter()
            .find(|(name, _)| name == slug)
            .unwrap_or_else(|| panic!("no body for {slug}"))
            .1
            .sections
            .into_iter()
            .filter_map(|section| match section {
                Section::Html(html) => Some(html),
                Section::Simulation => None,
            })
            .collect()
    }

    #[test]
    fn every_lesson_has_exactly_one_h1_and_a_title() {
        for lesson in LESSONS {
            let h1s = prose(lesson.slug).matches("<h1").count();
            assert_eq!(h1s, 1, "{} has {h1s} <h1> elements", lesson.slug);
            assert!(
                !lesson.title.trim().is_empty(),
                "{} has no title",
                lesson.slug
            );
        }
    }

    /// Every lesson's body was built, and so was the reference page's; a lesson with a
    /// panel carries its default prediction, and only such a lesson.
    #[test]
    fn every_page_has_a_body_and_panels_their_prediction() {
        let bodies = embedded();
        for lesson in LESSONS {
            let (_, body) = bodies
                .iter()
                .find(|(slug, _)| slug == lesson.slug)
                .unwrap_or_else(|| panic!("no body for {}", lesson.slug));
            let has_panel = body.sections.contains(&Section::Simulation);
            assert_eq!(has_panel, body.prediction.is_some(), "{}", lesson.slug);
            assert_eq!(
                has_panel,
                crate::panel::params::simulation_kind(lesson.slug).is_some(),
                "{}",
                lesson.slug
            );
        }
        assert!(prose("subset").contains("What the interpreter runs"));
        assert_eq!(bodies.len(), LESSONS.len() + 1);
    }

    #[test]
    fn a_page_that_was_not_built_is_an_error_not_a_panic() {
        let result = futures::executor::block_on(load("no-such-page"));
        assert!(result.is_err());
    }

    /// Every point of the seed notes (`shared/seed/notes.md`) is taught somewhere.
    #[test]
    fn the_course_covers_every_topic_of_the_notes() {
        let text: String = LESSONS.iter().map(|lesson| prose(lesson.slug)).collect();
        for topic in [
            "async",
            "await",
            "event loop",
            "I/O",
            "asyncio.gather",
            "asyncio.wait",
            "FIRST_COMPLETED",
            "ALL_COMPLETED",
            "threading.Thread",
            "target",
            "args",
            "start()",
            "join()",
            "is_alive()",
            "daemon",
            "os.getpid()",
            "GIL",
            "ThreadPoolExecutor",
            "concurrent.futures",
            "submit(",
            "shutdown(",
            "map(",
            "max_workers",
        ] {
            assert!(text.contains(topic), "no lesson mentions {topic}");
        }
    }

    /// The corrections to the notes are taught, not the notes' mistakes.
    #[test]
    fn the_wait_lesson_teaches_the_default_is_all_completed() {
        assert!(prose("wait").contains("return_when=ALL_COMPLETED"));
    }

    #[test]
    fn find_knows_every_slug_and_nothing_else() {
        for (index, lesson) in LESSONS.iter().enumerate() {
            assert_eq!(find(lesson.slug).map(|(i, _)| i), Some(index));
        }
        assert!(find("no-such-lesson").is_none());
        assert!(find("").is_none());
    }
}
