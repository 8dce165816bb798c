//! Browser unit tests: components mounted in headless Chromium by wasm-bindgen-test.
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p interleave --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use interleave::app::App;
use interleave::lessons::LESSONS;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the whole app into a fresh container and returns the container.
fn mount_app() -> web_sys::HtmlElement {
    let document = document();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    // The mounted app lives until the page of tests ends.
    std::mem::forget(leptos::mount::mount_to(container.clone(), App));
    container
}

/// Lets Leptos' effects and the router's navigation settle.
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(50).await;
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
    let root = mount_app();
    settle().await;
    assert_eq!(text_of(&root, "h1"), LESSONS[0].title);
    assert_eq!(
        root.query_selector_all("nav.toc a").unwrap().length() as usize,
        LESSONS.len()
    );

    let next: web_sys::HtmlElement = root
        .query_selector("a[rel=next]")
        .unwrap()
        .expect("a next link")
        .unchecked_into();
    next.click();
    settle().await;
    assert_eq!(text_of(&root, "h1"), LESSONS[1].title);
    assert_eq!(
        text_of(&root, "nav.toc a[aria-current=page]"),
        LESSONS[1].title
    );
    root.remove();
}
