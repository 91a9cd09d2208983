#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! GUI flows for what case format version 2 lets a case say, through the real app and by
//! accessible labels: outside people, classes of accounts, group sizes, acting through, time
//! sources and the times sources disagree on, bounds and weeks, more times of an action,
//! assessments, extends / replaces, statement links, a source's other addresses and the
//! postmortem's impact figures.

use casebook::model::{
    ActionKind, ActionLinkKind, ApproxDuration, Assessment, Count, Limit, OutsiderRole, Precision,
    RecordRef, StatementLinkKind, Through, TimeBound, When,
};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;

use crate::gui::{
    H, blur, ctrl, doc, go_to, new_case, open_sample_copy, set_text, text_input, type_into,
};

/// Opens the drop-down labelled `label` and picks the option whose label contains `part`.
fn choose_containing(h: &mut H, label: &str, part: &str) {
    h.get_by_role_and_label(Role::ComboBox, label)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, label).click();
    h.run();
    h.get_by(|n| n.role() != Role::ComboBox && n.label().is_some_and(|l| l.contains(part)))
        .click();
    h.run();
}

/// Clicks the checkbox named `label`.
fn tick(h: &mut H, label: &str) {
    h.get_by_role_and_label(Role::CheckBox, label)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, label).click();
    h.run();
}

/// Opens the collapsing group of fields named `title` ("More times").
fn open_group(h: &mut H, title: &str) {
    h.get_by_role_and_label(Role::DisclosureTriangle, title)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::DisclosureTriangle, title)
        .click();
    h.run();
}

/// Clicks the button named `label`, scrolled into view first.
fn click(h: &mut H, label: &str) {
    h.get_by_role_and_label(Role::Button, label).scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

/// Opens the drop-down labelled `label` and picks `option` (scrolled into view in a long list;
/// only an option, never a timeline lane of the same name).
fn choose(h: &mut H, label: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, label)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, label).click();
    h.run();
    h.get_by_role_and_label(Role::Button, option).scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, option).click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, label)
            .value()
            .as_deref(),
        Some(option),
        "{label} shows the choice"
    );
}

/// How the pickers name a source: "title — publisher".
fn source_label(h: &H, index: usize) -> String {
    let s = &doc(h).case.sources[index];
    format!("{} — {}", s.title, s.publisher)
}

/// What the text input labelled `label` shows.
fn value(h: &H, label: &str) -> Option<String> {
    text_input(h, label).value()
}

#[test]
fn an_outside_person_is_added_with_a_role_and_a_group_size_then_copied_and_deleted() {
    let mut h = new_case();
    go_to(&mut h, "Outsiders");
    click(&mut h, "Add outside person");
    assert_eq!(doc(&h).case.outsiders.len(), 1);
    set_text(&mut h, "Name", "Four teenagers");
    choose(&mut h, "Role", "attacker");
    let o = &doc(&h).case.outsiders[0];
    assert_eq!(o.name, "Four teenagers");
    assert_eq!(o.role, OutsiderRole::Attacker);

    // A group: its size, as the source gives it.
    assert!(h.query_by_label("Group size").is_none(), "only for a group");
    tick(
        &mut h,
        "A group, not one person (its name is never split into words)",
    );
    type_into(&mut h, "Group size", "about 4");
    blur(&mut h);
    assert_eq!(value(&h, "Group size").as_deref(), Some("4"));
    assert_eq!(
        doc(&h).case.outsiders[0].size,
        Some(Count {
            value: 4,
            approximate: true,
            limit: None
        })
    );
    choose(&mut h, "Group size: limit", "at least");
    tick(&mut h, "Group size: about");
    assert_eq!(
        doc(&h).case.outsiders[0].size,
        Some(Count {
            value: 4,
            approximate: false,
            limit: Some(Limit::AtLeast)
        })
    );
    assert!(doc(&h).case.outsiders[0].group);

    // The navigator counts them; Duplicate and Delete work on them as on any record.
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Outsiders  1"));
    click(&mut h, "Duplicate");
    assert_eq!(doc(&h).case.outsiders.len(), 2);
    assert_eq!(doc(&h).case.outsiders[1].name, "Four teenagers (copy)");
    let copy = doc(&h).case.outsiders[1].id.clone();
    assert_eq!(h.state().selected(), Some(&RecordRef::Outsider(copy)));
    click(&mut h, "Delete…");
    assert_eq!(doc(&h).case.outsiders.len(), 1);
    ctrl(&mut h, Key::Z);
    assert_eq!(doc(&h).case.outsiders.len(), 2, "Ctrl+Z brings it back");
}

