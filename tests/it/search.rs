//! "Find in case": text anywhere in a case — records, tags, notes, the case's own fields and the
//! postmortem — found case-insensitively, with the field it is in.

use crate::common;

use casebook::model::search::search;
use casebook::model::{RecordKind, RecordRef};
use common::sample;

#[test]
fn finds_a_word_in_every_kind_of_place_it_occurs() {
    let case = sample();
    let hits = search(&case, "ROGUE", 100);
    let places: Vec<(Option<RecordKind>, &str)> = hits
        .iter()
        .map(|h| (h.record.kind(), h.field.as_str()))
        .collect();
    // The case summary, the corrected statement and the account holder's quote.
    assert!(places.contains(&(None, "Summary")), "{places:?}");
    assert!(
        places
            .iter()
            .filter(|(k, f)| *k == Some(RecordKind::Statement) && *f == "Quote")
            .count()
            >= 2,
        "{places:?}"
    );
    for hit in &hits {
        assert!(
            hit.excerpt.to_lowercase().contains("rogue"),
            "{}",
            hit.excerpt
        );
    }
}

#[test]
fn finds_staff_by_name_and_notes_by_number() {
    let case = sample();
    let staff = &case.staff[0];
    let hits = search(&case, &staff.name.to_lowercase(), 100);
    assert!(
        hits.iter()
            .any(|h| h.record == RecordRef::Staff(staff.id.clone()) && h.field == "Name")
    );
    // A word from the staff member's second note.
    let note = &staff.meta.notes[1].text;
    let word = note
        .split_whitespace()
        .max_by_key(|w| w.len())
        .expect("a word");
    let hits = search(&case, word, 100);
    assert!(
        hits.iter()
            .any(|h| h.record == RecordRef::Staff(staff.id.clone()) && h.field == "Note 2"),
        "{word}: {hits:?}"
    );
}

#[test]
fn blank_finds_nothing_and_the_limit_holds() {
    let case = sample();
    assert!(search(&case, "", 100).is_empty());
    assert!(search(&case, "   ", 100).is_empty());
    assert!(search(&case, "zzzz-not-in-the-case", 100).is_empty());
    let all_e = search(&case, "e", 1000).len();
    assert!(all_e > 5);
    assert_eq!(search(&case, "e", 5).len(), 5);
}

#[test]
fn finds_records_by_their_kind_and_authorization() {
    let case = sample();
    let unauthorized: Vec<_> = search(&case, "unauthorized", 100)
        .into_iter()
        .filter(|h| h.field == "Authorization")
        .collect();
    assert_eq!(unauthorized.len(), 1, "{unauthorized:?}");
    let deactivation = case
        .actions
        .iter()
        .find(|a| a.authorization == casebook::model::Authorization::Unauthorized)
        .unwrap();
    assert_eq!(
        unauthorized[0].record,
        RecordRef::Action(deactivation.id.clone())
    );
    assert!(
        search(&case, "press statement", 100)
            .iter()
            .any(|h| h.field == "Channel")
    );
}

#[test]
fn finds_outsiders_classes_figures_and_archived_addresses() {
    let case = casebook::store::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/examples/twitter-2020-account-takeover.case.ron"),
    )
    .unwrap()
    .case;
    let found = |query: &str| -> Vec<(Option<RecordKind>, String)> {
        search(&case, query, 100)
            .into_iter()
            .map(|h| (h.record.kind(), h.field))
            .collect()
    };
    assert!(
        found("sheppard").contains(&(Some(RecordKind::Outsider), "Name".to_owned())),
        "{:?}",
        found("sheppard")
    );
    assert!(found("regulator").contains(&(Some(RecordKind::Outsider), "Role".to_owned())));
    assert!(
        found("verified accounts")
            .contains(&(Some(RecordKind::Account), "Class of accounts".to_owned()))
    );
    assert!(found("inboxes").contains(&(None, "Impact figure".to_owned())));
    assert!(
        found("web.archive.org").contains(&(Some(RecordKind::Source), "Other address".to_owned()))
    );
}
