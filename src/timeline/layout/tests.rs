#[test]
fn rows_pack_greedily_and_prominent_spans_are_never_left_over() {
    // Plain greedy packing in x order.
    let plain = [(0.0, 10.0, false), (5.0, 15.0, false), (12.0, 20.0, false)];
    assert_eq!(pack_rows(&plain, 4, 1.0), [Some(0), Some(1), Some(0)]);
    // Ten overlapping spans, two rows: eight are left over…
    let mut crowd: Vec<(f64, f64, bool)> = (0..10).map(|i| (f64::from(i), 50.0, false)).collect();
    let rows = pack_rows(&crowd, 2, 1.0);
    assert_eq!(rows.iter().filter(|r| r.is_none()).count(), 8);
    assert_eq!(rows[9], None);
    // …but a prominent one (the key event) is placed whatever its position.
    crowd[9].2 = true;
    let rows = pack_rows(&crowd, 2, 1.0);
    assert_eq!(rows[9], Some(0));
    assert_eq!(rows.iter().filter(|r| r.is_none()).count(), 8);
    // A span fits between two in a row only with the gap on both sides.
    let gaps = [
        (0.0, 10.0, true),
        (20.0, 30.0, true),
        (11.5, 18.5, false),
        (10.5, 19.0, false),
    ];
    assert_eq!(
        pack_rows(&gaps, 2, 1.0),
        [Some(0), Some(0), Some(0), Some(1)]
    );
}

#[test]
fn hidden_marks_gather_where_they_overlap_and_count_cluster_items() {
    let marks = vec![
        Mark::Single {
            item: 0,
            x0: 0.0,
            x1: 50.0,
        },
        Mark::Single {
            item: 1,
            x0: 10.0,
            x1: 60.0,
        },
        Mark::Cluster {
            first: 2,
            count: 5,
            x0: 70.0,
            x1: 80.0,
        },
        Mark::Single {
            item: 7,
            x0: 400.0,
            x1: 410.0,
        },
    ];
    let groups = gather_hidden(&marks, [1, 2, 3], 20.0);
    assert_eq!(
        groups,
        [
            Hidden {
                x0: 10.0,
                x1: 80.0,
                count: 6,
                first: 1
            },
            Hidden {
                x0: 400.0,
                x1: 410.0,
                count: 1,
                first: 7
            },
        ]
    );
    assert_eq!(groups[0].label(), "+6 more");
    let many = Hidden {
        x0: 0.0,
        x1: 0.0,
        count: 1_234_567,
        first: 0,
    };
    assert_eq!(many.label(), "+1,234,567 more");
    assert!(gather_hidden(&marks, [], 20.0).is_empty());
}

use super::super::items::derive_items;
use super::super::view::TimeView;
use super::*;
use crate::model::RecordRef;

fn item(start: f64, end: f64) -> Item {
    Item {
        record: RecordRef::Case,
        kind: ItemKind::Statement,
        start,
        end,
        when_mid: start,
        lasting: end > start,
        fuzzy: false,
        label: String::new(),
        duration: None,
        accounts: Vec::new(),
        staff: None,
        key_event: false,
        unauthorized: false,
        links_to: None,
        tags: Vec::new(),
        outsider: None,
        through: None,
        open_end: false,
        bound: None,
        reported: Vec::new(),
        moments: Default::default(),
    }
}

