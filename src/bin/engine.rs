//! The Playground's engine worker: parses, lowers and predicts a learner's own program
//! off the page's thread, and runs it live. It carries Python's parser, so only the
//! Playground starts it; the lessons use `runner`, which has none.
//!
//! Trunk builds it next to the page with the `playground` feature
//! (`<link data-trunk rel="rust" data-bin="engine" data-type="worker"
//! data-cargo-features="playground" data-loader-shim ...>` in `index.html`) as
//! `engine.js`, `engine_bg.wasm` and `engine_loader.js`, which the page starts as a
//! module worker. See [`interleave::engine::worker`].

fn main() {
    interleave::engine::worker::serve();
}
