//! The sealed archive through the real binary: `casebook archive` writes one ZIP that `unzip -t`
//! accepts, holding the case, its evidence, the custody log, the PDF report and a manifest;
//! `casebook verify FILE.zip` checks it without unpacking and fails (exit 1) on one changed
//! byte; a case whose evidence changed is not archived; a verified archive unpacks read-only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use casebook::evidence::{archive, custody, sha256_hex};
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

/// `unzip` with `args`; its output, and whether it succeeded.
fn unzip(args: &[&str]) -> (bool, String) {
    let out = Command::new("unzip")
        .args(args)
        .output()
        .expect("unzip must be installed (dist/test-packages.txt)");
    (out.status.success(), text(&out))
}

/// The sample case with a PNG and a JSON file attached, archived to `t.zip`.
fn archived() -> (tempfile::TempDir, PathBuf, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("deactivation.case.ron");
    fs::copy(sample_path(), &case).unwrap();
    let png = dir.path().join("shot.png");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("dist/icons/casebook-128.png"),
        &png,
    )
    .unwrap();
    let json = dir.path().join("audit.json");
    fs::write(&json, br#"{"event":"deactivate"}"#).unwrap();
    assert_exit(
        &casebook(&["attach", p(&case), p(&png), p(&json), "--to", "act-report"]),
        0,
    );
    let zip = dir.path().join("t.zip");
    assert_exit(&casebook(&["archive", p(&case), "--out", p(&zip)]), 0);
    let png = fs::read(&png).unwrap();
    (dir, case, zip, png)
}

