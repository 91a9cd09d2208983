//! The sealed archive: one ZIP file holding a case file, its evidence folder (with the custody
//! log), its PDF report and a manifest giving every file's SHA-256 and size, the Casebook version
//! and the time — readable by any unzip tool, and checkable without unpacking it.
//!
//! Layout (`NAME` is the case file's name without `.case.ron`):
//!
//! ```text
//! NAME/NAME.case.ron
//! NAME/NAME.evidence/…            (the listed files and custody.log)
//! NAME/NAME-report.pdf
//! NAME/MANIFEST.txt               (plain text: version, time, then "sha256  size  path" lines)
//! NAME/SHA256SUMS                 (the same hashes for `sha256sum -c`, after unzipping)
//! ```
//!
//! Pictures, PDFs and other already-compressed files are stored; text is deflated. Entries are
//! never decrypted, never symlinks. The report is rendered by the caller (this module does not
//! depend on `export`). Depends on `model`, `store` and the rest of `evidence`; never on the UI.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike as _, SecondsFormat, Timelike as _, Utc};
use sha2::{Digest as _, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::custody::{self, ChainState, CustodyEvent};
use super::{CUSTODY_LOG, FileState, folder_name, hex, resolve, verify_file};
use crate::model::{Case, Evidence};

/// The manifest's name in the archive's folder.
pub const MANIFEST: &str = "MANIFEST.txt";
/// `sha256sum -c` input beside it.
pub const SUMS: &str = "SHA256SUMS";
/// The first line of a manifest.
const MANIFEST_TITLE: &str = "Casebook sealed archive";
/// Where the file list starts in a manifest.
const LIST_HEADER: &str = "sha256  size  path";
/// The most entries an archive may hold, and the most bytes read from one (a damaged or
/// hostile archive cannot make `verify` run for ever).
const MAX_ENTRIES: usize = 100_000;
const MAX_ENTRY_BYTES: u64 = super::MAX_EVIDENCE_BYTES + 1;

/// Why an archive could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: not a readable ZIP archive: {source}", .path.display())]
    Zip {
        path: PathBuf,
        source: zip::result::ZipError,
    },
    #[error(
        "not archived: evidence file {file} is {state}. Run `casebook verify` on the case; an \
         archive seals the evidence as it was captured"
    )]
    Evidence { file: String, state: String },
    #[error("{}: {why}", .path.display())]
    Invalid { path: PathBuf, why: String },
}

/// What was written.
#[derive(Clone, Debug)]
pub struct Written {
    /// Every file in the archive but the manifest and sums (path inside the archive, size).
    pub files: Vec<(String, u64)>,
    /// Listed files in the evidence folder the case does not list, left out.
    pub left_out: Vec<String>,
}

/// The top folder of an archive of `case_file` ("NAME").
pub fn top_folder(case_file: &Path) -> String {
    let name = case_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".case.ron")
        .or_else(|| name.strip_suffix(".ron"))
        .unwrap_or(&name);
    let stem = super::safe_name(stem);
    if stem.is_empty() { "case".into() } else { stem }
}

