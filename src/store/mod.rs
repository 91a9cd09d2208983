//! The archive: one case = one pretty-printed RON file (`*.case.ron`).
//!
//! Loading refuses oversized files before parsing, reports errors with file:line:column, checks
//! the format name and version, and never panics. Saving is atomic (temp file, fsync, rename,
//! fsync of the folder), keeps the previous version as a backup, and refuses to overwrite a file
//! that changed on disk since it was loaded.
//!
//! Depends on `model` only; never on the UI.

mod explain;
mod limits;
mod locate;
pub mod lock;
pub mod paths;
pub mod recovery;
mod save;
mod v1;

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::model::Case;

pub use locate::locate_problem;
pub use lock::{CaseLock, LockError, LockInfo, lock_path};
pub use paths::{Location, LocationError, resolve_location};
pub use save::{SaveError, SaveOptions, backup_path, save, save_with, sync_dir, write_atomic};

/// The format name every case file declares.
pub const FORMAT: &str = "casebook-case";
/// The format version this build writes; it reads this version and every older one.
pub const VERSION: u32 = 2;
/// The oldest format version this build can read (and migrate).
pub const OLDEST_VERSION: u32 = 1;
/// Case files end with this.
pub const EXTENSION: &str = ".case.ron";
/// Files larger than this are refused before parsing (a 100,000-record case is about 60 MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Deepest nesting of brackets the parser accepts (real case files nest about 8 deep).
pub const MAX_NESTING: usize = 64;

/// A SHA-256 of a file's bytes, used to notice that a file changed on disk.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }
}

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in &self.0[..8] {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// Why a case file could not be loaded. Every variant names the file; parse errors say where.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: file is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}:{line}:{col}: file is not valid UTF-8 text")]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        col: usize,
    },
    #[error("{path}:{line}:{col}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// The case is over one of the limits in `model` (text length, record count).
    #[error("{path}:{line}:{col}: {message}")]
    Limit {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{path}:1:1: not a Casebook case file (format is {found:?}, expected \"{FORMAT}\")")]
    WrongFormat { path: PathBuf, found: String },
    #[error(
        "{path}:{line}:{col}: format version {found} is not supported: this build of Casebook reads versions {OLDEST_VERSION} to {VERSION}{hint}",
        hint = if *found > VERSION { " (the file was written by a newer Casebook; update Casebook to open it)" } else { "" }
    )]
    UnsupportedVersion {
        path: PathBuf,
        line: usize,
        col: usize,
        found: u32,
    },
}

impl LoadError {
    /// Line and column of the problem, when it has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::NotUtf8 { line, col, .. }
            | LoadError::Syntax { line, col, .. }
            | LoadError::Limit { line, col, .. }
            | LoadError::UnsupportedVersion { line, col, .. } => Some((*line, *col)),
            LoadError::WrongFormat { .. } => Some((1, 1)),
            LoadError::Io { .. } | LoadError::TooLarge { .. } => None,
        }
    }
}

/// The file envelope: format name and version before the case itself.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<C> {
    format: String,
    version: u32,
    case: C,
}

/// Just the envelope's header, read first so a wrong format or version is reported as such
/// rather than as a confusing type error deep inside the case.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// A case read from disk together with the hash of the bytes it came from.
#[derive(Debug)]
pub struct Loaded {
    pub case: Case,
    /// Hash of the file as loaded (for conflict detection at save time).
    pub hash: ContentHash,
    /// The file's text (for mapping validation problems to line:column).
    pub text: String,
}

/// Reads and parses a case file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = read_limited(path)?;
    let hash = ContentHash::of(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let (line, col) = line_col_of_bytes(valid);
        LoadError::NotUtf8 {
            path: path.to_owned(),
            line,
            col,
        }
    })?;
    let case = parse(&text, path)?;
    Ok(Loaded { case, hash, text })
}

/// Reads a file's bytes, refusing files over [`MAX_FILE_BYTES`] before reading them.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let file = open_regular(path, "a case file").map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    // The file may grow between the size check and the read: never read past the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file (or a symlink to one). Anything else is
/// refused *before* it is opened: a folder; a named pipe, whose opening waits for a writer
/// forever; a socket; a device such as `/dev/zero` or `/dev/urandom`, which never ends. `what`
/// names the expected file in the message ("a case file").
pub fn open_regular(path: &Path, what: &str) -> std::io::Result<std::fs::File> {
    check_regular(&std::fs::metadata(path)?, what)?;
    let file = std::fs::File::open(path)?;
    // Replaced between the check and the open: check what was actually opened.
    check_regular(&file.metadata()?, what)?;
    Ok(file)
}

