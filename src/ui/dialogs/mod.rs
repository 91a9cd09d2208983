//! The dialogs on top of the window: unsaved changes, a file changed on disk, errors, deleting
//! a referenced record, restoring unsaved changes, a case open elsewhere, typing a path, find in
//! case, keyboard shortcuts, about.
//!
//! A dialog reads the app through an [`AppView`] and says what the user answered as an
//! [`Answer`]; the app does it (the one way anything happens after a dialog).

use std::path::{Path, PathBuf};

use egui::RichText;

use super::command::AppView;
use super::commands::UiCommand;
use super::widgets::kind_color;
use crate::model::RecordRef;
use crate::model::search::{Hit, describe};
use crate::store;

/// What to do once unsaved changes have been dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    NewCase,
    OpenDialog,
    OpenPath(PathBuf),
    OpenSample,
    OpenTakeoverSample,
    CloseCase,
    Quit,
}

/// Why a file path is being asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum PathPurpose {
    Open,
    SaveAs {
        then: Option<Box<Pending>>,
    },
    /// Files to copy into the case as evidence, cited by `to` if given.
    AddEvidence {
        to: Option<RecordRef>,
    },
    /// Where to write the sealed archive (File → Archive…).
    Archive,
}

/// The dialog on top of the window, if any.
#[derive(Clone, Debug)]
pub enum Modal {
    Unsaved {
        then: Pending,
    },
    Conflict {
        then: Option<Pending>,
    },
    Error {
        title: String,
        message: String,
    },
    DeleteReferenced {
        target: RecordRef,
        referrers: Vec<String>,
    },
    PathEntry {
        purpose: PathPurpose,
        text: String,
        note: String,
    },
    Shortcuts,
    About,
    /// Find text anywhere in the case; the results list jumps to a record.
    FindInCase {
        query: String,
    },
    /// The case is open in another Casebook (its lock file names who).
    OpenElsewhere {
        path: PathBuf,
        holder: String,
    },
    /// Unsaved edits left by a Casebook that ended without saving.
    Recover {
        found: store::recovery::Recovery,
    },
}

/// What the user answered in a dialog.
#[derive(Clone, Debug)]
pub enum Answer {
    /// Unsaved changes: save, then go on.
    Save(Pending),
    /// Unsaved changes: give them up and go on.
    DontSave(Pending),
    /// Changed on disk: write this version over it, then go on.
    Overwrite(Option<Pending>),
    /// Changed on disk: save this version to another file.
    SaveCopy(Option<Pending>),
    /// Changed on disk: load the file again.
    Reload,
    /// Delete a record others refer to, and the references.
    DeleteUnlinking(RecordRef),
    /// Restore a recovery file.
    Restore(store::recovery::Recovery),
    /// Open a case another Casebook has open.
    OpenAnyway(PathBuf),
    /// A path was typed for opening or saving.
    Path(PathPurpose, PathBuf),
    /// Go to a record found by Find in case.
    Select(RecordRef),
}

/// Find in case: the last search (case generation, text) and what it found.
pub type FindCache = Option<((u64, String), Vec<Hit>)>;

/// Draws `modal`; returns whether it closes, and what the user answered.
pub fn show(
    ctx: &egui::Context,
    modal: &mut Modal,
    view: &AppView<'_>,
    find_cache: &mut FindCache,
) -> (bool, Option<Answer>) {
    let mut out = Outcome::default();
    let snapshot = modal.clone();
    let response = egui::Modal::new(egui::Id::unique("casebook-modal")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        match &snapshot {
            Modal::Unsaved { then } => unsaved_ui(ui, view, then, &mut out),
            Modal::Conflict { then } => conflict_ui(ui, view, then.as_ref(), &mut out),
            Modal::Error { title, message } => error_ui(ui, title, message, &mut out),
            Modal::DeleteReferenced { target, referrers } => {
                delete_referenced_ui(ui, view, target, referrers, &mut out)
            }
            Modal::Recover { found } => recover_ui(ui, found, &mut out),
            Modal::OpenElsewhere { path, holder } => open_elsewhere_ui(ui, path, holder, &mut out),
            Modal::PathEntry {
                purpose,
                text,
                note,
            } => path_entry_ui(ui, purpose, text, note, modal, &mut out),
            Modal::FindInCase { query } => {
                find_in_case_ui(ui, view, query, modal, find_cache, &mut out)
            }
            Modal::Shortcuts => shortcuts_ui(ui, ctx, &mut out),
            Modal::About => about_ui(ui, &mut out),
        }
    });
    let escape = response.should_close()
        && !matches!(
            snapshot,
            Modal::Unsaved { .. } | Modal::Conflict { .. } | Modal::DeleteReferenced { .. }
        );
    (out.close || escape, out.next)
}

