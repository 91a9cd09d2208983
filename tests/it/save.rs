//! Saving: atomic (a failed write leaves the old file intact and no temp files), keeps a backup,
//! refuses to overwrite a file that changed on disk, and reports where it could not write.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};

use casebook::model::Case;
use casebook::store::{self, ContentHash, SaveError, SaveOptions};
use common::{fixed_now, sample, sample_text, temp_files};

/// A temp folder holding a copy of the sample; returns the folder, the file and its bytes.
fn sample_copy() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.case.ron");
    let bytes = sample_text().into_bytes();
    std::fs::write(&path, &bytes).unwrap();
    (dir, path, bytes)
}

/// The sample with a visible change.
fn edited(case: &Case, title: &str) -> Case {
    let mut case = case.clone();
    case.info.title = title.to_owned();
    case.info.updated = fixed_now();
    case
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn failed_write_leaves_the_old_file_intact_and_no_temp_files() {
    let case = edited(&sample(), "A new title that must not reach the disk");
    let new_len = store::to_text(&case).unwrap().len();
    for fail_after in [0, 1, 100, new_len / 2, new_len - 1] {
        let (dir, path, old) = sample_copy();
        let options = SaveOptions {
            expected: None,
            backup: true,
            fail_after_bytes: Some(fail_after),
        };
        let err = store::save_with(&path, &case, &options)
            .expect_err(&format!("save failing after {fail_after} bytes must fail"));
        assert!(matches!(err, SaveError::Io { .. }), "{err:?}");
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            old,
            "after {fail_after} bytes the old file must be byte-identical"
        );
        assert_eq!(store::load(&path).unwrap().case, sample(), "and still load");
        assert_eq!(
            temp_files(dir.path()),
            Vec::<String>::new(),
            "no temp files after failing at {fail_after}"
        );
        // Nothing else appeared either (in particular no backup of an unchanged file).
        assert_eq!(
            entries(dir.path()),
            vec!["sample.case.ron".to_owned()],
            "after failing at {fail_after}"
        );
    }
}

#[test]
fn failed_write_of_a_new_file_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.case.ron");
    let options = SaveOptions {
        expected: None,
        backup: true,
        fail_after_bytes: Some(10),
    };
    assert!(store::save_with(&path, &sample(), &options).is_err());
    assert_eq!(entries(dir.path()), Vec::<String>::new());
}

#[test]
fn fault_budget_larger_than_the_file_does_not_fail() {
    let (_dir, path, _old) = sample_copy();
    let case = edited(&sample(), "Fits in the budget");
    let len = store::to_text(&case).unwrap().len();
    let options = SaveOptions {
        expected: None,
        backup: false,
        fail_after_bytes: Some(len),
    };
    store::save_with(&path, &case, &options).expect("writing exactly the budget succeeds");
    assert_eq!(store::load(&path).unwrap().case, case);
}

#[test]
fn backup_holds_the_previous_version() {
    let (dir, path, original) = sample_copy();
    let bak = store::backup_path(&path);
    assert_eq!(bak, dir.path().join("sample.case.ron.bak"));

    let first = edited(&sample(), "First edit");
    store::save(&path, &first, None).unwrap();
    assert_eq!(
        std::fs::read(&bak).unwrap(),
        original,
        "backup = the file before the first save"
    );
    assert_eq!(store::load(&path).unwrap().case, first);

    let first_bytes = std::fs::read(&path).unwrap();
    let second = edited(&sample(), "Second edit");
    store::save(&path, &second, None).unwrap();
    assert_eq!(
        std::fs::read(&bak).unwrap(),
        first_bytes,
        "backup = the file before the second save"
    );
    assert_eq!(
        store::load(&bak).unwrap().case,
        first,
        "the backup is itself a loadable case"
    );
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn no_backup_for_a_new_file_or_when_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.case.ron");
    store::save(&path, &sample(), None).unwrap();
    assert!(
        !store::backup_path(&path).exists(),
        "nothing to back up for a new file"
    );

    let options = SaveOptions {
        expected: None,
        backup: false,
        fail_after_bytes: None,
    };
    store::save_with(&path, &edited(&sample(), "No backup"), &options).unwrap();
    assert!(!store::backup_path(&path).exists());
}

