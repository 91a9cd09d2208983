#![allow(clippy::unwrap_used, clippy::expect_used)]
use chrono::NaiveDate;

use super::*;
use crate::model::ActionId;

const PRECISIONS: [Precision; 6] = [
    Precision::Second,
    Precision::Minute,
    Precision::Hour,
    Precision::PartOfDay,
    Precision::Day,
    Precision::Month,
];

/// 2017-11-02 at `h:m`, UTC, to `precision`.
fn at(h: u32, m: u32, precision: Precision, approximate: bool) -> When {
    let local = NaiveDate::from_ymd_opt(2017, 11, 2)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .expect("a real time");
    When::from_local(local, precision, approximate, Tz::UTC).expect("not skipped")
}

#[test]
fn every_precision_pair_gives_bounds_that_hold_the_truth() {
    // The deactivation at 18:00 and the restoration at 18:11, each known only to some
    // precision, approximately or not.
    for p_from in PRECISIONS {
        for p_to in PRECISIONS {
            for (a_from, a_to) in [(false, false), (true, false), (false, true), (true, true)] {
                let from = at(18, 0, p_from, a_from);
                let to = at(18, 11, p_to, a_to);
                let span = span_between(&from, &to, Tz::UTC);
                let case = format!("{p_from:?}{a_from} → {p_to:?}{a_to}");
                let (Some(min), Some(max)) = (span.min_secs, span.max_secs) else {
                    panic!("{case}: both limits are known");
                };
                assert!((0..=660).contains(&min) && 660 <= max, "{case}: {span:?}");
                assert_eq!(span.approximate, a_from || a_to, "{case}");
                let point = p_from <= Precision::Minute && p_to <= Precision::Minute;
                assert_eq!(span.is_point(), point, "{case}: {span:?}");
                let text = span.text();
                if point {
                    let want = if a_from || a_to {
                        "about 11 min"
                    } else {
                        "11 min"
                    };
                    assert_eq!(text, want, "{case}");
                } else {
                    assert!(text.starts_with("between "), "{case}: {text}");
                    assert!(!text.contains("about"), "{case}: {text}");
                }
                // No period wider than the coarser end's can be claimed.
                let widest = match p_from.max(p_to) {
                    Precision::Second | Precision::Minute => 660,
                    Precision::Hour => 2 * 3600,
                    Precision::PartOfDay => 6 * 3600 + 660,
                    Precision::Day => 2 * 86_400,
                    _ => 31 * 86_400,
                };
                assert!(max - min <= widest, "{case}: {span:?}");
            }
        }
    }
}

#[test]
fn ranges_read_in_the_upper_ends_unit() {
    let text = |p_from, p_to| {
        span_between(&at(18, 0, p_from, true), &at(18, 11, p_to, true), Tz::UTC).text()
    };
    assert_eq!(
        text(Precision::PartOfDay, Precision::PartOfDay),
        "between 0 and 6 h"
    );
    assert_eq!(
        text(Precision::Minute, Precision::Hour),
        "between 0 and 1 h"
    );
    assert_eq!(text(Precision::Hour, Precision::Hour), "between 0 and 1 h");
    assert_eq!(
        text(Precision::Second, Precision::PartOfDay),
        "between 0 and 6 h"
    );
    assert_eq!(text(Precision::Day, Precision::Day), "between 0 and 24 h");
    assert_eq!(text(Precision::Minute, Precision::Day), "between 0 and 6 h");
    // "the evening of Nov 2" to "~Nov 2017": up to the end of November.
    assert_eq!(
        text(Precision::PartOfDay, Precision::Month),
        "between 0 and 29 days"
    );
    assert_eq!(
        text(Precision::Month, Precision::Month),
        "between 0 and 30 days"
    );
    // Precise start, an end in a later hour.
    let span = span_between(
        &at(18, 45, Precision::Minute, false),
        &at(20, 0, Precision::Hour, false),
        Tz::UTC,
    );
    assert_eq!(span.text(), "between 1 h 15 min and 2 h 15 min");
    let span = span_between(
        &at(18, 0, Precision::Minute, false),
        &at(18, 0, Precision::Month, false),
        Tz::UTC,
    );
    assert_eq!(
        (span.min_secs, span.text().as_str()),
        (Some(0), "between 0 and 29 days")
    );
}

#[test]
fn bounds_leave_an_end_open() {
    let mut by = at(20, 0, Precision::Hour, false);
    by.bound = Some(TimeBound::Before);
    let mut after = at(20, 0, Precision::Hour, false);
    after.bound = Some(TimeBound::After);
    let start = at(18, 0, Precision::Minute, false);
    // Mitigated "after 20:00": at least 2 h, no upper limit.
    let span = span_between(&start, &after, Tz::UTC);
    assert_eq!((span.min_secs, span.max_secs), (Some(7200), None));
    assert_eq!(span.text(), "at least 2 h");
    // Mitigated "by 21:00": at most 3 h.
    assert_eq!(
        span_between(&start, &by, Tz::UTC).text(),
        "between 0 and 3 h"
    );
    // Began "by 20:00", detected at 18:00 sharp: no lower limit beyond zero, and no upper.
    let span = span_between(&by, &start, Tz::UTC);
    assert_eq!(span.max_secs, None);
    assert_eq!(span.text(), "not known");
}

