//! One record of any kind: its kind ([`RecordKind`]), a reference to it ([`RecordRef`]), the
//! record itself ([`Record`]), and finding, creating and copying one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Case;
use super::ids::{AccountId, ActionId, FollowUpId, OutsiderId, SourceId, StaffId, StatementId};
use super::records::*;
use super::time::{Precision, When};

/// The kinds of record a case holds (besides its own info and the postmortem prose).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordKind {
    Account,
    Staff,
    Outsider,
    Action,
    Statement,
    Source,
    FollowUp,
}

impl RecordKind {
    /// Every kind, in navigator order.
    pub const ALL: [RecordKind; 7] = [
        RecordKind::Account,
        RecordKind::Staff,
        RecordKind::Outsider,
        RecordKind::Action,
        RecordKind::Statement,
        RecordKind::Source,
        RecordKind::FollowUp,
    ];

    /// "action".
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Account => "account",
            RecordKind::Staff => "staff member",
            RecordKind::Outsider => "outside person",
            RecordKind::Action => "action",
            RecordKind::Statement => "statement",
            RecordKind::Source => "source",
            RecordKind::FollowUp => "follow-up",
        }
    }

    /// The one glyph that stands for this kind everywhere (tables, badges, timeline, exports).
    /// Chosen from characters that both egui's and the export's bundled fonts have.
    pub fn glyph(self) -> &'static str {
        match self {
            RecordKind::Account => "@",
            RecordKind::Staff => "☺",
            RecordKind::Outsider => "☻",
            RecordKind::Action => "⚑",
            RecordKind::Statement => "❝",
            RecordKind::Source => "§",
            RecordKind::FollowUp => "✔",
        }
    }

    /// The one colour (sRGB) that stands for this kind everywhere; readable on light and dark.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            RecordKind::Account => [0x3b, 0x82, 0xf6],
            RecordKind::Staff => [0x8b, 0x5c, 0xf6],
            RecordKind::Outsider => [0xdb, 0x27, 0x77],
            RecordKind::Action => [0xe8, 0x59, 0x0c],
            RecordKind::Statement => [0x0d, 0x94, 0x88],
            RecordKind::Source => [0xb4, 0x8a, 0x1d],
            RecordKind::FollowUp => [0x16, 0xa3, 0x4a],
        }
    }

    /// "1 action", "3 actions", "1 staff member", "0 staff members".
    pub fn count(self, n: usize) -> String {
        match (n, self) {
            (1, _) => format!("1 {}", self.label()),
            (_, RecordKind::Staff) => format!("{n} staff members"),
            (_, RecordKind::Outsider) => format!("{n} outside people"),
            _ => format!("{n} {}", self.plural().to_lowercase()),
        }
    }

    /// "Actions".
    pub fn plural(self) -> &'static str {
        match self {
            RecordKind::Account => "Accounts",
            RecordKind::Staff => "Staff",
            RecordKind::Outsider => "Outsiders",
            RecordKind::Action => "Actions",
            RecordKind::Statement => "Statements",
            RecordKind::Source => "Sources",
            RecordKind::FollowUp => "Follow-ups",
        }
    }
}

/// A reference to one record by kind and id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordRef {
    /// The case's own fields.
    Case,
    Account(AccountId),
    Staff(StaffId),
    Outsider(OutsiderId),
    Action(ActionId),
    Statement(StatementId),
    Source(SourceId),
    FollowUp(FollowUpId),
    /// The postmortem's prose (impact, root cause, factors).
    Postmortem,
}

impl RecordRef {
    /// The kind of record, if this is a record.
    pub fn kind(&self) -> Option<RecordKind> {
        Some(match self {
            RecordRef::Account(_) => RecordKind::Account,
            RecordRef::Staff(_) => RecordKind::Staff,
            RecordRef::Outsider(_) => RecordKind::Outsider,
            RecordRef::Action(_) => RecordKind::Action,
            RecordRef::Statement(_) => RecordKind::Statement,
            RecordRef::Source(_) => RecordKind::Source,
            RecordRef::FollowUp(_) => RecordKind::FollowUp,
            RecordRef::Case | RecordRef::Postmortem => return None,
        })
    }

    /// The id as text ("" for the case and postmortem).
    pub fn id_str(&self) -> &str {
        match self {
            RecordRef::Account(id) => id.as_str(),
            RecordRef::Staff(id) => id.as_str(),
            RecordRef::Outsider(id) => id.as_str(),
            RecordRef::Action(id) => id.as_str(),
            RecordRef::Statement(id) => id.as_str(),
            RecordRef::Source(id) => id.as_str(),
            RecordRef::FollowUp(id) => id.as_str(),
            RecordRef::Case | RecordRef::Postmortem => "",
        }
    }

