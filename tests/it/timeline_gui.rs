#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The timeline view through the real app (egui_kittest, no display): items are widgets named
//! after what they show, so they can be clicked and read like any button.

use std::path::Path;

use crate::common;

use casebook::model::{RecordKind, RecordRef};
use casebook::ui::{CasebookApp, Section};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

type H = Harness<'static, CasebookApp>;

fn sample() -> H {
    timeline_of(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/examples/twitter-2017-deactivation.case.ron"),
    )
}

/// The app on `path`, showing the full-size timeline view.
fn timeline_of(path: std::path::PathBuf) -> H {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(
            |ui, app: &mut CasebookApp| app.show(ui),
            CasebookApp::headless(Some(path)),
        );
    h.run();
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Timeline"))
        .click();
    h.run();
    assert_eq!(h.state().section(), Section::Timeline);
    h
}

/// Clicks the List view's "Copy as text" and returns what it put on the clipboard.
fn copy_list(h: &mut H) -> String {
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Copy as text"))
        .click();
    h.step();
    common::copied_text(h.output()).expect("the list was copied")
}

/// Labels of the timeline items currently drawn (one per item and lane).
fn item_labels(h: &H) -> Vec<String> {
    h.query_all_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.contains(" — ")))
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

#[test]
fn clicking_an_item_opens_its_record_in_the_editor() {
    let mut h = sample();
    let deactivation = h
        .query_all_by(|n| {
            n.role() == Role::Button
                && n.label()
                    .is_some_and(|l| l.starts_with("deactivation: Contractor set"))
        })
        .next()
        .expect("the deactivation is on the timeline");
    deactivation.click();
    h.run();
    assert_eq!(
        h.state().selected(),
        Some(&RecordRef::Action("act-deactivation".into()))
    );
    assert_eq!(h.state().section(), Section::Records(RecordKind::Action));
    // The editor shows it.
    assert!(
        h.query_all_by_label("Contractor set the account's deactivation in motion, then left")
            .next()
            .is_some()
    );
}

#[test]
fn the_statements_filter_hides_statements() {
    let mut h = sample();
    assert!(
        item_labels(&h).iter().any(|l| l.contains("“human error”")),
        "statements are shown: {:?}",
        item_labels(&h)
    );
    h.get_by(|n| {
        n.role() == Role::CheckBox && n.label().is_some_and(|l| l.ends_with("Statements"))
    })
    .click();
    h.run();
    let labels = item_labels(&h);
    assert!(
        !labels.iter().any(|l| l.contains("“")),
        "no statement remains: {labels:?}"
    );
    assert!(
        labels.iter().any(|l| l.starts_with("deactivation:")),
        "actions stay: {labels:?}"
    );
}

#[test]
fn fit_shows_every_dated_record() {
    let mut h = sample();
    // Zoom far in with Ctrl+wheel over the timeline, so most items leave the view…
    let centre = h
        .query_all_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("deactivation:"))
        })
        .next()
        .expect("deactivation drawn")
        .rect()
        .center();
    h.hover_at(egui::pos2(centre.x as f32, centre.y as f32));
    for _ in 0..20 {
        h.event_modifiers(
            egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Line,
                delta: egui::vec2(0.0, 3.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::COMMAND,
            },
            egui::Modifiers::COMMAND,
        );
        h.step();
    }
    h.run();
    let zoomed = item_labels(&h).len();
    // …then Fit brings every dated action, statement, source and follow-up back.
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Fit"))
        .click();
    h.run();
    let labels = item_labels(&h);
    let case = &h.state().document().expect("open").case;
    let mut expected: Vec<String> = case
        .actions
        .iter()
        .map(|a| format!("{}: {}", a.kind.label(), a.summary))
        .collect();
    expected.extend(
        case.sources
            .iter()
            .filter(|s| s.published.is_some())
            .map(|s| format!("published: {}", s.title)),
    );
    // A follow-up due "~Jan 2018", a month after everything else, is reached too.
    expected.extend(
        case.postmortem
            .follow_ups
            .iter()
            .filter(|f| f.due.is_some())
            .map(|f| {
                format!(
                    "due: {}",
                    f.description.chars().take(30).collect::<String>()
                )
            }),
    );
    assert!(
        expected.iter().any(|e| e.starts_with("due: ")),
        "the sample has a due date"
    );
    for e in &expected {
        assert!(
            labels.iter().any(|l| l.starts_with(e.as_str())),
            "{e} is visible after Fit: {labels:?}"
        );
    }
    let statements = labels
        .iter()
        .filter(|l| l.contains("Public statements"))
        .count();
    assert_eq!(statements, case.statements.len());
    assert!(
        labels.len() > zoomed,
        "fit shows more than the zoomed view ({zoomed} → {})",
        labels.len()
    );
}