#[test]
fn a_staff_group_has_a_size() {
    let mut h = new_case();
    go_to(&mut h, "Staff");
    click(&mut h, "Add staff member");
    tick(
        &mut h,
        "A group or team, not one person (its name is never split into words)",
    );
    set_text(&mut h, "Group size", "130");
    assert_eq!(doc(&h).case.staff[0].size, Some(Count::exact(130)));
    // No longer a group: no size either.
    tick(
        &mut h,
        "A group or team, not one person (its name is never split into words)",
    );
    assert_eq!(doc(&h).case.staff[0].size, None);
    assert!(h.query_by_label("Group size").is_none());
}

#[test]
fn an_account_can_be_a_class_of_accounts_with_an_estimate_or_have_no_handle() {
    let mut h = new_case();
    go_to(&mut h, "Accounts");
    click(&mut h, "Add account");
    tick(&mut h, "Class of accounts");
    let a = &doc(&h).case.accounts[0];
    assert!(a.class.is_some());
    assert_eq!(a.handle, "", "a class has no handle of its own");
    set_text(&mut h, "Class description", "all verified accounts");
    type_into(&mut h, "Estimated accounts", "at least 300,000");
    blur(&mut h);
    assert_eq!(value(&h, "Estimated accounts").as_deref(), Some("300,000"));
    tick(&mut h, "Estimated accounts: about");
    let class = doc(&h).case.accounts[0].class.clone().unwrap();
    assert_eq!(class.description, "all verified accounts");
    assert_eq!(
        class.estimated,
        Some(Count {
            value: 300_000,
            approximate: true,
            limit: Some(Limit::AtLeast)
        })
    );
    // The table names it by its description.
    h.get_by_role_and_label(Role::Button, "all verified accounts");

    // One account whose handle nobody knows.
    click(&mut h, "Add account");
    type_into(&mut h, "Handle", "x");
    h.key_press(Key::Backspace);
    h.run();
    blur(&mut h);
    let a = &doc(&h).case.accounts[1];
    assert_eq!(a.handle, "");
    assert!(a.class.is_none());
    h.get_by_role_and_label(Role::Button, "account with no known handle");
}

