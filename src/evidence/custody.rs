//! The chain of custody: an append-only text log in the evidence folder (`custody.log`), one
//! entry per line — who added, verified, exported, archived or removed which file, when, with the
//! file's SHA-256.
//!
//! Each entry carries the SHA-256 of the line before it, so an entry edited or deleted by hand
//! breaks the chain and `casebook verify` says where. This **detects** tampering with the log; it
//! does not prevent it (anyone who can write the folder can rewrite the whole log consistently).
//! Entries cut off the end are caught only when they were the "added" entry of a file the case
//! still lists.
//!
//! The format is plain tab-separated text, readable without Casebook:
//!
//! ```text
//! # Casebook custody log …
//! 1⇥2026-12-02T15:04:05Z⇥added⇥alice⇥t.evidence/shot.png⇥<file's sha256>⇥<previous line's sha256>⇥note
//! ```
//!
//! (⇥ is a tab.)

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

use super::{CUSTODY_LOG, folder_for, sha256_hex};

const HEADER: &str = "# Casebook custody log: one entry per line, tab-separated: number, time (UTC), \
event, who, file, SHA-256 of the file, SHA-256 of the previous line, note.\n# Each entry holds \
the hash of the line before it, so an edited or deleted entry is detected (not prevented).\n";

/// The hash the first entry points back to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened to a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustodyEvent {
    Added,
    Verified,
    Exported,
    Archived,
    Removed,
}

impl CustodyEvent {
    pub fn word(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Verified => "verified",
            Self::Exported => "exported",
            Self::Archived => "archived",
            Self::Removed => "removed",
        }
    }

    fn from_word(word: &str) -> Option<Self> {
        [
            Self::Added,
            Self::Verified,
            Self::Exported,
            Self::Archived,
            Self::Removed,
        ]
        .into_iter()
        .find(|e| e.word() == word)
    }
}

/// One entry of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustodyEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub event: CustodyEvent,
    pub by: String,
    /// The file, as the case names it (`t.evidence/shot.png`).
    pub file: String,
    pub sha256: String,
    /// The outcome or a remark ("ok", "changed: now 4f2a…", "report.pdf").
    pub note: String,
}

/// An entry to append (its number and chain hash are filled in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    pub event: CustodyEvent,
    pub by: String,
    pub file: String,
    pub sha256: String,
    pub note: String,
}

/// Whether the log's chain holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainState {
    /// No log yet (no evidence was ever added).
    Absent,
    Intact {
        entries: usize,
    },
    /// The first line (1-based, in the file) where the chain does not hold, and why.
    Broken {
        line: usize,
        why: String,
    },
    Unreadable(String),
}

impl ChainState {
    pub fn is_ok(&self) -> bool {
        matches!(self, Self::Absent | Self::Intact { .. })
    }

    /// "intact (12 entries)", "broken at line 5: …".
    pub fn describe(&self) -> String {
        match self {
            Self::Absent => "no custody log yet".to_owned(),
            Self::Intact { entries } => {
                format!(
                    "intact ({})",
                    crate::model::plural(*entries, "entry", "entries")
                )
            }
            Self::Broken { line, why } => format!(
                "BROKEN at line {line}: {why} — the log was edited or an entry deleted after it was written"
            ),
            Self::Unreadable(why) => format!("cannot be read: {why}"),
        }
    }
}

/// The log of a case.
pub fn log_path(case_file: &Path) -> PathBuf {
    folder_for(case_file).join(CUSTODY_LOG)
}

/// Appends entries to the case's log (creating it, and the folder, if needed), each chained to
/// the one before. The existing text is never rewritten.
pub fn append(case_file: &Path, entries: &[NewEntry], now: DateTime<Utc>) -> io::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let path = log_path(case_file);
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder)?;
    }
    let existing = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let mut last = existing
        .lines()
        .rev()
        .find(|l| is_entry(l))
        .map(str::to_owned);
    let mut seq = last
        .as_deref()
        .and_then(|l| l.split('\t').next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    let mut out = String::new();
    if existing.is_empty() {
        out.push_str(HEADER);
    } else if !existing.ends_with('\n') {
        out.push('\n');
    }
    for e in entries {
        seq += 1;
        let prev = last
            .as_deref()
            .map_or_else(|| GENESIS.to_owned(), sha256_hex_str);
        let line = [
            seq.to_string(),
            now.to_rfc3339_opts(SecondsFormat::Secs, true),
            e.event.word().to_owned(),
            escape(&e.by),
            escape(&e.file),
            escape(&e.sha256),
            prev,
            escape(&e.note),
        ]
        .join("\t");
        out.push_str(&line);
        out.push('\n');
        last = Some(line);
    }
    let mut file = OpenOptions::new().create(true).append(true).open(&path)?;
    file.write_all(out.as_bytes())?;
    file.sync_all()
}

