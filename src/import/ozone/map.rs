//! Mapping one Ozone event to an action: its subject, performer, kind, and what it reverses.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use super::members::Members;
use super::{EventView, Located, PLATFORM, PREFIX, event_fields};
use crate::import::{Builder, Format, import_key};
use crate::model::{
    AccountId, Action, ActionId, ActionKind, Actor, ApproxDuration, Authorization, Employment,
    Level, Note, OutsiderRole, When,
};

/// What an event is about: an account, perhaps one of its records.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Subject {
    account: Option<AccountId>,
    /// The account's DID, when the event gives it.
    did: Option<String>,
    /// `at://…` of a post or other record; a chat message.
    record: Option<String>,
}

impl Subject {
    /// What a reversal must match: the record, else the account.
    fn key(&self) -> String {
        match (&self.record, &self.account) {
            (Some(r), _) => format!("record {r}"),
            (None, Some(a)) => format!("account {a}"),
            (None, None) => String::new(),
        }
    }
}

/// The events read so far, for reversals to find what they undo.
#[derive(Default)]
pub(super) struct Mapper {
    /// Action id → subject key, for actions of this import.
    subjects: HashMap<ActionId, String>,
    /// Label action id → the label values it created.
    labels: HashMap<ActionId, Vec<String>>,
    /// DIDs of creators that are automated (Ozone's service account, automod…).
    automated: HashMap<String, String>,
    /// This import's actions by subject key, oldest first.
    by_subject: HashMap<String, Vec<usize>>,
    /// Actions something reverses (of the case and of this import).
    reversed: HashSet<ActionId>,
    /// Whether `reversed` holds the case's reversals yet.
    started: bool,
}

