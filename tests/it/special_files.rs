//! Hostile files that are not files: a named pipe, a device or a socket where a case, a lock
//! file or a recovery file should be. Opening a pipe for reading waits for a writer forever and
//! `/dev/zero` never ends, so each of these would hang Casebook or fill its memory; instead each
//! is refused at once with a message saying what it is, and nothing is replaced.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use casebook::store::{self, CaseLock, LoadError, SaveError};
use common::{sample, sample_path, temp_files};

/// Runs `f` on another thread and fails the test if it takes more than 20 seconds (a hang).
#[track_caller]
fn promptly<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("{what} hung"))
}

/// A named pipe at `path`.
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    std::fs::symlink_metadata(path)
        .map(|m| m.file_type().is_fifo())
        .unwrap_or(false)
}

fn pipe_in_temp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    mkfifo(&path);
    (dir, path)
}

#[test]
fn opening_a_named_pipe_is_refused_at_once_naming_it() {
    let (_dir, path) = pipe_in_temp("pipe.case.ron");
    let p = path.clone();
    let err = promptly("loading a named pipe", move || store::load(&p).unwrap_err());
    assert!(matches!(err, LoadError::Io { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: cannot read: is a named pipe, not a case file",
            path.display()
        )
    );
}

#[test]
fn a_case_file_linked_to_an_endless_device_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    for device in ["/dev/zero", "/dev/urandom"] {
        let link = dir.path().join(format!("{}.case.ron", &device[5..]));
        std::os::unix::fs::symlink(device, &link).unwrap();
        let l = link.clone();
        let err = promptly("loading a device", move || store::load(&l).unwrap_err());
        assert!(
            err.to_string().ends_with("is a device, not a case file"),
            "{device}: {err}"
        );
        // The recovery loader shares the reader.
        let l = link.clone();
        let err = promptly("restoring from a device", move || {
            store::recovery::load(&l).unwrap_err()
        });
        assert!(err.to_string().contains("is a device"), "{err}");
    }
}

#[test]
fn the_command_line_reports_a_pipe_and_exits() {
    let (_dir, path) = pipe_in_temp("pipe.case.ron");
    let p = path.clone();
    let out = promptly("casebook validate on a pipe", move || {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .arg("validate")
            .arg(&p)
            .output()
            .unwrap()
    });
    assert!(!out.status.success());
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.starts_with(&path.display().to_string())
            && shown.contains("cannot read: is a named pipe, not a case file"),
        "{shown}"
    );
}

#[test]
fn saving_over_a_named_pipe_is_refused_and_the_pipe_stays() {
    let (dir, path) = pipe_in_temp("pipe.case.ron");
    for expected in [None, Some(store::ContentHash::of(b"whatever was loaded"))] {
        let p = path.clone();
        let err = promptly("saving over a pipe", move || {
            store::save(&p, &sample(), expected).unwrap_err()
        });
        assert!(matches!(err, SaveError::Io { .. }), "{err:?}");
        assert!(err.to_string().contains("is a named pipe"), "{err}");
        assert!(is_fifo(&path), "the pipe is left as it was");
    }
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    assert!(!store::backup_path(&path).exists(), "no backup of a pipe");
}

#[test]
fn exporting_onto_a_named_pipe_is_refused() {
    let (_dir, path) = pipe_in_temp("report.pdf");
    let p = path.clone();
    let err = promptly("exporting onto a pipe", move || {
        store::write_atomic(&p, b"%PDF-").unwrap_err()
    });
    assert!(err.to_string().contains("is a named pipe"), "{err}");
    assert!(is_fifo(&path));
}

fn case_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.case.ron");
    std::fs::copy(sample_path(), &path).unwrap();
    (dir, path)
}

#[test]
fn a_pipe_or_a_huge_file_as_lock_file_is_replaced_like_a_stale_lock() {
    // A pipe: reading it would wait forever.
    let (_dir, path) = case_copy();
    mkfifo(&store::lock_path(&path));
    let p = path.clone();
    assert_eq!(
        promptly("who holds a pipe lock", move || CaseLock::holder(&p)),
        None
    );
    let p = path.clone();
    let lock = promptly("locking past a pipe", move || {
        CaseLock::acquire(&p, false).unwrap()
    });
    let text = std::fs::read_to_string(lock.path()).unwrap();
    assert!(
        text.contains(&format!("pid={}", std::process::id())),
        "{text}"
    );
    drop(lock);
    assert!(
        !store::lock_path(&path).exists(),
        "closing removes our lock"
    );

    // 64 MB of a lock file: not read into memory, not believed.
    let (_dir, path) = case_copy();
    let mut huge = b"casebook-lock\nhost=elsewhere\npid=1\n".to_vec();
    huge.resize(64 << 20, b'x');
    std::fs::write(store::lock_path(&path), &huge).unwrap();
    assert_eq!(CaseLock::holder(&path), None);
    let lock = CaseLock::acquire(&path, false).unwrap();
    assert!(std::fs::metadata(lock.path()).unwrap().len() < 200);
}

#[test]
fn a_folder_where_the_lock_file_goes_is_an_error_naming_it() {
    let (_dir, path) = case_copy();
    let lock = store::lock_path(&path);
    std::fs::create_dir(&lock).unwrap();
    std::fs::write(lock.join("keep.txt"), "x").unwrap();
    match CaseLock::acquire(&path, false) {
        Err(store::LockError::Io { path: p, source }) => {
            assert_eq!(p, lock);
            // The real reason, not a vague "keeps changing".
            assert_eq!(source.kind(), std::io::ErrorKind::IsADirectory, "{source}");
        }
        other => panic!("expected an I/O error on the lock, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(lock.join("keep.txt")).unwrap(), "x");
}

#[test]
fn a_pipe_among_recovery_files_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    // Named like the recovery file of a process on this machine that is gone.
    let ours = store::recovery::recovery_file(dir.path());
    let name = ours.file_name().unwrap().to_string_lossy().replace(
        &format!("-{}.case.ron", std::process::id()),
        "-999999999.case.ron",
    );
    mkfifo(&dir.path().join(name));
    let d = dir.path().to_path_buf();
    let found = promptly("listing recovery files", move || {
        store::recovery::orphans(&d).len()
    });
    assert_eq!(found, 0);
}
