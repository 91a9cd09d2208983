//! Evidence: a file captured into the case (a screenshot, a JSON dump, a letter), copied into the
//! case's evidence folder with its SHA-256, so a review a year later can say "this is the file we
//! acted on, and it has not changed since".
//!
//! A captured file is a [`Source`](super::Source) that carries an [`Evidence`]: records cite it
//! through their `sources` like any other source, so there is one link graph. The model only
//! describes the copy; copying, hashing and verifying live in `crate::evidence`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::When;

/// A file copied into the case's evidence folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Where the copy is, relative to the case file's folder, with `/` between parts:
    /// `"takeover.evidence/screenshot.png"`.
    pub file: String,
    /// SHA-256 of the copy when it was added, 64 lowercase hex digits.
    pub sha256: String,
    /// Size in bytes when it was added.
    pub size: u64,
    /// Media type ("image/png", "application/pdf"; "application/octet-stream" when unknown).
    pub media_type: String,
    /// The file's name where it was captured from ("Screenshot 2024-03-05 at 14.40.png").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub original_name: String,
    /// What the file shows, in a sentence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// When it was copied into the case.
    pub added_at: DateTime<Utc>,
    /// Who copied it in.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub added_by: String,
    /// Who captured it (took the screenshot, ran the export).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub captured_by: String,
    /// When it was captured (the screenshot taken), as precisely as known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<When>,
    /// A person checked this picture and it may appear in redacted exports. Without it a
    /// redacted export withholds every picture: Casebook cannot read what a picture shows.
    #[serde(default, skip_serializing_if = "is_false")]
    pub safe_to_share: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What kind of file a media type is, in words a person reads ("screenshot", "PDF document").
pub fn media_words(media_type: &str) -> &'static str {
    match media_type {
        t if t.starts_with("image/") => "picture",
        "application/pdf" => "PDF document",
        "application/json" | "application/x-ndjson" => "JSON file",
        "text/csv" => "spreadsheet (CSV)",
        t if t.starts_with("text/") => "text file",
        t if t.starts_with("video/") => "video",
        t if t.starts_with("audio/") => "audio recording",
        "application/zip" => "ZIP archive",
        _ => "file",
    }
}

impl Evidence {
    /// Whether the file is a picture Casebook can show (PNG, JPEG, WebP, GIF).
    pub fn is_picture(&self) -> bool {
        matches!(
            self.media_type.as_str(),
            "image/png" | "image/jpeg" | "image/webp" | "image/gif"
        )
    }

    /// The name the copy has in the evidence folder.
    pub fn file_name(&self) -> &str {
        self.file.rsplit('/').next().unwrap_or(&self.file)
    }

    /// "3.2 MB", "812 KB", "90 bytes".
    pub fn size_text(&self) -> String {
        size_text(self.size)
    }
}

/// "3.2 MB", "812 KB", "90 bytes" (decimal units, as file managers show them).
pub fn size_text(bytes: u64) -> String {
    const KB: f64 = 1000.0;
    let b = bytes as f64;
    if bytes < 1000 {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else {
        format!("{:.1} GB", b / (KB * KB * KB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size_text(90), "90 bytes");
        assert_eq!(size_text(812_000), "812 KB");
        assert_eq!(size_text(3_200_000), "3.2 MB");
    }
}
