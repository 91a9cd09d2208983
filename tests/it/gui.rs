#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! GUI flows, driven through the real app by accessible labels (egui_kittest, no display).
//!
//! Every test builds the app with `CasebookApp::headless`, so Open / Save As use the in-app
//! "File path" dialog instead of native file dialogs.

use std::path::{Path, PathBuf};

use crate::common;

use casebook::model::{Actor, Level, Precision, RecordKind, RecordRef, When};
use casebook::store;
use casebook::ui::{CasebookApp, Section};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

pub(crate) type H = Harness<'static, CasebookApp>;

pub(crate) fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/twitter-2017-deactivation.case.ron")
}

/// A harness on `app` (default preferences: the timeline strip is shown), run until it settles.
/// `run` also checks that every visible input has an accessible name.
pub(crate) fn harness(app: CasebookApp) -> H {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut CasebookApp| app.show(ui), app);
    h.run();
    h
}

/// A harness on a new, empty case (through the welcome screen's "New case").
pub(crate) fn new_case() -> H {
    let mut h = harness(CasebookApp::headless(None));
    h.get_by_label("New case").click();
    h.run();
    assert!(h.state().document().is_some(), "New case opens a case");
    h
}

/// A harness on `path`.
pub(crate) fn open(path: &Path) -> H {
    let h = harness(CasebookApp::headless(Some(path.to_path_buf())));
    assert!(h.state().document().is_some(), "{} opens", path.display());
    h
}

/// A harness on a temp copy of the sample, so nothing a test saves touches the repository.
pub(crate) fn open_sample_copy() -> (tempfile::TempDir, PathBuf, H) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.case.ron");
    std::fs::copy(sample_path(), &path).unwrap();
    let h = open(&path);
    (dir, path, h)
}

/// Clicks the navigator entry whose label starts with `name` ("Accounts  3").
pub(crate) fn go_to(h: &mut H, name: &str) {
    h.get_by(move |n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(name)))
        .click();
    h.run();
}

/// The one-line or multi-line text input labelled `label`.
pub(crate) fn text_input<'a>(h: &'a H, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by(move |n| {
        matches!(n.role(), Role::TextInput | Role::MultilineTextInput)
            && n.label().as_deref() == Some(label)
    })
}

/// Replaces the text of the input labelled `label` by typing `text`, one key at a time, and
/// leaves the input focused.
pub(crate) fn type_into(h: &mut H, label: &str, text: &str) {
    text_input(h, label).focus();
    h.run();
    assert!(
        text_input(h, label).is_focused(),
        "the {label} input takes focus"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    for c in text.chars() {
        text_input(h, label).type_text(&c.to_string());
        h.step();
    }
    h.run();
}

/// Moves keyboard focus away from the text inputs (as clicking elsewhere would).
pub(crate) fn blur(h: &mut H) {
    h.key_press(Key::Escape);
    h.run();
}

/// Types `text` into the input labelled `label`, then leaves the input.
pub(crate) fn set_text(h: &mut H, label: &str, text: &str) {
    type_into(h, label, text);
    blur(h);
    assert_eq!(
        text_input(h, label).value().as_deref(),
        Some(text),
        "the {label} input shows what was typed"
    );
}

/// Opens the drop-down labelled `label` and picks `option`.
pub(crate) fn choose(h: &mut H, label: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, label).click();
    h.run();
    h.get_by_label(option).click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, label)
            .value()
            .as_deref(),
        Some(option),
        "{label} shows the choice"
    );
}

