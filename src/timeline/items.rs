//! Timeline items derived from a case: actions (instants, or bars when they last), statements,
//! source publications, follow-up due dates and each account's state over time.
//!
//! Honest precision: an item known only to the day (or marked approximate) covers its whole
//! uncertainty interval and is flagged `fuzzy`, so a view draws a span, never a precise tick.

use chrono_tz::Tz;

use crate::model::state::{AccountState, all_account_histories};
use crate::model::{
    AccountId, ActionKind, Actor, ApproxDuration, Authorization, Case, Precision, RecordKind,
    RecordRef, StaffId, When,
};

/// What an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Action(ActionKind),
    Statement,
    SourcePublished,
    FollowUpDue,
    /// A stretch of an account's derived state.
    State(AccountState),
}

impl ItemKind {
    /// The record kind whose colour and glyph the item uses.
    pub fn record_kind(self) -> RecordKind {
        match self {
            ItemKind::Action(_) | ItemKind::State(_) => RecordKind::Action,
            ItemKind::Statement => RecordKind::Statement,
            ItemKind::SourcePublished => RecordKind::Source,
            ItemKind::FollowUpDue => RecordKind::FollowUp,
        }
    }
}

/// One thing on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The record it stands for (for a state stretch: the action that caused it).
    pub record: RecordRef,
    pub kind: ItemKind,
    /// Earliest time it covers (seconds since the epoch).
    pub start: f64,
    /// Latest time it covers; equal to `start` only for an exact instant.
    pub end: f64,
    /// The middle of its own time, not of how long it lasted: its place in chronological
    /// order, as in the report and CSV ("~Nov 2017" after "Nov 2, evening").
    pub when_mid: f64,
    /// Drawn as a bar (it lasted) rather than a marker.
    pub lasting: bool,
    /// Its time is imprecise or approximate: draw the span fuzzy, never as a precise tick.
    pub fuzzy: bool,
    /// One line for labels and tooltips.
    pub label: String,
    /// For lasting items: "11 min", "~11 min".
    pub duration: Option<ApproxDuration>,
    /// Accounts it concerns (lanes).
    pub accounts: Vec<AccountId>,
    /// Staff member who performed or said it (lanes).
    pub staff: Option<StaffId>,
    pub key_event: bool,
    pub unauthorized: bool,
    /// The record this one answers: the action it reverses, the statement it corrects (drawn
    /// as a link).
    pub links_to: Option<RecordRef>,
    pub tags: Vec<String>,
}

impl Item {
    /// "~11 min" for lasting items (formatted when drawn, not for every item up front).
    pub fn duration_label(&self) -> Option<String> {
        self.duration.as_ref().map(short_duration)
    }

    /// Drawn before anything else when a lane is crowded: key events, unauthorized actions and
    /// the stretches an account was unavailable (what the case is about), so a bulk action
    /// never pushes them into a "+N more" badge.
    pub fn is_prominent(&self) -> bool {
        self.key_event
            || self.unauthorized
            || matches!(self.kind, ItemKind::State(state) if !state.is_available())
    }

    /// The stretch that anchors the layout (fit, gap compression), if any. A time known only
    /// to the month or year ("~Nov 2017") anchors nothing: it neither stretches the view nor
    /// bridges every gap, and is still drawn across its whole span.
    pub fn anchor(&self) -> Option<(f64, f64)> {
        if !self.lasting && self.fuzzy && self.end - self.start > 2.0 * 86_400.0 {
            None
        } else {
            Some((self.start, self.end))
        }
    }
}

/// The covered interval of a time in seconds, whether it is fuzzy, and its middle.
fn span_of(when: &When, tz: Tz) -> (f64, f64, bool, f64) {
    let (start, end) = when.interval(tz);
    let fuzzy = when.approximate || when.precision > Precision::Minute;
    let (start, end) = (start.timestamp() as f64, end.timestamp() as f64);
    let mid = start + (end - start) / 2.0;
    let end = if when.precision <= Precision::Minute {
        start
    } else {
        end
    };
    (start, end, fuzzy, mid)
}