/// Refuses an existing `path` that is not a regular file (a missing one is fine): what a save
/// or export would otherwise replace or write into. Symlinks are followed.
pub fn refuse_special(path: &Path, what: &str) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) => check_regular(&meta, what),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn check_regular(meta: &std::fs::Metadata, what: &str) -> std::io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let kind = meta.file_type();
    let found = if kind.is_dir() {
        "a folder"
    } else {
        special_kind(&kind)
    };
    let error_kind = if kind.is_dir() {
        std::io::ErrorKind::IsADirectory
    } else {
        std::io::ErrorKind::InvalidInput
    };
    Err(std::io::Error::new(
        error_kind,
        format!("is {found}, not {what}"),
    ))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_kind: &std::fs::FileType) -> &'static str {
    "a special file"
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(MAX_NESTING)
}

fn syntax_error(path: &Path, text: &str, e: &ron::error::SpannedError) -> LoadError {
    syntax_error_in(path, text, e, VERSION)
}

/// A parse error in a file of format version `version`, said in the case's terms where the
/// text allows: the record (`actions[act-lock]`), the field, and what the field accepts.
fn syntax_error_in(
    path: &Path,
    text: &str,
    e: &ron::error::SpannedError,
    version: u32,
) -> LoadError {
    let (line, col) = (e.span.start.line.max(1), e.span.start.col.max(1));
    let offset = offset_of(text, line, col);
    let record = explain::record_at(text, offset);
    let mut message = describe_ron_error(&e.code, version);
    match &e.code {
        ron::Error::ExpectedIdentifier
        | ron::Error::ExpectedString
        | ron::Error::ExpectedNamedStructLike(_)
        | ron::Error::ExpectedStructLike => {
            if let Some(field) = explain::field_at(text, offset)
                && let Some(choices) =
                    explain::accepted(&field, record.as_deref(), &text[..offset.min(text.len())])
            {
                message = format!("{field}: expected one of {choices}");
            }
        }
        ron::Error::MissingStructField { field, .. } => {
            message = format!("the required field `{field}` is missing");
            if let Some(choices) = explain::accepted(field, record.as_deref(), "") {
                message.push_str(&format!(" (one of {choices})"));
            }
        }
        _ => {}
    }
    // A file cut off where a string was due, or inside one (after its opening quote): the
    // parser asks for a string, but what is wrong is the end of the file.
    if matches!(
        e.code,
        ron::Error::ExpectedString | ron::Error::ExpectedStringEnd
    ) && text.get(offset..).is_some_and(|rest| {
        let rest = rest.trim_start();
        rest.is_empty() || rest.strip_prefix('"').is_some_and(|s| !s.contains('"'))
    }) {
        message = describe_ron_error(&ron::Error::Eof, version);
    }
    if let Some(record) = record {
        message = format!("{record}: {message}");
    }
    LoadError::Syntax {
        path: path.to_owned(),
        line,
        col,
        message,
    }
}

/// The byte offset of 1-based `line` and `col` (in characters) in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

/// Friendlier wording for the parser's most common complaints.
fn describe_ron_error(code: &ron::Error, version: u32) -> String {
    match code {
        ron::Error::Eof => {
            "unexpected end of file (the file is truncated or a bracket is not closed)".to_owned()
        }
        ron::Error::ExceededRecursionLimit => format!("nested more than {MAX_NESTING} levels deep"),
        // Never dropped: a field this version does not know (a typo, a newer Casebook's field,
        // a hand-added `amount_usd`) would be lost by the next save.
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "field `{found}` is not part of version {version} of the case format ({}expected one of: {}); Casebook refuses the file rather than drop the field on the next save",
            outer
                .as_ref()
                .map_or_else(String::new, |o| format!("in {o}: ")),
            expected.join(", ")
        ),
        other => other.to_string(),
    }
}

