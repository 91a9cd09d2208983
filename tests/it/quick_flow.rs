#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Issue 25's counted flow: the small real-shaped case built from the welcome screen through
//! the real app, typed into Quick entry as a new user would, every interaction counted (a
//! click, a key chord, a typed field or a paste is one), then saved and compared with
//! tests/fixtures/quick-flow.case.ron.

use std::path::Path;

use casebook::model::{AccountId, ActionId, CaseId, OutsiderId, SourceId, StaffId, StatementId};
use casebook::ui::CasebookApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use crate::gui::{H, doc, harness, text_input};

/// The app under test and how many interactions it has taken so far.
struct Flow {
    h: H,
    count: usize,
    log: Vec<String>,
}

impl Flow {
    fn new() -> Self {
        Self {
            h: harness(CasebookApp::headless(None)),
            count: 0,
            log: Vec::new(),
        }
    }

    fn counted(&mut self, what: String) {
        self.count += 1;
        self.log.push(what);
    }

    /// A click on the button (or navigator entry) whose label starts with `label`.
    fn click(&mut self, label: &str) {
        self.h
            .get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(label)))
            .click();
        self.h.run();
        self.counted(format!("click {label}"));
    }

    /// A click into the text input labelled `label`.
    fn click_input(&mut self, label: &str) {
        text_input(&self.h, label).focus();
        self.h.run();
        assert!(text_input(&self.h, label).is_focused());
        self.counted(format!("click {label}"));
    }

    /// One key chord.
    fn chord(&mut self, modifiers: Modifiers, key: Key) {
        self.h.key_press_modifiers(modifiers, key);
        self.h.run();
        self.counted(format!("{modifiers:?}+{key:?}"));
    }

    fn key(&mut self, key: Key) {
        self.chord(Modifiers::NONE, key);
    }

    /// Types `text` into whatever has the keys, one character a frame, as a person would: one
    /// typed field.
    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.h.event(egui::Event::Text(c.to_string()));
            self.h.step();
        }
        self.h.run();
        self.counted(format!("type {text:?}"));
    }

    /// Types the cells of one Quick entry row, Tab between them (an empty cell is skipped
    /// with its Tab alone).
    fn row(&mut self, cells: &[&str]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.key(Key::Tab);
            }
            if !cell.is_empty() {
                self.typed(cell);
            }
        }
    }
}

