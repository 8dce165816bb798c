//! Interleave's core: everything about a Python program that does not need a browser.
//!
//! - [`interp`]: the interpreter. It compiles a program (with the `parser` feature) and
//!   runs it sans-IO: it never reads a clock, and yields to whoever drives it.
//! - [`sim`]: the drivers. [`sim::predict`] is the model, on a virtual clock;
//!   [`sim::LiveDriver`] runs the same turns against a real clock.
//! - [`template`]: the lessons' programs, with `$name` markers their panels fill.
//! - [`timeline`]: the plain record of what ran when, produced by both drivers alike and
//!   drawn by the view.
//! - [`chart`]: the timeline as SVG, shared by the page and the command line.
//! - [`trace`]: Chrome trace JSON export and import (Perfetto; traces recorded in CPython).
//!
//! Invariant: nothing in this crate imports `web-sys`, `js-sys`, `wasm-bindgen` or Leptos,
//! and nothing here panics on user input: a program's errors are values
//! ([`interp::code::CompileError`], a traceback in [`sim::Run::stderr`]).

pub mod chart;
pub mod interp;
pub mod sim;
pub mod template;
pub mod timeline;
pub mod trace;
