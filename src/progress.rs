//! The learner's progress (lessons visited, runs finished, predictions made), kept in
//! `localStorage` so it survives a reload, shown in the table of contents, and resettable.
//!
//! The stored form is a small JSON object under one key; anything unreadable there (an
//! older format, a hand edit) is treated as no progress rather than an error.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

const STORAGE_KEY: &str = "interleave.progress.v1";

/// What the learner has done, by lesson slug.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressData {
    pub visited: BTreeSet<String>,
    pub ran: BTreeSet<String>,
    pub predicted: BTreeSet<String>,
}

impl ProgressData {
    /// Reads stored progress; unreadable text counts as none.
    pub fn from_json(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The progress store, provided as context by [`provide_progress`].
#[derive(Clone, Copy)]
pub struct Progress {
    pub data: RwSignal<ProgressData>,
}

impl Progress {
    pub fn record_visit(self, slug: &str) {
        self.change(|data| data.visited.insert(slug.to_string()));
    }

    pub fn record_run(self, slug: &str) {
        self.change(|data| data.ran.insert(slug.to_string()));
    }

    pub fn record_prediction(self, slug: &str) {
        self.change(|data| data.predicted.insert(slug.to_string()));
    }

    pub fn reset(self) {
        self.data.set(ProgressData::default());
        save(&ProgressData::default());
    }

    fn change(self, change: impl FnOnce(&mut ProgressData) -> bool) {
        let mut data = self.data.get_untracked();
        if change(&mut data) {
            save(&data);
            self.data.set(data);
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    // Storage can be missing or refused (private modes, disabled cookies): progress is
    // then kept for this page only.
    web_sys::window()?.local_storage().ok().flatten()
}

fn save(data: &ProgressData) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &data.to_json());
    }
}

/// Loads stored progress and makes it available to every component below the caller.
pub fn provide_progress() {
    let stored = storage()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .map(|text| ProgressData::from_json(&text))
        .unwrap_or_default();
    provide_context(Progress {
        data: RwSignal::new(stored),
    });
}

pub fn use_progress() -> Option<Progress> {
    use_context::<Progress>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_tolerates_garbage() {
        let mut data = ProgressData::default();
        data.visited.insert("gather".into());
        data.predicted.insert("wait".into());
        assert_eq!(ProgressData::from_json(&data.to_json()), data);
        assert_eq!(ProgressData::from_json("not json"), ProgressData::default());
        assert_eq!(
            ProgressData::from_json("{\"visited\": 3}"),
            ProgressData::default()
        );
    }
}
