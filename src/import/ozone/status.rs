//! `queryStatuses`: a subject's review state, as a note on its account.

use serde_json::{Map, Value};

use super::{LocatedStatus, PLATFORM, PREFIX, STATUS_FIELDS};
use crate::import::Builder;
use crate::model::{Level, Note};

/// A subject's review state (`queryStatuses`): a note on its account.
pub(super) fn status(b: &mut Builder<'_>, s: LocatedStatus) {
    let st = &s.status;
    let skipped: Vec<String> = st
        .keys()
        .filter(|k| !STATUS_FIELDS.contains(&k.as_str()) && k.as_str() != "$type")
        .map(|k| format!("`{k}`"))
        .collect();
    if !skipped.is_empty() {
        b.problem(
            Level::Warning,
            &s.file,
            Some(s.position),
            format!(
                "subject status: skipped unknown field{} {}",
                if skipped.len() == 1 { "" } else { "s" },
                skipped.join(", ")
            ),
        );
    }
    let empty = Map::new();
    let subject = st
        .get("subject")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let uri = text_of(subject, "uri");
    let did = text_of(subject, "did").or_else(|| {
        uri.and_then(|u| u.strip_prefix("at://"))
            .and_then(|rest| rest.split('/').next())
    });
    let handle = text_of(st, "subjectRepoHandle");
    if did.is_none() && handle.is_none() {
        b.problem(
            Level::Error,
            &s.file,
            Some(s.position),
            "subject status names no account (no did or handle); not imported",
        );
        return;
    }
    let account = b.account(PLATFORM, handle, did);
    let state = text_of(st, "reviewState").unwrap_or("");
    let state = state.strip_prefix(PREFIX).unwrap_or(state);
    let state = state.strip_prefix("review").unwrap_or(state).to_lowercase();
    let mut parts = vec![format!("review state {state}")];
    if let Some(t) = st.get("takendown").and_then(Value::as_bool) {
        parts.push(if t { "taken down" } else { "not taken down" }.to_owned());
    }
    if let Some(t) = st.get("appealed").and_then(Value::as_bool).filter(|a| *a) {
        let _ = t;
        parts.push("appealed".to_owned());
    }
    for (field, label) in [
        ("suspendUntil", "suspended until"),
        ("muteUntil", "muted until"),
        ("lastReportedAt", "last reported"),
        ("lastReviewedAt", "last reviewed"),
        ("lastReviewedBy", "by"),
        ("lastAppealedAt", "last appealed"),
        ("comment", "comment:"),
    ] {
        if let Some(v) = text_of(st, field) {
            parts.push(format!("{label} {v}"));
        }
    }
    let tags = strings(st, "tags");
    if !tags.is_empty() {
        parts.push(format!("tags {}", tags.join(", ")));
    }
    let about = uri.map_or_else(String::new, |u| format!(" of {u}"));
    let as_of = text_of(st, "updatedAt").unwrap_or("?");
    let note = Note {
        text: format!("Ozone status{about} as of {as_of}: {}", parts.join("; ")),
        internal: false,
    };
    let known = b
        .case
        .account(&account)
        .is_some_and(|a| a.meta.notes.contains(&note))
        || b.plan
            .account_notes
            .contains(&(account.clone(), note.clone()));
    if known {
        b.plan.already_present += 1;
    } else {
        b.plan.account_notes.push((account, note));
    }
}

fn text_of<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn strings(map: &Map<String, Value>, key: &str) -> Vec<String> {
    map.get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}
