//! Checking evidence: is each listed file still what was captured, and does the custody log's
//! chain hold?

use std::fs;
use std::path::Path;

use crate::model::{Case, Evidence, SourceId};

use super::custody::{self, ChainState, CustodyEvent};
use super::{CUSTODY_LOG, folder_for, folder_name, hash_reader, resolve};

/// The state of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileState {
    Ok,
    /// Its bytes differ from what was captured.
    Changed {
        sha256: String,
        size: u64,
    },
    Missing,
    /// It is there but cannot be read (or is not a regular file any more).
    Unreadable(String),
    /// In the evidence folder, but the case lists no such file.
    Unexpected,
    /// In the evidence folder and no longer listed by the case, as the custody log says: taken
    /// out of the case on `when` (a date) by `by`, the file kept. Not a problem.
    Removed {
        when: String,
        by: String,
    },
}

impl FileState {
    pub fn is_ok(&self) -> bool {
        matches!(self, Self::Ok | Self::Removed { .. })
    }

    /// "ok", "changed", "missing", "unreadable", "unexpected".
    pub fn word(&self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Changed { .. } => "changed",
            Self::Missing => "missing",
            Self::Unreadable(_) => "unreadable",
            Self::Unexpected => "unexpected",
            Self::Removed { .. } => "removed",
        }
    }

    /// A sentence for a person: what is wrong and what it means.
    pub fn explain(&self) -> String {
        match self {
            Self::Ok => "ok: the file is as it was captured".to_owned(),
            Self::Changed { sha256, size } => format!(
                "changed: the file is not the one captured (now {} bytes, SHA-256 {}…)",
                size,
                &sha256[..sha256.len().min(12)]
            ),
            Self::Missing => "missing: the file is not in the evidence folder".to_owned(),
            Self::Unreadable(why) => format!("unreadable: {why}"),
            Self::Removed { when, by } => {
                format!("removed from the case on {when} by {by}; the file is kept in the folder")
            }
            Self::Unexpected => {
                "unexpected: the case lists no such file (added without saving the case, or put \
                 there by hand)"
                    .to_owned()
            }
        }
    }
}

/// One file's check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCheck {
    /// As the case names it (`t.evidence/shot.png`).
    pub file: String,
    /// The source that holds it (none for an unexpected file).
    pub source: Option<SourceId>,
    pub state: FileState,
}

/// Everything `verify` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    pub files: Vec<FileCheck>,
    pub chain: ChainState,
    /// Files the case lists whose "added" entry is not in the custody log.
    pub not_in_log: Vec<String>,
}

impl Verification {
    /// Every file ok, the chain intact, every file in the log.
    pub fn all_ok(&self) -> bool {
        self.files.iter().all(|f| f.state.is_ok())
            && self.chain.is_ok()
            && self.not_in_log.is_empty()
    }

    /// How many files are in each state: "12 ok, 1 changed, 1 missing".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        for word in [
            "ok",
            "changed",
            "missing",
            "unreadable",
            "unexpected",
            "removed",
        ] {
            let n = self.files.iter().filter(|f| f.state.word() == word).count();
            if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        if parts.is_empty() {
            "no evidence files".to_owned()
        } else {
            parts.join(", ")
        }
    }

    /// The check of the file a source holds.
    pub fn state_of(&self, source: &SourceId) -> Option<&FileState> {
        self.files
            .iter()
            .find(|f| f.source.as_ref() == Some(source))
            .map(|f| &f.state)
    }
}

/// Checks one listed file against its recorded hash and size.
pub fn verify_file(case_file: &Path, evidence: &Evidence) -> FileState {
    let path = match resolve(case_file, &evidence.file) {
        Ok(p) => p,
        Err(e) => return FileState::Unreadable(e.to_string()),
    };
    let meta = match fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return FileState::Missing,
        Err(e) => return FileState::Unreadable(e.to_string()),
    };
    if !meta.file_type().is_file() {
        return FileState::Unreadable("it is no longer a regular file".to_owned());
    }
    let file = match crate::store::open_regular(&path, "evidence file") {
        Ok(f) => f,
        Err(e) => return FileState::Unreadable(e.to_string()),
    };
    match hash_reader(file) {
        Ok((sha256, size)) if sha256 == evidence.sha256 && size == evidence.size => FileState::Ok,
        Ok((sha256, size)) => FileState::Changed { sha256, size },
        Err(e) => FileState::Unreadable(e.to_string()),
    }
}

/// Checks every file the case lists, looks for files it does not list, and checks the custody
/// log. Reads only; the caller decides whether to log the verification.
pub fn verify(case_file: &Path, case: &Case) -> Verification {
    let mut files: Vec<FileCheck> = case
        .sources
        .iter()
        .filter_map(|s| s.evidence.as_ref().map(|e| (s, e)))
        .map(|(s, e)| FileCheck {
            file: e.file.clone(),
            source: Some(s.id.clone()),
            state: verify_file(case_file, e),
        })
        .collect();
    let listed: std::collections::HashSet<String> = files.iter().map(|f| f.file.clone()).collect();
    let prefix = folder_name(case_file);
    let mut found = Vec::new();
    walk(&folder_for(case_file), &prefix, 0, &mut found);
    found.sort();
    let (entries, chain) = custody::read(case_file);
    for rel in found {
        if !listed.contains(&rel) && rel != format!("{prefix}/{CUSTODY_LOG}") {
            // The log's last word on this file: taken out of the case on purpose, or not?
            let last = entries.iter().rev().find(|e| e.file == rel);
            let state = match last {
                Some(e) if e.event == CustodyEvent::Removed => FileState::Removed {
                    when: e.at.format("%Y-%m-%d").to_string(),
                    by: e.by.clone(),
                },
                _ => FileState::Unexpected,
            };
            files.push(FileCheck {
                file: rel,
                source: None,
                state,
            });
        }
    }
    let not_in_log = if chain.is_ok() {
        case.sources
            .iter()
            .filter_map(|s| s.evidence.as_ref())
            .filter(|e| {
                !entries.iter().any(|x| {
                    x.event == CustodyEvent::Added && x.file == e.file && x.sha256 == e.sha256
                })
            })
            .map(|e| e.file.clone())
            .collect()
    } else {
        Vec::new()
    };
    Verification {
        files,
        chain,
        not_in_log,
    }
}

/// Every file under `dir`, as `prefix/relative/path` (a few levels deep at most).
fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) {
    let Ok(read) = fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}/{name}");
        match entry.file_type() {
            Ok(t) if t.is_dir() && depth < 4 => walk(&entry.path(), &rel, depth + 1, out),
            Ok(_) => out.push(rel),
            Err(_) => {}
        }
    }
}
