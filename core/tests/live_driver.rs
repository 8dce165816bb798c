//! The live driver runs the same interpreter as the model against a host's real clock.
//! Here the host is simulated: every timer fires late and every slice costs the host
//! time of its own, and every program of the corpus must still print what the model
//! predicts (the corpus prints times rounded so that such jitter does not show).

use interleave_core::interp::compile::compile_module;
use interleave_core::sim::{predict, LiveDriver, LiveStep, Options};
use std::path::Path;

/// Runs a program under the live driver, with a host whose timers fire `late_ns` late
/// and whose every slice takes `overhead_ns` beyond the driver's clock; returns the run
/// and the host's final clock.
fn run_live(source: &str, late_ns: u64, overhead_ns: u64) -> (interleave_core::sim::Run, u64) {
    let code = compile_module(source, "main.py").expect("compiles");
    let mut driver = LiveDriver::new(code, source, Options::default());
    let mut real = 0;
    for _ in 0..50_000_000 {
        let step = driver.step(real);
        // The slice took CPython's time, and the host some of its own.
        real += driver.last_slice_ns + overhead_ns;
        match step {
            LiveStep::Continue => {}
            LiveStep::WaitUntil(at) => real = real.max(at) + late_ns,
            LiveStep::Done => return (driver.finish(), real),
        }
    }
    panic!("the live driver never ended");
}

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).expect("readable"))
        })
        .collect()
}

/// The live run's printed lines, compared with the model's; `None` when they agree.
fn difference(name: &str, source: &str) -> Option<String> {
    let model = predict(source, &Options::default()).expect("compiles");
    // 0.3 ms late timers and 20 µs of host time per slice: a browser's figures.
    let (live, _) = run_live(source, 300_000, 20_000);
    let tied = model.timeline.output.iter().any(|l| l.tied);
    let same = if tied {
        let mut a: Vec<&str> = model.stdout.lines().collect();
        let mut b: Vec<&str> = live.stdout.lines().collect();
        a.sort_unstable();
        b.sort_unstable();
        a == b
    } else {
        model.stdout == live.stdout
    };
    (!same || model.exit_code != live.exit_code).then(|| {
        format!(
            "{name}\n--- model\n{}--- live\n{}",
            model.stdout, live.stdout
        )
    })
}

#[test]
fn every_corpus_program_prints_live_what_the_model_predicts() {
    let programs = corpus();
    assert!(programs.len() >= 100);
    // Two at a time: this machine has two cores.
    let (first, second) = programs.split_at(programs.len() / 2);
    let differ: Vec<String> = std::thread::scope(|scope| {
        let halves = [first, second].map(|half| {
            scope.spawn(move || {
                half.iter()
                    .filter_map(|(name, source)| difference(name, source))
                    .collect::<Vec<_>>()
            })
        });
        halves
            .into_iter()
            .flat_map(|h| h.join().expect("a checking thread"))
            .collect()
    });
    assert!(
        differ.is_empty(),
        "{} of {} differ:\n{}",
        differ.len(),
        programs.len(),
        differ.join("\n")
    );
}

#[test]
fn a_live_run_waits_for_its_sleeps_and_says_how_late_the_timers_were() {
    let source = "import asyncio\n\nasync def main():\n    await asyncio.gather(asyncio.sleep(0.3), asyncio.sleep(0.1))\n    print('done')\n\nasyncio.run(main())\n";
    let (run, real) = run_live(source, 1_000_000, 0);
    assert_eq!(run.stdout, "done\n");
    // Two wake-ups, each 1 ms late, and the run ends after its host's clock passed 0.3 s.
    assert!((300_000_000..310_000_000).contains(&real), "{real}");
    let model = predict(source, &Options::default()).unwrap();
    assert!(
        run.timeline.end >= model.timeline.end,
        "{} vs {}",
        run.timeline.end,
        model.timeline.end
    );
    assert!(run.timeline.end <= model.timeline.end + 5_000);
}

#[test]
fn computation_is_paced_to_cpython_and_a_slow_host_is_measured_behind() {
    let source = "total = 0\nfor i in range(200_000):\n    total += i * i\nprint(total)\n";
    let model = predict(source, &Options::default()).unwrap();
    let code = compile_module(source, "main.py").unwrap();
    // A host twice as slow as CPython: each slice takes twice the driver's clock.
    let mut driver = LiveDriver::new(code, source, Options::default());
    let mut real = 0;
    loop {
        let step = driver.step(real);
        real += driver.last_slice_ns * 2;
        match step {
            LiveStep::Continue => {}
            LiveStep::WaitUntil(at) => real = real.max(at),
            LiveStep::Done => break,
        }
    }
    let behind = driver.behind_ns;
    let run = driver.finish();
    assert_eq!(run.stdout, model.stdout);
    // Twice as slow: about as much behind as the program's whole CPython time, and
    // the run's own clock says it took about twice as long.
    let model_ns = model.timeline.end * 1_000;
    assert!(
        behind as f64 > model_ns as f64 * 0.8,
        "behind {behind} ns of {model_ns}"
    );
    assert!(
        (behind as f64) < model_ns as f64 * 1.2,
        "behind {behind} ns of {model_ns}"
    );
    assert!(
        run.timeline.end > model.timeline.end * 18 / 10,
        "{} vs {}",
        run.timeline.end,
        model.timeline.end
    );
}
