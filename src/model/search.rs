//! Find text anywhere in a case: every record's text fields, its tags and notes, the case's own
//! fields and the postmortem — what "Find in case" (Ctrl+Shift+F) lists.

use super::{Actor, Case, Meta, RecordKind, RecordRef, Speaker, excerpt, find_record};

/// One place the search text occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The record it is in (`RecordRef::Case` for the case's own fields).
    pub record: RecordRef,
    /// Which field, as the editor labels it ("Quote", "Note 2", "Tags").
    pub field: String,
    /// The text around the match on one line, "…" where it was cut.
    pub excerpt: String,
}

/// "Action “Account restored”", "Case details", "Postmortem": a record named for lists and links.
pub fn describe(case: &Case, r: &RecordRef) -> String {
    match r {
        RecordRef::Case => "Case details".to_owned(),
        RecordRef::Postmortem => "Postmortem".to_owned(),
        other => {
            let kind = other.kind().map_or("record", RecordKind::label);
            let title = find_record(case, other).map_or_else(
                || other.id_str().to_owned(),
                |(_, rec)| excerpt(&rec.title(), 40),
            );
            let mut kind = kind.to_owned();
            if let Some(first) = kind.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            format!("{kind} “{title}”")
        }
    }
}

/// Characters of context kept on each side of a match in [`Hit::excerpt`].
const CONTEXT: usize = 30;

/// Every field of `case` that contains `query`, ignoring case, in the order the navigator lists
/// records (case, accounts, staff, outsiders, actions, statements, sources, postmortem,
/// follow-ups); at most
/// `limit` hits. An empty (or all-blank) query finds nothing.
pub fn search(case: &Case, query: &str, limit: usize) -> Vec<Hit> {
    let needle = query.trim().to_lowercase();
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let mut look = |record: &RecordRef, field: &str, text: &str| {
        if out.len() >= limit {
            return;
        }
        if let Some(excerpt) = find(text, &needle) {
            out.push(Hit {
                record: record.clone(),
                field: field.to_owned(),
                excerpt,
            });
        }
    };
    fn meta_fields(meta: &Meta, record: &RecordRef, look: &mut impl FnMut(&RecordRef, &str, &str)) {
        look(record, "Tags", &meta.tags.join(", "));
        for (i, note) in meta.notes.iter().enumerate() {
            look(record, &format!("Note {}", i + 1), &note.text);
        }
    }

    let info = &case.info;
    let r = RecordRef::Case;
    look(&r, "Title", &info.title);
    look(&r, "Summary", &info.summary);
    look(&r, "Owner", &info.owner);
    look(&r, "Case tags", &info.tags.join(", "));
    look(&r, "Classification", &info.classification);
    for a in &case.accounts {
        let r = RecordRef::Account(a.id.clone());
        look(&r, "Handle", &a.handle);
        if let Some(class) = &a.class {
            look(&r, "Class of accounts", &class.description);
        }
        look(&r, "Display name", &a.display_name);
        look(&r, "Platform", &a.platform);
        look(&r, "Profile URL", &a.profile_url);
        look(&r, "Account kind", a.kind.label());
        meta_fields(&a.meta, &r, &mut look);
    }
    for s in &case.staff {
        let r = RecordRef::Staff(s.id.clone());
        look(&r, "Name", &s.name);
        look(&r, "Pseudonym", &s.pseudonym);
        look(&r, "Role", &s.role);
        look(&r, "Team", &s.team);
        look(&r, "Access level", &s.access_level);
        look(&r, "Employment", s.employment.label());
        meta_fields(&s.meta, &r, &mut look);
    }
    for o in &case.outsiders {
        let r = RecordRef::Outsider(o.id.clone());
        look(&r, "Name", &o.name);
        look(&r, "Pseudonym", &o.pseudonym);
        look(&r, "Role", o.role.label());
        look(&r, "Organisation", &o.organisation);
        meta_fields(&o.meta, &r, &mut look);
    }
    for a in &case.actions {
        let r = RecordRef::Action(a.id.clone());
        look(&r, "Action kind", a.kind.label());
        look(&r, "Summary", &a.summary);
        look(&r, "Authorization", a.authorization.label());
        if let Some(assessment) = a.assessment {
            look(&r, "Assessment", assessment.label());
        }
        if let Actor::System(name) | Actor::External(name) = &a.performer {
            look(&r, "Performed by", name);
        }
        look(&r, "Policy / reason", &a.policy);
        meta_fields(&a.meta, &r, &mut look);
    }
    for s in &case.statements {
        let r = RecordRef::Statement(s.id.clone());
        look(&r, "Quote", &s.quote);
        if let Speaker::Organisation(name)
        | Speaker::Official(name)
        | Speaker::Press(name)
        | Speaker::Other(name) = &s.speaker
        {
            look(&r, "Speaker", name);
        }
        look(&r, "Channel", s.channel.label());
        meta_fields(&s.meta, &r, &mut look);
    }
    for s in &case.sources {
        let r = RecordRef::Source(s.id.clone());
        look(&r, "Source title", &s.title);
        look(&r, "Publisher", &s.publisher);
        look(&r, "Link or file", &s.url);
        for link in &s.also_at {
            look(&r, "Other address", &link.url);
            look(&r, "Other address", &link.label);
        }
        meta_fields(&s.meta, &r, &mut look);
    }
    let pm = &case.postmortem;
    let r = RecordRef::Postmortem;
    look(&r, "Impact", &pm.impact);
    for figure in &pm.figures {
        look(&r, "Impact figure", &figure.what);
        look(&r, "Impact figure", &figure.unit);
    }
    look(&r, "Root cause", &pm.root_cause);
    for factor in &pm.contributing_factors {
        look(&r, "Contributing factors", factor);
    }
    if let Some(d) = &pm.detection {
        look(&r, "Detected by", &d.detail);
    }
    for (label, list) in [
        ("What went well", &pm.went_well),
        ("What went wrong", &pm.went_wrong),
        ("Where we got lucky", &pm.lucky),
        ("Open questions", &pm.open_questions),
    ] {
        for point in list {
            look(&r, label, point);
        }
    }
    for reviewer in pm.review.iter().flat_map(|v| &v.reviewers) {
        look(&r, "Reviewers", reviewer);
    }
    for f in &pm.follow_ups {
        let r = RecordRef::FollowUp(f.id.clone());
        look(&r, "Description", &f.description);
        look(&r, "Owner", &f.owner);
        look(&r, "Tracker", &f.tracker);
        look(&r, "Status", f.status.label());
        meta_fields(&f.meta, &r, &mut look);
    }
    out
}

