//! The navigator: the case's title, its sections with their counts and problem badges, the
//! full timeline and the problems list.

use egui::{Align, Layout, RichText, Ui};

use super::app::Section;
use super::command::{AppCommand, AppView};
use super::widgets::{badge, kind_glyph, level_color};
use crate::model::{Level, RecordKind, RecordRef};

/// The navigator (no state of its own).
pub struct Navigator;

impl Navigator {
    pub fn ui(&mut self, ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
        let Some(doc) = view.doc else { return };
        ui.add_space(6.0);
        ui.label(RichText::new(&doc.case.info.title).strong())
            .on_hover_text("The case");
        ui.label(
            RichText::new(format!(
                "{} · {}",
                doc.case.info.status, doc.case.info.severity
            ))
            .weak()
            .small(),
        );
        ui.add_space(6.0);
        ui.separator();
        let dark = ui.visuals().dark_mode;
        let counts = |section: Section| -> (usize, usize, usize) {
            let mut n = 0;
            let in_section = |r: &RecordRef| match section {
                Section::Overview => *r == RecordRef::Case,
                Section::Records(kind) => r.kind() == Some(kind),
                Section::Postmortem => {
                    *r == RecordRef::Postmortem || r.kind() == Some(RecordKind::FollowUp)
                }
                Section::Problems => true,
                Section::Timeline | Section::QuickEntry | Section::Evidence => false,
            };
            let mut errors = 0;
            let mut warnings = 0;
            // The evidence files' problems count under Evidence (and in the total).
            let evidence_problems = view
                .evidence
                .problems()
                .iter()
                .filter(|_| matches!(section, Section::Evidence | Section::Problems));
            for p in doc
                .problems()
                .iter()
                .filter(|p| in_section(&p.record))
                .chain(evidence_problems)
            {
                match p.level {
                    Level::Error => errors += 1,
                    Level::Warning => warnings += 1,
                }
            }
            if let Section::Records(kind) = section {
                n = match kind {
                    RecordKind::Account => doc.case.accounts.len(),
                    RecordKind::Staff => doc.case.staff.len(),
                    RecordKind::Outsider => doc.case.outsiders.len(),
                    RecordKind::Action => doc.case.actions.len(),
                    RecordKind::Statement => doc.case.statements.len(),
                    RecordKind::Source => doc.case.sources.len(),
                    RecordKind::FollowUp => doc.case.postmortem.follow_ups.len(),
                };
            } else if section == Section::Postmortem {
                n = doc.case.postmortem.follow_ups.len();
            } else if section == Section::Evidence {
                n = super::evidence_state::listed(&doc.case).count();
            }
            (n, errors, warnings)
        };
        let mut entries: Vec<(Section, RichText, String)> = vec![(
            Section::Overview,
            RichText::new("▣").strong(),
            "Case overview".to_owned(),
        )];
        for kind in [
            RecordKind::Account,
            RecordKind::Staff,
            RecordKind::Outsider,
            RecordKind::Action,
            RecordKind::Statement,
            RecordKind::Source,
        ] {
            entries.push((
                Section::Records(kind),
                kind_glyph(kind),
                kind.plural().to_owned(),
            ));
        }
        entries.push((
            Section::Evidence,
            // (Its own mark: a captured file, not any source.)
            RichText::new("▦")
                .color(super::widgets::kind_color(RecordKind::Source))
                .strong(),
            "Evidence".to_owned(),
        ));
        entries.push((
            Section::Postmortem,
            kind_glyph(RecordKind::FollowUp),
            "Postmortem".to_owned(),
        ));
        let mut go = None;
        for (section, glyph, name) in entries {
            let (n, errors, warnings) = counts(section);
            ui.horizontal(|ui| {
                ui.allocate_ui_with_layout(
                    egui::vec2(18.0, 18.0),
                    Layout::centered_and_justified(egui::Direction::LeftToRight),
                    |ui| {
                        ui.label(glyph);
                    },
                );
                // (The postmortem is prose and follow-ups: a count of follow-ups beside it
                // read as a count of the postmortem.)
                let label = if matches!(section, Section::Records(_) | Section::Evidence) {
                    format!("{name}  {n}")
                } else {
                    name.clone()
                };
                let r = ui.selectable_label(view.section == section, label);
                if r.clicked() {
                    go = Some(section);
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if errors > 0 {
                        badge(
                            ui,
                            errors,
                            level_color(Level::Error, dark),
                            &format!(
                                "{} in {name}",
                                crate::model::plural(errors, "error", "errors")
                            ),
                        );
                    }
                    if warnings > 0 {
                        badge(
                            ui,
                            warnings,
                            level_color(Level::Warning, dark),
                            &format!(
                                "{} in {name}",
                                crate::model::plural(warnings, "warning", "warnings")
                            ),
                        );
                    }
                });
            });
        }
        ui.horizontal(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(18.0, 18.0),
                Layout::centered_and_justified(egui::Direction::LeftToRight),
                |ui| {
                    ui.label(RichText::new("✎").strong());
                },
            );
            if ui
                .selectable_label(view.section == Section::QuickEntry, "Quick entry")
                .on_hover_text(super::commands::UiCommand::QuickEntry.text_and_tooltip().1)
                .clicked()
            {
                go = Some(Section::QuickEntry);
            }
        });
        ui.separator();
        ui.horizontal(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(18.0, 18.0),
                Layout::centered_and_justified(egui::Direction::LeftToRight),
                |ui| {
                    ui.label(RichText::new("▶").strong());
                },
            );
            if ui
                .selectable_label(view.section == Section::Timeline, "Timeline")
                .on_hover_text("The timeline, full size")
                .clicked()
            {
                go = Some(Section::Timeline);
            }
        });
        let total = doc.problems().len() + view.evidence.problems().len();
        let label = if total == 0 {
            "Problems: none".to_owned()
        } else {
            format!("Problems  {total}")
        };
        if ui
            .selectable_label(view.section == Section::Problems, label)
            .clicked()
        {
            go = Some(Section::Problems);
        }
        if let Some(section) = go {
            out.push(AppCommand::GoTo(section));
        }
    }
}
