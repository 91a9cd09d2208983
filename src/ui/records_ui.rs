//! A records section (a table beside the record editor), and the postmortem (its prose, the
//! follow-ups table and the editor).

use std::collections::HashMap;

use egui::{Align, Layout, RichText, Ui};

use super::command::{AppCommand, AppView};
use super::commands::UiCommand;
use super::editor_ui::RecordEditor;
use super::editors;
use super::table::RecordTable;
use super::widgets::{Form, kind_glyph};
use crate::model::{RecordKind, RecordRef};

/// The record tables, one per kind, with their sort, filter and scroll state.
#[derive(Default)]
pub struct RecordsPanel(pub HashMap<RecordKind, RecordTable>);

impl RecordsPanel {
    /// The table of `kind` (made on first use).
    pub fn table(&mut self, kind: RecordKind) -> &mut RecordTable {
        self.0.entry(kind).or_insert_with(|| RecordTable::new(kind))
    }

    pub fn records_ui(
        &mut self,
        ui: &mut Ui,
        kind: RecordKind,
        view: &AppView<'_>,
        out: &mut Vec<AppCommand>,
    ) {
        // The editor takes about 42 % and never so much that the table disappears (200 % zoom).
        let available = ui.available_width();
        // …and leaves the table at least the room its columns need.
        let widest = (available - RecordTable::min_width(kind)).max(240.0);
        let editor_width = (available * 0.42)
            .max(380.0)
            .min(available * 0.6)
            .min(widest);
        let mut clicked_row = None;
        let mut add = false;
        egui::Panel::right(("editor", kind.label()))
            .resizable(true)
            .default_size(editor_width)
            .size_range(240.0_f32.min(widest)..=widest)
            .show(ui, |ui| {
                RecordEditor.ui(ui, view, out);
            });
        let Some(doc_now) = view.doc else { return };
        let table = self.0.entry(kind).or_insert_with(|| RecordTable::new(kind));
        egui::CentralPanel::default().show(ui, |ui| {
            // Nothing of the table is ever drawn over the editor beside it.
            ui.set_clip_rect(ui.max_rect().intersect(ui.clip_rect()));
            ui.horizontal(|ui| {
                ui.label(kind_glyph(kind).size(18.0));
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if ui
                        .button(format!("Add {}", kind.label()))
                        .on_hover_text(UiCommand::AddRecord.text_and_tooltip().1)
                        .clicked()
                    {
                        add = true;
                    }
                    ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                        ui.add(egui::Label::new(RichText::new(kind.plural()).heading()).truncate());
                    });
                });
            });
            clicked_row = table.ui(
                ui,
                &doc_now.case,
                doc_now.generation(),
                view.selected,
                view.drafts.record.as_ref(),
            );
        });
        if let Some(r) = clicked_row {
            out.push(AppCommand::Select(Some(r)));
        }
        if add {
            out.push(AppCommand::Run(UiCommand::AddRecord));
        }
    }

    pub fn postmortem_ui(&mut self, ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
        let available = ui.available_width();
        // As beside a table: the postmortem's follow-ups table keeps the room it needs.
        let widest = (available - RecordTable::min_width(RecordKind::FollowUp)).max(240.0);
        egui::Panel::right("follow-up-editor")
            .resizable(true)
            .default_size(
                (available * 0.45)
                    .max(360.0)
                    .min(available * 0.6)
                    .min(widest),
            )
            .size_range(240.0_f32.min(widest)..=widest)
            .show(ui, |ui| {
                RecordEditor.ui(ui, view, out);
            });
        let Some(doc) = view.doc else { return };
        let pm = &doc.case.postmortem;
        let (mut impact, mut root, mut factors) = view.drafts.prose.clone().unwrap_or_else(|| {
            (
                pm.impact.clone(),
                pm.root_cause.clone(),
                pm.contributing_factors.join("\n"),
            )
        });
        let mut figures = view
            .drafts
            .figures
            .clone()
            .unwrap_or_else(|| pm.figures.clone());
        // Milestones and review parts wait here, per case, while a field is being typed in or
        // the prose is still a draft (an edit of the postmortem is checked against the
        // postmortem it was made on, so the two are never separate edits of the same one).
        let pending = egui::Id::unique(("pending-postmortem", doc.case.info.id.as_str()));
        let mut milestones = ui
            .data(|d| d.get_temp::<crate::model::Milestones>(pending))
            .unwrap_or_else(|| pm.milestones.clone());
        let mut review = ui
            .data(|d| d.get_temp::<editors::ReviewDraft>(pending))
            .unwrap_or_else(|| editors::ReviewDraft::of(pm));
        let problems: Vec<_> = doc
            .problems()
            .iter()
            .filter(|p| p.record == RecordRef::Postmortem)
            .collect();
        let mut form = Form::new(problems, doc.case.tz());
        let mut clicked_row = None;
        let mut add = false;
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("postmortem-scroll")
                .auto_shrink(false)
                .show(ui, |ui| {
                    ui.heading("Postmortem");
                    ui.add_space(4.0);
                    editors::postmortem_prose_ui(
                        &mut form,
                        ui,
                        &mut impact,
                        &mut root,
                        &mut factors,
                    );
                    editors::lessons_ui(&mut form, ui, &mut review);
                    ui.add_space(10.0);
                    ui.label(RichText::new("Impact figures").strong().size(16.0));
                    ui.label(
                        RichText::new(
                            "Counted impact, for the report's cover and its Impact section. \
                             When sources disagree, add a figure for each.",
                        )
                        .weak()
                        .small(),
                    );
                    ui.add_space(4.0);
                    editors::figures_ui(&mut form, ui, &mut figures, &doc.case);
                    ui.add_space(10.0);
                    ui.label(RichText::new("Response times").strong().size(16.0));
                    ui.label(
                        RichText::new(
                            "The records the response is timed by, and how long each step \
                             took as far as their times allow.",
                        )
                        .weak()
                        .small(),
                    );
                    ui.add_space(4.0);
                    editors::milestones_ui(&mut form, ui, &doc.case, &mut milestones);
                    ui.add_space(10.0);
                    ui.label(RichText::new("Review").strong().size(16.0));
                    ui.add_space(4.0);
                    editors::review_ui(&mut form, ui, &mut review);
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        ui.label(kind_glyph(RecordKind::FollowUp).size(18.0));
                        ui.label(RichText::new("Follow-ups").strong().size(16.0));
                        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                            if ui.button("Add follow-up").clicked() {
                                add = true;
                            }
                        });
                    });
                    let table = self
                        .0
                        .entry(RecordKind::FollowUp)
                        .or_insert_with(|| RecordTable::new(RecordKind::FollowUp));
                    clicked_row = table.ui(
                        ui,
                        &doc.case,
                        doc.generation(),
                        view.selected,
                        view.drafts.record.as_ref(),
                    );
                });
        });
        let unchanged = impact == pm.impact
            && root == pm.root_cause
            && factors == pm.contributing_factors.join("\n");
        let figures_changed = figures != pm.figures;
        // The milestones and the review parts: one edit of the postmortem, made when no field
        // of the panel is being typed in and the prose has no draft of its own.
        let mut after = pm.clone();
        after.milestones = milestones.clone();
        review.apply_to(&mut after);
        let forget = |ui: &mut Ui| {
            ui.data_mut(|d| {
                d.remove_temp::<crate::model::Milestones>(pending);
                d.remove_temp::<editors::ReviewDraft>(pending);
            });
        };
        // (Compared as drafts: a file's own spacing is not an edit nobody made.)
        if milestones == pm.milestones && review == editors::ReviewDraft::of(pm) {
            forget(ui);
        } else if unchanged
            && !figures_changed
            && view.drafts.prose.is_none()
            && (!form.typing || form.changed_discretely)
        {
            out.push(AppCommand::Apply(Box::new(
                crate::model::Edit::SetPostmortem {
                    before: pm.clone(),
                    after,
                },
            )));
            forget(ui);
        } else {
            ui.data_mut(|d| {
                d.insert_temp(pending, milestones);
                d.insert_temp(pending, review);
            });
            // Waiting only for the prose's draft to be committed: look again next frame.
            if !form.typing {
                ui.ctx().request_repaint();
            }
        }
        out.push(AppCommand::DraftProse {
            prose: (!unchanged).then_some((impact, root, factors)),
            figures: figures_changed.then_some(figures),
            // Typing stays a draft until its field is left; a drop-down, a checkbox or a
            // button commits.
            commit: !form.typing || form.changed_discretely,
        });
        if let Some(r) = clicked_row {
            out.push(AppCommand::Select(Some(r)));
        }
        if add {
            out.push(AppCommand::Run(UiCommand::AddRecord));
        }
    }
}
