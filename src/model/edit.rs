//! Edits: every change to a case as a value that can be applied and inverted.
//!
//! The GUI's undo/redo and dirty tracking stand on this: applying an edit and then its inverse
//! restores the case exactly. Edits check their preconditions, so a stale edit (one made against a
//! different state of the case) is refused rather than applied to the wrong record.

use serde::{Deserialize, Serialize};

use super::ids::{AccountId, ActionId, FollowUpId, SourceId, StaffId, StatementId};
use super::records::{
    Account, Action, Actor, FollowUp, Meta, Postmortem, Source, Speaker, Staff, Statement,
};
use super::{Case, CaseInfo};

/// The kinds of record a case holds (besides its own info and the postmortem prose).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordKind {
    Account,
    Staff,
    Action,
    Statement,
    Source,
    FollowUp,
}

impl RecordKind {
    /// Every kind, in navigator order.
    pub const ALL: [RecordKind; 6] = [
        RecordKind::Account,
        RecordKind::Staff,
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
            _ => format!("{n} {}", self.plural().to_lowercase()),
        }
    }

    /// "Actions".
    pub fn plural(self) -> &'static str {
        match self {
            RecordKind::Account => "Accounts",
            RecordKind::Staff => "Staff",
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
            Record::Action(r) => RecordRef::Action(r.id.clone()),
            Record::Statement(r) => RecordRef::Statement(r.id.clone()),
            Record::Source(r) => RecordRef::Source(r.id.clone()),
            Record::FollowUp(r) => RecordRef::FollowUp(r.id.clone()),
        }
    }

    /// A short title for menus ("deactivation: Deactivated @realDonaldTrump").
    pub fn title(&self) -> String {
        match self {
            Record::Account(r) => r.handle.clone(),
            Record::Staff(r) => r.name.clone(),
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

/// Why an edit could not be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0} already exists")]
    DuplicateId(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0} has changed since the edit was made")]
    Stale(String),
    #[error("position {index} is outside the {len} {kind} records")]
    BadIndex {
        index: usize,
        len: usize,
        kind: &'static str,
    },
    #[error("an edit cannot change a record's id or kind ({0})")]
    IdChange(String),
}

/// One change to a case. Apply it with [`Edit::apply`]; undo it by applying [`Edit::inverse`].
// Edits are made one at a time by a person and kept in an undo stack of modest size; boxing the
// records would only add noise to every constructor and match.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    /// Put a new record at `index` of its list.
    Insert { index: usize, record: Record },
    /// Take the record at `index` of its list out (it must equal `record`).
    Remove { index: usize, record: Record },
    /// Replace a record (found by id, must equal `before`) with `after` (same id).
    Replace { before: Record, after: Record },
    /// Change the case's own fields.
    SetInfo { before: CaseInfo, after: CaseInfo },
    /// Change the postmortem (prose and follow-ups together).
    SetPostmortem {
        before: Postmortem,
        after: Postmortem,
    },
    /// Several edits as one undo step, applied in order.
    Batch { label: String, edits: Vec<Edit> },
}

/// Gives a macro access to one record list of a case by kind.
macro_rules! with_list {
    ($case:expr, $record:expr, |$list:ident, $value:ident| $body:expr) => {
        match $record {
            Record::Account($value) => {
                let $list = &mut $case.accounts;
                $body
            }
            Record::Staff($value) => {
                let $list = &mut $case.staff;
                $body
            }
            Record::Action($value) => {
                let $list = &mut $case.actions;
                $body
            }
            Record::Statement($value) => {
                let $list = &mut $case.statements;
                $body
            }
            Record::Source($value) => {
                let $list = &mut $case.sources;
                $body
            }
            Record::FollowUp($value) => {
                let $list = &mut $case.postmortem.follow_ups;
                $body
            }
        }
    };
}

impl Edit {
    /// An edit adding `record` at the end of its list.
    pub fn add(case: &Case, record: Record) -> Edit {
        let index = match &record {
            Record::Account(_) => case.accounts.len(),
            Record::Staff(_) => case.staff.len(),
            Record::Action(_) => case.actions.len(),
            Record::Statement(_) => case.statements.len(),
            Record::Source(_) => case.sources.len(),
            Record::FollowUp(_) => case.postmortem.follow_ups.len(),
        };
        Edit::Insert { index, record }
    }

    /// An edit replacing the current version of `after`'s record with `after`; `None` if the
    /// record does not exist or nothing changed.
    pub fn update(case: &Case, after: Record) -> Option<Edit> {
        let before = find_record(case, &after.reference())?.1;
        (before != after).then_some(Edit::Replace { before, after })
    }

    /// An edit deleting a record; `None` if it does not exist. Does not touch references to it:
    /// see [`Edit::delete_unlinking`].
    pub fn delete(case: &Case, target: &RecordRef) -> Option<Edit> {
        let (index, record) = find_record(case, target)?;
        Some(Edit::Remove { index, record })
    }

    /// An edit deleting a record and removing every reference to it, as one undo step, so no
    /// dangling reference is left behind.
    pub fn delete_unlinking(case: &Case, target: &RecordRef) -> Option<Edit> {
        let remove = Edit::delete(case, target)?;
        let mut edits = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (referrer, _) in case.references_to(target) {
            if referrer == *target || !seen.insert(referrer.clone()) {
                continue;
            }
            if let Some((_, before)) = find_record(case, &referrer) {
                let mut after = before.clone();
                unlink(&mut after, target, case);
                if after != before {
                    edits.push(Edit::Replace { before, after });
                }
            }
        }
        let label = format!(
            "Delete {} “{}”",
            target.kind().map_or("record", |k| k.label()),
            remove_title(&remove)
        );
        edits.push(remove);
        Some(Edit::Batch { label, edits })
    }