#[test]
fn a_date_range_keeps_only_what_it_covers() {
    let mut h = sample();
    let from = h.get_by(|n| n.role() == Role::TextInput && n.label().as_deref() == Some("From"));
    from.focus();
    h.run();
    h.get_by(|n| n.role() == Role::TextInput && n.label().as_deref() == Some("From"))
        .type_text("2017-11-20");
    h.run();
    let labels = item_labels(&h);
    assert!(
        labels.iter().any(|l| l.contains("“mistake”")),
        "the Nov 29 interview stays: {labels:?}"
    );
    assert!(
        !labels.iter().any(|l| l.starts_with("report received:")),
        "the Nov 2 report goes: {labels:?}"
    );
}

#[test]
fn the_list_mode_shows_the_same_items_in_order_and_copies_them() {
    let mut h = sample();
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("List"))
        .click();
    h.run();
    // Chronological: the report comes before the interview.
    let labels: Vec<String> = h
        .query_all_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.contains(':')))
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    let report = labels
        .iter()
        .position(|l| l.starts_with("report received:"))
        .expect("report listed");
    let interview = labels
        .iter()
        .position(|l| l.contains("“mistake”"))
        .expect("interview listed");
    assert!(report < interview, "{labels:?}");
    // In the case's one chronology, as in the report: the correction ("a rogue
    // contractor", later that month) after the "human error" statement of Nov 2.
    let first = labels
        .iter()
        .position(|l| l.contains("“human error”"))
        .expect("first statement listed");
    let correction = labels
        .iter()
        .position(|l| l.contains("rogue contractor was responsible"))
        .expect("correction listed");
    assert!(first < correction && correction < interview, "{labels:?}");
    let copied = copy_list(&mut h);
    assert!(copied.starts_with("when\tkind\tdescription\n"));
    assert!(
        copied.contains("2017-11-02 ~evening\tdeactivation\t"),
        "{copied}"
    );
}

#[test]
fn on_a_utc_axis_the_case_zones_days_keep_their_dates_and_say_whose_they_are() {
    let mut h = sample();
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("List"))
        .click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Timeline time zone")
        .click();
    h.run();
    h.get_by_label("UTC").click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Timeline time zone")
            .value()
            .as_deref(),
        Some("UTC")
    );
    let copied = copy_list(&mut h);
    // The contractor's evening is New York's, whatever the axis; the interview date too.
    assert!(
        copied.contains("2017-11-02 ~evening (America/New_York)\tdeactivation\t"),
        "{copied}"
    );
    assert!(
        copied.contains("2017-11-29 (America/New_York)\t"),
        "{copied}"
    );
    // On screen the case zone is named once, above the list, not on every row; the copied
    // rows above keep it, as they leave the app.
    h.get_by_label_contains("dates and parts of day in America/New_York");
    assert!(h.query_all_by_label("2017-11-02 ~evening").count() >= 1);
    assert_eq!(
        h.query_all_by_label_contains("(America/New_York)").count(),
        0,
        "no row repeats the case zone"
    );
}

#[test]
fn the_lane_filter_shows_one_lane() {
    let mut h = sample();
    h.get_by(|n| {
        n.role() == Role::ComboBox && n.label().as_deref() == Some("Timeline: show one lane")
    })
    .click();
    h.run();
    h.get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Public statements"))
        .click();
    h.run();
    let labels = item_labels(&h);
    assert!(!labels.is_empty());
    assert!(
        labels.iter().all(|l| l.ends_with("— Public statements")),
        "{labels:?}"
    );
}

