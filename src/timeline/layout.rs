//! Lanes, culling, aggregation and gap compression: from items to what one view draws.

use std::collections::HashMap;

use super::items::{Item, ItemKind};
use crate::model::{Account, Case, Count, Limit, Through};

/// How items are grouped into lanes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Grouping {
    /// One lane per reported account (or class of accounts), one per staff member and one per
    /// outside person or group, then statements, then the rest.
    #[default]
    AccountsAndStaff,
    /// One lane per account, then statements, then the rest.
    ByAccount,
    /// One lane per staff member and per outside person, then statements, then the rest.
    ByStaff,
    /// One lane per kind of item.
    ByKind,
}

/// What a lane holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LaneKey {
    Account(String),
    Staff(String),
    /// An outside person or group (the attackers, a journalist).
    Outsider(String),
    Statements,
    Kind(&'static str),
    Other,
    /// Accounts whose lanes were alike, drawn as one (exports; see
    /// [`super::groups::group_alike_accounts`]): how many.
    Group(usize),
}

/// One horizontal lane and the items in it, sorted by start.
#[derive(Clone, Debug)]
pub struct Lane {
    pub key: LaneKey,
    pub label: String,
    /// Indices into the item list, sorted by `start`.
    pub items: Vec<usize>,
    /// How far past its start an item of the lane reaches at most (seconds), to cull by
    /// start alone.
    max_len: f64,
    /// How far before its start an item reaches at most (a decision, an earlier reported
    /// time).
    max_lead: f64,
}

/// Items grouped into lanes, ready to cull.
#[derive(Clone, Debug)]
pub struct Lanes {
    pub lanes: Vec<Lane>,
}

/// A class's estimate as a lane shows it: "~300k", "≥1.1k", "130".
pub fn estimate_text(count: &Count) -> String {
    let limit = match count.limit {
        Some(Limit::AtLeast) => "≥",
        Some(Limit::AtMost) => "≤",
        None => "",
    };
    let tilde = if count.approximate { "~" } else { "" };
    format!("{limit}{tilde}{}", crate::model::compact_count(count.value))
}

/// An account's lane label: its handle or what stands for it ([`Account::name`]), and for a
/// class of accounts its description with the estimate ("all verified accounts · ~300k").
pub fn account_lane_label(account: &Account) -> String {
    let name = account.name();
    match account.class.as_ref().and_then(|c| c.estimated.as_ref()) {
        Some(count) => format!("{name} · {}", estimate_text(count)),
        None => name,
    }
}

