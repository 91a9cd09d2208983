//! The editor for the selected record: its fields (inputs that fit the data), what refers to
//! it, Duplicate and Delete.

use egui::{Align, Layout, RichText, Ui};

use super::command::{AppCommand, AppView};
use super::commands::UiCommand;
use super::editors;
use super::widgets::{Form, kind_glyph};
use crate::model::search::describe;
use crate::model::{Record, RecordKind, find_record};

/// The record editor (no state of its own: what is being typed is the session's draft).
pub struct RecordEditor;

impl RecordEditor {
    /// The editor for the selected record (right-hand side of a records section).
    pub fn ui(&mut self, ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
        let Some(doc) = view.doc else { return };
        let Some(selected) = view.selected.cloned() else {
            ui.add_space(30.0);
            ui.vertical_centered(|ui| {
                ui.label(RichText::new("Select a row to edit it, or add a new record.").weak());
            });
            return;
        };
        let Some((_, current)) = find_record(&doc.case, &selected) else {
            out.push(AppCommand::Select(None));
            return;
        };
        let mut draft = match &view.drafts.record {
            Some(d) if d.reference() == selected => d.clone(),
            _ => current.clone(),
        };
        // While typing, the problems of what is typed, not of the last committed version: a
        // warning goes as soon as what it asks for is typed.
        let typed = view
            .typed_problems
            .filter(|_| draft != current && view.drafts.record.as_ref() == Some(&draft));
        let problems: Vec<_> = match typed {
            Some(typed) => typed.iter().collect(),
            None => doc
                .problems()
                .iter()
                .filter(|p| p.record == selected)
                .collect(),
        };
        let mut form = Form::new(problems, doc.case.tz());
        form.case_file = doc.path.as_deref();
        form.record_key = egui::Id::unique(("record-form", selected.clone()));
        form.quiet = view
            .fresh
            .filter(|(r, _)| *r == selected)
            .map_or_else(Vec::new, |(_, fields)| fields.clone());
        // A record just added: its first field takes the keyboard once, so "Add" then typing
        // goes on in the form without reaching for the mouse.
        if view.fresh.is_some_and(|(r, _)| *r == selected) {
            let key = egui::Id::unique(("focused-new-record", selected.clone()));
            form.focus_first = ui.ctx().data_mut(|d| {
                let done = d.get_temp::<bool>(key).unwrap_or(false);
                d.insert_temp(key, true);
                !done
            });
        }
        let case = &doc.case;
        let mut delete = false;
        let mut duplicate = false;
        let mut jump = None;
        // A file dropped on this editor is cited by this record.
        if selected.kind().is_some() {
            super::app::DropTarget::remember(ui.ctx(), ui.max_rect(), selected.clone());
        }
        let mut evidence_out = Vec::new();
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .id_salt("editor-scroll")
            .show(ui, |ui| {
                // Wrap rather than widen the panel.
                ui.set_max_width(ui.available_width());
                ui.horizontal(|ui| {
                    let kind = selected.kind().unwrap_or(RecordKind::Action);
                    ui.label(kind_glyph(kind).size(18.0));
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        if ui
                            .button("Delete…")
                            .on_hover_text(UiCommand::DeleteRecord.text_and_tooltip().1)
                            .clicked()
                        {
                            delete = true;
                        }
                        if ui
                            .button("Duplicate")
                            .on_hover_text(UiCommand::DuplicateRecord.text_and_tooltip().1)
                            .clicked()
                        {
                            duplicate = true;
                        }
                        // The title takes what is left, cut with an ellipsis, never overlapped.
                        ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                            ui.add(
                                egui::Label::new(RichText::new(draft.title()).heading()).truncate(),
                            );
                        });
                    });
                });
                ui.label(
                    RichText::new(format!("id {}", selected.id_str()))
                        .weak()
                        .small(),
                );
                ui.separator();
                if !matches!(draft, Record::Source(_)) {
                    super::evidence_ui::cited_ui(ui, view, &draft, &mut evidence_out);
                }
                match &mut draft {
                    Record::Account(r) => editors::account_ui(&mut form, ui, r, case),
                    Record::Staff(r) => editors::staff_ui(&mut form, ui, r, case),
                    Record::Outsider(r) => editors::outsider_ui(&mut form, ui, r, case),
                    Record::Action(r) => editors::action_ui(&mut form, ui, r, case),
                    Record::Statement(r) => editors::statement_ui(&mut form, ui, r, case),
                    Record::Source(r) => {
                        super::evidence_ui::source_evidence_ui(
                            &mut form,
                            ui,
                            r,
                            view,
                            &mut evidence_out,
                        );
                        editors::source_ui(&mut form, ui, r, case)
                    }
                    Record::FollowUp(r) => editors::follow_up_ui(&mut form, ui, r, case),
                }
                if !matches!(draft, Record::Source(_)) {
                    super::evidence_ui::drop_hint_ui(ui, doc.path.is_some());
                }
                ui.add_space(10.0);
                ui.label(RichText::new("Referenced by").strong());
                ui.separator();
                let refs = case.references_to(&selected);
                if refs.is_empty() {
                    ui.label(RichText::new("Nothing refers to this record.").weak());
                }
                for (r, field) in refs {
                    if ui
                        .link(format!("{} — {field}", describe(case, &r)))
                        .clicked()
                    {
                        jump = Some(r);
                    }
                }
            });
        let open_request = form.open_request.take();
        // Typing stays a draft until its field is left; a drop-down or a checkbox commits.
        let commit = !form.typing || form.changed_discretely;
        out.push(AppCommand::DraftRecord {
            record: (draft != current).then(|| Box::new(draft)),
            commit,
        });
        if let Some(location) = open_request {
            out.push(AppCommand::OpenLocation(location));
        }
        if duplicate {
            out.push(AppCommand::Run(UiCommand::DuplicateRecord));
        }
        if delete {
            out.push(AppCommand::Run(UiCommand::DeleteRecord));
        }
        if let Some(j) = jump {
            out.push(AppCommand::Select(Some(j)));
        }
        out.extend(evidence_out);
    }
}