#[test]
fn an_action_acts_through_someone_is_assessed_amends_another_and_has_more_times() {
    let (_dir, _path, mut h) = open_sample_copy();
    let deactivation = doc(&h)
        .case
        .actions
        .iter()
        .find(|a| a.kind == ActionKind::Deactivation)
        .expect("the sample has a deactivation")
        .clone();
    let staff = doc(&h).case.staff[0].clone();
    let account = doc(&h)
        .case
        .accounts
        .iter()
        .find(|a| a.handle == "@realDonaldTrump")
        .unwrap()
        .clone();
    let (first_source, second_source) = (source_label(&h, 0), source_label(&h, 1));
    go_to(&mut h, "Actions");
    click(&mut h, "Add action");
    let added = doc(&h).case.actions.len() - 1;
    let action = |h: &H| doc(h).case.actions[added].clone();

    // The new kinds are there; a suspension is lasting, so it can amend an earlier measure.
    choose(&mut h, "Action kind", "account takeover / compromise");
    assert_eq!(action(&h).kind, ActionKind::AccountTakeover);
    choose(&mut h, "Action kind", "suspension");
    set_text(&mut h, "Start", "2017-11-03 10:00");

    // Acting through a staff member's credentials, then through an account.
    choose(&mut h, "Acting through", "a staff member's credentials");
    choose(
        &mut h,
        "Whose credentials",
        &format!("{} ({})", staff.name, staff.employment),
    );
    assert_eq!(action(&h).through, Some(Through::Staff(staff.id.clone())));
    choose(&mut h, "Acting through", "an account");
    choose(&mut h, "Through account", &account.label());
    assert_eq!(
        action(&h).through,
        Some(Through::Account(account.id.clone()))
    );

    // Judged afterwards.
    choose(&mut h, "Assessment", "erroneous");
    assert_eq!(action(&h).assessment, Some(Assessment::Erroneous));
    choose(&mut h, "Assessment", "not assessed");
    assert_eq!(action(&h).assessment, None);
    choose(&mut h, "Assessment", "overturned on appeal");

    // It replaces the earlier deactivation (extends, unless said otherwise).
    // (Options read "when · kind: summary"; the timeline's items have no "·".)
    choose_containing(&mut h, "Amends", "· deactivation: Contractor set");
    let amends = action(&h).amends.unwrap();
    assert_eq!(
        (amends.kind, &amends.action),
        (ActionLinkKind::Extends, &deactivation.id)
    );
    choose(&mut h, "Amend kind", "replaces");
    assert_eq!(
        action(&h).amends.map(|l| l.kind),
        Some(ActionLinkKind::Replaces)
    );

    // A duration known only as a lower limit reads back as typed.
    set_text(&mut h, "Duration", "at least 12 h");
    assert_eq!(
        action(&h).duration,
        Some(ApproxDuration {
            secs: 12 * 3600,
            approximate: false,
            limit: Some(Limit::AtLeast)
        })
    );

    // More times: decided (only a bound), planned end, discovered, disclosed (a week).
    assert!(
        h.query_by_label("Discovered").is_none(),
        "folded away at first"
    );
    open_group(&mut h, "More times");
    let tz = doc(&h).case.tz();
    set_text(&mut h, "Discovered", "2017-11-03 11:30");
    assert_eq!(
        action(&h).discovered,
        Some(When::parse("2017-11-03 11:30", tz).unwrap())
    );
    set_text(&mut h, "Decided", "by 2017-11-03 09:00");
    let decided = action(&h).decided.unwrap();
    assert_eq!(decided.bound, Some(TimeBound::Before));
    set_text(&mut h, "Planned end", "2017-11-04 10:00");
    assert!(action(&h).planned_end.is_some());
    type_into(&mut h, "Disclosed", "2017-W45");
    blur(&mut h);
    let disclosed = action(&h).disclosed.unwrap();
    assert_eq!(disclosed.precision, Precision::Week);
    assert_eq!(
        value(&h, "Disclosed").as_deref(),
        Some("week of 2017-11-06")
    );

    // Time sources: who gives the start, and another time another source gives.
    open_group(&mut h, "Time sources");
    choose(&mut h, "Start source", &first_source);
    assert_eq!(
        action(&h).start_source,
        Some(doc(&h).case.sources[0].id.clone())
    );
    click(&mut h, "Add reported time");
    assert_eq!(action(&h).alternatives.len(), 1);
    assert_eq!(
        action(&h).alternatives[0].when,
        action(&h).start,
        "starts from the start"
    );
    set_text(&mut h, "Reported time 1", "after 2017-11-03 08:00");
    choose(&mut h, "Reported time 1 source", &second_source);
    let alt = action(&h).alternatives[0].clone();
    assert_eq!(alt.when, When::parse("after 2017-11-03 08:00", tz).unwrap());
    assert_eq!(alt.source, Some(doc(&h).case.sources[1].id.clone()));
    click(&mut h, "Add reported time");
    let both = action(&h).alternatives;
    assert_eq!(both.len(), 2);
    click(&mut h, "Remove reported time 1");
    assert_eq!(action(&h).alternatives, both[1..].to_vec());
    ctrl(&mut h, Key::Z);
    assert_eq!(action(&h).alternatives, both, "Ctrl+Z undoes the removal");

    let a = action(&h);
    assert_eq!(a.assessment, Some(Assessment::Overturned));
    assert_eq!(a.through, Some(Through::Account(account.id.clone())));
    let problems = casebook::model::validate(&doc(&h).case);
    assert!(
        problems
            .iter()
            .all(|p| p.level != casebook::model::Level::Error),
        "{problems:#?}"
    );
}

