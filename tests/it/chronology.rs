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
        h.get_by_role_and_label(Role::DisclosureTriangle, "Happened before")
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

/// The fixture shaped like a real takeover: a month-precise phishing, a dense afternoon,
/// day-precise locks and deletions, months of follow-up.
fn dense() -> casebook::model::Case {
    casebook::store::load(&fixture("dense-takeover.case.ron"))
        .unwrap()
        .case
}

#[track_caller]
fn in_order(what: &str, text: &str, needles: &[&str]) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut from = 0;
    for needle in needles {
        let at = flat[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("{what}: {needle:?} missing after byte {from}:\n{flat}"));
        from += at + needle.len();
    }
}

#[test]
fn the_reports_key_events_and_actions_read_in_the_order_things_happened() {
    let case = dense();
    let bytes = casebook::export::pdf(&case, &ExportOptions::default()).unwrap();
    let pdf = crate::export::PdfFile::new(&bytes);
    let text = pdf.flow_text();
    let key_events = &text[text.find("Key events").unwrap()..];
    // The root cause known only to the month first, then the takeover ("by 13:05"), the first
    // scam post at 13:05, ... and the restoration in the evening.
    in_order(
        "key events",
        key_events,
        &[
            "Attackers phish a support contractor",
            "Support tool taken over",
            "@lumenroasters",
            "Posting restored for verified accounts",
        ],
    );
    assert!(
        key_events.contains("sometime in February 2024")
            || key_events.contains("around February 2024"),
        "the vague root cause says so"
    );
    let actions = &text[text.find("\nActions").unwrap()..];
    in_order(
        "actions",
        actions,
        &[
            "Attackers phish a support contractor",
            "Support tool taken over",
            "First user report",
            "Posting restored for verified accounts",
            // The day-precise locks and deletions after everything timed that day.
            "sometime on 2024-03-14",
            "The account holder deletes the posts",
        ],
    );
}

#[test]
fn a_day_precise_deletion_follows_the_statement_that_required_it_in_show_and_csv() {
    let case = dense();
    let show = casebook::export::text::show_case(&case, case.tz());
    in_order(
        "show",
        &show,
        &[
            "2024-03-14 15:14 PDT",
            "STATEMENT",
            "sometime on 2024-03-14",
            "The account holder deletes the posts",
        ],
    );
    let csv = casebook::export::csv_text(&case, &ExportOptions::default());
    let line = |id: &str| {
        csv.lines()
            .position(|l| l.contains(&format!(",{id},")))
            .unwrap_or_else(|| panic!("{id} in the CSV"))
    };
    assert!(line("stmt-remove") < line("act-selfdelete"));
    assert!(line("act-phish") < line("act-tool"));
}
