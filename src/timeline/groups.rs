//! Lanes of accounts that went through the same thing, drawn once: 27 accounts that each got
//! "unauthorized post → restricted → content removal" read as one lane ("27 accounts") with
//! the members listed, not 27 lanes repeating the same three marks.

use std::collections::HashMap;

use super::items::{Item, ItemKind};
use super::layout::{Lane, LaneKey, Lanes};
use crate::model::Case;

/// Accounts whose lanes were drawn as one.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneGroup {
    /// The group's lane (index into [`Lanes::lanes`] after grouping).
    pub lane: usize,
    /// The members' account ids, in the order their lanes had.
    pub members: Vec<String>,
    /// The members as the case names them (handle, or what stands for it).
    pub names: Vec<String>,
    /// What happened to each, in order: "unauthorized post → restricted → content removal".
    pub pattern: String,
}

/// What an item is, for comparing lanes: two lanes are alike when their items have the same
/// signatures (times may differ, and so may the order of what is known only to the day).
type Signature = (ItemKind, bool, bool, bool, bool);

/// A signature as a sort key.
fn sig_key(s: &Signature) -> String {
    format!("{s:?}")
}

/// A lane's items in the order things happened, each at the latest moment its time allows
/// (a lock known only to the day comes after the post of 13:12 that day); a lasting item at
/// its start.
fn in_order(lane: &Lane, items: &[Item]) -> Vec<usize> {
    let at = |i: usize| {
        let it = &items[i];
        if it.lasting { it.start } else { it.end }
    };
    let mut order = lane.items.clone();
    // Ties in the order the case lists them.
    order.sort_by(|&a, &b| at(a).total_cmp(&at(b)).then(a.cmp(&b)));
    order
}

