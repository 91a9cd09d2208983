//! Recovery files: unsaved edits written (atomically) every few seconds while a case is dirty,
//! and by the panic hook, so a crash loses at most the last few seconds of work.
//!
//! One file per running Casebook, named after its host and process
//! (`<recovery dir>/<host>-<pid>.case.ron`): a normal case file preceded by two comment lines
//! naming the file the case came from and when it was written. At start-up, the files of
//! processes that are no longer running are offered for restore.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::lock::LockInfo;
use super::{LoadError, parse, to_text, write_atomic};
use crate::model::Case;

const MARK: &str = "// casebook-recovery";

/// Where recovery files live: `$CASEBOOK_RECOVERY_DIR`, else `$XDG_STATE_HOME/casebook/recovery`,
/// else `~/.local/state/casebook/recovery`.
pub fn recovery_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CASEBOOK_RECOVERY_DIR") {
        return PathBuf::from(dir);
    }
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir);
    state.join("casebook").join("recovery")
}

/// This process's recovery file in `dir`.
pub fn recovery_file(dir: &Path) -> PathBuf {
    let me = LockInfo::current();
    let host: String = me
        .host
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    dir.join(format!("{host}-{}.case.ron", me.pid))
}

/// Writes `case` (unsaved edits of the file `original`, if any) to `file`, atomically.
pub fn write(
    file: &Path,
    case: &Case,
    original: Option<&Path>,
    now: DateTime<Utc>,
) -> io::Result<()> {
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir)?;
    }
    let text = to_text(case).map_err(io::Error::other)?;
    let original = original
        .map(|p| p.display().to_string())
        .filter(|p| !p.contains('\n'))
        .unwrap_or_default();
    let body = format!(
        "{MARK} saved={}\n// original={original}\n{text}",
        now.to_rfc3339()
    );
    write_atomic(file, body.as_bytes())
}

/// A recovery file found at start-up.
#[derive(Clone, Debug)]
pub struct Recovery {
    /// The recovery file itself.
    pub file: PathBuf,
    /// The case file the edits belong to (`None`: a case never saved).
    pub original: Option<PathBuf>,
    pub saved: Option<DateTime<Utc>>,
    pub title: String,
}

fn header(text: &str) -> Option<(Option<DateTime<Utc>>, Option<PathBuf>)> {
    let mut lines = text.lines();
    let first = lines.next()?.strip_prefix(MARK)?;
    let saved = first
        .trim()
        .strip_prefix("saved=")
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    let original = lines
        .next()?
        .strip_prefix("// original=")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    Some((saved, original))
}

/// Recovery files in `dir` left by processes that are no longer running, newest first.
pub fn orphans(dir: &Path) -> Vec<Recovery> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let me = recovery_file(dir);
    let mut found: Vec<Recovery> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".case.ron") && *p != me)
        .filter(|p| !owner_alive(p))
        .filter_map(|file| {
            let bytes = super::read_limited(&file).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            let (saved, original) = header(&text)?;
            let title = parse(&text, &file).ok()?.info.title;
            Some(Recovery {
                file,
                original,
                saved,
                title,
            })
        })
        .collect();
    found.sort_by_key(|r| std::cmp::Reverse(r.saved));
    found
}

/// Whether the process named in a recovery file's name still runs (then it is not an orphan).
fn owner_alive(file: &Path) -> bool {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.trim_end_matches(".case.ron");
    let Some((host, pid)) = stem.rsplit_once('-') else {
        return false;
    };
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    let me = LockInfo::current();
    let my_host: String = me
        .host
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    if host != my_host {
        // Another machine's (a shared home folder): leave it to that machine.
        return true;
    }
    !LockInfo {
        host: me.host,
        pid,
        since: None,
    }
    .is_stale()
}

/// Loads the case in a recovery file.
pub fn load(file: &Path) -> Result<Case, LoadError> {
    let bytes = super::read_limited(file)?;
    let text = String::from_utf8_lossy(&bytes);
    parse(&text, file)
}
