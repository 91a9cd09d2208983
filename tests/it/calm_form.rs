#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Building a case is calm (issue 25): new records take their time from the case, not the
//! clock; a new record says what it needs as a hint, not as errors, until it is left; nothing
//! below a field moves while typing into it; kinds and long pickers can be found by typing.

use casebook::model::{ActionKind, EventRef, Precision, RecordKind, StatementId};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use crate::gui::{H, blur, doc, go_to, new_case, open_sample_copy, text_input, type_into};

/// Clicks the button named `label`.
fn click(h: &mut H, label: &str) {
    h.get_by_role_and_label(Role::Button, label).scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

/// Labels of the form's messages: errors ("✖ …"), warnings ("⚠ …") and hints ("needed: …").
fn messages(h: &H) -> Vec<String> {
    let is_message =
        |l: &str| l.starts_with("✖ ") || l.starts_with("⚠ ") || l.starts_with("needed: ");
    h.query_all_by(|n| n.role() == Role::Label)
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .filter(|l| is_message(l))
        .collect()
}

#[test]
fn a_new_record_takes_its_time_from_the_selected_record_or_the_last_one_entered() {
    let (_dir, _path, mut h) = open_sample_copy();
    go_to(&mut h, "Actions");
    // Nothing selected: the time of the record entered last (the sample's are all 2017).
    click(&mut h, "Add action");
    let case = &doc(&h).case;
    let added = case.actions.last().unwrap();
    assert_eq!(
        added.start.at.format("%Y").to_string(),
        "2017",
        "not today's date: {:?}",
        added.start
    );
    // With the deactivation selected, the next one starts where it did.
    let deactivation = case
        .actions
        .iter()
        .find(|a| a.kind == ActionKind::Deactivation)
        .unwrap()
        .clone();
    h.get_by(|n| {
        n.role() == Role::Button
            && n.label()
                .is_some_and(|l| l.starts_with("Contractor set the account's deactivation"))
            && !n.label().is_some_and(|l| l.contains(" — "))
    })
    .click();
    h.run();
    click(&mut h, "Add action");
    let added = doc(&h).case.actions.last().unwrap().clone();
    assert_eq!(added.start, deactivation.start);
    assert_eq!(added.start.precision, Precision::PartOfDay);
}

#[test]
fn a_new_statement_says_what_it_needs_as_a_hint_until_it_is_left() {
    let mut h = new_case();
    go_to(&mut h, "Statements");
    click(&mut h, "Add statement");
    let shown = messages(&h);
    assert!(!shown.is_empty(), "it says what it needs");
    assert!(
        shown.iter().all(|m| m.starts_with("needed: ")),
        "no errors before anything was typed: {shown:?}"
    );
    // Left and come back to: now they are errors.
    let id = doc(&h).case.statements[0].id.clone();
    go_to(&mut h, "Accounts");
    click(&mut h, "Add account");
    go_to(&mut h, "Statements");
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("(untitled)"))
        .click();
    h.run();
    assert_eq!(
        h.state().selected(),
        Some(&casebook::model::RecordRef::Statement(id))
    );
    let shown = messages(&h);
    assert!(
        shown.iter().any(|m| m.starts_with("✖ ")),
        "errors once left: {shown:?}"
    );
    let _ = RecordKind::Statement;
}

#[test]
fn typing_into_a_field_never_moves_the_fields_below_it() {
    let mut h = new_case();
    go_to(&mut h, "Accounts");
    click(&mut h, "Add account");
    // Left once, so "no platform given" shows as a warning under Platform.
    go_to(&mut h, "Staff");
    go_to(&mut h, "Accounts");
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("@new-account"))
        .click();
    h.run();
    assert!(
        messages(&h).iter().any(|m| m.contains("no platform")),
        "{:?}",
        messages(&h)
    );
    let below = text_input(&h, "Display name").rect();
    type_into(&mut h, "Platform", "Mastodon");
    assert!(
        !messages(&h).iter().any(|m| m.contains("no platform")),
        "the warning goes as soon as the platform is typed"
    );
    assert_eq!(text_input(&h, "Display name").rect(), below);
    blur(&mut h);
    assert_eq!(text_input(&h, "Display name").rect(), below);

    // A source: typing its link brings "Open source" to life without pushing "Published".
    go_to(&mut h, "Sources");
    click(&mut h, "Add source");
    let published = text_input(&h, "Published").rect();
    type_into(&mut h, "Link or file", "https://example.org/post");
    assert_eq!(text_input(&h, "Published").rect(), published);
    assert!(
        h.get_by_role_and_label(Role::Button, "Open source")
            .accesskit_node()
            .is_disabled()
            .eq(&false)
    );
}

