//! Parse errors said in the case's terms: which record and field, and what the field accepts.
//!
//! The RON parser knows positions and types ("Expected identifier", "missing field named
//! `authorization` in `Action`"); the file text around the position says which record
//! (`actions[act-lock]`) and which field (`performer:`) that is.

use crate::model::{
    AccountKind, ActionKind, ActionLinkKind, Assessment, Authorization, CaseStatus, Channel,
    Employment, FollowUpStatus, Limit, OutsiderRole, Precision, Severity, StatementLinkKind,
    TimeBound,
};

/// The record list (`actions`) and record id around byte `offset`, as "actions[act-lock]";
/// `None` outside a record with an `id`.
pub fn record_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    // The record's own fields sit one level deeper than its brackets; its `id:` is the first
    // of them. Walk back to the nearest `id: "…"` line whose indentation is no deeper than the
    // line at `offset`.
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let here = &text[line_start..];
    let indent_here = here.len() - here.trim_start().len();
    let mut best = None;
    let mut pos = 0;
    for line in text[..offset].split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix("id:")
            && indent <= indent_here + 2
            && let Some(id) = rest.trim().trim_end_matches(',').strip_prefix('"')
            && let Some(id) = id.strip_suffix('"')
        {
            best = Some((pos, indent, id.to_owned()));
        }
        pos += line.len();
    }
    let (at, indent, id) = best?;
    // The list it is in: the nearest `name: [` line above it, two levels up.
    let list = text[..at]
        .lines()
        .rev()
        .find_map(|l| {
            let t = l.trim_start();
            let i = l.len() - t.len();
            (i + 4 == indent && t.ends_with('[')).then(|| {
                t.trim_end_matches('[')
                    .trim()
                    .trim_end_matches(':')
                    .to_owned()
            })
        })
        .filter(|l| !l.is_empty())?;
    let list = if list == "follow_ups" {
        "postmortem.follow_ups".to_owned()
    } else {
        list
    };
    Some(format!("{list}[{id}]"))
}

/// The field whose value is at byte `offset` (`performer` for `performer: "Bahtiyar",`).
pub fn field_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let line = text[line_start..].lines().next()?;
    let (name, _) = line.trim_start().split_once(':')?;
    let name = name.trim();
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then(|| name.to_owned())
}

/// What a field accepts, written as it is in a case file, when the field holds a choice.
/// `record` (from [`record_at`]) tells an account's `kind` from an action's.
pub fn accepted(field: &str, record: Option<&str>, text_before: &str) -> Option<String> {
    fn names<T: std::fmt::Debug>(all: &[T]) -> String {
        all.iter()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
    let list = record.and_then(|r| r.split('[').next()).unwrap_or("");
    // A `kind:` inside `follows: (` or `amends: (` is the link's kind.
    let in_link = |name: &str| {
        text_before
            .lines()
            .rev()
            .take(3)
            .any(|l| l.trim_start().starts_with(&format!("{name}:")))
    };
    Some(match field {
        "performer" => r#"Staff("staff-…"), Outsider("out-…"), System("name"), External("description"), Unknown"#.to_owned(),
        "speaker" => r#"Organisation("name"), Staff("staff-…"), Account("acct-…"), Outsider("out-…"), Official("name"), Press("name"), Other("name")"#.to_owned(),
        "through" => r#"Staff("staff-…"), Account("acct-…")"#.to_owned(),
        "kind" if in_link("follows") => names(StatementLinkKind::ALL),
        "kind" if in_link("amends") => names(ActionLinkKind::ALL),
        "kind" if list == "accounts" => names(AccountKind::ALL),
        "kind" if list == "actions" => names(ActionKind::ALL),
        "channel" => names(Channel::ALL),
        "authorization" => names(Authorization::ALL),
        "assessment" => names(Assessment::ALL),
        "status" if list == "postmortem.follow_ups" => names(FollowUpStatus::ALL),
        "status" => names(CaseStatus::ALL),
        "severity" => names(Severity::ALL),
        "employment" => names(Employment::ALL),
        "role" if list == "outsiders" => names(OutsiderRole::ALL),
        "precision" => names(&Precision::ALL),
        "bound" => names(&TimeBound::ALL),
        "limit" => names(&Limit::ALL),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "  case: (\n    actions: [\n      (\n        id: \"act-lock\",\n        kind: Restriction,\n        performer: \"Bahtiyar\",\n      ),\n    ],\n    accounts: [\n      (\n        id: \"acct-a\",\n        kind: \"Person\",\n      ),\n    ],\n";

    #[test]
    fn names_the_record_the_field_and_the_choices() {
        let at = TEXT.find("\"Bahtiyar\"").unwrap();
        assert_eq!(record_at(TEXT, at).as_deref(), Some("actions[act-lock]"));
        assert_eq!(field_at(TEXT, at).as_deref(), Some("performer"));
        assert!(
            accepted("performer", Some("actions[act-lock]"), "")
                .unwrap()
                .contains("Staff(\"staff-…\")")
        );
        let at = TEXT.find("\"Person\"").unwrap();
        let record = record_at(TEXT, at);
        assert_eq!(record.as_deref(), Some("accounts[acct-a]"));
        assert!(
            accepted("kind", record.as_deref(), &TEXT[..at])
                .unwrap()
                .contains("PublicOfficial")
        );
        // The end of a record (where a missing field is reported) is still in it.
        let end = TEXT.find("      ),\n    ],\n    accounts").unwrap();
        assert_eq!(record_at(TEXT, end).as_deref(), Some("actions[act-lock]"));
        assert_eq!(accepted("summary", None, ""), None);
    }
}