impl Lanes {
    /// Groups `items` of `case` into lanes. An item done through someone else's account or
    /// credentials also goes to that account's or staff member's lane (see
    /// [`Lane::is_via`]).
    pub fn build(case: &Case, items: &[Item], grouping: Grouping) -> Self {
        // Lanes in display order, with an index from id to lane so 100,000 items are placed in
        // linear time.
        let accounts = matches!(grouping, Grouping::AccountsAndStaff | Grouping::ByAccount);
        let people = matches!(grouping, Grouping::AccountsAndStaff | Grouping::ByStaff);
        let mut keys: Vec<(LaneKey, String)> = Vec::new();
        let mut account_lane: HashMap<&str, usize> = HashMap::new();
        let mut staff_lane: HashMap<&str, usize> = HashMap::new();
        let mut outsider_lane: HashMap<&str, usize> = HashMap::new();
        if accounts {
            for a in &case.accounts {
                account_lane.insert(a.id.as_str(), keys.len());
                keys.push((LaneKey::Account(a.id.0.clone()), account_lane_label(a)));
            }
        }
        if people {
            for s in &case.staff {
                staff_lane.insert(s.id.as_str(), keys.len());
                keys.push((LaneKey::Staff(s.id.0.clone()), s.name.clone()));
            }
            // Outside people after staff: the attackers of a takeover get a lane of their own.
            for o in &case.outsiders {
                outsider_lane.insert(o.id.as_str(), keys.len());
                keys.push((LaneKey::Outsider(o.id.0.clone()), o.name.clone()));
            }
        }
        const KINDS: [&str; 5] = [
            "Account states",
            "Actions",
            "Statements",
            "Sources",
            "Follow-ups",
        ];
        let first_kind = keys.len();
        let (statements_lane, other_lane) = if grouping == Grouping::ByKind {
            for kind in KINDS {
                keys.push((LaneKey::Kind(kind), kind.to_owned()));
            }
            (first_kind + 2, first_kind + 1)
        } else {
            keys.push((LaneKey::Statements, "Public statements".to_owned()));
            keys.push((LaneKey::Other, "Everything else".to_owned()));
            (first_kind, first_kind + 1)
        };
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
        // Items come in index order: one already in a lane is its last member.
        let mut put = |lane: usize, i: usize| {
            if members[lane].last() != Some(&i) {
                members[lane].push(i);
            }
        };
        for (i, item) in items.iter().enumerate() {
            if grouping == Grouping::ByKind {
                let k = match item.kind {
                    ItemKind::State(_) => 0,
                    ItemKind::Action(_) => 1,
                    ItemKind::Statement => 2,
                    ItemKind::SourcePublished => 3,
                    ItemKind::FollowUpDue => 4,
                };
                put(first_kind + k, i);
                continue;
            }
            // Acted through someone's account or credentials: in their lane too, so a
            // compromise shows where it happened and where it came from.
            let via = match &item.through {
                Some(Through::Account(id)) if accounts => account_lane.get(id.as_str()),
                Some(Through::Staff(id)) if people => staff_lane.get(id.as_str()),
                _ => None,
            };
            if item.kind == ItemKind::Statement {
                put(statements_lane, i);
                if let Some(&lane) = via {
                    put(lane, i);
                }
                continue;
            }
            let mut placed = false;
            if accounts {
                for a in &item.accounts {
                    if let Some(&lane) = account_lane.get(a.as_str()) {
                        put(lane, i);
                        placed = true;
                    }
                }
            }
            if people && !matches!(item.kind, ItemKind::State(_)) {
                let by = item
                    .staff
                    .as_ref()
                    .and_then(|s| staff_lane.get(s.as_str()))
                    .or_else(|| {
                        item.outsider
                            .as_ref()
                            .and_then(|o| outsider_lane.get(o.as_str()))
                    });
                if let Some(&lane) = by {
                    put(lane, i);
                    placed = true;
                }
            }
            if let Some(&lane) = via {
                put(lane, i);
                placed = true;
            }
            if !placed && !matches!(item.kind, ItemKind::State(_)) {
                put(other_lane, i);
            }
        }
        let lanes = keys
            .into_iter()
            .zip(members)
            .filter(|(_, m)| !m.is_empty())
            .map(|((key, label), items_in)| Lane::new(key, label, items_in, items))
            .collect();
        Self { lanes }
    }
}

impl Lane {
    /// A lane holding `items_in` (indices into `items`), sorted here by start.
    pub fn new(key: LaneKey, label: String, mut items_in: Vec<usize>, items: &[Item]) -> Self {
        items_in.sort_by(|&a, &b| items[a].start.total_cmp(&items[b].start));
        let (max_len, max_lead) = items_in.iter().fold((0.0f64, 0.0f64), |(len, lead), &i| {
            let (from, to) = items[i].reach();
            (
                len.max(to - items[i].start),
                lead.max(items[i].start - from),
            )
        });
        Lane {
            key,
            label,
            items: items_in,
            max_len,
            max_lead,
        }
    }

