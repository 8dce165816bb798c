//! Filled in by the model change that follows.
