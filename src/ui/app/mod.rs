//! The Casebook window: menu bar, navigator, tables and editors, timeline strip, status bar,
//! dialogs. Panels never change the case directly: every change is a model `Edit` applied through
//! the [`Document`], so undo/redo, the dirty flag and validation follow by themselves.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::Ui;
use serde::{Deserialize, Serialize};

use super::command::{AppCommand, AppView};
use super::commands::UiCommand;
use super::dialogs::{self, Modal, Pending};
use super::file_dialog::FileDialog;
use super::fonts::{install_fonts, look_for_cjk_font};
use super::menu_bar_ui::MenuBar;
use super::navigator_ui::Navigator;
use super::overview_ui::Overview;
use super::problems_ui::ProblemsList;
use super::records_ui::RecordsPanel;
use super::status_bar_ui::StatusBar;
use super::welcome_ui::Welcome;
use crate::export::fonts;
use crate::model::{RecordKind, RecordRef};
use crate::session::{AUTOSAVE_INTERVAL, Document, Session, SessionSettings};
use crate::store;

mod apply;
mod evidence;
mod files;

pub use evidence::DropTarget;

/// The sample case, built into the binary so it opens even when the app is installed alone.
pub const SAMPLE_CASE: &str =
    include_str!("../../../assets/examples/twitter-2017-deactivation.case.ron");
/// The second, messier sample (an account takeover), built in the same way.
pub const TAKEOVER_SAMPLE_CASE: &str =
    include_str!("../../../assets/examples/twitter-2020-account-takeover.case.ron");

const PREFS_KEY: &str = "casebook.prefs";
const MAX_RECENT: usize = 10;

/// A part of the case shown in the central area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Section {
    Overview,
    Records(RecordKind),
    Postmortem,
    Problems,
    /// The timeline, full size.
    Timeline,
    /// Quick entry: the chronology typed or pasted as rows.
    QuickEntry,
    /// The captured files: a gallery with their states.
    Evidence,
}

/// Light, dark, or as the desktop is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// UI preferences kept by eframe between runs. Case data never lives here.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: Theme,
    pub zoom: f32,
    pub recent: Vec<PathBuf>,
    pub last_case: Option<PathBuf>,
    pub show_timeline: bool,
    /// Column choices of spreadsheets imported before (File → Import…).
    pub csv_mappings: Vec<super::import_ui::CsvMapping>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: Theme::System,
            zoom: 1.0,
            recent: Vec::new(),
            last_case: None,
            show_timeline: true,
            csv_mappings: Vec::new(),
        }
    }
}

/// The read-only view panels draw from, borrowed field by field (so a panel's own state, a
/// field of the app too, can be borrowed mutably beside it).
macro_rules! app_view {
    ($app:expr, $enabled:expr) => {
        AppView {
            doc: $app.session.doc.as_ref(),
            section: $app.section,
            selected: $app.selected.as_ref(),
            fresh: $app.fresh.as_ref(),
            typed_problems: $app.typed.as_ref().map(|(_, _, p)| p.as_slice()),
            drafts: &$app.session.drafts,
            prefs: &$app.prefs,
            status: $app.status.as_ref(),
            enabled: $enabled,
            evidence: &$app.evidence,
        }
    };
}

/// Switches for tests and headless use; the desktop app uses the defaults.
#[derive(Clone, Debug)]
pub struct AppSettings {
    /// Native file dialogs (off: the path field is used instead) and opening sources with the
    /// desktop's apps (off: they are only recorded, see [`CasebookApp::opened`]).
    pub native_dialogs: bool,
    /// Look for the CJK font on a background thread (the real app: start-up stays fast) rather
    /// than in the first frame (headless tests: no repaint arrives from another thread).
    pub fonts_in_background: bool,
    /// The open case's file session: locks.
    pub session: SessionSettings,
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            native_dialogs: true,
            fonts_in_background: true,
            session: SessionSettings::default(),
        }
    }
}

impl AppSettings {
    /// For tests and headless use: no native dialogs, fonts in the first frame, no locks.
    pub fn headless() -> Self {
        Self {
            native_dialogs: false,
            fonts_in_background: false,
            session: SessionSettings { use_locks: false },
        }
    }
}

