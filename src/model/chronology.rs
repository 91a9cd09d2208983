//! The one time order of a case: what the app's tables and timeline list, `show`, the report
//! and the CSV list actions and statements in.
//!
//! The rule, in the words of the user guide:
//!
//! 1. Every record is listed at the **latest moment its time allows**: a time to the minute at
//!    that minute, "sometime on 15 July" after everything timed on 15 July, "~July 2020" at the
//!    end of July. So nothing vague is ever listed ahead of a precise event it may well have
//!    followed.
//! 2. A time given as a bound is listed at its limit: "by 15 July" at the start of 15 July,
//!    "after 3 p.m." right after 3 p.m.
//! 3. **Links** override times: a record linked as "after" another is listed after it, one
//!    linked as "before" another is listed before it (and no later than it, however vague its
//!    own time: "~July: phishing", linked before the takeover, comes just before the takeover).
//!    A statement that updates, corrects or retracts another, an action that extends, replaces
//!    or reverses another, count as linked after it.
//! 4. Records that still tie keep the finer time first, then the order they were entered in.
//!
//! Links that go round in a circle cannot all hold; validation reports them, and the order
//! keeps the ones it can.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Action, Case, EventRef, RecordRef, Statement, When};

/// Where `when` falls in the time order on its own (no links): the latest moment it allows, a
/// bound at its limit.
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

    pub fn event(&self) -> EventRef {
        match self {
            Dated::Action(a) => EventRef::Action(a.id.clone()),
            Dated::Statement(s) => EventRef::Statement(s.id.clone()),
        }
    }

    /// Pinned as a key event.
    pub fn key_event(&self) -> bool {
        match self {
            Dated::Action(a) => a.meta.key_event,
            Dated::Statement(s) => s.meta.key_event,
        }
    }

    /// When it was entered (the last tie-break).
    fn created(&self) -> DateTime<Utc> {
        match self {
            Dated::Action(a) => a.meta.created,
            Dated::Statement(s) => s.meta.created,
        }
    }

    /// The records it is known to follow: its "after" links and what it updates, corrects,
    /// retracts, extends, replaces or reverses.
    pub fn known_after(&self) -> Vec<EventRef> {
        match self {
            Dated::Action(a) => a
                .after
                .iter()
                .cloned()
                .chain(a.amends.iter().map(|l| EventRef::Action(l.action.clone())))
                .chain(a.reverses.iter().map(|id| EventRef::Action(id.clone())))
                .collect(),
            Dated::Statement(s) => s
                .after
                .iter()
                .cloned()
                .chain(
                    s.follows
                        .iter()
                        .map(|l| EventRef::Statement(l.statement.clone())),
                )
                .collect(),
        }
    }

    /// Its "before" links.
    pub fn known_before(&self) -> &'a [EventRef] {
        match self {
            Dated::Action(a) => &a.before,
            Dated::Statement(s) => &s.before,
        }
    }
}

/// The dated records of `case` (actions, then statements, in file order).
fn dated(case: &Case) -> Vec<Dated<'_>> {
    case.actions
        .iter()
        .map(Dated::Action)
        .chain(case.statements.iter().map(Dated::Statement))
        .collect()
}

