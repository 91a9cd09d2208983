#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Quick entry through the real app, by accessible labels: rows pasted from a spreadsheet,
//! rows typed with Tab and Enter, and the confirmation before new names become records.

use casebook::model::{ActionKind, Actor, Precision, When};
use casebook::ui::Section;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use crate::gui::{H, ctrl, doc, go_to, new_case, open_sample_copy, text_input};

/// Types `text` into whichever input has the keys, one character a frame, as a person would.
fn type_keys(h: &mut H, text: &str) {
    for c in text.chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.step();
    }
    h.run();
}

fn key(h: &mut H, key: Key) {
    h.key_press(key);
    h.run();
}

/// The text shown beside the cells: every label that starts with `prefix`.
fn readings(h: &H, prefix: &str) -> Vec<String> {
    h.query_all_by(|n| n.role() == Role::Label)
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .filter(|l| l.starts_with(prefix))
        .collect()
}

fn open_quick_entry(h: &mut H) {
    go_to(h, "Quick entry");
    assert_eq!(h.state().section(), Section::QuickEntry);
    assert!(
        text_input(h, "When 1").is_focused(),
        "the first row's When takes the keys"
    );
}

#[test]
fn pasting_three_tab_separated_rows_adds_three_actions_as_one_undo_step() {
    let (_dir, _path, mut h) = open_sample_copy();
    let before = doc(&h).case.actions.len();
    let trump = doc(&h).case.accounts[0].id.clone();
    let duysak = doc(&h).case.staff[0].id.clone();
    open_quick_entry(&mut h);

    // As copied from a spreadsheet: a header row, tabs, a bare time under a dated row.
    h.event(egui::Event::Paste(
        "When\tKind\tWhat\tWho\tTarget\n\
         2017-11-03 09:00\tsusp\tSuspended for review\tBahtiyar Duysak\t@realDonaldTrump\n\
         09:10\trev\tReinstated\tBahtiyar Duysak\trealDonaldTrump\n\
         09:20\tcomment\tNoted in the log\t\t@realDonaldTrump\n"
            .to_owned(),
    ));
    h.run();
    assert_eq!(
        text_input(&h, "When 2").value().as_deref(),
        Some("09:10"),
        "each pasted line fills a row"
    );
    assert_eq!(text_input(&h, "Kind 3").value().as_deref(), Some("comment"));
    assert!(
        !readings(&h, "→ Bahtiyar Duysak (existing)").is_empty(),
        "the grid says who a name is"
    );
    assert!(!readings(&h, "→ reinstatement / reversal, reverses the suspension").is_empty());
    assert_eq!(
        doc(&h).case.actions.len(),
        before,
        "nothing is added before asked"
    );

    h.get_by_role_and_label(Role::Button, "Add 3 rows").click();
    h.run();
    assert_eq!(h.state().modal_title(), None);
    let case = &doc(&h).case;
    let tz = case.tz();
    assert_eq!(case.actions.len(), before + 3);
    let added = &case.actions[before..];
    let kinds: Vec<ActionKind> = added.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            ActionKind::Suspension,
            ActionKind::Reinstatement,
            ActionKind::Comment
        ]
    );
    for (action, time) in
        added
            .iter()
            .zip(["2017-11-03 09:00", "2017-11-03 09:10", "2017-11-03 09:20"])
    {
        assert_eq!(action.start.at, When::parse(time, tz).unwrap().at, "{time}");
        assert_eq!(action.start.precision, Precision::Minute);
        assert_eq!(action.targets, std::slice::from_ref(&trump));
    }
    assert_eq!(added[0].performer, Actor::Staff(duysak.clone()));
    assert_eq!(added[2].performer, Actor::Unknown);
    assert_eq!(added[1].reverses.as_ref(), Some(&added[0].id));
    assert_eq!(case.staff.len(), 1, "no one new");

    // One step: Ctrl+Z takes all three away.
    ctrl(&mut h, Key::Z);
    assert_eq!(doc(&h).case.actions.len(), before);
    ctrl(&mut h, Key::Y);
    assert_eq!(doc(&h).case.actions.len(), before + 3);
}

