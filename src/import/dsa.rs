//! EU DSA Transparency Database statements of reasons: JSON as the API takes and answers them
//! (one statement, `{"statements": […]}`, or an array) and CSV as the daily dumps publish them
//! (array fields as JSON text).
//!
//! Each statement becomes one action on the content or account it names (an account record
//! per platform item, known by the statement's `puid` and kept as a `dsa-puid:…` tag):
//!
//! - kind, from the strongest decision: the account (suspended → suspension, terminated →
//!   deactivation), then the service (total suspension → suspension, termination →
//!   deactivation, partial → restriction), then visibility (removed or disabled → content
//!   removal, labelled → label, demoted, age- or interaction-restricted → restriction), then
//!   money (restriction); the summary lists every decision;
//! - start: `application_date` (a day); `end_date_*` of that decision: the planned end (a day;
//!   blank means indefinite); `created_at` (when it was filed, to the second, UTC): disclosed;
//! - policy: the ground (illegal content and its legal ground, or the terms and conditions and
//!   the ground given) and the category with its additions and keywords;
//! - automated detection and decision: tags and a note; a fully automated decision is performed
//!   by an automated system;
//! - the facts, explanations, source, content type, language, territorial scope: notes.
//!
//! Fields the schema does not define are reported and kept in an internal note.

use serde_json::{Map, Value};

use super::{
    Builder, Format, Input, LineIndex, Options, import_key, json_error_message, json_error_position,
};
use crate::model::{
    AccountKind, Action, ActionId, ActionKind, Actor, Authorization, Level, Note, Precision, When,
};

/// Every field a statement may carry: the API's request and response, and the dump's columns.
const FIELDS: &[&str] = &[
    "uuid",
    "id",
    "decision_visibility",
    "decision_visibility_other",
    "end_date_visibility_restriction",
    "decision_monetary",
    "decision_monetary_other",
    "end_date_monetary_restriction",
    "decision_provision",
    "end_date_service_restriction",
    "decision_account",
    "end_date_account_restriction",
    "account_type",
    "decision_ground",
    "decision_ground_reference_url",
    "illegal_content_legal_ground",
    "illegal_content_explanation",
    "incompatible_content_ground",
    "incompatible_content_explanation",
    "incompatible_content_illegal",
    "category",
    "category_addition",
    "category_specification",
    "category_specification_other",
    "content_type",
    "content_type_other",
    "content_language",
    "content_date",
    "content_id",
    "content_id_ean",
    "territorial_scope",
    "application_date",
    "decision_facts",
    "source_type",
    "source_identity",
    "automated_detection",
    "automated_decision",
    "platform_name",
    "platform_uid",
    "puid",
    "created_at",
    "permalink",
    "self",
];

/// One statement with where it was read.
struct Located {
    fields: Map<String, Value>,
    file: String,
    position: (usize, usize),
}

pub(super) fn read(b: &mut Builder<'_>, inputs: &[Input], options: &Options) {
    let mut statements = Vec::new();
    for input in inputs {
        let trimmed = input.text.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            read_json(b, input, &mut statements);
        } else {
            read_csv(b, input, &mut statements);
        }
    }
    for s in statements {
        statement(b, s, options);
    }
}

