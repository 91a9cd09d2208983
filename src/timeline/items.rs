//! Timeline items derived from a case: actions (instants, or bars when they last), statements,
//! source publications, follow-up due dates and each account's state over time.
//!
//! Honest precision: an item known only to the day (or marked approximate) covers its whole
//! uncertainty interval and is flagged `fuzzy`, so a view draws a span, never a precise tick.
//! The same goes for what sources leave open: times they disagree on (`reported`), times known
//! only as a bound ("by 18:45"), lasting things whose end is not known (`open_end`), and the
//! other moments of an action (decided, planned end, found out, made public).

use chrono_tz::Tz;
use rustc_hash::FxHashMap;

use crate::model::state::{AccountState, all_account_histories};
use crate::model::{
    AccountId, Action, ActionKind, Actor, AltTime, ApproxDuration, Authorization, Case, Limit,
    OutsiderId, Precision, RecordKind, RecordRef, Speaker, StaffId, Through, TimeBound, When,
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

/// The other moments of an action, each a time in seconds, drawn on the action's row: when it
/// was decided, when it was set to end, when the organisation found out, when it was made
/// public.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    /// Decided or announced before it took effect.
    pub decided: Option<f64>,
    /// When it was set to end (beside when it did): a faint dashed continuation or tick.
    pub planned_end: Option<f64>,
    /// When the organisation found out it had happened.
    pub discovered: Option<f64>,
    /// When it was made public.
    pub disclosed: Option<f64>,
}

impl Moments {
    /// Every moment that is set.
    pub fn iter(&self) -> impl Iterator<Item = f64> {
        [
            self.decided,
            self.planned_end,
            self.discovered,
            self.disclosed,
        ]
        .into_iter()
        .flatten()
    }

    /// Whether any moment is set.
    pub fn any(&self) -> bool {
        self.iter().next().is_some()
    }
}

/// One thing on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The record it stands for (for a state stretch: the action that caused it).
    pub record: RecordRef,
    pub kind: ItemKind,
    /// Earliest time it covers (seconds since the epoch); with times that sources disagree
    /// on, the earliest of them.
    pub start: f64,
    /// Latest time it covers; equal to `start` only for an exact instant. With `open_end`, the
    /// end of what is known (it lasted at least until then).
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
    /// For lasting items: "11 min", "~11 min", "≥12 h".
    pub duration: Option<ApproxDuration>,
    /// Accounts it concerns (lanes).
    pub accounts: Vec<AccountId>,
    /// Staff member who performed or said it (lanes).
    pub staff: Option<StaffId>,
    /// Outside person or group who performed or said it (lanes).
    pub outsider: Option<OutsiderId>,
    /// Whose credentials or account it was done through: it also appears in that lane, marked
    /// as acted through ("via").
    pub through: Option<Through>,
    pub key_event: bool,
    pub unauthorized: bool,
    /// The record this one answers: the action it reverses, extends or replaces, the statement
    /// it follows (drawn as a link).
    pub links_to: Option<RecordRef>,
    pub tags: Vec<String>,
    /// A lasting item whose end is not known ("at least 12 hours", a state still in force):
    /// drawn solid up to `end`, fading after it.
    pub open_end: bool,
    /// Known only as a bound: it happened by `start` (before), or after `end` (after). Drawn
    /// with a fade towards the unknown side.
    pub bound: Option<TimeBound>,
    /// When sources disagree on its time: each time given (seconds; a point in the period
    /// for a coarse one), its own first. Empty when there is one time.
    pub reported: Vec<f64>,
    /// The action's other moments.
    pub moments: Moments,
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

    /// Whether the item is drawn in the lane of `through` only because it was done through
    /// that account or staff member (not to it, not by them).
    pub fn is_via_account(&self, account: &str) -> bool {
        matches!(&self.through, Some(Through::Account(id)) if id.as_str() == account)
            && !self.accounts.iter().any(|a| a.as_str() == account)
    }

    /// Like [`Item::is_via_account`], for a staff member's lane.
    pub fn is_via_staff(&self, staff: &str) -> bool {
        matches!(&self.through, Some(Through::Staff(id)) if id.as_str() == staff)
            && self.staff.as_ref().is_none_or(|s| s.as_str() != staff)
    }

    /// The whole stretch of time the item draws on: its span, every time sources give for it
    /// and its other moments (decided, planned end, found out, made public).
    pub fn reach(&self) -> (f64, f64) {
        let (mut from, mut to) = (self.start, self.end);
        for t in self.reported.iter().copied().chain(self.moments.iter()) {
            from = from.min(t);
            to = to.max(t);
        }
        (from, to)
    }

    /// Its own time, where its marker goes: the first reported time when sources disagree,
    /// else its start.
    pub fn own_start(&self) -> f64 {
        self.reported.first().copied().unwrap_or(self.start)
    }

    /// The earliest and latest of the times sources give, when they disagree.
    pub fn reported_range(&self) -> Option<(f64, f64)> {
        (self.reported.len() > 1).then(|| {
            self.reported
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), &t| (a.min(t), b.max(t)))
        })
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

