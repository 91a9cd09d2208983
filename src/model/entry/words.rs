//! What a cell's words stand for: the kind of a row ("susp" → suspension) and its time (a bare
//! "14:32" takes the date above).

use super::*;

/// What a row adds: an action of a kind, or a statement on a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Action(ActionKind),
    Statement(Channel),
}

impl EntryKind {
    /// "suspension", "statement (status page)".
    pub fn label(self) -> String {
        match self {
            EntryKind::Action(kind) => kind.label().to_owned(),
            EntryKind::Statement(Channel::PressStatement) => "statement".to_owned(),
            EntryKind::Statement(channel) => format!("statement ({channel})"),
        }
    }
}

/// The words each kind answers to, most likely first: a few letters pick the first kind one
/// of whose words starts with them ("susp" → suspension, "rev" → reinstatement / reversal,
/// "stat" → statement).
fn kind_words() -> Vec<(EntryKind, &'static [&'static str])> {
    use ActionKind as A;
    use EntryKind::{Action as Act, Statement as St};
    vec![
        (
            St(Channel::PressStatement),
            &["statement", "press statement"],
        ),
        (
            Act(A::Suspension),
            &["suspension", "suspended", "suspend", "ban", "banned"],
        ),
        (
            Act(A::Reinstatement),
            &[
                "reinstatement / reversal",
                "reinstatement",
                "reinstated",
                "reversal",
                "reversed",
                "reverse",
                "restored",
                "unsuspended",
                "lifted",
            ],
        ),
        (
            Act(A::ReportReceived),
            &["report received", "report", "reported", "flagged", "flag"],
        ),
        (
            Act(A::Review),
            &["triage / review", "triage", "review", "reviewed"],
        ),
        (Act(A::Deactivation), &["deactivation", "deactivated"]),
        (
            Act(A::Restriction),
            &["restriction", "restricted", "limited"],
        ),
        (
            Act(A::ContentRemoval),
            &[
                "content removal",
                "removal",
                "removed",
                "takedown",
                "deleted",
            ],
        ),
        (Act(A::Label), &["label", "labelled", "labeled"]),
        (Act(A::Escalation), &["escalation", "escalated"]),
        (Act(A::Appeal), &["appeal", "appealed"]),
        (Act(A::AppealDecision), &["appeal decision"]),
        (
            Act(A::AccountTakeover),
            &[
                "account takeover / compromise",
                "takeover",
                "compromise",
                "compromised",
            ],
        ),
        (
            Act(A::UnauthorizedPost),
            &["unauthorized post", "unauthorised post"],
        ),
        (
            Act(A::CredentialReset),
            &["credential reset", "password reset"],
        ),
        (Act(A::AccessRevoked), &["access revoked", "revoked"]),
        (
            Act(A::SafeguardChange),
            &["safeguard / policy change", "safeguard", "policy change"],
        ),
        (Act(A::Comment), &["comment", "note"]),
        (Act(A::Other), &["other"]),
        (St(Channel::StatusPage), &["status page"]),
        (St(Channel::Blog), &["blog", "blog post"]),
        (St(Channel::Post), &["post", "tweet"]),
        (St(Channel::Interview), &["interview"]),
        (St(Channel::Email), &["email"]),
        (
            St(Channel::HelpCentre),
            &["help-centre article", "help center article"],
        ),
        (St(Channel::InAppNotice), &["in-app notice"]),
        (St(Channel::TransparencyReport), &["transparency report"]),
        (St(Channel::RegulatorFiling), &["regulator filing"]),
        (St(Channel::CourtFiling), &["court filing"]),
    ]
}

/// The kind a few typed letters pick: a word of a kind equal to the text wins, then the first
/// kind (most likely first) with a word that starts with it. `None` for empty or unknown text.
pub fn kind_from_text(text: &str) -> Option<EntryKind> {
    let typed = normalised(text);
    if typed.is_empty() {
        return None;
    }
    let table = kind_words();
    table
        .iter()
        .find(|(_, words)| words.contains(&typed.as_str()))
        .or_else(|| {
            table
                .iter()
                .find(|(_, words)| words.iter().any(|w| w.starts_with(&typed)))
        })
        .map(|(kind, _)| *kind)
}

/// Reads a row's time in `tz`. A time of day alone ("14:32", "~2:32 pm", "by 15:00",
/// "evening") takes `date`: the date of the row above, or of the last time entered.
pub fn when_from_text(text: &str, tz: Tz, date: Option<NaiveDate>) -> Result<When, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("required (e.g. 2024-03-05 14:10, or 14:32 after a dated row)".to_owned());
    }
    // "2024-03-05 ~14:10": the mark of an approximate time goes first.
    let moved;
    let text = match text.split_once(" ~") {
        Some((before, after)) if !before.contains('~') => {
            moved = format!("~{before} {after}");
            moved.as_str()
        }
        _ => text,
    };
    let first_error = match When::parse(text, tz) {
        Ok(when) => return Ok(when),
        Err(e) => e,
    };
    let Some(with_date) = with_date_inserted(text, date.unwrap_or_default()) else {
        return Err(first_error.to_string());
    };
    match (When::parse(&with_date, tz), date) {
        (Ok(when), Some(_)) => Ok(when),
        (Ok(_), None) => Err(format!(
            "{text:?} has no date and no row above gives one: write the date too (e.g. 2024-03-05 {text})"
        )),
        (Err(_), _) => Err(first_error.to_string()),
    }
}

/// `text` with `date` put before its first word holding a digit or naming a part of day
/// ("~14:10" → "~ 2024-03-05 14:10"); `None` when no word does.
fn with_date_inserted(text: &str, date: NaiveDate) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        match w.strip_prefix('~') {
            Some(rest) if !rest.is_empty() => {
                words.push("~".to_owned());
                words.push(rest.to_owned());
            }
            _ => words.push(w.to_owned()),
        }
    }
    let at = words.iter().position(|w| {
        w.bytes().any(|b| b.is_ascii_digit())
            || ["night", "morning", "afternoon", "evening"].contains(&w.to_lowercase().as_str())
    })?;
    words.insert(at, date.format("%Y-%m-%d").to_string());
    Some(words.join(" "))
}

/// The local date of `when` where it is reckoned, if it is known to the day or finer.
pub(super) fn date_of(when: &When, tz: Tz) -> Option<NaiveDate> {
    (when.precision <= Precision::Day && when.bound.is_none())
        .then(|| when.at.with_timezone(&when.reckoned_in(tz)).date_naive())
}

/// The date a first row's bare time ("14:32") takes: the selected action's or statement's,
/// else that of the latest dated action or statement in the case.
pub fn context_date(case: &Case, selected: Option<&RecordRef>) -> Option<NaiveDate> {
    let tz = case.tz();
    let selected_when = match selected {
        Some(RecordRef::Action(id)) => case.action(id).map(|a| &a.start),
        Some(RecordRef::Statement(id)) => case.statement(id).map(|s| &s.when),
        _ => None,
    };
    if let Some(date) = selected_when.and_then(|w| date_of(w, tz)) {
        return Some(date);
    }
    case.actions
        .iter()
        .map(|a| &a.start)
        .chain(case.statements.iter().map(|s| &s.when))
        .filter(|w| date_of(w, tz).is_some())
        .max_by_key(|w| w.order_key(tz))
        .and_then(|w| date_of(w, tz))
}
