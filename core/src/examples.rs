//! Large scenarios for measuring the model's speed. The native speed test
//! (`core/tests/speed.rs`) and the in-browser benchmark (`src/bench.rs`) both time these,
//! so their figures describe the same work.

use crate::scenario::{
    GatherConfig, Interpreter, Micros, PoolApi, PoolConfig, Program, Scenario, Shutdown, Step,
    TaskSpec,
};

const MS: Micros = 1_000;

/// `count` tasks named `T0`, `T1`, ...; every 97th one raises.
fn tasks(count: usize, steps: impl Fn(usize) -> Vec<Step>) -> Vec<TaskSpec> {
    (0..count)
        .map(|index| TaskSpec {
            name: format!("T{index}"),
            steps: steps(index),
            fails: index % 97 == 0,
        })
        .collect()
}

/// A gather of `count` coroutines that sleep, compute briefly and sleep again.
pub fn big_gather(count: usize) -> Scenario {
    Scenario {
        tasks: tasks(count, |index| {
            vec![
                Step::Io((10 + (index % 50) as u64) * MS),
                Step::Cpu(MS / 10),
                Step::Io(5 * MS),
            ]
        }),
        program: Program::Gather(GatherConfig {
            return_exceptions: true,
        }),
    }
}

/// `count` calls submitted to a `ThreadPoolExecutor` with the default `max_workers`, each
/// computing 1 ms and then sleeping, under the GIL.
pub fn big_pool(count: usize) -> Scenario {
    Scenario {
        tasks: tasks(count, |index| {
            vec![Step::Cpu(MS), Step::Io((1 + (index % 20) as u64) * MS)]
        }),
        program: Program::Pool(PoolConfig {
            max_workers: None,
            api: PoolApi::Submit,
            shutdown: Shutdown {
                wait: true,
                cancel_futures: false,
            },
            interpreter: Interpreter::Gil,
        }),
    }
}