/// One point for a time on a row: the instant for a minute or second, the middle of the
/// period for anything coarser ("that day").
fn point_of(when: &When, tz: Tz) -> f64 {
    let (start, _, _, mid) = span_of(when, tz);
    if when.precision <= Precision::Minute {
        start
    } else {
        mid
    }
}

/// "~11 min" for an approximate duration, "11 min" otherwise; "≥12 h" for one known only as
/// at least, "≤2 h" as at most.
pub fn short_duration(d: &ApproxDuration) -> String {
    let limit = match d.limit {
        Some(Limit::AtLeast) => "≥",
        Some(Limit::AtMost) => "≤",
        None => "",
    };
    let tilde = if d.approximate { "~" } else { "" };
    let sign = if d.secs < 0 { "-" } else { "" };
    format!("{limit}{tilde}{sign}{}", two_largest_units(d.secs))
}

/// A length in its two largest units ("5 d 12 h", "11 min", "0 s"): enough on a bar or in a
/// line of a report; tooltips say the rest. From a week on it is whole days ("148 d": a
/// daylight-saving change would otherwise make it "147 d 23 h"), from six months months
/// ("20 mo"), from two years years ("2.5 y"). The sign is left to the caller.
pub fn two_largest_units(secs: i64) -> String {
    let days = secs.unsigned_abs() as f64 / 86_400.0;
    if days >= 730.0 {
        let years = format!("{:.1}", (days / 365.25 * 2.0).round() / 2.0);
        return format!("{} y", years.strip_suffix(".0").unwrap_or(&years));
    }
    if days >= 180.0 {
        return format!("{} mo", (days / 30.44).round());
    }
    if days >= 7.0 {
        return format!("{} d", days.round());
    }
    let mut secs = secs.unsigned_abs();
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
    parts.join(" ")
}

/// `head + sep + tail` in one allocation (the formatting machinery is measurable at 100k items).
fn join_label(head: &str, sep: &str, tail: &str) -> String {
    let mut out = String::with_capacity(head.len() + sep.len() + tail.len());
    out.push_str(head);
    out.push_str(sep);
    out.push_str(tail);
    out
}

/// The span of a time that sources disagree on: (start, end, fuzzy, reported points). With
/// no alternatives, the time's own span and no points.
fn with_alternatives(
    when: &When,
    alternatives: &[AltTime],
    tz: Tz,
) -> (f64, f64, bool, f64, Vec<f64>) {
    let (mut start, mut end, fuzzy, mid) = span_of(when, tz);
    if alternatives.is_empty() {
        return (start, end, fuzzy, mid, Vec::new());
    }
    let mut reported = Vec::with_capacity(alternatives.len() + 1);
    reported.push(point_of(when, tz));
    for alt in alternatives {
        let (s, e, _, _) = span_of(&alt.when, tz);
        start = start.min(s);
        end = end.max(e);
        reported.push(point_of(&alt.when, tz));
    }
    (start, end, true, mid, reported)
}

/// Seconds since the epoch.
fn secs(t: chrono::DateTime<chrono::Utc>) -> f64 {
    t.timestamp() as f64
}