#[test]
fn a_time_field_reads_bounds_and_weeks_and_shows_them_back() {
    let mut h = new_case();
    go_to(&mut h, "Actions");
    click(&mut h, "Add action");
    let tz = doc(&h).case.tz();
    for (typed, shown) in [
        ("by 2020-07-15 19:00", "by 2020-07-15 19:00"),
        ("after 2020-07-15 15:00", "after 2020-07-15 15:00"),
        ("week of 2020-07-15", "week of 2020-07-13"),
        ("2020-W29", "week of 2020-07-13"),
        ("by ~2020-07-15", "by ~2020-07-15"),
    ] {
        type_into(&mut h, "Start", typed);
        h.key_press(Key::Enter);
        h.run();
        blur(&mut h);
        assert_eq!(
            doc(&h).case.actions[0].start,
            When::parse(typed, tz).unwrap(),
            "{typed} is stored as read"
        );
        assert_eq!(value(&h, "Start").as_deref(), Some(shown), "{typed}");
        // Reading what is shown gives the same time again.
        assert_eq!(
            When::parse(shown, tz).unwrap(),
            doc(&h).case.actions[0].start
        );
    }
    // The precision drop-down and the approx. box are named after their field.
    choose(&mut h, "Start precision", "month");
    assert_eq!(doc(&h).case.actions[0].start.precision, Precision::Month);
    tick(&mut h, "Start: approx.");
    assert!(
        !doc(&h).case.actions[0].start.approximate,
        "it was approximate"
    );
}

#[test]
fn a_statement_retracts_an_earlier_one_spoken_through_an_account_with_its_time_sources() {
    let (_dir, _path, mut h) = open_sample_copy();
    let earlier = doc(&h).case.statements[0].clone();
    let account = doc(&h).case.accounts[0].clone();
    let earlier_label = format!(
        "{}: “{}”",
        doc(&h).case.speaker_name(&earlier.speaker),
        casebook::model::excerpt(&earlier.quote, 40)
    );
    let source = source_label(&h, 1);
    go_to(&mut h, "Statements");
    click(&mut h, "Add statement");
    let added = doc(&h).case.statements.len() - 1;
    let statement = |h: &H| doc(h).case.statements[added].clone();
    set_text(&mut h, "When", "2017-12-01 10:00");

    assert!(
        h.query_by_label("Link").is_none(),
        "no link without Follows"
    );
    choose(&mut h, "Follows", &earlier_label);
    assert_eq!(
        statement(&h).follows.map(|l| (l.kind, l.statement)),
        Some((StatementLinkKind::Updates, earlier.id.clone())),
        "a follow-up updates unless said otherwise"
    );
    choose(&mut h, "Link", "retracts");
    assert_eq!(
        statement(&h).follows.map(|l| (l.kind, l.statement)),
        Some((StatementLinkKind::Retracts, earlier.id.clone()))
    );

    choose(&mut h, "Spoke through", "an account");
    choose(&mut h, "Through account", &account.label());
    assert_eq!(statement(&h).through, Some(Through::Account(account.id)));

    open_group(&mut h, "Time sources");
    choose(&mut h, "Time source", &source);
    assert_eq!(
        statement(&h).when_source,
        Some(doc(&h).case.sources[1].id.clone())
    );
    click(&mut h, "Add reported time");
    set_text(&mut h, "Reported time 1", "2017-12-01 evening");
    let alt = &statement(&h).alternatives[0];
    assert_eq!(alt.when.precision, Precision::PartOfDay);
    assert_eq!(alt.source, None);
}

