//! The differential corpus: every program under `core/tests/programs/`, and every
//! `python` code block of the lessons, run by `python3` and by `interleave predict`.
//!
//! - Standard output must be identical, byte for byte, and the model must mark no line
//!   as tied. A program marked `# interleave: ties` on its second line prints lines
//!   whose order CPython leaves to the operating system; for it the lines must be the
//!   same as a multiset, and the model must mark at least one line as tied.
//! - The exit status must match, and so must the last line of standard error (the
//!   exception that ended the program), or its emptiness.
//!
//! Printed times are rounded by the programs themselves (`f"{elapsed:.1f}s"`), with
//! durations chosen far from a rounding boundary, so exact comparison holds on a
//! loaded machine; the corpus README says how each program was checked for that.
//!
//! Lesson blocks are extracted from `src/lessons/*.md`, so the lessons cannot drift from
//! what the interpreter runs. A block preceded by `<!-- not-run: reason -->` is skipped
//! (it measures this machine's CPU, say); the reason is printed.

use interleave_core::sim::{predict, Options};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn python3() -> String {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let version = Command::new(&python)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{python} must be installed for the differential tests: {e}"));
    let text = String::from_utf8_lossy(&version.stdout).to_string();
    assert!(
        text.starts_with("Python 3.11"),
        "the differential tests compare with CPython 3.11, found {text}"
    );
    python
}

struct Case {
    name: String,
    path: PathBuf,
    ties: bool,
}

struct Outcome {
    stdout: String,
    stderr: String,
    code: i32,
}

fn run(command: &mut Command) -> Outcome {
    let output = command.output().expect("the command runs");
    Outcome {
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
        code: output.status.code().unwrap_or(-1),
    }
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or("")
}

/// Whether every frame of a traceback is in the program itself, and it names no
/// object by its address (which differs from run to run).
fn own_frames_only(stderr: &str, program: &Path) -> bool {
    if stderr.contains(" at 0x") {
        return false;
    }
    let program = program
        .canonicalize()
        .unwrap_or_else(|_| program.to_path_buf());
    let own = format!("File \"{}\"", program.display());
    stderr
        .lines()
        .filter(|line| {
            line.trim_start()
                .trim_start_matches(['|', '+', ' '])
                .starts_with("File \"")
        })
        .all(|line| line.contains(&own))
}

