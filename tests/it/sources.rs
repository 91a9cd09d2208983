#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Source locations in a case file never make Casebook read or open anything outside the case's
//! folder, and nothing is opened without the user's click.

use std::path::{Path, PathBuf};

use casebook::store::{self, Location, LocationError, resolve_location};

/// A case folder with evidence inside it, and a secret file beside (outside) it.
struct Library {
    _dir: tempfile::TempDir,
    case_file: PathBuf,
    outside: PathBuf,
}

fn library() -> Library {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cases");
    std::fs::create_dir_all(folder.join("evidence")).unwrap();
    std::fs::write(folder.join("evidence/capture.png"), b"png").unwrap();
    std::fs::write(folder.join("evidence/run.desktop"), b"[Desktop Entry]").unwrap();
    std::fs::write(folder.join("evidence/notes.txt"), b"notes").unwrap();
    let outside = dir.path().join("secret.txt");
    std::fs::write(&outside, b"secret").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let tool = folder.join("evidence/tool");
        std::fs::write(&tool, b"#!/bin/sh\necho pwned\n").unwrap();
        std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::symlink(&outside, folder.join("evidence/link-out.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), folder.join("up")).unwrap();
        std::os::unix::fs::symlink(
            folder.join("evidence/notes.txt"),
            folder.join("evidence/link-in.txt"),
        )
        .unwrap();
    }
    Library {
        case_file: folder.join("incident.case.ron"),
        outside,
        _dir: dir,
    }
}

fn resolve(lib: &Library, text: &str) -> Result<Location, LocationError> {
    resolve_location(Some(&lib.case_file), text)
}

#[test]
fn files_inside_the_case_folder_resolve_to_their_real_path() {
    let lib = library();
    let folder = lib.case_file.parent().unwrap().canonicalize().unwrap();
    assert_eq!(
        resolve(&lib, "evidence/capture.png"),
        Ok(Location::File(folder.join("evidence/capture.png")))
    );
    assert_eq!(
        resolve(&lib, "./evidence/notes.txt"),
        Ok(Location::File(folder.join("evidence/notes.txt")))
    );
    // A folder can be shown too.
    assert_eq!(
        resolve(&lib, "evidence"),
        Ok(Location::File(folder.join("evidence")))
    );
    #[cfg(unix)]
    assert_eq!(
        resolve(&lib, "evidence/link-in.txt"),
        Ok(Location::File(folder.join("evidence/notes.txt"))),
        "a symlink that stays inside is followed"
    );
}

#[test]
fn paths_that_leave_the_case_folder_are_refused() {
    let lib = library();
    let outside = lib.outside.to_str().unwrap();
    assert_eq!(resolve(&lib, outside), Err(LocationError::Absolute));
    assert_eq!(
        resolve(&lib, "../secret.txt"),
        Err(LocationError::OutsideCaseFolder)
    );
    assert_eq!(
        resolve(&lib, "evidence/../../secret.txt"),
        Err(LocationError::OutsideCaseFolder)
    );
    assert_eq!(
        resolve(&lib, &format!("file://{outside}")),
        Err(LocationError::Scheme("file".into()))
    );
    #[cfg(unix)]
    {
        assert_eq!(
            resolve(&lib, "evidence/link-out.txt"),
            Err(LocationError::OutsideCaseFolder),
            "a symlink to a file outside"
        );
        assert_eq!(
            resolve(&lib, "up/secret.txt"),
            Err(LocationError::OutsideCaseFolder),
            "a symlinked folder that leads outside"
        );
    }
}

#[test]
fn programs_and_launchers_are_never_opened() {
    let lib = library();
    assert!(matches!(
        resolve(&lib, "evidence/run.desktop"),
        Err(LocationError::Executable(_))
    ));
    #[cfg(unix)]
    assert!(matches!(
        resolve(&lib, "evidence/tool"),
        Err(LocationError::Executable(_))
    ));
    assert!(matches!(
        resolve(&lib, "evidence/missing.png"),
        Err(LocationError::NotFound(_))
    ));
    assert_eq!(
        resolve(&lib, "javascript:alert(1)"),
        Err(LocationError::Scheme("javascript".into()))
    );
}

#[test]
fn refusals_explain_themselves() {
    let lib = library();
    let message = resolve(&lib, "../secret.txt").unwrap_err().to_string();
    assert!(message.contains("outside the case's folder"), "{message}");
    let message = resolve(&lib, "evidence/run.desktop")
        .unwrap_err()
        .to_string();
    assert!(message.contains("never runs programs"), "{message}");
    let message = resolve_location(None, "evidence/capture.png")
        .unwrap_err()
        .to_string();
    assert!(message.contains("save the case first"), "{message}");
}

#[test]
fn rendering_an_export_never_reads_an_image_named_in_it() {
    use casebook::export::render;
    let dir = tempfile::tempdir().unwrap();
    let red = dir.path().join("red.png");
    let pixels: Vec<u8> = [255u8, 0, 0].repeat(16 * 16);
    std::fs::write(&red, render::encode_png(&pixels, 16, 16, None).unwrap()).unwrap();
    let white = r#"<rect width="16" height="16" fill="white"/>"#;
    for href in [
        red.display().to_string(),
        format!("file://{}", red.display()),
        "red.png".to_string(),
    ] {
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">{white}<image href="{href}" width="16" height="16"/></svg>"#
        );
        let (w, h, rgb) = render::rgb(&svg, 1.0).unwrap();
        assert_eq!((w, h), (16, 16));
        assert!(
            rgb.chunks(3).all(|p| p == [255, 255, 255]),
            "{href} was read while rendering"
        );
    }
}

