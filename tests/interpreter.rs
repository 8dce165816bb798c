//! The interpreter and its model, run inside the browser (wasm32 in headless Chromium):
//! the same programs the native tests run, so that nothing in `core` depends on the
//! host (stack depth, integer width, time). The differential corpus itself runs
//! natively against python3 (`cli/tests/differential.rs`).

use interleave_core::sim::{predict, Options};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn stdout(source: &str) -> String {
    match predict(source, &Options::default()) {
        Ok(run) => run.stdout,
        Err(error) => format!("compile error: {error}"),
    }
}

#[wasm_bindgen_test]
fn a_gather_runs_in_the_browser_as_in_cpython() {
    let program = r#"import asyncio, time
async def download(name, seconds):
    await asyncio.sleep(seconds)
    print(f'{name} finished')
    return name
async def main():
    start = time.perf_counter()
    results = await asyncio.gather(download('A', 0.3), download('B', 0.1), download('C', 0.2))
    print(results, f'elapsed: {time.perf_counter() - start:.1f}s')
asyncio.run(main())
"#;
    assert_eq!(
        stdout(program),
        "B finished\nC finished\nA finished\n['A', 'B', 'C'] elapsed: 0.3s\n"
    );
}

#[wasm_bindgen_test]
fn threads_under_the_gil_and_big_ints_run_in_the_browser() {
    let program = r#"import threading
count = 0
def work():
    global count
    for _ in range(50_000):
        count += 1
ts = [threading.Thread(target=work) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
import math
print(count, math.factorial(30), 2 ** 100, 0.1 + 0.2)
"#;
    assert_eq!(
        stdout(program),
        "200000 265252859812191058636308480000000 1267650600228229401496703205376 0.30000000000000004\n"
    );
}

#[wasm_bindgen_test]
fn deep_recursion_and_deep_nesting_end_with_messages_not_a_crash() {
    let run = predict(
        "def f(n):\n    return f(n + 1)\nf(0)\n",
        &Options::default(),
    )
    .expect("compiles");
    assert!(
        run.stderr
            .ends_with("RecursionError: maximum recursion depth exceeded\n"),
        "{}",
        run.stderr
    );
    let nested = format!("x = {}1{}\n", "(".repeat(5_000), ")".repeat(5_000));
    let error = predict(&nested, &Options::default()).expect_err("refused");
    assert!(error.message.contains("too many nested parentheses"));
}

#[wasm_bindgen_test]
fn the_lesson_programs_compiled_at_build_time_run_in_the_browser() {
    use interleave::engine::Engine;
    use interleave::panel::params::{Params, SimulationKind};
    let engine = Engine::load().expect("engine.bin loads");
    let values = Params::defaults(SimulationKind::Gather)
        .program_values()
        .expect("the defaults are valid");
    let prediction = engine
        .predict(SimulationKind::Gather, &values, 2)
        .expect("the gather lesson predicts");
    assert!(prediction
        .text
        .contains("DOWNLOADS = [(\"A\", 0.3), (\"B\", 0.1), (\"C\", 0.2)]"));
    assert_eq!(
        prediction.run.stdout,
        "A started\nB started\nC started\nB finished\nC finished\nA finished\n\
         results: ['A', 'B', 'C']\nelapsed: 0.30s\n"
    );
}
