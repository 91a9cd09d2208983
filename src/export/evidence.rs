//! Evidence files in an export: each file the case lists is read and hashed when the report is
//! laid out, so the cover can say whether every hash still matches, and the pictures embedded
//! are exactly the bytes that were checked. An export also writes an "exported" entry per file
//! to the case's custody log.
//!
//! In a redacted export a picture is read only when a person marked it safe to share: the bytes
//! of any other picture never reach the pages. Depends on `model` and `evidence`; never on the UI.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::evidence::{self, FileState, custody};
use crate::model::Case;

/// The widest or tallest picture embedded, in pixels; larger ones are listed, not drawn. A PNG
/// header can claim any size: decoding a 60000 × 60000 "picture" would need 14 GB.
pub const MAX_PICTURE_SIDE: u32 = 30_000;
/// The most pixels of a picture embedded: 60 million (a 240 MB decoded bitmap; a full-page
/// screenshot of 1440 × 20000 is 29 million).
pub const MAX_PICTURE_PIXELS: u64 = 60_000_000;

/// A picture read for the export: the checked bytes and the size its header gives.
#[derive(Clone)]
pub struct Picture {
    pub bytes: Arc<[u8]>,
    pub media_type: &'static str,
    pub width: u32,
    pub height: u32,
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Picture({}, {} × {}, {} bytes)",
            self.media_type,
            self.width,
            self.height,
            self.bytes.len()
        )
    }
}

/// One evidence file as the export found it.
#[derive(Clone, Debug)]
pub struct FileAtExport {
    /// Its source's place in `case.sources` (the same in the redacted case).
    pub source: usize,
    /// As the unredacted case names it (for the custody log, never printed in a redacted export).
    pub file: String,
    /// The hash recorded when it was captured.
    pub sha256: String,
    /// What reading it found; `None` when it was not read (the case file's place is unknown).
    pub state: Option<FileState>,
    /// The picture to draw, when it is one, matches its hash, may be shown and is not too large.
    pub picture: Option<Picture>,
    /// Why a picture is not drawn though it may be shown: "too large (60000 × 60000 pixels)".
    pub not_drawn: Option<String>,
}

/// Every evidence file of a case, checked for an export.
#[derive(Clone, Debug, Default)]
pub struct EvidenceCheck {
    pub files: Vec<FileAtExport>,
    /// Whether the files were read (the case file's place was known).
    pub read: bool,
}

impl EvidenceCheck {
    /// The check of the file held by `case.sources[source]`.
    pub fn of(&self, source: usize) -> Option<&FileAtExport> {
        self.files.iter().find(|f| f.source == source)
    }

    /// Files whose hash did not match, with what was found ("changed", "missing"…).
    pub fn problems(&self) -> Vec<(&FileAtExport, &FileState)> {
        self.files
            .iter()
            .filter_map(|f| f.state.as_ref().filter(|s| !s.is_ok()).map(|s| (f, s)))
            .collect()
    }
}

/// Reads and hashes every evidence file of `case` (saved at `case_file`). Pictures are kept
/// for drawing when they may be shown (in a redacted export, only those marked safe to share);
/// other files are only hashed, streaming.
pub fn check(case: &Case, case_file: Option<&Path>, redacted: bool) -> EvidenceCheck {
    let mut out = EvidenceCheck {
        files: Vec::new(),
        read: case_file.is_some(),
    };
    for (i, source) in case.sources.iter().enumerate() {
        let Some(e) = &source.evidence else { continue };
        let mut file = FileAtExport {
            source: i,
            file: e.file.clone(),
            sha256: e.sha256.clone(),
            state: None,
            picture: None,
            not_drawn: None,
        };
        if let Some(case_file) = case_file {
            let shown = e.is_picture() && (!redacted || e.safe_to_share);
            if shown {
                let (state, picture) = read_picture(case_file, e);
                file.state = Some(state);
                match picture {
                    Ok(p) => file.picture = p,
                    Err(why) => file.not_drawn = Some(why),
                }
            } else {
                file.state = Some(evidence::verify_file(case_file, e));
            }
        }
        out.files.push(file);
    }
    out
}

/// Reads a picture whole, checks its hash, and reads its size from its header.
fn read_picture(
    case_file: &Path,
    e: &crate::model::Evidence,
) -> (FileState, Result<Option<Picture>, String>) {
    let bytes = match read_evidence(case_file, e) {
        Ok(b) => b,
        Err(state) => return (state, Ok(None)),
    };
    let sha256 = evidence::sha256_hex(&bytes);
    if sha256 != e.sha256 || bytes.len() as u64 != e.size {
        let state = FileState::Changed {
            sha256,
            size: bytes.len() as u64,
        };
        return (state, Ok(None));
    }
    let kind = picture_kind(&bytes);
    let picture = match (kind, picture_size(&bytes)) {
        (Some(media_type), Some((w, h))) if fits(w, h) => Ok(Some(Picture {
            bytes: Arc::from(bytes),
            media_type,
            width: w,
            height: h,
        })),
        (Some(_), Some((w, h))) => Err(format!(
            "too large to draw ({w} × {h} pixels); the file is listed with its hash"
        )),
        _ => Err("not a picture Casebook can read; the file is listed with its hash".to_owned()),
    };
    (FileState::Ok, picture)
}

