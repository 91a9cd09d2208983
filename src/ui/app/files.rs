//! The app's side of files: opening, saving, Save As, asking for a path, autosave and
//! restoring unsaved changes. The session does the work; this shows what it returned.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::super::dialogs::{Modal, PathPurpose, Pending};
use super::super::file_dialog::{Picked, folder_of, suggested_file_name, with_extension};
use super::super::records_ui::RecordsPanel;
use super::super::timeline_ui::TimelinePanel;
use super::{AppSettings, CasebookApp, MAX_RECENT, SAMPLE_CASE, Section, TAKEOVER_SAMPLE_CASE};
use crate::model::Case;
use crate::session::{AutosaveStep, Document, OpenError, SaveFailure};
use crate::store;

impl CasebookApp {
    /// Autosaves unsaved edits to a recovery file in `dir` every `interval` (and when the
    /// window loses focus), and offers what a crashed Casebook left there.
    pub fn enable_autosave(&mut self, dir: &Path, interval: Duration) {
        if let Some(found) = self.session.enable_autosave(dir, interval) {
            self.modal = Some(Modal::Recover { found });
        }
    }

    /// Writes the recovery file when due (what is being typed included); removes it once
    /// nothing is unsaved.
    pub(super) fn autosave_step(&mut self, ctx: &egui::Context) {
        let focus_lost = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(false)))
        });
        match self.session.autosave_step(focus_lost) {
            AutosaveStep::Idle | AutosaveStep::Wrote => {}
            AutosaveStep::WaitFor(after) => ctx.request_repaint_after(after),
            AutosaveStep::Failed(message) => self.flash(message),
        }
    }

    /// Restores the edits in a recovery file as an unsaved document.
    pub(super) fn restore(&mut self, found: &store::recovery::Recovery) {
        match self.session.restore(found) {
            Ok(()) => {
                self.reset_views();
                self.flash("Restored unsaved changes");
            }
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot restore the unsaved changes".to_owned(),
                    message: e.to_string(),
                })
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Documents and files

    /// A new document is open: show its overview, nothing selected, fresh views.
    pub(super) fn reset_views(&mut self) {
        self.section = Section::Overview;
        self.selected = None;
        self.last_selected.clear();
        self.fresh = None;
        self.records = RecordsPanel::default();
        self.timeline = TimelinePanel::default();
        // Quick entry's rows belong to the case they were typed for.
        self.entry = Default::default();
    }

    /// A headless app that takes file locks like the desktop app does (for tests).
    pub fn headless_with_locks(file: Option<PathBuf>) -> Self {
        let mut settings = AppSettings::headless();
        settings.session.use_locks = true;
        Self::headless_with(settings, file)
    }

    pub(super) fn open_path(&mut self, path: &Path) {
        if crate::evidence::archive::is_archive(path) {
            self.open_archive(path);
            return;
        }
        self.open_path_locked(path, false);
    }

    /// Opens the case in a sealed archive read-only, once the archive verifies (unpacked into
    /// a private folder beside the thumbnail cache).
    fn open_archive(&mut self, path: &Path) {
        let thumbnails = crate::evidence::picture::cache_dir();
        let cache = thumbnails.parent().unwrap_or(&thumbnails).join("archives");
        match self.session.open_archive(path, &cache) {
            Ok(()) => {
                self.reset_views();
                self.remember(path);
                self.flash(format!(
                    "Opened {} read-only: every file matches its manifest",
                    path.display()
                ));
            }
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot open the archive".to_owned(),
                    message: e.to_string(),
                })
            }
        }
    }

    /// Opens `path`, taking its lock; `take_over` opens it even if another Casebook has it.
    pub(super) fn open_path_locked(&mut self, path: &Path, take_over: bool) {
        match self.session.open(path, take_over) {
            Ok(()) => {
                self.reset_views();
                self.remember(path);
                self.flash(format!("Opened {}", path.display()));
            }
            Err(OpenError::Held { path, holder }) => {
                self.modal = Some(Modal::OpenElsewhere { path, holder });
            }
            Err(e @ (OpenError::Load(_) | OpenError::Archive(_))) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot open the case".to_owned(),
                    message: e.to_string(),
                })
            }
        }
    }

    pub(super) fn open_sample(&mut self, text: &str, name: &str) {
        match self.session.open_text(text, Path::new(name)) {
            Ok(()) => {
                self.reset_views();
                self.flash("Opened the sample case as an unsaved copy");
            }
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot open the sample".to_owned(),
                    message: e.to_string(),
                })
            }
        }
    }

    pub(super) fn new_case(&mut self) {
        let zone = std::env::var("TZ")
            .ok()
            .filter(|z| crate::model::time::parse_zone(z).is_ok())
            .unwrap_or_else(|| "UTC".to_owned());
        let case = Case::new("Untitled case", &zone, chrono::Utc::now());
        self.session.new_case(case);
        self.reset_views();
    }

    pub(super) fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.prefs.recent.retain(|p| p != &path);
        self.prefs.recent.insert(0, path.clone());
        self.prefs.recent.truncate(MAX_RECENT);
        self.prefs.last_case = Some(path);
    }

    /// Runs `then` now if there are no unsaved changes, else asks first.
    pub(super) fn guard_unsaved(&mut self, then: Pending) {
        self.commit_drafts();
        if self.session.doc.as_ref().is_some_and(Document::is_dirty) {
            self.modal = Some(Modal::Unsaved { then });
        } else {
            self.run_pending(then);
        }
    }

    pub(super) fn run_pending(&mut self, pending: Pending) {
        match pending {
            Pending::NewCase => self.new_case(),
            Pending::OpenDialog => self.ask_path(PathPurpose::Open),
            Pending::OpenPath(p) => self.open_path(&p),
            Pending::OpenSample => self.open_sample(SAMPLE_CASE, "sample.case.ron"),
            Pending::OpenTakeoverSample => {
                self.open_sample(TAKEOVER_SAMPLE_CASE, "takeover-sample.case.ron")
            }
            Pending::CloseCase => {
                self.session.close();
                self.selected = None;
            }
            Pending::Quit => {
                // "Don't save" on quit: the edits are given up on purpose.
                self.session.discard_recovery();
                self.allow_close = true
            }
        }
    }

    /// Saves to the document's file (or asks for one), then runs `then`.
    pub(super) fn save(&mut self, then: Option<Pending>) {
        match self.session.save() {
            Ok(path) => self.saved(&path, then),
            Err(SaveFailure::NoPath) => {
                if self.session.doc.is_some() {
                    self.ask_path(PathPurpose::SaveAs {
                        then: then.map(Box::new),
                    });
                }
            }
            Err(SaveFailure::Conflict(_)) => self.modal = Some(Modal::Conflict { then }),
            Err(e) => self.save_failed(&e),
        }
    }

    /// Save As, or Overwrite after a conflict: writes to `path` whatever is there.
    pub(super) fn save_to(&mut self, path: PathBuf, then: Option<Pending>) {
        match self.session.save_to(&path) {
            Ok(path) => self.saved(&path, then),
            Err(e) => self.save_failed(&e),
        }
    }

    pub(super) fn saved(&mut self, path: &Path, then: Option<Pending>) {
        self.remember(path);
        self.flash(format!("Saved {}", path.display()));
        if let Some(then) = then {
            self.run_pending(then);
        }
    }

    pub(super) fn save_failed(&mut self, e: &SaveFailure) {
        self.modal = Some(Modal::Error {
            title: "Cannot save the case".to_owned(),
            message: e.to_string(),
        });
    }

    /// Asks for a path: the desktop's dialog on its own thread, or the path field.
    pub(super) fn ask_path(&mut self, purpose: PathPurpose) {
        if !self.settings.native_dialogs {
            self.ask_path_in_window(purpose, "");
            return;
        }
        let path = self.session.doc.as_ref().and_then(|d| d.path.as_deref());
        let directory = folder_of(path);
        let name = match purpose {
            PathPurpose::Archive => self.archive_file_name(),
            _ => suggested_file_name(self.title()),
        };
        if let Err(purpose) = self.file_dialog.start(purpose, directory, name) {
            self.ask_path_in_window(purpose, "No file dialog could be started.");
        }
    }

    /// The File path dialog, with the suggested path filled in when saving.
    pub(super) fn ask_path_in_window(&mut self, purpose: PathPurpose, note: &str) {
        let text = match purpose {
            PathPurpose::Open | PathPurpose::AddEvidence { .. } => String::new(),
            PathPurpose::Archive => {
                let path = self.session.doc.as_ref().and_then(|d| d.path.as_deref());
                folder_of(path)
                    .unwrap_or_default()
                    .join(self.archive_file_name())
                    .display()
                    .to_string()
            }
            PathPurpose::SaveAs { .. } => {
                let path = self.session.doc.as_ref().and_then(|d| d.path.as_deref());
                folder_of(path)
                    .or_else(|| std::env::current_dir().ok())
                    .unwrap_or_default()
                    .join(suggested_file_name(self.title()))
                    .display()
                    .to_string()
            }
        };
        self.modal = Some(Modal::PathEntry {
            purpose,
            text,
            note: note.to_owned(),
        });
    }

    /// "NAME-archive-2026-12-02.zip" for the case saved as NAME.case.ron.
    fn archive_file_name(&self) -> String {
        let path = self.session.doc.as_ref().and_then(|d| d.path.as_deref());
        let stem = path.map_or_else(|| "case".to_owned(), crate::evidence::archive::top_folder);
        format!(
            "{stem}-archive-{}.zip",
            chrono::Utc::now().format("%Y-%m-%d")
        )
    }

    /// File → Archive…: asks where, once the case is saved (the archive seals the file on disk).
    pub(super) fn ask_archive(&mut self) {
        self.commit_drafts();
        let Some(doc) = &self.session.doc else { return };
        if doc.path.is_none() || doc.is_dirty() {
            self.modal = Some(Modal::Error {
                title: "Save the case first".to_owned(),
                message: "An archive seals the case file as it is saved, with its evidence \
                          folder: save the case, then choose Archive… again."
                    .to_owned(),
            });
            return;
        }
        self.ask_path(PathPurpose::Archive);
    }

    /// Starts writing the sealed archive of the saved case to `path` (`.zip` added if
    /// missing) on its own thread: the report is rendered and every evidence file read, which
    /// takes seconds for a case with many pictures. [`CasebookApp::poll_archive`] says how it
    /// ended.
    pub(super) fn write_archive(&mut self, path: &Path) {
        if self.archive_job.is_some() {
            self.flash("An archive is being written already");
            return;
        }
        let Some(doc) = &self.session.doc else { return };
        let Some(case_file) = doc.path.clone() else {
            return;
        };
        let path = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            path.to_owned()
        } else {
            path.with_extension("zip")
        };
        let case = doc.case.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let out = path.clone();
        let spawned = std::thread::Builder::new()
            .name("archive".to_owned())
            .spawn(move || {
                let result =
                    crate::export::evidence::seal(&case_file, &case, &out, chrono::Utc::now())
                        .map(|w| w.files.len())
                        .map_err(|e| e.to_string());
                let _ = tx.send(result);
            });
        match spawned {
            Ok(_) => {
                self.flash(format!("Writing {}…", path.display()));
                self.archive_job = Some(ArchiveJob { path, result: rx });
            }
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot write the archive".to_owned(),
                    message: e.to_string(),
                })
            }
        }
    }

    /// How the archive being written ended, once it has.
    pub(super) fn poll_archive(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.archive_job else { return };
        let result = match job.result.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err("the archive could not be written (its thread ended)".to_owned())
            }
        };
        let path = job.path.clone();
        self.archive_job = None;
        match result {
            Ok(files) => self.flash(format!(
                "Sealed {} into {}",
                crate::model::plural(files, "file", "files"),
                path.display()
            )),
            Err(message) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot write the archive".to_owned(),
                    message,
                })
            }
        }
    }

    /// Whether an archive is being written (for tests, which wait for it).
    pub fn archive_busy(&self) -> bool {
        self.archive_job.is_some()
    }

    /// The open case's title ("case" when none is open).
    pub(super) fn title(&self) -> &str {
        self.session
            .doc
            .as_ref()
            .map_or("case", |d| d.case.info.title.as_str())
    }

    pub(super) fn poll_dialog(&mut self) {
        match self.file_dialog.poll() {
            Some(Picked::Path(PathPurpose::Open, path)) => self.open_path(&path),
            Some(Picked::Path(PathPurpose::SaveAs { then }, path)) => {
                self.save_to(with_extension(path), then.map(|t| *t))
            }
            Some(Picked::Path(PathPurpose::Archive, path)) => self.write_archive(&path),
            Some(Picked::Path(PathPurpose::AddEvidence { to }, path)) => {
                self.add_evidence_files(vec![path], to)
            }
            Some(Picked::Paths(PathPurpose::AddEvidence { to }, paths)) => {
                self.add_evidence_files(paths, to)
            }
            Some(Picked::Paths(_, _)) => {}
            Some(Picked::NoPortal(purpose)) => self.ask_path_in_window(
                purpose,
                "No file dialog could be shown (is a desktop portal running?). Type the path instead:",
            ),
            Some(Picked::Cancelled) | None => {}
        }
    }
}

/// An archive being written on its own thread.
pub(super) struct ArchiveJob {
    path: PathBuf,
    result: std::sync::mpsc::Receiver<Result<usize, String>>,
}
