//! The archive format round-trips: load → save → load gives the same case, and save → load → save
//! gives the same bytes, for the sample, generated cases and arbitrary text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use casebook::model::generate::generate_case;
use casebook::model::{Case, Level, Note, When, validate};
use casebook::store;
use common::{sample, sample_path, sample_text};
use proptest::prelude::*;

/// Saves `case` to a file, loads it back and saves again; checks both round trips.
#[track_caller]
fn assert_file_round_trip(case: &Case) {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.case.ron");
    let second = dir.path().join("second.case.ron");
    store::save(&first, case, None).unwrap();
    let loaded = store::load(&first).unwrap();
    assert!(loaded.case == *case, "load(save(case)) differs from case");
    store::save(&second, &loaded.case, None).unwrap();
    assert!(
        std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(),
        "save(load(file)) differs from file"
    );
}

/// The same in memory, for speed in property tests.
fn text_round_trip(case: &Case) -> Result<(), TestCaseError> {
    let text = store::to_text(case).unwrap();
    let back = store::parse(&text, Path::new("mem.case.ron"))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(back == *case, "parse(to_text(case)) != case");
    prop_assert_eq!(store::to_text(&back).unwrap(), text);
    Ok(())
}

fn error_count(case: &Case) -> usize {
    validate(case)
        .iter()
        .filter(|p| p.level == Level::Error)
        .count()
}

#[test]
fn sample_is_stored_in_canonical_form() {
    let loaded = store::load(&sample_path()).unwrap();
    assert_eq!(loaded.text, sample_text());
    assert!(
        store::to_text(&loaded.case).unwrap() == loaded.text,
        "to_text(sample) differs from the sample file's bytes"
    );
}

#[test]
fn sample_round_trips_through_a_file() {
    let case = sample();
    assert_file_round_trip(&case);
    // And the saved copy is the sample, byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.case.ron");
    store::save(&copy, &case, None).unwrap();
    assert!(std::fs::read(&copy).unwrap() == std::fs::read(sample_path()).unwrap());
}

#[test]
fn generated_cases_round_trip_through_files() {
    for (n, seed) in [(0, 0), (1, 1), (10, 2), (150, 3), (999, 4), (3000, 5)] {
        let case = generate_case(n, seed);
        assert_file_round_trip(&case);
    }
}

#[test]
fn generated_cases_validate_without_errors_for_many_seeds() {
    for seed in 0..40u64 {
        for n in [5, 60, 250] {
            let case = generate_case(n, seed);
            let errors: Vec<_> = validate(&case)
                .into_iter()
                .filter(|p| p.level == Level::Error)
                .collect();
            assert!(
                errors.is_empty(),
                "generate_case({n}, {seed}) has errors: {errors:#?}"
            );
        }
    }
    // One large case too (every kind of record, reversals and corrections included).
    let big = generate_case(5000, 42);
    assert_eq!(error_count(&big), 0);
    assert!(big.actions.iter().any(|a| a.reverses.is_some()));
    assert!(big.statements.iter().any(|s| s.follows.is_some()));
}

#[test]
fn generate_is_deterministic_and_seed_dependent() {
    let a = store::to_text(&generate_case(400, 7)).unwrap();
    let b = store::to_text(&generate_case(400, 7)).unwrap();
    assert!(a == b, "same n and seed must give identical text");
    assert!(
        a != store::to_text(&generate_case(400, 8)).unwrap(),
        "another seed gives another case"
    );
    assert!(a != store::to_text(&generate_case(401, 7)).unwrap());
}

#[test]
fn generated_case_has_the_requested_number_of_records() {
    for n in [3, 4, 5, 19, 20, 21, 99, 100, 101, 299, 2000, 10_000] {
        assert_eq!(
            generate_case(n, 11).record_count(),
            n,
            "generate_case({n}, _)"
        );
    }
}

#[test]

fn tiny_generated_cases_have_the_requested_number_of_records() {
    for n in 0..3 {
        assert_eq!(
            generate_case(n, 11).record_count(),
            n,
            "generate_case({n}, _)"
        );
    }
}

#[test]
fn a_time_given_in_another_zone_keeps_it_in_the_file() {
    let mut case = sample();
    let ny = case.tz();
    let london = When::parse("Nov 29, 2017 Europe/London", ny).unwrap();
    let kolkata = When::parse("2017-11-29 evening +05:30", ny).unwrap();
    case.statements[0].when = london.clone();
    case.sources[0].published = Some(kolkata.clone());
    let text = store::to_text(&case).unwrap();
    assert!(text.contains("zone: \"Europe/London\""), "{text}");
    assert!(text.contains("zone: \"+05:30\""), "{text}");
    // Times in the case's zone are written as before, with no `zone` line: the only other one
    // is the case's own.
    assert_eq!(text.matches("zone: ").count(), 3, "{text}");
    assert_file_round_trip(&case);
    let back = store::parse(&text, Path::new("mem.case.ron")).unwrap();
    assert_eq!(back.statements[0].when, london);
    assert_eq!(back.sources[0].published, Some(kolkata));
}

#[test]
fn arbitrary_text_round_trips() {
    let mut case = sample();
    let nasty = [
        "",
        "plain",
        "quotes \" and 'apostrophes' and \\' escaped-looking",
        "backslash \\ at the end \\",
        "\\\\' two backslashes then an apostrophe",
        "line\nbreaks\r\nand\ttabs",
        "nul \u{0} bell \u{7} del \u{7f}",
        "unicode: — “smart” ✓ 😀 \u{202e}rtl \u{feff}bom \u{200b}zwsp",
        ") ] } // not a comment /* nor this */ r#\"raw\"#",
        "#![enable(implicit_some)]",
        "None",
        "Some(\"x\")",
    ];
    for (i, text) in nasty.iter().enumerate() {
        case.accounts[0].meta.notes.push(Note {
            text: (*text).to_owned(),
            internal: i % 2 == 0,
        });
        case.info.tags.push((*text).to_owned());
    }
    case.info.summary = nasty.join("|");
    assert_file_round_trip(&case);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// For any size and seed: a valid case, deterministic, round-tripping exactly.
    #[test]
    fn generated_cases_round_trip(n in 0usize..300, seed in any::<u64>()) {
        let case = generate_case(n, seed);
        text_round_trip(&case)?;
        prop_assert_eq!(error_count(&case), 0);
        prop_assert!(store::to_text(&generate_case(n, seed)).unwrap() == store::to_text(&case).unwrap());
    }

    /// Any text a user can type survives saving and loading.
    #[test]
    fn any_text_round_trips(title in any::<String>(), note in any::<String>(), quote in "\\PC*", tag in "[\\x00-\\x7f]*") {
        let mut case = sample();
        case.info.title = title;
        case.info.tags.push(tag);
        case.staff[0].meta.notes.push(Note { text: note, internal: true });
        case.statements[0].quote = quote;
        text_round_trip(&case)?;
    }
}
