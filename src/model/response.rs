//! Response times: the milestones a postmortem names (impact began, detected, first action, …),
//! each pinned to an action or statement, what the records suggest for them, and the durations
//! between them with honest bounds ("between 0 and 6 h" when both ends are known only to "the
//! evening", "about 11 min" when a source gives the length).
//!
//! Pure: no store, UI or I/O.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::chronology::chronology;
use super::records::{ActionKind, Authorization, Speaker, StatementLinkKind};
use super::time::{ApproxDuration, Limit, Precision, TimeBound, When};
use super::{Action, Case, EventRef};

/// A moment of the response a postmortem names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Milestone {
    ImpactBegan,
    Detected,
    FirstAction,
    Mitigated,
    Resolved,
    FirstStatement,
    CorrectedStatement,
}

impl Milestone {
    /// Every milestone, in the order a response runs.
    pub const ALL: [Milestone; 7] = [
        Milestone::ImpactBegan,
        Milestone::Detected,
        Milestone::FirstAction,
        Milestone::Mitigated,
        Milestone::Resolved,
        Milestone::FirstStatement,
        Milestone::CorrectedStatement,
    ];

    /// "Impact began", "First public statement".
    pub fn label(self) -> &'static str {
        match self {
            Milestone::ImpactBegan => "Impact began",
            Milestone::Detected => "Detected",
            Milestone::FirstAction => "First action",
            Milestone::Mitigated => "Mitigated",
            Milestone::Resolved => "Resolved",
            Milestone::FirstStatement => "First public statement",
            Milestone::CorrectedStatement => "Corrected statement",
        }
    }

    /// Its field name in the case file ("impact_began").
    pub fn key(self) -> &'static str {
        match self {
            Milestone::ImpactBegan => "impact_began",
            Milestone::Detected => "detected",
            Milestone::FirstAction => "first_action",
            Milestone::Mitigated => "mitigated",
            Milestone::Resolved => "resolved",
            Milestone::FirstStatement => "first_statement",
            Milestone::CorrectedStatement => "corrected_statement",
        }
    }
}

/// The records the response is timed by; each may be left open.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestones {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_began: Option<EventRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detected: Option<EventRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_action: Option<EventRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigated: Option<EventRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<EventRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_statement: Option<EventRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_statement: Option<EventRef>,
}

impl Milestones {
    /// None pinned.
    pub fn is_empty(&self) -> bool {
        Milestone::ALL.iter().all(|&m| self.get(m).is_none())
    }

    /// The record pinned for `m`.
    pub fn get(&self, m: Milestone) -> Option<&EventRef> {
        match m {
            Milestone::ImpactBegan => self.impact_began.as_ref(),
            Milestone::Detected => self.detected.as_ref(),
            Milestone::FirstAction => self.first_action.as_ref(),
            Milestone::Mitigated => self.mitigated.as_ref(),
            Milestone::Resolved => self.resolved.as_ref(),
            Milestone::FirstStatement => self.first_statement.as_ref(),
            Milestone::CorrectedStatement => self.corrected_statement.as_ref(),
        }
    }

    /// The slot for `m`.
    pub fn slot(&mut self, m: Milestone) -> &mut Option<EventRef> {
        match m {
            Milestone::ImpactBegan => &mut self.impact_began,
            Milestone::Detected => &mut self.detected,
            Milestone::FirstAction => &mut self.first_action,
            Milestone::Mitigated => &mut self.mitigated,
            Milestone::Resolved => &mut self.resolved,
            Milestone::FirstStatement => &mut self.first_statement,
            Milestone::CorrectedStatement => &mut self.corrected_statement,
        }
    }

    /// These milestones with every open one taken from `suggested`; pinned ones are kept.
    pub fn filled_from(&self, suggested: &Milestones) -> Milestones {
        let mut out = self.clone();
        for m in Milestone::ALL {
            if out.get(m).is_none() {
                *out.slot(m) = suggested.get(m).cloned();
            }
        }
        out
    }

    /// Every pinned record, with its milestone (for redaction and validation).
    pub fn pinned(&self) -> impl Iterator<Item = (Milestone, &EventRef)> {
        Milestone::ALL
            .into_iter()
            .filter_map(|m| self.get(m).map(|r| (m, r)))
    }
}

