//! Format version 2: version 1 files are migrated on load (nothing lost, nothing guessed), and
//! a file from a newer Casebook, or with a field this version does not know, is refused rather
//! than stripped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use casebook::model::{Milestones, StatementId, StatementLinkKind};
use casebook::store;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/v1")
        .join(name)
}

#[test]
fn a_version_1_file_migrates_to_its_expected_version_2_form() {
    let v1 = fixture("twitter-2017-deactivation.v1.case.ron");
    let v1_text = std::fs::read_to_string(&v1).unwrap();
    assert!(v1_text.contains("version: 1,"), "the fixture is version 1");
    assert!(v1_text.contains("corrects: \"stmt-human-error\""));
    let loaded = store::load(&v1).expect("a version 1 file opens");
    let expected =
        std::fs::read_to_string(fixture("twitter-2017-deactivation.v2.case.ron")).unwrap();
    assert_eq!(store::to_text(&loaded.case).unwrap(), expected);
    // The correction is kept as a correction (not an update), and the sample shipped with the
    // app is this same migrated case.
    let rogue = loaded
        .case
        .statements
        .iter()
        .find(|s| s.id.as_str() == "stmt-rogue-contractor")
        .unwrap();
    let link = rogue.follows.as_ref().expect("the link survives migration");
    assert_eq!(link.kind, StatementLinkKind::Corrects);
    assert_eq!(link.statement, StatementId::from("stmt-human-error"));
    // (It has gained order links since: "before the interview" on what happened in November;
    // and the response's milestones and an open question in its postmortem.)
    let mut sample = store::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/examples/twitter-2017-deactivation.case.ron"),
    )
    .unwrap()
    .case;
    for a in &mut sample.actions {
        a.before.clear();
    }
    for s in &mut sample.statements {
        s.before.clear();
    }
    sample.postmortem.milestones = Milestones::default();
    sample.postmortem.open_questions.clear();
    assert_eq!(
        store::to_text(&sample).unwrap(),
        expected,
        "the shipped sample is the migrated v1 sample"
    );
}

#[test]
fn a_protected_account_stays_protected_through_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private.case.ron");
    let text = std::fs::read_to_string(fixture("twitter-2017-deactivation.v1.case.ron"))
        .unwrap()
        .replacen(
            "kind: PublicOfficial,",
            "kind: PublicOfficial,\n        private: true,",
            1,
        );
    std::fs::write(&path, text).unwrap();
    let case = store::load(&path).unwrap().case;
    assert!(case.accounts.iter().any(|a| a.protected));
    let saved = store::to_text(&case).unwrap();
    assert!(saved.contains("protected: true"), "{saved}");
    assert!(!saved.contains("private:"));
}

#[test]
fn version_2_names_are_refused_in_a_version_1_file_and_the_reverse() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.case.ron");
    // `corrects` is a version 1 field: a version 2 file that has it is refused, with where.
    let v2 = std::fs::read_to_string(fixture("twitter-2017-deactivation.v2.case.ron")).unwrap();
    let mixed = v2.replacen(
        "follows: (\n          kind: Corrects,\n          statement: \"stmt-human-error\",\n        ),",
        "corrects: \"stmt-human-error\",",
        1,
    );
    assert_ne!(mixed, v2);
    std::fs::write(&path, &mixed).unwrap();
    let err = store::load(&path).unwrap_err().to_string();
    assert!(
        err.contains("field `corrects` is not part of version 2 of the case format"),
        "{err}"
    );
    assert!(err.contains("mixed.case.ron:"), "{err}");
    // And `follows` is not part of version 1.
    let v1 = std::fs::read_to_string(fixture("twitter-2017-deactivation.v1.case.ron")).unwrap();
    let mixed = v1.replacen(
        "corrects: \"stmt-human-error\",",
        "follows: (kind: Updates, statement: \"stmt-human-error\"),",
        1,
    );
    std::fs::write(&path, &mixed).unwrap();
    let err = store::load(&path).unwrap_err().to_string();
    assert!(
        err.contains("field `follows` is not part of version 1 of the case format"),
        "{err}"
    );
}

#[test]
fn a_file_from_a_newer_casebook_is_refused_not_stripped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.case.ron");
    let v2 = std::fs::read_to_string(fixture("twitter-2017-deactivation.v2.case.ron")).unwrap();
    let newer = v2.replacen("version: 2,", "version: 3,", 1);
    std::fs::write(&path, &newer).unwrap();
    let err = store::load(&path).unwrap_err().to_string();
    assert!(err.contains("format version 3 is not supported"), "{err}");
    assert!(err.contains("newer Casebook"), "{err}");
    // Nothing was rewritten.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
}