    /// A path like `actions[act-deactivate]` for messages.
    pub fn path(&self) -> String {
        match self {
            RecordRef::Case => "info".to_owned(),
            RecordRef::Postmortem => "postmortem".to_owned(),
            RecordRef::Account(id) => format!("accounts[{id}]"),
            RecordRef::Staff(id) => format!("staff[{id}]"),
            RecordRef::Outsider(id) => format!("outsiders[{id}]"),
            RecordRef::Action(id) => format!("actions[{id}]"),
            RecordRef::Statement(id) => format!("statements[{id}]"),
            RecordRef::Source(id) => format!("sources[{id}]"),
            RecordRef::FollowUp(id) => format!("postmortem.follow_ups[{id}]"),
        }
    }
}

/// One record of any kind, by value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Record {
    Account(Account),
    Staff(Staff),
    Outsider(Outsider),
    Action(Action),
    Statement(Statement),
    Source(Source),
    FollowUp(FollowUp),
}

impl Record {
    /// Which record this is.
    pub fn reference(&self) -> RecordRef {
        match self {
            Record::Account(r) => RecordRef::Account(r.id.clone()),
            Record::Staff(r) => RecordRef::Staff(r.id.clone()),
            Record::Outsider(r) => RecordRef::Outsider(r.id.clone()),
            Record::Action(r) => RecordRef::Action(r.id.clone()),
            Record::Statement(r) => RecordRef::Statement(r.id.clone()),
            Record::Source(r) => RecordRef::Source(r.id.clone()),
            Record::FollowUp(r) => RecordRef::FollowUp(r.id.clone()),
        }
    }

    /// A short title for menus ("deactivation: Deactivated @realDonaldTrump").
    pub fn title(&self) -> String {
        match self {
            Record::Account(r) => r.name(),
            Record::Staff(r) => r.name.clone(),
            Record::Outsider(r) => r.name.clone(),
            Record::Action(r) => r.summary.clone(),
            Record::Statement(r) => excerpt(&r.quote, 40),
            Record::Source(r) => r.title.clone(),
            Record::FollowUp(r) => excerpt(&r.description, 40),
        }
    }

    /// The record's common metadata.
    pub fn meta(&self) -> &Meta {
        match self {
            Record::Account(r) => &r.meta,
            Record::Staff(r) => &r.meta,
            Record::Outsider(r) => &r.meta,
            Record::Action(r) => &r.meta,
            Record::Statement(r) => &r.meta,
            Record::Source(r) => &r.meta,
            Record::FollowUp(r) => &r.meta,
        }
    }

    /// The record's common metadata, mutable.
    pub fn meta_mut(&mut self) -> &mut Meta {
        match self {
            Record::Account(r) => &mut r.meta,
            Record::Staff(r) => &mut r.meta,
            Record::Outsider(r) => &mut r.meta,
            Record::Action(r) => &mut r.meta,
            Record::Statement(r) => &mut r.meta,
            Record::Source(r) => &mut r.meta,
            Record::FollowUp(r) => &mut r.meta,
        }
    }
}

/// The first `max` characters of `text` on one line, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Finds a record by reference: its index in its list and a copy.
pub fn find_record(case: &Case, target: &RecordRef) -> Option<(usize, Record)> {
    fn pos<T: Clone>(
        list: &[T],
        hit: impl Fn(&T) -> bool,
        wrap: impl Fn(T) -> Record,
    ) -> Option<(usize, Record)> {
        list.iter()
            .position(hit)
            .map(|i| (i, wrap(list[i].clone())))
    }
    match target {
        RecordRef::Account(id) => pos(&case.accounts, |r| &r.id == id, Record::Account),
        RecordRef::Staff(id) => pos(&case.staff, |r| &r.id == id, Record::Staff),
        RecordRef::Outsider(id) => pos(&case.outsiders, |r| &r.id == id, Record::Outsider),
        RecordRef::Action(id) => pos(&case.actions, |r| &r.id == id, Record::Action),
        RecordRef::Statement(id) => pos(&case.statements, |r| &r.id == id, Record::Statement),
        RecordRef::Source(id) => pos(&case.sources, |r| &r.id == id, Record::Source),
        RecordRef::FollowUp(id) => pos(
            &case.postmortem.follow_ups,
            |r| &r.id == id,
            Record::FollowUp,
        ),
        RecordRef::Case | RecordRef::Postmortem => None,
    }
}

/// A fresh record of `kind` with sensible defaults, dated now (see [`new_record_at`]).
pub fn new_record(kind: RecordKind, case: &Case, now: DateTime<Utc>) -> Record {
    new_record_at(kind, case, now, None)
}