#[test]
fn kinds_and_long_pickers_are_found_by_typing() {
    let (_dir, _path, mut h) = open_sample_copy();
    go_to(&mut h, "Actions");
    click(&mut h, "Add action");
    h.get_by_role_and_label(Role::ComboBox, "Action kind")
        .click();
    h.run();
    // The find field has the keyboard as the list opens.
    h.get_by_role_and_label(Role::TextInput, "Find Action kind")
        .type_text("revers");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let added = doc(&h).case.actions.last().unwrap().clone();
    assert_eq!(added.kind, ActionKind::Reinstatement);

    // The order pickers list every other event; typing narrows them, Enter picks.
    h.get_by_role_and_label(Role::DisclosureTriangle, "Order")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::DisclosureTriangle, "Order")
        .click();
    h.run();
    h.get_by_role_and_label(Role::DisclosureTriangle, "Happened after")
        .click();
    h.run();
    let find = "Find in Happened after";
    h.get_by_role_and_label(Role::TextInput, find).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, find)
        .type_text("mistake");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let added = doc(&h).case.actions.last().unwrap().clone();
    assert_eq!(
        added.after,
        vec![EventRef::Statement(StatementId::from("stmt-interview"))]
    );
}

#[test]
fn the_table_and_the_status_bar_follow_what_is_typed_before_the_field_is_left() {
    let (_dir, _path, mut h) = open_sample_copy();
    go_to(&mut h, "Staff");
    let name = doc(&h).case.staff[0].name.clone();
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some(name.as_str()))
        .click();
    h.run();
    h.get_by_label_contains("✔ Saved");
    type_into(&mut h, "Name", "Tom Becker");
    // Still typing: nothing committed yet, but the table and the status bar say it.
    assert_eq!(doc(&h).case.staff[0].name, name);
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Tom Becker"));
    h.get_by_label_contains("Unsaved changes");
}

#[test]
fn the_timeline_follows_a_record_re_dated_out_of_view() {
    let mut h = new_case();
    go_to(&mut h, "Actions");
    click(&mut h, "Add action");
    crate::gui::set_text(&mut h, "Summary", "Suspended by mistake");
    let drawn = |h: &H| {
        h.query_all_by(|n| {
            n.role() == Role::Button
                && n.label()
                    .is_some_and(|l| l.contains("Suspended by mistake") && l.contains(" — "))
        })
        .count()
    };
    assert!(drawn(&h) > 0, "the new action is on the timeline");
    // Re-dated two years back: the timeline goes with it rather than show an empty range.
    crate::gui::set_text(&mut h, "Start", "2024-03-05 14:32");
    assert_eq!(
        doc(&h).case.actions[0].start.at.format("%Y").to_string(),
        "2024"
    );
    assert!(
        drawn(&h) > 0,
        "the re-dated action is still on the timeline"
    );
}

#[test]
fn going_back_to_a_section_finds_the_record_where_it_was_left() {
    let (_dir, _path, mut h) = open_sample_copy();
    go_to(&mut h, "Statements");
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("mistake"))
        .click();
    h.run();
    let picked = h.state().selected().cloned();
    assert!(picked.is_some());
    go_to(&mut h, "Sources");
    // A source is not "supported by" sources: no such picker in its editor.
    let title = doc(&h).case.sources[0].title.clone();
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some(title.as_str()))
        .click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::DisclosureTriangle, "Sources")
            .is_none()
    );
    go_to(&mut h, "Statements");
    assert_eq!(h.state().selected().cloned(), picked);
    // The navigator's Postmortem carries no count of its own.
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Postmortem"));
}

#[test]
fn add_leaves_the_keyboard_in_the_new_records_form() {
    let mut h = new_case();
    for (section, button) in [
        ("Accounts", "Add account"),
        ("Statements", "Add statement"),
        ("Actions", "Add action"),
    ] {
        go_to(&mut h, section);
        click(&mut h, button);
        h.run();
        let focused: Vec<String> = h
            .query_all_by(|n| n.is_focused())
            .map(|n| {
                format!(
                    "{:?} {:?}",
                    n.accesskit_node().role(),
                    n.accesskit_node().label()
                )
            })
            .collect();
        assert!(
            h.query_by(|n| n.is_focused()
                && matches!(n.role(), Role::TextInput | Role::MultilineTextInput))
                .is_some(),
            "{button}: a field of the form has the keyboard: {focused:?}"
        );
        // Typing goes straight into the new record.
        h.event(egui::Event::Text("typed after add".to_owned()));
        h.run();
        blur(&mut h);
        let case = &doc(&h).case;
        let text = match section {
            "Accounts" => ron::to_string(case.accounts.last().unwrap()),
            "Statements" => ron::to_string(case.statements.last().unwrap()),
            _ => ron::to_string(case.actions.last().unwrap()),
        }
        .unwrap();
        assert!(text.contains("typed after add"), "{button}: {text}");
    }
}