proptest::proptest! {
    /// Whatever the text, a location either is refused, is a web address, or is a file whose
    /// real path is inside the case's folder.
    #[test]
    fn no_text_resolves_outside_the_case_folder(
        text in "(\\.\\.|\\.|/|\\\\|~|:|%2e|evidence|up|link-out\\.txt|capture\\.png|secret\\.txt|file|https?|//|C:|[a-z ]){0,12}"
    ) {
        let lib = library();
        let folder = lib.case_file.parent().unwrap().canonicalize().unwrap();
        match resolve(&lib, &text) {
            Ok(Location::File(path)) => {
                proptest::prop_assert!(path.starts_with(&folder), "{text:?} -> {path:?}");
                proptest::prop_assert!(path != lib.outside.canonicalize().unwrap());
            }
            Ok(Location::Web(url)) => {
                let lower = url.to_ascii_lowercase();
                proptest::prop_assert!(lower.starts_with("http://") || lower.starts_with("https://"));
            }
            Err(_) => {}
        }
    }
}

/// The sample case saved into `lib`'s folder with its sources pointing at `locations`.
fn case_with_sources(lib: &Library, locations: &[(&str, &str)]) -> PathBuf {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples/twitter-2017-deactivation.case.ron");
    let mut case = store::load(&sample).unwrap().case;
    for (i, (title, url)) in locations.iter().enumerate() {
        if i >= case.sources.len() {
            let mut extra = case.sources[0].clone();
            extra.id = casebook::model::SourceId(format!("src-extra-{i}"));
            case.sources.push(extra);
        }
        case.sources[i].title = (*title).to_string();
        case.sources[i].url = (*url).to_string();
    }
    store::save(&lib.case_file, &case, None).unwrap();
    lib.case_file.clone()
}

#[cfg(feature = "gui")]
mod gui {
    use super::*;
    use casebook::ui::CasebookApp;
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT as _, Queryable as _};

    type H = Harness<'static, CasebookApp>;

    fn harness(app: CasebookApp) -> H {
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 1000.0))
            .build_ui_state(|ui, app: &mut CasebookApp| app.show(ui), app);
        h.run();
        h
    }

    fn select_source(h: &mut H, title: &str) {
        h.get_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Sources"))
        })
        .click();
        h.run();
        h.get_by_role_and_label(Role::Button, title).click();
        h.run();
    }

    fn open_button_enabled(h: &H) -> bool {
        !h.get_by_role_and_label(Role::Button, "Open source")
            .accesskit_node()
            .is_disabled()
    }

    #[test]
    fn sources_open_only_on_click_and_only_inside_the_case_folder() {
        let lib = library();
        let path = case_with_sources(
            &lib,
            &[
                ("Web article", "https://example.com/story"),
                ("Screen capture", "evidence/capture.png"),
                ("Escaping path", "../secret.txt"),
                ("Script link", "javascript:alert(1)"),
                ("Launcher", "evidence/run.desktop"),
            ],
        );
        let mut h = harness(CasebookApp::headless(Some(path)));

        // Looking at every source opens nothing.
        for title in [
            "Web article",
            "Screen capture",
            "Escaping path",
            "Script link",
            "Launcher",
        ] {
            select_source(&mut h, title);
        }
        assert!(h.state().opened().is_empty(), "nothing opens by itself");

        // Refused locations say why, and their button does nothing.
        select_source(&mut h, "Escaping path");
        h.get_by_label_contains("Not opened: the path leads outside the case's folder");
        assert!(!open_button_enabled(&h));
        h.get_by_role_and_label(Role::Button, "Open source").click();
        h.run();
        select_source(&mut h, "Script link");
        h.get_by_label_contains("Not opened: \"javascript:\" locations are not opened");
        assert!(!open_button_enabled(&h));
        select_source(&mut h, "Launcher");
        h.get_by_label_contains("never runs programs from a case");
        assert!(!open_button_enabled(&h));
        assert!(h.state().opened().is_empty());

        // A click opens exactly what was clicked.
        select_source(&mut h, "Web article");
        h.get_by_label("Web page: opens in your browser");
        h.get_by_role_and_label(Role::Button, "Open source").click();
        h.run();
        select_source(&mut h, "Screen capture");
        h.get_by_label("File in the case's folder");
        h.get_by_role_and_label(Role::Button, "Open source").click();
        h.run();
        let folder = lib.case_file.parent().unwrap().canonicalize().unwrap();
        assert_eq!(
            h.state().opened(),
            &[
                Location::Web("https://example.com/story".into()),
                Location::File(folder.join("evidence/capture.png")),
            ]
        );
        assert!(
            !h.state().document().unwrap().is_dirty(),
            "opening changes nothing"
        );
    }

    #[test]
    fn an_unsaved_case_cannot_open_relative_files() {
        let mut h = harness(CasebookApp::headless(None));
        h.get_by_label("New case").click();
        h.run();
        h.get_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Sources"))
        })
        .click();
        h.run();
        h.get_by_label("Add source").click();
        h.run();
        let input = h.get_by(|n| {
            n.role() == Role::TextInput && n.label().as_deref() == Some("Link or file")
        });
        input.focus();
        h.run();
        h.get_by(|n| n.role() == Role::TextInput && n.label().as_deref() == Some("Link or file"))
            .type_text("evidence/capture.png");
        h.run();
        h.get_by_label_contains("save the case first");
        assert!(!open_button_enabled(&h));
        assert!(h.state().opened().is_empty());
    }
}