pub(crate) fn press(h: &mut H, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

pub(crate) fn ctrl(h: &mut H, key: Key) {
    press(h, Modifiers::COMMAND, key);
}

fn ctrl_shift(h: &mut H, key: Key) {
    press(h, Modifiers::COMMAND | Modifiers::SHIFT, key);
}

pub(crate) fn doc(h: &H) -> &casebook::ui::Document {
    h.state().document().expect("a case is open")
}

pub(crate) fn errors(h: &H) -> Vec<String> {
    doc(h)
        .problems()
        .iter()
        .filter(|p| p.level == Level::Error)
        .map(ToString::to_string)
        .collect()
}

/// Saves through Ctrl+S and the File path dialog.
fn save_as_via_dialog(h: &mut H, path: &Path) {
    ctrl(h, Key::S);
    assert_eq!(h.state().modal_title(), Some("File path"));
    type_into(h, "File path", &path.display().to_string());
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    assert_eq!(h.state().modal_title(), None, "the dialog closes on Save");
}

#[test]
fn build_a_case_by_labels_undo_redo_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = new_case();

    // Case details.
    set_text(&mut h, "Title", "Head-of-state account deactivated");
    assert_eq!(doc(&h).case.info.title, "Head-of-state account deactivated");

    // An account.
    go_to(&mut h, "Accounts");
    assert_eq!(
        h.state().section(),
        Section::Records(casebook::model::RecordKind::Account)
    );
    h.get_by_label("Add account").click();
    h.run();
    set_text(&mut h, "Handle", "@realDonaldTrump");
    set_text(&mut h, "Platform", "Twitter");
    assert_eq!(doc(&h).case.accounts.len(), 1);
    assert_eq!(doc(&h).case.accounts[0].handle, "@realDonaldTrump");
    assert_eq!(doc(&h).case.accounts[0].platform, "Twitter");

    // A staff member.
    go_to(&mut h, "Staff");
    h.get_by_label("Add staff member").click();
    h.run();
    set_text(&mut h, "Name", "Bahtiyar Duysak");
    assert_eq!(doc(&h).case.staff.len(), 1);
    assert_eq!(doc(&h).case.staff[0].name, "Bahtiyar Duysak");

    // An action by that staff member on that account.
    go_to(&mut h, "Actions");
    h.get_by_label("Add action").click();
    h.run();
    choose(&mut h, "Performed by", "a staff member");
    choose(&mut h, "Staff member", "Bahtiyar Duysak (employee)");
    // The target accounts are checkboxes under a collapsing header named after the field
    // (it shows what is chosen).
    h.get_by_role_and_label(Role::DisclosureTriangle, "Target accounts")
        .click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "@realDonaldTrump (Twitter)")
        .click();
    h.run();
    set_text(&mut h, "Start", "2017-11-02 18:45");
    set_text(&mut h, "Duration", "11 min");
    set_text(&mut h, "Summary", "Account deactivated");

    // Two statements; the second corrects the first.
    go_to(&mut h, "Statements");
    h.get_by_label("Add statement").click();
    h.run();
    set_text(&mut h, "Speaker name", "Twitter Government");
    set_text(&mut h, "Quote", "It was human error.");
    set_text(&mut h, "When", "2017-11-02 19:30");
    h.get_by_label("Add statement").click();
    h.run();
    set_text(&mut h, "Speaker name", "Twitter Government");
    set_text(
        &mut h,
        "Quote",
        "It was done by an employee on their last day.",
    );
    let default_when = doc(&h).case.statements[1].when.clone();
    set_text(&mut h, "When", "2017-11-02 21:15");
    choose(
        &mut h,
        "Follows",
        "Twitter Government: “It was human error.”",
    );
    let first_id = doc(&h).case.statements[0].id.clone();
    let corrects = |h: &H| {
        doc(h).case.statements[1]
            .follows
            .as_ref()
            .map(|l| l.statement.clone())
    };
    assert_eq!(corrects(&h), Some(first_id.clone()));

    // Undo and redo the last change, by keyboard.
    assert!(doc(&h).redo_label().is_none());
    ctrl(&mut h, Key::Z);
    assert_eq!(corrects(&h), None, "Ctrl+Z undoes the Corrects pick");
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Follows")
            .value()
            .as_deref(),
        Some("no earlier statement"),
        "the editor shows the undone state"
    );
    ctrl(&mut h, Key::Z);
    assert_eq!(
        doc(&h).case.statements[1].when,
        default_when,
        "a second Ctrl+Z undoes the When typed before"
    );
    assert_eq!(
        text_input(&h, "When").value(),
        Some(default_when.input_text(doc(&h).case.tz()))
    );
    ctrl_shift(&mut h, Key::Z);
    assert_eq!(
        text_input(&h, "When").value().as_deref(),
        Some("2017-11-02 21:15"),
        "Ctrl+Shift+Z redoes"
    );
    assert_eq!(corrects(&h), None);
    ctrl_shift(&mut h, Key::Z);
    assert_eq!(corrects(&h), Some(first_id.clone()), "Ctrl+Shift+Z redoes");
    assert!(doc(&h).redo_label().is_none());
    assert!(doc(&h).is_dirty());
    // A follow-up updates the earlier statement unless said otherwise; this one corrects it.
    assert_eq!(
        doc(&h).case.statements[1].follows.as_ref().map(|l| l.kind),
        Some(casebook::model::StatementLinkKind::Updates)
    );
    choose(&mut h, "Link", "corrects");

    // Save: Ctrl+S asks for a path (the case has never been saved).
    let path = dir.path().join("built.case.ron");
    save_as_via_dialog(&mut h, &path);
    assert!(!doc(&h).is_dirty(), "saved");
    assert_eq!(doc(&h).path.as_deref(), Some(path.as_path()));

    // The file holds exactly what was typed.
    let case = store::load(&path).unwrap().case;
    let tz = case.tz();
    assert_eq!(case.info.title, "Head-of-state account deactivated");
    assert_eq!(case.accounts.len(), 1);
    let account = &case.accounts[0];
    assert_eq!(account.handle, "@realDonaldTrump");
    assert_eq!(account.platform, "Twitter");
    assert_eq!(case.staff.len(), 1);
    let staff = &case.staff[0];
    assert_eq!(staff.name, "Bahtiyar Duysak");
    assert_eq!(case.actions.len(), 1);
    let action = &case.actions[0];
    assert_eq!(action.summary, "Account deactivated");
    assert_eq!(action.performer, Actor::Staff(staff.id.clone()));
    assert_eq!(action.targets, vec![account.id.clone()]);
    let start = When::parse("2017-11-02 18:45", tz).unwrap();
    assert_eq!(action.start.at, start.at);
    assert_eq!(action.start.precision, Precision::Minute);
    assert!(!action.start.approximate);
    assert_eq!(action.end, None);
    let duration = action.duration.expect("a duration");
    assert_eq!(duration.secs, 660);
    assert!(!duration.approximate);
    assert_eq!(case.statements.len(), 2);
    let (first, second) = (&case.statements[0], &case.statements[1]);
    assert_eq!(first.quote, "It was human error.");
    assert_eq!(
        second.quote,
        "It was done by an employee on their last day."
    );
    assert_eq!(first.follows, None);
    assert_eq!(
        second.follows.as_ref().map(|l| (l.kind, &l.statement)),
        Some((casebook::model::StatementLinkKind::Corrects, &first.id))
    );
    assert_eq!(
        second.when.at,
        When::parse("2017-11-02 21:15", tz).unwrap().at
    );
    let problems = casebook::model::validate(&case);
    assert!(
        problems.iter().all(|p| p.level != Level::Error),
        "the saved case validates without errors: {problems:#?}"
    );
    assert_eq!(&case, &doc(&h).case, "the file holds the app's case");
}

