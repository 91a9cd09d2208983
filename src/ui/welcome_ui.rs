//! The welcome screen: what Casebook is, New case, Open…, the sample, recent cases.

use egui::{RichText, Ui};

use super::command::{AppCommand, AppView};
use super::commands::UiCommand;
use super::widgets::recent_entry;

/// The welcome screen (no state of its own).
pub struct Welcome;

impl Welcome {
    pub fn ui(&mut self, ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
        let mut action = None;
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() * 0.12).min(120.0));
            ui.heading(RichText::new("Casebook").size(34.0).strong());
            ui.add_space(6.0);
            ui.label(RichText::new("A case gathers everything about one moderation incident — the accounts, the actions taken on them and by whom, the staff involved, public statements and their sources — on one timeline, with a postmortem.").size(15.0));
            ui.label(RichText::new("Cases are plain files you can archive, share and review offline.").weak());
            ui.add_space(22.0);
            ui.horizontal(|ui| {
                let width = 3.0 * 190.0 + 2.0 * ui.spacing().item_spacing.x;
                ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                let size = egui::vec2(190.0, 40.0);
                if ui.add_sized(size, egui::Button::new(RichText::new("New case").size(15.0))).on_hover_text(UiCommand::NewCase.text_and_tooltip().1).clicked() {
                    action = Some(AppCommand::Run(UiCommand::NewCase));
                }
                if ui.add_sized(size, egui::Button::new(RichText::new("Open…").size(15.0))).on_hover_text(UiCommand::Open.text_and_tooltip().1).clicked() {
                    action = Some(AppCommand::Run(UiCommand::Open));
                }
                if ui.add_sized(size, egui::Button::new(RichText::new("Open the sample case").size(15.0))).on_hover_text(UiCommand::OpenSample.text_and_tooltip().1).clicked() {
                    action = Some(AppCommand::Run(UiCommand::OpenSample));
                }
            });
            ui.add_space(8.0);
            ui.vertical_centered(|ui| {
                if ui.link(UiCommand::OpenTakeoverSample.text_and_tooltip().0).on_hover_text(UiCommand::OpenTakeoverSample.text_and_tooltip().1).clicked() {
                    action = Some(AppCommand::Run(UiCommand::OpenTakeoverSample));
                }
            });
            ui.add_space(26.0);
            if !view.prefs.recent.is_empty() {
                ui.label(RichText::new("Recent cases").strong());
                ui.add_space(4.0);
                for path in &view.prefs.recent {
                    if recent_entry(ui, path, false) {
                        action = Some(AppCommand::OpenPath(path.clone()));
                    }
                }
            }
        });
        if let Some(a) = action {
            out.push(a);
        }
    }
}
