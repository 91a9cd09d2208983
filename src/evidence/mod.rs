//! Evidence files: captured into a case's evidence folder with their SHA-256, verified, and
//! logged in an append-only custody log.
//!
//! - [`capture`] copies a file in (never moving or changing the original) and describes the copy
//!   as a [`model::Evidence`]; [`add_to_case`] makes it a source of the case (and of a record).
//! - [`verify`] says of every listed file whether it is ok, changed or missing, and lists files
//!   the case does not know (unexpected), plus the state of the custody log's chain.
//! - [`custody`] is the log: who added, verified, exported, archived or removed which file, when,
//!   with its hash; each entry carries the hash of the one before it.
//!
//! Depends on `model` and `store`; never on the UI. Nothing here writes to an evidence file
//! after it was copied in (copies are made read-only).

pub mod archive;
pub mod custody;
pub mod media;
pub mod picture;
mod relocate;
mod verify;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, Utc};
use sha2::{Digest as _, Sha256};

use crate::model::{self, Case, Evidence, Meta, Source, SourceId, When};

pub use custody::{ChainState, CustodyEntry, CustodyEvent};
pub use relocate::relocate;
pub use verify::{FileCheck, FileState, Verification, verify, verify_file};

/// The largest file Casebook copies into a case: 200 MB. Screenshots, letters, JSON exports and
/// short screen recordings fit; a disk image does not belong in a case file's folder.
pub const MAX_EVIDENCE_BYTES: u64 = 200 * 1000 * 1000;

/// The custody log's name inside the evidence folder.
pub const CUSTODY_LOG: &str = "custody.log";

/// The evidence folder of a case: `NAME.evidence` beside `NAME.case.ron`.
pub fn folder_for(case_file: &Path) -> PathBuf {
    let name = case_file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("case");
    let stem = name
        .strip_suffix(".case.ron")
        .or_else(|| name.strip_suffix(".ron"))
        .unwrap_or(name);
    case_file.with_file_name(format!("{stem}.evidence"))
}

/// The folder name as it appears in an [`Evidence::file`] path (`"NAME.evidence"`).
pub fn folder_name(case_file: &Path) -> String {
    folder_for(case_file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What a person says about a file they capture (all optional).
#[derive(Clone, Debug, Default)]
pub struct CaptureInfo {
    /// Where it was captured from (the post's or page's address).
    pub url: String,
    pub captured_by: String,
    pub captured_at: Option<When>,
    pub description: String,
    pub safe_to_share: bool,
    /// Who is adding it (the person at the keyboard); [`current_user`] when empty.
    pub added_by: String,
}

/// Why a file could not be captured. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("{}: cannot read it: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{}: this is a symbolic link; add the file it points to instead", .0.display())]
    Symlink(PathBuf),
    #[error("{}: this is a folder; add the files in it one by one", .0.display())]
    Folder(PathBuf),
    #[error("{}: this is not a regular file (a device, a pipe or a socket)", .0.display())]
    Special(PathBuf),
    #[error(
        "{}: the file is {} — larger than the {} Casebook copies into a case",
        .path.display(), model::evidence::size_text(*.size), model::evidence::size_text(MAX_EVIDENCE_BYTES)
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: could not copy it into {}: {source}", .path.display(), .folder.display())]
    Write {
        path: PathBuf,
        folder: PathBuf,
        source: io::Error,
    },
    #[error("{}: the file changed while it was being copied; try again", .0.display())]
    ChangedWhileCopying(PathBuf),
    #[error("the case has not been saved yet: save it first, so its evidence folder has a place")]
    Unsaved,
    #[error("\"{path}\" would lie outside the case's evidence folder")]
    OutsideFolder { path: String },
}

/// A file copied into the evidence folder, not yet part of the case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captured {
    pub evidence: Evidence,
    /// The copy on disk.
    pub path: PathBuf,
    /// Where it was captured from (for the source's address).
    pub url: String,
}

/// The person at the keyboard, as the system names them ("alice"), or "unknown".
pub fn current_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|s| s.trim().to_owned())
        .find(|s| !s.is_empty())
        .or_else(user_from_passwd)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The name of this process's user in /etc/passwd (when the environment names none).
#[cfg(unix)]
fn user_from_passwd() -> Option<String> {
    use std::os::unix::fs::MetadataExt as _;
    let uid = fs::metadata("/proc/self").ok()?.uid();
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id = fields.nth(1)?.parse::<u32>().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_owned())
    })
}

#[cfg(not(unix))]
fn user_from_passwd() -> Option<String> {
    None
}

