//! The problems list: every validation problem; a click goes to its record.

use egui::{RichText, Ui};

use super::app::Section;
use super::command::{AppCommand, AppView};
use super::widgets::level_color;
use crate::model::search::describe;
use crate::model::{Level, RecordRef};

/// The problems list (no state of its own).
pub struct ProblemsList;

impl ProblemsList {
    pub fn ui(&mut self, ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
        let Some(doc) = view.doc else { return };
        ui.heading("Problems");
        ui.label(
            RichText::new("Validation never blocks saving; click a problem to go to its record.")
                .weak(),
        );
        ui.separator();
        let dark = ui.visuals().dark_mode;
        let mut jump = None;
        if doc.problems().is_empty() && view.evidence.problems().is_empty() {
            ui.label("✔ No problems found.");
        }
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                // The evidence files' state comes first: a changed file is what a review asks
                // about first.
                for p in view.evidence.problems().iter().chain(doc.problems()) {
                    ui.horizontal(|ui| {
                        let icon = if p.level == Level::Error {
                            "✖"
                        } else {
                            "⚠"
                        };
                        ui.label(RichText::new(icon).color(level_color(p.level, dark)));
                        let text = format!(
                            "{} — {}: {}",
                            describe(&doc.case, &p.record),
                            p.field,
                            p.message
                        );
                        if ui.link(text).clicked() {
                            jump = Some((p.record.clone(), p.field));
                        }
                    });
                }
            });
        if let Some((r, field)) = jump {
            out.push(match r {
                RecordRef::Case if field == "evidence" => AppCommand::GoTo(Section::Evidence),
                RecordRef::Case => AppCommand::GoTo(Section::Overview),
                RecordRef::Postmortem => AppCommand::GoTo(Section::Postmortem),
                other => AppCommand::Select(Some(other)),
            });
        }
    }
}