#[test]
fn save_refuses_to_overwrite_a_file_changed_on_disk() {
    let (dir, path, _) = sample_copy();
    let loaded = store::load(&path).unwrap();
    // Someone else edits the file behind our back (another window, a git checkout).
    let theirs = store::to_text(&edited(&loaded.case, "Their edit")).unwrap();
    std::fs::write(&path, &theirs).unwrap();

    let ours = edited(&loaded.case, "Our edit");
    let err = store::save(&path, &ours, Some(loaded.hash)).unwrap_err();
    assert!(
        matches!(&err, SaveError::Conflict { path: p } if p == &path),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(
        shown.contains(&path.display().to_string()) && shown.contains("changed on disk"),
        "{shown}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "their edit is untouched"
    );
    assert!(!store::backup_path(&path).exists());
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn even_a_one_byte_change_on_disk_is_a_conflict() {
    let (_dir, path, mut bytes) = sample_copy();
    let loaded = store::load(&path).unwrap();
    bytes.push(b'\n');
    std::fs::write(&path, &bytes).unwrap();
    assert!(matches!(
        store::save(&path, &loaded.case, Some(loaded.hash)),
        Err(SaveError::Conflict { .. })
    ));
}

#[test]
fn saving_with_the_right_hash_succeeds_and_returns_the_new_hash() {
    let (_dir, path, _) = sample_copy();
    let loaded = store::load(&path).unwrap();
    assert_eq!(loaded.hash, ContentHash::of(sample_text().as_bytes()));

    let case = edited(&loaded.case, "Saved with the right hash");
    let hash = store::save(&path, &case, Some(loaded.hash)).unwrap();
    let on_disk = std::fs::read(&path).unwrap();
    assert_eq!(hash, ContentHash::of(&on_disk));
    assert_ne!(hash, loaded.hash);
    assert_eq!(on_disk, store::to_text(&case).unwrap().into_bytes());

    // The returned hash is what the next save must present; the old one is now stale.
    let again = edited(&case, "Saved again");
    assert!(matches!(
        store::save(&path, &again, Some(loaded.hash)),
        Err(SaveError::Conflict { .. })
    ));
    let hash2 = store::save(&path, &again, Some(hash)).unwrap();
    assert_eq!(hash2, ContentHash::of(&std::fs::read(&path).unwrap()));
    assert_eq!(store::load(&path).unwrap().case, again);
}

#[test]
fn saving_over_a_deleted_file_with_an_expected_hash_writes_it_again() {
    let (_dir, path, _) = sample_copy();
    let loaded = store::load(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    store::save(&path, &loaded.case, Some(loaded.hash)).expect("nothing on disk can be lost");
    assert_eq!(store::load(&path).unwrap().case, loaded.case);
}

#[test]
fn saving_into_a_missing_folder_is_an_io_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("case.case.ron");
    let err = store::save(&path, &sample(), None).unwrap_err();
    match &err {
        SaveError::Io { path: p, source } => {
            assert_eq!(p, &path);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Io, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("{}: cannot save", path.display())),
        "{err}"
    );
    assert!(!path.exists());
    assert_eq!(entries(dir.path()), Vec::<String>::new());
}

#[test]
fn saved_file_is_the_canonical_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.case.ron");
    let hash = store::save(&path, &sample(), None).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), sample_text());
    assert_eq!(hash, ContentHash::of(sample_text().as_bytes()));
}

#[test]
fn backup_that_cannot_be_written_fails_the_save_cleanly() {
    let (dir, path, old) = sample_copy();
    // A folder (with something in it) where the backup should go.
    let bak = store::backup_path(&path);
    std::fs::create_dir(&bak).unwrap();
    std::fs::write(bak.join("keep.txt"), "x").unwrap();
    let err = store::save(&path, &edited(&sample(), "Blocked by the backup"), None).unwrap_err();
    assert!(matches!(err, SaveError::Io { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), old);
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    assert_eq!(std::fs::read_to_string(bak.join("keep.txt")).unwrap(), "x");
}

#[test]
fn saving_onto_a_folder_fails_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folder.case.ron");
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("inside.txt"), "x").unwrap();
    let err = store::save(&path, &sample(), None).unwrap_err();
    assert!(matches!(err, SaveError::Io { .. }), "{err:?}");
    assert!(path.is_dir());
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]

fn saving_through_a_symlink_updates_the_linked_file() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let real = shared.join("real.case.ron");
    std::fs::write(&real, sample_text()).unwrap();
    let link = dir.path().join("link.case.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let loaded = store::load(&link).unwrap();
    let case = edited(&loaded.case, "Saved through the link");
    store::save(&link, &case, Some(loaded.hash)).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert_eq!(
        store::load(&real).unwrap().case,
        case,
        "the linked file has the new content"
    );
}
