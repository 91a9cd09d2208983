//! The case model: plain serde types, stable ids, times with precision, edits and validation.
//!
//! Depends on nothing else in the crate, and never on egui or the file system.

pub mod chronology;
pub mod edit;
pub mod entry;
pub mod events;
pub mod evidence;
pub mod generate;
pub mod ids;
pub mod kinds;
pub mod records;
pub mod response;
pub mod review;
pub mod search;
pub mod state;
pub mod time;
pub mod validate;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use edit::{Edit, EditError};
pub use evidence::Evidence;
pub use ids::{
    AccountId, ActionId, CaseId, FollowUpId, OutsiderId, SourceId, StaffId, StatementId,
};
pub use kinds::*;
pub use records::*;
pub use response::{Milestone, Milestones};
pub use review::*;
pub use time::{ApproxDuration, Limit, Precision, TimeBound, TimeParseError, When, Zone};
pub use validate::{Level, Problem, validate, validate_record};

/// The most characters one text field can hold (a quote, a summary, a note, an id). The editor
/// stops input there and the loader refuses longer text, so no window ever lays out a
/// 100-megabyte string.
pub const MAX_TEXT_CHARS: usize = 1_000_000;
/// The most records (accounts, staff, actions, statements, sources, follow-ups) a case can
/// have; tested up to 100,000.
pub const MAX_RECORDS: usize = 200_000;
/// The years a time can be in. Incidents happen in these; far outside them the calendar
/// arithmetic of periods and zones runs off the end of what dates can hold.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// The case's own fields: what it is about and how it is handled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseInfo {
    pub id: CaseId,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    pub status: CaseStatus,
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// IANA name of the zone times are shown in ("America/New_York").
    pub zone: String,
    /// Printed on every exported page ("Confidential — internal").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub classification: String,
    /// Hidden in redacted exports too, besides protected staff and accounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_redact: Vec<RedactTerm>,
}

/// A whole case: everything known about one incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub info: CaseInfo,
    #[serde(default)]
    pub accounts: Vec<Account>,
    #[serde(default)]
    pub staff: Vec<Staff>,
    /// People and groups outside the organisation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outsiders: Vec<Outsider>,
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub statements: Vec<Statement>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub postmortem: Postmortem,
}

impl Case {
    /// An empty case titled `title`, shown in `zone`, created `now`.
    pub fn new(title: &str, zone: &str, now: DateTime<Utc>) -> Self {
        Self {
            info: CaseInfo {
                id: CaseId::generate(),
                title: title.to_owned(),
                summary: String::new(),
                status: CaseStatus::Open,
                severity: Severity::Medium,
                owner: String::new(),
                tags: Vec::new(),
                created: now,
                updated: now,
                zone: zone.to_owned(),
                classification: "Confidential — internal".to_owned(),
                also_redact: Vec::new(),
            },
            accounts: Vec::new(),
            staff: Vec::new(),
            outsiders: Vec::new(),
            actions: Vec::new(),
            statements: Vec::new(),
            sources: Vec::new(),
            postmortem: Postmortem::default(),
        }
    }

    /// The display zone; UTC if the stored name is not a known zone (validation reports that).
    pub fn tz(&self) -> Tz {
        time::parse_zone(&self.info.zone).unwrap_or(Tz::UTC)
    }

    /// Number of records of every kind (follow-ups included).
    pub fn record_count(&self) -> usize {
        self.accounts.len()
            + self.staff.len()
            + self.outsiders.len()
            + self.actions.len()
            + self.statements.len()
            + self.sources.len()
            + self.postmortem.follow_ups.len()
    }

    /// Every time the case holds, in file order (for checks that apply to all of them).
    pub fn times(&self) -> Vec<&When> {
        let mut out: Vec<&When> = Vec::new();
        for a in &self.accounts {
            out.extend(a.audience.as_ref().and_then(|x| x.as_of.as_ref()));
        }
        for s in &self.staff {
            out.extend(s.tenure_start.iter().chain(&s.tenure_end));
        }
        for a in &self.actions {
            out.push(&a.start);
            out.extend(a.alternatives.iter().map(|t| &t.when));
            for w in [
                &a.decided,
                &a.end,
                &a.planned_end,
                &a.discovered,
                &a.disclosed,
            ] {
                out.extend(w.as_ref());
            }
        }
        for s in &self.statements {
            out.push(&s.when);
            out.extend(s.alternatives.iter().map(|t| &t.when));
        }
        for s in &self.sources {
            out.extend(s.published.iter().chain(&s.accessed));
        }
        out.extend(
            self.postmortem
                .figures
                .iter()
                .filter_map(|f| f.as_of.as_ref()),
        );
        out.extend(
            self.postmortem
                .follow_ups
                .iter()
                .filter_map(|f| f.due.as_ref()),
        );
        out
    }