    /// Exactly the items of this lane whose reach ([`Item::reach`]) intersects `[from, to]`,
    /// in start order, found by binary search (cost follows what is visible, not what exists).
    pub fn visible<'a>(
        &'a self,
        items: &'a [Item],
        from: f64,
        to: f64,
    ) -> impl Iterator<Item = usize> + 'a {
        let lo = self
            .items
            .partition_point(|&i| items[i].start < from - self.max_len);
        let hi = self
            .items
            .partition_point(|&i| items[i].start <= to + self.max_lead);
        self.items[lo..hi.max(lo)]
            .iter()
            .copied()
            .filter(move |&i| {
                let (reach_from, reach_to) = items[i].reach();
                reach_to >= from && reach_from <= to
            })
    }

    /// Whether `item` is in this lane only because it was done through this lane's account or
    /// staff member (drawn marked: "via").
    pub fn is_via(&self, item: &Item) -> bool {
        match &self.key {
            LaneKey::Account(id) => item.is_via_account(id),
            LaneKey::Staff(id) => item.is_via_staff(id),
            _ => false,
        }
    }
}

/// What to draw for part of a lane.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// One item, with its x range in points.
    Single { item: usize, x0: f64, x1: f64 },
    /// Several items too close to draw apart: a count badge over `[x0, x1]`.
    Cluster {
        first: usize,
        count: usize,
        x0: f64,
        x1: f64,
    },
}

/// Turns the visible items of a lane into marks (`x_of` maps a time to points); markers closer
/// than `min_gap_points` to the previous one merge into a cluster with a count.
pub fn aggregate(
    items: &[Item],
    visible: impl Iterator<Item = usize>,
    x_of: impl Fn(f64) -> f64,
    min_gap_points: f64,
) -> Vec<Mark> {
    let mut marks: Vec<Mark> = Vec::new();
    for i in visible {
        let x0 = x_of(items[i].start);
        let x1 = x_of(items[i].end).max(x0);
        // Only markers (narrow on screen) merge; bars and wide uncertain spans are drawn as such.
        let narrow = |item: usize, from: f64, to: f64| {
            !items[item].lasting && to - from < 2.0 * min_gap_points
        };
        let close = |prev_x1: f64| x0 - prev_x1 < min_gap_points && narrow(i, x0, x1);
        match marks.last_mut() {
            Some(last @ Mark::Single { .. }) => {
                if let Mark::Single {
                    item,
                    x0: px0,
                    x1: px1,
                } = *last
                    && close(px1)
                    && narrow(item, px0, px1)
                {
                    *last = Mark::Cluster {
                        first: item,
                        count: 2,
                        x0: px0,
                        x1: px1.max(x1),
                    };
                } else {
                    marks.push(Mark::Single { item: i, x0, x1 });
                }
            }
            Some(Mark::Cluster { count, x1: px1, .. }) if close(*px1) => {
                *count += 1;
                *px1 = px1.max(x1);
            }
            _ => marks.push(Mark::Single { item: i, x0, x1 }),
        }
    }
    marks
}

/// Sub-rows for spans `(x0, x1, prominent)` given in x order: each goes to the first of at most
/// `max_rows` rows where it stays `gap` points clear of everything already there, prominent
/// spans first (so they are never the ones left over); `None` when every row is taken there.
/// Without prominent spans this is plain greedy packing in x order.
pub fn pack_rows(spans: &[(f64, f64, bool)], max_rows: usize, gap: f64) -> Vec<Option<usize>> {
    pack_rows_pinned(spans, &[], max_rows, gap)
}