/// Copies `original` into the evidence folder of `case_file`, hashing it on the way, and
/// describes the copy. The original is only read. The copy is written under a temporary name,
/// synced, made read-only and renamed into place, so a failure leaves nothing half-copied. A
/// name already taken gets " (2)", " (3)"… before its extension: both files are kept.
///
/// The custody log is not touched: call [`custody::append`] once the case lists the file.
pub fn capture(
    case_file: &Path,
    original: &Path,
    info: &CaptureInfo,
    now: DateTime<Utc>,
) -> Result<Captured, EvidenceError> {
    let read_err = |source| EvidenceError::Read {
        path: original.to_owned(),
        source,
    };
    let meta = fs::symlink_metadata(original).map_err(read_err)?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(EvidenceError::Symlink(original.to_owned()));
    }
    if kind.is_dir() {
        return Err(EvidenceError::Folder(original.to_owned()));
    }
    if !kind.is_file() {
        return Err(EvidenceError::Special(original.to_owned()));
    }
    if meta.len() > MAX_EVIDENCE_BYTES {
        return Err(EvidenceError::TooLarge {
            path: original.to_owned(),
            size: meta.len(),
        });
    }
    let mut input = store_open(original).map_err(read_err)?;

    let folder = folder_for(case_file);
    let write_err = |source| EvidenceError::Write {
        path: original.to_owned(),
        folder: folder.clone(),
        source,
    };
    fs::create_dir_all(&folder).map_err(write_err)?;
    let original_name = original
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let name = unique_name(&folder, &safe_name(&original_name));
    let temp = folder.join(format!(".{name}.partial"));
    let copied = copy_hashing(&mut input, &temp, original).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })?;
    let (sha256, size, head) = copied;
    let finish = || -> io::Result<()> {
        let mut perms = fs::metadata(&temp)?.permissions();
        perms.set_readonly(true);
        fs::set_permissions(&temp, perms)?;
        // No-clobber: a hard link fails if the name was taken meanwhile.
        fs::hard_link(&temp, folder.join(&name))?;
        fs::remove_file(&temp)?;
        crate::store::sync_dir(&folder)?;
        Ok(())
    };
    if let Err(e) = finish() {
        let _ = fs::remove_file(&temp);
        return Err(write_err(e));
    }
    let media_type = media::sniff(&head, &original_name).to_owned();
    let evidence = Evidence {
        file: format!("{}/{name}", folder_name(case_file)),
        sha256,
        size,
        media_type,
        original_name,
        description: info.description.trim().to_owned(),
        added_at: now,
        added_by: if info.added_by.trim().is_empty() {
            current_user()
        } else {
            info.added_by.trim().to_owned()
        },
        captured_by: info.captured_by.trim().to_owned(),
        captured_at: info.captured_at.clone(),
        safe_to_share: info.safe_to_share,
    };
    Ok(Captured {
        path: folder.join(&name),
        evidence,
        url: info.url.trim().to_owned(),
    })
}

/// Removes a copy that never made it into the case (the case could not be saved).
pub fn discard(captured: &Captured) {
    if let Ok(meta) = fs::metadata(&captured.path) {
        let mut perms = meta.permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        let _ = fs::set_permissions(&captured.path, perms);
    }
    let _ = fs::remove_file(&captured.path);
}

/// The source a captured file becomes: titled by its description or file name, at the address
/// it was captured from, accessed when it was captured.
pub fn source_for(captured: &Captured, now: DateTime<Utc>) -> Source {
    let e = &captured.evidence;
    let title = if e.description.is_empty() {
        e.original_name.clone()
    } else {
        model::excerpt(&e.description, 120)
    };
    Source {
        id: SourceId::generate(),
        title,
        publisher: String::new(),
        url: captured.url.clone(),
        also_at: Vec::new(),
        published: None,
        accessed: e.captured_at.clone(),
        evidence: Some(e.clone()),
        meta: Meta::new(now),
    }
}

/// Adds the captured file to `case` as a source, cited by the record `to` (an id) if given.
/// Returns the new source's id; the case is unchanged when `to` names no record.
pub fn add_to_case(
    case: &mut Case,
    captured: &Captured,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SourceId, String> {
    let source = source_for(captured, now);
    let id = source.id.clone();
    if let Some(to) = to {
        let meta = record_meta_mut(case, to).ok_or_else(|| {
            format!("no record with the id \"{to}\" in the case (see `casebook show --ids`)")
        })?;
        meta.sources.push(id.clone());
        meta.updated = now;
    }
    case.sources.push(source);
    case.info.updated = now;
    Ok(id)
}

/// The metadata of the record whose id is `id`, of any kind.
pub fn record_meta_mut<'a>(case: &'a mut Case, id: &str) -> Option<&'a mut Meta> {
    let Case {
        accounts,
        staff,
        outsiders,
        actions,
        statements,
        sources,
        ..
    } = case;
    if let Some(r) = accounts.iter_mut().find(|r| r.id.0 == id) {
        return Some(&mut r.meta);
    }
    if let Some(r) = staff.iter_mut().find(|r| r.id.0 == id) {
        return Some(&mut r.meta);
    }
    if let Some(r) = outsiders.iter_mut().find(|r| r.id.0 == id) {
        return Some(&mut r.meta);
    }
    if let Some(r) = actions.iter_mut().find(|r| r.id.0 == id) {
        return Some(&mut r.meta);
    }
    if let Some(r) = statements.iter_mut().find(|r| r.id.0 == id) {
        return Some(&mut r.meta);
    }
    if let Some(r) = sources.iter_mut().find(|r| r.id.0 == id) {
        return Some(&mut r.meta);
    }
    None
}