#[test]
fn deleting_a_referenced_staff_member_asks_and_unlinks() {
    let mut h = open(&sample_path());
    assert!(errors(&h).is_empty(), "the sample starts without errors");
    let staff = doc(&h)
        .case
        .staff
        .iter()
        .find(|s| s.name == "Bahtiyar Duysak")
        .expect("the sample has the contractor")
        .id
        .clone();
    let referrers = doc(&h).case.references_to(&RecordRef::Staff(staff.clone()));
    assert!(!referrers.is_empty(), "the sample refers to the contractor");

    go_to(&mut h, "Staff");
    h.get_by_role_and_label(Role::Button, "Bahtiyar Duysak")
        .click();
    h.run();
    assert_eq!(h.state().selected(), Some(&RecordRef::Staff(staff.clone())));
    h.get_by_label("Delete…").click();
    h.run();

    assert_eq!(h.state().modal_title(), Some("Delete referenced record"));
    h.get_by_label("Delete referenced record"); // the heading
    h.get_by_label("Staff member “Bahtiyar Duysak” is referred to by:");
    let listed: Vec<String> = h
        .query_all_by_label_contains("  • ")
        .filter_map(|n| n.value())
        .collect();
    assert_eq!(
        listed.len(),
        referrers.len(),
        "one line per referrer: {listed:?}"
    );
    for (_, field) in &referrers {
        assert!(
            listed.iter().any(|l| l.ends_with(&format!("({field})"))),
            "{field} is listed in {listed:?}"
        );
    }
    assert!(listed.iter().any(|l| l.starts_with("  • Action “")));

    h.get_by_label("Delete and unlink").click();
    h.run();
    assert_eq!(h.state().modal_title(), None);
    assert!(
        doc(&h).case.staff_member(&staff).is_none(),
        "the staff member is gone"
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "Bahtiyar Duysak")
            .is_none(),
        "and gone from the table"
    );
    assert!(
        doc(&h)
            .case
            .references_to(&RecordRef::Staff(staff.clone()))
            .is_empty(),
        "nothing refers to them any more"
    );
    assert_eq!(errors(&h), Vec::<String>::new());

    // One undo brings the staff member and the links back.
    ctrl(&mut h, Key::Z);
    assert!(doc(&h).case.staff_member(&staff).is_some());
    assert_eq!(
        doc(&h).case.references_to(&RecordRef::Staff(staff)),
        referrers
    );
}

/// Whether the app sent `command` to the window in the last frame.
fn sent(h: &H, command: &egui::ViewportCommand) -> bool {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(command))
}

/// Whether the app asked the window to close in the last frame.
fn asked_to_close(h: &H) -> bool {
    sent(h, &egui::ViewportCommand::Close)
}

/// Simulates the window's close button; returns whether the app kept the window open.
fn request_close(h: &mut H) -> bool {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    let cancelled = sent(h, &egui::ViewportCommand::CancelClose);
    h.run();
    cancelled
}

#[test]
fn closing_with_unsaved_changes_asks_and_cancel_keeps_the_case() {
    let mut h = new_case();
    // Still typing in the field: the change is not committed yet, but counts.
    type_into(&mut h, "Title", "Not saved yet");
    assert!(text_input(&h, "Title").is_focused());

    assert!(request_close(&mut h), "the window stays open");
    assert_eq!(h.state().modal_title(), Some("Unsaved changes"));
    h.get_by_label("“Not saved yet” has changes that are not saved. Save them first?");
    assert!(!asked_to_close(&h));

    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().modal_title(), None);
    assert!(!asked_to_close(&h), "Cancel keeps the window open");
    assert_eq!(doc(&h).case.info.title, "Not saved yet");
    assert!(doc(&h).is_dirty());
    assert_eq!(
        text_input(&h, "Title").value().as_deref(),
        Some("Not saved yet")
    );

    // Asking again, "Don't save" lets the window close.
    assert!(request_close(&mut h));
    assert_eq!(h.state().modal_title(), Some("Unsaved changes"));
    h.get_by_label("Don't save").click();
    // The app now asks the window to close every frame, so it never settles: step instead of
    // run.
    h.run_steps(3);
    assert_eq!(h.state().modal_title(), None);
    assert!(asked_to_close(&h), "Don't save closes the window");
}