/// Parses case-file text; `path` is only used in messages.
pub fn parse(text: &str, path: &Path) -> Result<Case, LoadError> {
    // Read the header without parsing the whole file twice: Casebook writes `format` and
    // `version` on their own lines before `case`. Anything else falls back to the parser.
    let header = match quick_header(text) {
        Some(h) => h,
        None => match ron_options().from_str::<Header>(text) {
            Ok(h) => h,
            Err(e) => {
                match &e.code {
                    ron::Error::MissingStructField { field, .. } if *field == "format" => {
                        return Err(LoadError::WrongFormat {
                            path: path.to_owned(),
                            found: String::new(),
                        });
                    }
                    ron::Error::MissingStructField { field, .. } if *field == "version" => {
                        return Err(LoadError::Syntax {
                            path: path.to_owned(),
                            line: 1,
                            col: 1,
                            message: format!(
                                "the file has no format version (expected `version: {VERSION},` after `format`)"
                            ),
                        });
                    }
                    _ => {}
                }
                return Err(syntax_error(path, text, &e));
            }
        },
    };
    if header.format != FORMAT {
        return Err(LoadError::WrongFormat {
            path: path.to_owned(),
            found: header.format,
        });
    }
    let (line, col) = locate::field_position(text, "version").unwrap_or((1, 1));
    match header.version {
        VERSION => {
            let envelope: Envelope<Case> = ron_options()
                .from_str(text)
                .map_err(|e| syntax_error(path, text, &e))?;
            check_limits(&envelope.case, text, path)?;
            Ok(envelope.case)
        }
        // Older versions are read with their own types and migrated, one step at a time. The
        // next save writes the current version.
        1 => {
            let envelope: Envelope<v1::CaseV1> = ron_options()
                .from_str(text)
                .map_err(|e| syntax_error_in(path, text, &e, 1))?;
            let case = v1::migrate(envelope.case);
            check_limits(&case, text, path)?;
            Ok(case)
        }
        found => Err(LoadError::UnsupportedVersion {
            path: path.to_owned(),
            line,
            col,
            found,
        }),
    }
}

/// Refuses cases over the limits the app is built for (`model::MAX_TEXT_CHARS`,
/// `model::MAX_RECORDS`): a 200 MB quote would parse, then stall every window that shows it.
fn check_limits(case: &Case, text: &str, path: &Path) -> Result<(), LoadError> {
    use crate::model::{MAX_RECORDS, MAX_TEXT_CHARS, YEARS, grouped};
    use chrono::Datelike as _;
    if let Some(w) = case
        .times()
        .into_iter()
        .find(|w| !YEARS.contains(&w.at.year()))
    {
        // Point at the time as the file writes it, when it can be found.
        let written = w.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        let (line, col) = text
            .find(&format!("\"{written}\""))
            .map_or((1, 1), |offset| locate::line_col(text, offset));
        return Err(LoadError::Limit {
            path: path.to_owned(),
            line,
            col,
            message: format!(
                "the time {written} is outside the years {}–{} a case can hold",
                YEARS.start(),
                YEARS.end()
            ),
        });
    }
    let records = case.record_count();
    if records > MAX_RECORDS {
        return Err(LoadError::Limit {
            path: path.to_owned(),
            line: 1,
            col: 1,
            message: format!(
                "the case has {} records; Casebook opens cases of up to {} records",
                grouped(records as u64),
                grouped(MAX_RECORDS as u64)
            ),
        });
    }
    if let Some(offset) = limits::long_string(text, MAX_TEXT_CHARS) {
        let (line, col) = locate::line_col(text, offset);
        return Err(LoadError::Limit {
            path: path.to_owned(),
            line,
            col,
            message: format!(
                "this text is longer than {} characters, the most one field can hold",
                grouped(MAX_TEXT_CHARS as u64)
            ),
        });
    }
    Ok(())
}

/// `format` and `version` from the lines before `case:`, when written the way Casebook writes
/// them (`format: "…",` and `version: N,`).
fn quick_header(text: &str) -> Option<Header> {
    let mut format = None;
    let mut version = None;
    for line in text.lines().take(64) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("format:") {
            let value = rest.trim().strip_suffix(',')?.trim();
            let inner = value.strip_prefix('"')?.strip_suffix('"')?;
            if inner.contains(['\\', '"']) {
                return None;
            }
            format = Some(inner.to_owned());
        } else if let Some(rest) = line.strip_prefix("version:") {
            version = Some(rest.trim().strip_suffix(',')?.trim().parse::<u32>().ok()?);
        } else if line.starts_with("case:") {
            break;
        }
    }
    Some(Header {
        format: format?,
        version: version?,
    })
}

/// The text of a case file: a comment naming the format, then the envelope, pretty-printed.
pub fn to_text(case: &Case) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .struct_names(false)
        .separate_tuple_members(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let envelope = Envelope {
        format: FORMAT.to_owned(),
        version: VERSION,
        case,
    };
    let body = unescape_apostrophes(&ron::ser::to_string_pretty(&envelope, config)?);
    Ok(format!(
        "// Casebook case file ({FORMAT}, version {VERSION}). Plain UTF-8 RON; times are UTC (RFC 3339).\n{body}\n"
    ))
}

/// The serializer escapes `'` as `\'` inside strings (Rust's debug escaping); RON reads a plain
/// `'` in a double-quoted string just the same, and quotes are full of apostrophes.
fn unescape_apostrophes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\'') => out.push('\''),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// 1-based line and column just after `bytes` (the column counts characters).
fn line_col_of_bytes(bytes: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(bytes);
    let line = 1 + text.matches('\n').count();
    let col = 1 + text.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}
