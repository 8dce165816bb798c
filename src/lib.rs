//! Interleave: an interactive lesson on Python concurrency that runs what it teaches.
//!
//! This crate is the browser edge. The pure parts (scenarios, the model, timelines, the
//! Python each scenario stands for) live in the `interleave-core` crate, which never
//! imports a browser API. Here:
//! - [`app`]: the router and the page shell (header, table of contents, not-found page);
//! - [`lessons`]: the lesson registry generated from Markdown by `build.rs`;
//! - [`pages`]: one component per kind of page;
//! - [`panel`]: the simulation panel (parameters, program, output, controls);
//! - [`playground`]: the Playground, where a learner's own program is predicted by the
//!   interpreter in the engine worker;
//! - [`timeline_view`]: the Gantt chart, its legend and its table;
//! - [`progress`]: lessons visited and predictions made, kept in `localStorage`;
//! - [`highlight`]: syntax highlighting through the vendored highlight.js;
//! - [`live`]: the live runtime, which runs a scenario for real (browser futures and Web
//!   Workers) and times it;
//! - [`engine`]: the lesson programs, compiled at build time and run by the interpreter
//!   without Python's parser;
//! - [`bench`]: measurement hooks for the benchmark command (`scripts/bench.sh`).

pub mod app;
pub mod bench;
pub mod engine;
pub mod highlight;
pub mod lessons;
pub mod live;
pub mod pages;
pub mod panel;
pub mod playground;
pub mod progress;
pub mod timeline_view;