/// What a dialog's buttons decided this frame.
#[derive(Default)]
struct Outcome {
    close: bool,
    next: Option<Answer>,
}

/// Unsaved changes: Save, Don't save, Cancel.
fn unsaved_ui(ui: &mut egui::Ui, view: &AppView<'_>, then: &Pending, out: &mut Outcome) {
    ui.heading("Unsaved changes");
    let title = view.doc.map_or("", |d| d.case.info.title.as_str());
    ui.label(format!(
        "“{title}” has changes that are not saved. Save them first?"
    ));
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui.button("Save").clicked() {
            let then = then.clone();
            out.next = Some(Answer::Save(then));
            out.close = true;
        }
        if ui.button("Don't save").clicked() {
            let then = then.clone();
            out.next = Some(Answer::DontSave(then));
            out.close = true;
        }
        if ui.button("Cancel").clicked() {
            out.close = true;
        }
    });
}

/// The file changed on disk: Overwrite, Save as a copy, Reload, Cancel.
fn conflict_ui(ui: &mut egui::Ui, view: &AppView<'_>, then: Option<&Pending>, out: &mut Outcome) {
    ui.heading("File changed on disk");
    let path = view
        .doc
        .and_then(|d| d.path.as_ref())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    ui.label(format!("{path} was changed by someone or something else since you opened it. Saving now would overwrite those changes."));
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui
            .button("Overwrite")
            .on_hover_text("Replace the file on disk with this version")
            .clicked()
        {
            let then = then.cloned();
            out.next = Some(Answer::Overwrite(then));
            out.close = true;
        }
        if ui
            .button("Save as a copy…")
            .on_hover_text("Keep both: save this version to another file")
            .clicked()
        {
            let then = then.cloned();
            out.next = Some(Answer::SaveCopy(then));
            out.close = true;
        }
        if ui
            .button("Reload")
            .on_hover_text("Discard your changes and load the file from disk")
            .clicked()
        {
            out.next = Some(Answer::Reload);
            out.close = true;
        }
        if ui.button("Cancel").clicked() {
            out.close = true;
        }
    });
}

/// An error, and OK.
fn error_ui(ui: &mut egui::Ui, title: &str, message: &str, out: &mut Outcome) {
    ui.heading(title);
    ui.add(egui::Label::new(RichText::new(message).monospace()).wrap());
    ui.add_space(10.0);
    if ui.button("OK").clicked() {
        out.close = true;
    }
}

/// Deleting a record others refer to: what refers to it, Delete and unlink, Cancel.
fn delete_referenced_ui(
    ui: &mut egui::Ui,
    view: &AppView<'_>,
    target: &RecordRef,
    referrers: &[String],
    out: &mut Outcome,
) {
    ui.heading("Delete referenced record");
    let name = view
        .doc
        .map(|d| describe(&d.case, target))
        .unwrap_or_default();
    ui.label(format!("{name} is referred to by:"));
    for r in referrers {
        ui.label(format!("  • {r}"));
    }
    ui.label("Deleting it removes these references too (you can undo this).");
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui.button("Delete and unlink").clicked() {
            let target = target.clone();
            out.next = Some(Answer::DeleteUnlinking(target));
            out.close = true;
        }
        if ui.button("Cancel").clicked() {
            out.close = true;
        }
    });
}

/// Unsaved changes a Casebook that ended left: Restore or Discard.
fn recover_ui(ui: &mut egui::Ui, found: &store::recovery::Recovery, out: &mut Outcome) {
    ui.heading("Restore unsaved changes?");
    let from = found.original.as_ref().map_or_else(
        || "a case that was never saved".to_owned(),
        |p| p.display().to_string(),
    );
    let when = found.saved.map_or_else(String::new, |t| {
        format!(
            ", written {}",
            t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S")
        )
    });
    ui.label(format!(
        "Casebook ended without saving. Unsaved changes to “{}” ({from}{when}) were kept.",
        found.title
    ));
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui.button("Restore").clicked() {
            let found = found.clone();
            out.next = Some(Answer::Restore(found));
            out.close = true;
        }
        if ui.button("Discard").clicked() {
            let _ = std::fs::remove_file(&found.file);
            out.close = true;
        }
    });
}