#[test]
fn a_bulk_action_beyond_what_a_lane_can_stack_shows_how_many_are_hidden() {
    // The contractor suspends 30 accounts in the same minute, each for three hours: more bars
    // than a lane stacks. None may vanish silently.
    let case = common::sample_with_bulk_action(30);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bulk.case.ron");
    casebook::store::save(&file, &case, None).unwrap();

    let mut h = timeline_of(file);

    let drawn = |h: &H| {
        item_labels(h)
            .iter()
            .filter(|l| {
                l.starts_with("suspension: Bulk suspension") && l.ends_with("Bahtiyar Duysak")
            })
            .count()
    };
    let badge = h
        .query_all_by(|n| {
            n.role() == Role::Button
                && n.label().is_some_and(|l| {
                    l.starts_with('+') && l.ends_with("more in Bahtiyar Duysak: click for the list")
                })
        })
        .next()
        .expect("a “+N more” badge in the contractor's lane")
        .accesskit_node()
        .label()
        .unwrap();
    let hidden: usize = badge
        .trim_start_matches('+')
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(hidden > 0 && drawn(&h) < 30, "{badge}; {} drawn", drawn(&h));
    assert_eq!(
        drawn(&h) + hidden,
        30,
        "every bulk action is drawn or counted: {badge}"
    );
    // What the case is about stays drawn, however crowded the lane: the unauthorized
    // deactivation (a key event) comes before the bulk bars in its lane.
    assert!(
        item_labels(&h).iter().any(
            |l| l.starts_with("deactivation: Contractor set") && l.ends_with("Bahtiyar Duysak")
        ),
        "{:?}",
        item_labels(&h)
    );

    // The badge leads to the List view, which has them all (copied as text, one per line).
    h.get_by_label(&badge).click();
    h.run();
    let copied = copy_list(&mut h);
    let listed: std::collections::BTreeSet<&str> = copied
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .filter(|d| d.starts_with("suspension: Bulk suspension"))
        .collect();
    assert_eq!(
        listed.len(),
        30,
        "the List view has every bulk action: {copied}"
    );
}

/// The app on the messy 2020 takeover case (see `timeline_takeover`).
fn takeover() -> (H, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("takeover.case.ron");
    casebook::store::save(&file, &crate::timeline_takeover::takeover_case(), None).unwrap();
    (timeline_of(file), dir)
}

#[test]
fn a_takeover_is_in_every_lane_it_touches_marked_via_where_it_was_done_through() {
    let (h, _dir) = takeover();
    let labels = item_labels(&h);
    let takeover = "account takeover / compromise: Attackers take over @a and @b through the \
                    admin tool — ";
    // Done to @a and @b, by the attackers (an outside group with a lane of its own), and
    // through the phished employee's credentials: marked so in that lane.
    for lane in ["@a", "@b", "The attackers", "via Phished employee"] {
        let name = format!("{takeover}{lane}");
        assert!(labels.contains(&name), "{name:?} in {labels:#?}");
    }
    // The post made from @a: with the statements, and marked in @a's lane.
    for lane in ["Public statements", "via @a"] {
        assert!(
            labels
                .iter()
                .any(|l| l.starts_with("The attackers: “I am giving back") && l.ends_with(lane)),
            "the post in {lane}: {labels:#?}"
        );
    }
    // The compromised stretch is drawn as such, not as "restricted".
    assert!(
        labels.contains(&"@a compromised — @a".to_owned()),
        "{labels:#?}"
    );
    assert!(
        labels.contains(&"@a restricted — @a".to_owned()),
        "{labels:#?}"
    );
}

#[test]
fn a_class_of_accounts_has_a_lane_named_with_its_estimate() {
    let (mut h, _dir) = takeover();
    h.get_by(|n| {
        n.role() == Role::ComboBox && n.label().as_deref() == Some("Timeline: show one lane")
    })
    .click();
    h.run();
    h.get_by(|n| {
        n.role() == Role::Button && n.label().as_deref() == Some("all verified accounts · ~300k")
    })
    .click();
    h.run();
    let labels = item_labels(&h);
    assert!(
        labels.contains(
            &"all verified accounts restricted — all verified accounts · ~300k".to_owned()
        ),
        "{labels:#?}"
    );
    assert!(
        labels
            .iter()
            .all(|l| l.ends_with("— all verified accounts · ~300k")),
        "{labels:#?}"
    );
}
