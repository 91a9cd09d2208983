//! Atomic, conflict-checked saving.
//!
//! Order of operations, so a crash at any moment leaves the old or the new file, never a mix:
//!
//! 1. serialize;
//! 2. check the file on disk still has the hash it had when loaded;
//! 3. write a temp file in the same folder and fsync it;
//! 4. copy the current file to `<name>.bak` (itself via temp + rename);
//! 5. rename the temp file over the target;
//! 6. fsync the folder.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{ContentHash, LoadError, read_limited, refuse_special, to_text};
use crate::model::Case;

/// Why a save failed. In every case the file on disk is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{path}: the file changed on disk since it was opened; not overwriting it")]
    Conflict { path: PathBuf },
    #[error("{path}: cannot save: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot serialize the case: {0}")]
    Serialize(#[from] ron::Error),
}

/// How to save.
#[derive(Clone, Debug, Default)]
pub struct SaveOptions {
    /// The hash the file had when it was loaded (or last saved). If the file on disk now has
    /// different content, the save is refused with [`SaveError::Conflict`]. `None` overwrites
    /// whatever is there (a new file, or "Save As" after the user confirmed).
    pub expected: Option<ContentHash>,
    /// Keep the previous version as `<name>.bak` (default on through [`save`]).
    pub backup: bool,
    /// Fault injection for tests: the temp-file writer fails after this many bytes.
    pub fail_after_bytes: Option<usize>,
}

/// Saves `case` to `path` atomically, keeping a backup and refusing to overwrite a file whose
/// content no longer has the hash `expected`. Returns the hash of what was written.
pub fn save(
    path: &Path,
    case: &Case,
    expected: Option<ContentHash>,
) -> Result<ContentHash, SaveError> {
    save_with(
        path,
        case,
        &SaveOptions {
            expected,
            backup: true,
            fail_after_bytes: None,
        },
    )
}

/// The backup file kept beside `path` (`sample.case.ron` → `sample.case.ron.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// [`save`] with every option.
pub fn save_with(
    path: &Path,
    case: &Case,
    options: &SaveOptions,
) -> Result<ContentHash, SaveError> {
    // Saving through a symlink updates the file it points to (the link stays a link).
    let resolved;
    let path = if path.is_symlink() {
        resolved = fs::canonicalize(path).map_err(|source| SaveError::Io {
            path: path.to_owned(),
            source,
        })?;
        resolved.as_path()
    } else {
        path
    };
    let text = to_text(case)?;
    let bytes = text.as_bytes();
    let io_err = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    // A folder, pipe or device where the case should be: never replace it.
    refuse_special(path, "a case file").map_err(io_err)?;

    if let Some(expected) = options.expected {
        match read_limited(path) {
            Ok(current) if ContentHash::of(&current) != expected => {
                return Err(SaveError::Conflict {
                    path: path.to_owned(),
                });
            }
            Ok(_) => {}
            // Deleted since it was loaded: nothing on disk can be lost by writing it again.
            Err(LoadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {}
            Err(LoadError::Io { source, .. }) => return Err(io_err(source)),
            // Grown past what Casebook loads: it is not the file that was loaded.
            Err(_) => {
                return Err(SaveError::Conflict {
                    path: path.to_owned(),
                });
            }
        }
    }

    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let tmp = temp_path(path);
    let result = (|| {
        write_synced(&tmp, bytes, options.fail_after_bytes)?;
        if options.backup && path.is_file() {
            let bak = backup_path(path);
            let bak_tmp = temp_path(&bak);
            let copied = fs::copy(path, &bak_tmp)
                .and_then(|_| File::open(&bak_tmp)?.sync_all())
                .and_then(|()| fs::rename(&bak_tmp, &bak));
            if copied.is_err() {
                let _ = fs::remove_file(&bak_tmp);
            }
            copied?;
        }
        fs::rename(&tmp, path)?;
        sync_dir(&dir)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(e));
    }
    Ok(ContentHash::of(bytes))
}

/// Writes `bytes` to `path` atomically (temp file in the same folder, fsync, rename, fsync the
/// folder): readers see the old file or the new one, never a half-written one. For exports.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    // A folder, pipe or device in the way: never replace it (as root, renaming over
    // `/dev/null` would succeed).
    refuse_special(path, "a file to write")?;
    let tmp = temp_path(path);
    let result = write_synced(&tmp, bytes, None)
        .and_then(|()| fs::rename(&tmp, path))
        .and_then(|()| sync_dir(&dir));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A unique temp-file name in the same folder as `path` (so the rename is atomic).
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "case".to_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

fn write_synced(tmp: &Path, bytes: &[u8], fail_after_bytes: Option<usize>) -> io::Result<()> {
    let file = OpenOptions::new().write(true).create_new(true).open(tmp)?;
    let mut writer = FailingWriter {
        inner: file,
        budget: fail_after_bytes,
    };
    writer.write_all(bytes)?;
    writer.flush()?;
    writer.inner.sync_all()
}

/// Makes renames in `dir` durable (fsync of the folder).
#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Makes renames in `dir` durable (nothing to do here).
#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// A writer that fails once `budget` bytes have been written (no budget: never fails).
struct FailingWriter {
    inner: File,
    budget: Option<usize>,
}

impl Write for FailingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let allowed = match self.budget {
            None => buf.len(),
            Some(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "injected failure: no space left on device",
                ));
            }
            Some(left) => buf.len().min(left),
        };
        let n = self.inner.write(&buf[..allowed])?;
        if let Some(left) = &mut self.budget {
            *left -= n;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
