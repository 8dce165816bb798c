//! A lesson page: its prose, its simulation panel and links to the neighbouring lessons.

use crate::highlight::{highlight_code_blocks, use_highlighter_ready};
use crate::lessons::{self, Body, LessonPage, Section, LESSONS};
use crate::pages::not_found::NotFound;
use crate::panel::params::simulation_kind;
use crate::panel::SimulationPanel;
use crate::progress::use_progress;
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// The route `/:slug`: the lesson with that slug, or the not-found page.
#[component]
pub fn LessonRoute() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    move || match lessons::find(&slug()) {
        Some((index, lesson)) => view! { <Lesson index lesson/> }.into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

/// One lesson, by its position in [`LESSONS`].
#[component]
pub fn Lesson(index: usize, lesson: &'static LessonPage) -> impl IntoView {
    let previous = index.checked_sub(1).map(|i| &LESSONS[i]);
    let next = LESSONS.get(index + 1);
    if let Some(progress) = use_progress() {
        progress.record_visit(lesson.slug);
    }
    view! {
        <Title text=lesson.title/>
        {fetched_article(lesson.slug, lesson.title, "lesson", move |body| {
            view! { <LessonBody lesson body/> }.into_any()
        })}
        <nav class="pager" aria-label="Previous and next lesson">
            {previous.map(|lesson| view! {
                <A href=lessons::href(lesson) attr:class="pager-previous" attr:rel="prev">
                    <span class="pager-direction">"Previous"</span>
                    <span class="pager-title">{lesson.title}</span>
                </A>
            })}
            {next.map(|lesson| view! {
                <A href=lessons::href(lesson) attr:class="pager-next" attr:rel="next">
                    <span class="pager-direction">"Next"</span>
                    <span class="pager-title">{lesson.title}</span>
                </A>
            })}
        </nav>
    }
}

/// The `<article>` of a page whose body is fetched (`lessons::use_body`): until the
/// body arrives (a few milliseconds, or from the offline copy) the title stands where
/// the prose's own heading will, `aria-busy`; if it cannot be had, a sentence says so
/// where the text would be.
pub fn fetched_article(
    slug: &'static str,
    title: &'static str,
    class: &'static str,
    show: impl Fn(Rc<Body>) -> AnyView + Send + 'static,
) -> impl IntoView {
    let body = lessons::use_body(slug);
    view! {
        <article class=class aria-labelledby="lesson-title" aria-busy=move || body.get().is_none().then_some("true")>
            {move || match body.get() {
                Some(Ok(body)) => show(body),
                None => view! { <h1 id="lesson-title" tabindex="-1">{title}</h1> }.into_any(),
                Some(Err(why)) => view! {
                    <h1 id="lesson-title" tabindex="-1">{title}</h1>
                    <p class="load-error" role="alert">{why}</p>
                }
                .into_any(),
            }}
        </article>
    }
}

/// A lesson's prose and panel, in the order its Markdown gives them.
#[component]
fn LessonBody(lesson: &'static LessonPage, body: Rc<Body>) -> impl IntoView {
    body.sections
        .iter()
        .map(|section| match section {
            Section::Html(html) => view! { <Prose html=html.clone()/> }.into_any(),
            Section::Simulation => match simulation_kind(lesson.slug) {
                Some(kind) => {
                    let prediction = body.prediction.clone();
                    view! { <SimulationPanel kind slug=lesson.slug prediction/> }.into_any()
                }
                None => ().into_any(),
            },
        })
        .collect_view()
}

/// Prose rendered from the lesson's Markdown at build time; its Python blocks are
/// highlighted once they are in the document, and the links under them get their
/// programs.
#[component]
fn Prose(html: String) -> impl IntoView {
    let container = NodeRef::<html::Div>::new();
    let highlighter_ready = use_highlighter_ready();
    Effect::new(move || {
        if let Some(element) = container.get() {
            link_examples(&element);
        }
    });
    Effect::new(move || {
        if let (true, Some(element)) = (highlighter_ready.get(), container.get()) {
            highlight_code_blocks(&element);
        }
    });
    view! { <div class="prose" node_ref=container inner_html=html></div> }
}

/// Points each example's links (`p.run-this`, written by `build.rs` under a Python
/// block) at its program: `#code=…` for the lesson's panel, `/playground#code=…` for
/// the Playground, from the block's own text as `playground::link` encodes it.
fn link_examples(root: &web_sys::Element) {
    let Ok(paragraphs) = root.query_selector_all("p.run-this") else {
        return;
    };
    for index in 0..paragraphs.length() {
        let Some(paragraph) = paragraphs
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Some(program) = paragraph
            .previous_element_sibling()
            .filter(|pre| pre.tag_name() == "PRE")
            .and_then(|pre| pre.text_content())
        else {
            continue;
        };
        leptos::task::spawn_local(async move {
            let Ok(code) = crate::playground::link::encode(&program).await else {
                return;
            };
            for (selector, href) in [
                ("a.run-here", format!("#code={code}")),
                ("a.to-playground", format!("/playground#code={code}")),
            ] {
                if let Ok(Some(link)) = paragraph.query_selector(selector) {
                    let _ = link.set_attribute("href", &href);
                }
            }
        });
    }
}
