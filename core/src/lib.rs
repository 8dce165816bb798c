//! Interleave's core: everything about a lesson's program that does not need a browser.
//!
//! - [`scenario`]: the single source of truth for a lesson's Python program, as data.
//! - [`timeline`]: the plain record of what ran when, produced by the model and by the
//!   live runtime alike and drawn by the view.
//! - [`model`]: a deterministic simulator of CPython's asyncio, threading and
//!   `ThreadPoolExecutor` on a virtual clock.
//! - [`python`]: renders a scenario as the Python program it stands for.
//! - [`pyfmt`]: formats values exactly as CPython prints them, shared by every engine.
//! - [`examples`]: large scenarios the speed test and the browser benchmark both time.
//! - [`trace`]: Chrome trace JSON export and import (Perfetto; traces recorded in CPython).
//!
//! Invariant: nothing in this crate imports `web-sys`, `js-sys`, `wasm-bindgen` or Leptos,
//! and nothing here panics on user input: invalid scenarios come back as [`scenario::ScenarioError`].

pub mod chart;
pub mod examples;
pub mod interp;
pub mod model;
pub mod pyfmt;
pub mod python;
pub mod scenario;
pub mod sim;
pub mod template;
pub mod timeline;
pub mod trace;
