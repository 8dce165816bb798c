//! `/subset`: what the interpreter runs, what it refuses and where it differs from
//! CPython, rendered at build time from `src/reference/subset.md` into the page body
//! `/lessons/subset.bin`. Every "not supported here" message in the Playground links
//! to it.

use crate::lessons::Section;
use crate::pages::lesson::fetched_article;
use leptos::prelude::*;
use leptos_meta::Title;

const TITLE: &str = "What the interpreter runs";

#[component]
pub fn Subset() -> impl IntoView {
    view! {
        <Title text=TITLE/>
        {fetched_article("subset", TITLE, "lesson reference", |body| {
            body.sections
                .iter()
                .filter_map(|section| match section {
                    Section::Html(html) => Some(view! { <div inner_html=html.clone()></div> }),
                    Section::Simulation => None,
                })
                .collect_view()
                .into_any()
        })}
    }
}
