//! Evidence through the real binary: `casebook attach` copies and hashes, `casebook verify`
//! notices a changed, missing or unexpected file and a custody log edited by hand, and bad input
//! leaves the case and the evidence folder as they were.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use casebook::evidence::{self, sha256_hex};
use casebook::store;

use crate::common::sample_path;

fn casebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .env("USER", "tessa")
        .output()
        .expect("run casebook")
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 test path")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[track_caller]
fn assert_exit(out: &Output, code: i32) {
    assert_eq!(out.status.code(), Some(code), "{}", text(out));
}

/// A folder with a copy of the sample case and a small PNG and JSON file to capture.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("deactivation.case.ron");
    fs::copy(sample_path(), &case).unwrap();
    let shots = dir.path().join("captures");
    fs::create_dir(&shots).unwrap();
    let png = shots.join("profile page.png");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("dist/icons/casebook-64.png"),
        &png,
    )
    .unwrap();
    let json = shots.join("audit.json");
    fs::write(
        &json,
        br#"{"event":"deactivate","at":"2017-11-02T18:45:00-04:00"}"#,
    )
    .unwrap();
    (dir, case, png, json)
}

fn evidence_files(case: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(evidence::folder_for(case))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn attach_copies_hashes_and_links_the_file() {
    let (_dir, case, png, json) = setup();
    let original = fs::read(&png).unwrap();
    let out = casebook(&[
        "attach",
        p(&case),
        p(&png),
        p(&json),
        "--to",
        "act-report",
        "--url",
        "https://twitter.com/realDonaldTrump",
        "--captured-by",
        "Tessa",
        "--captured-at",
        "2017-11-02 19:10",
        "--description",
        "The profile page during the outage",
    ]);
    assert_exit(&out, 0);
    assert!(
        text(&out).contains("Added profile page.png as deactivation.evidence/profile page.png")
    );

    // The original is untouched and still there; the copy is byte-identical and read-only.
    assert_eq!(fs::read(&png).unwrap(), original);
    let copy = evidence::folder_for(&case).join("profile page.png");
    assert_eq!(fs::read(&copy).unwrap(), original);
    assert!(fs::metadata(&copy).unwrap().permissions().readonly());

    let loaded = store::load(&case).unwrap();
    let sources: Vec<_> = loaded
        .case
        .sources
        .iter()
        .filter(|s| s.evidence.is_some())
        .collect();
    assert_eq!(sources.len(), 2);
    let shot = sources[0];
    let e = shot.evidence.as_ref().unwrap();
    assert_eq!(e.sha256, sha256_hex(&original));
    assert_eq!(e.size, original.len() as u64);
    assert_eq!(e.media_type, "image/png");
    assert_eq!(e.added_by, "tessa");
    assert_eq!(e.captured_by, "Tessa");
    assert_eq!(e.description, "The profile page during the outage");
    assert_eq!(shot.url, "https://twitter.com/realDonaldTrump");
    assert!(e.captured_at.is_some());
    assert_eq!(
        sources[1].evidence.as_ref().unwrap().media_type,
        "application/json"
    );
    // One link graph: the action cites the captured files as sources.
    let action = loaded
        .case
        .actions
        .iter()
        .find(|a| a.id.0 == "act-report")
        .unwrap();
    assert!(action.meta.sources.contains(&shot.id));
    assert!(action.meta.sources.contains(&sources[1].id));
    // The case is still valid.
    assert!(
        casebook::model::validate(&loaded.case)
            .iter()
            .all(|p| p.level != casebook::model::Level::Error)
    );

    let out = casebook(&["verify", p(&case)]);
    assert_exit(&out, 0);
    assert!(text(&out).contains("2 ok"), "{}", text(&out));
    assert!(text(&out).contains("custody log: intact"));
}

#[test]
fn verify_tells_changed_missing_and_unexpected_files() {
    let (_dir, case, png, json) = setup();
    assert_exit(&casebook(&["attach", p(&case), p(&png), p(&json)]), 0);
    let folder = evidence::folder_for(&case);

    // Someone edits the copy (it is read-only: they had to mean it).
    let copy = folder.join("profile page.png");
    let mut perms = fs::metadata(&copy).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&copy, perms).unwrap();
    let mut bytes = fs::read(&copy).unwrap();
    bytes[100] ^= 1;
    fs::write(&copy, &bytes).unwrap();
    let out = casebook(&["verify", p(&case), "--no-log"]);
    assert_exit(&out, 1);
    assert!(
        text(&out).contains("changed     deactivation.evidence/profile page.png"),
        "{}",
        text(&out)
    );

    fs::remove_file(folder.join("audit.json")).unwrap();
    fs::write(folder.join("notes.txt"), "dropped here by hand").unwrap();
    let out = casebook(&["verify", p(&case), "--no-log"]);
    assert_exit(&out, 1);
    let t = text(&out);
    assert!(
        t.contains("missing     deactivation.evidence/audit.json"),
        "{t}"
    );
    assert!(
        t.contains("unexpected  deactivation.evidence/notes.txt"),
        "{t}"
    );
    assert!(t.contains("1 changed, 1 missing, 1 unexpected"), "{t}");
}