/// Writes the sealed archive of the case saved at `case_file` (as `case`, loaded from it) to
/// `out`, with its PDF report (`report_pdf`). Every listed evidence file is checked first: a
/// changed or missing one refuses the archive. An "archived" entry per file is appended to the
/// custody log before the log itself is copied in, so the archive records its own sealing.
/// The ZIP is written beside `out` under a temporary name and renamed into place.
pub fn write(
    case_file: &Path,
    case: &Case,
    report_pdf: &[u8],
    out: &Path,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Written, ArchiveError> {
    let listed: Vec<&Evidence> = case
        .sources
        .iter()
        .filter_map(|s| s.evidence.as_ref())
        .collect();
    for e in &listed {
        let state = verify_file(case_file, e);
        if !state.is_ok() {
            return Err(ArchiveError::Evidence {
                file: e.file.clone(),
                state: state.explain(),
            });
        }
    }
    let io_err = |path: &Path| {
        let path = path.to_owned();
        move |source| ArchiveError::Io { path, source }
    };
    let out_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !listed.is_empty() {
        let entries: Vec<custody::NewEntry> = listed
            .iter()
            .map(|e| custody::NewEntry {
                event: CustodyEvent::Archived,
                by: by.to_owned(),
                file: e.file.clone(),
                sha256: e.sha256.clone(),
                note: format!("sealed into {out_name}"),
            })
            .collect();
        custody::append(case_file, &entries, now).map_err(io_err(&custody::log_path(case_file)))?;
    }

    let top = top_folder(case_file);
    let case_name = case_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{top}.case.ron"));
    // (path inside the archive's folder, file on disk or bytes)
    let mut files: Vec<(String, Source)> =
        vec![(case_name.clone(), Source::Disk(case_file.into()))];
    for e in &listed {
        let path = resolve(case_file, &e.file).map_err(|err| ArchiveError::Invalid {
            path: case_file.to_owned(),
            why: err.to_string(),
        })?;
        files.push((e.file.clone(), Source::Disk(path)));
    }
    let log = custody::log_path(case_file);
    if log.is_file() {
        files.push((
            format!("{}/{CUSTODY_LOG}", folder_name(case_file)),
            Source::Disk(log),
        ));
    }
    files.push((
        format!("{top}-report.pdf"),
        Source::Bytes(report_pdf.to_vec()),
    ));
    let left_out = unlisted(case_file, &listed);

    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = dir.join(format!(".{out_name}.partial-{}", std::process::id()));
    let result = write_zip(&temp, &top, &files, now).and_then(|written| {
        fs::rename(&temp, out).map_err(io_err(out))?;
        Ok(written)
    });
    let written = match result {
        Ok(w) => w,
        Err(e) => {
            let _ = fs::remove_file(&temp);
            // The log already says "sealed into …": say that it was not, rather than leave it.
            let entries: Vec<custody::NewEntry> = listed
                .iter()
                .map(|ev| custody::NewEntry {
                    event: CustodyEvent::Archived,
                    by: by.to_owned(),
                    file: ev.file.clone(),
                    sha256: ev.sha256.clone(),
                    note: format!("NOT sealed: writing {out_name} failed ({e})"),
                })
                .collect();
            let _ = custody::append(case_file, &entries, Utc::now());
            return Err(e);
        }
    };
    crate::store::sync_dir(dir).map_err(io_err(dir))?;
    Ok(Written {
        files: written,
        left_out,
    })
}

/// Files in the evidence folder that the case does not list (and are not the log).
fn unlisted(case_file: &Path, listed: &[&Evidence]) -> Vec<String> {
    let prefix = folder_name(case_file);
    let Ok(read) = fs::read_dir(super::folder_for(case_file)) else {
        return Vec::new();
    };
    let mut out: Vec<String> = read
        .flatten()
        .map(|e| format!("{prefix}/{}", e.file_name().to_string_lossy()))
        .filter(|rel| {
            rel != &format!("{prefix}/{CUSTODY_LOG}") && !listed.iter().any(|e| &e.file == rel)
        })
        .collect();
    out.sort();
    out
}

enum Source {
    Disk(PathBuf),
    Bytes(Vec<u8>),
}

/// Writes the ZIP: each file hashed as it is copied in, then the manifest and the sums.
fn write_zip(
    temp: &Path,
    top: &str,
    files: &[(String, Source)],
    now: DateTime<Utc>,
) -> Result<Vec<(String, u64)>, ArchiveError> {
    let io_err = |path: &Path| {
        let path = path.to_owned();
        move |source| ArchiveError::Io { path, source }
    };
    let zip_err = |source| ArchiveError::Zip {
        path: temp.to_owned(),
        source,
    };
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(temp)
        .map_err(io_err(temp))?;
    let mut zip = ZipWriter::new(file);
    let time = zip::DateTime::from_date_and_time(
        now.year().clamp(1980, 2107) as u16,
        now.month() as u8,
        now.day() as u8,
        now.hour() as u8,
        now.minute() as u8,
        now.second() as u8,
    )
    .unwrap_or_default();
    let options = |name: &str, head: &[u8]| {
        let method = if already_compressed(head, name) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .unix_permissions(0o644)
    };
    let mut listed = Vec::new();
    for (name, source) in files {
        let path = format!("{top}/{name}");
        let (sha256, size) = match source {
            Source::Disk(disk) => {
                let mut input =
                    crate::store::open_regular(disk, "file to archive").map_err(io_err(disk))?;
                let mut head = [0u8; 64];
                let n = input.read(&mut head).map_err(io_err(disk))?;
                zip.start_file(&path, options(name, &head[..n]))
                    .map_err(zip_err)?;
                let mut hasher = Sha256::new();
                hasher.update(&head[..n]);
                zip.write_all(&head[..n]).map_err(io_err(temp))?;
                let mut total = n as u64;
                let mut buf = vec![0u8; 256 * 1024];
                loop {
                    let k = input.read(&mut buf).map_err(io_err(disk))?;
                    if k == 0 {
                        break;
                    }
                    hasher.update(&buf[..k]);
                    zip.write_all(&buf[..k]).map_err(io_err(temp))?;
                    total += k as u64;
                }
                (hex(&hasher.finalize()), total)
            }
            Source::Bytes(bytes) => {
                zip.start_file(&path, options(name, bytes))
                    .map_err(zip_err)?;
                zip.write_all(bytes).map_err(io_err(temp))?;
                (super::sha256_hex(bytes), bytes.len() as u64)
            }
        };
        listed.push((name.clone(), sha256, size));
    }
    let manifest = manifest_text(top, &listed, now);
    let sums: String = listed
        .iter()
        .map(|(name, sha, _)| format!("{sha}  {name}\n"))
        .collect();
    for (name, text) in [(MANIFEST, manifest), (SUMS, sums)] {
        zip.start_file(format!("{top}/{name}"), options(name, b""))
            .map_err(zip_err)?;
        zip.write_all(text.as_bytes()).map_err(io_err(temp))?;
    }
    let file = zip.finish().map_err(zip_err)?;
    file.sync_all().map_err(io_err(temp))?;
    Ok(listed.into_iter().map(|(n, _, s)| (n, s)).collect())
}

/// Whether a file is compressed already (pictures, PDF, ZIP, video, audio): stored as it is.
fn already_compressed(head: &[u8], name: &str) -> bool {
    let kind = super::media::sniff(head, name);
    kind.starts_with("image/") && kind != "image/svg+xml"
        || kind.starts_with("video/")
        || kind.starts_with("audio/")
        || matches!(kind, "application/pdf" | "application/zip")
}

/// The manifest: who wrote it, when, with which Casebook, then one line per file.
fn manifest_text(top: &str, files: &[(String, String, u64)], now: DateTime<Utc>) -> String {
    let mut out = format!(
        "{MANIFEST_TITLE}\n\
         Written: {}\n\
         Casebook version: {}\n\
         Case: {top}\n\
         Files: {} (below: SHA-256, size in bytes, path inside the folder {top}/). {SUMS} holds\n\
         the same hashes: after unzipping, `sha256sum -c {SUMS}` in that folder checks them.\n\
         `casebook verify` checks them without unpacking, and the case's own evidence hashes.\n\n\
         {LIST_HEADER}\n",
        now.to_rfc3339_opts(SecondsFormat::Secs, true),
        env!("CARGO_PKG_VERSION"),
        files.len(),
    );
    for (name, sha, size) in files {
        out.push_str(&format!("{sha}  {size}  {name}\n"));
    }
    out
}

/// Reads a manifest's file list: path → (sha256, size).
fn parse_manifest(text: &str) -> Result<BTreeMap<String, (String, u64)>, String> {
    if !text.starts_with(MANIFEST_TITLE) {
        return Err("it does not start with \"Casebook sealed archive\"".into());
    }
    let mut lines = text.lines().skip_while(|l| *l != LIST_HEADER);
    if lines.next().is_none() {
        return Err(format!("it has no \"{LIST_HEADER}\" line"));
    }
    let mut out = BTreeMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let parsed = line.split_once("  ").and_then(|(sha, rest)| {
            let (size, name) = rest.split_once("  ")?;
            Some((sha, size.parse::<u64>().ok()?, name))
        });
        let Some((sha, size, name)) = parsed else {
            return Err(format!("unreadable line \"{line}\""));
        };
        out.insert(name.to_owned(), (sha.to_owned(), size));
    }
    Ok(out)
}

