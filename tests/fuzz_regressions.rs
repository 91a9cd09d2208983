#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fuzz targets' properties, run on their seed corpora and on every input the fuzzer ever
//! found a problem with (`fuzz/regressions/<target>/`):
//! - `load_case`: loading returns a value or an error, never panics, and an accepted case saves
//!   to text that loads back to the same case;
//! - `export_case`: every export of an accepted case is written, its SVGs are well-formed, and
//!   its redacted RON loads again;
//! - `parse_input`: the time, duration and audience fields read typed text or refuse it, never
//!   panic, and what they accept is offered for editing as text that reads back to the same value.

use std::path::{Path, PathBuf};

use casebook::export::{self, ExportOptions};
use casebook::model::{ApproxDuration, When, grouped, parse_count, time::parse_zone};
use chrono_tz::Tz;
use resvg::usvg::roxmltree;

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

fn load_case(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    match casebook::store::parse(text, path) {
        Ok(case) => {
            let _ = casebook::model::validate(&case);
            let saved = casebook::store::to_text(&case).unwrap();
            let again = casebook::store::parse(&saved, path).unwrap();
            assert_eq!(
                again,
                case,
                "{}: save → load changes the case",
                path.display()
            );
            true
        }
        // A refusal is fine; a panic fails the test.
        Err(_) => false,
    }
}

/// Exports `path` (when it loads) as the `export_case` target does, with and without redaction.
fn export_case(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).unwrap();
    let Ok(case) = casebook::store::parse(&text, path) else {
        return false;
    };
    let file = path.display();
    for redact in [false, true] {
        let opts = ExportOptions {
            redact,
            ..ExportOptions::default()
        };
        for (i, page) in export::pages(&case, &opts).iter().enumerate() {
            if let Err(e) = roxmltree::Document::parse(page) {
                panic!("{file}: report page {} (redact {redact}): {e}", i + 1);
            }
        }
        if let Err(e) = roxmltree::Document::parse(&export::timeline_svg(&case, &opts)) {
            panic!("{file}: timeline (redact {redact}): {e}");
        }
        let _ = export::csv_text(&case, &opts);
        let ron = export::ron_text(&case, &opts).unwrap();
        if let Err(e) = casebook::store::parse(&ron, path) {
            panic!("{file}: the RON export (redact {redact}) does not load: {e}");
        }
    }
    true
}

/// The zones `fuzz_targets/parse_input.rs` picks from with an input's first byte.
const ZONES: [Tz; 6] = [
    Tz::UTC,
    Tz::America__New_York,
    Tz::Europe__Berlin,
    Tz::Asia__Kolkata,
    Tz::Australia__Lord_Howe,
    Tz::Pacific__Chatham,
];

/// How many of the time, duration and audience parsers accepted the input.
fn parse_input(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let Some((&first, rest)) = bytes.split_first() else {
        return 0;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return 0;
    };
    let tz = ZONES[first as usize % ZONES.len()];
    let file = path.display();
    let mut accepted = 0;
    if let Ok(when) = When::parse(text, tz) {
        accepted += 1;
        let _ = when.display(tz);
        let (start, end) = when.interval(tz);
        assert!(start < end, "{file}: {text:?} in {tz}: empty interval");
        let input = when.input_text(tz);
        assert_eq!(
            When::parse(&input, tz),
            Ok(when.truncated(tz)),
            "{file}: {text:?} in {tz} is shown for editing as {input:?}"
        );
    }
    if let Ok(duration) = ApproxDuration::parse(text) {
        accepted += 1;
        let shown = duration.to_string();
        assert_eq!(
            ApproxDuration::parse(&shown),
            Ok(duration),
            "{file}: {text:?} shown as {shown:?}"
        );
    }
    if let Some(count) = parse_count(text) {
        accepted += 1;
        let shown = grouped(count);
        assert_eq!(
            parse_count(&shown),
            Some(count),
            "{file}: {text:?} shown as {shown:?}"
        );
    }
    if parse_zone(text).is_ok() {
        accepted += 1;
    }
    accepted
}

#[test]
fn load_case_seeds_load_and_round_trip() {
    let seeds = inputs("fuzz/seeds/load_case");
    assert!(seeds.len() >= 4);
    let accepted = seeds.iter().filter(|p| load_case(p)).count();
    // The broken and truncated fixtures are refused; the others load.
    assert!(accepted >= 3, "{accepted} of {} seeds load", seeds.len());
}

#[test]
fn load_case_inputs_the_fuzzer_found_never_panic() {
    for path in inputs("fuzz/regressions/load_case") {
        load_case(&path);
    }
}

#[test]
fn parse_input_seeds_read_back() {
    let seeds = inputs("fuzz/seeds/parse_input");
    assert!(seeds.len() >= 30);
    let refused: Vec<String> = seeds
        .iter()
        .filter(|p| parse_input(p) == 0)
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
        parse_input(&path);
    }
}

#[test]
fn export_case_inputs_the_fuzzer_found_export() {
    let found = inputs("fuzz/regressions/export_case");
    assert!(!found.is_empty());
    for path in found {
        assert!(export_case(&path), "{} loads", path.display());
    }
}

#[test]
fn export_case_seeds_export() {
    let seeds = inputs("fuzz/seeds/load_case");
    let exported = seeds.iter().filter(|p| export_case(p)).count();
    assert!(exported >= 3, "{exported} of {} seeds export", seeds.len());
}
