//! One component per kind of page.

pub mod lesson;
pub mod not_found;
pub mod subset;
