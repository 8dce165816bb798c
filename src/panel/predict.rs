//! Predict, then run: the learner commits a guess before running, and sees it graded
//! against what the run produced.

use super::params::SimulationKind;
use super::RunState;
use crate::progress::use_progress;
use interleave_core::timeline::Timeline;
use leptos::prelude::*;

/// The names quoted in the printed line that starts with `prefix`, in order:
/// `results: ['A', ValueError('B failed')]` gives `["A", "B"]` (an exception in the list
/// stands for the task that raised it).
pub fn quoted_names(lines: &[String], prefix: &str) -> Option<Vec<String>> {
    let line = lines.iter().find(|line| line.starts_with(prefix))?;
    Some(
        line.split('\'')
            .skip(1)
            .step_by(2)
            .map(|quoted| quoted.trim_end_matches(" failed").to_string())
            .collect(),
    )
}

/// Splits a learner's answer such as `B, C A` into names, upper-cased as the lessons'
/// task names are. ASCII only: Unicode case mapping would bring the standard
/// library's case tables, about 10 KB gzip, into the page for the letters A to H.
pub fn answer_names(answer: &str) -> Vec<String> {
    answer
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|part| part.trim_matches(|c| c == '\'' || c == '"' || c == '[' || c == ']'))
        .filter(|part| !part.is_empty())
        .map(str::to_ascii_uppercase)
        .collect()
}

/// What the learner is asked beyond the total time, per lesson.
fn order_question(kind: SimulationKind) -> Option<(&'static str, &'static str, bool)> {
    // (question, printed prefix to grade against, whether order matters)
    match kind {
        SimulationKind::Gather => Some((
            "In which order will gather's results be? (e.g. A, B, C)",
            "results:",
            true,
        )),
        SimulationKind::Wait => Some(("Which tasks will be in done? (e.g. B)", "done:", false)),
        _ => None,
    }
}

/// Grades a total-time guess: right within 10 % or 50 ms, whichever is larger.
pub fn time_is_close(guess_seconds: f64, actual_micros: u64) -> bool {
    let actual = actual_micros as f64 / 1e6;
    (guess_seconds - actual).abs() <= (actual * 0.1).max(0.05)
}

#[component]
pub fn PredictionForm(
    kind: SimulationKind,
    slug: &'static str,
    measured: RwSignal<Option<Timeline>>,
    run_state: RwSignal<RunState>,
) -> impl IntoView {
    let time_guess = RwSignal::new(String::new());
    let order_guess = RwSignal::new(String::new());
    let committed = RwSignal::new(false);
    let progress = use_progress();
    let question = order_question(kind);

    let grade = move || {
        if !committed.get() || run_state.get() != RunState::Finished {
            return None;
        }
        let timeline = measured.get()?;
        let mut verdicts = Vec::new();
        if let Ok(guess) = time_guess.get().trim().parse::<f64>() {
            let right = time_is_close(guess, timeline.end);
            verdicts.push(format!(
                "Total time: you said {guess} s, the run took {:.2} s — {}.",
                timeline.end as f64 / 1e6,
                if right { "right" } else { "not quite" }
            ));
        }
        if let Some((_, prefix, ordered)) = question {
            let lines: Vec<String> = timeline.output.iter().map(|l| l.text.clone()).collect();
            if let Some(actual) = quoted_names(&lines, prefix) {
                let mut guess = answer_names(&order_guess.get());
                let mut expected = actual.clone();
                if !ordered {
                    guess.sort();
                    expected.sort();
                }
                let right = guess == expected;
                verdicts.push(format!(
                    "{}: you said [{}], the run printed [{}] — {}.",
                    prefix.trim_end_matches(':'),
                    answer_names(&order_guess.get()).join(", "),
                    actual.join(", "),
                    if right { "right" } else { "not quite" }
                ));
            }
        }
        Some(verdicts)
    };

    view! {
        <section class="predict" aria-labelledby=format!("{slug}-predict-title")>
            <h3 id=format!("{slug}-predict-title")>"Predict, then run"</h3>
            <form on:submit=move |event| {
                event.prevent_default();
                committed.set(true);
                if let Some(progress) = progress {
                    progress.record_prediction(slug);
                }
            }>
                <div class="field">
                    <label for=format!("{slug}-guess-time")>"How long will the program take, in seconds?"</label>
                    <input id=format!("{slug}-guess-time") type="text" inputmode="decimal" autocomplete="off"
                        prop:value=move || time_guess.get()
                        on:input=move |event| { time_guess.set(event_target_value(&event)); committed.set(false); }/>
                </div>
                {question.map(|(text, _, _)| view! {
                    <div class="field">
                        <label for=format!("{slug}-guess-order")>{text}</label>
                        <input id=format!("{slug}-guess-order") type="text" autocomplete="off"
                            prop:value=move || order_guess.get()
                            on:input=move |event| { order_guess.set(event_target_value(&event)); committed.set(false); }/>
                    </div>
                })}
                <button type="submit">"Commit my prediction"</button>
                <p class="predict-status" role="status">
                    {move || match (committed.get(), grade()) {
                        (_, Some(verdicts)) => verdicts.join(" "),
                        (true, None) => "Prediction saved. Press Run to check it.".to_string(),
                        (false, None) => String::new(),
                    }}
                </p>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_from_printed_lists_and_answers() {
        let lines = vec![
            "B finished".to_string(),
            "results: ['A', 'B', ValueError('C failed')]".to_string(),
        ];
        assert_eq!(
            quoted_names(&lines, "results:"),
            Some(vec!["A".into(), "B".into(), "C".into()])
        );
        assert_eq!(answer_names("b, c a"), vec!["B", "C", "A"]);
        assert_eq!(answer_names("['A', 'B']"), vec!["A", "B"]);
    }

    #[test]
    fn a_time_guess_is_right_within_ten_percent_or_fifty_ms() {
        assert!(time_is_close(0.3, 320_000));
        assert!(time_is_close(0.9, 950_000));
        assert!(!time_is_close(0.9, 300_000));
    }
}
