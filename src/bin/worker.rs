//! The Web Worker binary: each Python thread of a live run is one instance of it.
//!
//! Trunk builds it next to the page (`<link data-trunk rel="rust" data-bin="worker"
//! data-type="worker" ...>` in `index.html`) as `worker.js` and `worker_bg.wasm`. The page
//! compiles `worker_bg.wasm` once and hands the compiled module to every worker it
//! starts (see `interleave::live`), so starting a thread costs an instantiation, not a
//! download and a compilation. All the worker does lives in `interleave::live::worker`.

fn main() {
    interleave::live::worker::worker_main();
}