/// Where an evidence path (relative to the case folder, `/`-separated) is on disk, refusing any
/// path that would leave the evidence folder (`..`, absolute paths, another folder).
pub fn resolve(case_file: &Path, file: &str) -> Result<PathBuf, EvidenceError> {
    let outside = || EvidenceError::OutsideFolder {
        path: file.to_owned(),
    };
    let rel = Path::new(file);
    if file.contains('\\') || rel.is_absolute() {
        return Err(outside());
    }
    let mut parts = rel.components();
    let first = parts.next().ok_or_else(outside)?;
    if first.as_os_str() != folder_for(case_file).file_name().unwrap_or_default() {
        return Err(outside());
    }
    let rest: Vec<_> = parts.collect();
    if rest.is_empty() || rest.iter().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(outside());
    }
    let mut path = folder_for(case_file);
    for c in rest {
        path.push(c.as_os_str());
    }
    Ok(path)
}

/// SHA-256 of a reader, as 64 lowercase hex digits, and the bytes read.
pub fn hash_reader(mut reader: impl io::Read) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hex(&hasher.finalize()), total))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of bytes as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn store_open(path: &Path) -> io::Result<File> {
    crate::store::open_regular(path, "evidence file")
}

/// Copies `input` to a new file at `temp`, hashing it; at most [`MAX_EVIDENCE_BYTES`] (a file
/// that grows while being copied is refused). Returns the hash, the size and the first bytes
/// (for the media type).
fn copy_hashing(
    input: &mut File,
    temp: &Path,
    original: &Path,
) -> Result<(String, u64, Vec<u8>), EvidenceError> {
    let write_err = |source| EvidenceError::Write {
        path: original.to_owned(),
        folder: temp.parent().map(Path::to_path_buf).unwrap_or_default(),
        source,
    };
    let mut out = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)
        .map_err(write_err)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    let mut head = Vec::new();
    loop {
        let n = input.read(&mut buf).map_err(|source| EvidenceError::Read {
            path: original.to_owned(),
            source,
        })?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > MAX_EVIDENCE_BYTES {
            return Err(EvidenceError::ChangedWhileCopying(original.to_owned()));
        }
        if head.len() < 64 {
            head.extend_from_slice(&buf[..n.min(64 - head.len())]);
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(write_err)?;
    }
    out.sync_all().map_err(write_err)?;
    Ok((hex(&hasher.finalize()), total, head))
}

/// A file name safe in any file system: no separators, control characters or leading dots;
/// not empty; at most 120 characters (the extension kept).
pub fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    let cleaned = if cleaned.is_empty() || cleaned == CUSTODY_LOG {
        format!("file {cleaned}").trim().to_owned()
    } else {
        cleaned
    };
    if cleaned.chars().count() <= 120 {
        return cleaned;
    }
    let (stem, ext) = split_ext(&cleaned);
    let keep: String = stem
        .chars()
        .take(120 - ext.chars().count().min(20))
        .collect();
    format!("{keep}{}", ext.chars().take(20).collect::<String>())
}

/// `("photo", ".png")` from `"photo.png"`; no extension for a name without one.
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

/// `name`, or `name (2)`, `name (3)`… — the first that is not taken in `folder`.
fn unique_name(folder: &Path, name: &str) -> String {
    let taken = |n: &str| {
        fs::symlink_metadata(folder.join(n)).is_ok()
            || fs::symlink_metadata(folder.join(format!(".{n}.partial"))).is_ok()
    };
    if !taken(name) {
        return name.to_owned();
    }
    let (stem, ext) = split_ext(name);
    (2..)
        .map(|i| format!("{stem} ({i}){ext}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_sits_beside_the_case() {
        assert_eq!(
            folder_for(Path::new("/cases/takeover.case.ron")),
            Path::new("/cases/takeover.evidence")
        );
        assert_eq!(folder_name(Path::new("x.ron")), "x.evidence");
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(safe_name("a/b\\c.png"), "a_b_c.png");
        assert_eq!(safe_name("..hidden"), "hidden");
        assert_eq!(safe_name(""), "file");
        assert_eq!(safe_name("custody.log"), "file custody.log");
        let long = format!("{}.png", "x".repeat(300));
        let safe = safe_name(&long);
        assert!(safe.ends_with(".png") && safe.chars().count() <= 120);
    }

    #[test]
    fn paths_cannot_leave_the_folder() {
        let case = Path::new("/c/t.case.ron");
        assert!(resolve(case, "t.evidence/a.png").is_ok());
        for bad in [
            "t.evidence/../x",
            "/etc/passwd",
            "other.evidence/a.png",
            "t.evidence",
            "t.evidence\\..\\x",
        ] {
            assert!(resolve(case, bad).is_err(), "{bad}");
        }
    }
}
