//! Casebook's integration tests, as one test crate.
//!
//! Every test crate links the whole app (egui, resvg, krilla); one crate with a module per
//! area links once instead of nineteen times, which is most of a cold `cargo test`. Run one
//! area with `cargo test --test it export::` (or any part of a test's name).

// Shared helpers (they allow dead code themselves: some areas use only a few of them).
mod common;

mod archive;
mod calm_form;
mod chronology;
mod cli;
mod crash;
mod edits;
mod entry;
mod evidence;
mod evidence_export;
mod evidence_gui;
mod export;
mod export_gui;
mod first_run;
mod fuzz_regressions;
mod gui;
mod gui_v2;
mod import;
mod load_errors;
mod lock;
mod migration;
mod quick_flow;
mod recovery;
mod redaction;
mod report_flow;
mod report_v2;
mod response_times;
mod roundtrip;
mod samples;
mod save;
mod search;
mod sources;
mod special_files;
mod time;
mod timeline_figure;
mod timeline_gui;
mod timeline_takeover;
mod validation;
