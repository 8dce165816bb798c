//! A Python interpreter for the concurrency programs learners write.
//!
//! - [`compile`]: parses with Ruff and lowers the AST to [`code::Code`], refusing at its
//!   line whatever this interpreter does not run.
//! - [`vm`]: the eval loop over explicit frames; sans-IO: it yields [`vm::Stop`]s and
//!   [`vm::Event`]s, and whoever drives it owns the clock.
//! - [`value`], [`ops`], [`builtins`], [`fmt`], [`random`], [`pyset`]: Python's values,
//!   operators, builtins and formatting, with CPython's results and messages.
//! - [`lib`]: `asyncio`, `threading`, `queue`, `concurrent.futures` and `random`,
//!   bundled as Python source written after CPython's.

pub mod aio;
pub mod builtins;
pub mod code;
#[cfg(feature = "parser")]
pub mod compile;
pub mod fmt;
pub mod lib;
pub mod ops;
pub mod process;
pub mod pyset;
pub mod random;
pub mod suggest;
pub mod value;
pub mod vm;