/// What the records suggest for each milestone, read in the one time order: impact began at the
/// first unauthorized, erroneous or attacking action (else the first report); detected at the
/// first report received from then on; the first action is the first authorized enforcement or
/// restoring action after that; mitigated at the first reinstatement or credential reset after
/// the impact, resolved at the last; the first statement is the organisation's first; the
/// corrected statement the first that corrects another.
pub fn suggest(case: &Case, tz: Tz) -> Milestones {
    let order = chronology(case, tz);
    let actions: Vec<(usize, &Action)> = order
        .iter()
        .enumerate()
        .filter_map(|(i, d)| match d {
            super::chronology::Dated::Action(a) => Some((i, *a)),
            super::chronology::Dated::Statement(_) => None,
        })
        .collect();
    let harmful = |a: &Action| {
        a.authorization == Authorization::Unauthorized
            || matches!(
                a.kind,
                ActionKind::AccountTakeover | ActionKind::UnauthorizedPost
            )
            || a.assessment == Some(super::records::Assessment::Erroneous)
    };
    let impact = actions
        .iter()
        .find(|(_, a)| harmful(a))
        .or_else(|| {
            actions
                .iter()
                .find(|(_, a)| a.kind == ActionKind::ReportReceived)
        })
        .copied();
    let from = impact.map_or(0, |(i, _)| i);
    let detected = actions
        .iter()
        .find(|(i, a)| *i >= from && a.kind == ActionKind::ReportReceived)
        .copied();
    let respond_from = detected.map_or(from, |(i, _)| i);
    let responding = |a: &Action| {
        a.authorization != Authorization::Unauthorized
            && !harmful(a)
            && matches!(
                a.kind,
                ActionKind::Label
                    | ActionKind::Restriction
                    | ActionKind::Suspension
                    | ActionKind::Deactivation
                    | ActionKind::ContentRemoval
                    | ActionKind::Reinstatement
                    | ActionKind::CredentialReset
                    | ActionKind::AccessRevoked
            )
    };
    let first_action = actions
        .iter()
        .find(|(i, a)| *i >= respond_from && Some(*i) != impact.map(|(j, _)| j) && responding(a));
    let restoring = |a: &Action| {
        !harmful(a)
            && matches!(
                a.kind,
                ActionKind::Reinstatement | ActionKind::CredentialReset
            )
    };
    let mut restorations = actions
        .iter()
        .filter(|(i, a)| *i >= from && impact.is_some() && restoring(a));
    let mitigated = restorations.next();
    let resolved = restorations.next_back().or(mitigated);
    let statements: Vec<_> = order
        .iter()
        .filter_map(|d| match d {
            super::chronology::Dated::Statement(s) => Some(*s),
            super::chronology::Dated::Action(_) => None,
        })
        .collect();
    let first_statement = statements
        .iter()
        .find(|s| matches!(s.speaker, Speaker::Organisation(_) | Speaker::Staff(_)))
        .or(statements.first());
    let corrected = statements.iter().find(|s| {
        s.follows
            .as_ref()
            .is_some_and(|f| f.kind == StatementLinkKind::Corrects)
    });
    let action = |a: Option<&(usize, &Action)>| a.map(|(_, a)| EventRef::Action(a.id.clone()));
    Milestones {
        impact_began: action(impact.as_ref()),
        detected: action(detected.as_ref()),
        first_action: action(first_action),
        mitigated: action(mitigated),
        resolved: action(resolved),
        first_statement: first_statement.map(|s| EventRef::Statement(s.id.clone())),
        corrected_statement: corrected.map(|s| EventRef::Statement(s.id.clone())),
    }
}

/// A duration the review asks for, between two milestones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interval {
    ToDetect,
    ToFirstAction,
    ToMitigate,
    ToResolve,
    ToFirstStatement,
}

impl Interval {
    /// Every interval, in the order a report lists them.
    pub const ALL: [Interval; 5] = [
        Interval::ToDetect,
        Interval::ToFirstAction,
        Interval::ToMitigate,
        Interval::ToResolve,
        Interval::ToFirstStatement,
    ];

