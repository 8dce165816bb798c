//! The router and the page shell every route shares.

use crate::highlight::provide_highlighter;
use crate::lessons::{self, LESSONS};
use crate::pages::{lesson::LessonRoute, not_found::NotFound};
use crate::progress::{provide_progress, use_progress};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::path;

/// The whole app: the shell around whichever page the URL names.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_highlighter();
    provide_progress();
    let first_lesson = lessons::href(&LESSONS[0]);
    view! {
        <Title formatter=|title: String| {
            if title.is_empty() { "Interleave".to_string() } else { format!("{title} · Interleave") }
        }/>
        <Router>
            <a class="skip-link" href="#content">"Skip to the lesson"</a>
            <header class="site-header">
                <A href="/" attr:class="brand">"Interleave"</A>
                <span class="tagline">"Python concurrency, run and timed in your browser"</span>
            </header>
            <div class="layout">
                <TableOfContents/>
                <main id="content" tabindex="-1">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=move || view! { <Redirect path=first_lesson.clone()/> }/>
                        <Route path=path!("/playground") view=crate::playground::Playground/>
                        <Route path=path!("/subset") view=crate::pages::subset::Subset/>
                        <Route path=path!("/:slug") view=LessonRoute/>
                    </Routes>
                </main>
            </div>
        </Router>
    }
}

/// The list of lessons; the router marks the current one with `aria-current="page"`.
#[component]
pub fn TableOfContents() -> impl IntoView {
    let progress = use_progress().expect("provide_progress() runs in App");
    let visited = move |slug: &str| progress.data.with(|data| data.visited.contains(slug));
    let count = move || progress.data.with(|data| data.visited.len());
    // On a phone the list folds away behind a button, so the lesson starts on the first
    // screen; on wide screens the button is hidden and the list always shows.
    let (expanded, set_expanded) = signal(false);
    let location = leptos_router::hooks::use_location();
    let current = move || {
        let path = location.pathname.get();
        lessons::find(path.trim_start_matches('/'))
            .map(|(index, lesson)| {
                format!(
                    "Lesson {} of {}: {}",
                    index + 1,
                    LESSONS.len(),
                    lesson.title
                )
            })
            .unwrap_or_else(|| {
                if path.trim_matches('/') == "playground" {
                    "Playground".to_string()
                } else {
                    "All lessons".to_string()
                }
            })
    };
    view! {
        <nav class="toc" aria-label="Lessons">
            <button
                type="button"
                class="toc-toggle"
                aria-controls="toc-body"
                aria-expanded=move || expanded.get().to_string()
                on:click=move |_| set_expanded.update(|open| *open = !*open)
            >
                <span class="toc-toggle-label">{current}</span>
                <span aria-hidden="true">{move || if expanded.get() { "▲" } else { "▼" }}</span>
            </button>
            <div id="toc-body" class="toc-body" class:toc-folded=move || !expanded.get()>
            <ol on:click=move |_| set_expanded.set(false)>
                {LESSONS
                    .iter()
                    .map(|lesson| {
                        view! {
                            <li>
                                <A href=lessons::href(lesson)>
                                    <span class="toc-title">{lesson.title}</span>
                                    <span class="visited-mark" class:is-visited=move || visited(lesson.slug)>
                                        <span aria-hidden="true">"✓"</span>
                                        <span class="visually-hidden">" (visited)"</span>
                                    </span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p class="toc-playground" on:click=move |_| set_expanded.set(false)>
                <A href="/playground">"Playground: run your own program"</A>
            </p>
            <p class="toc-footer">
                {move || format!("{} of {} lessons visited. ", count(), LESSONS.len())}
                <button type="button" class="link-button" on:click=move |_| progress.reset()>"Reset progress"</button>
            </p>
            </div>
        </nav>
    }
}