/// Like [`pack_rows`], with the spans marked in `pinned` (by index; missing means not pinned)
/// all put in the first row, whatever they overlap among themselves, and the rest packed
/// around them: an account's states follow one another without a gap (one extends or
/// replaces another) and read as one strip, not a staircase.
pub fn pack_rows_pinned(
    spans: &[(f64, f64, bool)],
    pinned: &[bool],
    max_rows: usize,
    gap: f64,
) -> Vec<Option<usize>> {
    /// An f64 ordered totally, to key a row's spans by where they start.
    #[derive(Clone, Copy, PartialEq)]
    struct At(f64);
    impl Eq for At {}
    impl PartialOrd for At {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for At {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&other.0)
        }
    }
    // Each row's spans (start → end), disjoint: placing one costs O(log n) per row, so the
    // second pass stays cheap however many prominent spans the first placed.
    let mut rows: Vec<std::collections::BTreeMap<At, f64>> = Vec::new();
    let mut out = vec![None; spans.len()];
    let is_pinned = |k: usize| pinned.get(k).copied().unwrap_or(false);
    // The pinned spans, merged where they overlap so the first row stays disjoint.
    let mut first: Vec<(f64, f64)> = (0..spans.len())
        .filter(|&k| is_pinned(k))
        .map(|k| (spans[k].0, spans[k].1.max(spans[k].0)))
        .collect();
    if !first.is_empty() {
        first.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut row = std::collections::BTreeMap::new();
        let mut current = first[0];
        for &(x0, x1) in &first[1..] {
            if x0 <= current.1 {
                current.1 = current.1.max(x1);
            } else {
                row.insert(At(current.0), current.1);
                current = (x0, x1);
            }
        }
        row.insert(At(current.0), current.1);
        rows.push(row);
        for (k, slot) in out.iter_mut().enumerate() {
            if is_pinned(k) {
                *slot = Some(0);
            }
        }
    }
    for pass_prominent in [true, false] {
        for (k, &(x0, x1, prominent)) in spans.iter().enumerate() {
            if prominent != pass_prominent || is_pinned(k) {
                continue;
            }
            let fits = |row: &std::collections::BTreeMap<At, f64>| {
                let clear_before = row
                    .range(..At(x0))
                    .next_back()
                    .is_none_or(|(_, &end)| end + gap < x0);
                let clear_after = row
                    .range(At(x0)..)
                    .next()
                    .is_none_or(|(next, _)| x1 + gap < next.0);
                clear_before && clear_after
            };
            match rows.iter().position(fits) {
                Some(r) => {
                    rows[r].insert(At(x0), x1);
                    out[k] = Some(r);
                }
                None if rows.len() < max_rows => {
                    rows.push(std::collections::BTreeMap::from([(At(x0), x1)]));
                    out[k] = Some(rows.len() - 1);
                }
                None => {}
            }
        }
    }
    out
}

/// Marks a full lane had no free sub-row for, gathered where they overlap on screen: drawn as
/// one "+N more" badge each, so a bulk action (500 suspensions in one minute by one moderator)
/// never hides 496 of them without a trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Hidden {
    /// The x range (points) the gathered marks cover.
    pub x0: f64,
    pub x1: f64,
    /// Items hidden (a cluster mark counts all of its items).
    pub count: usize,
    /// The first hidden item.
    pub first: usize,
}

impl Hidden {
    /// "+1 more", "+19,997 more".
    pub fn label(&self) -> String {
        format!("+{} more", self.count_text())
    }

    /// The count with thousands separated: "19,997".
    pub fn count_text(&self) -> String {
        let digits = self.count.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        grouped
    }
}

/// Gathers the marks at `hidden` (indices into `marks`, in order) into [`Hidden`] groups:
/// a mark joins the previous group when it starts within `gap` points of its end.
pub fn gather_hidden(
    marks: &[Mark],
    hidden: impl IntoIterator<Item = usize>,
    gap: f64,
) -> Vec<Hidden> {
    let mut groups: Vec<Hidden> = Vec::new();
    for k in hidden {
        let Some(mark) = marks.get(k) else { continue };
        let (first, count, x0, x1) = match *mark {
            Mark::Single { item, x0, x1 } => (item, 1, x0, x1.max(x0)),
            Mark::Cluster {
                first,
                count,
                x0,
                x1,
            } => (first, count, x0, x1.max(x0)),
        };
        match groups.last_mut() {
            Some(g) if x0 <= g.x1 + gap => {
                g.count += count;
                g.x1 = g.x1.max(x1);
            }
            _ => groups.push(Hidden {
                x0,
                x1,
                count,
                first,
            }),
        }
    }
    groups
}