#[test]
fn out_of_order_ends_are_said_to_be() {
    let span = span_between(
        &at(18, 11, Precision::Minute, false),
        &at(18, 0, Precision::Minute, false),
        Tz::UTC,
    );
    assert!(span.out_of_order());
    assert_eq!(span.text(), "out of order (11 min before it)");
}

/// The 2017 sample's records, as far as the milestones go: a report, then an unauthorized
/// deactivation of about 11 minutes and its reversal, all "~evening"; a statement that evening
/// and its correction "~Nov 2017".
fn sample() -> Case {
    let now = When::exact(chrono::DateTime::UNIX_EPOCH).at;
    let mut case = Case::new("2017", "UTC", now);
    let evening = at(18, 0, Precision::PartOfDay, true);
    let action = |id: &str, kind| Action::new(ActionId::from(id), kind, id, evening.clone(), now);
    case.actions
        .push(action("act-report", ActionKind::ReportReceived));
    let mut deactivation = action("act-deactivation", ActionKind::Deactivation);
    deactivation.authorization = Authorization::Unauthorized;
    deactivation.duration = Some(ApproxDuration::new(660, true));
    case.actions.push(deactivation);
    let mut restore = action("act-restore", ActionKind::Reinstatement);
    restore.authorization = Authorization::Authorized;
    restore.reverses = Some(ActionId::from("act-deactivation"));
    case.actions.push(restore);
    for (id, when) in [
        ("stmt-human-error", evening.clone()),
        ("stmt-rogue-contractor", at(0, 0, Precision::Month, true)),
    ] {
        let crate::model::Record::Statement(mut s) =
            crate::model::new_record(crate::model::RecordKind::Statement, &case, now)
        else {
            unreachable!("a statement was asked for")
        };
        s.id = crate::model::StatementId::from(id);
        s.speaker = Speaker::Organisation("Twitter".to_owned());
        s.when = when;
        case.statements.push(s);
    }
    case.statements[1].follows = Some(crate::model::StatementLink {
        kind: StatementLinkKind::Corrects,
        statement: crate::model::StatementId::from("stmt-human-error"),
    });
    case
}

#[test]
fn the_sample_suggests_its_milestones_and_times_the_deactivation_by_its_length() {
    let mut case = sample();
    case.postmortem.milestones = Milestones::default();
    let m = suggest(&case, case.tz());
    let action = |id: &str| Some(EventRef::Action(ActionId(id.to_owned())));
    assert_eq!(m.impact_began, action("act-deactivation"));
    // The report came before the deactivation (it is what the contractor acted on).
    assert_eq!(m.detected, None);
    assert_eq!(m.mitigated, action("act-restore"));
    assert_eq!(m.resolved, action("act-restore"));
    assert_eq!(
        m.first_statement,
        Some(EventRef::Statement(crate::model::StatementId(
            "stmt-human-error".to_owned()
        )))
    );
    assert_eq!(
        m.corrected_statement,
        Some(EventRef::Statement(crate::model::StatementId(
            "stmt-rogue-contractor".to_owned()
        )))
    );
    case.postmortem.milestones = m;
    let times = response_times(&case);
    let text = |i: Interval| {
        times
            .iter()
            .find(|t| t.interval == i)
            .map(ResponseTime::text)
    };
    assert_eq!(text(Interval::ToMitigate).as_deref(), Some("about 11 min"));
    assert_eq!(
        text(Interval::ToFirstStatement).as_deref(),
        Some("between 0 and 6 h")
    );
    assert_eq!(
        text(Interval::ToDetect).as_deref(),
        Some("not known (a milestone is not set)")
    );
}

#[test]
fn suggesting_keeps_what_is_pinned() {
    let pinned = Milestones {
        mitigated: Some(EventRef::Action(ActionId("act-x".to_owned()))),
        ..Milestones::default()
    };
    let suggested = Milestones {
        mitigated: Some(EventRef::Action(ActionId("act-y".to_owned()))),
        resolved: Some(EventRef::Action(ActionId("act-y".to_owned()))),
        ..Milestones::default()
    };
    let filled = pinned.filled_from(&suggested);
    assert_eq!(filled.mitigated, pinned.mitigated);
    assert_eq!(filled.resolved, suggested.resolved);
    assert!(Milestones::default().is_empty());
    assert!(!filled.is_empty());
}