    /// "Time to detect".
    pub fn label(self) -> &'static str {
        match self {
            Interval::ToDetect => "Time to detect",
            Interval::ToFirstAction => "Time to first action",
            Interval::ToMitigate => "Time to mitigate",
            Interval::ToResolve => "Time to resolve",
            Interval::ToFirstStatement => "Time to first statement",
        }
    }

    /// The milestones it runs from and to: the first action is timed from detection, the rest
    /// from when the impact began.
    pub fn ends(self) -> (Milestone, Milestone) {
        match self {
            Interval::ToDetect => (Milestone::ImpactBegan, Milestone::Detected),
            Interval::ToFirstAction => (Milestone::Detected, Milestone::FirstAction),
            Interval::ToMitigate => (Milestone::ImpactBegan, Milestone::Mitigated),
            Interval::ToResolve => (Milestone::ImpactBegan, Milestone::Resolved),
            Interval::ToFirstStatement => (Milestone::ImpactBegan, Milestone::FirstStatement),
        }
    }
}

/// How long something took, as far as the times allow: from `min_secs` to `max_secs` (`None`:
/// no limit is known, when an end is only "by" or "after" a time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub min_secs: Option<i64>,
    pub max_secs: Option<i64>,
    /// An end, or the length a source gives, is only "about".
    pub approximate: bool,
}

impl Span {
    /// Known to the second (or minute): one length, not a range.
    pub fn is_point(&self) -> bool {
        self.min_secs.is_some() && self.min_secs == self.max_secs
    }

    /// The later end's time is before the earlier's, whatever the precision.
    pub fn out_of_order(&self) -> bool {
        self.max_secs.is_some_and(|m| m < 0)
    }

    /// "about 11 min", "between 0 and 6 h", "at least 2 h", "not known".
    pub fn text(&self) -> String {
        match (self.min_secs, self.max_secs) {
            (_, Some(max)) if max < 0 => {
                format!(
                    "out of order ({} before it)",
                    ApproxDuration::new(-max, false).calendar_text()
                )
            }
            (Some(min), Some(max)) if min == max => {
                ApproxDuration::new(min, self.approximate).calendar_text()
            }
            (Some(min), Some(max)) => range_text(min, max),
            (Some(min), None) if min > 0 => {
                format!(
                    "at least {}",
                    ApproxDuration::new(min, false).calendar_text()
                )
            }
            (None, Some(max)) => {
                format!(
                    "at most {}",
                    ApproxDuration::new(max, false).calendar_text()
                )
            }
            _ => "not known".to_owned(),
        }
    }
}

/// "between 0 and 6 h", "between 3 and 11 min", "between 1 h 15 min and 2 h 15 min", "between 0
/// and 29 days": the lower end rounded down, the upper up, in the upper end's unit.
fn range_text(min: i64, max: i64) -> String {
    let ceil = |v: i64, unit: i64| (v + unit - 1).div_euclid(unit);
    let (lo, hi, unit) = if max < 3600 {
        (min / 60, ceil(max, 60), "min")
    } else if max < 2 * 86_400 {
        if min % 3600 != 0 || max % 3600 != 0 {
            return format!(
                "between {} and {}",
                ApproxDuration::new(min, false),
                ApproxDuration::new(max, false)
            );
        }
        (min / 3600, max / 3600, "h")
    } else {
        (min / 86_400, ceil(max, 86_400), "days")
    };
    if lo == hi {
        format!("about {hi} {unit}")
    } else {
        format!("between {lo} and {hi} {unit}")
    }
}

/// The earliest moment `when` allows (`None`: any earlier, for "by …").
fn earliest(when: &When) -> Option<DateTime<Utc>> {
    match when.bound {
        Some(TimeBound::Before) => None,
        _ => Some(when.at),
    }
}

/// The latest moment `when` allows (`None`: any later, for "after …"). A minute or second is an
/// instant (as on the timeline); coarser times run to the end of their period.
fn latest(when: &When, tz: Tz) -> Option<DateTime<Utc>> {
    match when.bound {
        Some(TimeBound::After) => None,
        _ if when.precision <= Precision::Minute => Some(when.at),
        _ => Some(when.latest(tz)),
    }
}