fn corpus() -> Vec<Case> {
    let dir = root().join("core/tests/programs");
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .expect("core/tests/programs exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a readable program");
            Case {
                name: path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string(),
                ties: text
                    .lines()
                    .nth(1)
                    .is_some_and(|l| l.trim() == "# interleave: ties"),
                path,
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// Writes every runnable `python` block of the lessons to a file of its own.
fn lesson_blocks() -> Vec<Case> {
    let dir = root().join("src/lessons");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lesson-blocks");
    std::fs::create_dir_all(&out).expect("a scratch folder");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("src/lessons exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable lesson");
        let stem = file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let mut lines = text.lines().enumerate().peekable();
        let mut previous = "";
        while let Some((number, line)) = lines.next() {
            if line.trim() == "```python" {
                let mut block = String::new();
                for (_, inner) in lines.by_ref() {
                    if inner.trim() == "```" {
                        break;
                    }
                    block.push_str(inner);
                    block.push('\n');
                }
                let name = format!("{stem}-line{}", number + 1);
                // `not-run`: not a whole program this interpreter runs; `model-only`:
                // one CPython never finishes (a deadlock), shown by the model alone.
                let skip = previous.trim_start();
                if skip.starts_with("<!-- not-run:") || skip.starts_with("<!-- model-only:") {
                    eprintln!("skipped {name}: {}", previous.trim());
                } else {
                    let path = out.join(format!("{name}.py"));
                    std::fs::write(&path, &block).expect("a writable scratch file");
                    cases.push(Case {
                        name,
                        path,
                        ties: block
                            .lines()
                            .nth(1)
                            .is_some_and(|l| l.trim() == "# interleave: ties"),
                    });
                }
            }
            if !line.trim().is_empty() {
                previous = line;
            }
        }
    }
    cases
}

/// Checks one case; returns a description of each difference.
fn check(case: &Case, python: &str) -> Vec<String> {
    let dir = case.path.parent().unwrap_or(Path::new("."));
    let file = case.path.file_name().unwrap_or_default();
    let expected = run(Command::new(python).arg(file).current_dir(dir));
    let actual = run(Command::new(env!("CARGO_BIN_EXE_interleave"))
        .arg("predict")
        .arg(file)
        .current_dir(dir));
    let mut problems = Vec::new();
    if case.ties {
        let mut a: Vec<&str> = expected.stdout.lines().collect();
        let mut b: Vec<&str> = actual.stdout.lines().collect();
        a.sort();
        b.sort();
        if a != b {
            problems.push(format!(
                "lines differ (in any order)\n--- python3\n{}\n--- interleave\n{}",
                expected.stdout, actual.stdout
            ));
        }
        let source = std::fs::read_to_string(&case.path).unwrap_or_default();
        match predict(&source, &Options::default()) {
            Ok(run) if run.timeline.output.iter().any(|l| l.tied) => {}
            Ok(_) => problems.push("no printed line is marked as tied".to_string()),
            Err(e) => problems.push(format!("does not compile: {e}")),
        }
    } else {
        if expected.stdout != actual.stdout {
            problems.push(format!(
                "stdout differs\n--- python3\n{}\n--- interleave\n{}",
                expected.stdout, actual.stdout
            ));
        }
        // CPython prints these in one order every time, so the model must not say
        // that any of its lines may come in another.
        let source = std::fs::read_to_string(&case.path).unwrap_or_default();
        if let Ok(run) = predict(&source, &Options::default()) {
            let tied: Vec<&str> = run
                .timeline
                .output
                .iter()
                .filter(|l| l.tied)
                .map(|l| l.text.as_str())
                .collect();
            if !tied.is_empty() {
                problems.push(format!(
                    "lines marked as tied in a program without ties: {tied:?}"
                ));
            }
        }
    }
    if expected.code != actual.code {
        problems.push(format!(
            "exit status {} from python3, {} from interleave\n{}",
            expected.code, actual.code, actual.stderr
        ));
    }
    if last_line(&expected.stderr) != last_line(&actual.stderr) {
        problems.push(format!(
            "stderr ends differently\n--- python3\n{}\n--- interleave\n{}",
            expected.stderr, actual.stderr
        ));
    } else if own_frames_only(&expected.stderr, &case.path) && expected.stderr != actual.stderr {
        // A traceback through the program's own code alone (no library frames, whose
        // paths are the installation's) must be CPython's, carets and boxes included.
        problems.push(format!(
            "the traceback differs\n--- python3\n{}\n--- interleave\n{}",
            expected.stderr, actual.stderr
        ));
    }
    problems
}

fn check_all(cases: Vec<Case>) {
    let python = python3();
    let failures = Mutex::new(Vec::new());
    let total = cases.len();
    let queue = Mutex::new(cases);
    // Two at a time: the corpus was checked to print the same under that much load.
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while let Some(case) = queue.lock().ok().and_then(|mut q| q.pop()) {
                    // CPython's own timing varies with the machine's load (a thread's
                    // turn at the GIL, a timer's lateness), and some programs print
                    // what that decides. The model's output must be one CPython
                    // prints: it gets three runs to show it.
                    let mut problems = check(&case, &python);
                    for _ in 0..2 {
                        if problems.is_empty() {
                            break;
                        }
                        problems = check(&case, &python);
                    }
                    if !problems.is_empty() {
                        if let Ok(mut f) = failures.lock() {
                            f.push(format!("{}:\n{}", case.name, problems.join("\n")));
                        }
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_default();
    assert!(
        failures.is_empty(),
        "{} of {total} programs differ from CPython:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    eprintln!("{total} programs print what CPython prints");
}

/// Held by every test here while it runs python3: the CPU-rounds count below must not
/// share the two cores with the corpus's programs (under load, CPython's rounds per
/// CPU second halved on this VM, where CPU time includes what the host steals).
static MACHINE: Mutex<()> = Mutex::new(());

fn machine() -> std::sync::MutexGuard<'static, ()> {
    MACHINE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[test]
fn the_corpus_prints_what_cpython_prints() {
    let _machine = machine();
    let cases = corpus();
    assert!(cases.len() >= 60, "the corpus has {} programs", cases.len());
    check_all(cases);
}

#[test]
fn the_lessons_code_blocks_print_what_cpython_prints() {
    let _machine = machine();
    let cases = lesson_blocks();
    assert!(!cases.is_empty(), "the lessons have python blocks");
    check_all(cases);
}

/// The lessons' CPU work is `while time.thread_time() - start < seconds: pass`. Its
/// printed output does not depend on how many rounds the loop makes, but a live run
/// must compute them all at CPython's pace: the model must price a round as CPython
/// spends it (a `thread_time()` call is a system call there), or the live run falls
/// behind. CPython's count is of CPU time, but a loaded machine still slows each
/// round, so this test runs alone ([`MACHINE`]) and CPython's best of three runs
/// counts. The system call's own cost differs between machines (257 ns a call on the
/// Intel Xeon the model was calibrated on, 633 ns on an AMD EPYC of the same kind, and
/// on 2026-12-03 an EPYC made 107,000 to 114,000 rounds where the model makes 336,000:
/// 2.95 to 3.1 times), so a factor of four either way is the bound: it was 5.7 before
/// `thread_time` was priced.
#[test]
fn the_lessons_cpu_loop_makes_as_many_rounds_as_in_cpython() {
    let _machine = machine();
    let program = root().join("cli/benches-programs/cpu-rounds.py");
    let count = |outcome: Outcome| -> f64 {
        assert_eq!(outcome.code, 0, "{}", outcome.stderr);
        outcome.stdout.trim().parse().expect("a count")
    };
    let cpython = (0..3)
        .map(|_| count(run(Command::new(python3()).arg(&program))))
        .fold(0.0, f64::max);
    let model = count(run(Command::new(env!("CARGO_BIN_EXE_interleave"))
        .arg("predict")
        .arg(&program)));
    let ratio = model / cpython;
    assert!(
        (1.0 / 4.0..=4.0).contains(&ratio),
        "the model makes {model} rounds in 0.1 s of CPU time, CPython {cpython} (ratio {ratio:.2})"
    );
}
