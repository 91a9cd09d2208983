//! Edits: every change to a case as a value that can be applied and inverted.
//!
//! The GUI's undo/redo and dirty tracking stand on this: applying an edit and then its inverse
//! restores the case exactly. Edits check their preconditions, so a stale edit (one made against a
//! different state of the case) is refused rather than applied to the wrong record.

use serde::{Deserialize, Serialize};

use super::kinds::{Record, RecordKind, RecordRef, excerpt, find_record};
use super::records::{Actor, AltTime, EventRef, Postmortem, Speaker, Through};
use super::{Case, CaseInfo, SourceId};

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
            Record::Outsider($value) => {
                let $list = &mut $case.outsiders;
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
            Record::Outsider(_) => case.outsiders.len(),
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
        let mut after = case.postmortem.clone();
        if let RecordRef::Source(id) = target {
            for figure in &mut after.figures {
                if figure.source.as_ref() == Some(id) {
                    figure.source = None;
                }
            }
        }
        // A milestone pinned to the record is left open.
        for m in super::Milestone::ALL {
            let slot = after.milestones.slot(m);
            if slot.clone().map(RecordRef::from).as_ref() == Some(target) {
                *slot = None;
            }
        }
        if after != case.postmortem {
            // First, while the postmortem is as `before` says: unlinking a follow-up (which
            // lives in the postmortem) comes after it.
            edits.insert(
                0,
                Edit::SetPostmortem {
                    before: case.postmortem.clone(),
                    after,
                },
            );
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

/// Removes every reference to `target` from `record`, keeping what can be kept (a staff
/// speaker becomes a named "other" speaker, so the quote stays attributed).
fn unlink(record: &mut Record, target: &RecordRef, case: &Case) {
    if let RecordRef::Source(id) = target {
        record.meta_mut().sources.retain(|s| s != id);
    }
    let through_hits = |through: &Option<Through>| match (through, target) {
        (Some(Through::Staff(x)), RecordRef::Staff(id)) => x == id,
        (Some(Through::Account(x)), RecordRef::Account(id)) => x == id,
        _ => false,
    };
    let unlink_times = |main: &mut Option<SourceId>, alternatives: &mut Vec<AltTime>| {
        if let RecordRef::Source(id) = target {
            if main.as_ref() == Some(id) {
                *main = None;
            }
            for alt in alternatives.iter_mut() {
                if alt.source.as_ref() == Some(id) {
                    alt.source = None;
                }
            }
        }
    };
    // Order links to the deleted record go with it.
    let unlink_order = |after: &mut Vec<EventRef>, before: &mut Vec<EventRef>| {
        for links in [after, before] {
            links.retain(|e| RecordRef::from(e.clone()) != *target);
        }
    };
    match record {
        Record::Action(a) => {
            unlink_order(&mut a.after, &mut a.before);
            if through_hits(&a.through) {
                a.through = None;
            }
            unlink_times(&mut a.start_source, &mut a.alternatives);
            match target {
                RecordRef::Account(id) => a.targets.retain(|t| t != id),
                RecordRef::Staff(id) if a.performer == Actor::Staff(id.clone()) => {
                    a.performer = Actor::Unknown
                }
                RecordRef::Outsider(id) if a.performer == Actor::Outsider(id.clone()) => {
                    // The performer stays named, as an outside party described in words.
                    a.performer = case
                        .outsider(id)
                        .map_or(Actor::Unknown, |o| Actor::External(o.name.clone()));
                }
                RecordRef::Action(id) => {
                    if a.reverses.as_ref() == Some(id) {
                        a.reverses = None;
                    }
                    if a.amends.as_ref().is_some_and(|l| &l.action == id) {
                        a.amends = None;
                    }
                }
                _ => {}
            }
        }
        Record::Statement(s) => {
            unlink_order(&mut s.after, &mut s.before);
            if through_hits(&s.through) {
                s.through = None;
            }
            unlink_times(&mut s.when_source, &mut s.alternatives);
            match target {
                RecordRef::Staff(id) if s.speaker == Speaker::Staff(id.clone()) => {
                    s.speaker = Speaker::Other(
                        case.staff_member(id)
                            .map_or_else(|| "former staff member".to_owned(), |m| m.name.clone()),
                    );
                }
                RecordRef::Account(id) if s.speaker == Speaker::Account(id.clone()) => {
                    s.speaker = Speaker::Other(
                        case.account(id)
                            .map_or_else(|| "account holder".to_owned(), |a| a.label()),
                    );
                }
                RecordRef::Outsider(id) if s.speaker == Speaker::Outsider(id.clone()) => {
                    s.speaker = Speaker::Other(
                        case.outsider(id)
                            .map_or_else(|| "outside person".to_owned(), |o| o.name.clone()),
                    );
                }
                RecordRef::Statement(id)
                    if s.follows.as_ref().is_some_and(|l| &l.statement == id) =>
                {
                    s.follows = None
                }
                RecordRef::Action(id) => s.about.retain(|a| a != id),
                _ => {}
            }
        }
        _ => {}
    }
}