/// How long from `from` to `to`, as far as their precision allows. Two milestones named in this
/// order are taken to be in it: a range that would start below zero starts at zero.
pub fn span_between(from: &When, to: &When, tz: Tz) -> Span {
    let min = match (earliest(to), latest(from, tz)) {
        (Some(t), Some(f)) => Some((t - f).num_seconds()),
        _ => None,
    };
    let max = match (latest(to, tz), earliest(from)) {
        (Some(t), Some(f)) => Some((t - f).num_seconds()),
        _ => None,
    };
    let min = match max {
        Some(max) if max < 0 => min,
        _ => Some(min.unwrap_or(0).max(0)),
    };
    Span {
        min_secs: min,
        max_secs: max,
        approximate: from.approximate || to.approximate,
    }
}

/// A length a source gives, as a span.
fn span_of_duration(d: &ApproxDuration) -> Span {
    let (min, max) = match d.limit {
        None => (Some(d.secs), Some(d.secs)),
        Some(Limit::AtLeast) => (Some(d.secs), None),
        Some(Limit::AtMost) => (Some(0), Some(d.secs)),
    };
    Span {
        min_secs: min,
        max_secs: max,
        approximate: d.approximate,
    }
}

/// The time of a pinned record (an action's start, a statement's time).
pub fn milestone_when<'a>(case: &'a Case, record: &EventRef) -> Option<&'a When> {
    match record {
        EventRef::Action(id) => case.actions.iter().find(|a| &a.id == id).map(|a| &a.start),
        EventRef::Statement(id) => case
            .statements
            .iter()
            .find(|s| &s.id == id)
            .map(|s| &s.when),
    }
}

/// A pinned record in a few words: an action's summary, a statement's quote (shortened).
pub fn milestone_summary(case: &Case, record: &EventRef) -> Option<String> {
    match record {
        EventRef::Action(id) => case
            .actions
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.summary.clone()),
        EventRef::Statement(id) => case
            .statements
            .iter()
            .find(|s| &s.id == id)
            .map(|s| format!("“{}”", super::excerpt(&s.quote, 60))),
    }
}

/// How long from one record to another. When the later undoes the earlier (a reinstatement of
/// a deactivation), the earlier's own length is the answer, if a source gives it ("about 11
/// minutes"), or its end time.
pub fn span_between_records(case: &Case, from: &EventRef, to: &EventRef) -> Option<Span> {
    let tz = case.tz();
    if let (EventRef::Action(f), EventRef::Action(t)) = (from, to) {
        let undone = case.actions.iter().find(|a| &a.id == f);
        let undoing = case.actions.iter().find(|a| &a.id == t);
        if let (Some(a), Some(b)) = (undone, undoing)
            && b.reverses.as_ref() == Some(&a.id)
        {
            if let Some(d) = &a.duration {
                return Some(span_of_duration(d));
            }
            if let Some(end) = &a.end {
                return Some(span_between(&a.start, end, tz));
            }
        }
    }
    Some(span_between(
        milestone_when(case, from)?,
        milestone_when(case, to)?,
        tz,
    ))
}

/// One response time: which, and how long (`None`: an end is not pinned, or its record is gone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResponseTime {
    pub interval: Interval,
    pub span: Option<Span>,
}

impl ResponseTime {
    /// "about 11 min", or why there is no figure ("Detected not set").
    pub fn text(&self) -> String {
        match &self.span {
            Some(span) => span.text(),
            None => "not known (a milestone is not set)".to_owned(),
        }
    }
}

/// Every response time of the case's postmortem, in [`Interval::ALL`] order.
pub fn response_times(case: &Case) -> Vec<ResponseTime> {
    response_times_of(case, &case.postmortem.milestones)
}

/// Every response time `m` gives with the case's records (milestones being edited).
pub fn response_times_of(case: &Case, m: &Milestones) -> Vec<ResponseTime> {
    Interval::ALL
        .into_iter()
        .map(|interval| {
            let (from, to) = interval.ends();
            let span = match (m.get(from), m.get(to)) {
                (Some(f), Some(t)) => span_between_records(case, f, t),
                _ => None,
            };
            ResponseTime { interval, span }
        })
        .collect()
}

/// The response times that can be given, for summaries that leave the rest out.
pub fn known_response_times(case: &Case) -> Vec<ResponseTime> {
    response_times(case)
        .into_iter()
        .filter(|r| r.span.is_some())
        .collect()
}

#[cfg(test)]
mod tests;
