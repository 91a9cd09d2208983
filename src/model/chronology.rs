//! The one time order of a case: what the table, `show`, the report and the CSV list in.
//!
//! An imprecise time sorts by the middle of what it covers, so "~Nov 2017" sits mid-month
//! rather than before everything that happened on Nov 2; a bound sorts at its limit, so "on or
//! before 15 July" comes before the events of 15 July; ties keep file order (a stable sort).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Action, Case, RecordRef, Statement, When};

/// Where `when` falls in the time order (the middle of what it covers, in `tz`; a bound at its
/// limit).
pub fn order_key(when: &When, tz: Tz) -> DateTime<Utc> {
    when.order_key(tz)
}

/// A dated record: an action (by its start) or a statement.
#[derive(Clone, Copy, Debug)]
pub enum Dated<'a> {
    Action(&'a Action),
    Statement(&'a Statement),
}

impl<'a> Dated<'a> {
    /// When it happened (an action's start).
    pub fn when(&self) -> &'a When {
        match self {
            Dated::Action(a) => &a.start,
            Dated::Statement(s) => &s.when,
        }
    }

    pub fn reference(&self) -> RecordRef {
        match self {
            Dated::Action(a) => RecordRef::Action(a.id.clone()),
            Dated::Statement(s) => RecordRef::Statement(s.id.clone()),
        }
    }

    /// Pinned as a key event.
    pub fn key_event(&self) -> bool {
        match self {
            Dated::Action(a) => a.meta.key_event,
            Dated::Statement(s) => s.meta.key_event,
        }
    }
}

/// The case's actions and statements in time order, times read in `tz`.
pub fn chronology(case: &Case, tz: Tz) -> Vec<Dated<'_>> {
    let mut entries: Vec<Dated<'_>> = case
        .actions
        .iter()
        .map(Dated::Action)
        .chain(case.statements.iter().map(Dated::Statement))
        .collect();
    entries.sort_by_cached_key(|e| order_key(e.when(), tz));
    entries
}

/// The positions of `whens` in time order (for one kind of record at a time).
pub fn time_order<'a>(whens: impl IntoIterator<Item = &'a When>, tz: Tz) -> Vec<usize> {
    let keys: Vec<DateTime<Utc>> = whens.into_iter().map(|w| order_key(w, tz)).collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    order
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::Precision;
    use chrono::TimeZone as _;

    fn at(y: i32, m: u32, d: u32, h: u32, precision: Precision) -> When {
        When {
            precision,
            ..When::exact(Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap())
        }
    }

    #[test]
    fn a_month_sorts_by_its_middle_and_ties_keep_their_order() {
        let tz = Tz::UTC;
        let whens = [
            at(2017, 11, 1, 0, Precision::Month),
            at(2017, 11, 2, 22, Precision::Minute),
            at(2017, 11, 20, 0, Precision::Day),
            at(2017, 11, 2, 22, Precision::Minute),
        ];
        // Nov 2 first, the month (its middle, Nov 15-16) next, then Nov 20; the two equal
        // times in file order.
        assert_eq!(time_order(&whens, tz), vec![1, 3, 0, 2]);
    }
}