#[test]
fn closing_a_saved_case_does_not_ask() {
    let (_dir, _path, mut h) = open_sample_copy();
    assert!(!doc(&h).is_dirty());
    assert!(!request_close(&mut h), "the window closes");
    assert_eq!(h.state().modal_title(), None);
}

#[test]
fn dont_save_on_new_case_discards_the_changes() {
    let mut h = new_case();
    set_text(&mut h, "Title", "Throwaway");
    go_to(&mut h, "Accounts");
    h.get_by_label("Add account").click();
    h.run();
    assert_eq!(doc(&h).case.accounts.len(), 1);
    let old_id = doc(&h).case.info.id.clone();

    ctrl(&mut h, Key::N);
    assert_eq!(h.state().modal_title(), Some("Unsaved changes"));
    h.get_by_label("Don't save").click();
    h.run();

    assert_eq!(h.state().modal_title(), None);
    let case = &doc(&h).case;
    assert_ne!(case.info.id, old_id, "a new case");
    assert_eq!(case.info.title, "Untitled case");
    assert!(case.accounts.is_empty());
    assert_eq!(doc(&h).path, None);
    assert!(doc(&h).undo_label().is_none(), "with no history");
    assert_eq!(h.state().section(), Section::Overview);
    assert_eq!(
        text_input(&h, "Title").value().as_deref(),
        Some("Untitled case")
    );
}

/// The navigator's count badge whose tooltip (its accessible description) is `tooltip`.
fn badge<'a>(h: &'a H, tooltip: &'a str) -> Option<egui_kittest::Node<'a>> {
    h.query_by(move |n| n.description().as_deref() == Some(tooltip))
}

#[test]
fn an_action_ending_before_it_starts_shows_a_badge_and_the_problem_at_end() {
    let mut h = new_case();
    go_to(&mut h, "Actions");
    h.get_by_label("Add action").click();
    h.run();
    // A new action (a triage / review without a target) only has warnings.
    set_text(&mut h, "Start", "2017-11-02 18:45");
    assert!(badge(&h, "1 error in Actions").is_none());
    assert!(errors(&h).is_empty());

    set_text(&mut h, "End", "2017-11-02 18:30");
    assert_eq!(errors(&h).len(), 1, "{:?}", errors(&h));

    // The navigator: a red badge "1" on Actions, its tooltip says what it counts.
    let b = badge(&h, "1 error in Actions").expect("an error badge beside Actions");
    assert_eq!(b.value().as_deref().map(str::trim), Some("1"));
    let row = b
        .parent()
        .and_then(|p| p.parent())
        .expect("the navigator row");
    row.get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Actions")));
    h.get_by_label_contains("✖ 1 error"); // the status bar

    // The editor: the problem sits under the End input, not under Start.
    let end_problem = doc(&h)
        .problems()
        .iter()
        .find(|p| p.field == "end" && p.level == Level::Error)
        .expect("a problem about End")
        .message
        .clone();
    assert!(
        end_problem.starts_with("ends (2017-11-02 18:30"),
        "{end_problem}"
    );
    let problem = format!("✖ {end_problem}");
    let field = h
        .get_by_label(&problem)
        .parent()
        .expect("the End field's column");
    field.get_by_role_and_label(Role::TextInput, "End");
    assert!(
        field
            .query_by_role_and_label(Role::TextInput, "Start")
            .is_none()
    );

    // Fixing the end clears both.
    set_text(&mut h, "End", "2017-11-02 18:56");
    assert!(errors(&h).is_empty());
    assert!(badge(&h, "1 error in Actions").is_none());
    assert!(h.query_by_label(&problem).is_none());
}

/// A copy of the sample in a temp folder, open in the app, with the title changed in the app and
/// a comment appended to the file behind the app's back. Returns the folder, the file, and the
/// file's new text.
fn conflicted() -> (tempfile::TempDir, PathBuf, H, String) {
    let (dir, path, mut h) = open_sample_copy();
    set_text(&mut h, "Title", "Changed in the app");
    assert!(doc(&h).is_dirty());

    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("// changed by someone else\n");
    std::fs::write(&path, &text).unwrap();

    ctrl(&mut h, Key::S);
    assert_eq!(h.state().modal_title(), Some("File changed on disk"));
    h.get_by_label("File changed on disk");
    for button in ["Overwrite", "Save as a copy…", "Reload", "Cancel"] {
        h.get_by_role_and_label(Role::Button, button);
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "nothing is written before the user decides"
    );
    (dir, path, h, text)
}