#[test]
fn typing_a_row_with_tab_and_enter_adds_it_after_confirming_new_names() {
    let mut h = new_case();
    let tz = doc(&h).case.tz();
    open_quick_entry(&mut h);

    for (i, cell) in [
        "2024-03-05 14:32",
        "susp",
        "Suspended by mistake",
        "Tom Becker",
        "@newsdaily",
    ]
    .iter()
    .enumerate()
    {
        type_keys(&mut h, cell);
        key(&mut h, Key::Tab);
        let next = ["Kind 1", "What 1", "Who 1", "Target 1", "Source 1"][i];
        assert!(text_input(&h, next).is_focused(), "Tab moves to {next}");
    }
    assert_eq!(
        readings(&h, "→ new staff member ‘Tom Becker’").len(),
        1,
        "the cell says a staff member will be created"
    );
    assert_eq!(readings(&h, "→ new account @newsdaily").len(), 1);
    assert_eq!(readings(&h, "→ suspension").len(), 1);

    // Enter on the last cell: first, what it will also create.
    key(&mut h, Key::Enter);
    let question = "This will also create: account @newsdaily, staff member Tom Becker. Add?";
    assert!(h.query_by_label(question).is_some(), "asks before creating");
    assert!(doc(&h).case.staff.is_empty() && doc(&h).case.actions.is_empty());
    // Enter again says yes (the keys stay in the grid).
    key(&mut h, Key::Enter);
    assert!(h.query_by_label(question).is_none());
    let case = &doc(&h).case;
    assert_eq!(case.actions.len(), 1);
    assert_eq!(case.staff.len(), 1);
    assert_eq!(case.staff[0].name, "Tom Becker");
    assert_eq!(case.accounts.len(), 1);
    assert_eq!(case.accounts[0].handle, "@newsdaily");
    let suspension = &case.actions[0];
    assert_eq!(suspension.kind, ActionKind::Suspension);
    assert_eq!(suspension.summary, "Suspended by mistake");
    assert_eq!(suspension.performer, Actor::Staff(case.staff[0].id.clone()));
    assert_eq!(suspension.targets, [case.accounts[0].id.clone()]);
    assert_eq!(
        suspension.start.at,
        When::parse("2024-03-05 14:32", tz).unwrap().at
    );

    // The next row starts with the keys in When, and a time alone takes the same date. Names
    // now known ask nothing; Ctrl+Enter adds from any cell.
    assert!(text_input(&h, "When 1").is_focused());
    type_keys(&mut h, "15:05");
    key(&mut h, Key::Tab);
    type_keys(&mut h, "rev");
    key(&mut h, Key::Tab);
    key(&mut h, Key::Tab);
    type_keys(&mut h, "Tom Becker");
    key(&mut h, Key::Tab);
    type_keys(&mut h, "newsdaily");
    assert_eq!(readings(&h, "→ @newsdaily (existing)").len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    let case = &doc(&h).case;
    assert_eq!(case.actions.len(), 2, "added without asking");
    assert_eq!(case.staff.len(), 1);
    let reversal = &case.actions[1];
    assert_eq!(reversal.kind, ActionKind::Reinstatement);
    assert_eq!(
        reversal.start.at,
        When::parse("2024-03-05 15:05", tz).unwrap().at
    );
    assert_eq!(reversal.reverses.as_ref(), Some(&case.actions[0].id));
    assert_eq!(reversal.summary, "Reinstatement / reversal");
}

#[test]
fn cancelling_creates_nothing_and_a_bad_time_is_said_beside_its_cell() {
    let mut h = new_case();
    open_quick_entry(&mut h);
    type_keys(&mut h, "2024-03-05 14:10");
    key(&mut h, Key::Tab);
    type_keys(&mut h, "report");
    key(&mut h, Key::Tab);
    key(&mut h, Key::Tab);
    type_keys(&mut h, "Sam Okafor");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert!(doc(&h).case.staff.is_empty() && doc(&h).case.actions.is_empty());
    assert_eq!(
        text_input(&h, "Who 1").value().as_deref(),
        Some("Sam Okafor"),
        "the row stays as typed"
    );

    // An unreadable time: said beside the cell and below the grid; the row cannot be added.
    let add = h.get_by_role_and_label(Role::Button, "Add 1 row").rect();
    text_input(&h, "When 1").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_keys(&mut h, "25:99");
    assert_eq!(readings(&h, "✖ cannot read \"25:99\"").len(), 1);
    assert!(
        !readings(&h, "✖ row 1, When: cannot read").is_empty(),
        "the line below the grid says where"
    );
    let button = h.get_by_role_and_label(Role::Button, "Add 1 row");
    assert!(button.accesskit_node().is_disabled());
    assert_eq!(button.rect(), add, "nothing moved");
}

#[test]
fn keys_typed_within_one_frame_land_in_their_cells() {
    let mut h = new_case();
    open_quick_entry(&mut h);
    // A fast typist (or a slow frame): a whole row arrives before the grid is drawn again.
    for event in [
        egui::Event::Text("2024-03-05 14:10".to_owned()),
        egui::Event::Key {
            key: Key::Tab,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        },
        egui::Event::Text("rep".to_owned()),
        egui::Event::Key {
            key: Key::Tab,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        },
        egui::Event::Text("Flagged".to_owned()),
    ] {
        h.event(event);
    }
    h.run();
    assert_eq!(
        text_input(&h, "When 1").value().as_deref(),
        Some("2024-03-05 14:10")
    );
    assert_eq!(text_input(&h, "Kind 1").value().as_deref(), Some("rep"));
    assert_eq!(text_input(&h, "What 1").value().as_deref(), Some("Flagged"));
    assert!(text_input(&h, "What 1").is_focused());
}

#[test]
fn add_all_rows_asks_once_and_one_undo_takes_the_new_records_too() {
    let mut h = new_case();
    open_quick_entry(&mut h);
    h.event(egui::Event::Paste(
        "2024-03-05 14:32\tsusp\tSuspended by mistake\tTom Becker\t@newsdaily\n\
         15:05\trev\tReversed\tPriya Raman\t@newsdaily\n"
            .to_owned(),
    ));
    h.run();
    h.get_by_role_and_label(Role::Button, "Add 2 rows").click();
    h.run();
    let question = "This will also create: account @newsdaily, staff member Tom Becker, staff member Priya Raman. Add?";
    assert!(h.query_by_label(question).is_some());
    assert!(doc(&h).case.actions.is_empty());
    key(&mut h, Key::Enter);
    let case = &doc(&h).case;
    assert_eq!(case.actions.len(), 2);
    assert_eq!(case.staff.len(), 2);
    assert_eq!(case.accounts.len(), 1);
    assert_eq!(
        doc(&h).undo_label().as_deref(),
        Some("Add 2 actions (with 1 account, 2 staff members)")
    );
    ctrl(&mut h, Key::Z);
    let case = &doc(&h).case;
    assert!(case.actions.is_empty() && case.staff.is_empty() && case.accounts.is_empty());
}