/// The case is open in another Casebook: Open anyway, Cancel.
fn open_elsewhere_ui(ui: &mut egui::Ui, path: &Path, holder: &str, out: &mut Outcome) {
    ui.heading("This case is open elsewhere");
    ui.label(format!(
                "{} is open in Casebook on {holder}. If you edit it in two places, the second save will stop at the conflict prompt (nothing is overwritten silently), but you will have to merge by hand.",
                path.display()
            ));
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui.button("Open anyway").clicked() {
            let path = path.to_path_buf();
            out.next = Some(Answer::OpenAnyway(path));
            out.close = true;
        }
        if ui.button("Cancel").clicked() {
            out.close = true;
        }
    });
}

/// Typing a path to open or save.
fn path_entry_ui(
    ui: &mut egui::Ui,
    purpose: &PathPurpose,
    text: &str,
    note: &str,
    modal: &mut Modal,
    out: &mut Outcome,
) {
    let (heading, button) = match purpose {
        PathPurpose::Open => ("Open a case file", "Open"),
        PathPurpose::SaveAs { .. } => ("Save the case as", "Save"),
        PathPurpose::AddEvidence { .. } => ("Add evidence", "Add"),
        PathPurpose::Archive => ("Write a sealed archive (.zip)", "Archive"),
    };
    ui.heading(heading);
    if !note.is_empty() {
        ui.label(note);
    }
    let mut value = text.to_owned();
    let label = ui.label("File path").id;
    let r = ui
        .add(egui::TextEdit::singleline(&mut value).desired_width(480.0))
        .labelled_by(label);
    // (Before focus is asked back below, or Enter would never be seen.)
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if ui.memory(|m| m.focused().is_none()) {
        r.request_focus();
    }
    if value != text
        && let Modal::PathEntry { text, .. } = &mut *modal
    {
        text.clone_from(&value);
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        let ok = ui
            .add_enabled(!value.trim().is_empty(), egui::Button::new(button))
            .clicked();
        if (ok || enter) && !value.trim().is_empty() {
            let path = PathBuf::from(value.trim());
            let purpose = purpose.clone();
            out.next = Some(Answer::Path(purpose, path));
            out.close = true;
        }
        if ui.button("Cancel").clicked() {
            out.close = true;
        }
    });
}

/// Find in case: every place a text occurs; a click goes there.
fn find_in_case_ui(
    ui: &mut egui::Ui,
    view: &AppView<'_>,
    query: &str,
    modal: &mut Modal,
    find_cache: &mut FindCache,
    out: &mut Outcome,
) {
    ui.set_min_width(480.0);
    ui.heading("Find in case");
    let mut value = query.to_owned();
    let label = ui.label("Find").id;
    let r = ui
        .add(
            egui::TextEdit::singleline(&mut value)
                .hint_text("a name, a word from a quote, a tag…")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label);
    // (Before focus is asked back below, or Enter would never be seen.)
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if ui.memory(|m| m.focused().is_none()) {
        r.request_focus();
    }
    if value != query
        && let Modal::FindInCase { query } = &mut *modal
    {
        query.clone_from(&value);
    }
    const SHOWN: usize = 200;
    // Searched again only when the text or the case changes, not every frame.
    let key = view.doc.map(|d| (d.generation(), value.clone()));
    if find_cache.as_ref().map(|(k, _)| k) != key.as_ref() {
        let hits = view.doc.map_or_else(Vec::new, |d| {
            crate::model::search::search(&d.case, &value, SHOWN + 1)
        });
        *find_cache = key.map(|k| (k, hits));
    }
    let hits = find_cache
        .as_ref()
        .map_or_else(Vec::new, |(_, h)| h.clone());
    ui.add_space(6.0);
    if value.trim().is_empty() {
        ui.label(RichText::new("Searches every record's text, tags and notes, the case details and the postmortem.").weak());
    } else if hits.is_empty() {
        ui.label(RichText::new(format!("“{}” is nowhere in this case.", value.trim())).weak());
    } else {
        let count = if hits.len() > SHOWN {
            format!("more than {SHOWN} places — showing the first {SHOWN}")
        } else if hits.len() == 1 {
            "1 place".to_owned()
        } else {
            format!("{} places", hits.len())
        };
        ui.label(RichText::new(count).weak());
    }
    let mut open = if enter {
        hits.first().map(|h| h.record.clone())
    } else {
        None
    };
    egui::ScrollArea::vertical()
        .max_height(360.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let case = view.doc.map(|d| &d.case);
            for hit in hits.iter().take(SHOWN) {
                let (glyph, color) = hit
                    .record
                    .kind()
                    .map_or(("▣", ui.visuals().text_color()), |k| {
                        (k.glyph(), kind_color(k))
                    });
                let place = case.map_or_else(String::new, |c| describe(c, &hit.record));
                // Where (and which field) on the first line, the words around the
                // match under it, dimmer.
                let mut job = egui::text::LayoutJob::default();
                let body = egui::TextStyle::Body.resolve(ui.style());
                job.append(
                    &format!("{place} · {}\n", hit.field),
                    0.0,
                    egui::TextFormat::simple(body.clone(), ui.visuals().text_color()),
                );
                // The words found stand out in the excerpt.
                let weak = egui::TextFormat::simple(body.clone(), ui.visuals().weak_text_color());
                let strong = egui::TextFormat::simple(body, ui.visuals().strong_text_color());
                match match_range(&hit.excerpt, &value) {
                    Some(r) => {
                        job.append(&hit.excerpt[..r.start], 0.0, weak.clone());
                        job.append(&hit.excerpt[r.clone()], 0.0, strong);
                        job.append(&hit.excerpt[r.end..], 0.0, weak);
                    }
                    None => job.append(&hit.excerpt, 0.0, weak),
                }
                ui.horizontal(|ui| {
                    ui.label(RichText::new(glyph).color(color));
                    if ui.add(egui::Button::new(job).frame(false).wrap()).clicked() {
                        open = Some(hit.record.clone());
                    }
                });
            }
        });
    if let Some(target) = open {
        out.next = Some(Answer::Select(target));
        out.close = true;
    }
    ui.add_space(8.0);
    if ui.button("Close").clicked() {
        out.close = true;
    }
}