/// `text` with every generated id replaced by its kind and the order it first appears in
/// (`"act-1"`), and every time stamp of when something was entered or changed blanked: what
/// two saves of the same flow share.
fn normalised(text: &str) -> String {
    let prefixes = [
        CaseId::PREFIX,
        AccountId::PREFIX,
        StaffId::PREFIX,
        OutsiderId::PREFIX,
        ActionId::PREFIX,
        StatementId::PREFIX,
        SourceId::PREFIX,
    ];
    let mut seen: Vec<String> = Vec::new();
    let mut out = String::new();
    let mut in_accessed = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        // Stamps of when a record was entered, and a source's "accessed" day (today).
        if let Some((key, _)) = trimmed.split_once(": \"")
            && (["created", "updated"].contains(&key) || (key == "at" && in_accessed))
        {
            out.push_str(&format!("{indent}{key}: \"<time>\",\n"));
            continue;
        }
        if trimmed.starts_with("accessed: (") {
            in_accessed = true;
        } else if trimmed.starts_with(')') {
            in_accessed = false;
        }
        // Quoted strings that are ids: "prefix-suffix".
        let mut rest = line;
        while let Some(start) = rest.find('"') {
            out.push_str(&rest[..=start]);
            rest = &rest[start + 1..];
            let Some(end) = rest.find('"') else { break };
            let quoted = &rest[..end];
            let is_id = prefixes.iter().any(|p| {
                quoted
                    .strip_prefix(p)
                    .and_then(|s| s.strip_prefix('-'))
                    .is_some_and(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
            });
            if is_id {
                let n = match seen.iter().position(|s| s == quoted) {
                    Some(i) => i,
                    None => {
                        seen.push(quoted.to_owned());
                        seen.len() - 1
                    }
                };
                let prefix = quoted.split('-').next().unwrap_or_default();
                out.push_str(&format!("{prefix}-{}", n + 1));
            } else {
                out.push_str(quoted);
            }
            out.push('"');
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quick-flow.case.ron")
}

#[test]
fn the_issue_25_case_is_typed_from_the_welcome_screen_in_at_most_45_interactions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quick-flow.case.ron");
    let mut f = Flow::new();

    f.click("New case");
    f.chord(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    assert!(text_input(&f.h, "When 1").is_focused());

    // ~14:10 UTC: a trusted flagger reports the news account. Ctrl+Enter adds the row; it
    // creates the account, so it waits for a yes while the keys go on to the next row.
    f.row(&[
        "2024-03-05 ~14:10",
        "report",
        "Trusted flagger reports the account as impersonating a news outlet",
        "Trusted flagger",
        "@newsdaily (Chirp)",
    ]);
    f.chord(Modifiers::COMMAND, Key::Enter);
    assert!(text_input(&f.h, "When 2").is_focused(), "the keys go on");
    // 14:32: a moderator suspends it by mistake (the account named in What is the target).
    f.row(&[
        "14:32",
        "susp",
        "Suspended @newsdaily by mistake: wrong account selected in the queue",
        "Tom Becker",
    ]);
    f.chord(Modifiers::COMMAND, Key::Enter);
    // 15:05: the team lead reverses it (a reversal with no target: the suspension's account).
    f.row(&["15:05", "rev", "", "Priya Raman"]);
    f.chord(Modifiers::COMMAND, Key::Enter);
    // 16:00: the company on its status page (no Who: the accounts' platform; Tab passes
    // over Target, which a statement has not). Enter in Source adds the row.
    f.row(&[
        "16:00",
        "status page",
        "Earlier today we suspended a news account by mistake. It was restored within 35 minutes.",
        "",
        "https://status.chirp.example/incidents/2024-03-05",
    ]);
    f.key(Key::Enter);
    let question = "This will also create: account @newsdaily (Chirp), staff member Tom Becker, \
                    staff member Priya Raman, source status.chirp.example/incidents/2024-03-05. Add?";
    assert!(
        f.h.query_by_label(question).is_some(),
        "one question for all"
    );
    assert!(
        doc(&f.h).case.actions.is_empty(),
        "nothing added before the yes"
    );
    // Enter on the empty row says yes.
    f.key(Key::Enter);
    assert_eq!(doc(&f.h).case.actions.len(), 3);

    // The root cause, one line.
    f.click("Postmortem");
    f.click_input("Root cause");
    f.typed("The moderation queue preselected the next account after a report was closed.");

    // Save.
    f.chord(Modifiers::COMMAND, Key::S);
    assert_eq!(f.h.state().modal_title(), Some("File path"));
    f.chord(Modifiers::COMMAND, Key::A);
    f.typed(&path.display().to_string());
    f.key(Key::Enter);
    assert_eq!(f.h.state().modal_title(), None, "saved: {:?}", f.log);
    assert!(!doc(&f.h).is_dirty());

    println!("issue 25 flow: {} interactions: {:#?}", f.count, f.log);
    let case = &doc(&f.h).case;
    assert_eq!(
        (
            case.accounts.len(),
            case.staff.len(),
            case.actions.len(),
            case.statements.len(),
            case.sources.len()
        ),
        (1, 2, 3, 1, 1)
    );

    let saved = std::fs::read_to_string(&path).unwrap();
    if std::env::var_os("CASEBOOK_BLESS").is_some() {
        std::fs::write(fixture(), &saved).unwrap();
    }
    let expected = std::fs::read_to_string(fixture()).unwrap();
    assert_eq!(normalised(&saved), normalised(&expected));
    assert!(f.count <= 45, "{} interactions: {:#?}", f.count, f.log);

    // (Not counted: checks.) The row's source supports the statement, as a source picked in
    // its editor would: the editor's Sources picker shows it.
    let h = &mut f.h;
    crate::gui::go_to(h, "Statements");
    h.get_by(|n| {
        n.role() == Role::Button
            && n.label()
                .is_some_and(|l| l.starts_with("Earlier today") && !l.contains(" — "))
    })
    .click();
    h.run();
    let statement = doc(h).case.statements[0].id.clone();
    assert_eq!(
        h.state().selected(),
        Some(&casebook::model::RecordRef::Statement(statement))
    );
    h.get_by_role_and_label(Role::DisclosureTriangle, "Sources")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::DisclosureTriangle, "Sources")
        .click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::CheckBox, "status.chirp.example/incidents/2024-03-05")
            .accesskit_node()
            .toggled(),
        Some(egui::accesskit::Toggled::True),
        "the statement's Sources picker has the row's source ticked"
    );
}

