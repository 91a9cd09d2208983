#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fuzz targets' properties (`fuzz/properties.rs`, the very code the targets run), checked
//! on their seed corpora and on every input the fuzzer ever found a problem with
//! (`fuzz/regressions/<target>/`):
//! - `load_case`: loading returns a value or an error, never panics, and an accepted case saves
//!   to text that loads back to the same case;
//! - `export_case`: every export of an accepted case is written, its SVGs are well-formed, and
//!   its redacted RON loads again;
//! - `parse_input`: the time, duration and audience fields read typed text or refuse it, never
//!   panic, and what they accept is offered for editing as text that reads back to the same value.

use std::path::{Path, PathBuf};

#[path = "../fuzz/properties.rs"]
mod properties;

/// Every input file in `dir` (a folder under the repository), sorted; none if it does not exist.
/// libFuzzer names its files without an extension (`crash-…`); only READMEs are skipped.
fn inputs(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Text inputs as the text targets see them: not UTF-8 is skipped.
fn text(path: &Path) -> Option<String> {
    String::from_utf8(read(path)).ok()
}

#[test]
fn load_case_seeds_load_and_round_trip() {
    let seeds = inputs("fuzz/seeds/load_case");
    assert!(seeds.len() >= 4);
    let accepted = seeds
        .iter()
        .filter(|p| text(p).is_some_and(|t| properties::load_case(&t)))
        .count();
    // The broken and truncated fixtures are refused; the others load.
    assert!(accepted >= 3, "{accepted} of {} seeds load", seeds.len());
}

#[test]
fn load_case_inputs_the_fuzzer_found_never_panic() {
    for path in inputs("fuzz/regressions/load_case") {
        if let Some(t) = text(&path) {
            properties::load_case(&t);
        }
    }
}

#[test]
fn parse_input_seeds_read_back() {
    let seeds = inputs("fuzz/seeds/parse_input");
    assert!(seeds.len() >= 30);
    let refused: Vec<String> = seeds
        .iter()
        .filter(|p| properties::parse_input(&read(p)) == 0)
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()[1..]).into_owned())
        .collect();
    // Refused on purpose: an all-number date (2 Nov or 11 Feb?) and a wrong weekday.
    assert_eq!(refused, ["11/02/2017", "Friday, Nov 2, 2017"]);
}

#[test]
fn parse_input_inputs_the_fuzzer_found_read_back() {
    let found = inputs("fuzz/regressions/parse_input");
    assert!(!found.is_empty());
    for path in found {
        properties::parse_input(&read(&path));
    }
}

#[test]
fn export_case_inputs_the_fuzzer_found_export() {
    let found = inputs("fuzz/regressions/export_case");
    assert!(!found.is_empty());
    for path in found {
        let t = text(&path).unwrap();
        assert!(properties::export_case(&t), "{} loads", path.display());
    }
}

#[test]
fn export_case_seeds_export() {
    let seeds = inputs("fuzz/seeds/load_case");
    let exported = seeds
        .iter()
        .filter(|p| text(p).is_some_and(|t| properties::export_case(&t)))
        .count();
    assert!(exported >= 3, "{exported} of {} seeds export", seeds.len());
}
