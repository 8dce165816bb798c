//! Plain function calls one after another: the "before" picture every lesson starts from.
//!
//! `main` calls `job` for each task in turn; waiting (`time.sleep`) and computing both
//! keep `main` busy, so the run takes the sum of every step.

use super::record::{capped_names, Recorder};
use super::{Prediction, Snapshot, StepRecord};
use crate::pyfmt;
use crate::scenario::{PyError, Scenario, Step};
use crate::timeline::{Lane, LaneKind, MarkKind, SpanState};

pub fn simulate(scenario: &Scenario) -> Prediction {
    let mut lanes = vec![Lane {
        name: "main".to_string(),
        kind: LaneKind::Main,
    }];
    lanes.extend(scenario.tasks.iter().map(|task| Lane {
        name: task.name.clone(),
        kind: LaneKind::Task,
    }));
    let mut rec = Recorder::new(lanes, super::MAX_EVENTS);
    let mut now = 0u64;
    let mut done: Vec<&str> = Vec::new();
    for (index, task) in scenario.tasks.iter().enumerate() {
        let lane = index + 1;
        // `main` waits inside the call until the function returns.
        rec.set_state(0, Some(SpanState::Blocked), now);
        for (step_index, step) in task.steps.iter().enumerate() {
            let (state, description) = match step {
                Step::Cpu(duration) => (
                    SpanState::Running,
                    format!("{} computes for {} s", task.name, pyfmt::seconds(*duration)),
                ),
                Step::Io(duration) | Step::BlockingIo(duration) => (
                    SpanState::WaitingIo,
                    format!(
                        "{} calls time.sleep({})",
                        task.name,
                        pyfmt::seconds(*duration)
                    ),
                ),
            };
            rec.set_state(lane, Some(state), now);
            if rec.wants_event() {
                let snapshot = snapshot(&task.name, &done);
                rec.event(now, description, snapshot);
            }
            let start = now;
            now = now.saturating_add(step.duration());
            rec.step(StepRecord {
                lane,
                step: Some(step_index),
                state,
                start,
                end: now,
            });
        }
        rec.set_state(lane, None, now);
        done.push(&task.name);
        if task.fails {
            let error = PyError::task_failed(&task.name);
            rec.mark(
                Some(lane),
                MarkKind::Failed,
                pyfmt::exception_repr(&error),
                now,
            );
            rec.print(pyfmt::task_raised(&task.name, &error), now);
        } else {
            rec.mark(Some(lane), MarkKind::Finished, String::new(), now);
            rec.print(pyfmt::task_finished(&task.name), now);
        }
        if rec.wants_event() {
            let snapshot = snapshot("main", &done);
            rec.event(now, format!("{} returns", task.name), snapshot);
        }
    }
    rec.set_state(0, None, now);
    rec.print(pyfmt::elapsed(now), now);
    rec.finish(now, None)
}

fn snapshot(running: &str, done: &[&str]) -> Snapshot {
    Snapshot {
        running: vec![running.to_string()],
        done: capped_names(done.iter().copied(), done.len()),
        ..Snapshot::default()
    }
}