/// The application.
pub struct CasebookApp {
    /// The open case, its file and what is being typed in it.
    session: Session,
    section: Section,
    selected: Option<RecordRef>,
    /// The problems of the record being typed, checked once per change of what is typed (the
    /// editor and the status bar both show them): (case version, typed record, problems).
    typed: Option<(u64, crate::model::Record, Vec<crate::model::Problem>)>,
    /// The record last selected in each section (going back selects it again).
    last_selected: std::collections::HashMap<Section, RecordRef>,
    /// The record just added and the fields that needed something then, until it is left or
    /// the case saved (see `AppView::fresh`).
    fresh: Option<(RecordRef, Vec<&'static str>)>,
    /// The record tables (sort, filter, scroll) and the editor beside them.
    records: RecordsPanel,
    /// Find in case: the last search (case generation, text) and what it found.
    find_cache: Option<((u64, String), Vec<crate::model::search::Hit>)>,
    timeline: super::timeline_ui::TimelinePanel,
    /// Quick entry's rows.
    entry: super::entry_ui::QuickEntry,
    pub prefs: Prefs,
    modal: Option<Modal>,
    file_dialog: FileDialog,
    settings: AppSettings,
    allow_close: bool,
    status: Option<(String, Instant)>,
    last_title: String,
    applied_prefs: Option<(Theme, f32)>,
    /// Whether the system's CJK font has been looked for and, if found, installed.
    cjk_font_done: bool,
    /// File → Export….
    pub export: super::export_ui::ExportDialog,
    /// File → Import….
    pub import: super::import_ui::ImportDialog,
    /// Source locations opened by the user (see `opened`).
    opened: Vec<store::Location>,
    /// The evidence files: background checks, thumbnails, the full view.
    evidence: super::evidence_state::EvidenceState,
    /// File → Archive… being written on its own thread: where, and its answer.
    archive_job: Option<files::ArchiveJob>,
}

impl CasebookApp {
    /// The app as eframe starts it: preferences from storage, then `file` if given.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self::with_settings(prefs, AppSettings::default());
        app.enable_autosave(&store::recovery::recovery_dir(), AUTOSAVE_INTERVAL);
        if let Some(file) = file
            && app.modal.is_none()
        {
            app.open_path(&file);
        }
        app
    }

    /// An app with default preferences and no native dialogs (for tests and headless use).
    pub fn headless(file: Option<PathBuf>) -> Self {
        Self::headless_with(AppSettings::headless(), file)
    }

    /// A headless app with `settings` (say, taking file locks like the desktop app).
    pub fn headless_with(settings: AppSettings, file: Option<PathBuf>) -> Self {
        let mut app = Self::with_settings(Prefs::default(), settings);
        if let Some(file) = file {
            app.open_path(&file);
        }
        app
    }

    fn with_settings(prefs: Prefs, settings: AppSettings) -> Self {
        let native_dialogs = settings.native_dialogs;
        let csv_mappings = prefs.csv_mappings.clone();
        Self {
            session: Session::new(&settings.session),
            section: Section::Overview,
            selected: None,
            last_selected: std::collections::HashMap::new(),
            typed: None,
            fresh: None,
            records: RecordsPanel::default(),
            find_cache: None,
            timeline: super::timeline_ui::TimelinePanel::default(),
            entry: Default::default(),
            prefs,
            modal: None,
            file_dialog: FileDialog::default(),
            settings,
            allow_close: false,
            status: None,
            last_title: String::new(),
            applied_prefs: None,
            cjk_font_done: false,
            export: super::export_ui::ExportDialog::new(native_dialogs),
            import: {
                let mut dialog = super::import_ui::ImportDialog::new(native_dialogs);
                dialog.remembered = csv_mappings;
                dialog
            },
            opened: Vec::new(),
            archive_job: None,
            evidence: Default::default(),
        }
    }

    /// Every source location the user opened, in order (the headless app records them instead
    /// of starting a browser).
    pub fn opened(&self) -> &[store::Location] {
        &self.opened
    }

    /// Hands a resolved location to the desktop (only ever after a click on "Open source").
    fn open_location(&mut self, location: store::Location) {
        if self.settings.native_dialogs
            && let Err(e) = open::that_detached(location.target())
        {
            // Plain words, not the launcher's exit status (kept for the terminal).
            eprintln!(
                "casebook: opening {}: {e}",
                location.target().to_string_lossy()
            );
            self.modal = Some(Modal::Error {
                title: "Cannot open the source".to_owned(),
                message: match &location {
                    store::Location::Web(url) => format!(
                        "Could not open the link: no web browser seems to be set up on this \
                         computer.\n\nThe address is {url}; copy it into a browser yourself."
                    ),
                    store::Location::File(path) => format!(
                        "Could not open the file: no app for this kind of file seems to be set \
                         up on this computer.\n\nThe file is {}.",
                        path.display()
                    ),
                },
            });
            return;
        }
        self.flash(match &location {
            store::Location::Web(url) => format!("Opened {url}"),
            store::Location::File(path) => format!("Opened {}", path.display()),
        });
        self.opened.push(location);
    }

