//! The live driver runs the same interpreter as the model against a host's real clock.
//! Here the host is simulated: every timer fires late and every slice costs the host
//! time of its own, and every program of the corpus must still print what the model
//! predicts (the corpus prints times rounded so that such jitter does not show).

use interleave_core::interp::compile::compile_module;
use interleave_core::sim::{
    merge_runs, predict, Effect, Exchange, LiveDriver, LiveStep, Options, ProcessRun, Spawned,
};
use std::path::Path;

/// Runs a program under the live driver, with a host whose timers fire `late_ns` late
/// and whose every slice takes `overhead_ns` beyond the driver's clock; returns the run
/// and the host's final clock.
///
/// The host runs each process on its own worker, as the page does: each has its own
/// clock reading, the one furthest behind steps next, and the host carries what the
/// processes ask of each other (children, messages, ends) through an [`Exchange`],
/// a message arriving `late_ns` after it was sent.
fn run_live(source: &str, late_ns: u64, overhead_ns: u64) -> (interleave_core::sim::Run, u64) {
    let code = compile_module(source, "main.py").expect("compiles");
    struct Worker {
        driver: LiveDriver,
        real: u64,
        pid: i64,
        parent: Option<usize>,
        name: String,
        /// Waiting: for this instant, or (`u64::MAX`) for another process.
        until: Option<u64>,
        done: bool,
    }
    let mut workers = vec![Worker {
        driver: LiveDriver::new(code.clone(), source, Options::default()),
        real: 0,
        pid: 0,
        parent: None,
        name: "MainProcess".to_string(),
        until: None,
        done: false,
    }];
    let mut exchange = Exchange::default();
    for _ in 0..50_000_000 {
        if workers[0].done {
            let end = workers[0].real;
            let finished: Vec<ProcessRun> = workers
                .into_iter()
                .map(|w| ProcessRun {
                    name: w.name,
                    run: w.driver.finish(),
                })
                .collect();
            return (merge_runs(finished), end);
        }
        // The worker furthest behind that has something to do.
        let Some(i) = (0..workers.len())
            .filter(|&i| !workers[i].done && workers[i].until != Some(u64::MAX))
            .min_by_key(|&i| {
                workers[i]
                    .until
                    .unwrap_or(workers[i].real)
                    .max(workers[i].real)
            })
        else {
            panic!("every process waits for another");
        };
        let w = &mut workers[i];
        if let Some(at) = w.until.take() {
            w.real = w.real.max(at) + late_ns;
        }
        let step = w.driver.step(w.real);
        w.real += w.driver.last_slice_ns + overhead_ns;
        match step {
            LiveStep::Continue => {}
            LiveStep::WaitUntil(at) => w.until = Some(at),
            LiveStep::WaitOutside => w.until = Some(u64::MAX),
            LiveStep::Done => w.done = true,
        }
        let now = workers[i].real;
        let effects = workers[i].driver.effects();
        let mut deliveries = Vec::new();
        for effect in effects {
            match effect {
                Effect::Start {
                    pid, name, payload, ..
                } => {
                    let ppid = if i == 0 { 4242 } else { workers[i].pid };
                    let start = now + 40_000_000;
                    let driver = LiveDriver::child(
                        code.clone(),
                        source,
                        Options::default(),
                        Spawned {
                            pid,
                            ppid,
                            name: name.clone(),
                            payload,
                            start,
                        },
                    )
                    .expect("a child starts");
                    workers.push(Worker {
                        driver,
                        real: start,
                        pid,
                        parent: Some(i),
                        name,
                        until: None,
                        done: false,
                    });
                }
                Effect::Send {
                    channel, message, ..
                } => deliveries.extend(exchange.send(channel, i, message, now)),
                Effect::Want { channel, lock, .. } => {
                    deliveries.extend(exchange.want(channel, i, lock, now))
                }
                Effect::Kill { pid, code, .. } => {
                    if let Some(c) = workers.iter().position(|w| w.pid == pid) {
                        let real = workers[c].real.max(now);
                        workers[c].driver.kill(code, "terminated", real);
                        workers[c].done = true;
                    }
                }
            }
        }
        if workers[i].done && i > 0 {
            exchange.forget(i);
            if let Some(parent) = workers[i].parent {
                let (pid, code) = (workers[i].pid, workers[i].driver.exit_code());
                let p = &mut workers[parent];
                p.real = p.real.max(now);
                p.driver.child_exited(pid, code, p.real);
                p.until = None;
            }
        }
        for d in deliveries {
            let w = &mut workers[d.to];
            w.real = w.real.max(now + late_ns);
            w.driver.deliver(d.channel, d.message, d.lock, w.real);
            w.until = None;
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
            LiveStep::WaitOutside => panic!("one process waits for none"),
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

/// Drives one process with a host whose clock follows the driver's exactly, asking
/// [`LiveDriver::next_thread`] before every step when `ask` is set; returns the run and
/// every thread the driver named.
fn drive_asking(source: &str, ask: bool) -> (interleave_core::sim::Run, Vec<usize>) {
    let code = compile_module(source, "main.py").expect("compiles");
    let mut driver = LiveDriver::new(code, source, Options::default());
    let (mut real, mut named) = (0, Vec::new());
    loop {
        if ask {
            named.extend(driver.next_thread());
        }
        let step = driver.step(real);
        real += driver.last_slice_ns;
        match step {
            LiveStep::Continue => {}
            LiveStep::WaitUntil(at) => real = real.max(at),
            LiveStep::WaitOutside => panic!("one process waits for nobody"),
            LiveStep::Done => return (driver.finish(), named),
        }
    }
}

/// A host that runs each thread on a worker of its own asks, before each step, which
/// thread runs next. Asking names every thread in turn and changes nothing the run does.
#[test]
fn asking_which_thread_runs_next_changes_nothing() {
    for name in [
        "threads-gil-counter.py",
        "threads-lock.py",
        "lesson-thread-pools.py",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/programs")
            .join(name);
        let source = std::fs::read_to_string(&path).expect("corpus program");
        let (plain, _) = drive_asking(&source, false);
        let (asked, named) = drive_asking(&source, true);
        assert_eq!(plain, asked, "{name}: asking changed the run");
        let mut distinct = named.clone();
        distinct.sort_unstable();
        distinct.dedup();
        // The main thread and at least one other (the pool's workers are threads too).
        assert!(
            distinct.len() >= 2 && distinct[0] == 0,
            "{name}: {distinct:?}"
        );
        if name == "threads-gil-counter.py" {
            assert_eq!(
                distinct,
                [0, 1, 2, 3, 4],
                "the main thread and the four workers"
            );
        }
        assert!(
            named.windows(2).any(|w| w[0] != w[1]),
            "{name}: no switch named"
        );
    }
}
