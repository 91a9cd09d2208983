//! The case overview: the case's own fields (with what else to redact), the records at a
//! glance, and the key events (a click goes to the record).

use egui::{RichText, Ui};

use super::command::{AppCommand, AppView};
use super::editors;
use super::table::chronology;
use super::widgets::{Form, kind_glyph};
use crate::model::{RecordKind, RecordRef};

/// The case overview (no state of its own: what is being typed is the session's draft).
pub struct Overview;

impl Overview {
    pub fn ui(&mut self, ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
        let Some(doc) = view.doc else { return };
        let case = &doc.case;
        let mut info = view
            .drafts
            .info
            .clone()
            .unwrap_or_else(|| case.info.clone());
        let problems: Vec<_> = doc
            .problems()
            .iter()
            .filter(|p| p.record == RecordRef::Case)
            .collect();
        let tz = case.tz();
        let mut form = Form::new(problems, tz);
        let mut jump = None;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.heading("Case overview");
                ui.add_space(6.0);
                editors::case_info_ui(&mut form, ui, &mut info);
                ui.add_space(12.0);
                ui.label(RichText::new("At a glance").strong());
                ui.separator();
                ui.horizontal_wrapped(|ui| {
                    for kind in RecordKind::ALL {
                        let n = match kind {
                            RecordKind::Account => case.accounts.len(),
                            RecordKind::Staff => case.staff.len(),
                            RecordKind::Outsider => case.outsiders.len(),
                            RecordKind::Action => case.actions.len(),
                            RecordKind::Statement => case.statements.len(),
                            RecordKind::Source => case.sources.len(),
                            RecordKind::FollowUp => case.postmortem.follow_ups.len(),
                        };
                        ui.label(kind_glyph(kind));
                        ui.label(kind.count(n));
                        ui.add_space(10.0);
                    }
                });
                ui.label(
                    RichText::new(format!(
                        "Created {} · last changed {}",
                        case.info.created.format("%Y-%m-%d %H:%M UTC"),
                        case.info.updated.format("%Y-%m-%d %H:%M UTC")
                    ))
                    .weak()
                    .small(),
                );
                ui.add_space(12.0);
                ui.label(RichText::new("Key events").strong());
                ui.separator();
                let key_events: Vec<_> = chronology(case)
                    .into_iter()
                    .filter(|e| e.key_event)
                    .collect();
                if key_events.is_empty() {
                    ui.label(
                        RichText::new(
                            "No key events pinned yet: tick “Key event” on an action or statement.",
                        )
                        .weak(),
                    );
                }
                for entry in key_events {
                    ui.horizontal(|ui| {
                        let kind = entry.reference.kind().unwrap_or(RecordKind::Action);
                        ui.label(kind_glyph(kind));
                        ui.label(RichText::new(entry.when.listed(tz)).weak());
                        if ui.link(&entry.text).clicked() {
                            jump = Some(entry.reference.clone());
                        }
                    });
                }
            });
        // Typing stays a draft until its field is left; a drop-down or a checkbox commits.
        let commit = !form.typing || form.changed_discretely;
        out.push(AppCommand::DraftInfo {
            info: (info != case.info).then_some(info),
            commit,
        });
        if let Some(target) = jump {
            out.push(AppCommand::Select(Some(target)));
        }
    }
}
