//! The menu bar: File, Edit, View, Help. Every item is a [`UiCommand`], so menus and
//! shortcuts cannot disagree.

use egui::{RichText, Ui};

use super::app::Theme;
use super::command::{AppCommand, AppView};
use super::commands::UiCommand;
use super::widgets::recent_entry;
use crate::session::Document;

/// The menu bar (no state of its own).
pub struct MenuBar;

impl MenuBar {
    pub fn ui(&mut self, ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
        let ctx = ui.ctx().clone();
        let mut clicked = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for c in [
                    UiCommand::NewCase,
                    UiCommand::Open,
                    UiCommand::OpenSample,
                    UiCommand::OpenTakeoverSample,
                ] {
                    if c.menu_button(ui, (view.enabled)(c)) {
                        clicked = Some(c);
                    }
                }
                ui.menu_button("Open Recent", |ui| {
                    if view.prefs.recent.is_empty() {
                        ui.label(RichText::new("No recent files").weak());
                    }
                    for path in &view.prefs.recent {
                        if recent_entry(ui, path, true) {
                            out.push(AppCommand::OpenPath(path.clone()));
                        }
                    }
                });
                ui.separator();
                for c in [
                    UiCommand::Save,
                    UiCommand::SaveAs,
                    UiCommand::Export,
                    UiCommand::Import,
                    UiCommand::Archive,
                ] {
                    if c.menu_button(ui, (view.enabled)(c)) {
                        clicked = Some(c);
                    }
                }
                ui.separator();
                if UiCommand::AddEvidence.menu_button(ui, (view.enabled)(UiCommand::AddEvidence)) {
                    clicked = Some(UiCommand::AddEvidence);
                }
                ui.separator();
                for c in [UiCommand::CloseCase, UiCommand::Quit] {
                    if c.menu_button(ui, (view.enabled)(c)) {
                        clicked = Some(c);
                    }
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = view.doc.and_then(Document::undo_label);
                let redo = view.doc.and_then(Document::redo_label);
                let undo_text = undo.map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
                let redo_text = redo.map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
                for (c, text) in [(UiCommand::Undo, undo_text), (UiCommand::Redo, redo_text)] {
                    let mut button = egui::Button::new(text);
                    if let Some(s) = c.shortcut() {
                        button = button.shortcut_text(super::commands::shortcut_label(&ctx, &s));
                    }
                    if ui
                        .add_enabled((view.enabled)(c), button)
                        .on_hover_text(c.text_and_tooltip().1)
                        .clicked()
                    {
                        clicked = Some(c);
                    }
                }
                for group in [
                    &[
                        UiCommand::AddRecord,
                        UiCommand::DuplicateRecord,
                        UiCommand::DeleteRecord,
                        UiCommand::QuickEntry,
                    ][..],
                    &[UiCommand::Find, UiCommand::FindInCase],
                    &[UiCommand::CopySummary, UiCommand::CopySummaryRedacted],
                ] {
                    ui.separator();
                    for &c in group {
                        if c.menu_button(ui, (view.enabled)(c)) {
                            clicked = Some(c);
                        }
                    }
                }
            });
            ui.menu_button("View", |ui| {
                for c in [
                    UiCommand::ThemeSystem,
                    UiCommand::ThemeLight,
                    UiCommand::ThemeDark,
                ] {
                    let on = matches!(
                        (c, view.prefs.theme),
                        (UiCommand::ThemeSystem, Theme::System)
                            | (UiCommand::ThemeLight, Theme::Light)
                            | (UiCommand::ThemeDark, Theme::Dark)
                    );
                    let (text, tip) = c.text_and_tooltip();
                    if ui.radio(on, text).on_hover_text(tip).clicked() {
                        clicked = Some(c);
                    }
                }
                ui.separator();
                for c in [UiCommand::ZoomIn, UiCommand::ZoomOut, UiCommand::ZoomReset] {
                    if c.menu_button(ui, true) {
                        clicked = Some(c);
                    }
                }
                ui.label(RichText::new(format!("Zoom {:.0} %", view.prefs.zoom * 100.0)).weak());
                ui.separator();
                // A check box for the state, and the shortcut beside it as on every other
                // menu item.
                let (text, tip) = UiCommand::ToggleTimeline.text_and_tooltip();
                let mut on = view.prefs.show_timeline;
                ui.horizontal(|ui| {
                    if ui.checkbox(&mut on, text).on_hover_text(tip).clicked() {
                        clicked = Some(UiCommand::ToggleTimeline);
                    }
                    if let Some(shortcut) = UiCommand::ToggleTimeline.shortcut() {
                        ui.label(
                            RichText::new(super::commands::shortcut_label(ui.ctx(), &shortcut))
                                .weak(),
                        );
                    }
                });
                if UiCommand::FullScreen.menu_button(ui, true) {
                    clicked = Some(UiCommand::FullScreen);
                }
            });
            ui.menu_button("Help", |ui| {
                for c in [UiCommand::Shortcuts, UiCommand::About] {
                    if c.menu_button(ui, true) {
                        clicked = Some(c);
                    }
                }
            });
        });
        if let Some(c) = clicked {
            out.push(AppCommand::Run(c));
        }
    }
}