fn read_json(b: &mut Builder<'_>, input: &Input, out: &mut Vec<Located>) {
    let index = LineIndex::new(&input.text);
    let value: Value = match serde_json::from_str(&input.text) {
        Ok(v) => v,
        Err(e) => {
            let at = json_error_position(&index, 0, &e);
            b.problem(
                Level::Error,
                &input.name,
                Some(at),
                format!("not valid JSON: {}", json_error_message(&e)),
            );
            return;
        }
    };
    // Positions: the n-th statement object is found by its `"puid"` (or the n-th object).
    let starts: Vec<usize> = input
        .text
        .match_indices("\"puid\"")
        .map(|(i, _)| i)
        .collect();
    let items: Vec<Map<String, Value>> = match value {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .collect(),
        Value::Object(mut m) => match m.remove("statements") {
            Some(Value::Array(items)) => items
                .into_iter()
                .filter_map(|v| match v {
                    Value::Object(m) => Some(m),
                    _ => None,
                })
                .collect(),
            _ => vec![m],
        },
        _ => Vec::new(),
    };
    if items.is_empty() {
        b.problem(
            Level::Error,
            &input.name,
            None,
            "no statements of reasons found (expected a statement object, {\"statements\": […]} or an array)",
        );
    }
    for (i, fields) in items.into_iter().enumerate() {
        let position = starts
            .get(i)
            .filter(|_| starts.len() > i)
            .map_or((1, 1), |&o| index.position(o));
        out.push(Located {
            fields,
            file: input.name.clone(),
            position,
        });
    }
}

fn read_csv(b: &mut Builder<'_>, input: &Input, out: &mut Vec<Located>) {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(input.text.as_bytes());
    let headings: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_owned()).collect(),
        Err(e) => {
            b.problem(
                Level::Error,
                &input.name,
                Some((1, 1)),
                format!("cannot read the header row: {e}"),
            );
            return;
        }
    };
    if !headings.iter().any(|h| h == "application_date") {
        b.problem(
            Level::Error,
            &input.name,
            Some((1, 1)),
            "not a statements-of-reasons CSV: expected the dump's columns (uuid, decision_visibility, …, application_date, …)",
        );
        return;
    }
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                let mut fields = Map::new();
                for (h, v) in headings.iter().zip(r.iter()) {
                    let v = v.trim();
                    if v.is_empty() {
                        continue;
                    }
                    // Arrays are stored as JSON text: `["DECISION_VISIBILITY_CONTENT_REMOVED"]`.
                    let value = if v.starts_with('[') {
                        serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_owned()))
                    } else {
                        Value::String(v.to_owned())
                    };
                    fields.insert(h.clone(), value);
                }
                out.push(Located {
                    fields,
                    file: input.name.clone(),
                    position: (line, 1),
                });
            }
            Err(e) => b.problem(
                Level::Error,
                &input.name,
                e.position().map(|p| (p.line() as usize, 1)),
                format!("cannot read this row: {e}; not imported"),
            ),
        }
    }
}

fn text<'a>(s: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    s.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// An array field (or a single key given where an array is expected).
fn keys(s: &Map<String, Value>, key: &str) -> Vec<String> {
    match s.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(one)) if !one.trim().is_empty() => one
            .split(',')
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// "STATEMENT_CATEGORY_CYBER_VIOLENCE" → "cyber violence".
fn words(key: &str) -> String {
    let rest = [
        "STATEMENT_CATEGORY_",
        "KEYWORD_",
        "CONTENT_TYPE_",
        "SOURCE_TYPE_",
        "SOURCE_",
        "AUTOMATED_DECISION_",
    ]
    .iter()
    .find_map(|p| key.strip_prefix(p))
    .unwrap_or(key);
    rest.replace('_', " ").to_lowercase()
}

