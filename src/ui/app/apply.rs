//! Where everything the user asks for is done: menu commands and shortcuts, what panels
//! pushed, and what was answered in a dialog. Editing the case goes through the session.

use super::super::command::AppCommand;
use super::super::commands::UiCommand;
use super::super::dialogs::{Answer, Modal, PathPurpose, Pending};
use super::super::file_dialog::with_extension;
use super::{CasebookApp, Section, Theme};
use crate::model::search::describe;
use crate::model::{
    Edit, RecordKind, RecordRef, context_time, copy_of, find_record, new_record_at,
};
use crate::session::Document;

impl CasebookApp {
    // ------------------------------------------------------------------------------------------
    // Editing

    pub(super) fn apply(&mut self, edit: Edit) {
        if let Err(e) = self.session.apply(edit) {
            self.modal = Some(Modal::Error {
                title: "Cannot apply the change".to_owned(),
                message: e.to_string(),
            });
        }
    }

    /// Turns whatever is being typed into an edit (before saving, undoing, switching records).
    pub(super) fn commit_drafts(&mut self) {
        if let Err(e) = self.session.commit_drafts() {
            self.modal = Some(Modal::Error {
                title: "Cannot apply the change".to_owned(),
                message: e.to_string(),
            });
        }
    }

    pub(super) fn select(&mut self, target: Option<RecordRef>) {
        self.commit_drafts();
        if let Some(t) = &target {
            self.section = match t.kind() {
                Some(RecordKind::FollowUp) => Section::Postmortem,
                Some(kind) => Section::Records(kind),
                None if *t == RecordRef::Postmortem => Section::Postmortem,
                None => Section::Overview,
            };
        }
        self.selected = target;
    }

    /// Shows `section` with the record that was selected there last (if it still exists), so
    /// going back to a table finds the row where it was left.
    pub(super) fn go_to(&mut self, section: Section) {
        self.commit_drafts();
        if let Some(left) = self.selected.take() {
            self.last_selected.insert(self.section, left);
        }
        self.section = section;
        self.selected = self
            .last_selected
            .get(&section)
            .filter(|r| {
                self.session
                    .doc
                    .as_ref()
                    .is_some_and(|d| find_record(&d.case, r).is_some())
            })
            .cloned();
    }

    pub(super) fn current_kind(&self) -> Option<RecordKind> {
        match self.section {
            Section::Records(kind) => Some(kind),
            Section::Postmortem => Some(RecordKind::FollowUp),
            _ => None,
        }
    }

    pub(super) fn add_record(&mut self) {
        let Some(kind) = self.current_kind() else {
            self.flash("Choose a section (Accounts, Staff, Actions…) to add a record to");
            return;
        };
        self.commit_drafts();
        let Some(doc) = self.session.doc.as_ref() else {
            return;
        };
        // Dated from context (the selected record, else the last one entered), not the clock.
        let at = context_time(&doc.case, self.selected.as_ref());
        let record = new_record_at(kind, &doc.case, chrono::Utc::now(), at);
        let reference = record.reference();
        let edit = Edit::add(&doc.case, record);
        self.apply(edit);
        // What it needs now is said as a hint until it is left (see `AppView::fresh`).
        let needs = self.session.doc.as_ref().map_or_else(Vec::new, |d| {
            d.problems()
                .iter()
                .filter(|p| p.record == reference)
                .map(|p| p.field)
                .collect()
        });
        self.fresh = Some((reference.clone(), needs));
        self.selected = Some(reference);
    }

    pub(super) fn duplicate_record(&mut self) {
        self.commit_drafts();
        let (Some(doc), Some(selected)) = (self.session.doc.as_ref(), self.selected.clone()) else {
            return;
        };
        let Some((_, record)) = find_record(&doc.case, &selected) else {
            return;
        };
        let record = copy_of(record, chrono::Utc::now());
        let reference = record.reference();
        let edit = Edit::add(&doc.case, record);
        self.apply(edit);
        self.selected = Some(reference);
    }

    pub(super) fn request_delete(&mut self) {
        self.commit_drafts();
        let (Some(doc), Some(target)) = (self.session.doc.as_ref(), self.selected.clone()) else {
            return;
        };
        let referrers: Vec<String> = doc
            .case
            .references_to(&target)
            .into_iter()
            .filter(|(r, _)| *r != target)
            .map(|(r, field)| format!("{} ({field})", describe(&doc.case, &r)))
            .collect();
        if referrers.is_empty() {
            if let Some(edit) = Edit::delete(&doc.case, &target) {
                self.apply(edit);
                self.selected = None;
            }
        } else {
            self.modal = Some(Modal::DeleteReferenced { target, referrers });
        }
    }