/// The time a new record should start from: the selected record's (an action's start, a
/// statement's time, a source's publication), else the time of the dated record entered last,
/// else none (the clock). A case about 2024 gets its next event in 2024, not today.
pub fn context_time(case: &Case, selected: Option<&RecordRef>) -> Option<When> {
    let own = |w: &When| When {
        bound: None,
        ..w.clone()
    };
    let from_selected = selected.and_then(|r| match find_record(case, r) {
        Some((_, Record::Action(a))) => Some(own(&a.start)),
        Some((_, Record::Statement(s))) => Some(own(&s.when)),
        Some((_, Record::Source(s))) => s.published.as_ref().map(own),
        Some((_, Record::FollowUp(f))) => f.due.as_ref().map(own),
        _ => None,
    });
    from_selected.or_else(|| {
        let actions = case.actions.iter().map(|a| (a.meta.created, &a.start));
        let statements = case.statements.iter().map(|s| (s.meta.created, &s.when));
        // The last entered; among records entered together, the last in the file.
        actions
            .chain(statements)
            .enumerate()
            .max_by_key(|(i, (created, _))| (*created, *i))
            .map(|(_, (_, w))| own(w))
    })
}

/// A fresh record of `kind` with sensible defaults; an action or a statement dated `at` when
/// given (see [`context_time`]), else now to the minute.
pub fn new_record_at(
    kind: RecordKind,
    case: &Case,
    now: DateTime<Utc>,
    at: Option<When>,
) -> Record {
    let tz = case.tz();
    let clock = When {
        precision: Precision::Minute,
        ..When::exact(now).truncated(tz)
    }
    .truncated(tz);
    let when = at.unwrap_or_else(|| clock.clone());
    let meta = Meta::new(now);
    match kind {
        RecordKind::Account => {
            Record::Account(Account::new(AccountId::generate(), "", "@new-account", now))
        }
        RecordKind::Staff => Record::Staff(Staff {
            id: StaffId::generate(),
            name: "New staff member".to_owned(),
            pseudonym: format!("Staff {}", (b'A' + (case.staff.len() % 26) as u8) as char),
            protected: None,
            group: false,
            size: None,
            role: String::new(),
            team: String::new(),
            employment: Employment::Employee,
            access_level: String::new(),
            tenure_start: None,
            tenure_end: None,
            meta,
        }),
        RecordKind::Outsider => Record::Outsider(Outsider {
            id: OutsiderId::generate(),
            name: "New outside person".to_owned(),
            group: false,
            size: None,
            role: OutsiderRole::Other,
            organisation: String::new(),
            pseudonym: format!(
                "Outsider {}",
                (b'A' + (case.outsiders.len() % 26) as u8) as char
            ),
            protected: None,
            meta,
        }),
        RecordKind::Action => Record::Action(Action::new(
            ActionId::generate(),
            ActionKind::Review,
            "New action",
            when,
            now,
        )),
        RecordKind::Statement => Record::Statement(Statement {
            id: StatementId::generate(),
            speaker: Speaker::Organisation(String::new()),
            channel: Channel::PressStatement,
            quote: String::new(),
            verbatim: true,
            through: None,
            when,
            when_source: None,
            alternatives: Vec::new(),
            follows: None,
            about: Vec::new(),
            after: Vec::new(),
            before: Vec::new(),
            meta,
        }),
        RecordKind::Source => Record::Source(Source {
            id: SourceId::generate(),
            title: "New source".to_owned(),
            publisher: String::new(),
            url: String::new(),
            also_at: Vec::new(),
            published: None,
            // Read today, whatever the case is about.
            accessed: Some(
                When {
                    precision: Precision::Day,
                    ..clock
                }
                .truncated(tz),
            ),
            evidence: None,
            meta,
        }),
        RecordKind::FollowUp => Record::FollowUp(FollowUp {
            id: FollowUpId::generate(),
            description: "New follow-up".to_owned(),
            owner: String::new(),
            status: FollowUpStatus::Open,
            due: None,
            priority: None,
            tracker: String::new(),
            meta,
        }),
    }
}

/// A copy of `record` to add beside it: a new id, "(copy)" after its name or summary, and
/// created and updated `now`.
pub fn copy_of(mut record: Record, now: DateTime<Utc>) -> Record {
    *record.meta_mut() = Meta {
        created: now,
        updated: now,
        ..record.meta().clone()
    };
    match &mut record {
        Record::Account(r) => {
            (r.id, r.handle) = (AccountId::generate(), format!("{} (copy)", r.handle))
        }
        Record::Staff(r) => (r.id, r.name) = (StaffId::generate(), format!("{} (copy)", r.name)),
        Record::Outsider(r) => {
            (r.id, r.name) = (OutsiderId::generate(), format!("{} (copy)", r.name))
        }
        Record::Action(r) => {
            (r.id, r.summary) = (ActionId::generate(), format!("{} (copy)", r.summary))
        }
        Record::Statement(r) => r.id = StatementId::generate(),
        Record::Source(r) => {
            (r.id, r.title) = (SourceId::generate(), format!("{} (copy)", r.title))
        }
        Record::FollowUp(r) => r.id = FollowUpId::generate(),
    }
    record
}