/// The keyboard shortcuts.
fn shortcuts_ui(ui: &mut egui::Ui, ctx: &egui::Context, out: &mut Outcome) {
    ui.heading("Keyboard shortcuts");
    // Two columns, so the dialog fits a laptop screen.
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            egui::Grid::new("shortcuts")
                .striped(true)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    for c in UiCommand::ALL {
                        if let Some(s) = c.shortcut() {
                            ui.label(c.text_and_tooltip().0);
                            ui.label(
                                RichText::new(super::commands::shortcut_label(ctx, &s)).monospace(),
                            );
                            ui.end_row();
                        }
                    }
                });
        });
        ui.add_space(16.0);
        ui.vertical(|ui| {
            ui.label(RichText::new("In a table, and on the timeline (pointer over it)").strong());
            egui::Grid::new("navigation keys")
                .striped(true)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    for (what, keys) in [
                        ("Select the next / previous row", "↓ / ↑"),
                        ("Ten rows down / up", "Page Down / Page Up"),
                        ("Next / previous item on the timeline", "→ / ←"),
                        ("Zoom the timeline in / out", "+ / −, Ctrl+wheel"),
                        ("Fit the whole case", "Home, double-click"),
                        ("Pan", "drag, wheel"),
                    ] {
                        ui.label(what);
                        ui.label(RichText::new(keys).monospace());
                        ui.end_row();
                    }
                });
        });
    });
    ui.add_space(10.0);
    if ui.button("Close").clicked() {
        out.close = true;
    }
}

/// About Casebook.
fn about_ui(ui: &mut egui::Ui, out: &mut Outcome) {
    ui.heading("Casebook");
    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
    ui.label("Build, review and archive trust-and-safety incident cases. Offline; no server.");
    ui.label("Licence: MIT OR Apache-2.0.");
    let prefs = eframe::storage_dir("Casebook")
        .map_or_else(|| "(unknown)".to_owned(), |p| p.display().to_string());
    ui.label(format!("Preferences: {prefs}"));
    ui.label(format!(
        "Recovery files (unsaved changes after a crash): {}",
        store::recovery::recovery_dir().display()
    ));
    ui.add_space(10.0);
    if ui.button("Close").clicked() {
        out.close = true;
    }
}

/// Where `query` (trimmed, any case) first occurs in `text`, as a byte range of `text`; `None`
/// when lower-casing would move byte positions (then nothing is highlighted).
pub fn match_range(text: &str, query: &str) -> Option<std::ops::Range<usize>> {
    let needle = query.trim().to_lowercase();
    let lower = text.to_lowercase();
    if needle.is_empty() || lower.len() != text.len() {
        return None;
    }
    let start = lower.find(&needle)?;
    let end = start + needle.len();
    (text.is_char_boundary(start) && text.is_char_boundary(end)).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::match_range;

    #[test]
    fn the_words_found_are_located_in_the_excerpt_for_highlighting() {
        let text = "…later said a Rogue contractor was";
        let r = match_range(text, " rogue ").unwrap();
        assert_eq!(&text[r], "Rogue");
        assert_eq!(match_range("no match here", "rogue"), None);
        assert_eq!(match_range("anything", "   "), None);
        // Lower-casing "İ" changes its length: no highlight rather than a wrong one.
        assert_eq!(match_range("İstanbul rogue", "rogue"), None);
    }
}