/// The file's bytes (at most what capture allows), or why they cannot be read.
fn read_evidence(case_file: &Path, e: &crate::model::Evidence) -> Result<Vec<u8>, FileState> {
    let path = evidence::resolve(case_file, &e.file)
        .map_err(|err| FileState::Unreadable(err.to_string()))?;
    let file = match crate::store::open_regular(&path, "evidence file") {
        Ok(f) => f,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Err(FileState::Missing),
        Err(err) => return Err(FileState::Unreadable(err.to_string())),
    };
    let mut bytes = Vec::new();
    file.take(evidence::MAX_EVIDENCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| FileState::Unreadable(err.to_string()))?;
    Ok(bytes)
}

/// The media type of picture bytes Casebook draws (PNG, JPEG, GIF, WebP), from their first bytes.
pub fn picture_kind(b: &[u8]) -> Option<&'static str> {
    let kind = evidence::media::sniff(&b[..b.len().min(64)], "");
    matches!(
        kind,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
    .then_some(kind)
}

/// Whether a picture of `w` × `h` pixels is within the limits for drawing.
pub fn fits(w: u32, h: u32) -> bool {
    w > 0
        && h > 0
        && w <= MAX_PICTURE_SIDE
        && h <= MAX_PICTURE_SIDE
        && u64::from(w) * u64::from(h) <= MAX_PICTURE_PIXELS
}

/// Width and height in pixels as a PNG, JPEG, GIF or WebP header gives them (nothing decoded).
pub fn picture_size(b: &[u8]) -> Option<(u32, u32)> {
    let be32 = |i: usize| Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?));
    let be16 = |i: usize| {
        Some(u32::from(u16::from_be_bytes(
            b.get(i..i + 2)?.try_into().ok()?,
        )))
    };
    let le16 = |i: usize| {
        Some(u32::from(u16::from_le_bytes(
            b.get(i..i + 2)?.try_into().ok()?,
        )))
    };
    let le24 = |i: usize| {
        let s = b.get(i..i + 3)?;
        Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
    };
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.get(12..16) == Some(b"IHDR") {
        return Some((be32(16)?, be32(20)?));
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Some((le16(6)?, le16(8)?));
    }
    if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        return match b.get(12..16)? {
            b"VP8 " => Some((le16(26)? & 0x3FFF, le16(28)? & 0x3FFF)),
            b"VP8L" => {
                let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
                Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
            }
            b"VP8X" => Some((le24(24)? + 1, le24(27)? + 1)),
            _ => None,
        };
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        // Walk the segments to the first start-of-frame marker.
        let mut i = 2;
        while i + 4 <= b.len() {
            if b[i] != 0xFF {
                return None;
            }
            let marker = b[i + 1];
            if marker == 0xFF {
                i += 1;
                continue;
            }
            let len = be16(i + 2)? as usize;
            let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if sof {
                return Some((be16(i + 7)?, be16(i + 5)?));
            }
            i += 2 + len;
        }
    }
    None
}

/// A JPEG without the segments that carry words and places rather than pixels: EXIF and XMP
/// (APP1: camera owner, GPS position, the editing program), IPTC (APP13), comments, and other
/// application segments except those that say how to read the colours (APP0 JFIF, APP2 ICC,
/// APP14 Adobe). For redacted exports: the leak check cannot read inside a picture.
pub fn jpeg_without_metadata(b: &[u8]) -> Option<Vec<u8>> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..2]);
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xDA {
            // Start of scan: the compressed pixels follow, to the end.
            out.extend_from_slice(&b[i..]);
            return Some(out);
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let end = (i + 2 + len).min(b.len());
        let drop =
            marker == 0xFE || (matches!(marker, 0xE1..=0xEF) && !matches!(marker, 0xE2 | 0xEE));
        if !drop {
            out.extend_from_slice(&b[i..end]);
        }
        i = end;
    }
    None
}

/// `data:` URI of a picture for an SVG `<image>` (base64).
pub fn data_uri(p: &Picture, redacted: bool) -> String {
    let stripped = (redacted && p.media_type == "image/jpeg")
        .then(|| jpeg_without_metadata(&p.bytes))
        .flatten();
    let bytes = stripped.as_deref().unwrap_or(&p.bytes);
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 32);
    out.push_str("data:");
    out.push_str(p.media_type);
    out.push_str(";base64,");
    base64(bytes, &mut out);
    out
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8], out: &mut String) {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (k, &b)| n | u32::from(b) << (16 - 8 * k));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
}

/// What an export wrote about evidence, for the custody log.
#[derive(Clone, Debug, Default)]
pub struct CustodyNote {
    /// The case file (the log is in its evidence folder).
    pub case_file: Option<PathBuf>,
    /// (file as the case names it, recorded hash, what the export found or did with it).
    pub files: Vec<(String, String, String)>,
}

