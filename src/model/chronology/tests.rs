#![allow(clippy::unwrap_used)]
use super::*;
use crate::model::{
    ActionId, ActionKind, ActionLink, ActionLinkKind, Precision, StatementId, StatementLink,
    StatementLinkKind, TimeBound,
};
use chrono::TimeZone as _;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, precision: Precision) -> When {
    When {
        precision,
        ..When::exact(Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap())
    }
}

fn action(case: &mut Case, id: &str, when: When) {
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    case.actions.push(Action::new(
        ActionId::from(id),
        ActionKind::Other,
        id,
        when,
        now,
    ));
}

fn statement(case: &mut Case, id: &str, when: When) {
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let crate::model::Record::Statement(mut s) =
        crate::model::new_record(crate::model::RecordKind::Statement, case, now)
    else {
        unreachable!()
    };
    s.id = StatementId::from(id);
    s.when = when;
    case.statements.push(s);
}

fn ids(case: &Case) -> Vec<String> {
    chronology(case, Tz::UTC)
        .iter()
        .map(|e| e.event().id().to_owned())
        .collect()
}

fn blank() -> Case {
    Case::new(
        "x",
        "UTC",
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
    )
}

#[test]
fn a_vague_time_is_listed_at_the_latest_moment_it_allows() {
    let mut case = blank();
    action(
        &mut case,
        "dms-read-that-day",
        at(2020, 7, 15, 0, 0, Precision::Day),
    );
    action(
        &mut case,
        "first-sign-15h",
        at(2020, 7, 15, 15, 0, Precision::Minute),
    );
    statement(
        &mut case,
        "post-23h59",
        at(2020, 7, 15, 23, 59, Precision::Minute),
    );
    action(
        &mut case,
        "phishing-july",
        at(2020, 7, 1, 0, 0, Precision::Month),
    );
    statement(
        &mut case,
        "next-day",
        at(2020, 7, 16, 9, 0, Precision::Minute),
    );
    assert_eq!(
        ids(&case),
        [
            "first-sign-15h",
            "post-23h59",
            "dms-read-that-day",
            "next-day",
            "phishing-july"
        ]
    );
}

#[test]
fn a_bound_is_listed_at_its_limit() {
    let mut case = blank();
    action(&mut case, "noon", at(2020, 7, 15, 12, 0, Precision::Minute));
    let mut by = at(2020, 7, 15, 0, 0, Precision::Day);
    by.bound = Some(TimeBound::Before);
    action(&mut case, "by-15-july", by);
    let mut after = at(2020, 7, 15, 15, 0, Precision::Minute);
    after.bound = Some(TimeBound::After);
    action(&mut case, "after-3pm", after);
    action(
        &mut case,
        "at-3pm",
        at(2020, 7, 15, 15, 0, Precision::Minute),
    );
    assert_eq!(ids(&case), ["by-15-july", "noon", "at-3pm", "after-3pm"]);
}

#[test]
fn a_before_link_brings_a_vague_cause_ahead_of_what_it_led_to() {
    let mut case = blank();
    action(
        &mut case,
        "first-sign",
        at(2020, 7, 15, 15, 0, Precision::Minute),
    );
    action(
        &mut case,
        "takeover",
        at(2020, 7, 15, 20, 0, Precision::Minute),
    );
    statement(
        &mut case,
        "statement-16th",
        at(2020, 7, 16, 9, 0, Precision::Minute),
    );
    action(
        &mut case,
        "phishing",
        at(2020, 7, 1, 0, 0, Precision::Month),
    );
    assert_eq!(ids(&case).last().unwrap(), "phishing");
    case.actions[2].before = vec![EventRef::Action(ActionId::from("first-sign"))];
    assert_eq!(
        ids(&case),
        ["phishing", "first-sign", "takeover", "statement-16th"]
    );
    // The same link, set from the other side.
    case.actions[2].before.clear();
    case.actions[0].after = vec![EventRef::Action(ActionId::from("phishing"))];
    assert_eq!(
        ids(&case),
        ["phishing", "first-sign", "takeover", "statement-16th"]
    );
}

#[test]
fn an_after_link_holds_even_against_an_earlier_time() {
    let mut case = blank();
    statement(
        &mut case,
        "required-removal",
        at(2020, 7, 15, 15, 14, Precision::Minute),
    );
    action(
        &mut case,
        "holder-deletes",
        at(2020, 7, 15, 15, 14, Precision::Minute),
    );
    statement(
        &mut case,
        "later",
        at(2020, 7, 15, 18, 0, Precision::Minute),
    );
    // A tie of the same minute: entered order, statements and actions alike.
    case.statements[0].meta.created -= chrono::Duration::minutes(1);
    assert_eq!(ids(&case), ["required-removal", "holder-deletes", "later"]);
    // Linked after the later statement: the deletion moves after it.
    case.actions[0].after = vec![EventRef::Statement(StatementId::from("later"))];
    assert_eq!(ids(&case), ["required-removal", "later", "holder-deletes"]);
}

#[test]
fn corrections_extensions_and_reversals_follow_what_they_amend() {
    let mut case = blank();
    // The correction's own time says earlier (a typo); it still follows what it corrects.
    statement(
        &mut case,
        "correction",
        at(2020, 7, 15, 10, 0, Precision::Minute),
    );
    statement(
        &mut case,
        "original",
        at(2020, 7, 15, 11, 0, Precision::Minute),
    );
    case.statements[0].follows = Some(StatementLink {
        kind: StatementLinkKind::Corrects,
        statement: StatementId::from("original"),
    });
    action(
        &mut case,
        "extension",
        at(2020, 7, 15, 0, 0, Precision::Day),
    );
    action(&mut case, "lock", at(2020, 7, 16, 0, 0, Precision::Day));
    case.actions[0].amends = Some(ActionLink {
        kind: ActionLinkKind::Extends,
        action: ActionId::from("lock"),
    });
    assert_eq!(ids(&case), ["original", "correction", "lock", "extension"]);
}

#[test]
fn links_in_a_circle_are_found_and_still_give_an_order() {
    let mut case = blank();
    action(&mut case, "a", at(2020, 7, 15, 10, 0, Precision::Minute));
    action(&mut case, "b", at(2020, 7, 15, 11, 0, Precision::Minute));
    action(&mut case, "c", at(2020, 7, 15, 12, 0, Precision::Minute));
    case.actions[0].after = vec![EventRef::Action(ActionId::from("c"))];
    case.actions[2].after = vec![EventRef::Action(ActionId::from("b"))];
    case.actions[1].after = vec![EventRef::Action(ActionId::from("a"))];
    let order = ids(&case);
    assert_eq!(order.len(), 3);
    let cycles = link_cycles(&case);
    assert_eq!(cycles.len(), 1);
    assert_eq!(cycles[0].len(), 3);
    // A link to a record that is not there is ignored by the order.
    case.actions[0].after = vec![EventRef::Action(ActionId::from("gone"))];
    assert_eq!(ids(&case), ["a", "b", "c"]);
    assert!(link_cycles(&case).is_empty());
}

#[test]
fn time_order_without_links_puts_a_month_after_its_days() {
    let tz = Tz::UTC;
    let whens = [
        at(2017, 11, 1, 0, 0, Precision::Month),
        at(2017, 11, 2, 22, 0, Precision::Minute),
        at(2017, 11, 20, 0, 0, Precision::Day),
        at(2017, 11, 2, 22, 0, Precision::Minute),
    ];
    assert_eq!(time_order(&whens, tz), vec![1, 3, 2, 0]);
}