#[test]
fn a_source_has_other_addresses() {
    let (_dir, _path, mut h) = open_sample_copy();
    go_to(&mut h, "Sources");
    click(&mut h, "Add source");
    let added = doc(&h).case.sources.len() - 1;
    click(&mut h, "Add address");
    set_text(
        &mut h,
        "Address 1",
        "https://web.archive.org/web/2017/example",
    );
    set_text(&mut h, "Address 1 label", "archived copy");
    click(&mut h, "Add address");
    set_text(&mut h, "Address 2", "https://example.org/mirror");
    let links = doc(&h).case.sources[added].also_at.clone();
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].url, "https://web.archive.org/web/2017/example");
    assert_eq!(links[0].label, "archived copy");
    assert_eq!(links[1].url, "https://example.org/mirror");
    click(&mut h, "Remove address 1");
    let links = doc(&h).case.sources[added].also_at.clone();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].url, "https://example.org/mirror");
}

#[test]
fn the_postmortem_takes_figures_and_sources_that_disagree_side_by_side() {
    let (_dir, _path, mut h) = open_sample_copy();
    let before = doc(&h).case.postmortem.figures.len();
    let (first, second) = (source_label(&h, 0), source_label(&h, 1));
    go_to(&mut h, "Postmortem");
    click(&mut h, "Add figure");
    assert_eq!(doc(&h).case.postmortem.figures.len(), before + 1);
    click(&mut h, "Add figure");
    assert_eq!(doc(&h).case.postmortem.figures.len(), before + 2);
    let (a, b) = (before + 1, before + 2);

    set_text(&mut h, &format!("Figure {a} what"), "accounts targeted");
    set_text(&mut h, &format!("Figure {a} count"), "130");
    set_text(&mut h, &format!("Figure {a} unit"), "accounts");
    set_text(&mut h, &format!("Figure {a} as of"), "2017-11-03");
    choose(&mut h, &format!("Figure {a} source"), &first);

    set_text(&mut h, &format!("Figure {b} what"), "accounts targeted");
    type_into(&mut h, &format!("Figure {b} count"), "at least 1,100");
    blur(&mut h);
    assert_eq!(
        value(&h, &format!("Figure {b} count")).as_deref(),
        Some("1,100")
    );
    tick(&mut h, &format!("Figure {b}: about"));
    choose(&mut h, &format!("Figure {b} source"), &second);

    let figures = doc(&h).case.postmortem.figures.clone();
    let (fa, fb) = (&figures[a - 1], &figures[b - 1]);
    assert_eq!(fa.what, "accounts targeted");
    assert_eq!(fa.count, Count::exact(130));
    assert_eq!(fa.unit, "accounts");
    assert_eq!(fa.as_of.as_ref().map(|w| w.precision), Some(Precision::Day));
    assert_eq!(fa.source, Some(doc(&h).case.sources[0].id.clone()));
    assert_eq!(fb.what, fa.what, "two sources counting the same thing");
    assert_eq!(
        fb.count,
        Count {
            value: 1_100,
            approximate: true,
            limit: Some(Limit::AtLeast)
        }
    );
    assert_eq!(fb.source, Some(doc(&h).case.sources[1].id.clone()));
    h.get_by_label_contains("Another source's count of “accounts targeted”");
    h.get_by_label_contains("Reads: at least about 1,100");

    // One undo step per change; removing a figure is one too.
    ctrl(&mut h, Key::Z);
    assert_eq!(doc(&h).case.postmortem.figures[b - 1].source, None);
    click(&mut h, &format!("Remove figure {a}"));
    assert_eq!(doc(&h).case.postmortem.figures.len(), before + 1);
    ctrl(&mut h, Key::Z);
    assert_eq!(doc(&h).case.postmortem.figures.len(), before + 2);
}