/// The first match of `needle` (already lower case) in `text`, ignoring case, as an excerpt of
/// `text` around it; `None` when it does not occur.
fn find(text: &str, needle: &str) -> Option<String> {
    // Most text is ASCII: compare bytes without allocating, and only excerpt a field that matches.
    if text.is_ascii() {
        let n = needle.as_bytes();
        if n.is_empty() || !needle.is_ascii() {
            return None;
        }
        let at = text
            .as_bytes()
            .windows(n.len())
            .position(|w| w.eq_ignore_ascii_case(n))?;
        let from = at.saturating_sub(CONTEXT);
        let to = (at + n.len() + CONTEXT).min(text.len());
        let body = text[from..to]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        return Some(format!(
            "{}{body}{}",
            if from > 0 { "…" } else { "" },
            if to < text.len() { "…" } else { "" }
        ));
    }
    // Lower-case character by character, remembering which character each byte of the
    // lower-cased text came from (lower-casing can change a character's length: "İ" → "i̇").
    let chars: Vec<char> = text.chars().collect();
    let mut lower = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        for l in c.to_lowercase() {
            lower.push(l);
            origin.extend(std::iter::repeat_n(i, l.len_utf8()));
        }
    }
    let at = lower.find(needle)?;
    let first = origin[at];
    let last = origin[(at + needle.len()).min(origin.len()) - 1];
    let from = first.saturating_sub(CONTEXT);
    let to = (last + 1 + CONTEXT).min(chars.len());
    let body: String = chars[from..to].iter().collect();
    let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(format!(
        "{}{body}{}",
        if from > 0 { "…" } else { "" },
        if to < chars.len() { "…" } else { "" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_context_and_say_where_they_were_cut() {
        assert_eq!(find("Human error", "error").as_deref(), Some("Human error"));
        let long = format!("{} rogue contractor {}", "a".repeat(50), "b".repeat(50));
        let e = find(&long, "rogue").unwrap();
        assert!(e.starts_with('…') && e.ends_with('…'), "{e}");
        assert!(e.contains("rogue contractor"));
        // Case-insensitive, also where lower-casing changes a character's length.
        assert_eq!(
            find("İstanbul office", "office").as_deref(),
            Some("İstanbul office")
        );
        assert_eq!(find("ÉQUIPE", "équipe").as_deref(), Some("ÉQUIPE"));
        assert_eq!(find("nothing here", "rogue"), None);
        // ASCII text never matches a needle with other characters; the same excerpt either way.
        assert_eq!(find("cafe", "café"), None);
        assert_eq!(find(&long, "rogue"), find(&format!("{long}é"), "rogue"));
        assert_eq!(find("ab", "abc"), None);
    }
}
