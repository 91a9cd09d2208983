#![allow(clippy::unwrap_used, clippy::expect_used)]
//! File → Import… through the real app, by accessible labels.

#[cfg(feature = "gui")]
use super::*;

// ---------------------------------------------------------------------------------------------
// File → Import… in the app

#[cfg(feature = "gui")]
#[test]
fn app_imports_with_a_preview_as_one_undo_step() {
    use casebook::ui::CasebookApp;
    use egui::accesskit::Role;
    use egui::{Key, Modifiers};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    let app = CasebookApp::headless(Some(crate::common::sample_path()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut CasebookApp| app.show(ui), app);
    h.run();
    let actions = |h: &Harness<'_, CasebookApp>| h.state().document().unwrap().case.actions.len();
    let before = actions(&h);

    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Import…").click();
    h.run();
    let files = format!(
        "{}\n{}",
        import_fixture("ozone-history-page1.json").display(),
        import_fixture("ozone-history-page2.json").display()
    );
    h.get_by_role_and_label(Role::MultilineTextInput, "Files (one a line)")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Files (one a line)")
        .type_text(&files);
    h.run();
    h.get_by_label("Preview").click();
    h.run();
    h.get_by_label_contains("Will add: 5 actions, 1 account, 2 staff members, 1 outside person");
    assert_eq!(actions(&h), before, "a preview changes nothing");
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run();
    assert!(
        h.query_by_label_contains("Will add").is_none(),
        "the dialog closes"
    );
    assert_eq!(actions(&h), before + 5);
    let case = &h.state().document().unwrap().case;
    let reversal = case
        .actions
        .iter()
        .find(|a| a.kind == ActionKind::Reinstatement && a.reverses.is_some());
    assert!(reversal.is_some(), "the reversal is linked");

    // One Ctrl+Z takes the whole import back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(actions(&h), before);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(actions(&h), before + 5);

    // Again (the dialog keeps the files): nothing new, and Import stays disabled.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Import…").click();
    h.run();
    h.get_by_label("Preview").click();
    h.run();
    h.get_by_label_contains("nothing new (5 items already in the case)");
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run();
    assert_eq!(actions(&h), before + 5);
}

#[cfg(feature = "gui")]
#[test]
fn app_maps_a_spreadsheets_columns_in_the_mapping_step() {
    use casebook::ui::CasebookApp;
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("log.csv");
    std::fs::write(
        &sheet,
        "Time,Happening,Moderator\n2017-11-02 18:45,Account locked by mistake,Priya Raman\n",
    )
    .unwrap();
    let app = CasebookApp::headless(Some(crate::common::sample_path()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1100.0))
        .build_ui_state(|ui, app: &mut CasebookApp| app.show(ui), app);
    h.run();
    let before = h.state().document().unwrap().case.actions.len();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Import…").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Format").click();
    h.run();
    h.get_by_label("Spreadsheet (CSV)").click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Files (one a line)")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Files (one a line)")
        .type_text(&sheet.display().to_string());
    h.run();
    h.get_by_label("Preview").click();
    h.run();
    // "Time" mapped itself; "Happening" and "Moderator" wait to be chosen.
    h.get_by_label_contains("column Happening");
    h.get_by_role_and_label(Role::ComboBox, "what").click();
    h.run();
    h.get_by_label("Happening").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "who").click();
    h.run();
    h.get_by_label("Moderator").click();
    h.run();
    h.get_by_label("Preview").click();
    h.run();
    h.get_by_label_contains("Will add: 1 action");
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run();
    let case = &h.state().document().unwrap().case;
    assert_eq!(case.actions.len(), before + 1);
    let added = case.actions.last().unwrap();
    assert_eq!(added.summary, "Account locked by mistake");
    assert!(
        matches!(&added.performer, Actor::Staff(id) if case.staff_member(id).is_some_and(|s| s.name == "Priya Raman"))
    );

    // The next export from the same tool maps itself: the columns chosen are remembered (and
    // kept in the app's preferences between runs).
    assert_eq!(h.state().import.remembered.len(), 1);
    // As after a restart: a fresh dialog with only what the preferences kept.
    let remembered = h.state().import.remembered.clone();
    h.state_mut().import = casebook::ui::import_ui::ImportDialog::new(false);
    h.state_mut().import.remembered = remembered;
    let next = dir.path().join("log-2.csv");
    std::fs::write(
        &next,
        "Time,Happening,Moderator\n2017-11-03 09:00,Account restored,Priya Raman\n",
    )
    .unwrap();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Import…").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Format").click();
    h.run();
    h.get_by_label("Spreadsheet (CSV)").click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Files (one a line)")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Files (one a line)")
        .type_text(&next.display().to_string());
    h.run();
    h.get_by_label("Preview").click();
    h.run();
    h.get_by_label_contains("Will add: 1 action");
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run();
    let case = &h.state().document().unwrap().case;
    let added = case.actions.last().unwrap();
    assert_eq!(added.summary, "Account restored");
    assert!(
        matches!(&added.performer, Actor::Staff(id) if case.staff_member(id).is_some_and(|s| s.name == "Priya Raman"))
    );
}
