//! `interleave-bench`: the interpreter's figures of issue 9, and the calibration of the
//! virtual clock (`Costs::ns_per_unit`), each measured beside CPython in the same run.
//!
//! ```sh
//! cargo build --release -p interleave-cli
//! target/release/interleave-bench [--repeats N] [--only gather,loop,compile,calibrate]
//!                                 [--python python3] [--markdown OUT.md] > OUT.json
//! ```
//!
//! Standard output gets one JSON object (`machine`, `rows` shaped like the browser
//! harness's rows in `bench/stats.mjs`, and `calibration`); standard error gets progress
//! and the same figures as Markdown tables, which `--markdown` also writes to a file.
//! `scripts/bench.sh --interpreter` runs it. What each figure means: BENCHMARKS.md.
//!
//! CPython is timed in-process: a wrapper reads the program on standard input and times
//! `compile()` + `exec()` with `time.perf_counter()`, so the interpreter's start-up is
//! left out (each row's note also gives the whole process's wall time). Interleave is
//! timed around `predict()` (parsing, lowering and running the program, its bundled
//! `asyncio` included). In every repetition the two run one after the other, so a
//! change in the machine's load affects both sides of a ratio alike.

use interleave_core::interp::compile::compile_module;
use interleave_core::sim::{predict, Options, Run};
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

const USAGE: &str = "usage: interleave-bench [--repeats N] [--only gather,loop,compile,calibrate] [--python PYTHON] [--markdown OUT.md]";

const GATHER: &str = include_str!("../../benches-programs/gather-10000.py");
const LOOP: &str = include_str!("../../benches-programs/loop-3m.py");
const THREE_HUNDRED_LINES: &str = include_str!("../../benches-programs/three-hundred-lines.py");

/// The calibration programs: each times its own workload with `time.perf_counter()` and
/// prints `elapsed SECONDS` last.
const CALIBRATION: [(&str, &str); 9] = [
    (
        "module-level loop (globals)",
        include_str!("../../benches-programs/calibrate-module-loop.py"),
    ),
    (
        "the same loop in a function (fast locals)",
        include_str!("../../benches-programs/calibrate-function-loop.py"),
    ),
    (
        "a loop calling a small function",
        include_str!("../../benches-programs/calibrate-calls.py"),
    ),
    (
        "building lists and dicts",
        include_str!("../../benches-programs/calibrate-collections.py"),
    ),
    (
        "building strings with f-strings",
        include_str!("../../benches-programs/calibrate-fstrings.py"),
    ),
    (
        "objects: instances and method calls",
        include_str!("../../benches-programs/calibrate-methods.py"),
    ),
    (
        "asyncio: gather of 10,000 tasks, less its 0.1 s sleep",
        include_str!("../../benches-programs/calibrate-gather.py"),
    ),
    (
        "asyncio: two tasks taking turns for 40,000 loop rounds",
        include_str!("../../benches-programs/calibrate-asyncio-rounds.py"),
    ),
    (
        "asyncio: futures, waiting tasks and asyncio.wait",
        include_str!("../../benches-programs/calibrate-asyncio-futures.py"),
    ),
];

/// The seconds a calibration program sleeps inside its timed region (not computation).
fn sleeps(source: &str) -> f64 {
    if source.contains("asyncio.sleep(0.1)") {
        0.1
    } else {
        0.0
    }
}

/// Runs the program on standard input; prints how long `compile()` + `exec()` took.
const WRAPPER: &str = r#"
import sys, time
source = sys.stdin.read()
scope = {"__name__": "__main__"}
began = time.perf_counter()
exec(compile(source, "main.py", "exec"), scope)
ended = time.perf_counter()
sys.stdout.flush()
print("BENCH_SECONDS", repr(ended - began), file=sys.stderr)
"#;

/// Times `compile()` of the program on standard input, `sys.argv[1]` times.
const COMPILE_WRAPPER: &str = r#"
import sys, time
source = sys.stdin.read()
times = []
for _ in range(int(sys.argv[1])):
    began = time.perf_counter()
    compile(source, "main.py", "exec")
    times.append(time.perf_counter() - began)
