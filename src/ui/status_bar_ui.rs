//! The status bar: where the case is saved, whether it is, its problems (a click lists them),
//! and the last message.

use std::time::Duration;

use egui::{RichText, Ui};

use super::app::Section;
use super::command::{AppCommand, AppView};
use super::widgets::{elide_start, level_color};
use crate::model::Level;

/// The status bar (no state of its own).
pub struct StatusBar;

impl StatusBar {
    pub fn ui(&mut self, ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
        ui.horizontal(|ui| {
            let Some(doc) = view.doc else {
                ui.label(RichText::new("No case open").weak());
                return;
            };
            let path = doc
                .path
                .as_ref()
                .map_or_else(|| "Not saved yet".to_owned(), |p| p.display().to_string());
            // A long path loses its start ("…/folder/name.case.ron": the file name matters
            // most) so the save state and problems stay in the window; the tooltip has all of it.
            let room = (ui.available_width() - 420.0).max(120.0);
            let shown = elide_start(ui, &path, room);
            ui.scope(|ui| {
                ui.set_max_width(room);
                ui.add(egui::Label::new(RichText::new(shown).weak()).truncate())
                    .on_hover_text(format!("Where this case is saved: {path}"));
            });
            ui.separator();
            // What is being typed counts as a change as soon as it is typed.
            if let Some(why) = &doc.read_only {
                ui.label(RichText::new(format!("Read-only: {why}")).strong())
                    .on_hover_text("Edits and saves are refused; unpack the archive to work on it");
            } else if doc.is_dirty() || !view.drafts.is_empty() {
                ui.label(
                    RichText::new("● Unsaved changes")
                        .color(level_color(Level::Warning, ui.visuals().dark_mode)),
                );
            } else if doc.path.is_some() {
                ui.label("✔ Saved");
            } else {
                ui.label(RichText::new("No changes yet").weak());
            }
            ui.separator();
            // The problems as they will be: the record being typed counted as typed.
            let typed = view
                .drafts
                .record
                .as_ref()
                .zip(view.typed_problems)
                .map(|(r, problems)| (r.reference(), problems));
            let levels: Vec<Level> = doc
                .problems()
                .iter()
                .filter(|p| typed.as_ref().is_none_or(|(r, _)| p.record != *r))
                .chain(typed.iter().flat_map(|(_, problems)| problems.iter()))
                .chain(view.evidence.problems())
                .map(|p| p.level)
                .collect();
            let errors = levels.iter().filter(|l| **l == Level::Error).count();
            let warnings = levels.len() - errors;
            let dark = ui.visuals().dark_mode;
            let summary = if errors + warnings == 0 {
                RichText::new("✔ No problems")
            } else {
                // Only what there is: "✖ 2 errors", "⚠ 1 warning", or both.
                let mut parts = Vec::new();
                if errors > 0 {
                    parts.push(format!(
                        "✖ {}",
                        crate::model::plural(errors, "error", "errors")
                    ));
                }
                if warnings > 0 {
                    parts.push(format!(
                        "⚠ {}",
                        crate::model::plural(warnings, "warning", "warnings")
                    ));
                }
                RichText::new(parts.join("  ")).color(level_color(
                    if errors > 0 {
                        Level::Error
                    } else {
                        Level::Warning
                    },
                    dark,
                ))
            };
            if ui
                .add(egui::Button::new(summary).frame(false))
                .on_hover_text("Show every validation problem")
                .clicked()
            {
                out.push(AppCommand::GoTo(Section::Problems));
            }
            if let Some((message, at)) = view.status
                && at.elapsed() < Duration::from_secs(6)
            {
                ui.separator();
                ui.add(egui::Label::new(RichText::new(message).weak()).truncate())
                    .on_hover_text(message);
            }
        });
    }
}