/// "reasonMisleadingScam" → "misleading scam"; "reasonSpam" → "spam".
fn reason_words(report_type: &str) -> String {
    let name = report_type.rsplit('#').next().unwrap_or(report_type);
    let name = name.strip_prefix("reason").unwrap_or(name);
    let mut words = String::new();
    for c in name.chars() {
        if c.is_uppercase() && !words.is_empty() {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    if words.is_empty() {
        report_type.to_owned()
    } else {
        words
    }
}

/// "72 h (3 days)", "12 h".
fn hours_text(hours: i64) -> String {
    if hours % 24 == 0 && hours >= 48 {
        format!("{hours} h ({} days)", hours / 24)
    } else {
        format!("{hours} h")
    }
}

/// "Takedown (72 h): spam again" — a description, then the comment.
fn with_comment(what: String, comment: Option<&str>) -> String {
    match comment {
        Some(c) => format!("{what}: {c}"),
        None => what,
    }
}

impl Mapper {
    pub(super) fn event(&mut self, b: &mut Builder<'_>, at: DateTime<Utc>, e: Located<'_>) {
        if !self.started {
            self.started = true;
            self.reversed
                .extend(b.case.actions.iter().filter_map(|a| a.reverses.clone()));
        }
        let key = import_key(Format::Ozone, &e.view.id.to_string());
        if b.seen(&key) {
            return;
        }
        let view = &e.view;
        let full_type = view.event.text("$type").unwrap_or("").to_owned();
        let kind_name = full_type
            .strip_prefix(PREFIX)
            .unwrap_or(&full_type)
            .to_owned();
        let mut keep_raw = false;
        // Fields this version of Casebook does not know: reported, kept in the raw note.
        let skipped_view: Vec<&str> = view.other.iter().map(String::as_str).collect();
        let known = event_fields(&kind_name);
        let skipped_event: Vec<&str> = match known {
            Some(fields) => view
                .event
                .keys()
                .filter(|k| *k != "$type" && !fields.contains(k))
                .collect(),
            None => Vec::new(),
        };
        if !skipped_view.is_empty() || !skipped_event.is_empty() {
            keep_raw = true;
            let names: Vec<String> = skipped_view
                .iter()
                .chain(&skipped_event)
                .map(|k| format!("`{k}`"))
                .collect();
            b.problem(
                Level::Warning,
                e.file,
                Some(e.position),
                format!(
                    "event {}: skipped unknown field{} {} of {} (kept in the raw event note)",
                    view.id,
                    if names.len() == 1 { "" } else { "s" },
                    names.join(", "),
                    if kind_name.is_empty() {
                        "the event"
                    } else {
                        &kind_name
                    }
                ),
            );
        }
        let subject = self.subject(b, view, &e);
        let comment = view.event.text("comment");
        let hours = view.event.i64("durationInHours");
        let on_record = subject.record.is_some();

        let mut action = Action::new(
            ActionId::generate(),
            ActionKind::Other,
            "",
            When::exact(at),
            b.now,
        );
        action.targets.extend(subject.account.clone());
        action.authorization = Authorization::Authorized;
        action.performer = self.performer(b, view, &kind_name, &subject);
        let mut reverses_kind: Option<Vec<ActionKind>> = None;
        let mut negated: Vec<String> = Vec::new();
        let (kind, summary) = match kind_name.as_str() {
            "modEventReport" => {
                let reason = view.event.text("reportType").unwrap_or("");
                let words = reason_words(reason);
                action.policy = words.clone();
                action.authorization = Authorization::Unknown;
                if words == "appeal" {
                    (
                        ActionKind::Appeal,
                        with_comment("Appeal".to_owned(), comment),
                    )
                } else {
                    (
                        ActionKind::ReportReceived,
                        with_comment(format!("Report ({words})"), comment),
                    )
                }
            }
            "modEventTakedown" => {
                action.policy = policies(&view.event);
                let what = match hours {
                    Some(h) if h > 0 => {
                        action.duration = Some(ApproxDuration::new(h * 3600, false));
                        action.planned_end = Some(When::exact(at + Duration::hours(h)));
                        format!("Takedown for {}", hours_text(h))
                    }
                    _ => "Takedown".to_owned(),
                };
                if on_record {
                    (
                        ActionKind::ContentRemoval,
                        with_comment(format!("{what} of a record"), comment),
                    )
                } else {
                    (ActionKind::Suspension, with_comment(what, comment))
                }
            }
            "modEventReverseTakedown" => {
                action.policy = policies(&view.event);
                reverses_kind = Some(vec![
                    ActionKind::Suspension,
                    ActionKind::Deactivation,
                    ActionKind::ContentRemoval,
                    ActionKind::Restriction,
                ]);
                (
                    ActionKind::Reinstatement,
                    with_comment("Takedown reversed".to_owned(), comment),
                )
            }
            "modEventLabel" => {
                let created = view.event.strings("createLabelVals");
                negated = view.event.strings("negateLabelVals");
                if let Some(h) = hours.filter(|h| *h > 0) {
                    action.duration = Some(ApproxDuration::new(h * 3600, false));
                }
                if created.is_empty() && !negated.is_empty() {
                    reverses_kind = Some(vec![ActionKind::Label]);
                    (
                        ActionKind::Reinstatement,
                        with_comment(format!("Label removed: {}", negated.join(", ")), comment),
                    )
                } else {
                    let mut what = format!("Label added: {}", created.join(", "));
                    if !negated.is_empty() {
                        what.push_str(&format!("; removed: {}", negated.join(", ")));
                    }
                    (ActionKind::Label, with_comment(what, comment))
                }
            }
            "modEventAcknowledge" => (
                ActionKind::Review,
                with_comment("Acknowledged".to_owned(), comment),
            ),
            "modEventEscalate" => (
                ActionKind::Escalation,
                with_comment("Escalated".to_owned(), comment),
            ),
            "modEventComment" => (
                ActionKind::Comment,
                comment.map_or_else(|| "Comment".to_owned(), str::to_owned),
            ),
            "modEventResolveAppeal" => (
                ActionKind::AppealDecision,
                with_comment("Appeal resolved".to_owned(), comment),
            ),
            "modEventTag" => {
                let add = view.event.strings("add");
                let remove = view.event.strings("remove");
                let mut what = Vec::new();
                if !add.is_empty() {
                    what.push(format!("Tagged {}", add.join(", ")));
                }
                if !remove.is_empty() {
                    what.push(format!("untagged {}", remove.join(", ")));
                }
                if what.is_empty() {
                    what.push("Tags unchanged".to_owned());
                }
                (ActionKind::Review, with_comment(what.join("; "), comment))
            }
            "modEventMute" => {
                let what = match hours {
                    Some(h) => format!("Reports muted for {}", hours_text(h)),
                    None => "Reports muted".to_owned(),
                };
                (ActionKind::Review, with_comment(what, comment))
            }
            "modEventUnmute" => (
                ActionKind::Review,
                with_comment("Reports unmuted".to_owned(), comment),
            ),
            "modEventPriorityScore" => {
                let score = view.event.raw("score").map(|r| r.get().to_owned());
                (
                    ActionKind::Review,
                    with_comment(
                        format!("Priority score set to {}", score.unwrap_or_default()),
                        comment,
                    ),
                )
            }
            "revokeAccountCredentialsEvent" => (
                ActionKind::CredentialReset,
                with_comment("Account credentials revoked".to_owned(), comment),
            ),
            "modEventEmail" => {
                keep_raw = true;
                let subject_line = view.event.text("subjectLine").unwrap_or("");
                (
                    ActionKind::Other,
                    with_comment(format!("Email to the account: {subject_line}"), comment),
                )
            }
            other => {
                keep_raw = true;
                b.problem(
                    Level::Warning,
                    e.file,
                    Some(e.position),
                    format!(
                        "event {}: {} has no Casebook kind; imported as \"other\" with the raw event in a note",
                        view.id,
                        if other.is_empty() { "an event with no $type" } else { other }
                    ),
                );
                let name = if other.is_empty() { "unknown" } else { other };
                (
                    ActionKind::Other,
                    with_comment(format!("Ozone event {name}"), comment),
                )
            }
        };
        action.kind = kind;
        action.summary = summary;
        if let Some(record) = &subject.record {
            action.meta.notes.push(Note {
                text: format!("Subject: {record}"),
                internal: false,
            });
        }
        if keep_raw {
            action.meta.notes.push(Note {
                text: format!("Raw Ozone event: {}", compact(e.raw)),
                internal: true,
            });
        }
        if let Some(kinds) = reverses_kind {
            let reversed = self.reversed(b, &action, &subject, &kinds, &negated);
            match reversed {
                Some(id) => action.reverses = Some(id),
                None => b.problem(
                    Level::Warning,
                    e.file,
                    Some(e.position),
                    format!(
                        "event {}: found no earlier {} on this subject for the reversal to undo; imported unlinked",
                        view.id,
                        if kinds == [ActionKind::Label] { "label" } else { "takedown" }
                    ),
                ),
            }
        }
        action.meta.tags.push(key.clone());
        b.claim(key);
        if let Some(r) = &action.reverses {
            self.reversed.insert(r.clone());
        }
        self.subjects.insert(action.id.clone(), subject.key());
        self.by_subject
            .entry(subject.key())
            .or_default()
            .push(b.plan.actions.len());
        if action.kind == ActionKind::Label {
            self.labels
                .insert(action.id.clone(), view.event.strings("createLabelVals"));
        }
        b.plan.actions.push(action);
    }

    /// The account (and record) the event is about; a new account the first time.
    fn subject(&mut self, b: &mut Builder<'_>, view: &EventView<'_>, e: &Located<'_>) -> Subject {
        let s = &view.subject;
        let kind = s.text("$type").unwrap_or("");
        let uri = s.text("uri");
        let did = s.text("did").or_else(|| {
            uri.and_then(|u| u.strip_prefix("at://"))
                .and_then(|rest| rest.split('/').next())
                .filter(|d| d.starts_with("did:"))
        });
        let handle = view.subject_handle.as_deref().or_else(|| s.text("handle"));
        let record = match kind {
            "com.atproto.repo.strongRef" => uri.map(str::to_owned),
            "chat.bsky.convo.defs#messageRef" => Some(format!(
                "chat message {} in conversation {}",
                s.text("messageId").unwrap_or("?"),
                s.text("convoId").unwrap_or("?")
            )),
            _ => uri.map(str::to_owned),
        };
        let account = if did.is_some() || handle.is_some() {
            Some(b.account(PLATFORM, handle, did))
        } else {
            b.problem(
                Level::Warning,
                e.file,
                Some(e.position),
                format!(
                    "event {}: the subject names no account (no did, handle or at:// URI); imported without a target",
                    view.id
                ),
            );
            None
        };
        Subject {
            account,
            did: did.map(str::to_owned),
            record,
        }
    }

    /// Who performed the event: the reporter, an automated system, or a staff member.
    fn performer(
        &mut self,
        b: &mut Builder<'_>,
        view: &EventView<'_>,
        kind: &str,
        subject: &Subject,
    ) -> Actor {
        let did = view.created_by.trim();
        let name = view
            .creator_handle
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(|h| format!("@{}", h.trim_start_matches('@')))
            .unwrap_or_else(|| did.to_owned());
        if let Some(tool) = &view.mod_tool {
            let tool = tool.trim();
            // Ozone's own web interface is a person using it; any other tool is automation.
            if !tool.is_empty() && !tool.starts_with("ozone") {
                return Actor::System(tool.to_owned());
            }
        }
        // Who tagged is Ozone's service account; its other events (not reports, which are
        // users') are automated too.
        let automated_key = format!("{did} {name}");
        if kind != "modEventReport"
            && let Some(system) = self.automated.get(&automated_key)
        {
            return Actor::System(system.clone());
        }
        match kind {
            "modEventReport" => {
                let appeal = view
                    .event
                    .text("reportType")
                    .is_some_and(|r| r.ends_with("#reasonAppeal"));
                let holder = subject.did.as_deref() == Some(did);
                if appeal && holder {
                    return Actor::External(format!("{name}, the account holder"));
                }
                let role = if appeal {
                    OutsiderRole::Other
                } else {
                    OutsiderRole::Reporter
                };
                Actor::Outsider(b.outsider(&name, Some(did), role))
            }
            "modEventTag" => {
                // Ozone's service account tags subjects by itself (language, report reasons).
                let system = format!("Ozone service account {name}");
                self.automated.insert(automated_key, system.clone());
                Actor::System(system)
            }
            _ => Actor::Staff(b.staff(&name, Some(did), Employment::Employee)),
        }
    }

    /// The latest earlier action on the same subject, of one of `kinds`, not reversed yet (a
    /// label reversal: one that created one of the `negated` values).
    fn reversed(
        &self,
        b: &Builder<'_>,
        action: &Action,
        subject: &Subject,
        kinds: &[ActionKind],
        negated: &[String],
    ) -> Option<ActionId> {
        let key = subject.key();
        if key.is_empty() {
            return None;
        }
        let record_note = subject.record.as_ref().map(|r| format!("Subject: {r}"));
        let matches_subject = |a: &Action| match self.subjects.get(&a.id) {
            Some(k) => *k == key,
            // From the case: the same account, and the same record if the reversal names one.
            None => {
                a.targets
                    .iter()
                    .any(|t| subject.account.as_ref() == Some(t))
                    && match &record_note {
                        Some(note) => a.meta.notes.iter().any(|n| &n.text == note),
                        None => !a.meta.notes.iter().any(|n| n.text.starts_with("Subject: ")),
                    }
            }
        };
        let matches_label = |a: &Action| {
            a.kind != ActionKind::Label
                || negated.is_empty()
                || match self.labels.get(&a.id) {
                    Some(vals) => vals.iter().any(|v| negated.contains(v)),
                    None => negated.iter().any(|v| a.summary.contains(v.as_str())),
                }
        };
        let from_import = self
            .by_subject
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|&i| b.plan.actions.get(i));
        b.case
            .actions
            .iter()
            .chain(from_import)
            .filter(|a| {
                kinds.contains(&a.kind)
                    && a.start.at <= action.start.at
                    && matches_subject(a)
                    && matches_label(a)
                    && !self.reversed.contains(&a.id)
            })
            .max_by_key(|a| a.start.at)
            .map(|a| a.id.clone())
    }

    /// A takedown set for a time but reversed before it ran out ended at the reversal: it was
    /// *set* to last that long (planned end), and ended when reversed.
    pub(super) fn finish(&mut self, b: &mut Builder<'_>) {
        let positions: HashMap<ActionId, usize> = b
            .plan
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let reversals: Vec<(ActionId, When)> = b
            .plan
            .actions
            .iter()
            .filter_map(|a| Some((a.reverses.clone()?, a.start.clone())))
            .collect();
        for (reversed, at) in reversals {
            if let Some(&i) = positions.get(&reversed) {
                ended_at(&mut b.plan.actions[i], at);
            } else if let Some(earlier) = b.case.action(&reversed) {
                // A takedown from an earlier import, reversed in this one: updated the same way.
                let mut updated = earlier.clone();
                if ended_at(&mut updated, at) {
                    updated.meta.updated = b.now;
                    b.plan.updated_actions.push(updated);
                }
            }
        }
    }
}

/// A takedown set for a time but reversed before it ran out: it was *set* to last that long
/// (planned end), and ended at the reversal. Whether it changed.
fn ended_at(a: &mut Action, at: When) -> bool {
    match a.duration {
        Some(d) if a.start.at + d.as_duration() > at.at => {
            a.planned_end = Some(When::exact(a.start.at + d.as_duration()));
            a.duration = None;
            a.end = Some(at);
            true
        }
        _ => false,
    }
}

fn policies(event: &Members<'_>) -> String {
    let mut parts = event.strings("policies");
    if let Some(sev) = event.text("severityLevel") {
        parts.push(sev.to_owned());
    }
    parts.join(", ")
}

/// The raw JSON on one line.
fn compact(raw: &str) -> String {
    serde_json::from_str::<serde_json::Value>(raw)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| raw.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_reasons_read_as_words() {
        assert_eq!(
            reason_words("com.atproto.moderation.defs#reasonSpam"),
            "spam"
        );
        assert_eq!(
            reason_words("tools.ozone.report.defs#reasonMisleadingScam"),
            "misleading scam"
        );
        assert_eq!(
            reason_words("com.atproto.moderation.defs#reasonAppeal"),
            "appeal"
        );
    }
}
