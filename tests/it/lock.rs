#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Two instances, one file: the lock file beside a case names who has it open; a second opener
//! is warned; a stale lock (its process gone) is taken over; closing removes it.

use crate::common;

use std::path::PathBuf;

use casebook::store::{self, CaseLock, LockError};

fn case_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.case.ron");
    std::fs::copy(common::sample_path(), &path).unwrap();
    (dir, path)
}

#[test]
fn a_second_lock_on_an_open_case_is_refused_naming_the_holder() {
    let (_dir, path) = case_copy();
    let first = CaseLock::acquire(&path, false).unwrap();
    assert!(first.path().exists(), "the lock file is beside the case");
    let text = std::fs::read_to_string(first.path()).unwrap();
    assert!(text.contains(&format!("pid={}", std::process::id())));
    match CaseLock::acquire(&path, false) {
        Err(LockError::Held(holder)) => {
            assert_eq!(holder.pid, std::process::id());
            assert!(holder.describe().contains("process"));
        }
        other => panic!("expected the lock to be held, got {other:?}"),
    }
    drop(first);
    assert!(
        !store::lock_path(&path).exists(),
        "closing removes the lock"
    );
    CaseLock::acquire(&path, false).expect("free again after closing");
}

#[test]
fn a_stale_lock_from_a_dead_process_is_taken_over() {
    let (_dir, path) = case_copy();
    // A process that has ended: its pid is no longer running.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let holder = CaseLock::holder(&path);
    assert!(holder.is_none());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default();
    std::fs::write(
        store::lock_path(&path),
        format!("casebook-lock\nhost={host}\npid={dead}\nsince=2026-11-28T12:00:00Z\n"),
    )
    .unwrap();
    assert!(CaseLock::holder(&path).unwrap().is_stale());
    let lock = CaseLock::acquire(&path, false).expect("a stale lock is taken over");
    assert_eq!(
        CaseLock::holder(&path).unwrap().pid,
        std::process::id(),
        "the lock now names this process"
    );
    drop(lock);
}

#[test]
fn open_anyway_takes_over_and_the_first_holder_leaves_the_new_lock_alone() {
    let (_dir, path) = case_copy();
    let first = CaseLock::acquire(&path, false).unwrap();
    let second = CaseLock::acquire(&path, true).expect("taking over on purpose");
    drop(first);
    assert!(
        store::lock_path(&path).exists(),
        "the first holder does not remove a lock it no longer owns"
    );
    drop(second);
    assert!(!store::lock_path(&path).exists());
}

#[cfg(feature = "gui")]
mod gui {
    use super::*;
    use casebook::ui::CasebookApp;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    fn harness(app: CasebookApp) -> Harness<'static, CasebookApp> {
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 1000.0))
            .build_ui_state(|ui, app: &mut CasebookApp| app.show(ui), app);
        h.run();
        h
    }

    #[test]
    fn opening_a_case_open_in_another_window_warns_and_cancel_keeps_it_closed() {
        let (_dir, path) = case_copy();
        let first = harness(CasebookApp::headless_with_locks(Some(path.clone())));
        assert!(first.state().document().is_some());
        assert!(
            store::lock_path(&path).exists(),
            "the app locks what it opens"
        );

        let mut second = harness(CasebookApp::headless_with_locks(Some(path.clone())));
        second.get_by_label("This case is open elsewhere");
        assert!(
            second.state().document().is_none(),
            "not opened before the user chooses"
        );
        second.get_by_label("Cancel").click();
        second.run();
        assert!(second.state().document().is_none());

        let mut third = harness(CasebookApp::headless_with_locks(Some(path.clone())));
        third.get_by_label("Open anyway").click();
        third.run();
        assert!(third.state().document().is_some(), "Open anyway opens it");
        drop(first);
        drop(third);
        assert!(
            !store::lock_path(&path).exists(),
            "closing the last window unlocks"
        );
    }
}