/// Every item of the case, in no particular order.
pub fn derive_items(case: &Case) -> Vec<Item> {
    let tz = case.tz();
    // Lookups by id, so 100,000 records derive in linear time.
    let actions_by_id: FxHashMap<&str, &Action> =
        case.actions.iter().map(|a| (a.id.as_str(), a)).collect();
    let accounts: FxHashMap<&str, &crate::model::Account> =
        case.accounts.iter().map(|a| (a.id.as_str(), a)).collect();
    let account_name = |id: &AccountId| {
        accounts
            .get(id.as_str())
            .map_or_else(|| id.to_string(), |a| a.name())
    };
    // When a later action that extends or replaces an action takes effect: it ends that one,
    // when it concerns every account that one did (extending the lock of one of two accounts
    // leaves the lock as it was for the other).
    let mut amended_at: FxHashMap<&str, f64> = FxHashMap::default();
    for a in &case.actions {
        if let Some(link) = &a.amends
            && actions_by_id
                .get(link.action.as_str())
                .is_some_and(|earlier| earlier.targets.iter().all(|t| a.targets.contains(t)))
        {
            let at = amended_at
                .entry(link.action.as_str())
                .or_insert(f64::INFINITY);
            *at = at.min(secs(a.start.at));
        }
    }
    // Room for every record and a state stretch per action, so the vector never moves.
    let mut items = Vec::with_capacity(case.record_count() + case.actions.len());
    for a in &case.actions {
        items.push(action_item(a, tz, amended_at.get(a.id.as_str()).copied()));
    }
    for s in &case.statements {
        let (start, end, fuzzy, when_mid, reported) =
            with_alternatives(&s.when, &s.alternatives, tz);
        let speaker = match &s.speaker {
            Speaker::Account(id) => account_name(id),
            other => case.speaker_name(other),
        };
        items.push(Item {
            record: RecordRef::Statement(s.id.clone()),
            kind: ItemKind::Statement,
            start,
            end,
            when_mid,
            lasting: false,
            fuzzy,
            label: format!("{speaker}: “{}”", crate::model::excerpt(&s.quote, 60)),
            duration: None,
            accounts: match &s.speaker {
                Speaker::Account(id) => vec![id.clone()],
                _ => Vec::new(),
            },
            staff: match &s.speaker {
                Speaker::Staff(id) => Some(id.clone()),
                _ => None,
            },
            outsider: match &s.speaker {
                Speaker::Outsider(id) => Some(id.clone()),
                _ => None,
            },
            through: s.through.clone(),
            key_event: s.meta.key_event,
            unauthorized: false,
            links_to: s
                .follows
                .as_ref()
                .map(|l| RecordRef::Statement(l.statement.clone())),
            tags: s.meta.tags.clone(),
            open_end: false,
            bound: s.when.bound,
            reported,
            moments: Moments::default(),
        });
    }
    for s in &case.sources {
        if let Some(p) = &s.published {
            items.push(dated_item(
                RecordRef::Source(s.id.clone()),
                ItemKind::SourcePublished,
                p,
                tz,
                format!("published: {}", s.title),
                &s.meta,
            ));
        }
    }
    for f in &case.postmortem.follow_ups {
        if let Some(due) = &f.due {
            items.push(dated_item(
                RecordRef::FollowUp(f.id.clone()),
                ItemKind::FollowUpDue,
                due,
                tz,
                format!("due: {}", crate::model::excerpt(&f.description, 60)),
                &f.meta,
            ));
        }
    }
    // Each account's derived state, as bars for every stretch that is not plain "active".
    for (account, history) in all_account_histories(case) {
        for period in history {
            // Only the stretches that matter are drawn: compromised, restricted, suspended,
            // deactivated, labelled. "Active again" and "secured" show as the reinstatement or
            // the credential reset itself.
            if matches!(
                period.state,
                AccountState::Active | AccountState::Reinstated | AccountState::Secured
            ) {
                continue;
            }
            let Some(cause) = period.cause else {
                continue;
            };
            let start = secs(period.from);
            let cause_action = actions_by_id.get(cause.as_str()).copied();
            let approx = cause_action
                .is_some_and(|c| c.start.approximate || c.duration.is_some_and(|d| d.approximate));
            // Still in force at the end of what the case knows: known for "at least" as long
            // as the cause says, then open.
            let (end, open_end, duration) = match period.until {
                Some(u) => (
                    secs(u),
                    false,
                    Some(ApproxDuration::new((u - period.from).num_seconds(), approx)),
                ),
                None => match cause_action.filter(|c| c.end.is_none()).and_then(|c| {
                    c.duration
                        .filter(|d| d.limit == Some(Limit::AtLeast))
                        .map(|d| (secs(c.start.at) + d.secs as f64, d))
                }) {
                    Some((known, d)) => (known.max(start), true, Some(d)),
                    None => (start, true, None),
                },
            };
            items.push(Item {
                record: RecordRef::Action(cause),
                kind: ItemKind::State(period.state),
                start,
                end,
                when_mid: start,
                lasting: true,
                fuzzy: approx,
                label: join_label(&account_name(account), " ", period.state.label()),
                duration: if period.state.is_available() {
                    None
                } else {
                    duration
                },
                accounts: vec![account.clone()],
                staff: None,
                outsider: None,
                through: None,
                key_event: false,
                unauthorized: period.unauthorized,
                links_to: None,
                tags: Vec::new(),
                open_end,
                bound: None,
                reported: Vec::new(),
                moments: Moments::default(),
            });
        }
    }
    items
}

