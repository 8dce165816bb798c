//! A page's body as `build.rs` writes it and the page reads it back: the prose of a
//! lesson (or of `/subset`), rendered from Markdown, and the lesson's program at its
//! defaults with the model's run of it.
//!
//! Each body is its own file, `/lessons/{slug}.bin` (postcard), fetched when its page
//! opens, so a first visit carries one lesson's prose rather than the whole course's.
//! `build.rs` includes this file by path, so it names nothing of the crate.

use interleave_core::sim::Run;
use serde::{Deserialize, Serialize};

/// A piece of a page body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Section {
    /// Prose rendered from Markdown at build time (trusted: it comes from this repository).
    Html(String),
    /// The lesson's interactive simulation panel.
    Simulation,
}

/// One page's body.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Body {
    /// The prose and, where the Markdown says so, the simulation panel.
    pub sections: Vec<Section>,
    /// The lesson's program at its defaults and the model's run of it (under the GIL),
    /// so the panel draws its prediction without starting the interpreter.
    pub prediction: Option<(String, Run)>,
}
