//! The two sample cases shipped with Casebook: both are clean, and the 2020 account takeover
//! is said entirely as data (no placeholder records), and exports redacted without the names
//! it protects.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use casebook::model::{
    Actor, Case, Level, OutsiderRole, RecordRef, Speaker, StatementLinkKind, Through, validate,
};
use casebook::store;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name)
}

fn takeover() -> Case {
    store::load(&example("twitter-2020-account-takeover.case.ron"))
        .expect("the 2020 sample loads")
        .case
}

#[test]
fn both_samples_validate_without_errors_or_warnings_and_are_canonical() {
    for name in [
        "twitter-2017-deactivation.case.ron",
        "twitter-2020-account-takeover.case.ron",
    ] {
        let path = example(name);
        let loaded = store::load(&path).unwrap();
        let problems = validate(&loaded.case);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        assert_eq!(
            store::to_text(&loaded.case).unwrap(),
            loaded.text,
            "{name} is stored as the app saves it"
        );
        assert!(loaded.text.contains("version: 2,"), "{name}");
    }
}

#[test]
fn the_takeover_is_data_not_placeholders() {
    let case = takeover();
    // Classes of accounts are classes, not fake accounts.
    let classes: Vec<_> = case.accounts.iter().filter(|a| a.class.is_some()).collect();
    assert!(
        classes.len() >= 2,
        "targeted accounts and all verified accounts"
    );
    for a in &case.accounts {
        assert!(
            a.class.is_some() || !a.handle.trim().is_empty(),
            "{}: an account is a class or has a handle",
            a.id
        );
        assert!(
            !a.handle.starts_with('['),
            "{}: no [placeholder] handles",
            a.id
        );
    }
    let verified = classes
        .iter()
        .find(|a| a.name() == "all verified accounts")
        .expect("the verified-accounts class");
    assert!(
        case.actions
            .iter()
            .any(|act| act.targets.contains(&verified.id))
    );
    // The attackers are a group of outside people who act, through phished staff and
    // through taken-over accounts.
    let attackers = case
        .outsiders
        .iter()
        .find(|o| o.role == OutsiderRole::Attacker && o.group)
        .expect("the attackers");
    let by_attackers =
        |a: &&casebook::model::Action| a.performer == Actor::Outsider(attackers.id.clone());
    assert!(
        case.actions
            .iter()
            .filter(by_attackers)
            .any(|a| matches!(a.through, Some(Through::Staff(_))))
    );
    assert!(case.statements.iter().any(|s| {
        s.speaker == Speaker::Outsider(attackers.id.clone())
            && matches!(s.through, Some(Through::Account(_)))
    }));
    assert!(
        case.outsiders
            .iter()
            .filter(|o| o.role == OutsiderRole::Suspect)
            .count()
            >= 3
    );
    assert!(
        case.outsiders
            .iter()
            .any(|o| o.role == OutsiderRole::Regulator)
    );
    // Counted impact, with two sources that disagree on one figure.
    let figures = &case.postmortem.figures;
    assert!(figures.len() >= 5);
    let money: Vec<_> = figures
        .iter()
        .filter(|f| f.what.contains("bitcoin"))
        .collect();
    assert_eq!(money.len(), 2);
    assert_ne!(money[0].count, money[1].count);
    assert_ne!(money[0].source, money[1].source);
    // A time two sources give differently, and a time known only as a bound.
    assert!(case.actions.iter().any(|a| {
        a.alternatives
            .iter()
            .any(|t| t.source.is_some() && t.source != a.start_source)
    }));
    assert!(case.actions.iter().any(|a| a.start.bound.is_some()));
    assert!(case.actions.iter().any(|a| a.disclosed.is_some()));
    // Updates of one thread are updates; the claim that was wrong is corrected.
    let kinds: Vec<_> = case
        .statements
        .iter()
        .filter_map(|s| s.follows.as_ref().map(|l| l.kind))
        .collect();
    assert!(kinds.contains(&StatementLinkKind::Updates));
    assert!(kinds.contains(&StatementLinkKind::Corrects));
    // Every source it cites is in the case, with an address.
    for s in &case.sources {
        assert!(
            !case
                .references_to(&RecordRef::Source(s.id.clone()))
                .is_empty(),
            "{} is cited",
            s.id
        );
    }
    assert!(case.sources.iter().any(|s| !s.also_at.is_empty()));
}

#[test]
fn the_takeover_exports_redacted_without_the_suspects_names() {
    let case = takeover();
    let protected: Vec<String> = case
        .outsiders
        .iter()
        .filter(|o| o.is_protected())
        .map(|o| o.name.clone())
        .collect();
    assert!(
        protected.len() >= 4,
        "the suspects are protected by default"
    );
    assert!(
        validate(&case).iter().all(|p| p.level != Level::Error),
        "clean before export"
    );
    let dir = tempfile::tempdir().unwrap();
    for (format, out) in [
        ("csv", "case.csv"),
        ("pdf", "case.pdf"),
        ("ron", "case.ron"),
    ] {
        let out = dir.path().join(out);
        let status = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["export", "--redact", "--format", format, "--out"])
            .arg(&out)
            .arg(example("twitter-2020-account-takeover.case.ron"))
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let text = if format == "pdf" {
            let o = Command::new("pdftotext")
                .arg(&out)
                .arg("-")
                .output()
                .expect("pdftotext");
            String::from_utf8_lossy(&o.stdout).into_owned()
        } else {
            std::fs::read_to_string(&out).unwrap()
        };
        for name in &protected {
            for part in name.split_whitespace().filter(|p| p.len() > 3) {
                assert!(
                    !text.contains(part),
                    "{format} export names {part:?} (of {name:?})"
                );
            }
        }
        assert!(
            text.contains("Suspect 1"),
            "{format}: the pseudonym stands in"
        );
        // Public figures and organisations stay named.
        assert!(text.contains("Jack Dorsey"), "{format}");
        assert!(text.contains("Financial Services"), "{format}");
    }
}

#[test]
fn a_cover_that_runs_onto_a_second_page_does_not_leave_it_mostly_empty() {
    // The takeover's key events run past the cover; the accounts follow on that page instead
    // of starting a page of their own.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.pdf");
    let status = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["export", "--format", "pdf", "--out"])
        .arg(&out)
        .arg(example("twitter-2020-account-takeover.case.ron"))
        .output()
        .unwrap();
    assert!(status.status.success());
    let page = |n: &str| {
        let o = Command::new("pdftotext")
            .args(["-f", n, "-l", n])
            .arg(&out)
            .arg("-")
            .output()
            .expect("pdftotext");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let second = page("2");
    assert!(second.contains("Key events"), "{second}");
    assert!(second.contains("Reported accounts"), "{second}");
}
