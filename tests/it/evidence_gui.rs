#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Evidence in the desktop app, through the real app by accessible labels: File → Add
//! evidence… (the in-app File path dialog stands in for the desktop's), the thumbnail, the
//! gallery, a file changed on disk shown as "changed", a file dropped on a record's editor.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use casebook::model::RecordRef;
use casebook::ui::{CasebookApp, Section};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;

use crate::gui::{H, go_to, harness, open_sample_copy, type_into};

/// A picture of `width` × `height` pixels at `path`.
fn write_png(path: &Path, width: u32, height: u32, shade: u8) {
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, shade, 255])
    });
    image
        .save_with_format(path, image::ImageFormat::Png)
        .unwrap();
}

/// Runs the app until the background checks and pictures are done (frame by frame: a
/// spinner repaints while a picture loads).
fn settle(h: &mut H) {
    let start = Instant::now();
    for _ in 0..4 {
        h.step();
    }
    while h.state().evidence_busy() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "background work finishes"
        );
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
}

/// The sample, saved in a temp folder, with thumbnails cached there too.
fn sample() -> (tempfile::TempDir, PathBuf, H) {
    let (dir, path, mut h) = open_sample_copy();
    let cache = dir.path().join("cache");
    h.state_mut().set_thumbnail_cache(cache, 1);
    (dir, path, h)
}

/// File → Add evidence…, then the path typed into the File path dialog.
fn add_via_menu(h: &mut H, file: &Path) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Add evidence…").click();
    h.run();
    assert_eq!(h.state().modal_title(), Some("File path"));
    type_into(h, "File path", &file.display().to_string());
    h.get_by_role_and_label(Role::Button, "Add").click();
    settle(h);
}

fn evidence_sources(h: &H) -> Vec<casebook::model::Source> {
    let doc = h.state().document().unwrap();
    doc.case
        .sources
        .iter()
        .filter(|s| s.evidence.is_some())
        .cloned()
        .collect()
}