/// The label the database shows for a decision key, and the kind it means.
fn decision(key: &str) -> (String, ActionKind) {
    let (label, kind) = match key {
        "DECISION_ACCOUNT_SUSPENDED" => ("Suspension of the account", ActionKind::Suspension),
        "DECISION_ACCOUNT_TERMINATED" => ("Termination of the account", ActionKind::Deactivation),
        "DECISION_PROVISION_TOTAL_SUSPENSION" => (
            "Total suspension of the provision of the service",
            ActionKind::Suspension,
        ),
        "DECISION_PROVISION_TOTAL_TERMINATION" => (
            "Total termination of the provision of the service",
            ActionKind::Deactivation,
        ),
        "DECISION_PROVISION_PARTIAL_SUSPENSION" => (
            "Partial suspension of the provision of the service",
            ActionKind::Restriction,
        ),
        "DECISION_PROVISION_PARTIAL_TERMINATION" => (
            "Partial termination of the provision of the service",
            ActionKind::Restriction,
        ),
        "DECISION_VISIBILITY_CONTENT_REMOVED" => ("Removal of content", ActionKind::ContentRemoval),
        "DECISION_VISIBILITY_CONTENT_DISABLED" => {
            ("Disabling access to content", ActionKind::ContentRemoval)
        }
        "DECISION_VISIBILITY_CONTENT_DEMOTED" => ("Demotion of content", ActionKind::Restriction),
        "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED" => {
            ("Age restricted content", ActionKind::Restriction)
        }
        "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED" => (
            "Restricting interaction with content",
            ActionKind::Restriction,
        ),
        "DECISION_VISIBILITY_CONTENT_LABELLED" => ("Labelled content", ActionKind::Label),
        "DECISION_VISIBILITY_OTHER" => ("Other visibility restriction", ActionKind::Restriction),
        "DECISION_MONETARY_SUSPENSION" => {
            ("Suspension of monetary payments", ActionKind::Restriction)
        }
        "DECISION_MONETARY_TERMINATION" => {
            ("Termination of monetary payments", ActionKind::Restriction)
        }
        "DECISION_MONETARY_OTHER" => ("Other monetary restriction", ActionKind::Restriction),
        other => return (format!("decision {other}"), ActionKind::Other),
    };
    (label.to_owned(), kind)
}

/// A date as the database gives it (`YYYY-MM-DD`, perhaps with ` 00:00:00`): a day.
fn day(s: &Map<String, Value>, key: &str, tz: chrono_tz::Tz) -> Result<Option<When>, String> {
    let Some(t) = text(s, key) else {
        return Ok(None);
    };
    let date = t
        .strip_suffix(" 00:00:00")
        .or_else(|| t.strip_suffix("T00:00:00"))
        .unwrap_or(t);
    match When::parse(date, tz) {
        Ok(w) if w.precision == Precision::Day => Ok(Some(w)),
        Ok(w) => Ok(Some(w)),
        Err(_) => Err(format!("{key} {t:?} is not a date (expected YYYY-MM-DD)")),
    }
}