/// A lane's items by signature, then time: step k of one member matches step k of another.
fn by_signature(lane: &Lane, items: &[Item]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = in_order(lane, items)
        .into_iter()
        .map(|i| (sig_key(&signature(lane, &items[i])), i))
        .collect();
    // Stable: the same signature stays in time order.
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn signature(lane: &Lane, it: &Item) -> Signature {
    (
        it.kind,
        it.unauthorized,
        it.lasting,
        it.open_end,
        lane.is_via(it),
    )
}

/// The longest common start of `labels`, cut at a word boundary ("unauthorized post: Crypto
/// scam posted from"); `None` when it would be shorter than `min` characters.
fn common_label(labels: &[&str], min: usize) -> Option<String> {
    let first = *labels.first()?;
    if labels.iter().all(|l| *l == first) {
        return Some(first.to_owned());
    }
    let mut end = first.len();
    for l in &labels[1..] {
        end = end.min(
            first
                .char_indices()
                .zip(l.chars())
                .find(|((_, a), b)| a != b)
                .map_or(first.len().min(l.len()), |((i, _), _)| i),
        );
    }
    let head = &first[..end];
    // Back to the last whole word (the next character of some label is not a space).
    let cut = head.rfind(' ').unwrap_or(0);
    let head = head[..cut].trim_end_matches([' ', ':', ',', '·', '—', '-']);
    (head.chars().count() >= min).then(|| format!("{head} …"))
}

/// Groups the lanes of plain accounts (not classes) whose items follow the same sequence, at
/// least `min_members` of them: each group becomes one lane, at the place of its first
/// member, labelled "27 accounts"; its marks stand for every member's (one item when the
/// members share it, else an item spanning the members' times). New items are appended to
/// `items`. Returns the groups.
pub fn group_alike_accounts(
    case: &Case,
    items: &mut Vec<Item>,
    lanes: &mut Lanes,
    min_members: usize,
) -> Vec<LaneGroup> {
    let min_members = min_members.max(2);
    let plain = |id: &str| {
        case.accounts
            .iter()
            .find(|a| a.id.as_str() == id)
            .is_some_and(|a| a.class.is_none())
    };
    let mut alike: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    let mut order: Vec<Vec<String>> = Vec::new();
    for (k, lane) in lanes.lanes.iter().enumerate() {
        let LaneKey::Account(id) = &lane.key else {
            continue;
        };
        if !plain(id) {
            continue;
        }
        let sig: Vec<String> = by_signature(lane, items)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        let entry = alike.entry(sig.clone()).or_default();
        if entry.is_empty() {
            order.push(sig);
        }
        entry.push(k);
    }
    let mut groups: Vec<(Vec<usize>, Lane, String)> = Vec::new();
    // Each step whose members' items differ: those items, and the one standing for them.
    let mut stand_ins: Vec<(Vec<usize>, usize)> = Vec::new();
    for sig in order {
        let members = &alike[&sig];
        if members.len() < min_members {
            continue;
        }
        let n = members.len();
        let mut lane_items = Vec::with_capacity(sig.len());
        let mut pattern = Vec::new();
        let ordered: Vec<Vec<usize>> = members
            .iter()
            .map(|&m| {
                by_signature(&lanes.lanes[m], items)
                    .into_iter()
                    .map(|(_, i)| i)
                    .collect()
            })
            .collect();
        // What happened, in the order it happened to the first member.
        for i in in_order(&lanes.lanes[members[0]], items) {
            match items[i].kind {
                ItemKind::Action(kind) => pattern.push(kind.label().to_owned()),
                ItemKind::Statement => pattern.push("statement".to_owned()),
                ItemKind::SourcePublished => pattern.push("source published".to_owned()),
                ItemKind::FollowUpDue => pattern.push("follow-up due".to_owned()),
                ItemKind::State(_) => {}
            }
        }
        for step in 0..sig.len() {
            let of: Vec<usize> = ordered.iter().map(|o| o[step]).collect();
            let first = &items[of[0]];
            if of.iter().all(|&i| i == of[0]) {
                lane_items.push(of[0]);
                continue;
            }
            let mut it = first.clone();
            for &i in &of[1..] {
                let o = &items[i];
                it.start = it.start.min(o.start);
                it.end = it.end.max(o.end);
                it.when_mid = it.when_mid.min(o.when_mid);
                it.fuzzy |= o.fuzzy;
                it.key_event |= o.key_event;
                if it.duration != o.duration {
                    it.duration = None;
                }
                if it.bound != o.bound {
                    it.bound = None;
                }
            }
            // A marker at one time stands for all of them: the span from the first member's
            // time to the last one's.
            it.end = it.end.max(
                of.iter()
                    .map(|&i| items[i].own_start())
                    .fold(f64::MIN, f64::max),
            );
            it.reported = Vec::new();
            it.links_to = None;
            it.moments = Default::default();
            let label = match first.kind {
                ItemKind::State(s) => s.label().to_owned(),
                _ => {
                    let labels: Vec<&str> = of.iter().map(|&i| items[i].label.as_str()).collect();
                    let kind_label = first.label.split(": ").next().unwrap_or_default();
                    common_label(&labels, kind_label.chars().count() + 4)
                        .unwrap_or_else(|| kind_label.to_owned())
                }
            };
            it.label = format!("{label} · {n} accounts");
            lane_items.push(items.len());
            stand_ins.push((of, items.len()));
            items.push(it);
        }
        lane_items.sort_by(|&a, &b| items[a].start.total_cmp(&items[b].start));
        let pattern = pattern.join(" → ");
        let label = if pattern.is_empty() {
            format!("{n} accounts")
        } else {
            format!("{n} accounts · {pattern}")
        };
        let lane = Lane::new(LaneKey::Group(n), label, lane_items, items);
        groups.push((members.clone(), lane, pattern));
    }
    if groups.is_empty() {
        return Vec::new();
    }
    // The new lane list: each group where its first member was, the other members gone.
    let mut replace: HashMap<usize, usize> = HashMap::new();
    let mut gone = vec![false; lanes.lanes.len()];
    for (g, (members, _, _)) in groups.iter().enumerate() {
        replace.insert(members[0], g);
        for &m in members {
            gone[m] = true;
        }
    }
    let old = std::mem::take(&mut lanes.lanes);
    let mut taken: Vec<Option<(Vec<usize>, Lane, String)>> = groups.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for (k, lane) in old.iter().enumerate() {
        if let Some(&g) = replace.get(&k) {
            if let Some((members, glane, pattern)) = taken[g].take() {
                let ids: Vec<String> = members
                    .iter()
                    .filter_map(|&m| match &old[m].key {
                        LaneKey::Account(id) => Some(id.clone()),
                        _ => None,
                    })
                    .collect();
                let names = ids
                    .iter()
                    .map(|id| {
                        case.accounts
                            .iter()
                            .find(|a| a.id.as_str() == id)
                            .map_or_else(|| id.clone(), |a| a.name())
                    })
                    .collect();
                lanes.lanes.push(glane);
                out.push(LaneGroup {
                    lane: lanes.lanes.len() - 1,
                    members: ids,
                    names,
                    pattern,
                });
            }
        } else if !gone[k] {
            // A lane holding every member's item of a step (the attackers who posted from all
            // of them, the team that locked them) draws the step once too.
            let mut held: std::collections::HashSet<usize> = lane.items.iter().copied().collect();
            let mut changed = false;
            for (of, stand_in) in &stand_ins {
                if of.iter().all(|i| held.contains(i)) {
                    for i in of {
                        held.remove(i);
                    }
                    held.insert(*stand_in);
                    changed = true;
                }
            }
            if changed {
                let mut lane_items: Vec<usize> = held.into_iter().collect();
                lane_items.sort_unstable();
                lanes.lanes.push(Lane::new(
                    lane.key.clone(),
                    lane.label.clone(),
                    lane_items,
                    items,
                ));
            } else {
                lanes.lanes.push(lane.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn common_labels_stop_at_a_word() {
        assert_eq!(
            common_label(
                &[
                    "unauthorized post: scam posted from @abc",
                    "unauthorized post: scam posted from @xyz"
                ],
                10
            )
            .as_deref(),
            Some("unauthorized post: scam posted from …")
        );
        assert_eq!(common_label(&["a b", "a b"], 1).as_deref(), Some("a b"));
        assert_eq!(
            common_label(&["restriction: x", "restriction: y"], 15),
            None
        );
    }
}