impl CustodyNote {
    /// The note for an export of `case`: for a report, what the check found; for a listing (CSV,
    /// RON), that the file was listed.
    pub fn new(
        case: &Case,
        case_file: Option<&Path>,
        check: Option<&EvidenceCheck>,
        redacted: bool,
    ) -> Self {
        let files = case
            .sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.evidence.as_ref().map(|e| (i, e)))
            .map(|(i, e)| {
                let found = check.and_then(|c| c.of(i));
                let mut note = match found.and_then(|f| f.state.as_ref()) {
                    Some(state) => format!("hash at export: {}", state.word()),
                    None => "listed".to_owned(),
                };
                if found.is_some_and(|f| f.picture.is_some()) {
                    note.push_str("; picture embedded");
                } else if redacted && e.is_picture() && !e.safe_to_share && check.is_some() {
                    note.push_str("; picture withheld");
                }
                if redacted {
                    note.push_str("; redacted export");
                }
                (e.file.clone(), e.sha256.clone(), note)
            })
            .collect();
        Self {
            case_file: case_file.map(Path::to_path_buf),
            files,
        }
    }

    /// Appends an "exported" entry per file (to `out`) to the custody log. A case with no
    /// evidence, or whose place is unknown, has no log to write to.
    pub fn append(&self, out: &Path, now: DateTime<Utc>) -> std::io::Result<()> {
        let Some(case_file) = &self.case_file else {
            return Ok(());
        };
        if self.files.is_empty() {
            return Ok(());
        }
        // The log of a case unpacked from a sealed archive is read-only: a sealed copy, never
        // written to (the archive keeps the record).
        let log = custody::log_path(case_file);
        if std::fs::metadata(&log).is_ok_and(|m| m.permissions().readonly()) {
            return Ok(());
        }
        let to = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let by = evidence::current_user();
        let entries: Vec<custody::NewEntry> = self
            .files
            .iter()
            .map(|(file, sha256, note)| custody::NewEntry {
                event: custody::CustodyEvent::Exported,
                by: by.clone(),
                file: file.clone(),
                sha256: sha256.clone(),
                note: format!("to {to}; {note}"),
            })
            .collect();
        custody::append(case_file, &entries, now)
    }
}

/// Why a case could not be sealed into an archive.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error(transparent)]
    Report(#[from] super::ExportError),
    #[error(transparent)]
    Archive(#[from] evidence::archive::ArchiveError),
}

/// Seals the case saved at `case_file` (`case`, as loaded from it) into the archive `out`: its
/// PDF report (unredacted, evidence checked and drawn, stamped `now`) is rendered, then
/// [`evidence::archive::write`] packs it with the case, its evidence and custody log and the
/// manifest. Used by `casebook archive` and File → Archive….
pub fn seal(
    case_file: &Path,
    case: &Case,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<evidence::archive::Written, SealError> {
    let name = case_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let opts = super::ExportOptions {
        format: super::Format::Pdf,
        exported_at: now,
        case_file: Some(case_file.to_owned()),
        ..super::ExportOptions::default()
    };
    let rendered = super::render(case, &name, &opts)?;
    let info = rendered.pdf_info.clone().unwrap_or_default();
    let pdf = super::render::pdf(&rendered.parts, &info).map_err(super::ExportError::from)?;
    // The pages hold every picture (base64): gone before the archive is written.
    drop(rendered);
    let by = evidence::current_user();
    Ok(evidence::archive::write(
        case_file, case, &pdf, out, &by, now,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_come_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(picture_size(&png), Some((640, 480)));
        assert_eq!(picture_size(b"GIF89a\x10\x00\x20\x00"), Some((16, 32)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0, 50, 0, 100, 3,
        ];
        assert_eq!(picture_size(&jpeg), Some((100, 50)));
        assert_eq!(picture_size(b"not a picture"), None);
        assert!(!fits(60_000, 60_000) && fits(1440, 20_000));
    }

    #[test]
    fn base64_pads() {
        let mut s = String::new();
        base64(b"Man", &mut s);
        base64(b"Ma", &mut s);
        base64(b"M", &mut s);
        assert_eq!(s, "TWFuTWE=TQ==");
    }

    #[test]
    fn jpeg_metadata_is_dropped_and_pixels_kept() {
        let jpeg = [
            0xFF, 0xD8, // SOI
            0xFF, 0xE1, 0, 6, b'E', b'x', b'i', b'f', // APP1 (EXIF)
            0xFF, 0xFE, 0, 4, b'h', b'i', // comment
            0xFF, 0xDB, 0, 3, 7, // quantisation table
            0xFF, 0xDA, 1, 2, 3, 0xFF, 0xD9, // scan to the end
        ];
        let out = jpeg_without_metadata(&jpeg).unwrap();
        assert_eq!(
            out,
            [
                0xFF, 0xD8, 0xFF, 0xDB, 0, 3, 7, 0xFF, 0xDA, 1, 2, 3, 0xFF, 0xD9
            ]
        );
    }
}