#[test]
fn culling_returns_exactly_the_visible_items() {
    // Items of varied lengths; compare the binary-search cull with a brute-force filter.
    let items: Vec<Item> = (0..2000)
        .map(|i| {
            item(
                f64::from(i) * 37.0 % 50_000.0,
                f64::from(i) * 37.0 % 50_000.0 + f64::from(i % 7) * 500.0,
            )
        })
        .collect();
    let mut members: Vec<usize> = (0..items.len()).collect();
    members.sort_by(|&a, &b| items[a].start.total_cmp(&items[b].start));
    let max_len = members
        .iter()
        .map(|&i| items[i].end - items[i].start)
        .fold(0.0, f64::max);
    let lane = Lane {
        key: LaneKey::Other,
        label: String::new(),
        items: members,
        max_len,
        max_lead: 0.0,
    };
    for (from, to) in [
        (0.0, 100.0),
        (1000.0, 1000.0),
        (20_000.0, 31_000.0),
        (49_000.0, 60_000.0),
        (-10.0, -1.0),
    ] {
        let mut got: Vec<usize> = lane.visible(&items, from, to).collect();
        let mut want: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].end >= from && items[i].start <= to)
            .collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "range {from}..{to}");
    }
}

#[test]
fn dense_markers_aggregate_into_clusters() {
    let items: Vec<Item> = (0..100).map(|i| item(f64::from(i), f64::from(i))).collect();
    let view = TimeView::new(0.0, 1000.0);
    let marks = aggregate(&items, 0..100, |t| view.x_from_time(t, 1000.0), 4.0);
    assert_eq!(marks.len(), 1);
    assert!(matches!(marks[0], Mark::Cluster { count: 100, .. }));
    let zoomed = TimeView::new(0.0, 100.0);
    let marks = aggregate(&items, 0..100, |t| zoomed.x_from_time(t, 1000.0), 4.0);
    assert_eq!(marks.len(), 100, "10 points apart: all drawn");
}

#[test]
fn wide_uncertain_spans_are_not_swallowed_into_clusters() {
    // A month-long "~Nov 2017" span and an evening marker inside it stay two marks.
    let mut month = item(0.0, 30.0 * 86_400.0);
    month.lasting = false;
    let items = [month, item(86_400.0, 86_400.0)];
    let view = TimeView::new(0.0, 31.0 * 86_400.0);
    let marks = aggregate(&items, 0..2, |t| view.x_from_time(t, 1000.0), 4.0);
    assert_eq!(marks.len(), 2);
}

#[test]
fn gap_compression_round_trips_and_shrinks_gaps() {
    // One evening, then an interview four weeks later.
    let evening = 1_509_660_000.0;
    let items = vec![
        item(evening, evening + 660.0),
        item(evening + 1800.0, evening + 1800.0),
        item(evening + 27.0 * 86_400.0, evening + 27.0 * 86_400.0),
    ];
    let c = Compression::find(&items, 0.2);
    assert_eq!(c.gaps.len(), 1);
    let compressed_span = c.compress(items[2].start) - c.compress(items[0].start);
    assert!(
        compressed_span < 0.2 * (items[2].start - items[0].start),
        "gap shrunk"
    );
    for t in [
        evening - 100.0,
        evening,
        evening + 1000.0,
        evening + 5.0 * 86_400.0,
        evening + 27.0 * 86_400.0,
        evening + 40.0 * 86_400.0,
    ] {
        // Inside a gap, 27 days are squeezed into a minute: a round trip is good to a fraction
        // of a second there, exact elsewhere.
        assert!((c.expand(c.compress(t)) - t).abs() < 0.5, "{t}");
    }
    // Monotonic.
    let mut prev = f64::MIN;
    for k in 0..1000 {
        let t = evening - 86_400.0 + f64::from(k) * 3000.0;
        let ct = c.compress(t);
        assert!(ct >= prev);
        prev = ct;
    }
    assert_eq!(Compression::none().compress(12.0), 12.0);
}

#[test]
fn the_sample_compresses_the_weeks_between_the_evening_and_the_interview() {
    let case = crate::store::parse(
        include_str!("../../../assets/examples/twitter-2017-deactivation.case.ron"),
        std::path::Path::new("s"),
    )
    .expect("sample");
    let items = derive_items(&case);
    let c = Compression::find(&items, 0.15);
    let evening_end = items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Action(_)) && i.end - i.start < 86_400.0)
        .map(|i| i.end)
        .fold(f64::MIN, f64::max);
    let interview = items
        .iter()
        .find(|i| i.record == crate::model::RecordRef::Statement("stmt-interview".into()))
        .expect("interview")
        .start;
    assert!(
        c.gaps.iter().any(|&(g0, g1)| g0 >= evening_end - 1.0
            && g1 <= interview + 1.0
            && g1 - g0 > 20.0 * 86_400.0),
        "{:?}",
        c.gaps
    );
}