#[test]
fn add_a_picture_see_it_in_the_gallery_and_a_changed_copy_says_changed() {
    let (dir, case_file, mut h) = sample();
    let shot = dir.path().join("shot.png");
    write_png(&shot, 640, 400, 40);
    let sources_before = h.state().document().unwrap().case.sources.len();

    add_via_menu(&mut h, &shot);
    assert_eq!(
        h.state().modal_title(),
        None,
        "no error: {:?}",
        h.state().modal_title()
    );
    let added = evidence_sources(&h);
    assert_eq!(added.len(), 1);
    let e = added[0].evidence.clone().unwrap();
    assert_eq!(e.file, "sample.evidence/shot.png");
    assert_eq!(
        h.state().document().unwrap().case.sources.len(),
        sources_before + 1
    );
    // The copy is there, the custody log has its "added" entry, the original is untouched.
    let copy = dir.path().join("sample.evidence/shot.png");
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&shot).unwrap());
    let (entries, chain) = casebook::evidence::custody::read(&case_file);
    assert!(chain.is_ok());
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].sha256, e.sha256);

    // The new source is shown, with its thumbnail and its state.
    assert_eq!(
        h.state().selected(),
        Some(&RecordRef::Source(added[0].id.clone()))
    );
    h.get_by_role_and_label(Role::Image, "Thumbnail of shot.png");
    assert_eq!(h.state().evidence_state_word(&e.file), Some("ok"));
    h.get_by_label("Evidence description");
    h.get_by_label(&e.sha256);

    // One undo step added it.
    assert!(
        h.state()
            .document()
            .unwrap()
            .undo_label()
            .unwrap()
            .contains("shot.png")
    );

    // The gallery lists it.
    go_to(&mut h, "Evidence");
    assert_eq!(h.state().section(), Section::Evidence);
    h.get_by_role_and_label(Role::Image, "Thumbnail of shot.png");
    h.get_by_label("shot.png");
    h.get_by_label("✔ ok");

    // A click on the thumbnail opens the full view; Esc closes it.
    h.get_by_role_and_label(Role::Image, "Thumbnail of shot.png")
        .click();
    settle(&mut h);
    let picture = format!("Picture {}", added[0].title);
    h.get_by_role_and_label(Role::Button, "100 %").click();
    h.run();
    h.get_by_label_contains("640 × 400 pixels");
    h.get_by_role_and_label(Role::Image, &picture);
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Image, &picture).is_none(),
        "Esc closes the full view"
    );

    // The copy is changed behind Casebook's back: Verify now says so, beside the file and as
    // a problem.
    let mut perms = std::fs::metadata(&copy).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&copy, perms).unwrap();
    write_png(&copy, 640, 400, 200);
    h.get_by_role_and_label(Role::Button, "Verify now").click();
    settle(&mut h);
    assert_eq!(h.state().evidence_state_word(&e.file), Some("changed"));
    h.get_by_label("✖ changed");
    // A check asked for by a person is logged, with its outcome.
    let (entries, chain) = casebook::evidence::custody::read(&case_file);
    assert!(chain.is_ok());
    let last = entries.last().unwrap();
    assert_eq!(last.event, casebook::evidence::CustodyEvent::Verified);
    assert_eq!(
        (last.file.as_str(), last.note.as_str()),
        (e.file.as_str(), "changed")
    );
    go_to(&mut h, "Problems");
    h.get_by_label_contains("evidence file sample.evidence/shot.png changed since it was captured");
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_file_dropped_on_an_action_is_cited_by_it_and_its_thumbnail_shows_there() {
    let (dir, _case_file, mut h) = sample();
    go_to(&mut h, "Actions");
    h.get_by(|n| {
        n.role() == Role::Button
            && n.label()
                .is_some_and(|l| l.starts_with("Contractor set the account's deactivation"))
            && !n.label().is_some_and(|l| l.contains(" — "))
    })
    .click();
    h.run();
    let action = h.state().selected().cloned().unwrap();
    assert!(matches!(action, RecordRef::Action(_)));

    let shot = dir.path().join("profile page.png");
    write_png(&shot, 300, 900, 90);
    let letter = dir.path().join("letter.pdf");
    std::fs::write(&letter, b"%PDF-1.4\n% a letter\n").unwrap();
    // Dropped over the editor (the right-hand side of the window).
    h.hover_at(egui::pos2(1250.0, 300.0));
    h.run();
    h.input_mut().dropped_files = vec![
        std::sync::Arc::new(Dropped(shot.clone())),
        std::sync::Arc::new(Dropped(letter.clone())),
    ];
    settle(&mut h);
    assert_eq!(h.state().modal_title(), None);
    assert_eq!(
        h.state().selected(),
        Some(&action),
        "the action stays in view"
    );
    let doc = h.state().document().unwrap();
    let RecordRef::Action(id) = &action else {
        unreachable!()
    };
    let cites = &doc
        .case
        .actions
        .iter()
        .find(|a| &a.id == id)
        .unwrap()
        .meta
        .sources;
    let added = evidence_sources(&h);
    assert_eq!(added.len(), 2);
    for s in &added {
        assert!(cites.contains(&s.id), "the action cites {}", s.title);
    }
    h.get_by_role_and_label(Role::Image, "Thumbnail of profile page.png");
    h.get_by_role_and_label(Role::Button, "View profile page.png");
    // A file that is not a picture opens in its app only when clicked, through the path rules.
    assert!(h.state().opened().is_empty());
    h.get_by_role_and_label(Role::Button, "Open letter.pdf")
        .click();
    h.run();
    match h.state().opened() {
        [casebook::store::Location::File(path)] => {
            assert!(
                path.ends_with("sample.evidence/letter.pdf"),
                "{}",
                path.display()
            )
        }
        other => panic!("opened {other:?}"),
    }
    // A file that is not a picture shows its kind.
    h.get_by_label_contains("PDF document");
    // Undo takes both out, and the citation, in one step.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(evidence_sources(&h).is_empty());
}

#[test]
fn an_unsaved_case_asks_to_be_saved_first() {
    let mut h = harness(CasebookApp::headless(None));
    h.get_by_label("New case").click();
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Add evidence…").click();
    h.run();
    assert_eq!(h.state().modal_title(), Some("Error"));
    h.get_by_label_contains("Save the case first so its evidence folder has a place");
}

