//! The Python modules bundled with the interpreter: `asyncio`, `threading`, `queue`,
//! `concurrent.futures`, `random`, `logging`, `heapq`, `collections`, `itertools`,
//! `functools`, `contextlib`, `dataclasses`, `typing`, `operator`, `string`, `sys` and
//! `__future__`, written in Python after CPython's own sources and compiled by this
//! interpreter on first import.
//!
//! Writing them in Python rather than Rust keeps CPython's semantics where they live in
//! CPython: the order in which callbacks run, how `gather` and `wait` wake their caller,
//! how `Condition` and `Queue` hand over, how a pool grows. The only blocking primitive
//! underneath is the `_thread` lock ([`super::builtins`]).

use super::code::Code;
use super::compile::{compile_module, CompileError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The source of a bundled module, by its dotted name.
pub fn source(name: &str) -> Option<&'static str> {
    Some(match name {
        "asyncio" => include_str!("lib/asyncio.py"),
        "threading" => include_str!("lib/threading.py"),
        "queue" => include_str!("lib/queue.py"),
        "concurrent" => "",
        "concurrent.futures" => include_str!("lib/concurrent_futures.py"),
        "random" => include_str!("lib/random.py"),
        "collections" => include_str!("lib/collections.py"),
        "sys" => include_str!("lib/sys.py"),
        "logging" => include_str!("lib/logging.py"),
        "heapq" => include_str!("lib/heapq.py"),
        "__future__" => include_str!("lib/__future__.py"),
        "typing" => include_str!("lib/typing.py"),
        "functools" => include_str!("lib/functools.py"),
        "operator" => include_str!("lib/operator.py"),
        "contextlib" => include_str!("lib/contextlib.py"),
        "string" => include_str!("lib/string.py"),
        "itertools" => include_str!("lib/itertools.py"),
        "dataclasses" => include_str!("lib/dataclasses.py"),
        _ => return None,
    })
}

thread_local! {
    /// Bundled modules compile once per process (per Web Worker in the browser).
    static COMPILED: RefCell<HashMap<String, Rc<Code>>> = RefCell::new(HashMap::new());
}

/// The compiled code of a bundled module.
pub fn compiled(name: &str, source: &str) -> Result<Rc<Code>, CompileError> {
    if let Some(code) = COMPILED.with(|c| c.borrow().get(name).cloned()) {
        return Ok(code);
    }
    let code = compile_module(source, &format!("<interleave {name}>"))?;
    COMPILED.with(|c| c.borrow_mut().insert(name.to_string(), code.clone()));
    Ok(code)
}