#[test]
fn sample_lanes_follow_the_grouping() {
    let case = crate::store::parse(
        include_str!("../../../assets/examples/twitter-2017-deactivation.case.ron"),
        std::path::Path::new("s"),
    )
    .expect("sample");
    let items = derive_items(&case);
    let lanes = Lanes::build(&case, &items, Grouping::AccountsAndStaff);
    let labels: Vec<&str> = lanes.lanes.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "@realDonaldTrump",
            "Bahtiyar Duysak",
            "Public statements",
            "Everything else"
        ]
    );
    // The contractor's lane holds what he did (the deactivation); statements are together.
    assert_eq!(lanes.lanes[1].items.len(), 1);
    assert_eq!(lanes.lanes[2].items.len(), case.statements.len());
    let by_kind = Lanes::build(&case, &items, Grouping::ByKind);
    assert_eq!(
        by_kind.lanes.iter().map(|l| l.items.len()).sum::<usize>(),
        items.len()
    );
}

#[test]
fn pinned_spans_share_the_first_row_and_the_rest_pack_around_them() {
    // Three states back to back (their labels overlap a little), an action over the
    // second, one clear of them all.
    let spans = [
        (0.0, 52.0, true),
        (50.0, 102.0, true),
        (100.0, 150.0, false),
        (60.0, 90.0, false),
        (200.0, 220.0, false),
    ];
    let pinned = [true, true, true, false, false];
    assert_eq!(
        pack_rows_pinned(&spans, &pinned, 4, 2.0),
        [Some(0), Some(0), Some(0), Some(1), Some(0)]
    );
    // Without pinning they would climb a staircase.
    assert_eq!(pack_rows(&spans, 4, 2.0)[..3], [Some(0), Some(1), Some(0)],);
    // A pinned list shorter than the spans pins only those it names.
    assert_eq!(
        pack_rows_pinned(&spans[..2], &[true], 4, 2.0),
        [Some(0), Some(1)]
    );
}

#[test]
fn culling_takes_in_what_an_item_draws_beyond_its_span() {
    // Items with a decision before them, a planned end after, and times reported apart:
    // the cull finds exactly those whose reach meets the range.
    let items: Vec<Item> = (0..500)
        .map(|i| {
            let start = f64::from(i) * 97.0 % 40_000.0;
            let mut it = item(start, start + f64::from(i % 5) * 300.0);
            match i % 4 {
                0 => it.moments.decided = Some(start - f64::from(i % 13) * 200.0),
                1 => it.moments.planned_end = Some(start + f64::from(i % 11) * 400.0),
                2 => it.reported = vec![start + 600.0, start],
                _ => {}
            }
            it
        })
        .collect();
    let case = crate::model::Case::new("t", "UTC", chrono::DateTime::UNIX_EPOCH);
    let lanes = Lanes::build(&case, &items, Grouping::ByKind);
    let lane = &lanes.lanes[0];
    for (from, to) in [
        (0.0, 50.0),
        (5000.0, 5100.0),
        (39_000.0, 45_000.0),
        (-900.0, -1.0),
    ] {
        let mut got: Vec<usize> = lane.visible(&items, from, to).collect();
        let mut want: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].reach().1 >= from && items[i].reach().0 <= to)
            .collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "range {from}..{to}");
    }
}