    pub fn account(&self, id: &AccountId) -> Option<&Account> {
        self.accounts.iter().find(|a| &a.id == id)
    }
    pub fn staff_member(&self, id: &StaffId) -> Option<&Staff> {
        self.staff.iter().find(|s| &s.id == id)
    }
    pub fn outsider(&self, id: &OutsiderId) -> Option<&Outsider> {
        self.outsiders.iter().find(|s| &s.id == id)
    }
    pub fn action(&self, id: &ActionId) -> Option<&Action> {
        self.actions.iter().find(|a| &a.id == id)
    }
    pub fn statement(&self, id: &StatementId) -> Option<&Statement> {
        self.statements.iter().find(|s| &s.id == id)
    }
    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        self.sources.iter().find(|s| &s.id == id)
    }

    /// A readable name for who performed an action ("Bahtiyar Duysak", "unknown").
    pub fn actor_name(&self, actor: &Actor) -> String {
        match actor {
            Actor::Staff(id) => self
                .staff_member(id)
                .map_or_else(|| format!("missing staff {id}"), |s| s.name.clone()),
            Actor::System(name) => format!("{name} (automated)"),
            Actor::External(who) => format!("{who} (external)"),
            Actor::Outsider(id) => self.outsider_name(id),
            Actor::Unknown => "unknown".to_owned(),
        }
    }

    /// A readable name for who made a statement.
    pub fn speaker_name(&self, speaker: &Speaker) -> String {
        match speaker {
            Speaker::Organisation(name)
            | Speaker::Official(name)
            | Speaker::Press(name)
            | Speaker::Other(name) => name.clone(),
            Speaker::Staff(id) => self
                .staff_member(id)
                .map_or_else(|| format!("missing staff {id}"), |s| s.name.clone()),
            Speaker::Account(id) => self
                .account(id)
                .map_or_else(|| format!("missing account {id}"), Account::label),
            Speaker::Outsider(id) => self.outsider_name(id),
        }
    }

    fn outsider_name(&self, id: &OutsiderId) -> String {
        self.outsider(id).map_or_else(
            || format!("missing outside person {id}"),
            |o| o.name.clone(),
        )
    }

    /// "@jack's account", "Jane Doe's credentials": whose account or access someone acted
    /// through.
    pub fn through_name(&self, through: &Through) -> String {
        match through {
            Through::Staff(id) => self.staff_member(id).map_or_else(
                || format!("missing staff {id}"),
                |s| format!("{}'s credentials", s.name),
            ),
            Through::Account(id) => self.account(id).map_or_else(
                || format!("missing account {id}"),
                |a| format!("{}'s account", a.label()),
            ),
        }
    }

    /// Every place a record is referenced from, as (referring record, field) pairs.
    pub fn references_to(&self, target: &RecordRef) -> Vec<(RecordRef, &'static str)> {
        let mut found = Vec::new();
        for a in &self.actions {
            let me = RecordRef::Action(a.id.clone());
            if let RecordRef::Account(id) = target
                && a.targets.contains(id)
            {
                found.push((me.clone(), "targets"));
            }
            match (target, &a.performer) {
                (RecordRef::Staff(id), Actor::Staff(p)) if id == p => {
                    found.push((me.clone(), "performer"))
                }
                (RecordRef::Outsider(id), Actor::Outsider(p)) if id == p => {
                    found.push((me.clone(), "performer"))
                }
                _ => {}
            }
            push_through_refs(&mut found, target, &me, a.through.as_ref());
            if let (RecordRef::Action(id), Some(r)) = (target, &a.reverses)
                && id == r
            {
                found.push((me.clone(), "reverses"));
            }
            if let (RecordRef::Action(id), Some(link)) = (target, &a.amends)
                && id == &link.action
            {
                found.push((me.clone(), "amends"));
            }
            push_time_source_refs(
                &mut found,
                target,
                &me,
                a.start_source.as_ref(),
                &a.alternatives,
            );
            push_order_refs(&mut found, target, &me, &a.after, &a.before);
            push_source_refs(&mut found, target, &me, &a.meta);
        }
        for s in &self.statements {
            let me = RecordRef::Statement(s.id.clone());
            match (target, &s.speaker) {
                (RecordRef::Staff(id), Speaker::Staff(x)) if id == x => {
                    found.push((me.clone(), "speaker"))
                }
                (RecordRef::Account(id), Speaker::Account(x)) if id == x => {
                    found.push((me.clone(), "speaker"))
                }
                (RecordRef::Outsider(id), Speaker::Outsider(x)) if id == x => {
                    found.push((me.clone(), "speaker"))
                }
                _ => {}
            }
            push_through_refs(&mut found, target, &me, s.through.as_ref());
            if let (RecordRef::Statement(id), Some(link)) = (target, &s.follows)
                && id == &link.statement
            {
                found.push((me.clone(), "follows"));
            }
            push_time_source_refs(
                &mut found,
                target,
                &me,
                s.when_source.as_ref(),
                &s.alternatives,
            );
            if let RecordRef::Action(id) = target
                && s.about.contains(id)
            {
                found.push((me.clone(), "about"));
            }
            push_order_refs(&mut found, target, &me, &s.after, &s.before);
            push_source_refs(&mut found, target, &me, &s.meta);
        }
        for a in &self.accounts {
            push_source_refs(
                &mut found,
                target,
                &RecordRef::Account(a.id.clone()),
                &a.meta,
            );
        }
        for s in &self.staff {
            push_source_refs(&mut found, target, &RecordRef::Staff(s.id.clone()), &s.meta);
        }
        for o in &self.outsiders {
            push_source_refs(
                &mut found,
                target,
                &RecordRef::Outsider(o.id.clone()),
                &o.meta,
            );
        }
        for s in &self.sources {
            push_source_refs(
                &mut found,
                target,
                &RecordRef::Source(s.id.clone()),
                &s.meta,
            );
        }
        for f in &self.postmortem.follow_ups {
            push_source_refs(
                &mut found,
                target,
                &RecordRef::FollowUp(f.id.clone()),
                &f.meta,
            );
        }
        if let RecordRef::Source(id) = target {
            for f in &self.postmortem.figures {
                if f.source.as_ref() == Some(id) {
                    found.push((RecordRef::Postmortem, "figures"));
                }
            }
        }
        for (_, pinned) in self.postmortem.milestones.pinned() {
            if RecordRef::from(pinned.clone()) == *target {
                found.push((RecordRef::Postmortem, "milestones"));
            }
        }
        found
    }
}