/// An action: an instant, or a bar when it lasted. A later action that extends or replaces
/// it (at `amended_at`) ends it then, and what it had been set to last becomes its planned
/// end.
fn action_item(a: &Action, tz: Tz, amended_at: Option<f64>) -> Item {
    let (start, mut end, fuzzy, when_mid, reported) =
        with_alternatives(&a.start, &a.alternatives, tz);
    let own_start = secs(a.start.at);
    let mut lasting = false;
    let mut open_end = false;
    let mut duration = None;
    let mut own_end = None;
    if let Some(e) = &a.end {
        let (_, e_end, _, _) = span_of(e, tz);
        own_end = Some(e_end.max(secs(e.at)));
        lasting = true;
    } else if let Some(d) = &a.duration {
        own_end = Some(own_start + d.secs as f64);
        lasting = true;
        duration = Some(*d);
        open_end = d.limit == Some(Limit::AtLeast);
    }
    let mut planned_end = a.planned_end.as_ref().map(|p| point_of(p, tz));
    if let Some(at) = amended_at.filter(|&at| at >= own_start) {
        let cut = match own_end {
            Some(o) => open_end || at < o,
            None => true,
        };
        if cut {
            if !open_end && let Some(o) = own_end {
                planned_end = planned_end.or(Some(o));
            }
            own_end = Some(at);
            lasting = true;
            open_end = false;
            duration = Some(ApproxDuration::new(
                (at - own_start) as i64,
                a.start.approximate,
            ));
        }
    }
    if let Some(o) = own_end {
        end = end.max(o);
    }
    Item {
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
        outsider: match &a.performer {
            Actor::Outsider(id) => Some(id.clone()),
            _ => None,
        },
        through: a.through.clone(),
        key_event: a.meta.key_event,
        unauthorized: a.authorization == Authorization::Unauthorized,
        links_to: a
            .reverses
            .clone()
            .or_else(|| a.amends.as_ref().map(|l| l.action.clone()))
            .map(RecordRef::Action),
        tags: a.meta.tags.clone(),
        open_end,
        bound: a.start.bound,
        reported,
        moments: Moments {
            decided: a.decided.as_ref().map(|w| point_of(w, tz)),
            planned_end,
            discovered: a.discovered.as_ref().map(|w| point_of(w, tz)),
            disclosed: a.disclosed.as_ref().map(|w| point_of(w, tz)),
        },
    }
}

