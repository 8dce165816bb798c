//! Browser unit tests: components mounted in headless Chromium by wasm-bindgen-test.
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p interleave --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use interleave::app::App;
use interleave::lessons::LESSONS;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    /// One app for every test in this file. Each `<Router>` listens for link clicks on
    /// the whole window, so a second app mounted in the same page would fight the first
    /// for them; tests therefore share one app and start by navigating where they need.
    static APP: web_sys::HtmlElement = {
        let document = document();
        let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&container).unwrap();
        std::mem::forget(leptos::mount::mount_to(container.clone(), App));
        container
    };
}

/// The shared app's root element, showing the lesson `slug` (clicked in the table of
/// contents, as a learner would).
async fn open_lesson(slug: &str) -> web_sys::HtmlElement {
    let root = APP.with(Clone::clone);
    settle().await;
    let link: web_sys::HtmlElement = element(&root, &format!("nav.toc a[href='/{slug}']"));
    link.click();
    let title = LESSONS
        .iter()
        .find(|lesson| lesson.slug == slug)
        .unwrap()
        .title;
    wait_for_text(&root, "h1", title).await;
    // The title stands in while the lesson's body loads; wait for the body.
    for _ in 0..150 {
        if root
            .query_selector("article.lesson[aria-busy]")
            .unwrap()
            .is_none()
        {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    root
}

/// Lets Leptos' effects and the router's navigation settle.
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(50).await;
}

/// Waits (polling every 20 ms, up to 3 s) until `selector`'s text is `expected`.
async fn wait_for_text(root: &web_sys::HtmlElement, selector: &str, expected: &str) {
    for _ in 0..150 {
        if root
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|element| element.text_content())
            .is_some_and(|text| text.trim() == expected)
        {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    assert_eq!(text_of(root, selector), expected);
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[wasm_bindgen_test]
async fn the_app_opens_on_the_first_lesson_and_next_walks_forward() {
    let root = open_lesson(LESSONS[0].slug).await;
    assert_eq!(
        root.query_selector_all("nav.toc ol a").unwrap().length() as usize,
        LESSONS.len()
    );
    // After the lessons, the Playground.
    assert!(root
        .query_selector("nav.toc a[href='/playground']")
        .unwrap()
        .is_some());

    let next: web_sys::HtmlElement = root
        .query_selector("a[rel=next]")
        .unwrap()
        .expect("a next link")
        .unchecked_into();
    next.click();
    wait_for_text(&root, "h1", LESSONS[1].title).await;
    assert_eq!(
        text_of(&root, "nav.toc a[aria-current=page] .toc-title"),
        LESSONS[1].title
    );
}

/// Finds an element or fails the test with the selector.
fn element<T: JsCast>(root: &web_sys::HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

/// Types `value` into an input as a learner would: sets it and fires `input`.
fn type_into(input: &web_sys::HtmlInputElement, value: &str) {
    input.set_value(value);
    let event = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn the_pool_panel_refuses_too_many_workers_where_entered_and_recovers() {
    let root = open_lesson("thread-pools").await;

    let max_workers: web_sys::HtmlInputElement = element(&root, "#param-max_workers");
    type_into(&max_workers, "65");
    settle().await;
    assert_eq!(
        text_of(&root, "#param-max_workers-error"),
        "this page starts at most 64 threads"
    );
    assert_eq!(
        max_workers.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // The URL carries what was typed, so a shared link reproduces the panel.
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(search.contains("max_workers=65"), "{search}");

    // Back to the default: the program and its prediction come from the build, with
    // no worker (this test page serves none).
    type_into(&max_workers, "2");
    settle().await;
    assert_eq!(text_of(&root, "#param-max_workers-error"), "");
    assert!(text_of(&root, ".program-listing").contains("max_workers=2"));
}

#[wasm_bindgen_test]
async fn step_walks_the_prediction_and_lights_the_programs_lines() {
    let root = open_lesson("gather").await;
    let buttons = root.query_selector_all(".step-through button").unwrap();
    let button = |label: &str| -> web_sys::HtmlElement {
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .map(|node| node.unchecked_into::<web_sys::HtmlElement>())
            .find(|b| b.text_content().unwrap_or_default().contains(label))
            .unwrap_or_else(|| panic!("no {label} button"))
    };
    assert!(root
        .query_selector(".program-listing li.lit")
        .unwrap()
        .is_none());
    button("Step ▶").click();
    settle().await;
    assert!(text_of(&root, ".step-count").starts_with("step 1 of"));
    assert!(root.query_selector("line.cursor").unwrap().is_some());
    button("Step ▶").click();
    settle().await;
    assert!(text_of(&root, ".step-count").starts_with("step 2 of"));
    button("Step back").click();
    settle().await;
    assert!(text_of(&root, ".step-count").starts_with("step 1 of"));
    // The snapshot says who is ready and who sleeps, and the code lights the line of
    // the step's own lane, tagged with the lane's name.
    assert!(text_of(&root, ".snapshot").contains("ready"));
    assert!(text_of(&root, ".snapshot").contains("sleeping (timers)"));
    let current = text_of(&root, ".program-listing li.current");
    assert!(current.contains('◀'), "{current}");
}