/// "`earlier` comes before `later`", as indices into [`dated`], for every link that names
/// two records of the case (links to records that are not there are left to validation).
fn edges(entries: &[Dated<'_>]) -> Vec<(usize, usize)> {
    let index: HashMap<EventRef, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.event(), i))
        .collect();
    let mut edges = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for link in e.known_after() {
            if let Some(&j) = index.get(&link)
                && j != i
            {
                edges.push((j, i));
            }
        }
        for link in e.known_before() {
            if let Some(&j) = index.get(link)
                && j != i
            {
                edges.push((i, j));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// The positions of `entries` in the one order (see the module documentation), with each
/// entry's sort time (its own, or pulled forward by a "before" link).
fn order(entries: &[Dated<'_>], tz: Tz) -> (Vec<usize>, Vec<DateTime<Utc>>) {
    let n = entries.len();
    let own: Vec<DateTime<Utc>> = entries.iter().map(|e| order_key(e.when(), tz)).collect();
    let edges = edges(entries);
    if edges.is_empty() {
        // The common case, and the fast path for large cases.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| tie_break(entries, &own, a, b));
        return (order, own);
    }
    // Every record's place by its own time first.
    let mut base: Vec<usize> = (0..n).collect();
    base.sort_by(|&a, &b| tie_break(entries, &own, a, b));
    let mut place = vec![0usize; n];
    for (rank, &i) in base.iter().enumerate() {
        place[i] = rank;
    }
    // A record linked before another takes that one's place if its own is later, so it is
    // listed right before it: pull places forward along the links until nothing changes
    // (bounded, so links in a circle end too).
    let own_place = place.clone();
    for _ in 0..=n {
        let mut changed = false;
        for &(earlier, later) in &edges {
            if place[later] < place[earlier] {
                place[earlier] = place[later];
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Then a topological order that takes the earliest place first among the records whose
    // predecessors are all listed. In a circle none is free: the earliest waiting record goes
    // next, which drops the fewest links.
    let mut waiting_on = vec![0usize; n];
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(earlier, later) in &edges {
        waiting_on[later] += 1;
        next[earlier].push(later);
    }
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let by_key = {
        let mut all: Vec<usize> = (0..n).collect();
        all.sort_by_key(|&i| (place[i], own_place[i]));
        all
    };
    while order.len() < n {
        let pick = by_key
            .iter()
            .copied()
            .find(|&i| !placed[i] && waiting_on[i] == 0)
            .or_else(|| by_key.iter().copied().find(|&i| !placed[i]));
        let Some(i) = pick else { break };
        placed[i] = true;
        order.push(i);
        for &j in &next[i] {
            waiting_on[j] = waiting_on[j].saturating_sub(1);
        }
    }
    // Each record's sort time is the time of the place it took.
    let key = (0..n).map(|i| own[base[place[i]]]).collect();
    (order, key)
}

/// The order of two records by key, then "by" before a plain time before "after", then the
/// finer time first, then the one entered first, then file order.
fn tie_break(entries: &[Dated<'_>], key: &[DateTime<Utc>], a: usize, b: usize) -> Ordering {
    let bound = |i: usize| match entries[i].when().bound {
        Some(super::TimeBound::Before) => 0,
        None => 1,
        Some(super::TimeBound::After) => 2,
    };
    key[a]
        .cmp(&key[b])
        .then_with(|| bound(a).cmp(&bound(b)))
        .then_with(|| {
            entries[a]
                .when()
                .precision
                .cmp(&entries[b].when().precision)
        })
        .then_with(|| entries[a].created().cmp(&entries[b].created()))
        .then_with(|| a.cmp(&b))
}

/// The case's actions and statements in the one order, times read in `tz`.
pub fn chronology(case: &Case, tz: Tz) -> Vec<Dated<'_>> {
    keyed(case, tz).into_iter().map(|(e, _)| e).collect()
}

/// [`chronology`] with each record's sort time: its own (see [`order_key`]) or, for a record
/// linked before a later one, no later than that one's. The times never decrease down the list
/// (unless links go round in a circle), so other dated rows (a source's publication) can be
/// merged in by time.
pub fn keyed(case: &Case, tz: Tz) -> Vec<(Dated<'_>, DateTime<Utc>)> {
    let entries = dated(case);
    let (order, key) = order(&entries, tz);
    order.into_iter().map(|i| (entries[i], key[i])).collect()
}

/// Each dated record's place in the one order (0 first), for sorting tables and rows.
pub fn ranks(case: &Case, tz: Tz) -> HashMap<EventRef, usize> {
    chronology(case, tz)
        .into_iter()
        .enumerate()
        .map(|(rank, e)| (e.event(), rank))
        .collect()
}

/// The positions of the case's actions (by index into `case.actions`) in the one order.
pub fn action_order(case: &Case, tz: Tz) -> Vec<usize> {
    let index: HashMap<&str, usize> = case
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    chronology(case, tz)
        .into_iter()
        .filter_map(|e| match e {
            Dated::Action(a) => index.get(a.id.as_str()).copied(),
            Dated::Statement(_) => None,
        })
        .collect()
}

/// The positions of the case's statements (by index into `case.statements`) in the one order.
pub fn statement_order(case: &Case, tz: Tz) -> Vec<usize> {
    let index: HashMap<&str, usize> = case
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    chronology(case, tz)
        .into_iter()
        .filter_map(|e| match e {
            Dated::Statement(s) => index.get(s.id.as_str()).copied(),
            Dated::Action(_) => None,
        })
        .collect()
}

/// Links in a circle ("A after B after A"): each as the records that form it, in order.
pub fn link_cycles(case: &Case) -> Vec<Vec<EventRef>> {
    let entries = dated(case);
    let n = entries.len();
    let edges = edges(&entries);
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &edges {
        next[a].push(b);
    }
    // Colour-marking depth-first search, without recursion.
    let mut state = vec![0u8; n]; // 0 new, 1 on the path, 2 done
    let mut cycles = Vec::new();
    for root in 0..n {
        if state[root] != 0 || next[root].is_empty() {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut child)) = stack.last_mut() {
            if let Some(&to) = next[node].get(*child) {
                *child += 1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|&(n, _)| n == to).unwrap_or(0);
                        cycles.push(
                            stack[from..]
                                .iter()
                                .map(|&(n, _)| entries[n].event())
                                .collect(),
                        );
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    cycles
}

/// The positions of `whens` in time order on their own (no links; for records that have no
/// links, such as sources by date).
pub fn time_order<'a>(whens: impl IntoIterator<Item = &'a When>, tz: Tz) -> Vec<usize> {
    let keys: Vec<(DateTime<Utc>, u8, super::Precision)> = whens
        .into_iter()
        .map(|w| {
            let bound = match w.bound {
                Some(super::TimeBound::Before) => 0,
                None => 1,
                Some(super::TimeBound::After) => 2,
            };
            (order_key(w, tz), bound, w.precision)
        })
        .collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    order
}

#[cfg(test)]
mod tests;