    /// Applies the edit, or leaves the case untouched and says why not.
    pub fn apply(&self, case: &mut Case) -> Result<(), EditError> {
        match self {
            Edit::Insert { index, record } => {
                if find_record(case, &record.reference()).is_some() {
                    return Err(EditError::DuplicateId(record.reference().path()));
                }
                let kind = record.reference().kind().map_or("", RecordKind::label);
                with_list!(case, record.clone(), |list, value| {
                    if *index > list.len() {
                        return Err(EditError::BadIndex {
                            index: *index,
                            len: list.len(),
                            kind,
                        });
                    }
                    list.insert(*index, value);
                });
                Ok(())
            }
            Edit::Remove { index, record } => {
                let path = record.reference().path();
                match find_record(case, &record.reference()) {
                    Some((i, ref current)) if i == *index && current == record => {}
                    Some(_) => return Err(EditError::Stale(path)),
                    None => return Err(EditError::NotFound(path)),
                }
                with_list!(case, record, |list, _value| {
                    list.remove(*index);
                });
                Ok(())
            }
            Edit::Replace { before, after } => {
                if before.reference() != after.reference() {
                    return Err(EditError::IdChange(before.reference().path()));
                }
                let path = before.reference().path();
                let index = match find_record(case, &before.reference()) {
                    Some((i, ref current)) if current == before => i,
                    Some(_) => return Err(EditError::Stale(path)),
                    None => return Err(EditError::NotFound(path)),
                };
                with_list!(case, after.clone(), |list, value| {
                    list[index] = value;
                });
                Ok(())
            }
            Edit::SetInfo { before, after } => {
                if &case.info != before {
                    return Err(EditError::Stale("info".to_owned()));
                }
                case.info = after.clone();
                Ok(())
            }
            Edit::SetPostmortem { before, after } => {
                if &case.postmortem != before {
                    return Err(EditError::Stale("postmortem".to_owned()));
                }
                case.postmortem = after.clone();
                Ok(())
            }
            Edit::Batch { edits, .. } => {
                for (done, edit) in edits.iter().enumerate() {
                    if let Err(err) = edit.apply(case) {
                        // Roll back what was applied so the batch is all-or-nothing.
                        for applied in edits[..done].iter().rev() {
                            let _ = applied.inverse().apply(case);
                        }
                        return Err(err);
                    }
                }
                Ok(())
            }
        }
    }

    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Insert { index, record } => Edit::Remove {
                index: *index,
                record: record.clone(),
            },
            Edit::Remove { index, record } => Edit::Insert {
                index: *index,
                record: record.clone(),
            },
            Edit::Replace { before, after } => Edit::Replace {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::SetInfo { before, after } => Edit::SetInfo {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::SetPostmortem { before, after } => Edit::SetPostmortem {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Batch { label, edits } => Edit::Batch {
                label: label.clone(),
                edits: edits.iter().rev().map(Edit::inverse).collect(),
            },
        }
    }

    /// What the edit does, for "Undo …" menu items.
    pub fn label(&self) -> String {
        match self {
            Edit::Insert { record, .. } => format!(
                "Add {} “{}”",
                kind_label(record),
                excerpt(&record.title(), 30)
            ),
            Edit::Remove { record, .. } => format!(
                "Delete {} “{}”",
                kind_label(record),
                excerpt(&record.title(), 30)
            ),
            Edit::Replace { after, .. } => format!(
                "Edit {} “{}”",
                kind_label(after),
                excerpt(&after.title(), 30)
            ),
            Edit::SetInfo { .. } => "Edit case details".to_owned(),
            Edit::SetPostmortem { .. } => "Edit postmortem".to_owned(),
            Edit::Batch { label, .. } => label.clone(),
        }
    }
}

fn kind_label(record: &Record) -> &'static str {
    record
        .reference()
        .kind()
        .map_or("record", RecordKind::label)
}

fn remove_title(edit: &Edit) -> String {
    match edit {
        Edit::Remove { record, .. } => excerpt(&record.title(), 30),
        _ => String::new(),
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

/// Removes every reference to `target` from `record`, keeping what can be kept (a staff
/// speaker becomes a named "other" speaker, so the quote stays attributed).
fn unlink(record: &mut Record, target: &RecordRef, case: &Case) {
    if let RecordRef::Source(id) = target {
        record.meta_mut().sources.retain(|s| s != id);
    }
    match (record, target) {
        (Record::Action(a), RecordRef::Account(id)) => a.targets.retain(|t| t != id),
        (Record::Action(a), RecordRef::Staff(id)) if a.performer == Actor::Staff(id.clone()) => {
            a.performer = Actor::Unknown
        }
        (Record::Action(a), RecordRef::Action(id)) if a.reverses.as_ref() == Some(id) => {
            a.reverses = None
        }
        (Record::Statement(s), RecordRef::Staff(id)) if s.speaker == Speaker::Staff(id.clone()) => {
            s.speaker = Speaker::Other(
                case.staff_member(id)
                    .map_or_else(|| "former staff member".to_owned(), |m| m.name.clone()),
            );
        }
        (Record::Statement(s), RecordRef::Account(id))
            if s.speaker == Speaker::Account(id.clone()) =>
        {
            s.speaker = Speaker::Other(
                case.account(id)
                    .map_or_else(|| "account holder".to_owned(), |a| a.handle.clone()),
            );
        }
        (Record::Statement(s), RecordRef::Statement(id)) if s.corrects.as_ref() == Some(id) => {
            s.corrects = None
        }
        (Record::Statement(s), RecordRef::Action(id)) => s.about.retain(|a| a != id),
        _ => {}
    }
}