#[test]
fn save_conflict_reload_takes_the_file_from_disk() {
    let (_dir, path, mut h, text) = conflicted();
    h.get_by_role_and_label(Role::Button, "Reload").click();
    h.run();
    assert_eq!(h.state().modal_title(), None);
    let on_disk = store::load(&path).unwrap().case;
    assert_eq!(doc(&h).case, on_disk, "the document is what is on disk");
    assert_ne!(doc(&h).case.info.title, "Changed in the app");
    assert!(!doc(&h).is_dirty());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "the file is untouched"
    );
    assert_eq!(
        text_input(&h, "Title").value(),
        Some(on_disk.info.title.clone())
    );

    // And saving again now works without a conflict.
    set_text(&mut h, "Title", "Second try");
    ctrl(&mut h, Key::S);
    assert_eq!(h.state().modal_title(), None);
    assert_eq!(store::load(&path).unwrap().case.info.title, "Second try");
}

#[test]
fn save_conflict_overwrite_writes_the_apps_version() {
    let (_dir, path, mut h, text) = conflicted();
    h.get_by_role_and_label(Role::Button, "Overwrite").click();
    h.run();
    assert_eq!(h.state().modal_title(), None);
    assert!(!doc(&h).is_dirty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_ne!(written, text);
    assert!(!written.contains("// changed by someone else"));
    let on_disk = store::load(&path).unwrap().case;
    assert_eq!(on_disk.info.title, "Changed in the app");
    assert_eq!(on_disk, doc(&h).case, "the file holds the app's version");
}

#[test]
fn save_conflict_save_as_a_copy_keeps_both() {
    let (dir, path, mut h, text) = conflicted();
    h.get_by_role_and_label(Role::Button, "Save as a copy…")
        .click();
    h.run();
    assert_eq!(h.state().modal_title(), Some("File path"));
    let copy = dir.path().join("mine");
    type_into(&mut h, "File path", &copy.display().to_string());
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    assert_eq!(h.state().modal_title(), None);
    let copy = dir.path().join("mine.case.ron"); // the extension is added
    assert_eq!(doc(&h).path.as_deref(), Some(copy.as_path()));
    assert_eq!(
        store::load(&copy).unwrap().case.info.title,
        "Changed in the app"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "the other file is untouched"
    );
}

#[test]
fn typing_in_a_field_is_one_undo_step() {
    let mut h = open(&sample_path());
    let original = doc(&h).case.info.title.clone();

    // Several key strokes, each its own frame, then Enter leaves the field.
    text_input(&h, "Title").focus();
    h.run();
    h.key_press(Key::End);
    h.run();
    for c in " (draft)".chars() {
        text_input(&h, "Title").type_text(&c.to_string());
        h.step();
    }
    h.run();
    assert_eq!(
        doc(&h).case.info.title,
        original,
        "nothing is committed while typing"
    );
    h.key_press(Key::Enter);
    h.run();
    assert!(!text_input(&h, "Title").is_focused());
    let typed = format!("{original} (draft)");
    assert_eq!(
        doc(&h).case.info.title,
        typed,
        "committed when leaving the field"
    );
    assert_eq!(doc(&h).undo_label().as_deref(), Some("Edit case details"));

    ctrl(&mut h, Key::Z);
    assert_eq!(
        doc(&h).case.info.title,
        original,
        "one Ctrl+Z undoes all of it"
    );
    assert_eq!(text_input(&h, "Title").value(), Some(original.clone()));
    assert!(doc(&h).undo_label().is_none(), "it was one step");
    assert!(!doc(&h).is_dirty(), "back to what is on disk");

    ctrl_shift(&mut h, Key::Z);
    assert_eq!(doc(&h).case.info.title, typed);
}

#[test]
fn ctrl_z_while_still_typing_undoes_the_whole_field() {
    let mut h = open(&sample_path());
    let original = doc(&h).case.info.owner.clone();
    type_into(&mut h, "Owner", "Someone else");
    assert!(text_input(&h, "Owner").is_focused());
    ctrl(&mut h, Key::Z);
    assert_eq!(doc(&h).case.info.owner, original);
    assert_eq!(text_input(&h, "Owner").value(), Some(original));
    assert!(doc(&h).undo_label().is_none());
    assert_eq!(doc(&h).redo_label().as_deref(), Some("Edit case details"));
}

/// The button whose label starts with `prefix` (menu items end with their shortcut).
fn button_starting<'a>(h: &'a H, prefix: &'a str) -> egui_kittest::Node<'a> {
    h.get_by(move |n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(prefix)))
}

#[test]
fn the_edit_menu_names_what_undo_will_undo() {
    let mut h = open(&sample_path());
    let original = doc(&h).case.info.title.clone();
    set_text(&mut h, "Title", "Renamed");

    h.get_by_role_and_label(Role::Button, "Edit").click();
    h.run();
    assert!(button_starting(&h, "Redo").accesskit_node().is_disabled());
    let undo = button_starting(&h, "Undo");
    assert!(!undo.accesskit_node().is_disabled());
    assert!(
        undo.accesskit_node()
            .label()
            .is_some_and(|l| l.starts_with("Undo Edit case details")),
        "{undo:?}"
    );
    undo.click();
    h.run();
    assert_eq!(doc(&h).case.info.title, original);

    h.get_by_role_and_label(Role::Button, "Edit").click();
    h.run();
    assert!(button_starting(&h, "Undo").accesskit_node().is_disabled());
    button_starting(&h, "Redo Edit case details").click();
    h.run();
    assert_eq!(doc(&h).case.info.title, "Renamed");
}