#[test]
fn a_custody_log_edited_by_hand_breaks_the_chain() {
    let (_dir, case, png, json) = setup();
    assert_exit(&casebook(&["attach", p(&case), p(&png)]), 0);
    assert_exit(&casebook(&["attach", p(&case), p(&json)]), 0);
    // verify logs a "verified" entry per file.
    assert_exit(&casebook(&["verify", p(&case)]), 0);
    let log = evidence::custody::log_path(&case);
    let before = fs::read_to_string(&log).unwrap();
    assert_eq!(before.lines().filter(|l| !l.starts_with('#')).count(), 4);

    // Rewriting who added the first file.
    fs::write(&log, before.replacen("\ttessa\t", "\tmallory\t", 1)).unwrap();
    let out = casebook(&["verify", p(&case), "--no-log"]);
    assert_exit(&out, 1);
    assert!(
        text(&out).contains("custody log: BROKEN at line 4"),
        "{}",
        text(&out)
    );

    // Deleting an entry in the middle.
    let lines: Vec<&str> = before.lines().collect();
    let deleted: String = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 3)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    fs::write(&log, deleted).unwrap();
    let out = casebook(&["verify", p(&case), "--no-log"]);
    assert_exit(&out, 1);
    assert!(text(&out).contains("BROKEN"), "{}", text(&out));

    // Cutting the "added" entries off entirely: the case still lists the files.
    let header: String = lines
        .iter()
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&log, header).unwrap();
    let out = casebook(&["verify", p(&case), "--no-log"]);
    assert_exit(&out, 1);
    assert!(text(&out).contains("not logged"), "{}", text(&out));
}

#[test]
fn files_with_the_same_name_are_both_kept() {
    let (dir, case, png, _json) = setup();
    let other = dir.path().join("other");
    fs::create_dir(&other).unwrap();
    let second = other.join("profile page.png");
    fs::write(&second, b"\x89PNG\r\n\x1a\nnot really a picture").unwrap();
    assert_exit(&casebook(&["attach", p(&case), p(&png), p(&second)]), 0);
    assert_eq!(
        evidence_files(&case),
        ["custody.log", "profile page (2).png", "profile page.png"]
    );
    assert_exit(&casebook(&["verify", p(&case), "--no-log"]), 0);
}

