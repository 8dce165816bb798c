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
//!
//! A build with the `parser` feature compiles them on first import. A build without it
//! (the page's Web Worker, which carries no parser) is handed them already compiled:
//! [`bundle`] serializes every module's [`Code`] at build time, [`install_bundle`] loads
//! that into the same cache the importer reads.

use super::code::{Code, CompileError, CompileErrorKind};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Every bundled module, in the order a bundle lists them.
pub const MODULES: &[&str] = &[
    "asyncio",
    "threading",
    "queue",
    "concurrent",
    "concurrent.futures",
    "random",
    "collections",
    "sys",
    "time",
    "logging",
    "heapq",
    "__future__",
    "typing",
    "functools",
    "operator",
    "contextlib",
    "string",
    "itertools",
    "dataclasses",
    "multiprocessing",
    "_mp_child",
];

/// The cache key of the builtins written in Python (`lib/builtins_py.py`).
pub const BUILTINS_HELPERS: &str = "<builtins>";

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
        "time" => include_str!("lib/time.py"),
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
        "multiprocessing" => include_str!("lib/multiprocessing.py"),
        "_mp_child" => include_str!("lib/_mp_child.py"),
        _ => return None,
    })
}

thread_local! {
    /// Bundled modules compile once per process (per Web Worker in the browser).
    static COMPILED: RefCell<HashMap<String, Rc<Code>>> = RefCell::new(HashMap::new());
}

/// The file name a bundled module's tracebacks show.
fn file_name(name: &str) -> String {
    if name == BUILTINS_HELPERS {
        "<interleave builtins>".to_string()
    } else {
        format!("<interleave {name}>")
    }
}

/// The source of a bundled module or of the builtins written in Python.
fn any_source(name: &str) -> Option<&'static str> {
    if name == BUILTINS_HELPERS {
        Some(include_str!("lib/builtins_py.py"))
    } else {
        source(name)
    }
}

/// The compiled code of a bundled module (or [`BUILTINS_HELPERS`]): from the cache,
/// else compiled now, else (a build without the parser and no bundle installed) an
/// error that says so.
pub fn compiled(name: &str) -> Result<Rc<Code>, CompileError> {
    if let Some(code) = COMPILED.with(|c| c.borrow().get(name).cloned()) {
        return Ok(code);
    }
    let code = compile_now(name)?;
    COMPILED.with(|c| c.borrow_mut().insert(name.to_string(), code.clone()));
    Ok(code)
}

#[cfg(feature = "parser")]
fn compile_now(name: &str) -> Result<Rc<Code>, CompileError> {
    let source = any_source(name).unwrap_or("");
    super::compile::compile_module(source, &file_name(name))
}

#[cfg(not(feature = "parser"))]
fn compile_now(name: &str) -> Result<Rc<Code>, CompileError> {
    let _ = (any_source, file_name);
    Err(CompileError {
        kind: CompileErrorKind::Unsupported,
        line: 1,
        col: 0,
        end_line: 1,
        end_col: 0,
        message: format!("the bundled module {name} was not installed in this build"),
    })
}

/// Every bundled module compiled, as [`install_bundle`] reads it back.
#[derive(Serialize, Deserialize)]
struct Bundle {
    modules: Vec<(String, Rc<Code>)>,
}

/// Compiles every bundled module and the builtins written in Python, serialized
/// (postcard) for a build without the parser. Run at build time.
#[cfg(feature = "parser")]
pub fn bundle() -> Result<Vec<u8>, CompileError> {
    let mut modules = Vec::new();
    for name in MODULES.iter().copied().chain([BUILTINS_HELPERS]) {
        modules.push((name.to_string(), compile_now(name)?));
    }
    postcard::to_allocvec(&Bundle { modules }).map_err(|e| CompileError {
        kind: CompileErrorKind::Unsupported,
        line: 1,
        col: 0,
        end_line: 1,
        end_col: 0,
        message: format!("could not serialize the bundled modules: {e}"),
    })
}

/// Loads what [`bundle`] wrote into this thread's module cache.
pub fn install_bundle(bytes: &[u8]) -> Result<(), String> {
    let bundle: Bundle = postcard::from_bytes(bytes)
        .map_err(|e| format!("the bundled modules are unreadable: {e}"))?;
    COMPILED.with(|c| {
        let mut cache = c.borrow_mut();
        for (name, code) in bundle.modules {
            cache.insert(name, code);
        }
    });
    Ok(())
}
