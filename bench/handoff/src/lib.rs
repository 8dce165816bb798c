//! The live driver as a bare WebAssembly module (no imports, no JavaScript glue), to
//! time one design for issue 10's threads on workers of their own: under the GIL only
//! the holder runs, so the interpreter's whole state can travel with the GIL. Every
//! instance of one module lays its memory out alike, so a worker that copies another's
//! memory into its own instance holds the same heap, frames and driver, pointers and
//! all, and carries on with the next thread. `bench/handoff.mjs` runs each Python
//! thread on a worker of its own that way and times the copies.
//!
//! Nothing of the page uses it: ARCHITECTURE.md ("Live runs") says why.

use interleave_core::interp::compile::compile_module;
use interleave_core::sim::{LiveDriver, LiveStep, Options};
use std::cell::RefCell;

thread_local! {
    /// The driver, in the module's memory, so it travels with a copy of it.
    static DRIVER: RefCell<Option<LiveDriver>> = const { RefCell::new(None) };
    /// The program's text on the way in, and its standard output on the way out.
    static BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The `thread` of a [`step`] that runs whichever thread holds the GIL.
pub const ANY_THREAD: u32 = u32::MAX;

/// Room for `len` bytes of input; returns where to write them.
#[no_mangle]
pub extern "C" fn input(len: usize) -> *mut u8 {
    BYTES.with_borrow_mut(|bytes| {
        *bytes = vec![0; len];
        bytes.as_mut_ptr()
    })
}

/// Compiles the program in the input and starts a live driver on it. Returns 0, or 1
/// if it does not compile.
#[no_mangle]
pub extern "C" fn start() -> i32 {
    let text = BYTES.with_borrow_mut(std::mem::take);
    let text = String::from_utf8_lossy(&text).into_owned();
    match compile_module(&text, "main.py") {
        Ok(code) => {
            let driver = LiveDriver::new(code, &text, Options::default());
            DRIVER.with_borrow_mut(|slot| *slot = Some(driver));
            0
        }
        Err(_) => 1,
    }
}

/// One step on worker `thread`, the host's clock reading `real` nanoseconds since the
/// run began. Returns an instant to wait for (≥ 0), −1 to step again, −2 when the run
/// is over, −3 if it waits for another process (not timed here), −4 if nothing was
/// started, and −(10 + t) to hand the memory to thread `t`'s worker first.
/// `thread` = [`ANY_THREAD`] runs every thread here, as the page's one worker does.
#[no_mangle]
pub extern "C" fn step(real: f64, thread: u32) -> f64 {
    DRIVER.with_borrow_mut(|slot| {
        let Some(driver) = slot.as_mut() else {
            return -4.0;
        };
        if let Some(next) = driver.next_thread().filter(|_| thread != ANY_THREAD) {
            if next != thread as usize {
                return -(10.0 + next as f64);
            }
        }
        match driver.step(real as u64) {
            LiveStep::Continue => -1.0,
            LiveStep::WaitUntil(at) => at as f64,
            LiveStep::Done => -2.0,
            LiveStep::WaitOutside => -3.0,
        }
    })
}

/// Ends the run and returns where its standard output is: [`output_len`] bytes.
#[no_mangle]
pub extern "C" fn finish() -> *const u8 {
    let stdout = DRIVER
        .with_borrow_mut(Option::take)
        .map(|driver| driver.finish().stdout)
        .unwrap_or_default();
    BYTES.with_borrow_mut(|bytes| {
        *bytes = stdout.into_bytes();
        bytes.as_ptr()
    })
}

/// The length of what [`finish`] returned.
#[no_mangle]
pub extern "C" fn output_len() -> usize {
    BYTES.with_borrow(Vec::len)
}