#[test]
fn the_search_box_filters_a_table() {
    let mut h = open(&sample_path());
    go_to(&mut h, "Actions");
    let row = |h: &H, summary: &str| h.query_by_role_and_label(Role::Button, summary).is_some();
    assert!(row(&h, "Account restored"));
    assert!(row(&h, "Safeguards implemented to prevent a repeat"));

    type_into(&mut h, "Search", "SAFEGUARDS");
    assert!(row(&h, "Safeguards implemented to prevent a repeat"));
    assert!(!row(&h, "Account restored"));
    assert!(!row(&h, "Report filed against @realDonaldTrump"));

    type_into(&mut h, "Search", "no such thing");
    h.get_by_label("Nothing matches the search.");
    assert!(!row(&h, "Safeguards implemented to prevent a repeat"));

    // An icon button ("✖"); its tooltip is its accessible description.
    h.get_by(|n| {
        n.role() == Role::Button && n.description().as_deref() == Some("Clear the search")
    })
    .click();
    h.run();
    assert_eq!(text_input(&h, "Search").value().as_deref(), Some(""));
    assert!(row(&h, "Account restored"));
    assert_eq!(doc(&h).undo_label(), None, "searching changes nothing");
}

#[test]
fn clicking_a_header_sorts_the_table() {
    let mut h = open(&sample_path());
    go_to(&mut h, "Actions");
    let mut summaries: Vec<String> = doc(&h)
        .case
        .actions
        .iter()
        .map(|a| a.summary.clone())
        .collect();
    assert!(summaries.len() >= 3);
    // Rows top to bottom, by where their first cell is drawn.
    let shown = |h: &H| {
        let mut rows: Vec<(f32, String)> = doc(h)
            .case
            .actions
            .iter()
            .map(|a| {
                let y = h
                    .get_by_role_and_label(Role::Button, &a.summary)
                    .rect()
                    .min
                    .y;
                (y, a.summary.clone())
            })
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        rows.into_iter().map(|(_, s)| s).collect::<Vec<_>>()
    };
    summaries.sort_by_key(|s| s.to_lowercase());
    assert_ne!(
        shown(&h),
        summaries,
        "the sample's actions are not already in name order"
    );

    h.get_by_role_and_label(Role::Button, "Summary").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Summary ▲");
    assert_eq!(shown(&h), summaries, "ascending");

    h.get_by_role_and_label(Role::Button, "Summary ▲").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Summary ▼");
    summaries.reverse();
    assert_eq!(shown(&h), summaries, "descending");
}

#[test]
fn the_timeline_strip_is_shown_and_its_controls_are_named() {
    let app = CasebookApp::headless(Some(sample_path()));
    assert!(app.prefs.show_timeline, "shown by default");
    let h = harness(app);
    // The harness fails on any unnamed input; these two drop-downs had no name at first.
    h.get_by_role_and_label(Role::ComboBox, "Timeline lanes");
    h.get_by_role_and_label(Role::ComboBox, "Timeline time zone");
}

#[test]
fn the_overview_counts_records_in_plain_english_and_key_events_jump_to_them() {
    let mut h = open(&sample_path());
    assert_eq!(h.state().section(), Section::Overview);
    // The sample has one account, one staff member, five actions, six statements, two sources
    // and three follow-ups; singular counts read "1 account", not "1 accounts".
    for count in [
        "1 account",
        "1 staff member",
        "5 actions",
        "6 statements",
        "2 sources",
        "3 follow-ups",
    ] {
        h.get_by_label(count);
    }
    assert!(h.query_by_label("1 accounts").is_none());

    // A key event is a link to its record.
    h.get_by(|n| {
        n.role() == Role::Link && n.label().is_some_and(|l| l.contains("Account restored"))
    })
    .click();
    h.run();
    assert_eq!(h.state().section(), Section::Records(RecordKind::Action));
    assert_eq!(
        h.state().selected(),
        Some(&RecordRef::Action("act-restore".into()))
    );
}

#[test]
fn a_time_typed_as_the_source_prints_it_is_read_and_an_ambiguous_one_is_explained() {
    let mut h = new_case();
    go_to(&mut h, "Actions");
    h.get_by_label("Add action").click();
    h.run();
    // Typed in New York time as a news article prints it; once the field is left it shows the
    // canonical form in the case's zone (UTC for a new case).
    type_into(&mut h, "Start", "Thursday, Nov 2, 2017 at 6:45 p.m. ET");
    blur(&mut h);
    assert_eq!(
        text_input(&h, "Start").value().as_deref(),
        Some("2017-11-02 22:45")
    );
    let start = doc(&h).case.actions[0].start.clone();
    assert_eq!(start.at.to_rfc3339(), "2017-11-02T22:45:00+00:00");
    assert_eq!(start.precision, casebook::model::Precision::Minute);

    // 11/02/2017: the field says why it cannot take it, and the last good time stays.
    type_into(&mut h, "Start", "11/02/2017");
    h.get_by_label_contains("is ambiguous");
    assert_eq!(doc(&h).case.actions[0].start, start);
}

