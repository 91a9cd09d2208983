#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fuzz targets' properties (`fuzz/properties.rs`, the very code the targets run), checked
//! on their seed corpora and on every input the fuzzer ever found a problem with
//! (`fuzz/regressions/<target>/`):
//! - `load_case`: loading returns a value or an error, never panics, and an accepted case saves
//!   to text that loads back to the same case;
//! - `export_case`: every export of an accepted case is written, its SVGs are well-formed, and
//!   its redacted RON loads again;
//! - `parse_entry`: rows pasted into Quick entry are read into a plan or reported, never a panic,
//!   and a ready plan applies as one edit that saves and loads back.
//! - `parse_input`: the time, duration and audience fields read typed text or refuse it, never
//!   panic, and what they accept is offered for editing as text that reads back to the same value.
//! - `import_file`: a file to import (Ozone, CSV, Timesketch, DSA) is read into a plan with its
//!   problems, never a panic; the plan applies, saves and loads back; a second import adds nothing.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/properties.rs"]
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

/// Every variant of every enum in the case format appears in some loader seed, so the fuzzer
/// starts with each one instead of having to spell a variant name by chance (it took
/// 170 million executions to reach `Speaker::Other`). A new variant fails this test until a
/// seed has it: add it to `fuzz/seeds/load_case/every-variant.case.ron`.
#[test]
fn load_case_seeds_name_every_variant_of_the_format() {
    use casebook::model::{
        AccountKind, ActionKind, ActionLinkKind, Actor, Assessment, Authorization, CaseStatus,
        Channel, Employment, FollowUpStatus, Limit, OutsiderRole, Precision, Severity, Speaker,
        StatementLinkKind, Through, TimeBound,
    };
    use std::collections::BTreeSet;

    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut note = |what: &str, variant: String| seen.insert(format!("{what}::{variant}"));
    for path in inputs("fuzz/seeds/load_case") {
        let Some(text) = text(&path) else { continue };
        let Ok(case) = casebook::store::parse(&text, &path) else {
            continue;
        };
        note("CaseStatus", format!("{:?}", case.info.status));
        note("Severity", format!("{:?}", case.info.severity));
        let mut times = Vec::new();
        for a in &case.accounts {
            note("AccountKind", format!("{:?}", a.kind));
            times.extend(a.audience.as_ref().and_then(|x| x.as_of.clone()));
        }
        for o in &case.outsiders {
            note("OutsiderRole", format!("{:?}", o.role));
        }
        let mut through = |t: &Option<Through>| match t {
            Some(Through::Staff(_)) => note("Through", "Staff".to_owned()),
            Some(Through::Account(_)) => note("Through", "Account".to_owned()),
            None => false,
        };
        for a in &case.actions {
            through(&a.through);
        }
        for s in &case.statements {
            through(&s.through);
        }
        let mut limits = Vec::new();
        for f in &case.postmortem.figures {
            limits.extend(f.count.limit);
            times.extend(f.as_of.clone());
        }
        for s in &case.staff {
            note("Employment", format!("{:?}", s.employment));
            times.extend(s.tenure_start.iter().chain(&s.tenure_end).cloned());
        }
        for a in &case.actions {
            note("ActionKind", format!("{:?}", a.kind));
            note("Authorization", format!("{:?}", a.authorization));
            let actor = match &a.performer {
                Actor::Staff(_) => "Staff",
                Actor::System(_) => "System",
                Actor::External(_) => "External",
                Actor::Outsider(_) => "Outsider",
                Actor::Unknown => "Unknown",
            };
            note("Actor", actor.to_owned());
            if let Some(x) = a.assessment {
                note("Assessment", format!("{x:?}"));
            }
            if let Some(link) = &a.amends {
                note("ActionLinkKind", format!("{:?}", link.kind));
            }
            limits.extend(a.duration.and_then(|d| d.limit));
            times.extend(std::iter::once(&a.start).chain(&a.end).cloned());
            times.extend(a.alternatives.iter().map(|t| t.when.clone()));
        }
        for s in &case.statements {
            note("Channel", format!("{:?}", s.channel));
            let speaker = match &s.speaker {
                Speaker::Organisation(_) => "Organisation",
                Speaker::Staff(_) => "Staff",
                Speaker::Account(_) => "Account",
                Speaker::Outsider(_) => "Outsider",
                Speaker::Official(_) => "Official",
                Speaker::Press(_) => "Press",
                Speaker::Other(_) => "Other",
            };
            note("Speaker", speaker.to_owned());
            if let Some(link) = &s.follows {
                note("StatementLinkKind", format!("{:?}", link.kind));
            }
            times.push(s.when.clone());
        }
        for s in &case.sources {
            times.extend(s.published.iter().chain(&s.accessed).cloned());
        }
        for f in &case.postmortem.follow_ups {
            note("FollowUpStatus", format!("{:?}", f.status));
            times.extend(f.due.clone());
        }
        for w in times {
            note("Precision", format!("{:?}", w.precision));
            if let Some(b) = w.bound {
                note("TimeBound", format!("{b:?}"));
            }
        }
        for l in limits {
            note("Limit", format!("{l:?}"));
        }
    }

    let mut expected: Vec<String> = Vec::new();
    macro_rules! every {
        ($($enum:ident),*) => {
            $(expected.extend($enum::ALL.iter().map(|v| format!("{}::{v:?}", stringify!($enum))));)*
        };
    }
    every!(
        CaseStatus,
        Severity,
        AccountKind,
        Employment,
        ActionKind,
        Authorization,
        Channel,
        FollowUpStatus,
        Precision,
        OutsiderRole,
        Assessment,
        StatementLinkKind,
        ActionLinkKind,
        TimeBound,
        Limit
    );
    expected.extend(["Staff", "Account"].map(|v| format!("Through::{v}")));
    // The matches above stop compiling when these enums gain a variant.
    expected.extend(
        ["Staff", "System", "External", "Outsider", "Unknown"].map(|v| format!("Actor::{v}")),
    );
    expected.extend(
        [
            "Organisation",
            "Staff",
            "Account",
            "Outsider",
            "Official",
            "Press",
            "Other",
        ]
        .map(|v| format!("Speaker::{v}")),
    );
    let missing: Vec<&String> = expected.iter().filter(|e| !seen.contains(*e)).collect();
    assert!(missing.is_empty(), "no seed has {missing:?}");
}

#[test]
fn parse_entry_seeds_are_read_and_what_is_ready_adds_and_round_trips() {
    let seeds = inputs("fuzz/seeds/parse_entry");
    assert!(seeds.len() >= 5);
    let ready: Vec<String> = seeds
        .iter()
        .filter(|p| properties::parse_entry(&read(p)))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    // Rows that name what they need are added; bad cells, quoted cells with no kind the
    // grid knows and an empty paste are reported, not added.
    assert_eq!(ready, ["flow-four-rows.tsv", "sample-names.tsv"]);
    for path in inputs("fuzz/regressions/parse_entry") {
        properties::parse_entry(&read(&path));
    }
}

#[test]
fn import_file_seeds_import_and_add_nothing_the_second_time() {
    let seeds = inputs("fuzz/seeds/import_file");
    assert!(seeds.len() >= 8);
    let added: usize = seeds
        .iter()
        .map(|p| properties::import_file(&read(p)))
        .sum();
    assert!(added > 20, "the seeds add records ({added})");
    for path in inputs("fuzz/regressions/import_file") {
        properties::import_file(&read(&path));
    }
}