/// One finding of [`verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveCheck {
    /// The path inside the archive's folder (or "MANIFEST.txt", "custody log", …).
    pub path: String,
    pub state: FileState,
}

/// Everything [`verify`] found.
#[derive(Clone, Debug)]
pub struct ArchiveVerification {
    /// The top folder.
    pub top: String,
    pub files: Vec<ArchiveCheck>,
    /// Problems with the archive as a whole (no manifest, a bad entry name, the case not
    /// readable, a broken custody chain…).
    pub problems: Vec<String>,
    /// The manifest's first lines (who, when, which version).
    pub written: String,
    pub chain: ChainState,
}

impl ArchiveVerification {
    pub fn all_ok(&self) -> bool {
        self.problems.is_empty() && self.files.iter().all(|f| f.state.is_ok()) && self.chain.is_ok()
    }
}

/// Checks an archive without unpacking it: every entry is read and hashed in memory (streaming)
/// and compared with the manifest; the case inside is parsed and each evidence file's hash is
/// compared with what the case recorded; the custody log's chain is checked. A damaged entry
/// (its CRC does not match) is reported as unreadable.
pub fn verify(path: &Path) -> Result<ArchiveVerification, ArchiveError> {
    let zip_err = |source| ArchiveError::Zip {
        path: path.to_owned(),
        source,
    };
    let file = crate::store::open_regular(path, "archive").map_err(|source| ArchiveError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut zip = ZipArchive::new(io::BufReader::new(file)).map_err(zip_err)?;
    if zip.len() > MAX_ENTRIES {
        return Err(ArchiveError::Invalid {
            path: path.to_owned(),
            why: format!(
                "{} entries: more than an archive Casebook writes",
                zip.len()
            ),
        });
    }
    let mut problems = Vec::new();
    // path inside the top folder → what reading it found (hash and size, or why not)
    let mut found: BTreeMap<String, Result<(String, u64), String>> = BTreeMap::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut top: Option<String> = None;
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!("entry {}: {e}", i + 1));
                continue;
            }
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.is_dir() {
            continue;
        }
        if entry.enclosed_name().is_none() || entry.is_symlink() || name.contains('\\') {
            problems.push(format!(
                "\"{name}\": not a plain file inside the archive's folder"
            ));
            continue;
        }
        let Some((first, rest)) = name.split_once('/') else {
            problems.push(format!("\"{name}\": outside the archive's folder"));
            continue;
        };
        match &top {
            None => top = Some(first.to_owned()),
            Some(t) if t != first => {
                problems.push(format!("\"{name}\": outside the archive's folder {t}/"));
                continue;
            }
            Some(_) => {}
        }
        let keep_text = rest == MANIFEST
            || rest == SUMS
            || rest.ends_with(".case.ron")
            || rest.ends_with(CUSTODY_LOG);
        let result = if keep_text {
            let mut bytes = Vec::new();
            match (&mut entry).take(MAX_ENTRY_BYTES).read_to_end(&mut bytes) {
                Ok(_) => {
                    let sum = (super::sha256_hex(&bytes), bytes.len() as u64);
                    texts.insert(
                        rest.to_owned(),
                        String::from_utf8_lossy(&bytes).into_owned(),
                    );
                    Ok(sum)
                }
                Err(e) => Err(e.to_string()),
            }
        } else {
            super::hash_reader((&mut entry).take(MAX_ENTRY_BYTES)).map_err(|e| e.to_string())
        };
        found.insert(rest.to_owned(), result);
    }
    let top = top.unwrap_or_default();
    let mut files = Vec::new();
    let manifest = match texts.get(MANIFEST).map(|t| parse_manifest(t)) {
        Some(Ok(m)) => m,
        Some(Err(why)) => {
            problems.push(format!("{MANIFEST}: {why}"));
            BTreeMap::new()
        }
        None => {
            problems.push(format!(
                "no {MANIFEST}: this is not a Casebook sealed archive"
            ));
            BTreeMap::new()
        }
    };
    let written = texts
        .get(MANIFEST)
        .map(|t| {
            t.lines()
                .skip(1)
                .take_while(|l| l.starts_with("Written") || l.starts_with("Casebook"))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default();
    for (name, (sha, size)) in &manifest {
        let state = match found.get(name) {
            None => FileState::Missing,
            Some(Err(why)) => FileState::Unreadable(format!("damaged inside the archive: {why}")),
            Some(Ok((s, n))) if s == sha && n == size => FileState::Ok,
            Some(Ok((s, n))) => FileState::Changed {
                sha256: s.clone(),
                size: *n,
            },
        };
        files.push(ArchiveCheck {
            path: name.clone(),
            state,
        });
    }
    for name in found.keys() {
        if !manifest.contains_key(name) && name != MANIFEST && name != SUMS {
            files.push(ArchiveCheck {
                path: name.clone(),
                state: FileState::Unexpected,
            });
        }
    }
    if let Some(sums) = texts.get(SUMS) {
        let listed: BTreeMap<&str, &str> = sums
            .lines()
            .filter_map(|l| l.split_once("  "))
            .map(|(sha, name)| (name, sha))
            .collect();
        let agree = listed.len() == manifest.len()
            && manifest
                .iter()
                .all(|(name, (sha, _))| listed.get(name.as_str()) == Some(&sha.as_str()));
        if !agree {
            problems.push(format!("{SUMS} does not agree with {MANIFEST}"));
        }
    }
    // The case inside: its evidence hashes against the files' hashes.
    let case_entry = texts
        .keys()
        .find(|k| k.ends_with(".case.ron") && !k.contains('/'));
    let mut chain = ChainState::Absent;
    match case_entry {
        None => problems.push("no case file (NAME.case.ron) in the archive's folder".into()),
        Some(case_name) => {
            let case_path = Path::new(case_name);
            match crate::store::parse(&texts[case_name], case_path) {
                Err(e) => problems.push(format!("the case file does not load: {e}")),
                Ok(case) => {
                    for e in case.sources.iter().filter_map(|s| s.evidence.as_ref()) {
                        let state = match found.get(&e.file) {
                            None => FileState::Missing,
                            Some(Err(why)) => FileState::Unreadable(why.clone()),
                            Some(Ok((s, n))) if *s == e.sha256 && *n == e.size => FileState::Ok,
                            Some(Ok((s, n))) => FileState::Changed {
                                sha256: s.clone(),
                                size: *n,
                            },
                        };
                        if !state.is_ok() {
                            problems.push(format!(
                                "evidence {} is not what the case recorded when it was captured: {}",
                                e.file,
                                state.explain()
                            ));
                        }
                    }
                    let log = format!("{}/{CUSTODY_LOG}", folder_name(case_path));
                    if let Some(text) = texts.get(&log) {
                        let (entries, state) = custody::check(text);
                        chain = state;
                        for e in case.sources.iter().filter_map(|s| s.evidence.as_ref()) {
                            let logged = entries.iter().any(|x| {
                                x.event == CustodyEvent::Added
                                    && x.file == e.file
                                    && x.sha256 == e.sha256
                            });
                            if chain.is_ok() && !logged {
                                problems.push(format!(
                                    "the custody log has no \"added\" entry for {}",
                                    e.file
                                ));
                            }
                        }
                    } else if case.sources.iter().any(|s| s.evidence.is_some()) {
                        problems.push(
                            "the case lists evidence but the archive has no custody log".into(),
                        );
                    }
                }
            }
        }
    }
    Ok(ArchiveVerification {
        top,
        files,
        problems,
        written,
        chain,
    })
}

/// Unpacks a verified archive into `dest` (created; it must not exist yet) and returns the case
/// file in it. Every file is written read-only. Refuses an archive that does not verify.
pub fn extract(path: &Path, dest: &Path) -> Result<PathBuf, ArchiveError> {
    let check = verify(path)?;
    if !check.all_ok() {
        let first = check
            .problems
            .first()
            .cloned()
            .or_else(|| {
                check
                    .files
                    .iter()
                    .find(|f| !f.state.is_ok())
                    .map(|f| format!("{}: {}", f.path, f.state.explain()))
            })
            .or_else(|| {
                (!check.chain.is_ok()).then(|| format!("custody log {}", check.chain.describe()))
            })
            .unwrap_or_default();
        return Err(ArchiveError::Invalid {
            path: path.to_owned(),
            why: format!("the archive does not verify ({first}); run `casebook verify` on it"),
        });
    }
    let io_err = |p: &Path| {
        let p = p.to_owned();
        move |source| ArchiveError::Io { path: p, source }
    };
    let file = crate::store::open_regular(path, "archive").map_err(io_err(path))?;
    let mut zip =
        ZipArchive::new(io::BufReader::new(file)).map_err(|source| ArchiveError::Zip {
            path: path.to_owned(),
            source,
        })?;
    fs::create_dir_all(dest).map_err(io_err(dest))?;
    let mut case_file = None;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|source| ArchiveError::Zip {
            path: path.to_owned(),
            source,
        })?;
        if entry.is_dir() {
            continue;
        }
        // Checked by `verify`: a plain relative path inside the top folder.
        let Some(rel) = entry.enclosed_name() else {
            continue;
        };
        let target = dest.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let mut out = File::options()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(io_err(&target))?;
        io::copy(&mut (&mut entry).take(MAX_ENTRY_BYTES), &mut out).map_err(io_err(&target))?;
        let mut perms = out.metadata().map_err(io_err(&target))?.permissions();
        perms.set_readonly(true);
        fs::set_permissions(&target, perms).map_err(io_err(&target))?;
        let name = rel.to_string_lossy();
        if name.ends_with(".case.ron") && rel.components().count() == 2 {
            case_file = Some(target);
        }
    }
    case_file.ok_or_else(|| ArchiveError::Invalid {
        path: path.to_owned(),
        why: "no case file in the archive".into(),
    })
}

/// Whether `path` looks like a ZIP archive (by its name, else its first bytes).
pub fn is_archive(path: &Path) -> bool {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        return true;
    }
    let mut head = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"PK\x03\x04")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back() {
        let files = vec![
            ("t.case.ron".to_owned(), "ab".repeat(32), 120),
            ("t.evidence/a b.png".to_owned(), "cd".repeat(32), 7),
        ];
        let text = manifest_text("t", &files, Utc::now());
        let parsed = parse_manifest(&text).unwrap();
        assert_eq!(parsed["t.evidence/a b.png"], ("cd".repeat(32), 7));
        assert_eq!(parsed.len(), 2);
    }

    #[test]
    fn compressed_files_are_stored() {
        assert!(already_compressed(b"\x89PNG\r\n\x1a\n", "x"));
        assert!(already_compressed(b"%PDF-1.7", "r.pdf"));
        assert!(!already_compressed(b"(format:", "t.case.ron"));
    }
}
