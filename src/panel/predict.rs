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

/// The verdict on a total-time guess. A live run on a busy device overshoots what the
/// program asks for (a 0.3 s program measured at 0.41 s), so a guess close to the
/// model's figure, which is what CPython takes on an idle machine, is right too, and the
/// verdict then shows that figure beside the measured one.
pub fn time_verdict(guess_seconds: f64, run_micros: u64, model_micros: Option<u64>) -> String {
    let seconds = |micros: u64| micros as f64 / 1e6;
    let model = model_micros
        .filter(|&m| format!("{:.2}", seconds(m)) != format!("{:.2}", seconds(run_micros)));
    let right = time_is_close(guess_seconds, run_micros)
        || model.is_some_and(|m| time_is_close(guess_seconds, m));
    let model_note = model
        .map(|m| format!(" (the model predicts {:.2} s)", seconds(m)))
        .unwrap_or_default();
    format!(
        "Total time: you said {guess_seconds} s, the run took {:.2} s{model_note} — {}.",
        seconds(run_micros),
        if right { "right" } else { "not quite" }
    )
}

#[component]
pub fn PredictionForm(
    kind: SimulationKind,
    slug: &'static str,
    measured: RwSignal<Option<Timeline>>,
    /// When the model's prediction ends, if there is one.
    #[prop(into)]
    predicted_end: Signal<Option<u64>>,
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
            verdicts.push(time_verdict(guess, timeline.end, predicted_end.get()));
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

    #[test]
    fn a_guess_near_the_model_is_right_when_a_busy_device_stretched_the_run() {
        assert_eq!(
            time_verdict(0.3, 410_000, Some(300_000)),
            "Total time: you said 0.3 s, the run took 0.41 s (the model predicts 0.30 s) — right."
        );
        assert_eq!(
            time_verdict(0.3, 302_000, Some(300_000)),
            "Total time: you said 0.3 s, the run took 0.30 s — right."
        );
        assert_eq!(
            time_verdict(0.6, 410_000, Some(300_000)),
            "Total time: you said 0.6 s, the run took 0.41 s (the model predicts 0.30 s) — not quite."
        );
        assert_eq!(
            time_verdict(0.6, 310_000, None),
            "Total time: you said 0.6 s, the run took 0.31 s — not quite."
        );
    }
}