/// Order links ("after", "before") from `me` to `target`.
fn push_order_refs(
    found: &mut Vec<(RecordRef, &'static str)>,
    target: &RecordRef,
    me: &RecordRef,
    after: &[EventRef],
    before: &[EventRef],
) {
    for (field, links) in [("after", after), ("before", before)] {
        if links.iter().any(|e| RecordRef::from(e.clone()) == *target) {
            found.push((me.clone(), field));
        }
    }
}

fn push_through_refs(
    found: &mut Vec<(RecordRef, &'static str)>,
    target: &RecordRef,
    me: &RecordRef,
    through: Option<&Through>,
) {
    match (target, through) {
        (RecordRef::Staff(id), Some(Through::Staff(x))) if id == x => {
            found.push((me.clone(), "through"))
        }
        (RecordRef::Account(id), Some(Through::Account(x))) if id == x => {
            found.push((me.clone(), "through"))
        }
        _ => {}
    }
}

fn push_time_source_refs(
    found: &mut Vec<(RecordRef, &'static str)>,
    target: &RecordRef,
    me: &RecordRef,
    main: Option<&SourceId>,
    alternatives: &[AltTime],
) {
    if let RecordRef::Source(id) = target
        && (main == Some(id) || alternatives.iter().any(|t| t.source.as_ref() == Some(id)))
    {
        found.push((me.clone(), "time sources"));
    }
}

fn push_source_refs(
    found: &mut Vec<(RecordRef, &'static str)>,
    target: &RecordRef,
    me: &RecordRef,
    meta: &Meta,
) {
    if let RecordRef::Source(id) = target
        && meta.sources.contains(id)
    {
        found.push((me.clone(), "sources"));
    }
}

impl Account {
    /// "@handle (platform)"; a class of accounts by its description ("all verified accounts
    /// (Twitter)"); an account with no known handle by its display name or "account with no
    /// known handle".
    pub fn label(&self) -> String {
        let name = self.name();
        if self.platform.is_empty() {
            name
        } else {
            format!("{name} ({})", self.platform)
        }
    }

    /// The handle, or what stands for it: the class's description, the display name, or
    /// "account with no known handle".
    pub fn name(&self) -> String {
        if let Some(class) = &self.class {
            let description = class.description.trim();
            return if description.is_empty() {
                "class of accounts".to_owned()
            } else {
                description.to_owned()
            };
        }
        if !self.handle.trim().is_empty() {
            self.handle.clone()
        } else if !self.display_name.trim().is_empty() {
            format!("{} (no known handle)", self.display_name.trim())
        } else {
            "account with no known handle".to_owned()
        }
    }
}

/// "1 account", "2 accounts": counts in messages, labels and reports read as sentences.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `n` with thousands separated by commas: 1,000,000.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Reads a count as people write it: `41900000`, `41,900,000`, `41 900 000`, `41.9M`,
/// `41.9 million`, `2k`, `1.2B`. `None` for anything else (negative, fractional, or beyond u64).
pub fn parse_count(text: &str) -> Option<u64> {
    let lower = text.trim().to_ascii_lowercase();
    let (number, factor) = [
        ("billion", 1e9),
        ("million", 1e6),
        ("thousand", 1e3),
        ("bn", 1e9),
        ("b", 1e9),
        ("m", 1e6),
        ("k", 1e3),
    ]
    .iter()
    .find_map(|(suffix, f)| lower.strip_suffix(suffix).map(|n| (n, *f)))
    .unwrap_or((lower.as_str(), 1.0));
    // Digit groups must be where a reader expects them: "41,900,000" (or the Indian
    // "4,19,00,000"), not "41,9000,000" — a slip that would read ten times too large.
    let number = number.trim();
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let groups: Vec<&str> = whole.split([',', '_', ' ', '\u{a0}', '\u{202f}']).collect();
    let grouped_well = match groups.as_slice() {
        [_] => true,
        [first, rest @ ..] => {
            let western = (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3);
            let indian = (1..=2).contains(&first.len())
                && rest.last().is_some_and(|g| g.len() == 3)
                && rest[..rest.len() - 1].iter().all(|g| g.len() == 2);
            western || indian
        }
        [] => false,
    };
    let digits = format!("{}.{fraction}", groups.concat());
    let digits = digits.strip_suffix('.').unwrap_or(&digits);
    if !grouped_well
        || groups.concat().is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || digits.bytes().filter(|&b| b == b'.').count() > 1
    {
        return None;
    }
    if factor == 1.0 {
        return digits.parse().ok();
    }
    // "41.9M": the decimal is in millions; rounding undoes binary floating-point noise.
    let value = digits.parse::<f64>().ok()? * factor;
    (0.0..1.8e19).contains(&value).then(|| value.round() as u64)
}

/// Formats an audience figure compactly ("41.9M").
pub fn compact_count(n: u64) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..1_000_000 => trim_decimal(n as f64 / 1e3, "k"),
        1_000_000..1_000_000_000 => trim_decimal(n as f64 / 1e6, "M"),
        _ => trim_decimal(n as f64 / 1e9, "B"),
    }
}

fn trim_decimal(v: f64, unit: &str) -> String {
    let s = format!("{v:.1}");
    format!("{}{unit}", s.strip_suffix(".0").unwrap_or(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_people_write_them() {
        for (text, n) in [
            ("41900000", 41_900_000),
            ("41,900,000", 41_900_000),
            ("41 900 000", 41_900_000),
            ("41.9M", 41_900_000),
            ("41.9 million", 41_900_000),
            ("2k", 2_000),
            ("1.2B", 1_200_000_000),
            ("0", 0),
            ("4,19,00,000", 41_900_000),
            ("1,234.5k", 1_234_500),
            (" 41\u{202f}900\u{202f}000 ", 41_900_000),
        ] {
            assert_eq!(parse_count(text), Some(n), "{text}");
        }
        for text in [
            "",
            "-5",
            "lots",
            "1.5",
            "4e6",
            "1.2.3M",
            "99999999999999999999",
            // A separator in the wrong place is a slip, not a number to guess at.
            "41,9000,000",
            "4190,000",
            "41,900,00",
            "71,92,00,0,0,0,0,010,1",
            ",900",
            "41,,900",
        ] {
            assert_eq!(parse_count(text), None, "{text}");
        }
        // What the field shows reads back.
        assert_eq!(parse_count(&grouped(41_900_000)), Some(41_900_000));
    }
}