    pub(super) fn undo(&mut self) {
        self.commit_drafts();
        if let Some(label) = self.session.doc.as_mut().and_then(Document::undo) {
            self.flash(format!("Undid: {label}"));
        }
        self.drop_missing_selection();
    }

    pub(super) fn redo(&mut self) {
        self.commit_drafts();
        if let Some(label) = self.session.doc.as_mut().and_then(Document::redo) {
            self.flash(format!("Redid: {label}"));
        }
        self.drop_missing_selection();
    }

    pub(super) fn drop_missing_selection(&mut self) {
        if let (Some(doc), Some(sel)) = (self.session.doc.as_ref(), self.selected.as_ref())
            && find_record(&doc.case, sel).is_none()
        {
            self.selected = None;
        }
    }

    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command {
            UiCommand::NewCase => self.guard_unsaved(Pending::NewCase),
            UiCommand::Open => self.guard_unsaved(Pending::OpenDialog),
            UiCommand::OpenSample => self.guard_unsaved(Pending::OpenSample),
            UiCommand::OpenTakeoverSample => self.guard_unsaved(Pending::OpenTakeoverSample),
            UiCommand::Save => self.save(None),
            UiCommand::SaveAs => {
                self.commit_drafts();
                if self.session.doc.is_some() {
                    self.ask_path(PathPurpose::SaveAs { then: None });
                }
            }
            UiCommand::Export => {
                self.commit_drafts();
                if let Some(doc) = &self.session.doc {
                    self.export.open(&doc.case, doc.path.as_deref());
                }
            }
            UiCommand::Import => {
                self.commit_drafts();
                self.import.open();
            }
            UiCommand::Archive => self.ask_archive(),
            UiCommand::AddEvidence => self.ask_for_evidence(self.evidence_target()),
            UiCommand::CloseCase => self.guard_unsaved(Pending::CloseCase),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::Undo => self.undo(),
            UiCommand::Redo | UiCommand::RedoAlt => self.redo(),
            UiCommand::AddRecord => self.add_record(),
            UiCommand::DuplicateRecord => self.duplicate_record(),
            UiCommand::DeleteRecord => self.request_delete(),
            UiCommand::QuickEntry => self.go_to(Section::QuickEntry),
            UiCommand::CopySummary | UiCommand::CopySummaryRedacted => {
                self.commit_drafts();
                if let Some(doc) = &self.session.doc {
                    let redacted = command == UiCommand::CopySummaryRedacted;
                    if redacted {
                        let redactor = crate::export::Redactor::for_case(&doc.case);
                        let case = crate::export::redact::redact_with(&doc.case, &redactor);
                        let text = crate::export::text::show_case(&case, case.tz());
                        // The same leak check as exports: nothing protected reaches the
                        // clipboard.
                        if let Some(leak) = redactor.leaks(&text).into_iter().next() {
                            self.flash(format!(
                                "Not copied: the summary still shows a protected name ({} “{}”)",
                                leak.whose.kind, leak.whose.name
                            ));
                        } else {
                            ctx.copy_text(text);
                            self.flash("Copied the redacted case summary");
                        }
                    } else {
                        ctx.copy_text(crate::export::text::show_case(&doc.case, doc.case.tz()));
                        self.flash("Copied the case summary");
                    }
                }
            }
            UiCommand::FindInCase => {
                self.commit_drafts();
                // (Generations count per document: results of another case never show.)
                self.find_cache = None;
                self.modal = Some(Modal::FindInCase {
                    query: String::new(),
                });
            }
            UiCommand::Find => {
                if let Some(kind) = self.current_kind() {
                    self.records.table(kind).focus_search = true;
                }
            }
            UiCommand::ZoomIn => self.prefs.zoom = (self.prefs.zoom + 0.1).min(3.0),
            UiCommand::ZoomOut => self.prefs.zoom = (self.prefs.zoom - 0.1).max(0.5),
            UiCommand::ZoomReset => self.prefs.zoom = 1.0,
            UiCommand::ThemeSystem => self.prefs.theme = Theme::System,
            UiCommand::ThemeLight => self.prefs.theme = Theme::Light,
            UiCommand::ThemeDark => self.prefs.theme = Theme::Dark,
            UiCommand::ToggleTimeline => self.prefs.show_timeline = !self.prefs.show_timeline,
            UiCommand::FullScreen => {
                let full = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!full));
            }
            UiCommand::Shortcuts => self.modal = Some(Modal::Shortcuts),
            UiCommand::About => self.modal = Some(Modal::About),
        }
    }

    pub(super) fn command_enabled(&self, command: UiCommand) -> bool {
        let has_doc = self.session.doc.is_some();
        match command {
            // A case opened from an archive is read-only: nothing saves or adds to it, and it is
            // sealed already.
            UiCommand::Save
            | UiCommand::SaveAs
            | UiCommand::AddEvidence
            | UiCommand::Archive
            | UiCommand::Import => has_doc && self.session.read_only().is_none(),
            UiCommand::Export | UiCommand::CloseCase => has_doc,
            // Typing not committed yet counts: Undo commits it as an edit, then undoes it.
            UiCommand::Undo => {
                self.session.drafts.record.is_some()
                    || self.session.drafts.info.is_some()
                    || self.session.drafts.prose.is_some()
                    || self.session.drafts.figures.is_some()
                    || self
                        .session
                        .doc
                        .as_ref()
                        .is_some_and(|d| d.undo_label().is_some())
            }
            UiCommand::Redo | UiCommand::RedoAlt => self
                .session
                .doc
                .as_ref()
                .is_some_and(|d| d.redo_label().is_some()),
            UiCommand::AddRecord | UiCommand::Find => has_doc && self.current_kind().is_some(),
            UiCommand::FindInCase
            | UiCommand::CopySummary
            | UiCommand::CopySummaryRedacted
            | UiCommand::QuickEntry => has_doc,
            UiCommand::DuplicateRecord | UiCommand::DeleteRecord => {
                has_doc && self.selected.as_ref().is_some_and(|s| s.kind().is_some())
            }
            _ => true,
        }
    }

    /// Does what a panel asked (see [`AppCommand`]).
    pub(super) fn apply_command(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::Run(c) => {
                if self.command_enabled(c) {
                    self.run_command(ctx, c);
                }
            }
            AppCommand::GoTo(section) => self.go_to(section),
            AppCommand::Select(target) => self.select(target),
            AppCommand::OpenPath(path) => self.guard_unsaved(Pending::OpenPath(path)),
            AppCommand::DraftRecord { record, commit } => {
                self.session.drafts.record = record.map(|r| *r);
                if commit && self.session.drafts.record.is_some() {
                    self.commit_drafts();
                }
            }
            AppCommand::DraftInfo { info, commit } => {
                self.session.drafts.info = info;
                if commit && self.session.drafts.info.is_some() {
                    self.commit_drafts();
                }
            }
            AppCommand::DraftProse {
                prose,
                figures,
                commit,
            } => {
                self.session.drafts.prose = prose;
                self.session.drafts.figures = figures;
                if commit
                    && (self.session.drafts.prose.is_some()
                        || self.session.drafts.figures.is_some())
                {
                    self.commit_drafts();
                }
            }
            AppCommand::OpenLocation(location) => self.open_location(location),
            AppCommand::Apply(edit) => {
                self.commit_drafts();
                self.apply(*edit);
            }
            AppCommand::Evidence(command) => self.evidence_command(ctx, command),
            AppCommand::Flash(message) => self.flash(message),
        }
    }

    /// Does what the user answered in a dialog (the one way anything happens after a dialog).
    pub(super) fn answer(&mut self, answer: Answer) {
        match answer {
            Answer::Save(then) => self.save(Some(then)),
            Answer::DontSave(then) => self.run_pending(then),
            Answer::Overwrite(then) => {
                if let Some(path) = self.session.doc.as_ref().and_then(|d| d.path.clone()) {
                    self.save_to(path, then);
                }
            }
            Answer::SaveCopy(then) => self.ask_path(PathPurpose::SaveAs {
                then: then.map(Box::new),
            }),
            Answer::Reload => {
                if let Some(path) = self.session.doc.as_ref().and_then(|d| d.path.clone()) {
                    self.open_path(&path);
                }
            }
            Answer::DeleteUnlinking(target) => {
                if let Some(edit) = self
                    .session
                    .doc
                    .as_ref()
                    .and_then(|d| Edit::delete_unlinking(&d.case, &target))
                {
                    self.apply(edit);
                    self.selected = None;
                }
            }
            Answer::Restore(found) => self.restore(&found),
            Answer::OpenAnyway(path) => self.open_path_locked(&path, true),
            Answer::Path(PathPurpose::Open, path) => self.open_path(&path),
            Answer::Path(PathPurpose::SaveAs { then }, path) => {
                self.save_to(with_extension(path), then.map(|t| *t))
            }
            Answer::Path(PathPurpose::Archive, path) => self.write_archive(&path),
            Answer::Path(PathPurpose::AddEvidence { to }, path) => {
                self.add_evidence_files(vec![path], to)
            }
            Answer::Select(target) => self.select(Some(target)),
        }
    }
}