/// Each bad input: a clear error naming the file (exit 2, as for any error), nothing copied, the
/// case unchanged.
#[test]
fn bad_input_leaves_the_case_unchanged() {
    let (dir, case, png, _json) = setup();
    let before = fs::read(&case).unwrap();

    let link = dir.path().join("link.png");
    std::os::unix::fs::symlink(&png, &link).unwrap();
    let folder = dir.path().join("a folder");
    fs::create_dir(&folder).unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let huge = dir.path().join("disk.img");
    fs::File::create(&huge)
        .unwrap()
        .set_len(evidence::MAX_EVIDENCE_BYTES + 1)
        .unwrap();
    let absent = dir.path().join("absent.png");

    for (bad, says) in [
        (&link, "symbolic link"),
        (&folder, "is a folder"),
        (&fifo, "not a regular file"),
        (&huge, "larger than the 200.0 MB"),
        (&absent, "cannot read it"),
    ] {
        // The good file first: all or nothing.
        let out = casebook(&["attach", p(&case), p(&png), p(bad)]);
        assert_exit(&out, 2);
        let t = text(&out);
        assert!(t.contains(p(bad)) && t.contains(says), "{says}: {t}");
        assert!(t.contains("the case is unchanged"), "{t}");
        assert_eq!(fs::read(&case).unwrap(), before, "{says}");
        assert!(
            evidence_files(&case).is_empty(),
            "{says}: {:?}",
            evidence_files(&case)
        );
    }

    let out = casebook(&["attach", p(&case), p(&png), "--to", "act-nonesuch"]);
    assert_exit(&out, 2);
    assert!(text(&out).contains("no record with the id \"act-nonesuch\""));
    let out = casebook(&["attach", p(&case), p(&png), "--captured-at", "11/02/2017"]);
    assert_exit(&out, 2);
    assert!(text(&out).contains("--captured-at"));
    assert_eq!(fs::read(&case).unwrap(), before);
    assert!(evidence_files(&case).is_empty());
}

/// Save As under a new name takes the evidence along: the new case verifies, the old one too.
#[test]
fn save_as_copies_the_evidence_to_the_new_name() {
    use casebook::session::{Session, SessionSettings};
    let (dir, case, png, json) = setup();
    assert_exit(&casebook(&["attach", p(&case), p(&png), p(&json)]), 0);
    let mut session = Session::new(&SessionSettings { use_locks: false });
    session.open(&case, false).unwrap();
    let renamed = dir.path().join("renamed.case.ron");
    session.save_to(&renamed).unwrap();
    assert_eq!(
        evidence_files(&renamed),
        ["audit.json", "custody.log", "profile page.png"]
    );
    let out = casebook(&["verify", p(&renamed), "--no-log"]);
    assert_exit(&out, 0);
    assert!(text(&out).contains("renamed.evidence/profile page.png"));
    assert_exit(&casebook(&["verify", p(&case), "--no-log"]), 0);
}

/// A captured file whose source is deleted in the app stays in the folder; the save logs it as
/// removed, and `verify` says so instead of calling it unexpected.
#[test]
fn a_deleted_evidence_source_is_logged_as_removed_and_its_file_kept() {
    use casebook::model::{Edit, RecordRef};
    use casebook::session::{Session, SessionSettings};
    let (_dir, case, png, json) = setup();
    assert_exit(
        &casebook(&["attach", p(&case), p(&png), p(&json), "--to", "act-report"]),
        0,
    );
    let mut session = Session::new(&SessionSettings { use_locks: false });
    session.open(&case, false).unwrap();
    let doc = session.doc.as_ref().unwrap();
    let audit = doc
        .case
        .sources
        .iter()
        .find(|s| {
            s.evidence
                .as_ref()
                .is_some_and(|e| e.file.ends_with("audit.json"))
        })
        .unwrap()
        .id
        .clone();
    let edit = Edit::delete_unlinking(&doc.case, &RecordRef::Source(audit)).unwrap();
    session.apply(edit).unwrap();
    session.save().unwrap();

    assert!(
        evidence_files(&case).contains(&"audit.json".to_owned()),
        "the file is kept"
    );
    let log = fs::read_to_string(evidence::custody::log_path(&case)).unwrap();
    assert!(
        log.lines()
            .any(|l| l.contains("\tremoved\t") && l.contains("deactivation.evidence/audit.json")),
        "{log}"
    );
    let out = casebook(&["verify", p(&case), "--no-log"]);
    assert_exit(&out, 0);
    let t = text(&out);
    assert!(
        t.contains("removed     deactivation.evidence/audit.json"),
        "{t}"
    );
    assert!(t.contains("removed from the case on "), "{t}");
    assert!(t.contains("1 ok, 1 removed"), "{t}");
}
