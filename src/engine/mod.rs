//! The interpreter's side of the page: the lessons' programs, and the Web Workers that
//! run programs off the page's thread.
//!
//! `build.rs` compiles the bundled modules (`asyncio`, `threading`, ...) and every
//! program in `src/lessons/programs/` into `engine.bin`; [`Engine::load`] installs the
//! modules into the interpreter's import cache and keeps the programs, and
//! [`Engine::lesson`] fills a program's `$name` markers with a panel's parameters.
//! Nothing here parses Python. `build.rs` also predicts every lesson at its defaults
//! into the lesson's body file (`lesson_body`), so a lesson draws its prediction
//! without loading the interpreter at all; only a change of its knobs or a live run
//! starts the lessons' worker.
//!
//! - [`protocol`]: the messages between the page and a worker;
//! - [`client`]: a worker from the page's side;
//! - [`worker`]: the worker's side (the `runner` and `engine` binaries);
//! - [`processes`]: a live run's Python processes, one worker each, hosted by the
//!   worker running the main process.

pub mod client;
pub mod processes;
pub mod protocol;
pub mod worker;

use crate::panel::params::{program_file, ProgramValues, SimulationKind};
use interleave_core::interp::code::{Code, CompileError, CompileErrorKind};
use interleave_core::sim::{predict_compiled, Options, Run};
use interleave_core::template::Program;
use std::rc::Rc;

static ENGINE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/engine.bin"));
/// The lesson programs, ready to fill and run.
pub struct Engine {
    programs: Vec<(String, Program)>,
}

/// A lesson program as the panel shows it, and the model's run of it.
pub struct Prediction {
    pub text: String,
    pub run: Run,
}

/// A failure that is ours, not the program's, as the Output region shows one.
fn engine_error(message: String) -> CompileError {
    CompileError {
        kind: CompileErrorKind::Unsupported,
        line: 1,
        col: 1,
        end_line: 1,
        end_col: 1,
        message,
    }
}

impl Engine {
    /// Decodes the build's programs and installs its modules on this thread.
    pub fn load() -> Result<Engine, String> {
        let (modules, programs): (Vec<u8>, Vec<(String, Program)>) =
            postcard::from_bytes(ENGINE).map_err(|e| format!("engine.bin is unreadable: {e}"))?;
        interleave_core::interp::lib::install_bundle(&modules)?;
        Ok(Engine { programs })
    }

    /// The lesson program in `file`, filled with `values`: its text and its code.
    pub fn lesson(
        &self,
        file: &str,
        values: &ProgramValues,
    ) -> Result<(String, Rc<Code>), CompileError> {
        let program = self
            .programs
            .iter()
            .find(|(name, _)| name == file)
            .map(|(_, program)| program)
            .ok_or_else(|| engine_error(format!("no lesson program {file}")))?;
        let template = program
            .variant(&values.choices())
            .map_err(|e| engine_error(e.to_string()))?;
        template
            .instantiate(&values.literals())
            .map_err(|e| engine_error(e.to_string()))
    }

    /// The program these values give, and what the model predicts it does.
    pub fn predict(
        &self,
        kind: SimulationKind,
        values: &ProgramValues,
        cores: usize,
    ) -> Result<Prediction, CompileError> {
        let (text, code) = self.lesson(program_file(kind), values)?;
        let options = Options {
            gil: !values.free_threaded,
            cores: cores.max(1),
            ..Options::default()
        };
        let run = predict_compiled(code, &text, &options);
        Ok(Prediction { text, run })
    }
}