/// The stretches that anchor fit and gap compression. Precise and short-range times anchor
/// themselves; a time known only to the month or year ("~Nov 2017") anchors nothing while it
/// lies among them (it would neither stretch the view nor bridge every gap), but one outside
/// all of them (a follow-up "due ~Jan 2018") anchors its middle, so Fit still reaches it and
/// the empty weeks before it are squeezed like any other gap. Everything, when nothing is
/// precise.
pub fn anchors(items: &[Item]) -> Vec<(f64, f64)> {
    let mut anchors: Vec<(f64, f64)> = items.iter().filter_map(Item::anchor).collect();
    if anchors.is_empty() {
        return items.iter().map(|i| (i.start, i.end)).collect();
    }
    let first = anchors.iter().map(|a| a.0).fold(f64::MAX, f64::min);
    let last = anchors.iter().map(|a| a.1).fold(f64::MIN, f64::max);
    anchors.extend(
        items
            .iter()
            .filter(|i| i.anchor().is_none())
            .map(|i| (i.start + i.end) / 2.0)
            .filter(|&mid| mid < first || mid > last)
            .map(|mid| (mid, mid)),
    );
    anchors
}

/// Long empty stretches squeezed to a fixed width, so an evening and the weeks after it share
/// one view. Maps real time ↔ compressed time, piecewise linearly.
#[derive(Clone, Debug, PartialEq)]
pub struct Compression {
    /// Gaps as (real start, real end), sorted; each is drawn `gap_secs` wide.
    pub gaps: Vec<(f64, f64)>,
    /// How wide a compressed gap is, in (compressed) seconds.
    pub gap_secs: f64,
}

impl Compression {
    /// No compression.
    pub fn none() -> Self {
        Self {
            gaps: Vec::new(),
            gap_secs: 0.0,
        }
    }

    /// Finds empty stretches longer than `min_fraction` of the whole range (and at least a
    /// day), each drawn as 2 % of the compressed range.
    pub fn find(items: &[Item], min_fraction: f64) -> Self {
        let mut spans = anchors(items);
        if spans.len() < 2 {
            return Self::none();
        }
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let first = spans[0].0;
        let last = spans.iter().map(|s| s.1).fold(f64::MIN, f64::max);
        let total = (last - first).max(1.0);
        let threshold = (total * min_fraction).max(86_400.0);
        let mut gaps = Vec::new();
        let mut covered_to = spans[0].1;
        for &(s, e) in &spans[1..] {
            if s - covered_to > threshold {
                gaps.push((covered_to, s));
            }
            covered_to = covered_to.max(e);
        }
        let kept: f64 = total - gaps.iter().map(|g| g.1 - g.0).sum::<f64>();
        Self {
            gap_secs: (kept * 0.02).max(60.0),
            gaps,
        }
    }

    /// The stretches of real time between the gaps within `[from, to]`, in order (each gets
    /// its own ticks, at its own scale).
    pub fn stretches(&self, from: f64, to: f64) -> Vec<(f64, f64)> {
        let mut stretches = Vec::new();
        let mut from = from;
        for &(g0, g1) in &self.gaps {
            if g1 <= from || g0 >= to {
                continue;
            }
            if g0 > from {
                stretches.push((from, g0));
            }
            from = g1.max(from);
        }
        if from < to {
            stretches.push((from, to));
        }
        stretches
    }

    /// Compressed time of real time `t`.
    pub fn compress(&self, t: f64) -> f64 {
        let mut removed = 0.0;
        for &(g0, g1) in &self.gaps {
            if t <= g0 {
                break;
            }
            if t < g1 {
                // Inside a gap: proportionally within its drawn width.
                return t - removed - (t - g0) + (t - g0) / (g1 - g0) * self.gap_secs;
            }
            removed += (g1 - g0) - self.gap_secs;
        }
        t - removed
    }

    /// Real time of compressed time `c` (inverse of [`Compression::compress`]).
    pub fn expand(&self, c: f64) -> f64 {
        let mut removed = 0.0;
        for &(g0, g1) in &self.gaps {
            let cg0 = g0 - removed;
            if c <= cg0 {
                break;
            }
            if c < cg0 + self.gap_secs {
                return g0 + (c - cg0) / self.gap_secs * (g1 - g0);
            }
            removed += (g1 - g0) - self.gap_secs;
        }
        c + removed
    }
}

#[cfg(test)]
mod tests;
