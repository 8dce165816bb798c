//! Every line the lesson programs print, formatted exactly as CPython prints it.
//!
//! The model ([`crate::model`]) and the live browser runtime both call these
//! line-builders, one per moment of a program, so the two engines cannot drift apart in
//! spelling. The rendered Python ([`crate::python`]) prints the same lines with f-strings;
//! the differential tests check that CPython agrees with this module character for
//! character.

use crate::scenario::{secs_from_micros, Micros, PyError};

/// A Python `str` literal as `repr()` writes it: `'A'`.
///
/// The interpreter's `repr` of a str, so the two engines cannot spell one differently.
pub fn str_repr(text: &str) -> String {
    crate::interp::ops::quote_str(text)
}

/// A list of strings as Python prints it: `['A', 'B']`.
pub fn str_list<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<String> = items.iter().map(|s| str_repr(s.as_ref())).collect();
    format!("[{}]", inner.join(", "))
}

/// A set of names printed the way the programs print sets: as a sorted list, because a
/// set's own order depends on hashing and would change from run to run.
pub fn sorted_names<S: AsRef<str>>(items: &[S]) -> String {
    let mut names: Vec<&str> = items.iter().map(|s| s.as_ref()).collect();
    names.sort_unstable();
    str_list(&names)
}

/// A Python `bool`: `True` or `False`.
pub fn bool_repr(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

/// An exception as `repr()` writes it: `ValueError('A failed')`, or `CancelledError()`.
pub fn exception_repr(error: &PyError) -> String {
    if error.message.is_empty() {
        format!("{}()", error.kind.python_name())
    } else {
        format!("{}({})", error.kind.python_name(), str_repr(&error.message))
    }
}

/// A duration in seconds as Python's `repr(float)` writes it: `0.05`, `1.0`, `1e-05`.
/// The rendered program passes step durations to Python in this form.
pub fn seconds(micros: Micros) -> String {
    let value = secs_from_micros(micros);
    if micros != 0 && micros < 100 {
        // Python switches to scientific notation below 1e-4 and pads the exponent to two
        // digits; Rust writes `1e-5`.
        let text = format!("{value:e}");
        match text.split_once("e-") {
            Some((mantissa, exponent)) => format!("{mantissa}e-{exponent:0>2}"),
            None => text,
        }
    } else {
        let text = format!("{value}");
        if text.contains('.') {
            text
        } else {
            format!("{text}.0")
        }
    }
}

/// `elapsed: 0.30s`, the last line of every program: `f"{seconds:.2f}"` rounds the same
/// way as Rust's `{:.2}` (both round the exact binary value, ties to even).
pub fn elapsed(micros: Micros) -> String {
    format!("elapsed: {:.2}s", secs_from_micros(micros))
}

/// Printed by a task when its steps are done: `A finished`.
pub fn task_finished(name: &str) -> String {
    format!("{name} finished")
}

/// A task's return value as the awaiting code prints it: `A returned 'A'`.
pub fn task_returned(name: &str) -> String {
    format!("{name} returned {}", str_repr(name))
}

/// A task's exception as the awaiting code prints it: `A raised ValueError('A failed')`.
pub fn task_raised(name: &str, error: &PyError) -> String {
    format!("{name} raised {}", exception_repr(error))
}

/// A pool future that was cancelled before it started: `C cancelled`.
pub fn task_cancelled(name: &str) -> String {
    format!("{name} cancelled")
}

/// A list of results as Python prints it: `['A', ValueError('B failed')]`.
pub fn result_list(results: &[Result<String, PyError>]) -> String {
    let items: Vec<String> = results
        .iter()
        .map(|result| match result {
            Ok(value) => str_repr(value),
            Err(error) => exception_repr(error),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// `gather`'s result list: `results: ['A', ValueError('B failed')]`.
pub fn gather_results(results: &[Result<String, PyError>]) -> String {
    format!("results: {}", result_list(results))
}

/// `gather raised ValueError('B failed')`: the first exception reached the caller.
pub fn gather_raised(error: &PyError) -> String {
    format!("gather raised {}", exception_repr(error))
}

/// The tasks gather left running when it raised: `still running: ['A', 'C']`.
pub fn still_running<S: AsRef<str>>(names: &[S]) -> String {
    format!("still running: {}", sorted_names(names))
}

/// `done: ['A']`, the first set `asyncio.wait` returns.
pub fn wait_done<S: AsRef<str>>(names: &[S]) -> String {
    format!("done: {}", sorted_names(names))
}

/// `pending: ['B']`, the second set `asyncio.wait` returns.
pub fn wait_pending<S: AsRef<str>>(names: &[S]) -> String {
    format!("pending: {}", sorted_names(names))
}

/// `cancelled: ['B']`, the pending tasks that ended cancelled after `task.cancel()`.
pub fn wait_cancelled<S: AsRef<str>>(names: &[S]) -> String {
    format!("cancelled: {}", sorted_names(names))
}

/// One result of `as_completed` or `pool.map`: `got 'A'`.
pub fn got_result(result: &Result<String, PyError>) -> String {
    match result {
        Ok(value) => format!("got {}", str_repr(value)),
        Err(error) => format!("got {}", exception_repr(error)),
    }
}

/// `map raised ValueError('B failed')`: iterating `pool.map` reached a failed call.
pub fn map_raised(error: &PyError) -> String {
    format!("map raised {}", exception_repr(error))
}

/// `alive before start: False` (any thread alive before `start()`).
pub fn alive_before_start(any_alive: bool) -> String {
    format!("alive before start: {}", bool_repr(any_alive))
}

/// `alive after start: True` (every thread alive right after `start()`).
pub fn alive_after_start(all_alive: bool) -> String {
    format!("alive after start: {}", bool_repr(all_alive))
}

/// `still alive: ['B']`, the threads alive after the joins.
pub fn still_alive<S: AsRef<str>>(names: &[S]) -> String {
    format!("still alive: {}", sorted_names(names))
}

/// `same process: True`: every thread saw the main thread's `os.getpid()`.
pub fn same_process(same: bool) -> String {
    format!("same process: {}", bool_repr(same))
}

/// `thread ids differ from main: True`: `threading.get_ident()` is per thread.
pub fn thread_ids_differ(differ: bool) -> String {
    format!("thread ids differ from main: {}", bool_repr(differ))
}

/// `shutdown returned`, printed after an explicit `pool.shutdown(...)`.
pub fn shutdown_returned() -> String {
    "shutdown returned".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::PyErrorKind;

    #[test]
    fn formats_like_python() {
        assert_eq!(str_list(&["A", "B"]), "['A', 'B']");
        assert_eq!(str_list::<&str>(&[]), "[]");
        assert_eq!(sorted_names(&["B", "A", "a"]), "['A', 'B', 'a']");
        assert_eq!(
            exception_repr(&PyError::task_failed("A")),
            "ValueError('A failed')"
        );
        assert_eq!(
            exception_repr(&PyError::new(PyErrorKind::CancelledError, "")),
            "CancelledError()"
        );
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(seconds(50_000), "0.05");
        assert_eq!(seconds(1_000_000), "1.0");
        assert_eq!(seconds(0), "0.0");
        assert_eq!(seconds(10), "1e-05");
        assert_eq!(seconds(15), "1.5e-05");
        assert_eq!(seconds(100), "0.0001");
        assert_eq!(elapsed(300_000), "elapsed: 0.30s");
        assert_eq!(elapsed(125_000), "elapsed: 0.12s");
        assert_eq!(
            gather_results(&[Ok("A".into()), Err(PyError::task_failed("B"))]),
            "results: ['A', ValueError('B failed')]"
        );
    }
}
