//! One clock for the page and every worker, and the busy loop that stands for CPU work.
//!
//! Each realm (the page, each Web Worker) counts `performance.now()` from its own time
//! origin, so a worker's `now()` cannot be compared with the page's. Adding
//! `performance.timeOrigin` turns both into milliseconds since the Unix epoch, one axis
//! for everything; [`RunClock`] then measures microseconds from the start of a run, the
//! unit every [`interleave_core::timeline::Timeline`] uses.
//!
//! This module works in both realms: it finds `performance` on the global object rather
//! than on `window`, which a worker does not have.

use interleave_core::scenario::Micros;
use wasm_bindgen::JsCast;

/// The realm's `performance` object, or `None` in the rare host that lacks it.
fn performance() -> Option<web_sys::Performance> {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"performance".into())
        .ok()
        .and_then(|value| value.dyn_into::<web_sys::Performance>().ok())
}

/// Milliseconds since the Unix epoch with sub-millisecond precision, comparable between
/// the page and its workers (`performance.timeOrigin + performance.now()`).
pub fn epoch_ms() -> f64 {
    match performance() {
        Some(performance) => performance.time_origin() + performance.now(),
        None => js_sys::Date::now(),
    }
}

/// Measures a run's time: microseconds since the run started.
#[derive(Clone, Copy, Debug)]
pub struct RunClock {
    /// [`epoch_ms`] when the run started.
    origin_ms: f64,
}

impl RunClock {
    /// Starts the clock now.
    pub fn start() -> Self {
        RunClock {
            origin_ms: epoch_ms(),
        }
    }

    /// Microseconds since the start of the run.
    pub fn now(&self) -> Micros {
        self.at(epoch_ms())
    }

    /// Converts an instant in [`epoch_ms`] (for example one a worker reported) to
    /// microseconds since the start of the run. Instants before the start count as zero.
    pub fn at(&self, epoch_ms: f64) -> Micros {
        let micros = (epoch_ms - self.origin_ms) * 1_000.0;
        if micros.is_finite() && micros > 0.0 {
            micros.round() as Micros
        } else {
            0
        }
    }
}

/// Computes for `micros` microseconds of wall-clock time and returns when it started and
/// ended, in [`epoch_ms`]. It really uses the CPU (a small pseudo-random walk whose result
/// is kept from the optimiser), because that is what a CPU-bound Python step does: on the
/// page it freezes the event loop, in a worker it keeps one core busy.
pub fn compute_for(micros: Micros) -> (f64, f64) {
    let start = epoch_ms();
    let until = start + micros as f64 / 1_000.0;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut now = start;
    while now < until {
        // A thousand rounds of xorshift between clock reads: enough work that reading
        // the clock costs little, short enough (a few microseconds) to stop on time.
        for _ in 0..1_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
        }
        std::hint::black_box(state);
        now = epoch_ms();
    }
    (start, now)
}

/// Waits for `micros` microseconds without yielding, like `time.sleep` inside a
/// coroutine: the browser has no blocking sleep on the page, so this spins on the clock.
/// It holds the event loop exactly as the blocking call does.
pub fn spin_for(micros: Micros) -> (f64, f64) {
    let start = epoch_ms();
    let until = start + micros as f64 / 1_000.0;
    let mut now = start;
    while now < until {
        now = epoch_ms();
    }
    (start, now)
}

/// A delay for `setTimeout` in whole milliseconds, rounded up so a sleep never ends early.
pub fn timeout_ms(micros: Micros) -> u32 {
    micros.div_ceil(1_000).min(u32::MAX as Micros) as u32
}
