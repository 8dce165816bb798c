//! The page for a URL that names no lesson. The shell (and so the navigation) stays.

use crate::lessons::{self, LESSONS};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text="Page not found"/>
        <article class="lesson not-found">
            <h1>"Page not found"</h1>
            <p>"There is no lesson at this address. Pick one from the list, or start at the beginning:"</p>
            <p>
                <A href=lessons::href(&LESSONS[0])>{LESSONS[0].title}</A>
            </p>
        </article>
    }
}
