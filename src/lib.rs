//! Interleave: an interactive lesson on Python concurrency that runs what it teaches.
//!
//! This crate is the browser edge. The pure parts (the interpreter, the model and the
//! live driver, timelines, the lessons' program templates) live in the
//! `interleave-core` crate, which never imports a browser API. Here:
//! - [`app`]: the router and the page shell (header, table of contents, not-found page);
//! - [`lessons`]: the lesson registry generated from Markdown by `build.rs`, and the
//!   loading of each page's body ([`lesson_body`]: its prose and default prediction);
//! - [`pages`]: one component per kind of page;
//! - [`editor`]: the code editor of the Playground and the panels;
//! - [`panel`]: the simulation panel (parameters, program, output, controls);
//! - [`playground`]: the Playground, where a learner's own program is predicted by the
//!   interpreter in the engine worker;
//! - [`timeline_view`]: the Gantt chart, its legend and its table;
//! - [`progress`]: lessons visited and predictions made, kept in `localStorage`;
//! - [`highlight`]: syntax highlighting through the vendored highlight.js;
//! - [`engine`]: the lesson programs, compiled at build time, and the Web Workers that predict and run programs (the lessons'
//!   `runner` without Python's parser, the Playground's `engine` with it).

pub mod app;
pub mod editor;
pub mod engine;
pub mod highlight;
pub mod lesson_body;
pub mod lessons;
pub mod pages;
pub mod panel;
pub mod playground;
pub mod progress;
pub mod timeline_view;
