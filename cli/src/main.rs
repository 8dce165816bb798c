//! `interleave predict FILE.py`: what CPython would print, predicted by the model.
//!
//! Standard output gets exactly what the program prints to its standard output, and
//! standard error what CPython would print there (tracebacks, warnings). The exit
//! status is the program's own (0, or 1 after an uncaught exception), or 2 when the
//! program cannot run: a syntax error, or a construct this interpreter does not run.
//! `--svg OUT.svg` also writes the timeline as a chart, `--trace OUT.json` as a Chrome
//! trace that Perfetto opens, `--json OUT.json` the whole prediction (timeline, tied
//! lines, steps with each lane's line), and `--free-threaded` models a build without
//! the GIL.

use interleave_core::sim::{predict, Options};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: interleave predict FILE.py [--svg OUT.svg] [--trace OUT.json] [--json OUT.json] [--free-threaded] [--cores N]";

/// The stack the prediction runs on. Python values are reference-counted Rust
/// values, and dropping a container nested a million deep (`a = [a]` in a loop)
/// recurses once per level; a large stack keeps that from aborting the process.
const STACK_BYTES: usize = 1 << 30;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let worker = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || match run(&args) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        });
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("interleave: the prediction failed unexpectedly");
            ExitCode::from(3)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("predict") => {}
        _ => return Err(USAGE.to_string()),
    }
    let mut file = None;
    let mut svg = None;
    let mut trace = None;
    let mut json = None;
    let mut options = Options::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--svg" => svg = Some(args.next().ok_or(USAGE)?.clone()),
            "--trace" => trace = Some(args.next().ok_or(USAGE)?.clone()),
            "--json" => json = Some(args.next().ok_or(USAGE)?.clone()),
            "--free-threaded" => options.gil = false,
            "--cores" => {
                options.cores = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or(USAGE)?
            }
            other if file.is_none() && !other.starts_with("--") => file = Some(other.to_string()),
            _ => return Err(USAGE.to_string()),
        }
    }
    let file = file.ok_or(USAGE)?;
    let source = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
    // CPython 3.11 names the script in tracebacks by its absolute path.
    options.file_name = std::fs::canonicalize(&file)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| file.clone());
    let run = match predict(&source, &options) {
        Ok(run) => run,
        Err(error) => {
            let line = source
                .lines()
                .nth(error.line.saturating_sub(1) as usize)
                .unwrap_or("");
            return Err(format!(
                "  File \"{file}\", line {}\n    {}\n{}",
                error.line,
                line.trim_end(),
                error
            ));
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(run.stdout.as_bytes());
    let _ = stdout.flush();
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(run.stderr.as_bytes());
    if let Some(path) = svg {
        let chart = interleave_core::chart::timeline_svg(&run.timeline);
        std::fs::write(&path, chart).map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some(path) = trace {
        let json = interleave_core::trace::to_chrome_trace(&run.timeline);
        std::fs::write(&path, json).map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some(path) = json {
        let text = serde_json::to_string(&run).map_err(|e| format!("{path}: {e}"))?;
        std::fs::write(&path, text).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(ExitCode::from(run.exit_code.clamp(0, 255) as u8))
}