#[test]
fn an_archive_holds_everything_and_verifies() {
    let (_dir, case, zip, png) = archived();
    // Any unzip reads it.
    let (ok, out) = unzip(&["-t", p(&zip)]);
    assert!(ok, "{out}");
    assert!(out.contains("No errors detected"), "{out}");
    let (_, listing) = unzip(&["-Z1", p(&zip)]);
    let names: Vec<&str> = listing.lines().collect();
    for name in [
        "deactivation/deactivation.case.ron",
        "deactivation/deactivation.evidence/shot.png",
        "deactivation/deactivation.evidence/audit.json",
        "deactivation/deactivation.evidence/custody.log",
        "deactivation/deactivation-report.pdf",
        "deactivation/MANIFEST.txt",
        "deactivation/SHA256SUMS",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    // Pictures and the PDF are stored as they are; text is deflated.
    let (_, verbose) = unzip(&["-v", p(&zip)]);
    let method = |name: &str| {
        verbose
            .lines()
            .find(|l| l.ends_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(method("shot.png"), "Stored");
    assert_eq!(method("deactivation-report.pdf"), "Stored");
    assert!(method("deactivation.case.ron").starts_with("Defl"));

    // The manifest is plain text a person reads: version, time, every file's hash and size.
    let (_, manifest) = unzip(&["-p", p(&zip), "deactivation/MANIFEST.txt"]);
    assert!(manifest.starts_with("Casebook sealed archive"));
    assert!(manifest.contains(&format!("Casebook version: {}", env!("CARGO_PKG_VERSION"))));
    assert!(manifest.contains("Written: "));
    assert!(manifest.contains(&format!(
        "{}  {}  deactivation.evidence/shot.png",
        sha256_hex(&png),
        png.len()
    )));

    // Archiving is in the custody log, and the archived copy of the log says so too.
    let (entries, chain) = custody::read(&case);
    assert!(chain.is_ok());
    let archived: Vec<_> = entries
        .iter()
        .filter(|e| e.event == custody::CustodyEvent::Archived)
        .collect();
    assert_eq!(archived.len(), 2);
    assert!(archived[0].note.contains("t.zip"));
    let (_, log) = unzip(&[
        "-p",
        p(&zip),
        "deactivation/deactivation.evidence/custody.log",
    ]);
    assert_eq!(log.matches("\tarchived\t").count(), 2);

    let out = casebook(&["verify", p(&zip)]);
    assert_exit(&out, 0);
    assert!(
        text(&out).contains("ok: 5 files match the manifest"),
        "{}",
        text(&out)
    );
}

#[test]
fn one_changed_byte_fails_verification() {
    let (_dir, _case, zip, png) = archived();
    // A byte inside the stored picture.
    let mut bytes = fs::read(&zip).unwrap();
    let at = bytes
        .windows(png.len().min(64))
        .position(|w| w == &png[..png.len().min(64)])
        .expect("the PNG is stored as it is");
    bytes[at + png.len() / 2] ^= 0x01;
    let bad = zip.with_file_name("bad.zip");
    fs::write(&bad, &bytes).unwrap();
    let out = casebook(&["verify", p(&bad)]);
    assert_exit(&out, 1);
    let said = text(&out);
    assert!(said.contains("shot.png"), "{said}");
    assert!(said.contains("NOT OK"), "{said}");
    // unzip sees it too (the entry's CRC).
    let (ok, _) = unzip(&["-t", p(&bad)]);
    assert!(!ok);

    // A file swapped with a consistent CRC (rewritten by a tool) is caught by the manifest.
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = unzip(&["-q", p(&zip), "-d", p(dir.path())]);
    assert!(ok, "{out}");
    let top = dir.path().join("deactivation");
    let json = top.join("deactivation.evidence/audit.json");
    let mut perms = fs::metadata(&json).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&json, perms).unwrap();
    fs::write(&json, br#"{"event":"nothing happened"}"#).unwrap();
    let rezipped = dir.path().join("rezipped.zip");
    let status = Command::new("zip")
        .current_dir(dir.path())
        .args(["-qr", p(&rezipped), "deactivation"])
        .status();
    if status.is_ok_and(|s| s.success()) {
        let out = casebook(&["verify", p(&rezipped)]);
        assert_exit(&out, 1);
        assert!(text(&out).contains("changed"), "{}", text(&out));
    }
}

#[test]
fn a_case_whose_evidence_changed_is_not_archived() {
    let (dir, case, _zip, _) = archived();
    let json = casebook::evidence::folder_for(&case).join("audit.json");
    let mut perms = fs::metadata(&json).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&json, perms).unwrap();
    fs::write(&json, b"{}").unwrap();
    let out_zip = dir.path().join("second.zip");
    let out = casebook(&["archive", p(&case), "--out", p(&out_zip)]);
    assert_ne!(out.status.code(), Some(0));
    assert!(text(&out).contains("audit.json"), "{}", text(&out));
    assert!(!out_zip.exists());

    // A place the archive cannot be written: nothing left behind, and the custody log says the
    // seal did not happen.
    let (dir, case, _zip, _) = archived();
    let nowhere = dir.path().join("no such folder").join("x.zip");
    let out = casebook(&["archive", p(&case), "--out", p(&nowhere)]);
    assert_ne!(out.status.code(), Some(0));
    let (entries, chain) = custody::read(&case);
    assert!(chain.is_ok());
    assert!(
        entries
            .iter()
            .any(|e| e.note.starts_with("NOT sealed: writing x.zip failed")),
        "{entries:?}"
    );
}

#[test]
fn a_verified_archive_unpacks_read_only_and_loads() {
    let (_dir, _case, zip, _) = archived();
    let dest = tempfile::tempdir().unwrap();
    let case = archive::extract(&zip, &dest.path().join("open")).unwrap();
    assert!(case.ends_with("deactivation/deactivation.case.ron"));
    let loaded = store::load(&case).unwrap();
    assert!(fs::metadata(&case).unwrap().permissions().readonly());
    // Its evidence verifies where it was unpacked.
    let check = casebook::evidence::verify(&case, &loaded.case);
    assert!(check.all_ok(), "{check:?}");
}

#[test]
fn a_case_opened_from_an_archive_refuses_edits_and_saves() {
    use casebook::session::{ChangeError, SaveFailure, Session, SessionSettings};
    let (_dir, _case, zip, _) = archived();
    let cache = tempfile::tempdir().unwrap();
    let mut session = Session::new(&SessionSettings::default());
    session.open_archive(&zip, cache.path()).unwrap();
    assert_eq!(session.read_only(), Some("opened from archive t.zip"));
    let doc = session.doc.as_ref().unwrap();
    assert!(
        doc.window_title()
            .contains("read-only: opened from archive t.zip")
    );
    assert!(doc.path.as_ref().unwrap().starts_with(cache.path()));

    let mut info = doc.case.info.clone();
    info.title = "Changed".into();
    let edit = casebook::model::Edit::SetInfo {
        before: doc.case.info.clone(),
        after: info.clone(),
    };
    let refused = session.apply(edit).unwrap_err();
    assert!(matches!(refused, ChangeError::ReadOnly(_)));
    assert!(refused.to_string().contains("read-only"), "{refused}");
    // What was typed is dropped, refused once; saving is refused too, with a plain message.
    session.drafts.info = Some(info);
    assert!(matches!(
        session.commit_drafts(),
        Err(ChangeError::ReadOnly(_))
    ));
    assert!(session.drafts.is_empty());
    let failure = session.save().unwrap_err();
    assert!(matches!(failure, SaveFailure::ReadOnly(_)));
    assert!(
        failure.to_string().contains("unpack the archive"),
        "{failure}"
    );
    assert!(matches!(
        session.save_to(&cache.path().join("copy.case.ron")),
        Err(SaveFailure::ReadOnly(_))
    ));
    assert_ne!(session.doc.as_ref().unwrap().case.info.title, "Changed");

    // An archive that does not verify does not open.
    let mut bytes = fs::read(&zip).unwrap();
    let n = bytes.len();
    bytes[n / 3] ^= 0x20;
    let bad = zip.with_file_name("bad.zip");
    fs::write(&bad, &bytes).unwrap();
    let mut session = Session::new(&SessionSettings::default());
    assert!(session.open_archive(&bad, cache.path()).is_err());
    assert!(session.doc.is_none());
}

#[cfg(feature = "gui")]
#[test]
fn file_archive_in_the_app_writes_an_archive_that_verifies() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;

    use crate::gui::{open_sample_copy, type_into};

    let (dir, _case, mut h) = open_sample_copy();
    let zip = dir.path().join("sealed.zip");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Archive…").click();
    h.run();
    assert_eq!(h.state().modal_title(), Some("File path"));
    type_into(&mut h, "File path", &zip.display().to_string());
    h.get_by_role_and_label(Role::Button, "Archive").click();
    h.run();
    // Written on its own thread, the window still drawing.
    let start = std::time::Instant::now();
    while h.state().archive_busy() {
        assert!(start.elapsed().as_secs() < 60, "the archive is written");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run();
    assert_eq!(h.state().modal_title(), None);
    let out = casebook(&["verify", p(&zip)]);
    assert_exit(&out, 0);
    let (ok, listing) = unzip(&["-Z1", p(&zip)]);
    assert!(
        ok && listing.contains("sample/sample-report.pdf"),
        "{listing}"
    );
}