times.sort()
print("BENCH_COMPILE", repr(times[len(times) // 2]), repr(times[0]), repr(times[-1]), file=sys.stderr)
"#;

struct Settings {
    repeats: usize,
    groups: Vec<String>,
    python: String,
    markdown: Option<String>,
}

fn main() {
    let settings = match parse_args(std::env::args().skip(1).collect()) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let python_version = python(
        &settings.python,
        "import sys; print(sys.version.split()[0])",
    )
    .unwrap_or_else(|_| "missing".to_string());
    let load_before = load_average();
    let mut rows = Vec::new();
    let mut calibration = Value::Null;
    for group in &settings.groups {
        eprintln!("[bench] interpreter: {group}…");
        let started = Instant::now();
        let outcome = match group.as_str() {
            "gather" => gather(&settings).map(|found| rows.extend(found)),
            "loop" => computation(&settings).map(|found| rows.extend(found)),
            "compile" => compile(&settings).map(|found| rows.extend(found)),
            "calibrate" => calibrate(&settings).map(|found| calibration = found),
            _ => unreachable!("checked by parse_args"),
        };
        if let Err(why) = outcome {
            eprintln!("[bench] {group} failed: {why}");
            rows.push(not_measured(group, &why));
        }
        eprintln!(
            "[bench] {group} took {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    let machine = json!({
        "date": shell("date", &["-u", "+%Y-%m-%dT%H:%M:%SZ"]),
        "commit": shell("git", &["rev-parse", "--short", "HEAD"]),
        "core_changed_since_commit": !matches!(
            shell("git", &["status", "--porcelain", "--", "core"]).as_str(),
            "" | "unknown"
        ),
        "cpu": cpu_model(),
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "python": python_version,
        "repeats": settings.repeats,
        "build": build(),
        "load_before": load_before,
        "load_after": load_average(),
    });
    let markdown = markdown(&machine, &rows, &calibration);
    eprintln!("\n{markdown}");
    if let Some(path) = &settings.markdown {
        if let Err(error) = std::fs::write(path, &markdown) {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }
    }
    let report = json!({ "machine": machine, "rows": rows, "calibration": calibration });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("plain JSON")
    );
}

fn parse_args(args: Vec<String>) -> Result<Settings, String> {
    let all = ["gather", "loop", "compile", "calibrate"];
    let env_repeats = std::env::var("BENCH_REPEATS").ok();
    let mut settings = Settings {
        repeats: env_repeats.and_then(|n| n.parse().ok()).unwrap_or(5),
        groups: all.iter().map(|g| g.to_string()).collect(),
        python: std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string()),
        markdown: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(USAGE.to_string());
        match arg.as_str() {
            "--repeats" => settings.repeats = value()?.parse().map_err(|_| USAGE.to_string())?,
            "--python" => settings.python = value()?,
            "--markdown" => settings.markdown = Some(value()?),
            "--only" => {
                settings.groups = value()?.split(',').map(str::to_string).collect();
                if let Some(bad) = settings.groups.iter().find(|g| !all.contains(&g.as_str())) {
                    return Err(format!("unknown group {bad:?}; groups: {}", all.join(", ")));
                }
            }
            _ => return Err(USAGE.to_string()),
        }
    }
    // Never fewer than five runs per figure, like the browser harness.
    settings.repeats = settings.repeats.max(5);
    Ok(settings)
}

// ---------------------------------------------------------------------------------------
// The figures

/// Figure 1: the model predicts a gather of 10,000 tasks written in Python.
fn gather(settings: &Settings) -> Result<Vec<Value>, String> {
    let side = side_by_side(settings, GATHER, &Options::default())?;
    let virtual_ms = side.run.timeline.end as f64 / 1000.0;
    let rows = vec![
        row(
            "interpreter: gather",
            "predict() of asyncio.gather of 10,000 tasks (sleep 0.1 s each), Python source, native",
            "ms",
            &side.interleave_ms,
            2,
            Some(("< 50 ms", median(&side.interleave_ms) < 50.0)),
            &format!(
                "parse, lower and run, bundled asyncio included; virtual makespan {virtual_ms:.1} ms, {} units; output {}",
                side.run.units,
                same_output(&side)
            ),
        ),
        row(
            "interpreter: gather",
            "CPython running the same file (includes its 0.1 s sleep)",
            "ms",
            &side.cpython_ms,
            1,
            None,
            &format!(
                "compile + exec timed in-process (import asyncio included, start-up excluded); whole process {}",
                summary(&side.process_ms, "ms")
            ),
        ),
        row(
            "interpreter: gather",
            "CPython's time ÷ predict()'s time (> 1: the model is faster)",
            "ratio",
            &ratios(&side.cpython_ms, &side.interleave_ms),
            2,
            None,
            "per repetition, the two run back to back",
        ),
    ];
    Ok(rows)
}

/// Figure 2: pure computation, at no less than half CPython's speed.
fn computation(settings: &Settings) -> Result<Vec<Value>, String> {
    let side = side_by_side(settings, LOOP, &Options::default())?;
    let speed = ratios(&side.cpython_ms, &side.interleave_ms);
    let rows = vec![
        row(
            "interpreter: computation",
            "predict() of `for i in range(3_000_000): total += i * i` at module level, native",
            "ms",
            &side.interleave_ms,
            1,
            None,
            &format!(
                "the interpreter really executes the loop: {} units; output {}",
                side.run.units,
                same_output(&side)
            ),
        ),
        row(
            "interpreter: computation",
            "CPython running the same file",
            "ms",
            &side.cpython_ms,
            1,
            None,
            &format!(
                "compile + exec timed in-process, start-up excluded; whole process {}",
                summary(&side.process_ms, "ms")
            ),
        ),
        row(
            "interpreter: computation",
            "CPython's time ÷ the interpreter's time (its speed as a share of CPython's)",
            "ratio",
            &speed,
            2,
            Some(("≥ 0.5", median(&speed) >= 0.5)),
            "per repetition, the two run back to back",
        ),
    ];
    Ok(rows)
}

/// Figure 3: parsing and lowering a 300-line program.
fn compile(settings: &Settings) -> Result<Vec<Value>, String> {
    let lines = THREE_HUNDRED_LINES.lines().count();
    let calls = (settings.repeats * 40).max(200);
    // It must be a program the interpreter runs as CPython does, not only one it parses.
    let side = side_by_side(
        &Settings {
            repeats: 1,
            groups: Vec::new(),
            python: settings.python.clone(),
            markdown: None,
        },
        THREE_HUNDRED_LINES,
        &Options::default(),
    )?;
    let mut samples = Vec::with_capacity(calls);
    for _ in 0..calls {
        let started = Instant::now();
        let code = compile_module(THREE_HUNDRED_LINES, "main.py").map_err(|e| e.to_string())?;
        samples.push(ms(started));
        drop(code);
    }
    let cpython = python_with_input(
        &settings.python,
        &[COMPILE_WRAPPER, &calls.to_string()],
        THREE_HUNDRED_LINES,
    )?;
    let numbers = marker(&cpython.stderr, "BENCH_COMPILE")?;
    let cpython_note = match numbers.as_slice() {
        [med, min, max] => format!(
            "CPython's own compile() of it: {:.2} ms ({:.2} – {:.2}, {calls} calls)",
            med * 1e3,
            min * 1e3,
            max * 1e3
        ),
        _ => "CPython's compile(): not measured".to_string(),
    };
    Ok(vec![row(
        "interpreter: compile",
        &format!("compile_module() of a {lines}-line program (classes, async defs, threads, loops, f-strings), native"),
        "ms",
        &samples,
        3,
        Some(("< 5 ms", median(&samples) < 5.0)),
        &format!(
            "{calls} calls in a row; cli/benches-programs/three-hundred-lines.py, whose output the model predicts {}; {cpython_note}",
            if side.same_output { "exactly" } else { "WRONGLY" }
        ),
    )])
}

/// The virtual clock's calibration: CPython's time per cost unit, program by program.
fn calibrate(settings: &Settings) -> Result<Value, String> {
    // At one nanosecond per unit, the program's own `time.perf_counter()` deltas are its
    // cost units, so the units of exactly the region CPython timed can be read back.
    let mut unit_clock = Options::default();
    unit_clock.costs.ns_per_unit = 1.0;
    let mut programs = Vec::new();
    for (name, source) in CALIBRATION {
        eprintln!("[bench]   {name}");
        let side = side_by_side(settings, source, &unit_clock)?;
        let asleep = sleeps(source);
        let cpython_region_ms = side
            .cpython_stdouts
            .iter()
            .map(|out| elapsed(out).map(|s| (s - asleep) * 1e3))
            .collect::<Result<Vec<f64>, String>>()?;
        let units = (elapsed(&side.run.stdout)? - asleep) * 1e9;
        // The whole compile + exec, less the sleep, against the whole predict().
        let cpython_awake_ms: Vec<f64> = side.cpython_ms.iter().map(|t| t - asleep * 1e3).collect();
        let cpython_ms = median(&cpython_region_ms);
        programs.push(json!({
            "program": name,
            "cpython_ms": round(cpython_ms, 2),
            "cpython_ms_min": round(min(&cpython_region_ms), 2),
            "cpython_ms_max": round(max(&cpython_region_ms), 2),
            "cpython_samples_ms": cpython_region_ms.iter().map(|v| round(*v, 2)).collect::<Vec<_>>(),
            "units": units as u64,
            "run_units": side.run.units,
            "ns_per_unit": round(cpython_ms * 1e6 / units, 2),
            "interleave_ms": round(median(&side.interleave_ms), 1),
            "speed": round(median(&ratios(&cpython_awake_ms, &side.interleave_ms)), 2),
            "same_output": side.same_output,
        }));
    }
    let per_unit: Vec<f64> = programs
        .iter()
        .map(|p| p["ns_per_unit"].as_f64().unwrap_or(f64::NAN))
        .collect();
    let recommended = round(median(&per_unit), 1);
    let today = Options::default().costs.ns_per_unit;
    for program in &mut programs {
        let units = program["units"].as_f64().unwrap_or(0.0);
        let cpython = program["cpython_ms"].as_f64().unwrap_or(f64::NAN);
        program["error_today"] = json!(round((units * today / 1e6 / cpython - 1.0) * 100.0, 0));
        program["error_recommended"] = json!(round(
            (units * recommended / 1e6 / cpython - 1.0) * 100.0,
            0
        ));
    }
    Ok(json!({
        "programs": programs,
        "ns_per_unit_median": recommended,
        "ns_per_unit_min": round(min(&per_unit), 2),
        "ns_per_unit_max": round(max(&per_unit), 2),
        "ns_per_unit_today": today,
    }))
}

// ---------------------------------------------------------------------------------------
// Running both sides

struct SideBySide {
    interleave_ms: Vec<f64>,
    cpython_ms: Vec<f64>,
    process_ms: Vec<f64>,
    cpython_stdouts: Vec<String>,
    /// The last prediction.
    run: Run,
    /// Whether every prediction printed what CPython printed (`elapsed` lines aside).
    same_output: bool,
}

/// Runs `source` in CPython, then through `predict()`, `settings.repeats` times.
fn side_by_side(
    settings: &Settings,
    source: &str,
    options: &Options,
) -> Result<SideBySide, String> {
    let mut side = SideBySide {
        interleave_ms: Vec::new(),
        cpython_ms: Vec::new(),
        process_ms: Vec::new(),
        cpython_stdouts: Vec::new(),
        run: Run::default(),
        same_output: true,
    };
    for _ in 0..settings.repeats {
        let cpython = python_with_input(&settings.python, &[WRAPPER], source)?;
        let seconds = marker(&cpython.stderr, "BENCH_SECONDS")?;
        side.cpython_ms
            .push(seconds.first().copied().unwrap_or(f64::NAN) * 1e3);
        side.process_ms.push(cpython.process_ms);

        let started = Instant::now();
        let run = predict(source, options).map_err(|e| format!("line {}: {e}", e.line))?;
        side.interleave_ms.push(ms(started));
        if let Some(why) = &run.stopped {
            return Err(format!("the model stopped the program: {why}"));
        }
        side.same_output &= without_elapsed(&run.stdout) == without_elapsed(&cpython.stdout);
        side.cpython_stdouts.push(cpython.stdout);
        side.run = run;
    }
    Ok(side)
}

struct Python {
    stdout: String,
    stderr: String,
    process_ms: f64,
}

fn python_with_input(python: &str, args: &[&str], input: &str) -> Result<Python, String> {
    let started = Instant::now();
    let mut child = Command::new(python)
        .arg("-c")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{python}: {e}"))?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes())
        .map_err(|e| format!("{python}: {e}"))?;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("{python}: {e}"))?;
    let process_ms = ms(started);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        let last = stderr.lines().last().unwrap_or("").to_string();
        return Err(format!("{python} failed: {last}"));
    }
    Ok(Python {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
        process_ms,
    })
}

