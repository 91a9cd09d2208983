#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fuzz target's property, run on its seed corpus and on every input the fuzzer ever found a
//! problem with (`fuzz/regressions/`): loading returns a value or an error, never panics, and an
//! accepted case saves to text that loads back to the same case.

use std::path::{Path, PathBuf};

fn inputs(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    files
}

fn check(path: &Path) -> bool {
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

#[test]
fn fuzz_seeds_load_and_round_trip() {
    let seeds = inputs("fuzz/seeds");
    assert!(seeds.len() >= 4);
    let accepted = seeds.iter().filter(|p| check(p)).count();
    // The broken and truncated fixtures are refused; the others load.
    assert!(accepted >= 3, "{accepted} of {} seeds load", seeds.len());
}

#[test]
fn inputs_the_fuzzer_found_never_panic() {
    for path in inputs("fuzz/regressions") {
        check(&path);
    }
}