#[test]
fn the_second_0130_of_the_night_clocks_go_back_stays_put_when_its_field_is_edited() {
    // The sample's zone is New York; on 5 Nov 2017 01:00–02:00 happened twice (EDT, then EST).
    let (_dir, _path, mut h) = open_sample_copy();
    go_to(&mut h, "Actions");
    h.get_by_label("Add action").click();
    h.run();
    type_into(&mut h, "Start", "2017-11-05 01:30 EST");
    blur(&mut h);
    let added = doc(&h).case.actions.len() - 1;
    let second = doc(&h).case.actions[added].start.clone();
    assert_eq!(second.at.to_rfc3339(), "2017-11-05T06:30:00+00:00");
    // The field names the offset, so reading it again (it is read while focused) keeps it.
    assert_eq!(
        text_input(&h, "Start").value().as_deref(),
        Some("2017-11-05 01:30 EST")
    );
    let undo = doc(&h).undo_label();
    text_input(&h, "Start").focus();
    h.run();
    blur(&mut h);
    assert_eq!(doc(&h).case.actions[added].start, second);
    assert_eq!(
        doc(&h).undo_label(),
        undo,
        "focusing the field changed nothing"
    );
}

#[test]
fn a_day_given_in_another_zone_stays_that_day_when_its_field_is_edited() {
    // A London paper's date in the sample's New York case.
    let (_dir, _path, mut h) = open_sample_copy();
    go_to(&mut h, "Actions");
    h.get_by_label("Add action").click();
    h.run();
    type_into(&mut h, "Start", "Nov 2, 2017 Europe/London");
    blur(&mut h);
    let added = doc(&h).case.actions.len() - 1;
    let day = doc(&h).case.actions[added].start.clone();
    assert_eq!(day.at.to_rfc3339(), "2017-11-02T00:00:00+00:00");
    assert_eq!(day.precision, Precision::Day);
    // Shown as London's day, not as the New York evening it began on (2017-11-01).
    assert_eq!(
        text_input(&h, "Start").value().as_deref(),
        Some("2017-11-02 Europe/London")
    );
    // In the table and under the field.
    assert_eq!(
        h.get_all_by_label_contains("2017-11-02 (Europe/London)")
            .count(),
        2
    );
    let undo = doc(&h).undo_label();
    text_input(&h, "Start").focus();
    h.run();
    blur(&mut h);
    assert_eq!(doc(&h).case.actions[added].start, day);
    assert_eq!(
        doc(&h).undo_label(),
        undo,
        "focusing the field changed nothing"
    );
}

#[test]
fn an_audience_reads_with_thousands_separated_and_takes_41_9m() {
    let (_dir, _path, mut h) = open_sample_copy();
    go_to(&mut h, "Accounts");
    h.get_by_label("@realDonaldTrump").click();
    h.run();
    let followers = h.get_by_role_and_label(Role::SpinButton, "Followers");
    assert_eq!(followers.value().as_deref(), Some("41,900,000"));

    // Typed the way an article gives it.
    followers.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::SpinButton, "Followers")
        .type_text("88.7M");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let audience = doc(&h).case.accounts[0].audience.clone().unwrap();
    assert_eq!(audience.count, 88_700_000);
}

#[test]
fn arrow_keys_move_the_selection_through_a_table_but_not_while_typing() {
    let mut h = open(&sample_path());
    go_to(&mut h, "Actions");
    // In time order: the report, then the deactivation, then the reinstatement.
    let summaries = |h: &H| -> Vec<String> {
        let case = &doc(h).case;
        let mut actions: Vec<_> = case.actions.iter().collect();
        actions.sort_by_key(|a| a.start.midpoint(case.tz()));
        actions.iter().map(|a| a.summary.clone()).collect()
    };
    let order = summaries(&h);
    let selected_summary = |h: &H| match h.state().selected() {
        Some(RecordRef::Action(id)) => doc(h)
            .case
            .actions
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.summary.clone()),
        _ => None,
    };
    h.get_by_label(&order[0]).click();
    h.run();
    assert_eq!(selected_summary(&h).as_deref(), Some(order[0].as_str()));

    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(selected_summary(&h).as_deref(), Some(order[1].as_str()));
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(selected_summary(&h).as_deref(), Some(order[2].as_str()));
    // The keyboard focus is on the selected row (for screen readers), not beyond it.
    assert!(
        h.query_all_by_label(&order[2])
            .any(|n| n.accesskit_node().role() == Role::Button && n.is_focused())
    );
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(selected_summary(&h).as_deref(), Some(order[1].as_str()));
    // Page Down stops at the last row.
    h.key_press(Key::PageDown);
    h.run();
    assert_eq!(
        selected_summary(&h).as_deref(),
        Some(order[order.len() - 1].as_str())
    );

    // In the editor's Summary field the arrows belong to the text.
    let before = selected_summary(&h);
    text_input(&h, "Summary").click();
    h.run();
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(selected_summary(&h), before);
}