fn statement(b: &mut Builder<'_>, st: Located, options: &Options) {
    let s = &st.fields;
    let tz = options.zone.unwrap_or_else(|| b.case.tz());
    let at = Some(st.position);
    let platform = text(s, "platform_name")
        .map(str::to_owned)
        .or_else(|| options.platform.clone())
        .unwrap_or_default();
    let puid = text(s, "puid").or_else(|| text(s, "platform_uid"));
    let id = match (puid, text(s, "uuid")) {
        (Some(p), _) => format!("{platform}:{p}"),
        (None, Some(u)) => u.to_owned(),
        (None, None) => super::digest(&[&Value::Object(s.clone()).to_string()]),
    };
    let key = import_key(Format::Dsa, &id);
    if b.seen(&key) {
        return;
    }
    let start = match day(s, "application_date", tz) {
        Ok(Some(w)) => w,
        Ok(None) => {
            b.problem(
                Level::Error,
                &st.file,
                at,
                "statement has no application_date (the date the restriction applies from); not imported",
            );
            return;
        }
        Err(e) => {
            b.problem(
                Level::Error,
                &st.file,
                at,
                format!("{e}; statement not imported"),
            );
            return;
        }
    };
    let unknown: Vec<String> = s
        .keys()
        .filter(|k| !FIELDS.contains(&k.as_str()))
        .map(|k| format!("`{k}`"))
        .collect();
    if !unknown.is_empty() {
        b.problem(
            Level::Warning,
            &st.file,
            at,
            format!(
                "skipped unknown field{} {} (kept in an internal note)",
                if unknown.len() == 1 { "" } else { "s" },
                unknown.join(", ")
            ),
        );
    }
    // Decisions, strongest first, each with the end date that belongs to it.
    let mut decisions: Vec<(String, ActionKind, Option<&str>)> = Vec::new();
    for (field, end) in [
        ("decision_account", "end_date_account_restriction"),
        ("decision_provision", "end_date_service_restriction"),
        ("decision_visibility", "end_date_visibility_restriction"),
        ("decision_monetary", "end_date_monetary_restriction"),
    ] {
        for k in keys(s, field) {
            let (mut label, kind) = decision(&k);
            let other = match field {
                "decision_visibility" => text(s, "decision_visibility_other"),
                "decision_monetary" => text(s, "decision_monetary_other"),
                _ => None,
            };
            if k.ends_with("_OTHER")
                && let Some(o) = other
            {
                label = format!("{label}: {o}");
            }
            if kind == ActionKind::Other {
                b.problem(
                    Level::Warning,
                    &st.file,
                    at,
                    format!("{field}: unknown value {k:?}; imported as kind other"),
                );
            }
            decisions.push((label, kind, Some(end)));
        }
    }
    if decisions.is_empty() {
        b.problem(
            Level::Warning,
            &st.file,
            at,
            "statement names no decision (decision_visibility, _monetary, _provision or _account); imported as kind other",
        );
    }
    let rank = |k: ActionKind| match k {
        ActionKind::Deactivation => 0,
        ActionKind::Suspension => 1,
        ActionKind::ContentRemoval => 2,
        ActionKind::Restriction => 3,
        ActionKind::Label => 4,
        _ => 5,
    };
    let main = decisions.iter().min_by_key(|d| rank(d.1));
    let kind = main.map_or(ActionKind::Other, |d| d.1);
    let mut action = Action::new(ActionId::generate(), kind, "", start, b.now);
    action.authorization = Authorization::Authorized;
    let labels: Vec<&str> = decisions.iter().map(|d| d.0.as_str()).collect();
    action.summary = if labels.is_empty() {
        "Statement of reasons".to_owned()
    } else {
        labels.join("; ")
    };
    if let Some(end_field) = main.and_then(|d| d.2) {
        match day(s, end_field, tz) {
            Ok(end) => action.planned_end = end,
            Err(e) => b.problem(Level::Warning, &st.file, at, format!("{e}; left empty")),
        }
    }
    if let Some(t) = text(s, "created_at") {
        match When::parse(&format!("{t} UTC"), tz).or_else(|_| When::parse(t, tz)) {
            Ok(w) => action.disclosed = Some(w),
            Err(_) => b.problem(
                Level::Warning,
                &st.file,
                at,
                format!("created_at {t:?} is not a time; left empty"),
            ),
        }
    }
    // Policy: the ground, then the category.
    let ground = match text(s, "decision_ground") {
        Some("DECISION_GROUND_ILLEGAL_CONTENT") => match text(s, "illegal_content_legal_ground") {
            Some(g) => format!("illegal content ({g})"),
            None => "illegal content".to_owned(),
        },
        Some("DECISION_GROUND_INCOMPATIBLE_CONTENT") => {
            match text(s, "incompatible_content_ground") {
                Some(g) => format!("terms and conditions ({g})"),
                None => "terms and conditions".to_owned(),
            }
        }
        Some(other) => words(other),
        None => String::new(),
    };
    let mut categories: Vec<String> = keys(s, "category")
        .iter()
        .chain(&keys(s, "category_addition"))
        .map(|c| words(c))
        .collect();
    categories.dedup();
    let mut policy = vec![ground];
    if !categories.is_empty() {
        policy.push(categories.join(", "));
    }
    let specification: Vec<String> = keys(s, "category_specification")
        .iter()
        .map(|k| words(k))
        .chain(text(s, "category_specification_other").map(str::to_owned))
        .collect();
    if !specification.is_empty() {
        policy.push(specification.join(", "));
    }
    action.policy = policy
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
    // Automation.
    let detection = text(s, "automated_detection");
    let decided = text(s, "automated_decision");
    if detection == Some("Yes") {
        action.meta.tags.push("automated detection".to_owned());
    }
    match decided {
        Some("AUTOMATED_DECISION_FULLY") => {
            action.meta.tags.push("automated decision".to_owned());
            action.performer = Actor::System(if platform.is_empty() {
                "automated decision".to_owned()
            } else {
                format!("{platform} automated decision")
            });
        }
        Some("AUTOMATED_DECISION_PARTIALLY") => {
            action
                .meta
                .tags
                .push("partly automated decision".to_owned());
        }
        _ => {}
    }
    let mut notes: Vec<String> = Vec::new();
    notes.push(format!(
        "DSA statement of reasons{}{}: automated detection {}, decision {}",
        puid.map_or(String::new(), |p| format!(" {p}")),
        if platform.is_empty() {
            String::new()
        } else {
            format!(" ({platform})")
        },
        detection.unwrap_or("not given").to_lowercase(),
        decided.map_or("not given".to_owned(), words),
    ));
    for (field, label) in [
        ("decision_facts", "Facts"),
        ("illegal_content_explanation", "Why illegal"),
        ("incompatible_content_explanation", "Why incompatible"),
        ("incompatible_content_illegal", "Also illegal"),
        ("decision_ground_reference_url", "Ground"),
        ("source_identity", "Notified by"),
        ("content_type_other", "Content type"),
        ("content_language", "Language"),
        ("content_id_ean", "EAN-13"),
        ("content_date", "Content date"),
        ("permalink", "Permalink"),
    ] {
        if let Some(v) = text(s, field) {
            notes.push(format!("{label}: {v}"));
        }
    }
    if let Some(source) = text(s, "source_type") {
        notes.push(format!("Source: {}", words(source)));
    }
    let content_types: Vec<String> = keys(s, "content_type").iter().map(|k| words(k)).collect();
    if !content_types.is_empty() {
        notes.push(format!("Content type: {}", content_types.join(", ")));
    }
    let scope = keys(s, "territorial_scope");
    if !scope.is_empty() {
        notes.push(format!("Territorial scope: {}", scope.join(", ")));
    }
    if let Some(Value::Object(ean)) = s.get("content_id")
        && let Some(v) = ean.get("EAN-13").and_then(Value::as_str)
    {
        notes.push(format!("EAN-13: {v}"));
    }
    action.meta.notes.extend(notes.into_iter().map(|text| Note {
        text,
        internal: false,
    }));
    if !unknown.is_empty() {
        action.meta.notes.push(Note {
            text: format!("Raw statement: {}", Value::Object(s.clone())),
            internal: true,
        });
    }
    // The item the statement is about.
    let item = puid.unwrap_or("(no puid)");
    let target = b.account_item(
        &platform,
        &format!("item {item}"),
        &format!("dsa-puid:{item}"),
    );
    if let Some(kind) = match text(s, "account_type") {
        Some("ACCOUNT_TYPE_BUSINESS") => Some(AccountKind::Organisation),
        Some("ACCOUNT_TYPE_PRIVATE") => Some(AccountKind::Individual),
        _ => None,
    } && let Some(a) = b.new_account_mut(&target)
    {
        a.kind = kind;
    }
    action.targets.push(target);
    action.meta.tags.push(key.clone());
    b.claim(key);
    b.plan.actions.push(action);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_words() {
        assert_eq!(words("STATEMENT_CATEGORY_CYBER_VIOLENCE"), "cyber violence");
        assert_eq!(words("KEYWORD_HATE_SPEECH"), "hate speech");
        assert_eq!(
            decision("DECISION_ACCOUNT_SUSPENDED").1,
            ActionKind::Suspension
        );
    }
}
