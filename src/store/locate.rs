//! Maps validation problems back to line:column in the file text they came from.
//!
//! Records are found by their `id: "…"` line; a field by its `name:` within that record's block.
//! Works on Casebook's own output and on reasonably hand-edited files; when a position cannot be
//! found the caller falls back to the record path.

use crate::model::{Problem, RecordRef};

/// 1-based line and column of byte offset `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

/// Byte offsets of every `id: "<id>"` in `text`.
fn id_offsets(text: &str, id: &str) -> Vec<usize> {
    let needle = format!("\"{id}\"");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(&needle) {
        let at = from + pos;
        let before = text[..at].trim_end();
        if before.ends_with("id:") {
            // Point at the `id` key, not the quote.
            found.push(before.len() - 3);
        }
        from = at + needle.len();
    }
    found
}

/// Offset of `field:` at the start of a line between `from` and `until`.
fn field_offset(text: &str, from: usize, until: usize, field: &str) -> Option<usize> {
    let region = &text[from..until.min(text.len())];
    let mut offset = 0;
    for line in region.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(field)
            && rest.trim_start().starts_with(':')
        {
            return Some(from + offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// Line and column of the first `name:` field line in `text`.
pub fn field_position(text: &str, name: &str) -> Option<(usize, usize)> {
    field_offset(text, 0, text.len(), name).map(|o| line_col(text, o))
}

/// Where in `text` a problem lies, if it can be found.
pub fn locate_problem(text: &str, problem: &Problem) -> Option<(usize, usize)> {
    let (start, end) = match &problem.record {
        RecordRef::Case => {
            let start = field_offset(text, 0, text.len(), "info")?;
            let end = field_offset(text, start, text.len(), "accounts").unwrap_or(text.len());
            (start, end)
        }
        RecordRef::Postmortem => (field_offset(text, 0, text.len(), "postmortem")?, text.len()),
        other => {
            let offsets = id_offsets(text, other.id_str());
            // A duplicate id is reported at its second occurrence.
            let which = if problem.field == "id" && problem.message.starts_with("duplicate") {
                1
            } else {
                0
            };
            let start = *offsets.get(which).or(offsets.first())?;
            // The record ends where the next record's id begins (or at the end of the file).
            let next = text[start + 3..]
                .find("\n")
                .map(|n| start + 3 + n)
                .unwrap_or(text.len());
            let end = find_next_id_line(text, next).unwrap_or(text.len());
            (start, end)
        }
    };
    let at = field_offset(text, start, end, problem.field).unwrap_or(start);
    Some(line_col(text, at))
}

fn find_next_id_line(text: &str, from: usize) -> Option<usize> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("id:") && trimmed[3..].trim_start().starts_with('"') {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}
