//! The lessons' worker: predicts and runs live a lesson's program, compiled at build
//! time and filled with its panel's values. No parser: it is the interpreter and the
//! bundled modules alone. See [`interleave::engine::worker`].

fn main() {
    interleave::engine::worker::serve();
}