#[test]
fn a_picture_that_lies_about_its_size_is_refused_in_plain_words() {
    let (dir, _case_file, mut h) = sample();
    // A PNG header claiming 100 000 × 100 000 pixels.
    let bomb = dir.path().join("bomb.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend_from_slice(&100_000u32.to_be_bytes());
    bytes.extend_from_slice(&100_000u32.to_be_bytes());
    bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    std::fs::write(&bomb, bytes).unwrap();
    add_via_menu(&mut h, &bomb);
    // It is kept as evidence (its hash holds), but never decoded: the thumbnail says why.
    assert_eq!(h.state().modal_title(), None);
    h.get_by_label("⚠ cannot show this picture");
}

#[test]
fn opening_a_case_checks_its_files_in_the_background() {
    use casebook::evidence::{self, CaptureInfo, custody};
    let dir = tempfile::tempdir().unwrap();
    let case_file = dir.path().join("t.case.ron");
    std::fs::copy(crate::gui::sample_path(), &case_file).unwrap();
    let mut case = casebook::store::load(&case_file).unwrap().case;
    let now = chrono::Utc::now();
    let mut entries = Vec::new();
    for name in ["kept.png", "edited.png", "gone.png"] {
        let original = dir.path().join(name);
        write_png(&original, 50, 40, 7);
        let c = evidence::capture(&case_file, &original, &CaptureInfo::default(), now).unwrap();
        evidence::add_to_case(&mut case, &c, None, now).unwrap();
        entries.push(custody::NewEntry {
            event: custody::CustodyEvent::Added,
            by: "test".into(),
            file: c.evidence.file.clone(),
            sha256: c.evidence.sha256.clone(),
            note: String::new(),
        });
    }
    custody::append(&case_file, &entries, now).unwrap();
    casebook::store::save(&case_file, &case, None).unwrap();
    let folder = dir.path().join("t.evidence");
    let edited = folder.join("edited.png");
    let mut perms = std::fs::metadata(&edited).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&edited, perms).unwrap();
    write_png(&edited, 50, 40, 99);
    std::fs::remove_file(folder.join("gone.png")).unwrap();
    std::fs::write(folder.join("stray.txt"), "put there by hand").unwrap();

    let mut app = CasebookApp::headless(Some(case_file.clone()));
    app.set_thumbnail_cache(dir.path().join("cache"), 1);
    let mut h = harness(app);
    settle(&mut h);
    for (file, word) in [
        ("t.evidence/kept.png", "ok"),
        ("t.evidence/edited.png", "changed"),
        ("t.evidence/gone.png", "missing"),
    ] {
        assert_eq!(h.state().evidence_state_word(file), Some(word), "{file}");
    }
    // Problems list them, in plain words; the check on opening is not logged.
    go_to(&mut h, "Problems");
    h.get_by_label_contains("evidence file t.evidence/edited.png changed since it was captured");
    h.get_by_label_contains("evidence file t.evidence/gone.png is missing");
    h.get_by_label_contains(
        "t.evidence/stray.txt is in the evidence folder but the case does not list it",
    );
    let (logged, _) = custody::read(&case_file);
    assert_eq!(logged.len(), 3, "only the three \"added\" entries");
}

/// The report preview in File → Export… shows a captured picture in the Evidence section (the
/// preview image's description carries the page's words).
#[test]
fn the_report_preview_shows_the_evidence() {
    use egui_kittest::kittest::NodeT as _;
    let (dir, _path, mut h) = sample();
    let shot = dir.path().join("profile-page.png");
    write_png(&shot, 320, 200, 90);
    add_via_menu(&mut h, &shot);
    assert_eq!(evidence_sources(&h).len(), 1);

    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export…").click();
    h.step();
    crate::export_gui::settle(&mut h);
    let preview = |h: &H| -> String {
        h.query_by(|n| {
            n.role() == Role::Image
                && n.label()
                    .is_some_and(|l| l.starts_with("Export preview, page "))
        })
        .and_then(|n| n.accesskit_node().label())
        .unwrap_or_default()
    };
    let mut seen = Vec::new();
    for _ in 0..30 {
        let words = preview(&h);
        if words.contains("Evidence") && words.contains("Hash checked at export: matches") {
            assert!(words.contains("profile-page.png"), "{words}");
            return;
        }
        seen.push(words.chars().take(80).collect::<String>());
        let Some(next) =
            h.query_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Next page ▶"))
        else {
            break;
        };
        next.click();
        h.step();
        crate::export_gui::settle(&mut h);
    }
    panic!("no page of the preview shows the evidence: {seen:#?}");
}