    /// The open document, if any.
    pub fn document(&self) -> Option<&Document> {
        self.session.doc.as_ref()
    }

    /// The current section.
    pub fn section(&self) -> Section {
        self.section
    }

    /// Shows `section`, as a click in the navigator does (benchmarks and headless use).
    pub fn show_section(&mut self, section: Section) {
        self.go_to(section);
    }

    /// The selected record.
    pub fn selected(&self) -> Option<&RecordRef> {
        self.selected.as_ref()
    }

    /// Whether a dialog is showing, and its title (for tests and screen readers).
    pub fn modal_title(&self) -> Option<&'static str> {
        self.modal.as_ref().map(|m| match m {
            Modal::Unsaved { .. } => "Unsaved changes",
            Modal::Conflict { .. } => "File changed on disk",
            Modal::Error { .. } => "Error",
            Modal::DeleteReferenced { .. } => "Delete referenced record",
            Modal::PathEntry { .. } => "File path",
            Modal::Shortcuts => "Keyboard shortcuts",
            Modal::About => "About Casebook",
            Modal::FindInCase { .. } => "Find in case",
            Modal::OpenElsewhere { .. } => "Open elsewhere",
            Modal::Recover { .. } => "Restore unsaved changes",
        })
    }

    fn flash(&mut self, message: impl Into<String>) {
        self.status = Some((message.into(), Instant::now()));
    }

    // ------------------------------------------------------------------------------------------
    // Drawing

    /// Draws the whole window. eframe calls this through [`eframe::App::ui`]; tests call it
    /// directly.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.apply_prefs(&ctx);
        if !self.cjk_font_done
            && let Some(found) = fonts::cjk_fallback_ready()
        {
            if found.is_some() {
                install_fonts(&ctx, found);
            }
            self.cjk_font_done = true;
        }
        self.poll_dialog();
        self.poll_archive(&ctx);
        if self.file_dialog.is_open() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }

        self.evidence.poll(&ctx, self.session.doc.as_ref());
        if let Some(message) = self.evidence.take_log_error() {
            self.flash(message);
        }
        // A case file dropped on the window opens (through the unsaved-changes check); other
        // files become evidence of the open case.
        self.files_dropped(&ctx);

        if self.modal.is_none()
            && let Some(command) = UiCommand::pressed(&ctx)
            && self.command_enabled(command)
        {
            self.run_command(&ctx, command);
        }

        // Closing the window with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            self.commit_drafts();
            if self.session.doc.as_ref().is_some_and(Document::is_dirty) {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved {
                    then: Pending::Quit,
                });
            }
        }
        if self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }

        self.update_title(&ctx);

        self.check_typed();
        // Panels read a view of the app and push commands; they are applied below, once.
        let mut commands = Vec::new();
        {
            let enabled = |c: UiCommand| self.command_enabled(c);
            let view = app_view!(self, &enabled);
            egui::Panel::top("menu-bar").show(ui, |ui| MenuBar.ui(ui, &view, &mut commands));
            egui::Panel::bottom("status-bar").show(ui, |ui| StatusBar.ui(ui, &view, &mut commands));
            if view.doc.is_some() {
                egui::Panel::left("navigator")
                    .resizable(true)
                    .default_size(220.0)
                    .size_range(150.0..=400.0)
                    .show(ui, |ui| Navigator.ui(ui, &view, &mut commands));
            } else {
                egui::CentralPanel::default_margins()
                    .show(ui, |ui| Welcome.ui(ui, &view, &mut commands));
            }
        }
        if self.session.doc.is_some() {
            // The full timeline view replaces the strip (one timeline on screen at a time).
            if self.prefs.show_timeline && self.section != Section::Timeline {
                egui::Panel::bottom("timeline-strip")
                    .resizable(true)
                    .default_size(230.0)
                    .size_range(120.0..=900.0)
                    .show(ui, |ui| self.timeline_ui(ui, &mut commands));
            }
            egui::CentralPanel::default_margins().show(ui, |ui| self.central_ui(ui, &mut commands));
        }
        for command in commands {
            self.apply_command(&ctx, command);
        }
        // A new record stops being new once it is left (or the case is saved).
        let saved = self.session.doc.as_ref().is_some_and(|d| !d.is_dirty());
        if self
            .fresh
            .as_ref()
            .is_some_and(|(r, _)| Some(r) != self.selected.as_ref() || saved)
        {
            self.fresh = None;
        }
        if let Some(doc) = &self.session.doc {
            super::evidence_ui::viewer_ui(&ctx, &mut self.evidence, &doc.case);
        }
        self.evidence.send_requests(&ctx);
        self.drop_overlay_ui(&ctx);
        self.modal_ui(&ctx);
        self.autosave_step(&ctx);
        if let Some(doc) = &self.session.doc {
            self.export
                .show(&ctx, &doc.case, doc.path.as_deref(), doc.generation());
        } else {
            self.export.open = false;
        }
        // The import arrives as one edit: one undo step, through the same path as any change.
        let imported = match &self.session.doc {
            Some(doc) => self.import.show(&ctx, &doc.case, doc.generation()),
            None => {
                self.import.open = false;
                None
            }
        };
        if let Some(edit) = imported {
            self.commit_drafts();
            self.apply(edit);
        }
    }

    fn apply_prefs(&mut self, ctx: &egui::Context) {
        if self.applied_prefs == Some((self.prefs.theme, self.prefs.zoom)) {
            return;
        }
        if self.applied_prefs.is_none() {
            if self.settings.fonts_in_background {
                install_fonts(ctx, None);
                look_for_cjk_font(ctx);
            } else {
                install_fonts(ctx, fonts::cjk_fallback());
                self.cjk_font_done = true;
            }
        }
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        ctx.set_theme(match self.prefs.theme {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        });
        ctx.set_zoom_factor(self.prefs.zoom);
        self.applied_prefs = Some((self.prefs.theme, self.prefs.zoom));
    }

    /// Checks the record being typed, once per change of it (see `typed`).
    fn check_typed(&mut self) {
        let (Some(doc), Some(record)) = (&self.session.doc, &self.session.drafts.record) else {
            self.typed = None;
            return;
        };
        let fresh = self
            .typed
            .as_ref()
            .is_some_and(|(g, r, _)| *g == doc.generation() && r == record);
        if !fresh {
            let problems = crate::model::validate_record(&doc.case, record);
            self.typed = Some((doc.generation(), record.clone(), problems));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self
            .session
            .doc
            .as_ref()
            .map_or_else(|| "Casebook".to_owned(), Document::window_title);
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    fn central_ui(&mut self, ui: &mut Ui, commands: &mut Vec<AppCommand>) {
        if self.section == Section::Timeline {
            self.timeline_ui(ui, commands);
            return;
        }
        let enabled = |_: UiCommand| false;
        let view = app_view!(self, &enabled);
        match self.section {
            Section::Overview => Overview.ui(ui, &view, commands),
            Section::Records(kind) => self.records.records_ui(ui, kind, &view, commands),
            Section::Postmortem => self.records.postmortem_ui(ui, &view, commands),
            Section::Problems => ProblemsList.ui(ui, &view, commands),
            Section::QuickEntry => self.entry.ui(ui, &view, commands),
            Section::Evidence => super::evidence_ui::gallery_ui(ui, &view, commands),
            Section::Timeline => {}
        }
    }

    /// The timeline (the strip, or full size); a click on an item selects its record.
    fn timeline_ui(&mut self, ui: &mut Ui, commands: &mut Vec<AppCommand>) {
        let Some(doc) = &self.session.doc else { return };
        let picked = self
            .timeline
            .ui(ui, &doc.case, doc.generation(), self.selected.as_ref());
        if let Some(r) = picked {
            commands.push(AppCommand::Select(Some(r)));
        }
    }

    fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(mut modal) = self.modal.take() else {
            return;
        };
        let enabled = |_: UiCommand| false;
        let view = app_view!(self, &enabled);
        let (close, answer) = dialogs::show(ctx, &mut modal, &view, &mut self.find_cache);
        if !close {
            self.modal = Some(modal);
        }
        if let Some(answer) = answer {
            self.answer(answer);
        }
    }
}

impl eframe::App for CasebookApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.csv_mappings = self.import.remembered.clone();
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