/// Reads a log's text and checks its chain.
pub fn check(text: &str) -> (Vec<CustodyEntry>, ChainState) {
    let mut entries = Vec::new();
    let mut prev: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if !is_entry(line) {
            continue;
        }
        let broken = |why: String| ChainState::Broken { line: line_no, why };
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 8 {
            return (
                entries,
                broken(format!("{} fields instead of 8", fields.len())),
            );
        }
        let expected_prev = prev.map_or_else(|| GENESIS.to_owned(), sha256_hex_str);
        if fields[6] != expected_prev {
            let why = if prev.is_none() {
                "the first entry does not start the chain".to_owned()
            } else {
                format!(
                    "it does not hold the hash of the entry before it (line {})",
                    previous_line_no(text, line_no)
                )
            };
            return (entries, broken(why));
        }
        let seq = fields[0].parse::<u64>().ok();
        let expected_seq = entries.len() as u64 + 1;
        if seq != Some(expected_seq) {
            let why = format!(
                "entry number {} where {expected_seq} was expected",
                fields[0]
            );
            return (entries, broken(why));
        }
        let Ok(at) = DateTime::parse_from_rfc3339(fields[1]) else {
            return (
                entries,
                broken(format!("unreadable time \"{}\"", fields[1])),
            );
        };
        let Some(event) = CustodyEvent::from_word(fields[2]) else {
            return (entries, broken(format!("unknown event \"{}\"", fields[2])));
        };
        entries.push(CustodyEntry {
            seq: entries.len() as u64 + 1,
            at: at.with_timezone(&Utc),
            event,
            by: unescape(fields[3]),
            file: unescape(fields[4]),
            sha256: unescape(fields[5]),
            note: unescape(fields[7]),
        });
        prev = Some(line);
    }
    let n = entries.len();
    (entries, ChainState::Intact { entries: n })
}

/// Reads and checks the case's log.
pub fn read(case_file: &Path) -> (Vec<CustodyEntry>, ChainState) {
    match fs::read(log_path(case_file)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => check(&text),
            Err(_) => (
                Vec::new(),
                ChainState::Unreadable("it is not UTF-8 text".into()),
            ),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => (Vec::new(), ChainState::Absent),
        Err(e) => (Vec::new(), ChainState::Unreadable(e.to_string())),
    }
}

fn previous_line_no(text: &str, line_no: usize) -> usize {
    text.lines()
        .take(line_no - 1)
        .enumerate()
        .filter(|(_, l)| is_entry(l))
        .last()
        .map_or(0, |(i, _)| i + 1)
}

fn is_entry(line: &str) -> bool {
    !line.is_empty() && !line.starts_with('#')
}

fn sha256_hex_str(line: &str) -> String {
    sha256_hex(line.as_bytes())
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(file: &str) -> NewEntry {
        NewEntry {
            event: CustodyEvent::Added,
            by: "alice\tsmith".into(),
            file: file.into(),
            sha256: "ab".repeat(32),
            note: String::new(),
        }
    }

    #[test]
    fn a_chain_holds_until_a_line_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("t.case.ron");
        let now = Utc::now();
        append(
            &case,
            &[entry("t.evidence/a.png"), entry("t.evidence/b.png")],
            now,
        )
        .unwrap();
        append(&case, &[entry("t.evidence/c.png")], now).unwrap();
        let (entries, state) = read(&case);
        assert_eq!(state, ChainState::Intact { entries: 3 });
        assert_eq!(entries[0].by, "alice\tsmith");
        assert_eq!(entries[2].seq, 3);

        let text = fs::read_to_string(log_path(&case)).unwrap();
        let edited = text.replace("a.png", "z.png");
        let (_, state) = check(&edited);
        assert!(
            matches!(state, ChainState::Broken { line: 4, .. }),
            "{state:?}"
        );

        let lines: Vec<&str> = text.lines().collect();
        let deleted = [&lines[..3], &lines[4..]].concat().join("\n");
        let (_, state) = check(&deleted);
        assert!(
            matches!(state, ChainState::Broken { line: 4, .. }),
            "{state:?}"
        );
    }
}
