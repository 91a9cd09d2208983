#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The case's one chronology, as a user meets it: vague times listed at the latest moment they
//! allow and saying so, "after"/"before" links a user sets in the editor, and the same order in
//! the app's tables, `show`, the report and CSV.

use casebook::export::ExportOptions;
use casebook::model::chronology::{chronology, link_cycles};
use casebook::model::{ActionId, EventRef, Level, StatementId, validate};

use crate::common::*;

fn ids(case: &casebook::model::Case) -> Vec<String> {
    chronology(case, case.tz())
        .iter()
        .map(|e| e.event().id().to_owned())
        .collect()
}

#[test]
fn the_sample_reads_in_the_order_things_happened() {
    let case = sample();
    let order = ids(&case);
    let at = |id: &str| order.iter().position(|x| x == id).unwrap();
    // The evening of Nov 2, then what the links place before the interview of Nov 29 (all
    // known only to the month), the interview, then what nothing places: end of November.
    assert!(at("act-restore") < at("act-investigation"));
    assert!(at("act-investigation") < at("stmt-rogue-contractor"));
    assert!(at("stmt-human-error") < at("stmt-rogue-contractor"));
    for id in [
        "stmt-rogue-contractor",
        "stmt-safeguards",
        "stmt-account-holder",
    ] {
        assert!(at(id) < at("stmt-interview"), "{id} before the interview");
    }
    assert_eq!(order.last().map(String::as_str), Some("stmt-identity"));
}

#[test]
fn a_link_to_a_missing_record_or_round_in_a_circle_is_reported_and_nothing_panics() {
    let mut case = sample();
    let a = case
        .actions
        .iter()
        .position(|a| a.id.as_str() == "act-report")
        .unwrap();
    case.actions[a].after = vec![EventRef::Action(ActionId::from("act-gone"))];
    let problems = validate(&case);
    assert!(
        problems.iter().any(|p| p.level == Level::Error
            && p.field == "after"
            && p.message.contains("act-gone")),
        "{problems:?}"
    );
    // Linked after something that certainly came later: a warning, and the link wins.
    case.actions[a].after = vec![EventRef::Statement(StatementId::from("stmt-interview"))];
    let problems = validate(&case);
    assert!(
        problems
            .iter()
            .any(|p| p.level == Level::Warning && p.message.contains("says otherwise")),
        "{problems:?}"
    );
    let order = ids(&case);
    let at = |id: &str| order.iter().position(|x| x == id).unwrap();
    assert!(at("stmt-interview") < at("act-report"));
    // A circle: the interview after the report after the interview.
    let s = case
        .statements
        .iter()
        .position(|s| s.id.as_str() == "stmt-interview")
        .unwrap();
    case.statements[s].after = vec![EventRef::Action(ActionId::from("act-report"))];
    assert_eq!(link_cycles(&case).len(), 1);
    assert!(
        validate(&case)
            .iter()
            .any(|p| p.level == Level::Error && p.message.contains("round in a circle")),
    );
    assert_eq!(ids(&case).len(), case.actions.len() + case.statements.len());
    // Every export still works.
    assert!(!casebook::export::pages(&case, &ExportOptions::default()).is_empty());
    assert!(casebook::export::csv_text(&case, &ExportOptions::default()).contains("act-report"));
    assert!(casebook::export::text::show_case(&case, case.tz()).contains("Happened after"));
}

#[test]
fn deleting_a_record_removes_the_links_to_it() {
    let mut case = sample();
    let target = casebook::model::RecordRef::Statement(StatementId::from("stmt-interview"));
    let referrers: Vec<_> = case
        .references_to(&target)
        .into_iter()
        .filter(|(_, field)| *field == "before")
        .collect();
    assert_eq!(referrers.len(), 3, "{referrers:?}");
    let edit = casebook::model::Edit::delete_unlinking(&case, &target).unwrap();
    edit.apply(&mut case).unwrap();
    assert!(case.statements.iter().all(|s| s.before.is_empty()));
    assert!(validate(&case).iter().all(|p| p.field != "before"));
}

#[cfg(feature = "gui")]
mod gui {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT as _, Queryable as _};

    use super::*;
    use crate::gui::{doc, go_to, open_sample_copy};

    #[test]
    fn a_vague_statement_linked_before_the_interview_moves_before_it_everywhere() {
        let (_dir, _path, mut h) = open_sample_copy();
        go_to(&mut h, "Statements");
        // The statements table lists by the chronology: the unplaced month-precise statement
        // after the interview of Nov 29.
        let rows = |h: &crate::gui::H| -> Vec<String> {
            h.query_all_by(|n| {
                n.role() == Role::Button
                    && n.label().is_some_and(|l| {
                        // Table rows, not timeline items ("… — Public statements").
                        !l.contains(" — ") && (l.contains("declined to confirm") || l == "mistake")
                    })
            })
            .filter_map(|n| n.accesskit_node().label())
            .collect()
        };
        let before = rows(&h);
        assert_eq!(before.len(), 2, "{before:?}");
        assert!(before[1].contains("declined"), "{before:?}");
        h.get_by(|n| {
            n.role() == Role::Button
                && n.label()
                    .is_some_and(|l| l.starts_with("The company declined to confirm"))
        })
        .click();
        h.run();
        // The Order section: "Happened after" and "Happened before" pickers.
        h.get_by_role_and_label(Role::DisclosureTriangle, "Order")
            .scroll_to_me();
        h.run();
        h.get_by_role_and_label(Role::DisclosureTriangle, "Order")
            .click();
        h.run();
        h.get_by_label("Happened before");
        assert!(
            h.query_all_by_role_and_label(Role::DisclosureTriangle, "none")
                .count()
                >= 2,
            "both pickers are there"
        );
        h.query_all_by_role_and_label(Role::DisclosureTriangle, "none")
            .last()
            .unwrap()
            .click();
        h.run();
        let option = "2017-11-29 · statement, Bahtiyar Duysak: “mistake”";
        h.get_by_role_and_label(Role::CheckBox, option)
            .scroll_to_me();
        h.run();
        h.get_by_role_and_label(Role::CheckBox, option).click();
        h.run();
        let case = &doc(&h).case;
        let s = case
            .statements
            .iter()
            .find(|s| s.id.as_str() == "stmt-identity")
            .unwrap();
        assert_eq!(
            s.before,
            vec![EventRef::Statement(StatementId::from("stmt-interview"))]
        );
        let order = ids(case);
        assert_eq!(order.last().map(String::as_str), Some("stmt-interview"));
        // The table follows.
        go_to(&mut h, "Statements");
        let after = rows(&h);
        assert!(after[0].contains("declined"), "{after:?}");
    }
}
