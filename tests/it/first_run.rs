#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! First run: the welcome screen, Help → Keyboard shortcuts and Help → About, through the real
//! app by accessible labels.

use casebook::store;
use casebook::ui::{CasebookApp, UiCommand, shortcut_label};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

type H = Harness<'static, CasebookApp>;

fn harness() -> H {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut CasebookApp| app.show(ui),
            CasebookApp::headless(None),
        );
    h.run();
    h
}

fn help(h: &mut H, item: &str) {
    h.get_by_role_and_label(Role::Button, "Help").click();
    h.run();
    // A menu item's accessible label includes its shortcut ("Keyboard shortcuts Ctrl+/").
    h.get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(item)))
        .click();
    h.run();
}

#[test]
fn the_welcome_screen_says_what_a_case_is_and_offers_the_sample_and_a_new_case() {
    let mut h = harness();
    h.get_by_label_contains("A case gathers everything about one moderation incident");
    h.get_by_label_contains("plain files you can archive, share and review offline");
    h.get_by_role_and_label(Role::Button, "New case");
    h.get_by_role_and_label(Role::Button, "Open…");
    h.get_by_role_and_label(Role::Button, "Open the sample case")
        .click();
    h.run();
    let doc = h.state().document().expect("the sample opens");
    assert_eq!(
        doc.case.info.title,
        "Head-of-state account deactivated by a departing contractor"
    );
    assert!(doc.path.is_none(), "the sample opens as an unsaved copy");
}

#[test]
fn the_welcome_screen_opens_the_account_takeover_sample_too() {
    let mut h = harness();
    h.get_by_label("Open the account-takeover sample").click();
    h.run();
    let doc = h.state().document().expect("the second sample opens");
    assert!(doc.case.info.title.starts_with("Twitter, July 2020"));
    assert!(!doc.case.outsiders.is_empty());
    assert!(doc.path.is_none(), "it opens as an unsaved copy");
    // The navigator lists its outside people.
    h.get_by_label_contains("Outsiders");
}

#[test]
fn keyboard_shortcuts_lists_every_shortcut_of_the_command_list() {
    let mut h = harness();
    help(&mut h, "Keyboard shortcuts");
    assert_eq!(h.state().modal_title(), Some("Keyboard shortcuts"));
    let ctx = h.ctx.clone();
    let mut listed = 0;
    for command in UiCommand::ALL {
        let Some(shortcut) = command.shortcut() else {
            continue;
        };
        let (name, _) = command.text_and_tooltip();
        let keys = shortcut_label(&ctx, &shortcut);
        // (The welcome screen behind the dialog has a "New case" button too.)
        assert!(h.query_all_by_label(name).next().is_some(), "{name}");
        h.get_by_label(&keys);
        listed += 1;
    }
    assert!(listed >= 18, "only {listed} shortcuts");
    // Keys read as typed, not as names.
    h.get_by_label("Ctrl+/");
    h.get_by_label("Ctrl+Shift+S");
    h.get_by_label("Ctrl++");
}

#[test]
fn about_shows_version_licence_and_where_preferences_and_recovery_files_live() {
    let mut h = harness();
    help(&mut h, "About Casebook");
    assert_eq!(h.state().modal_title(), Some("About Casebook"));
    h.get_by_label(&format!("Version {}", env!("CARGO_PKG_VERSION")));
    h.get_by_label_contains("Licence: MIT OR Apache-2.0");
    h.get_by_label_contains("Preferences: ");
    h.get_by_label(&format!(
        "Recovery files (unsaved changes after a crash): {}",
        store::recovery::recovery_dir().display()
    ));
    h.get_by_role_and_label(Role::Button, "Close").click();
    h.run();
    assert_eq!(h.state().modal_title(), None);
}

/// Chinese, Japanese and Korean names and quotes are drawn with the system's CJK font (looked
/// for in the background at start), not as boxes. Needs a CJK font installed
/// (`dist/test-packages.txt` has `fonts-wqy-microhei`).
#[test]
fn chinese_japanese_and_korean_text_gets_a_system_font() {
    let mut h = harness();
    let started = std::time::Instant::now();
    while casebook::export::fonts::cjk_fallback_ready().is_none() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "still looking for a CJK font after a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
    let has = |h: &H, text: &str| {
        h.ctx
            .fonts_mut(|f| f.has_glyphs(&egui::FontId::proportional(14.0), text))
    };
    assert!(
        has(&h, "元首账户 アカウント 계정"),
        "the app has no CJK font (is one installed?)"
    );
    assert!(has(&h, "Casebook ★ ⚑"), "the other fonts are still there");
}

/// Whether the app sent `command` to the window in the last frame.
fn sent(h: &H, command: &egui::ViewportCommand) -> bool {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(command))
}

#[test]
fn f11_and_view_full_screen_toggle_full_screen_for_a_projector() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "Open the sample case")
        .click();
    h.run();
    // The key goes down in one frame (kittest's key_press would step again for the key up,
    // and the command is only in the frame that saw it).
    h.input_mut().events.push(egui::Event::Key {
        key: egui::Key::F11,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    assert!(sent(&h, &egui::ViewportCommand::Fullscreen(true)));
    h.run();

    // Once the window is full screen, the menu item takes it back.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .fullscreen = Some(true);
    h.get_by_role_and_label(Role::Button, "View").click();
    h.run();
    h.get_by(|n| {
        n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Full screen"))
    })
    .click();
    h.step();
    assert!(sent(&h, &egui::ViewportCommand::Fullscreen(false)));
}

#[test]
fn recent_cases_show_their_folder_open_on_click_and_a_missing_one_is_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path().join("a");
    let there = dir.path().join("b");
    std::fs::create_dir_all(&here).unwrap();
    std::fs::create_dir_all(&there).unwrap();
    // Two cases with the same file name, in different folders; one has since been deleted.
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/examples/twitter-2017-deactivation.case.ron"
    );
    let kept = here.join("incident.case.ron");
    std::fs::copy(sample, &kept).unwrap();
    let gone = there.join("incident.case.ron");

    let mut app = CasebookApp::headless(None);
    app.prefs.recent = vec![gone.clone(), kept.clone()];
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut CasebookApp| app.show(ui), app);
    h.run();

    let label =
        |p: &std::path::Path| format!("incident.case.ron {}", p.parent().unwrap().display());
    let missing_label = format!("{} (missing)", there.display());
    let missing = h.get_by_label_contains(&missing_label);
    assert!(
        missing.accesskit_node().is_disabled(),
        "a case that is gone cannot be clicked"
    );
    h.get_by_label(&label(&kept)).click();
    h.run();
    let doc = h.state().document().expect("the recent case opens");
    assert_eq!(doc.path.as_deref(), Some(kept.as_path()));
}
