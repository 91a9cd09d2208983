//! Response times and the fuller postmortem (issue 28), on the real output: `casebook show`,
//! the CSV, the report (pdftotext), the file format (old files load, new fields survive a save),
//! and the postmortem panel's "Suggest" button.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use casebook::export::{self, ExportOptions};
use casebook::model::*;
use casebook::store;

use crate::common;
use crate::export::PdfFile;

fn sample() -> Case {
    store::load(&common::sample_path()).unwrap().case
}

fn casebook(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "casebook {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whitespace runs as one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[track_caller]
fn assert_has(what: &str, text: &str, needle: &str) {
    assert!(
        flat(text).contains(needle),
        "{what} should contain {needle:?}; it is:\n{}",
        flat(text)
    );
}

fn action(id: &str) -> EventRef {
    EventRef::Action(ActionId::from(id))
}

/// The sample with every part of the fuller postmortem filled in.
fn fuller() -> Case {
    let mut case = sample();
    let review_date = common::when("2017-12-04", case.tz());
    let pm = &mut case.postmortem;
    pm.detection = Some(Detection {
        method: DetectionMethod::Press,
        detail: "reporters asked why the account was gone".to_owned(),
    });
    pm.went_well = vec!["The account was back within about 11 minutes.".to_owned()];
    pm.went_wrong = vec!["The first statement blamed human error.".to_owned()];
    pm.lucky = vec!["Nothing was posted from the account meanwhile.".to_owned()];
    pm.review = Some(Review {
        reviewers: vec!["Head of T&S".to_owned(), "Legal".to_owned()],
        date: Some(review_date),
        decision: Some(ReviewDecision::AcceptedWithChanges),
    });
    let f = &mut case.postmortem.follow_ups[1];
    f.priority = Some(Priority::High);
    f.tracker = "T-42".to_owned();
    case
}

#[test]
fn show_lists_the_response_times_with_honest_bounds_and_the_milestones() {
    let path = common::sample_path();
    let out = casebook(&["show", path.to_str().unwrap()]);
    assert_has("show", &out, "RESPONSE TIMES");
    assert_has("show", &out, "Time to mitigate: about 11 min");
    assert_has("show", &out, "Time to resolve: about 11 min");
    // The deactivation and the first statement are both known only to "the evening".
    assert_has("show", &out, "Time to first statement: between 0 and 6 h");
    assert_has(
        "show",
        &out,
        "- Mitigated: 2017-11-02 ~evening — Account restored (act-restore)",
    );
    // Nothing detected it in the sources: no false figure.
    assert!(!out.contains("Time to detect"), "{out}");
    assert_has("show", &out, "Open questions:");
    assert!(
        !out.contains("What went well"),
        "empty sections are left out"
    );
}

#[test]
fn the_csv_has_a_row_per_response_time_naming_its_milestones() {
    let path = common::sample_path();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.csv");
    casebook(&[
        "export",
        path.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let of_kind = |kind: &str| -> Vec<&Vec<String>> {
        rows.iter().filter(|r| r[col("kind")] == kind).collect()
    };
    let times = of_kind("response time");
    assert_eq!(times.len(), 3);
    let mitigate = times
        .iter()
        .find(|r| r[col("measure")] == "time to mitigate")
        .unwrap();
    assert_eq!(mitigate[col("duration")], "about 11 min");
    assert_eq!(mitigate[col("count")], "660");
    assert_eq!(mitigate[col("count_qualifier")], "about");
    assert_eq!(mitigate[col("unit")], "seconds");
    assert_eq!(
        mitigate[col("link_record_id")],
        "act-deactivation; act-restore"
    );
    let statement = times
        .iter()
        .find(|r| r[col("measure")] == "time to first statement")
        .unwrap();
    assert_eq!(statement[col("duration")], "between 0 and 6 h");
    assert_eq!(statement[col("count")], "", "a range has no one figure");
    assert_eq!(
        statement[col("link")],
        "impact began to first public statement"
    );
    assert_eq!(
        statement[col("link_record_id")],
        "act-deactivation; stmt-human-error"
    );
    assert_eq!(
        statement[col("record_id")],
        "postmortem.time_to_first_statement"
    );
}

#[test]
fn the_report_shows_response_times_on_its_cover_and_the_whole_postmortem() {
    let opts = ExportOptions {
        exported_at: "2026-11-28T12:00:00Z".parse().unwrap(),
        ..ExportOptions::default()
    };
    let pdf = PdfFile::new(&export::pdf(&fuller(), &opts).unwrap());
    let cover = pdf.page_text(1);
    assert_has("cover", &cover, "Response times");
    assert_has("cover", &cover, "about 11 min");
    assert_has("cover", &cover, "between 0 and 6 h");
    let text = pdf.flow_text();
    for needle in [
        "How it was detected",
        "Press: reporters asked why the account was gone",
        "Milestones and response times",
        "What went well",
        "What went wrong",
        "Where we got lucky",
        "Nothing was posted from the account meanwhile.",
        "Open questions",
        "Accepted with changes on 2017-12-04 by Head of T&S, Legal.",
        "High priority",
        "Tracked: T-42",
    ] {
        assert_has("report", &text, needle);
    }
    // The sample as it is: no empty sections.
    let plain = PdfFile::new(&export::pdf(&sample(), &opts).unwrap()).flow_text();
    for absent in [
        "What went well",
        "Where we got lucky",
        "How it was detected",
        "Review",
    ] {
        assert!(
            !flat(&plain).contains(absent),
            "{absent} should be left out"
        );
    }
    // Redacted, the milestones' records still resolve and nothing leaks.
    let redacted = ExportOptions {
        redact: true,
        ..opts
    };
    let text = PdfFile::new(&export::pdf(&fuller(), &redacted).unwrap()).flow_text();
    assert_has("redacted report", &text, "about 11 min");
}

#[test]
fn the_new_fields_survive_a_save_and_files_without_them_still_load() {
    let case = fuller();
    let text = store::to_text(&case).unwrap();
    assert!(text.contains("milestones: ("), "{text}");
    let again = store::parse(&text, std::path::Path::new("x.case.ron")).unwrap();
    assert_eq!(again.postmortem, case.postmortem);
    // A version 2 file from before milestones and the fuller postmortem.
    let mut old = sample();
    old.postmortem.milestones = Milestones::default();
    old.postmortem.open_questions.clear();
    let text = store::to_text(&old).unwrap();
    assert!(
        !text.contains("milestones") && !text.contains("went_well"),
        "{text}"
    );
    let loaded = store::parse(&text, std::path::Path::new("x.case.ron")).unwrap();
    assert!(loaded.postmortem.milestones.is_empty());
    assert!(loaded.postmortem.review.is_none());
}

#[test]
fn a_milestone_pointing_nowhere_is_an_error_and_ends_out_of_order_a_warning() {
    let mut case = sample();
    case.postmortem.milestones.detected = Some(action("act-gone"));
    let problems = validate(&case);
    assert!(
        problems
            .iter()
            .any(|p| p.level == Level::Error && p.message.contains("act-gone")),
        "{problems:?}"
    );
    // A month and an evening in it overlap: not out of order.
    let mut case = sample();
    case.postmortem.milestones.impact_began = Some(action("act-investigation"));
    assert!(
        !validate(&case)
            .iter()
            .any(|p| p.message.contains("certainly before")),
        "overlapping periods are not out of order"
    );
    // The interview of Nov 29 as the impact, the restoration of Nov 2 as its mitigation: out
    // of order for certain, whatever the precision.
    case.postmortem.milestones.impact_began =
        Some(EventRef::Statement(StatementId::from("stmt-interview")));
    let problems = validate(&case);
    assert!(
        problems.iter().any(|p| p.level == Level::Warning
            && p.message
                .starts_with("Mitigated is certainly before impact began")),
        "{problems:?}"
    );
}

#[cfg(feature = "gui")]
#[test]
fn suggest_fills_the_empty_milestones_from_the_records_and_the_times_appear() {
    use crate::gui::{doc, go_to, open};
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.case.ron");
    let mut case = sample();
    case.postmortem.milestones = Milestones {
        // A pinned milestone is kept.
        mitigated: Some(action("act-restore")),
        ..Milestones::default()
    };
    store::save(&path, &case, None).unwrap();
    let mut h = open(&path);
    go_to(&mut h, "Postmortem");
    h.get_by_label("Time to mitigate: needs impact began and mitigated");
    h.get_by_role_and_label(Role::Button, "Suggest")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, "Suggest").click();
    h.run();
    h.run();
    let m = &doc(&h).case.postmortem.milestones;
    assert_eq!(m.impact_began, Some(action("act-deactivation")));
    assert_eq!(m.mitigated, Some(action("act-restore")));
    assert_eq!(m.resolved, Some(action("act-restore")));
    assert_eq!(
        m.first_statement,
        Some(EventRef::Statement(StatementId::from("stmt-human-error")))
    );
    assert_eq!(
        m.corrected_statement,
        Some(EventRef::Statement(StatementId::from(
            "stmt-rogue-contractor"
        )))
    );
    assert_eq!(m.detected, None, "the only report came before the impact");
    // The durations below, read-only; one undo step takes the suggestion back.
    h.get_by_label("Time to mitigate: about 11 min");
    h.get_by_label("Time to first statement: between 0 and 6 h");
    assert!(doc(&h).is_dirty());
    crate::gui::ctrl(&mut h, egui::Key::Z);
    let m = &doc(&h).case.postmortem.milestones;
    assert_eq!(
        (m.impact_began.as_ref(), m.mitigated.clone()),
        (None, Some(action("act-restore"))),
        "one undo takes the whole suggestion back"
    );
}

#[cfg(feature = "gui")]
#[test]
fn the_panel_records_how_it_was_detected_what_went_well_and_the_review() {
    use crate::gui::{choose, doc, go_to, open_sample_copy, set_text};
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;

    let (_dir, _path, mut h) = open_sample_copy();
    go_to(&mut h, "Postmortem");
    choose(&mut h, "Detected by", "press");
    set_text(&mut h, "How, in words", "a journalist asked for comment");
    set_text(&mut h, "What went well", "Restored within about 11 minutes");
    set_text(&mut h, "Reviewers", "Head of T&S, Legal");
    h.get_by_role_and_label(Role::ComboBox, "Decision")
        .scroll_to_me();
    h.run();
    choose(&mut h, "Decision", "accepted with changes");
    let pm = &doc(&h).case.postmortem;
    assert_eq!(
        pm.detection,
        Some(Detection {
            method: DetectionMethod::Press,
            detail: "a journalist asked for comment".to_owned(),
        })
    );
    assert_eq!(pm.went_well, ["Restored within about 11 minutes"]);
    let review = pm.review.as_ref().unwrap();
    assert_eq!(review.reviewers, ["Head of T&S", "Legal"]);
    assert_eq!(review.decision, Some(ReviewDecision::AcceptedWithChanges));
    // The milestones the sample pins are untouched.
    assert_eq!(pm.milestones.mitigated, Some(action("act-restore")));
}

#[test]
fn search_finds_the_fuller_postmortem() {
    let case = fuller();
    let hits = casebook::model::search::search(&case, "posted from the account", 10);
    assert!(
        hits.iter()
            .any(|h| h.record == RecordRef::Postmortem && h.field == "Where we got lucky"),
        "{hits:?}"
    );
    let hits = casebook::model::search::search(&case, "T-42", 10);
    assert!(hits.iter().any(|h| h.field == "Tracker"), "{hits:?}");
}

#[test]
fn redaction_renames_a_milestones_record_id_as_it_renames_the_record() {
    let text = std::fs::read_to_string(common::sample_path())
        .unwrap()
        .replace("act-deactivation", "act-duysak-deactivation");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("named.case.ron");
    std::fs::write(&path, text).unwrap();
    let out = casebook(&["show", path.to_str().unwrap(), "--redact"]);
    assert!(!out.to_lowercase().contains("duysak"), "{out}");
    // The milestone still finds its record (and the reversal its action).
    assert_has("redacted show", &out, "Time to mitigate: about 11 min");
    assert_has("redacted show", &out, "(act-contractor-a-deactivation)");
}
