#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! File → Export… through the real app, by accessible labels: the dialog opens from the menu,
//! the preview says when it is redacted and which page it shows, the format drop-down picks the
//! output, and the export runs on a worker thread and writes the file.

use std::path::{Path, PathBuf};

use casebook::ui::CasebookApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

type H = Harness<'static, CasebookApp>;

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/twitter-2017-deactivation.case.ron")
}

fn open_sample() -> H {
    let app = CasebookApp::headless(Some(sample_path()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut CasebookApp| app.show(ui), app);
    h.run();
    h
}

/// Lets the preview and export threads finish, then draws the result.
pub(crate) fn settle(h: &mut H) {
    for _ in 0..100 {
        h.state_mut().export.wait();
        h.step();
        if !h.state().export.busy() {
            break;
        }
    }
    h.run();
}

fn open_export(h: &mut H) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export…").click();
    h.step();
    settle(h);
    assert!(h.state().export.open, "File → Export… opens the dialog");
}

fn set_out(h: &mut H, label: &str, path: &Path) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(&path.display().to_string());
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, label)
            .value()
            .as_deref(),
        Some(path.display().to_string().as_str())
    );
}

#[test]
fn export_dialog_previews_pages_and_writes_a_redacted_ron_archive() {
    let mut h = open_sample();
    open_export(&mut h);
    // The PDF report is the default; its preview shows the first of the pages.
    h.get_by_label("Preview");
    // (The preview image's description holds the page's words, footer and all: ask for the
    // pager's own label.)
    h.get_by(|n| {
        n.role() == Role::Label
            && n.label()
                .or(n.value())
                .is_some_and(|l| l.starts_with("Page 1 of "))
    });
    h.get_by_label("Next page ▶").click();
    h.step();
    settle(&mut h);
    h.get_by(|n| {
        n.role() == Role::Label
            && n.label()
                .or(n.value())
                .is_some_and(|l| l.starts_with("Page 2 of "))
    });

    // Redaction: the preview says so.
    h.get_by_label("Redact for sharing outside").click();
    h.step();
    settle(&mut h);
    h.get_by_label("Preview (redacted)");

    // The case file, redacted.
    h.get_by_role_and_label(Role::ComboBox, "Format").click();
    h.run();
    h.get_by_label("Case file (RON archive)").click();
    h.step();
    settle(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared.case.ron");
    set_out(&mut h, "Save to", &out);
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.step();
    settle(&mut h);
    h.get_by_label_contains("Exported to");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Contractor A"));
    assert!(
        !text.to_lowercase().contains("duysak"),
        "no staff name survives"
    );
    // The redacted archive is a valid case file.
    let case = casebook::store::parse(&text, &out).unwrap();
    assert!(
        casebook::model::validate(&case)
            .iter()
            .all(|p| p.level != casebook::model::Level::Error)
    );
    // Still open and not dirty: exporting changes nothing in the case.
    assert!(h.state().export.open);
    assert!(!h.state().document().unwrap().is_dirty());
}

#[test]
fn export_dialog_writes_pdf_pages_off_the_ui_thread() {
    let mut h = open_sample();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.step();
    settle(&mut h);
    assert!(h.state().export.open, "Ctrl+E opens the export dialog");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.pdf");
    set_out(&mut h, "Save to", &out);
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.step();
    settle(&mut h);
    h.get_by_label_contains("Exported to");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF was written");
    h.get_by_label("Close").click();
    h.run();
    assert!(!h.state().export.open, "Close closes the dialog");
}

#[test]
fn export_to_an_unwritable_place_says_so_in_the_dialog() {
    let mut h = open_sample();
    open_export(&mut h);
    let dir = tempfile::tempdir().unwrap();
    // A folder is in the way of the file.
    let out = dir.path().join("taken.pdf");
    std::fs::create_dir(&out).unwrap();
    set_out(&mut h, "Save to", &out);
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.step();
    settle(&mut h);
    h.get_by_label_contains("could not write");
    assert!(
        h.state().export.open,
        "the dialog stays open to fix the path"
    );
}

#[test]
fn a_cancelled_export_writes_nothing() {
    let case = casebook::store::load(&sample_path()).unwrap().case;
    let dir = tempfile::tempdir().unwrap();
    let progress = casebook::export::Progress::new();
    progress.cancel();
    let opts = casebook::export::ExportOptions {
        format: casebook::export::Format::Png,
        dpi: 150,
        ..Default::default()
    };
    let out = dir.path().join("pages");
    let result = casebook::export::export(&case, "sample.case.ron", &opts, &out, &progress);
    assert!(matches!(
        result,
        Err(casebook::export::ExportError::Cancelled)
    ));
    let written = std::fs::read_dir(&out).map_or(0, |d| d.count());
    assert_eq!(written, 0, "no page files after cancelling");
}
