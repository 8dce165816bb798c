//! The lessons' programs, run by the interpreter without Python's parser.
//!
//! `build.rs` compiles the bundled modules (`asyncio`, `threading`, ...) and every
//! program in `src/lessons/programs/` into `engine.bin`; [`Engine::load`] installs the
//! modules into the interpreter's import cache and keeps the programs, and
//! [`Engine::predict`] fills a program's `$name` markers with a panel's parameters and
//! runs it on the model's virtual clock. Nothing here parses Python, so the code that
//! uses it needs neither the parser nor a network round trip.

use crate::panel::params::{program_file, ProgramValues, SimulationKind};
use interleave_core::sim::{predict_compiled, Options, Run};
use interleave_core::template::Program;

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

impl Engine {
    /// Decodes the build's programs and installs its modules on this thread.
    pub fn load() -> Result<Engine, String> {
        let (modules, programs): (Vec<u8>, Vec<(String, Program)>) =
            postcard::from_bytes(ENGINE).map_err(|e| format!("engine.bin is unreadable: {e}"))?;
        interleave_core::interp::lib::install_bundle(&modules)?;
        Ok(Engine { programs })
    }

    /// The program of a simulation lesson.
    pub fn program(&self, kind: SimulationKind) -> Result<&Program, String> {
        let file = program_file(kind);
        self.programs
            .iter()
            .find(|(name, _)| name == file)
            .map(|(_, program)| program)
            .ok_or_else(|| format!("no lesson program {file}"))
    }

    /// The program these values give, and what the model predicts it does.
    pub fn predict(
        &self,
        kind: SimulationKind,
        values: &ProgramValues,
        cores: usize,
    ) -> Result<Prediction, String> {
        let template = self
            .program(kind)?
            .variant(&values.choices())
            .map_err(|e| e.to_string())?;
        let (text, code) = template
            .instantiate(&values.literals)
            .map_err(|e| e.to_string())?;
        let options = Options {
            gil: !values.free_threaded,
            cores: cores.max(1),
            ..Options::default()
        };
        let run = predict_compiled(code, &text, &options);
        Ok(Prediction { text, run })
    }
}