fn python(python: &str, code: &str) -> Result<String, String> {
    python_with_input(python, &[code], "").map(|out| out.stdout.trim().to_string())
}

/// The numbers after `name` on its line of `text`.
fn marker(text: &str, name: &str) -> Result<Vec<f64>, String> {
    text.lines()
        .find_map(|line| line.strip_prefix(name))
        .map(|rest| {
            rest.split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .ok_or_else(|| format!("no {name} from python: {}", text.trim()))
}

/// The seconds a calibration program printed as `elapsed SECONDS`.
fn elapsed(stdout: &str) -> Result<f64, String> {
    marker(stdout, "elapsed ")?
        .first()
        .copied()
        .ok_or_else(|| "no elapsed line".to_string())
}

fn without_elapsed(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|line| !line.starts_with("elapsed "))
        .collect()
}

fn same_output(side: &SideBySide) -> String {
    if side.same_output {
        "identical to CPython's".to_string()
    } else {
        "DIFFERS from CPython's".to_string()
    }
}

// ---------------------------------------------------------------------------------------
// Statistics and rows (as bench/stats.mjs)

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[middle],
        _ => (sorted[middle - 1] + sorted[middle]) / 2.0,
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

fn round(value: f64, digits: i32) -> f64 {
    let factor = 10f64.powi(digits);
    (value * factor).round() / factor
}

fn ratios(numerators: &[f64], denominators: &[f64]) -> Vec<f64> {
    numerators
        .iter()
        .zip(denominators)
        .map(|(n, d)| n / d)
        .collect()
}

fn summary(values: &[f64], unit: &str) -> String {
    format!(
        "{:.1} {unit} ({:.1} – {:.1})",
        median(values),
        min(values),
        max(values)
    )
}

/// One row of the results table, with the fields of `bench/stats.mjs`'s rows.
fn row(
    figure: &str,
    what: &str,
    unit: &str,
    samples: &[f64],
    digits: i32,
    target: Option<(&str, bool)>,
    note: &str,
) -> Value {
    json!({
        "figure": figure,
        "what": what,
        "unit": unit,
        "runs": samples.len(),
        "median": round(median(samples), digits),
        "min": round(min(samples), digits),
        "max": round(max(samples), digits),
        "samples": samples.iter().map(|v| round(*v, digits)).collect::<Vec<_>>(),
        "target": target.map(|(text, _)| text).unwrap_or(""),
        "met": target.map(|(_, met)| met),
        "note": note,
    })
}

fn not_measured(figure: &str, why: &str) -> Value {
    json!({
        "figure": format!("interpreter: {figure}"), "what": "(the whole group)", "unit": "",
        "runs": 0, "median": null, "min": null, "max": null, "samples": [],
        "target": "", "met": null, "note": format!("not measured: {why}"),
    })
}

// ---------------------------------------------------------------------------------------
// The Markdown report

fn markdown(machine: &Value, rows: &[Value], calibration: &Value) -> String {
    let text = |v: &Value| match v {
        Value::String(s) => s.replace('|', "\\|"),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut out = format!(
        "Interpreter figures measured {} on commit {}{} on {} cores ({}), CPython {}, {}; load average {} before, {} after; {} runs per figure unless the runs column says otherwise.\n\n",
        text(&machine["date"]),
        text(&machine["commit"]),
        if machine["core_changed_since_commit"] == json!(true) { " (with uncommitted changes in core/)" } else { "" },
        text(&machine["cores"]),
        text(&machine["cpu"]),
        text(&machine["python"]),
        text(&machine["build"]),
        text(&machine["load_before"]),
        text(&machine["load_after"]),
        text(&machine["repeats"]),
    );
    if !rows.is_empty() {
        out += "| figure | what | median | spread (min – max) | runs | target | met | note |\n";
        out += "|---|---|---|---|---|---|---|---|\n";
        for r in rows {
            let median = match &r["median"] {
                Value::Null => "—".to_string(),
                m => format!("{m} {}", text(&r["unit"])),
            };
            let spread = if r["median"].is_null() {
                String::new()
            } else {
                format!("{} – {}", r["min"], r["max"])
            };
            let met = match r["met"] {
                Value::Bool(true) => "yes",
                Value::Bool(false) => "**no**",
                _ => "",
            };
            out += &format!(
                "| {} | {} | {median} | {spread} | {} | {} | {met} | {} |\n",
                text(&r["figure"]),
                text(&r["what"]),
                r["runs"],
                text(&r["target"]),
                text(&r["note"])
            );
        }
    }
    if let Some(programs) = calibration["programs"].as_array() {
        let today = &calibration["ns_per_unit_today"];
        let recommended = &calibration["ns_per_unit_median"];
        out += &format!(
            "\nCalibration of the virtual clock: CPython's time for each program's own `time.perf_counter()` region (median, min – max), the interpreter's cost units for the same region (its virtual `perf_counter()` delta at 1 ns per unit; sleeps are taken off both) and their quotient. Median {recommended} ns per unit (range {} – {}). Error: units × ns_per_unit ÷ CPython's time − 1. Speed: CPython's compile + exec ÷ the interpreter's whole predict() (sleeps off).\n\n",
            calibration["ns_per_unit_min"], calibration["ns_per_unit_max"]
        );
        out += &format!("| program | CPython | units | ns per unit | error at {today} (today) | error at {recommended} (median) | interpreter's predict() | speed vs CPython | output |\n");
        out += "|---|---|---|---|---|---|---|---|---|\n";
        for p in programs {
            out += &format!(
                "| {} | {} ms ({} – {}) | {:.2} M | {} | {:+} % | {:+} % | {} ms | {} | {} |\n",
                text(&p["program"]),
                p["cpython_ms"],
                p["cpython_ms_min"],
                p["cpython_ms_max"],
                p["units"].as_f64().unwrap_or(0.0) / 1e6,
                p["ns_per_unit"],
                p["error_today"].as_f64().unwrap_or(f64::NAN),
                p["error_recommended"].as_f64().unwrap_or(f64::NAN),
                p["interleave_ms"],
                p["speed"],
                if p["same_output"] == json!(true) {
                    "same"
                } else {
                    "**differs**"
                },
            );
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// The machine

fn shell(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

/// How this binary was optimised: the workspace's release profile says opt-level "z"
/// (the page's size matters more than its speed); `scripts/bench.sh` can override it.
fn build() -> String {
    if cfg!(debug_assertions) {
        return "a debug build (unoptimised: build with --release)".to_string();
    }
    match option_env!("CARGO_PROFILE_RELEASE_OPT_LEVEL") {
        Some(level) => format!("native release build at opt-level {level} (overridden), LTO"),
        None => "native release build (the workspace's profile: opt-level \"z\", LTO)".to_string(),
    }
}

fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|name| name.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
