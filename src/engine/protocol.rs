//! What the page and an engine worker say to each other: a request is a JSON string, an
//! answer postcard bytes (a `Uint8Array`). Postcard keeps the page's decoder of a
//! [`Run`] small: it reads fields in order, so none of the by-name matching a JSON
//! decoder of these types would bring into the page's wasm.

use crate::panel::params::ProgramValues;
use interleave_core::interp::code::CompileError;
use interleave_core::sim::Run;
use serde::{Deserialize, Serialize};

/// Which program to run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Source {
    /// A learner's own text: only the Playground's worker, which has the parser, runs it.
    Text(String),
    /// A lesson's program (a file of `src/lessons/programs/`) filled with its panel's
    /// values: compiled at build time, so the lessons' worker needs no parser.
    Lesson { file: String, values: ProgramValues },
}

/// The page asks for a program to be predicted or run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Answers carry it back, so the page can drop answers to programs since changed.
    pub id: u64,
    pub source: Source,
    /// `false` for free-threaded CPython.
    pub gil: bool,
    pub cores: usize,
    /// Run it for real (sleeps on real timers, computation paced to CPython's) rather
    /// than predict it.
    pub live: bool,
}

/// The worker's messages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker's wasm has loaded; messages sent before this would have been lost.
    Ready,
    /// The program's text (a lesson's, filled in), and whether it compiled (a syntax
    /// error, or outside the subset) or the model's run of it, and how long compiling
    /// and predicting took in the worker.
    Predicted {
        id: u64,
        text: String,
        result: Box<Result<Run, CompileError>>,
        ms: f64,
    },
    /// A live run's record (its timeline in real time), how long it took, and by how
    /// much the computation ran behind CPython's pace and the timers woke late.
    Measured {
        id: u64,
        text: String,
        result: Box<Result<Run, CompileError>>,
        ms: f64,
        behind_ms: f64,
        late_ms: f64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::params::{Params, SimulationKind};

    #[test]
    fn messages_round_trip() {
        let values = Params::defaults(SimulationKind::Wait)
            .program_values()
            .unwrap();
        for source in [
            Source::Text("print(1)\n".to_string()),
            Source::Lesson {
                file: "wait.py".to_string(),
                values,
            },
        ] {
            let request = Request {
                id: 3,
                source,
                gil: true,
                cores: 2,
                live: false,
            };
            let text = serde_json::to_string(&request).unwrap();
            assert_eq!(serde_json::from_str::<Request>(&text).unwrap(), request);
        }
        let program =
            "import threading\nprint('a')\nthreading.Thread(target=print, args=('b',)).start()\n";
        let run = interleave_core::sim::predict(program, &Default::default()).unwrap();
        assert!(!run.timeline.output.is_empty() && !run.steps.is_empty());
        let answer = Response::Predicted {
            id: 3,
            text: program.to_string(),
            result: Box::new(Ok(run)),
            ms: 1.5,
        };
        let bytes = postcard::to_allocvec(&answer).unwrap();
        assert_eq!(postcard::from_bytes::<Response>(&bytes).unwrap(), answer);
    }
}
