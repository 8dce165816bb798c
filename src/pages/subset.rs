//! `/subset`: what the interpreter runs, what it refuses and where it differs from
//! CPython, rendered at build time from `src/reference/subset.md` into the page body
//! `/lessons/subset.bin`. Every "not supported here" message in the Playground links
//! to it.

use crate::lessons::{self, Section};
use leptos::prelude::*;
use leptos_meta::Title;

const TITLE: &str = "What the interpreter runs";

#[component]
pub fn Subset() -> impl IntoView {
    let body = lessons::use_body("subset");
    view! {
        <Title text=TITLE/>
        <article class="lesson reference" aria-labelledby="lesson-title" aria-busy=move || body.get().is_none().then_some("true")>
            {move || match body.get() {
                Some(Ok(body)) => body
                    .sections
                    .iter()
                    .filter_map(|section| match section {
                        Section::Html(html) => Some(view! { <div inner_html=html.clone()></div> }),
                        Section::Simulation => None,
                    })
                    .collect_view()
                    .into_any(),
                None => view! { <h1 id="lesson-title" tabindex="-1">{TITLE}</h1> }.into_any(),
                Some(Err(why)) => view! {
                    <h1 id="lesson-title" tabindex="-1">{TITLE}</h1>
                    <p class="load-error" role="alert">{why}</p>
                }
                .into_any(),
            }}
        </article>
    }
}