#[test]
fn quick_entry_rows_belong_to_their_case() {
    let mut h = crate::gui::new_case();
    crate::gui::go_to(&mut h, "Quick entry");
    for c in "2024-03-05 14:10".chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.step();
    }
    h.run();
    assert_eq!(
        text_input(&h, "When 1").value().as_deref(),
        Some("2024-03-05 14:10")
    );
    // Another case (nothing unsaved: rows not added are not part of the case).
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Open the sample case")
        .click();
    h.run();
    assert_eq!(doc(&h).case.accounts[0].handle, "@realDonaldTrump");
    crate::gui::go_to(&mut h, "Quick entry");
    assert_eq!(
        text_input(&h, "When 1").value().as_deref(),
        Some(""),
        "the grid starts empty for the other case"
    );
    assert!(
        h.query_by_role_and_label(Role::TextInput, "When 2")
            .is_none()
    );
}

/// Presses and releases the primary button at `pos` in separate frames, as a hand does.
fn press_and_release(h: &mut H, pos: egui::Pos2) {
    h.event(egui::Event::PointerMoved(pos));
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
}

/// The labels of the inputs that have the keys.
fn focused_inputs(h: &H) -> Vec<String> {
    h.query_all_by(|n| {
        matches!(
            n.role(),
            Role::TextInput | Role::MultilineTextInput | Role::ComboBox
        )
    })
    .filter(|n| n.is_focused())
    .map(|n| n.accesskit_node().label().unwrap_or_default())
    .collect()
}

#[test]
fn picking_a_drop_down_item_leaves_the_widget_under_the_popup_alone() {
    let (_dir, _path, mut h) = crate::gui::open_sample_copy();
    let mut tried = 0;
    for (section, add) in [("Actions", "Add action"), ("Statements", "Add statement")] {
        crate::gui::go_to(&mut h, section);
        h.get_by_role_and_label(Role::Button, add).click();
        h.run();
        let combos: Vec<String> = h
            .query_all_by_role(Role::ComboBox)
            .map(|n| n.accesskit_node().label().unwrap_or_default())
            .collect();
        for combo in combos {
            let Some(node) = h.query_by_role_and_label(Role::ComboBox, &combo) else {
                continue;
            };
            node.scroll_to_me();
            h.run();
            h.get_by_role_and_label(Role::ComboBox, &combo).click();
            h.run();
            let inputs: Vec<(String, egui::Rect)> = h
                .query_all_by(|n| {
                    matches!(
                        n.role(),
                        Role::TextInput | Role::MultilineTextInput | Role::CheckBox
                    )
                })
                .map(|n| (n.accesskit_node().label().unwrap_or_default(), n.rect()))
                .filter(|(l, _)| !l.starts_with("Find"))
                .collect();
            // An item of the open list that lies over an input of the form.
            let items: Vec<(String, egui::Pos2)> = h
                .query_all_by(|n| n.role() == Role::Button)
                .map(|n| {
                    (
                        n.accesskit_node().label().unwrap_or_default(),
                        n.rect().center(),
                    )
                })
                .collect();
            let over = items.iter().find_map(|(item, pos)| {
                let under: Vec<String> = inputs
                    .iter()
                    .filter(|(_, r)| r.contains(*pos))
                    .map(|(l, _)| l.clone())
                    .collect();
                (!under.is_empty()).then(|| (item.clone(), *pos, under))
            });
            let Some((item, pos, under)) = over else {
                h.key_press(Key::Escape);
                h.run();
                continue;
            };
            tried += 1;
            println!("{section}: {combo}: {item:?} at {pos:?} lies over {under:?}");
            let ticked = |h: &H| -> Vec<Option<egui::accesskit::Toggled>> {
                under
                    .iter()
                    .map(|l| {
                        h.query_all_by_label(l)
                            .find_map(|n| n.accesskit_node().toggled())
                    })
                    .collect()
            };
            let before = ticked(&h);
            press_and_release(&mut h, pos);
            let focused = focused_inputs(&h);
            assert!(
                under.iter().all(|l| !focused.contains(l)),
                "picking {item} in {combo} focused {focused:?} under the popup"
            );
            assert_eq!(
                ticked(&h),
                before,
                "picking {item} in {combo} ticked what lay under"
            );
            assert!(
                h.query_by_role_and_label(Role::ComboBox, &combo)
                    .is_some_and(|n| n.value().is_some_and(|v| {
                        item.starts_with(v.as_str()) || v.starts_with(item.as_str())
                    })),
                "{combo} shows {item}"
            );
            h.key_press(Key::Escape);
            h.run();
        }
    }
    println!("{tried} picks over another widget");
}