/// A source's publication or a follow-up's due date: a marker at its time.
fn dated_item(
    record: RecordRef,
    kind: ItemKind,
    when: &When,
    tz: Tz,
    label: String,
    meta: &crate::model::Meta,
) -> Item {
    let (start, end, fuzzy, when_mid) = span_of(when, tz);
    Item {
        record,
        kind,
        start,
        end,
        when_mid,
        lasting: false,
        fuzzy,
        label,
        duration: None,
        accounts: Vec::new(),
        staff: None,
        outsider: None,
        through: None,
        key_event: meta.key_event,
        unauthorized: false,
        links_to: None,
        tags: meta.tags.clone(),
        open_end: false,
        bound: when.bound,
        reported: Vec::new(),
        moments: Moments::default(),
    }
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

    use chrono::{TimeZone as _, Utc};

    use crate::model::{
        ActionLink, ActionLinkKind, Outsider, OutsiderRole, Record, TimeBound, new_record,
    };

    fn t(h: u32, m: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2020, 7, 15, h, m, 0)
            .single()
            .unwrap_or_default()
    }

    /// An empty UTC case with accounts `ids` (handles "@" + id).
    fn case_of(ids: &[&str]) -> Case {
        let mut case = Case::new("t", "UTC", t(0, 0));
        for id in ids {
            let Record::Account(mut a) = new_record(RecordKind::Account, &case, t(0, 0)) else {
                unreachable!()
            };
            a.id = AccountId::from(*id);
            a.handle = format!("@{id}");
            case.accounts.push(a);
        }
        case
    }

    fn act(id: &str, kind: ActionKind, at: chrono::DateTime<Utc>, on: &[&str]) -> Action {
        let Record::Action(mut a) = new_record(RecordKind::Action, &Case::new("t", "UTC", at), at)
        else {
            unreachable!()
        };
        a.id = crate::model::ActionId::from(id);
        a.kind = kind;
        a.summary = id.to_owned();
        a.start = When::exact(at);
        a.start.precision = Precision::Minute;
        a.targets = on.iter().map(|i| AccountId::from(*i)).collect();
        a
    }

    fn at_least(secs: i64) -> ApproxDuration {
        ApproxDuration {
            secs,
            approximate: false,
            limit: Some(Limit::AtLeast),
        }
    }

    fn find<'a>(items: &'a [Item], id: &str, state: bool) -> &'a Item {
        items
            .iter()
            .find(|i| i.record.id_str() == id && matches!(i.kind, ItemKind::State(_)) == state)
            .expect("item")
    }

    #[test]
    fn durations_say_their_limit() {
        assert_eq!(short_duration(&at_least(12 * 3600)), "≥12 h");
        let at_most = ApproxDuration {
            limit: Some(Limit::AtMost),
            ..ApproxDuration::new(7200, true)
        };
        assert_eq!(short_duration(&at_most), "≤~2 h");
        assert_eq!(short_duration(&ApproxDuration::new(660, true)), "~11 min");
        // Long stretches in calendar units, whatever a daylight-saving change did to them.
        assert_eq!(two_largest_units(148 * 86_400 - 3600), "148 d");
        assert_eq!(two_largest_units(5 * 86_400 + 12 * 3600), "5 d 12 h");
        assert_eq!(two_largest_units(615 * 86_400 + 3600), "20 mo");
        assert_eq!(two_largest_units(913 * 86_400), "2.5 y");
    }

    #[test]
    fn at_least_is_solid_for_the_known_part_and_open_after() {
        let mut case = case_of(&["a"]);
        let mut lock = act("lock", ActionKind::Restriction, t(19, 10), &["a"]);
        lock.duration = Some(at_least(12 * 3600));
        case.actions.push(lock);
        let items = derive_items(&case);
        for state in [false, true] {
            let it = find(&items, "lock", state);
            assert!(it.lasting && it.open_end, "state {state}");
            assert_eq!(it.end - it.start, 12.0 * 3600.0);
            assert_eq!(it.duration_label().as_deref(), Some("≥12 h"));
        }
    }

    #[test]
    fn a_state_with_no_end_is_an_open_stub_not_a_point() {
        let mut case = case_of(&["a"]);
        case.actions
            .push(act("t", ActionKind::AccountTakeover, t(15, 45), &["a"]));
        let items = derive_items(&case);
        let compromised = find(&items, "t", true);
        assert_eq!(compromised.kind, ItemKind::State(AccountState::Compromised));
        assert!(compromised.lasting && compromised.open_end);
        assert_eq!(compromised.start, compromised.end);
        assert_eq!(compromised.label, "@a compromised");
        // The takeover itself is an instant, coloured as the intrusion.
        let takeover = find(&items, "t", false);
        assert!(!takeover.lasting);
        assert_eq!(
            super::super::palette::item_rgb(takeover),
            super::super::palette::COMPROMISED
        );
        // A credential reset ends it and is not drawn as a state of its own.
        case.actions
            .push(act("r", ActionKind::CredentialReset, t(19, 0), &["a"]));
        let items = derive_items(&case);
        let compromised = find(&items, "t", true);
        assert!(!compromised.open_end);
        assert_eq!(
            compromised.end - compromised.start,
            3.0 * 3600.0 + 15.0 * 60.0
        );
        assert!(
            !items
                .iter()
                .any(|i| i.kind == ItemKind::State(AccountState::Secured))
        );
    }

    #[test]
    fn an_amendment_for_every_account_ends_the_action_and_keeps_its_plan() {
        let mut case = case_of(&["a"]);
        let mut lock = act("lock", ActionKind::Restriction, t(10, 0), &["a"]);
        lock.end = Some(When::exact(t(22, 0)));
        let mut ban = act("ban", ActionKind::Suspension, t(12, 0), &["a"]);
        ban.amends = Some(ActionLink {
            kind: ActionLinkKind::Replaces,
            action: crate::model::ActionId::from("lock"),
        });
        case.actions.extend([lock, ban]);
        let items = derive_items(&case);
        let lock = find(&items, "lock", false);
        assert_eq!(
            lock.end - lock.start,
            2.0 * 3600.0,
            "ended by the replacement"
        );
        assert_eq!(lock.moments.planned_end, Some(t(22, 0).timestamp() as f64));
        assert_eq!(lock.duration_label().as_deref(), Some("2 h"));
        let ban = find(&items, "ban", false);
        assert_eq!(ban.links_to, Some(RecordRef::Action("lock".into())));
    }

    #[test]
    fn who_acted_and_through_whom() {
        let mut case = case_of(&["a", "b"]);
        case.outsiders.push(Outsider {
            id: OutsiderId::from("out-x"),
            name: "The attackers".to_owned(),
            group: true,
            size: None,
            role: OutsiderRole::Attacker,
            organisation: String::new(),
            pseudonym: String::new(),
            protected: None,
            meta: crate::model::Meta::new(t(0, 0)),
        });
        let mut post = act("post", ActionKind::UnauthorizedPost, t(16, 15), &["b"]);
        post.performer = Actor::Outsider(OutsiderId::from("out-x"));
        post.through = Some(Through::Account(AccountId::from("a")));
        case.actions.push(post);
        let items = derive_items(&case);
        let post = find(&items, "post", false);
        assert_eq!(post.outsider, Some(OutsiderId::from("out-x")));
        assert!(post.is_via_account("a"));
        assert!(!post.is_via_account("b"), "done to @b, not through it");
        assert!(!post.is_via_staff("a"));
    }

    #[test]
    fn a_statement_keeps_its_alternative_times_bound_and_speaker_name() {
        let mut case = case_of(&["a"]);
        case.accounts[0].handle = String::new();
        case.accounts[0].display_name = "Jane".to_owned();
        let Record::Statement(mut s) = new_record(RecordKind::Statement, &case, t(0, 0)) else {
            unreachable!()
        };
        s.speaker = Speaker::Account(AccountId::from("a"));
        s.quote = "hello".to_owned();
        s.when = When::exact(t(18, 15));
        s.when.precision = Precision::Minute;
        s.when.bound = Some(TimeBound::Before);
        s.alternatives = vec![AltTime {
            when: When {
                at: t(18, 20),
                ..s.when.clone()
            },
            source: None,
        }];
        case.statements.push(s);
        let items = derive_items(&case);
        let it = items
            .iter()
            .find(|i| i.kind == ItemKind::Statement)
            .expect("statement");
        assert_eq!(it.label, "Jane (no known handle): “hello”");
        assert_eq!(it.bound, Some(TimeBound::Before));
        assert_eq!((it.start, it.end), (secs(t(18, 15)), secs(t(18, 20))));
        assert_eq!(
            it.reported_range(),
            Some((secs(t(18, 15)), secs(t(18, 20))))
        );
        assert!(it.fuzzy);
    }

    #[test]
    fn a_week_is_a_vague_span_of_seven_days() {
        let mut case = case_of(&["a"]);
        let mut recon = act("recon", ActionKind::Other, t(12, 0), &[]);
        recon.start = When {
            precision: Precision::Week,
            ..recon.start.clone()
        }
        .truncated(chrono_tz::Tz::UTC);
        case.actions.push(recon);
        let items = derive_items(&case);
        let it = find(&items, "recon", false);
        assert!(it.fuzzy && !it.lasting);
        assert_eq!(it.end - it.start, 7.0 * 86_400.0);
        assert_eq!(it.anchor(), None);
    }
}
