//! Casebook: build, review and archive trust-and-safety incident cases.
//!
//! `model` ← `store` ← `timeline` ← `export` ← `cli`; `session` (the open case, no egui) sits
//! beside `cli`; the `ui` (feature `gui`) sits on top and nothing depends on it.

pub mod cli;
pub mod evidence;
pub mod export;
pub mod import;
pub mod model;
pub mod session;
pub mod store;
pub mod timeline;
#[cfg(feature = "gui")]
pub mod ui;