/// "~11 min" for an approximate duration, "11 min" otherwise.
pub fn short_duration(d: &ApproxDuration) -> String {
    // The two largest units are enough on a bar ("26 d 12 h", "~11 min"); tooltips say the rest.
    let mut secs = d.secs.unsigned_abs();
    let mut parts: Vec<String> = Vec::with_capacity(2);
    for (unit, size) in [("d", 86_400u64), ("h", 3600), ("min", 60), ("s", 1)] {
        if secs >= size && parts.len() < 2 {
            parts.push(format!("{} {unit}", secs / size));
            secs %= size;
        } else if !parts.is_empty() {
            break;
        }
    }
    if parts.is_empty() {
        parts.push("0 s".to_owned());
    }
    let sign = if d.secs < 0 { "-" } else { "" };
    let tilde = if d.approximate { "~" } else { "" };
    format!("{tilde}{sign}{}", parts.join(" "))
}

/// `head + sep + tail` in one allocation (the formatting machinery is measurable at 100k items).
fn join_label(head: &str, sep: &str, tail: &str) -> String {
    let mut out = String::with_capacity(head.len() + sep.len() + tail.len());
    out.push_str(head);
    out.push_str(sep);
    out.push_str(tail);
    out
}

/// Every item of the case, in no particular order.
pub fn derive_items(case: &Case) -> Vec<Item> {
    let tz = case.tz();
    // Lookups by id, so 100,000 records derive in linear time.
    let actions_by_id: rustc_hash::FxHashMap<&str, &crate::model::Action> =
        case.actions.iter().map(|a| (a.id.as_str(), a)).collect();
    let handles: rustc_hash::FxHashMap<&str, &str> = case
        .accounts
        .iter()
        .map(|a| (a.id.as_str(), a.handle.as_str()))
        .collect();
    // Room for every record and a state stretch per action, so the vector never moves.
    let mut items = Vec::with_capacity(case.record_count() + case.actions.len());
    for a in &case.actions {
        let (start, mut end, fuzzy, when_mid) = span_of(&a.start, tz);
        let mut lasting = false;
        let mut duration = None;
        if let Some(e) = &a.end {
            let (_, e_end, _, _) = span_of(e, tz);
            end = end.max(e_end.max(e.at.timestamp() as f64));
            lasting = true;
        } else if let Some(d) = &a.duration {
            end = end.max(a.start.at.timestamp() as f64 + d.secs as f64);
            lasting = true;
            duration = Some(*d);
        }
        items.push(Item {
            record: RecordRef::Action(a.id.clone()),
            kind: ItemKind::Action(a.kind),
            start,
            end,
            when_mid,
            lasting,
            fuzzy: fuzzy || a.duration.is_some_and(|d| d.approximate),
            label: join_label(a.kind.label(), ": ", &a.summary),
            duration,
            accounts: a.targets.clone(),
            staff: match &a.performer {
                Actor::Staff(id) => Some(id.clone()),
                _ => None,
            },
            key_event: a.meta.key_event,
            unauthorized: a.authorization == Authorization::Unauthorized,
            links_to: a.reverses.clone().map(RecordRef::Action),
            tags: a.meta.tags.clone(),
        });
    }
    for s in &case.statements {
        let (start, end, fuzzy, when_mid) = span_of(&s.when, tz);
        items.push(Item {
            record: RecordRef::Statement(s.id.clone()),
            kind: ItemKind::Statement,
            start,
            end,
            when_mid,
            lasting: false,
            fuzzy,
            label: format!(
                "{}: “{}”",
                match &s.speaker {
                    crate::model::Speaker::Account(id) => handles
                        .get(id.as_str())
                        .map_or_else(|| id.to_string(), |h| (*h).to_owned()),
                    other => case.speaker_name(other),
                },
                crate::model::excerpt(&s.quote, 60)
            ),
            duration: None,
            accounts: match &s.speaker {
                crate::model::Speaker::Account(id) => vec![id.clone()],
                _ => Vec::new(),
            },
            staff: match &s.speaker {
                crate::model::Speaker::Staff(id) => Some(id.clone()),
                _ => None,
            },
            key_event: s.meta.key_event,
            unauthorized: false,
            links_to: s
                .follows
                .as_ref()
                .map(|l| RecordRef::Statement(l.statement.clone())),
            tags: s.meta.tags.clone(),
        });
    }
    for s in &case.sources {
        if let Some(p) = &s.published {
            let (start, end, fuzzy, when_mid) = span_of(p, tz);
            items.push(Item {
                record: RecordRef::Source(s.id.clone()),
                kind: ItemKind::SourcePublished,
                start,
                end,
                when_mid,
                lasting: false,
                fuzzy,
                label: format!("published: {}", s.title),
                duration: None,
                accounts: Vec::new(),
                staff: None,
                key_event: s.meta.key_event,
                unauthorized: false,
                links_to: None,
                tags: s.meta.tags.clone(),
            });
        }
    }
    for f in &case.postmortem.follow_ups {
        if let Some(due) = &f.due {
            let (start, end, fuzzy, when_mid) = span_of(due, tz);
            items.push(Item {
                record: RecordRef::FollowUp(f.id.clone()),
                kind: ItemKind::FollowUpDue,
                start,
                end,
                when_mid,
                lasting: false,
                fuzzy,
                label: format!("due: {}", crate::model::excerpt(&f.description, 60)),
                duration: None,
                accounts: Vec::new(),
                staff: None,
                key_event: f.meta.key_event,
                unauthorized: false,
                links_to: None,
                tags: f.meta.tags.clone(),
            });
        }
    }
    // Each account's derived state, as bars for every stretch that is not plain "active".
    for (account, history) in all_account_histories(case) {
        for period in history {
            // Only the stretches that matter are drawn: restricted, suspended, deactivated,
            // labelled. "Active again" shows as the reinstatement itself.
            if period.state == AccountState::Active || period.state == AccountState::Reinstated {
                continue;
            }
            let Some(cause) = period.cause else {
                continue;
            };
            let start = period.from.timestamp() as f64;
            let end = period.until.map_or(start, |u| u.timestamp() as f64);
            let cause_action = actions_by_id.get(cause.as_str()).copied();
            let approx = cause_action
                .is_some_and(|c| c.start.approximate || c.duration.is_some_and(|d| d.approximate));
            let duration = period
                .until
                .map(|u| ApproxDuration::new((u - period.from).num_seconds(), approx));
            items.push(Item {
                record: RecordRef::Action(cause),
                kind: ItemKind::State(period.state),
                start,
                end,
                when_mid: start,
                lasting: period.until.is_some(),
                fuzzy: approx,
                label: join_label(
                    handles.get(account.as_str()).copied().unwrap_or(""),
                    " ",
                    period.state.label(),
                ),
                duration: if period.state.is_available() {
                    None
                } else {
                    duration
                },
                accounts: vec![account.clone()],
                staff: None,
                key_event: false,
                unauthorized: period.unauthorized,
                links_to: None,
                tags: Vec::new(),
            });
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Case {
        crate::store::parse(
            include_str!("../../assets/examples/twitter-2017-deactivation.case.ron"),
            std::path::Path::new("sample"),
        )
        .expect("sample parses")
    }

    #[test]
    fn the_deactivation_is_a_fuzzy_bar_of_about_eleven_minutes() {
        let items = derive_items(&sample());
        let deactivation = items
            .iter()
            .find(|i| i.kind == ItemKind::Action(ActionKind::Deactivation))
            .expect("deactivation");
        assert!(deactivation.lasting && deactivation.fuzzy && deactivation.unauthorized);
        assert_eq!(deactivation.duration_label().as_deref(), Some("~11 min"));
        // Known only to "the evening": the item covers the whole part of day, not a tick.
        assert_eq!(deactivation.end - deactivation.start, 6.0 * 3600.0);
        let state = items
            .iter()
            .find(|i| i.kind == ItemKind::State(AccountState::Deactivated))
            .expect("state bar");
        assert_eq!(state.end - state.start, 660.0);
        assert_eq!(state.duration_label().as_deref(), Some("~11 min"));
        assert!(state.unauthorized);
    }

    #[test]
    fn month_precision_statements_cover_the_month() {
        let items = derive_items(&sample());
        let rogue = items
            .iter()
            .find(|i| i.record == RecordRef::Statement("stmt-rogue-contractor".into()))
            .expect("statement");
        assert!(rogue.fuzzy);
        assert_eq!(((rogue.end - rogue.start) / 86_400.0).round(), 30.0);
    }

    #[test]
    fn sources_and_follow_ups_appear_when_dated() {
        let items = derive_items(&sample());
        assert_eq!(
            items
                .iter()
                .filter(|i| i.kind == ItemKind::SourcePublished)
                .count(),
            2
        );
        assert_eq!(
            items
                .iter()
                .filter(|i| i.kind == ItemKind::FollowUpDue)
                .count(),
            1
        );
    }
}