#[test]
fn a_narrower_window_keeps_the_table_and_the_editor_inside_it() {
    // Used wide (the editor and the table's columns size themselves to it), then the window is
    // made small: nothing may be laid out past its right edge (the editor's fields used to keep
    // their old width and spill out, half hidden behind the table; a long path in the status
    // bar pushed it past the edge), and the app settles.
    let dir = tempfile::tempdir().unwrap();
    let deep = dir
        .path()
        .join("trust-and-safety-incident-archive-2017")
        .join("head-of-state-account-deactivated-by-a-departing-contractor");
    std::fs::create_dir_all(&deep).unwrap();
    let path = deep.join("twitter-2017-deactivation-postmortem-final.case.ron");
    std::fs::copy(sample_path(), &path).unwrap();
    let mut h = open(&path);
    h.set_size(egui::vec2(1600.0, 800.0));
    h.run();
    go_to(&mut h, "Actions");
    h.query_all_by_label("Report filed against @realDonaldTrump")
        .next()
        .expect("the report's row")
        .click();
    h.run();
    h.set_size(egui::vec2(1024.0, 600.0));
    h.run();

    fn overflowing(n: egui_kittest::Node<'_>, out: &mut Vec<String>) {
        if let Some(b) = n.accesskit_node().bounding_box()
            && b.x1 > 1024.5
        {
            out.push(format!(
                "{:?} {:?} ends at x = {}",
                n.accesskit_node().role(),
                n.accesskit_node().label(),
                b.x1
            ));
        }
        for c in n.children() {
            overflowing(c, out);
        }
    }
    let mut out = Vec::new();
    overflowing(h.root(), &mut out);
    assert!(out.is_empty(), "laid out past the window: {out:#?}");
    // The editor's labels are there to read, beside the table.
    text_input(&h, "Summary");
    h.get_by_role_and_label(Role::ComboBox, "Action kind");
}

#[test]
fn find_in_case_lists_every_place_and_jumps_to_the_record() {
    let mut h = open(&sample_path());
    ctrl_shift(&mut h, Key::F);
    assert_eq!(h.state().modal_title(), Some("Find in case"));
    type_into(&mut h, "Find", "rogue");
    h.get_by_label("4 places");
    // The account holder's own words, found by a word inside them.
    h.get_by_label_contains("Quote\n…aken down for 11 minutes by a rogue employee.")
        .click();
    h.run();
    assert_eq!(h.state().modal_title(), None);
    let Some(RecordRef::Statement(id)) = h.state().selected().cloned() else {
        panic!("a statement is selected");
    };
    let quote = doc(&h)
        .case
        .statements
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.quote.clone())
        .unwrap();
    assert!(quote.contains("rogue employee"), "{quote}");
    text_input(&h, "Quote");

    // Enter opens the first place; a word that is nowhere says so.
    ctrl_shift(&mut h, Key::F);
    type_into(&mut h, "Find", "parsecs");
    h.get_by_label("“parsecs” is nowhere in this case.");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().modal_title(), None);
    ctrl_shift(&mut h, Key::F);
    type_into(&mut h, "Find", "Duysak");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().modal_title(), None);
    assert!(matches!(h.state().selected(), Some(RecordRef::Staff(_))));
}

#[test]
fn enter_in_the_file_path_dialog_opens_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.case.ron");
    std::fs::copy(sample_path(), &path).unwrap();
    let mut h = new_case();
    ctrl(&mut h, Key::O);
    assert_eq!(h.state().modal_title(), Some("File path"));
    type_into(&mut h, "File path", &path.display().to_string());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().modal_title(), None, "Enter confirms");
    assert_eq!(doc(&h).path.as_deref(), Some(path.as_path()));
}

/// Clicks Edit → `item` and returns the text the app put on the clipboard.
fn copy_from_edit_menu(h: &mut H, item: &str) -> String {
    h.get_by_role_and_label(Role::Button, "Edit").click();
    h.run();
    h.get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l == item))
        .click();
    h.step();
    let copied = common::copied_text(h.output()).expect("something was copied");
    h.run();
    copied
}

#[test]
fn the_case_summary_copies_as_text_and_redacted_without_the_staff_name() {
    let mut h = open(&sample_path());
    let staff_name = doc(&h).case.staff[0].name.clone();
    let pseudonym = doc(&h).case.staff[0].pseudonym.clone();

    let full = copy_from_edit_menu(&mut h, "Copy case summary");
    assert!(full.starts_with(&doc(&h).case.info.title), "{full}");
    assert!(full.contains("TIMELINE"));
    assert!(full.contains(&staff_name));

    let redacted = copy_from_edit_menu(&mut h, "Copy case summary (redacted)");
    assert!(!redacted.contains(&staff_name), "{redacted}");
    assert!(!redacted.contains("Duysak"));
    assert!(redacted.contains(&pseudonym));
    h.get_by_label("Copied the redacted case summary");
}
