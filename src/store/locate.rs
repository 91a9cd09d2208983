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
            let (from, until) = kind_region(text, other);
            let offsets: Vec<usize> = id_offsets(text, other.id_str())
                .into_iter()
                .filter(|o| (from..until).contains(o))
                .collect();
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
    // A version 1 file names some fields as version 1 did.
    let v1_name = match problem.field {
        "follows" => Some("corrects"),
        "protected" => Some("private"),
        _ => None,
    };
    let at = field_offset(text, start, end, problem.field)
        .or_else(|| v1_name.and_then(|f| field_offset(text, start, end, f)))
        .unwrap_or(start);
    Some(line_col(text, at))
}

/// The byte range of the list holding records of `record`'s kind (`actions: [ … ]`), so an id
/// reused across kinds is found in the right list. Falls back to the whole text.
fn kind_region(text: &str, record: &RecordRef) -> (usize, usize) {
    let list = match record.kind() {
        Some(crate::model::RecordKind::Account) => "accounts",
        Some(crate::model::RecordKind::Staff) => "staff",
        Some(crate::model::RecordKind::Outsider) => "outsiders",
        Some(crate::model::RecordKind::Action) => "actions",
        Some(crate::model::RecordKind::Statement) => "statements",
        Some(crate::model::RecordKind::Source) => "sources",
        Some(crate::model::RecordKind::FollowUp) => "follow_ups",
        None => return (0, text.len()),
    };
    // The case's lists sit at the indentation of `info:`; meta `sources:` lists sit deeper.
    let Some(info) = field_offset(text, 0, text.len(), "info") else {
        return (0, text.len());
    };
    let line_start = text[..info].rfind('\n').map_or(0, |n| n + 1);
    let indent = &text[line_start..info];
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let at_list_level =
            line.starts_with(indent) && !line[indent.len()..].starts_with([' ', '\t']);
        let names_field = |name: &str| {
            line.trim_start()
                .strip_prefix(name)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        };
        if let Some(begin) = start {
            let next_field = at_list_level
                && line[indent.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic());
            if next_field && list != "follow_ups" {
                return (begin, offset);
            }
        } else if (at_list_level || list == "follow_ups") && names_field(list) {
            start = Some(offset);
        }
        offset += line.len();
    }
    start.map_or((0, text.len()), |s| (s, text.len()))
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
