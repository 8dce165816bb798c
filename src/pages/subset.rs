//! `/subset`: what the interpreter runs, what it refuses and where it differs from
//! CPython, rendered at build time from `src/reference/subset.md`. Every "not supported
//! here" message in the Playground links to it.

use leptos::prelude::*;
use leptos_meta::Title;

static SUBSET_HTML: &str = include_str!(concat!(env!("OUT_DIR"), "/subset.html"));

#[component]
pub fn Subset() -> impl IntoView {
    view! {
        <Title text="What the interpreter runs"/>
        <article class="lesson reference" aria-labelledby="lesson-title" inner_html=SUBSET_HTML></article>
    }
}