#[test]
fn lanes_for_classes_outsiders_and_what_was_done_through_someone() {
    use crate::model::{
        Account, AccountClass, AccountId, Count, Limit, Outsider, OutsiderId, OutsiderRole,
        StaffId, Through,
    };
    let class = Account {
        id: AccountId::from("acct-class"),
        platform: "X".to_owned(),
        handle: String::new(),
        class: Some(AccountClass {
            description: "all verified accounts".to_owned(),
            estimated: Some(Count {
                value: 300_000,
                approximate: true,
                limit: None,
            }),
        }),
        display_name: String::new(),
        profile_url: String::new(),
        audience: None,
        kind: crate::model::AccountKind::Unknown,
        protected: false,
        meta: crate::model::Meta::new(chrono::DateTime::UNIX_EPOCH),
    };
    assert_eq!(account_lane_label(&class), "all verified accounts · ~300k");
    let at_least = Count {
        value: 1100,
        approximate: false,
        limit: Some(Limit::AtLeast),
    };
    assert_eq!(estimate_text(&at_least), "≥1.1k");
    let no_estimate = Account {
        class: Some(AccountClass {
            description: "new accounts".to_owned(),
            estimated: None,
        }),
        ..class.clone()
    };
    assert_eq!(account_lane_label(&no_estimate), "new accounts");

    let mut case = crate::model::Case::new("t", "UTC", chrono::DateTime::UNIX_EPOCH);
    case.accounts.push(class);
    let Some(crate::model::Record::Staff(mut staff)) = Some(crate::model::new_record(
        crate::model::RecordKind::Staff,
        &case,
        chrono::DateTime::UNIX_EPOCH,
    )) else {
        unreachable!()
    };
    staff.id = StaffId::from("staff-p");
    staff.name = "Phished employee".to_owned();
    case.staff.push(staff);
    case.outsiders.push(Outsider {
        id: OutsiderId::from("out-x"),
        name: "The attackers".to_owned(),
        group: true,
        size: None,
        role: OutsiderRole::Attacker,
        organisation: String::new(),
        pseudonym: String::new(),
        protected: None,
        meta: crate::model::Meta::new(chrono::DateTime::UNIX_EPOCH),
    });
    // Done to the class by the attackers through the employee; and a statement made
    // through the class's account (it goes with the statements and there).
    let mut takeover = item(10.0, 10.0);
    takeover.kind = ItemKind::Action(crate::model::ActionKind::AccountTakeover);
    takeover.accounts = vec![AccountId::from("acct-class")];
    takeover.outsider = Some(OutsiderId::from("out-x"));
    takeover.through = Some(Through::Staff(StaffId::from("staff-p")));
    let mut post = item(20.0, 20.0);
    post.through = Some(Through::Account(AccountId::from("acct-class")));
    // Through an account it was also done to: in that lane once, not marked.
    let mut own = item(30.0, 30.0);
    own.kind = ItemKind::Action(crate::model::ActionKind::UnauthorizedPost);
    own.accounts = vec![AccountId::from("acct-class")];
    own.through = Some(Through::Account(AccountId::from("acct-class")));
    let items = vec![takeover, post, own];
    let lanes = Lanes::build(&case, &items, Grouping::AccountsAndStaff);
    let shape: Vec<(&str, Vec<usize>, Vec<bool>)> = lanes
        .lanes
        .iter()
        .map(|l| {
            (
                l.label.as_str(),
                l.items.clone(),
                l.items.iter().map(|&i| l.is_via(&items[i])).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (
                "all verified accounts · ~300k",
                vec![0, 1, 2],
                vec![false, true, false]
            ),
            ("Phished employee", vec![0], vec![true]),
            ("The attackers", vec![0], vec![false]),
            ("Public statements", vec![1], vec![false]),
        ]
    );
    // By kind, nothing is doubled.
    let by_kind = Lanes::build(&case, &items, Grouping::ByKind);
    assert_eq!(
        by_kind.lanes.iter().map(|l| l.items.len()).sum::<usize>(),
        3
    );
}
