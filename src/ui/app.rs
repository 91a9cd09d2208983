//! The Casebook window: menu bar, navigator, tables and editors, timeline strip, status bar,
//! dialogs. Panels never change the case directly: every change is a model `Edit` applied through
//! the [`Document`], so undo/redo, the dirty flag and validation follow by themselves.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use egui::{Align, Color32, Layout, RichText, Ui};
use serde::{Deserialize, Serialize};

use super::commands::UiCommand;
use super::document::Document;
use super::editors;
use super::table::{RecordTable, chronology};
use super::widgets::{Form, kind_color, kind_glyph, level_color};
use crate::export::fonts::{self, FallbackFont};
use crate::model::search::describe;
use crate::model::{Case, Edit, Level, Meta, Record, RecordKind, RecordRef, find_record};
use crate::store::{self, SaveError};

/// The sample case, built into the binary so it opens even when the app is installed alone.
pub const SAMPLE_CASE: &str =
    include_str!("../../assets/examples/twitter-2017-deactivation.case.ron");

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
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: Theme::System,
            zoom: 1.0,
            recent: Vec::new(),
            last_case: None,
            show_timeline: true,
        }
    }
}

/// What to do once unsaved changes have been dealt with.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    NewCase,
    OpenDialog,
    OpenPath(PathBuf),
    OpenSample,
    CloseCase,
    Quit,
}

/// Why a file path is being asked for.
#[derive(Clone, Debug, PartialEq)]
enum PathPurpose {
    Open,
    SaveAs { then: Option<Box<Pending>> },
}

/// The dialog on top of the window, if any.
#[derive(Clone, Debug)]
enum Modal {
    Unsaved {
        then: Pending,
    },
    Conflict {
        then: Option<Pending>,
    },
    Error {
        title: String,
        message: String,
    },
    DeleteReferenced {
        target: RecordRef,
        referrers: Vec<String>,
    },
    PathEntry {
        purpose: PathPurpose,
        text: String,
        note: String,
    },
    Shortcuts,
    About,
    /// Find text anywhere in the case; the results list jumps to a record.
    FindInCase {
        query: String,
    },
    /// The case is open in another Casebook (its lock file names who).
    OpenElsewhere {
        path: PathBuf,
        holder: String,
    },
    /// Unsaved edits left by a Casebook that ended without saving.
    Recover {
        found: store::recovery::Recovery,
    },
}

/// Autosave to a recovery file.
struct Autosave {
    file: PathBuf,
    interval: Duration,
    /// The document generation and the text being typed last written (None: nothing written).
    written: Option<(u64, Drafts)>,
    /// The document generation whose case the panic snapshot holds.
    snapshot: Option<u64>,
    last: Instant,
}

/// What is being typed and not yet committed as an edit (a field commits when it is left).
type Drafts = (
    Option<Record>,
    Option<crate::model::CaseInfo>,
    Option<(String, String, String)>,
);

/// What the panic hook writes: the latest unsaved case, the edits still being typed, and where.
type Snapshot = (PathBuf, crate::model::Case, Vec<Edit>, Option<PathBuf>);
static PANIC_SNAPSHOT: std::sync::Mutex<Option<Snapshot>> = std::sync::Mutex::new(None);

/// Installs a panic hook that writes the unsaved case to the recovery file before the process
/// ends, so the next start offers it. (The desktop app only.)
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(guard) = PANIC_SNAPSHOT.try_lock()
            && let Some((file, case, typing, original)) = guard.as_ref()
        {
            let mut case = case.clone();
            for edit in typing {
                let _ = edit.apply(&mut case);
            }
            let _ = store::recovery::write(file, &case, original.as_deref(), chrono::Utc::now());
            eprintln!("casebook: unsaved changes written to {}", file.display());
        }
        default(info);
    }));
}

/// How often unsaved edits are written to the recovery file.
pub const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(5);

/// What a dialog button does once the dialog has closed.
type AfterModal = Box<dyn FnOnce(&mut CasebookApp)>;

/// A native file dialog running on its own thread.
struct DialogJob {
    purpose: PathPurpose,
    started: Instant,
    result: Receiver<Option<PathBuf>>,
}

/// The application.
pub struct CasebookApp {
    doc: Option<Document>,
    section: Section,
    selected: Option<RecordRef>,
    /// The selected record as being edited (kept only while the user types in it).
    draft: Option<Record>,
    info_draft: Option<crate::model::CaseInfo>,
    prose_draft: Option<(String, String, String)>,
    tables: std::collections::HashMap<RecordKind, RecordTable>,
    /// Find in case: the last search (case generation, text) and what it found.
    find_cache: Option<((u64, String), Vec<crate::model::search::Hit>)>,
    timeline: super::timeline_ui::TimelinePanel,
    pub prefs: Prefs,
    modal: Option<Modal>,
    dialog: Option<DialogJob>,
    /// Use native file dialogs (off in tests: the path field is used instead).
    native_dialogs: bool,
    allow_close: bool,
    status: Option<(String, Instant)>,
    last_title: String,
    applied_prefs: Option<(Theme, f32)>,
    /// Whether the system's CJK font has been looked for and, if found, installed.
    cjk_font_done: bool,
    /// Look for the CJK font on a background thread (the real app: start-up stays fast) rather
    /// than in the first frame (headless tests: no repaint arrives from another thread).
    fonts_in_background: bool,
    /// File → Export….
    pub export: super::export_ui::ExportDialog,
    /// The lock on the open case's file (others opening it are warned).
    lock: Option<store::CaseLock>,
    /// Take locks on opened files (off in headless tests unless asked for).
    use_locks: bool,
    autosave: Option<Autosave>,
    /// Source locations opened by the user (see `opened`).
    opened: Vec<store::Location>,
}

impl CasebookApp {
    /// The app as eframe starts it: preferences from storage, then `file` if given.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self::with_prefs(prefs, true);
        app.enable_autosave(&store::recovery::recovery_dir(), AUTOSAVE_INTERVAL);
        if let Some(file) = file
            && app.modal.is_none()
        {
            app.open_path(&file);
        }
        app
    }

    /// Autosaves unsaved edits to a recovery file in `dir` every `interval` (and when the
    /// window loses focus), and offers what a crashed Casebook left there.
    pub fn enable_autosave(&mut self, dir: &Path, interval: Duration) {
        self.autosave = Some(Autosave {
            file: store::recovery::recovery_file(dir),
            interval,
            written: None,
            snapshot: None,
            last: Instant::now(),
        });
        if let Some(found) = store::recovery::orphans(dir).into_iter().next() {
            self.modal = Some(Modal::Recover { found });
        }
    }

    /// Writes the recovery file when due; removes it once nothing is unsaved. What is being
    /// typed counts too: it is written with the case even before its field is left.
    fn autosave_step(&mut self, ctx: &egui::Context) {
        if self.autosave.is_none() {
            return;
        }
        let now = chrono::Utc::now();
        let typing = self.draft_edits(now);
        let drafts: Drafts = (
            self.draft.clone(),
            self.info_draft.clone(),
            self.prose_draft.clone(),
        );
        let Some(auto) = self.autosave.as_mut() else {
            return;
        };
        let dirty = self
            .doc
            .as_ref()
            .filter(|d| d.is_dirty() || !typing.is_empty());
        let Some(doc) = dirty else {
            if auto.written.take().is_some() {
                let _ = std::fs::remove_file(&auto.file);
            }
            if let Ok(mut snap) = PANIC_SNAPSHOT.try_lock() {
                *snap = None;
            }
            auto.snapshot = None;
            return;
        };
        let key = (doc.generation(), drafts);
        if auto.written.as_ref() == Some(&key) {
            return;
        }
        // Keep what the panic hook would write current (the case is cloned only when it changed,
        // the edits being typed on every keystroke).
        if let Ok(mut snap) = PANIC_SNAPSHOT.try_lock() {
            match snap.as_mut() {
                Some(current) if auto.snapshot == Some(key.0) => current.2 = typing.clone(),
                _ => {
                    *snap = Some((
                        auto.file.clone(),
                        doc.case.clone(),
                        typing.clone(),
                        doc.path.clone(),
                    ));
                    auto.snapshot = Some(key.0);
                }
            }
        }
        let focus_lost = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(false)))
        });
        if auto.last.elapsed() >= auto.interval || focus_lost {
            let with_typing;
            let case = if typing.is_empty() {
                &doc.case
            } else {
                let mut case = doc.case.clone();
                for edit in &typing {
                    let _ = edit.apply(&mut case);
                }
                with_typing = case;
                &with_typing
            };
            match store::recovery::write(&auto.file, case, doc.path.as_deref(), now) {
                Ok(()) => auto.written = Some(key),
                Err(e) => {
                    let message = format!("Autosave failed: {e}");
                    auto.last = Instant::now();
                    self.flash(message);
                    return;
                }
            }
            auto.last = Instant::now();
        } else {
            ctx.request_repaint_after(auto.interval.saturating_sub(auto.last.elapsed()));
        }
    }

    /// Restores the edits in a recovery file as an unsaved document.
    fn restore(&mut self, found: &store::recovery::Recovery) {
        match store::recovery::load(&found.file) {
            Ok(case) => {
                let disk_hash = found
                    .original
                    .as_ref()
                    .and_then(|p| store::read_limited(p).ok())
                    .map(|b| store::ContentHash::of(&b));
                if let Some(original) = &found.original
                    && self.use_locks
                {
                    self.lock = store::CaseLock::acquire(original, true).ok();
                }
                self.set_document(Document::recovered(case, found.original.clone(), disk_hash));
                let _ = std::fs::remove_file(&found.file);
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

    /// An app with default preferences and no native dialogs (for tests and headless use).
    pub fn headless(file: Option<PathBuf>) -> Self {
        let mut app = Self::with_prefs(Prefs::default(), false);
        if let Some(file) = file {
            app.open_path(&file);
        }
        app
    }

    fn with_prefs(prefs: Prefs, native_dialogs: bool) -> Self {
        Self {
            doc: None,
            section: Section::Overview,
            selected: None,
            draft: None,
            info_draft: None,
            prose_draft: None,
            tables: std::collections::HashMap::new(),
            find_cache: None,
            timeline: super::timeline_ui::TimelinePanel::default(),
            prefs,
            modal: None,
            dialog: None,
            native_dialogs,
            allow_close: false,
            status: None,
            last_title: String::new(),
            applied_prefs: None,
            cjk_font_done: false,
            fonts_in_background: native_dialogs,
            export: Default::default(),
            lock: None,
            use_locks: native_dialogs,
            autosave: None,
            opened: Vec::new(),
        }
    }

    /// Every source location the user opened, in order (the headless app records them instead
    /// of starting a browser).
    pub fn opened(&self) -> &[store::Location] {
        &self.opened
    }

    /// Hands a resolved location to the desktop (only ever after a click on "Open source").
    fn open_location(&mut self, location: store::Location) {
        if self.native_dialogs
            && let Err(e) = open::that_detached(location.target())
        {
            self.modal = Some(Modal::Error {
                title: "Cannot open the source".to_owned(),
                message: e.to_string(),
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
        self.doc.as_ref()
    }

    /// The current section.
    pub fn section(&self) -> Section {
        self.section
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
    // Documents and files

    fn set_document(&mut self, doc: Document) {
        self.doc = Some(doc);
        self.section = Section::Overview;
        self.selected = None;
        self.draft = None;
        self.info_draft = None;
        self.prose_draft = None;
        self.tables.clear();
        self.timeline = super::timeline_ui::TimelinePanel::default();
    }

    /// A headless app that takes file locks like the desktop app does (for tests).
    pub fn headless_with_locks(file: Option<PathBuf>) -> Self {
        let mut app = Self::with_prefs(Prefs::default(), false);
        app.use_locks = true;
        if let Some(file) = file {
            app.open_path(&file);
        }
        app
    }

    fn open_path(&mut self, path: &Path) {
        self.open_path_locked(path, false);
    }

    /// Opens `path`, taking its lock; `take_over` opens it even if another Casebook has it.
    fn open_path_locked(&mut self, path: &Path, take_over: bool) {
        let mut lock = None;
        let already_ours = self
            .lock
            .as_ref()
            .is_some_and(|l| l.path() == store::lock_path(path));
        if self.use_locks && !already_ours {
            match store::CaseLock::acquire(path, take_over) {
                Ok(l) => lock = Some(l),
                Err(store::LockError::Held(holder)) => {
                    self.modal = Some(Modal::OpenElsewhere {
                        path: path.to_path_buf(),
                        holder: holder.describe(),
                    });
                    return;
                }
                // A read-only folder, say: open without a lock.
                Err(store::LockError::Io { .. }) => {}
            }
        }
        match store::load(path) {
            Ok(loaded) => {
                let path = path.to_path_buf();
                if !already_ours {
                    self.lock = lock;
                }
                self.set_document(Document::new(
                    loaded.case,
                    Some(path.clone()),
                    Some(loaded.hash),
                ));
                self.remember(&path);
                self.flash(format!("Opened {}", path.display()));
            }
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot open the case".to_owned(),
                    message: e.to_string(),
                })
            }
        }
    }

    fn open_sample(&mut self) {
        match store::parse(SAMPLE_CASE, Path::new("sample.case.ron")) {
            Ok(case) => {
                self.lock = None;
                self.set_document(Document::new(case, None, None));
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

    fn new_case(&mut self) {
        let zone = std::env::var("TZ")
            .ok()
            .filter(|z| crate::model::time::parse_zone(z).is_ok())
            .unwrap_or_else(|| "UTC".to_owned());
        let case = Case::new("Untitled case", &zone, chrono::Utc::now());
        self.lock = None;
        self.set_document(Document::new(case, None, None));
    }

    fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.prefs.recent.retain(|p| p != &path);
        self.prefs.recent.insert(0, path.clone());
        self.prefs.recent.truncate(MAX_RECENT);
        self.prefs.last_case = Some(path);
    }

    /// Runs `then` now if there are no unsaved changes, else asks first.
    fn guard_unsaved(&mut self, then: Pending) {
        self.commit_drafts();
        if self.doc.as_ref().is_some_and(Document::is_dirty) {
            self.modal = Some(Modal::Unsaved { then });
        } else {
            self.run_pending(then);
        }
    }

    fn run_pending(&mut self, pending: Pending) {
        match pending {
            Pending::NewCase => self.new_case(),
            Pending::OpenDialog => self.ask_path(PathPurpose::Open),
            Pending::OpenPath(p) => self.open_path(&p),
            Pending::OpenSample => self.open_sample(),
            Pending::CloseCase => {
                self.doc = None;
                self.lock = None;
                self.selected = None;
            }
            Pending::Quit => {
                // "Don't save" on quit: the edits are given up on purpose.
                if let Some(auto) = self.autosave.as_mut()
                    && auto.written.take().is_some()
                {
                    let _ = std::fs::remove_file(&auto.file);
                }
                if let Ok(mut snap) = PANIC_SNAPSHOT.try_lock() {
                    *snap = None;
                }
                self.allow_close = true
            }
        }
    }

    /// Saves to the document's file (or asks for one), then runs `then`.
    fn save(&mut self, then: Option<Pending>) {
        self.commit_drafts();
        let Some(doc) = self.doc.as_mut() else { return };
        let Some(path) = doc.path.clone() else {
            self.ask_path(PathPurpose::SaveAs {
                then: then.map(Box::new),
            });
            return;
        };
        match store::save(&path, &doc.case, doc.disk_hash) {
            Ok(hash) => {
                doc.mark_saved(path.clone(), hash);
                if self.use_locks
                    && self
                        .lock
                        .as_ref()
                        .is_none_or(|l| l.path() != store::lock_path(&path))
                    && let Ok(l) = store::CaseLock::acquire(&path, false)
                {
                    self.lock = Some(l);
                }
                self.remember(&path);
                self.flash(format!("Saved {}", path.display()));
                if let Some(then) = then {
                    self.run_pending(then);
                }
            }
            Err(SaveError::Conflict { .. }) => self.modal = Some(Modal::Conflict { then }),
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot save the case".to_owned(),
                    message: e.to_string(),
                })
            }
        }
    }

    fn save_to(&mut self, path: PathBuf, then: Option<Pending>) {
        let Some(doc) = self.doc.as_mut() else { return };
        match store::save(&path, &doc.case, None) {
            Ok(hash) => {
                doc.mark_saved(path.clone(), hash);
                self.remember(&path);
                self.flash(format!("Saved {}", path.display()));
                if let Some(then) = then {
                    self.run_pending(then);
                }
            }
            Err(e) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot save the case".to_owned(),
                    message: e.to_string(),
                })
            }
        }
    }

    /// Asks for a path: a native dialog on its own thread, or the path field.
    fn ask_path(&mut self, purpose: PathPurpose) {
        if !self.native_dialogs {
            let text = self.suggested_path(&purpose);
            self.modal = Some(Modal::PathEntry {
                purpose,
                text,
                note: String::new(),
            });
            return;
        }
        let (tx, rx) = channel();
        let directory = self
            .doc
            .as_ref()
            .and_then(|d| d.path.as_ref())
            .and_then(|p| p.parent())
            .map(Path::to_path_buf);
        let file_name = self.suggested_file_name();
        let saving = matches!(purpose, PathPurpose::SaveAs { .. });
        let spawned = std::thread::Builder::new()
            .name("file-dialog".to_owned())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new()
                    .add_filter("Casebook case", &["ron"])
                    .add_filter("All files", &["*"]);
                if let Some(dir) = directory {
                    dialog = dialog.set_directory(dir);
                }
                let picked = if saving {
                    dialog.set_file_name(file_name).save_file()
                } else {
                    dialog.pick_file()
                };
                let _ = tx.send(picked);
            });
        match spawned {
            Ok(_) => {
                self.dialog = Some(DialogJob {
                    purpose,
                    started: Instant::now(),
                    result: rx,
                })
            }
            Err(_) => {
                let text = self.suggested_path(&purpose);
                self.modal = Some(Modal::PathEntry {
                    purpose,
                    text,
                    note: "No file dialog could be started.".to_owned(),
                });
            }
        }
    }

    fn suggested_file_name(&self) -> String {
        let title = self
            .doc
            .as_ref()
            .map_or("case", |d| d.case.info.title.as_str());
        let slug: String = title
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let slug = slug
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        format!(
            "{}{}",
            if slug.is_empty() { "case" } else { &slug },
            store::EXTENSION
        )
    }

    fn suggested_path(&self, purpose: &PathPurpose) -> String {
        match purpose {
            PathPurpose::Open => String::new(),
            PathPurpose::SaveAs { .. } => {
                let dir = self
                    .doc
                    .as_ref()
                    .and_then(|d| d.path.as_ref())
                    .and_then(|p| p.parent())
                    .map(Path::to_path_buf)
                    .or_else(|| std::env::current_dir().ok())
                    .unwrap_or_default();
                dir.join(self.suggested_file_name()).display().to_string()
            }
        }
    }

    fn poll_dialog(&mut self) {
        let Some(job) = &self.dialog else { return };
        let Ok(picked) = job.result.try_recv() else {
            return;
        };
        let Some(job) = self.dialog.take() else {
            return;
        };
        match (picked, job.purpose) {
            (Some(path), PathPurpose::Open) => self.open_path(&path),
            (Some(path), PathPurpose::SaveAs { then }) => {
                self.save_to(with_extension(path), then.map(|t| *t))
            }
            (None, purpose) => {
                // A portal that is missing answers at once; a person takes longer to cancel.
                if job.started.elapsed() < Duration::from_millis(400) {
                    let text = self.suggested_path(&purpose);
                    self.modal = Some(Modal::PathEntry {
                        purpose,
                        text,
                        note: "No file dialog could be shown (is a desktop portal running?). Type the path instead:".to_owned(),
                    });
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Editing

    fn apply(&mut self, edit: Edit) {
        let Some(doc) = self.doc.as_mut() else { return };
        if let Err(e) = doc.apply(edit) {
            self.modal = Some(Modal::Error {
                title: "Cannot apply the change".to_owned(),
                message: e.to_string(),
            });
        }
    }

    /// Turns whatever is being typed into an edit (before saving, undoing, switching records).
    fn commit_drafts(&mut self) {
        let edits = self.draft_edits(chrono::Utc::now());
        self.draft = None;
        self.info_draft = None;
        self.prose_draft = None;
        for edit in edits {
            self.apply(edit);
        }
    }

    /// The edits that committing what is being typed would make (record, case details,
    /// postmortem prose: independent parts of the case, so their order does not matter).
    fn draft_edits(&self, now: chrono::DateTime<chrono::Utc>) -> Vec<Edit> {
        let Some(doc) = self.doc.as_ref() else {
            return Vec::new();
        };
        let mut edits = Vec::new();
        if let Some(draft) = &self.draft
            && let Some(edit) = Edit::update(&doc.case, stamp(draft.clone(), now))
        {
            edits.push(edit);
        }
        if let Some(info) = &self.info_draft
            && *info != doc.case.info
        {
            let mut after = info.clone();
            after.updated = now;
            edits.push(Edit::SetInfo {
                before: doc.case.info.clone(),
                after,
            });
        }
        if let Some((impact, root, factors)) = &self.prose_draft {
            let mut after = doc.case.postmortem.clone();
            after.impact.clone_from(impact);
            after.root_cause.clone_from(root);
            after.contributing_factors = factors
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            if after != doc.case.postmortem {
                edits.push(Edit::SetPostmortem {
                    before: doc.case.postmortem.clone(),
                    after,
                });
            }
        }
        edits
    }

    fn select(&mut self, target: Option<RecordRef>) {
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

    fn go_to(&mut self, section: Section) {
        self.commit_drafts();
        self.section = section;
        self.selected = None;
    }

    fn current_kind(&self) -> Option<RecordKind> {
        match self.section {
            Section::Records(kind) => Some(kind),
            Section::Postmortem => Some(RecordKind::FollowUp),
            _ => None,
        }
    }

    fn add_record(&mut self) {
        let Some(kind) = self.current_kind() else {
            self.flash("Choose a section (Accounts, Staff, Actions…) to add a record to");
            return;
        };
        self.commit_drafts();
        let Some(doc) = self.doc.as_ref() else { return };
        let record = new_record(kind, &doc.case, chrono::Utc::now());
        let reference = record.reference();
        let edit = Edit::add(&doc.case, record);
        self.apply(edit);
        self.selected = Some(reference);
    }

    fn duplicate_record(&mut self) {
        self.commit_drafts();
        let (Some(doc), Some(selected)) = (self.doc.as_ref(), self.selected.clone()) else {
            return;
        };
        let Some((_, mut record)) = find_record(&doc.case, &selected) else {
            return;
        };
        let now = chrono::Utc::now();
        *record.meta_mut() = Meta {
            created: now,
            updated: now,
            ..record.meta().clone()
        };
        match &mut record {
            Record::Account(r) => {
                (r.id, r.handle) = (
                    crate::model::AccountId::generate(),
                    format!("{} (copy)", r.handle),
                )
            }
            Record::Staff(r) => {
                (r.id, r.name) = (
                    crate::model::StaffId::generate(),
                    format!("{} (copy)", r.name),
                )
            }
            Record::Action(r) => {
                (r.id, r.summary) = (
                    crate::model::ActionId::generate(),
                    format!("{} (copy)", r.summary),
                )
            }
            Record::Statement(r) => r.id = crate::model::StatementId::generate(),
            Record::Source(r) => {
                (r.id, r.title) = (
                    crate::model::SourceId::generate(),
                    format!("{} (copy)", r.title),
                )
            }
            Record::FollowUp(r) => r.id = crate::model::FollowUpId::generate(),
        }
        let reference = record.reference();
        let edit = Edit::add(&doc.case, record);
        self.apply(edit);
        self.selected = Some(reference);
    }

    fn request_delete(&mut self) {
        self.commit_drafts();
        let (Some(doc), Some(target)) = (self.doc.as_ref(), self.selected.clone()) else {
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

    fn undo(&mut self) {
        self.commit_drafts();
        if let Some(label) = self.doc.as_mut().and_then(Document::undo) {
            self.flash(format!("Undid: {label}"));
        }
        self.drop_missing_selection();
    }

    fn redo(&mut self) {
        self.commit_drafts();
        if let Some(label) = self.doc.as_mut().and_then(Document::redo) {
            self.flash(format!("Redid: {label}"));
        }
        self.drop_missing_selection();
    }

    fn drop_missing_selection(&mut self) {
        if let (Some(doc), Some(sel)) = (self.doc.as_ref(), self.selected.as_ref())
            && find_record(&doc.case, sel).is_none()
        {
            self.selected = None;
        }
    }

    fn run_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command {
            UiCommand::NewCase => self.guard_unsaved(Pending::NewCase),
            UiCommand::Open => self.guard_unsaved(Pending::OpenDialog),
            UiCommand::OpenSample => self.guard_unsaved(Pending::OpenSample),
            UiCommand::Save => self.save(None),
            UiCommand::SaveAs => {
                self.commit_drafts();
                if self.doc.is_some() {
                    self.ask_path(PathPurpose::SaveAs { then: None });
                }
            }
            UiCommand::Export => {
                self.commit_drafts();
                if let Some(doc) = &self.doc {
                    self.export.open(&doc.case, doc.path.as_deref());
                }
            }
            UiCommand::CloseCase => self.guard_unsaved(Pending::CloseCase),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::Undo => self.undo(),
            UiCommand::Redo | UiCommand::RedoAlt => self.redo(),
            UiCommand::AddRecord => self.add_record(),
            UiCommand::DuplicateRecord => self.duplicate_record(),
            UiCommand::DeleteRecord => self.request_delete(),
            UiCommand::CopySummary | UiCommand::CopySummaryRedacted => {
                self.commit_drafts();
                if let Some(doc) = &self.doc {
                    let redacted = command == UiCommand::CopySummaryRedacted;
                    if redacted {
                        let redactor = crate::export::Redactor::for_case(&doc.case);
                        let case = crate::export::redact::redact_with(&doc.case, &redactor);
                        let text = crate::cli::show::show_case(&case, case.tz());
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
                        ctx.copy_text(crate::cli::show::show_case(&doc.case, doc.case.tz()));
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
                    self.tables
                        .entry(kind)
                        .or_insert_with(|| RecordTable::new(kind))
                        .focus_search = true;
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

    fn command_enabled(&self, command: UiCommand) -> bool {
        let has_doc = self.doc.is_some();
        match command {
            UiCommand::Save | UiCommand::SaveAs | UiCommand::Export | UiCommand::CloseCase => {
                has_doc
            }
            // Typing not committed yet counts: Undo commits it as an edit, then undoes it.
            UiCommand::Undo => {
                self.draft.is_some()
                    || self.info_draft.is_some()
                    || self.prose_draft.is_some()
                    || self.doc.as_ref().is_some_and(|d| d.undo_label().is_some())
            }
            UiCommand::Redo | UiCommand::RedoAlt => {
                self.doc.as_ref().is_some_and(|d| d.redo_label().is_some())
            }
            UiCommand::AddRecord | UiCommand::Find => has_doc && self.current_kind().is_some(),
            UiCommand::FindInCase | UiCommand::CopySummary | UiCommand::CopySummaryRedacted => {
                has_doc
            }
            UiCommand::DuplicateRecord | UiCommand::DeleteRecord => {
                has_doc && self.selected.as_ref().is_some_and(|s| s.kind().is_some())
            }
            _ => true,
        }
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
        if self.dialog.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }

        // Files dropped on the window open (through the unsaved-changes check).
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.guard_unsaved(Pending::OpenPath(path));
        }

        if self.modal.is_none()
            && let Some(command) = UiCommand::pressed(&ctx)
            && self.command_enabled(command)
        {
            self.run_command(&ctx, command);
        }

        // Closing the window with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            self.commit_drafts();
            if self.doc.as_ref().is_some_and(Document::is_dirty) {
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

        egui::Panel::top("menu-bar").show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_bar_ui(ui));
        if self.doc.is_some() {
            egui::Panel::left("navigator")
                .resizable(true)
                .default_size(220.0)
                .size_range(150.0..=400.0)
                .show(ui, |ui| self.navigator_ui(ui));
            // The full timeline view replaces the strip (one timeline on screen at a time).
            if self.prefs.show_timeline && self.section != Section::Timeline {
                egui::Panel::bottom("timeline-strip")
                    .resizable(true)
                    .default_size(230.0)
                    .size_range(120.0..=900.0)
                    .show(ui, |ui| self.timeline_strip_ui(ui));
            }
            egui::CentralPanel::default_margins().show(ui, |ui| self.central_ui(ui));
        } else {
            egui::CentralPanel::default_margins().show(ui, |ui| self.welcome_ui(ui));
        }
        self.modal_ui(&ctx);
        self.autosave_step(&ctx);
        if let Some(doc) = &self.doc {
            self.export
                .show(&ctx, &doc.case, doc.path.as_deref(), doc.generation());
        } else {
            self.export.open = false;
        }
    }

    fn apply_prefs(&mut self, ctx: &egui::Context) {
        if self.applied_prefs == Some((self.prefs.theme, self.prefs.zoom)) {
            return;
        }
        if self.applied_prefs.is_none() {
            if self.fonts_in_background {
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

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self
            .doc
            .as_ref()
            .map_or_else(|| "Casebook".to_owned(), Document::window_title);
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    fn menu_bar_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let mut clicked = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for c in [UiCommand::NewCase, UiCommand::Open, UiCommand::OpenSample] {
                    if c.menu_button(ui, self.command_enabled(c)) {
                        clicked = Some(c);
                    }
                }
                ui.menu_button("Open Recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label(RichText::new("No recent files").weak());
                    }
                    for path in self.prefs.recent.clone() {
                        if recent_entry(ui, &path, true) {
                            self.guard_unsaved(Pending::OpenPath(path));
                        }
                    }
                });
                ui.separator();
                for c in [UiCommand::Save, UiCommand::SaveAs, UiCommand::Export] {
                    if c.menu_button(ui, self.command_enabled(c)) {
                        clicked = Some(c);
                    }
                }
                ui.separator();
                for c in [UiCommand::CloseCase, UiCommand::Quit] {
                    if c.menu_button(ui, self.command_enabled(c)) {
                        clicked = Some(c);
                    }
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = self.doc.as_ref().and_then(Document::undo_label);
                let redo = self.doc.as_ref().and_then(Document::redo_label);
                let undo_text = undo.map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
                let redo_text = redo.map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
                for (c, text) in [(UiCommand::Undo, undo_text), (UiCommand::Redo, redo_text)] {
                    let mut button = egui::Button::new(text);
                    if let Some(s) = c.shortcut() {
                        button = button.shortcut_text(super::commands::shortcut_label(&ctx, &s));
                    }
                    if ui
                        .add_enabled(self.command_enabled(c), button)
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
                    ][..],
                    &[UiCommand::Find, UiCommand::FindInCase],
                    &[UiCommand::CopySummary, UiCommand::CopySummaryRedacted],
                ] {
                    ui.separator();
                    for &c in group {
                        if c.menu_button(ui, self.command_enabled(c)) {
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
                        (c, self.prefs.theme),
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
                ui.label(RichText::new(format!("Zoom {:.0} %", self.prefs.zoom * 100.0)).weak());
                ui.separator();
                // A check box for the state, and the shortcut beside it as on every other
                // menu item.
                let (text, tip) = UiCommand::ToggleTimeline.text_and_tooltip();
                let mut on = self.prefs.show_timeline;
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
            self.run_command(&ctx, c);
        }
    }

    fn status_bar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let Some(doc) = &self.doc else {
                ui.label(RichText::new("No case open").weak());
                return;
            };
            let path = doc
                .path
                .as_ref()
                .map_or_else(|| "Not saved yet".to_owned(), |p| p.display().to_string());
            // A long path loses its start ("…/folder/name.case.ron": the file name matters
            // most) so the save state and problems stay in the window; the tooltip has all of it.
            let room = (ui.available_width() - 420.0).max(120.0);
            let shown = elide_start(ui, &path, room);
            ui.scope(|ui| {
                ui.set_max_width(room);
                ui.add(egui::Label::new(RichText::new(shown).weak()).truncate())
                    .on_hover_text(format!("Where this case is saved: {path}"));
            });
            ui.separator();
            if doc.is_dirty() {
                ui.label(
                    RichText::new("● Unsaved changes")
                        .color(level_color(Level::Warning, ui.visuals().dark_mode)),
                );
            } else if doc.path.is_some() {
                ui.label("✔ Saved");
            } else {
                ui.label(RichText::new("No changes yet").weak());
            }
            ui.separator();
            let errors = doc
                .problems()
                .iter()
                .filter(|p| p.level == Level::Error)
                .count();
            let warnings = doc.problems().len() - errors;
            let dark = ui.visuals().dark_mode;
            let summary = if errors + warnings == 0 {
                RichText::new("✔ No problems")
            } else {
                RichText::new(format!(
                    "✖ {}  ⚠ {}",
                    crate::model::plural(errors, "error", "errors"),
                    crate::model::plural(warnings, "warning", "warnings")
                ))
                .color(level_color(
                    if errors > 0 {
                        Level::Error
                    } else {
                        Level::Warning
                    },
                    dark,
                ))
            };
            if ui
                .add(egui::Button::new(summary).frame(false))
                .on_hover_text("Show every validation problem")
                .clicked()
            {
                self.go_to(Section::Problems);
            }
            if let Some((message, at)) = &self.status
                && at.elapsed() < Duration::from_secs(6)
            {
                ui.separator();
                ui.add(egui::Label::new(RichText::new(message).weak()).truncate())
                    .on_hover_text(message);
            }
        });
    }

    fn navigator_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
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
                Section::Timeline => false,
            };
            let mut errors = 0;
            let mut warnings = 0;
            for p in doc.problems().iter().filter(|p| in_section(&p.record)) {
                match p.level {
                    Level::Error => errors += 1,
                    Level::Warning => warnings += 1,
                }
            }
            if let Section::Records(kind) = section {
                n = match kind {
                    RecordKind::Account => doc.case.accounts.len(),
                    RecordKind::Staff => doc.case.staff.len(),
                    RecordKind::Action => doc.case.actions.len(),
                    RecordKind::Statement => doc.case.statements.len(),
                    RecordKind::Source => doc.case.sources.len(),
                    RecordKind::FollowUp => doc.case.postmortem.follow_ups.len(),
                };
            } else if section == Section::Postmortem {
                n = doc.case.postmortem.follow_ups.len();
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
                let label = if matches!(section, Section::Records(_) | Section::Postmortem) {
                    format!("{name}  {n}")
                } else {
                    name.clone()
                };
                let r = ui.selectable_label(self.section == section, label);
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
                .selectable_label(self.section == Section::Timeline, "Timeline")
                .on_hover_text("The timeline, full size")
                .clicked()
            {
                go = Some(Section::Timeline);
            }
        });
        let total = doc.problems().len();
        let label = if total == 0 {
            "Problems: none".to_owned()
        } else {
            format!("Problems  {total}")
        };
        if ui
            .selectable_label(self.section == Section::Problems, label)
            .clicked()
        {
            go = Some(Section::Problems);
        }
        if let Some(section) = go {
            self.go_to(section);
        }
    }

    fn welcome_ui(&mut self, ui: &mut Ui) {
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
                    action = Some(Pending::NewCase);
                }
                if ui.add_sized(size, egui::Button::new(RichText::new("Open…").size(15.0))).on_hover_text(UiCommand::Open.text_and_tooltip().1).clicked() {
                    action = Some(Pending::OpenDialog);
                }
                if ui.add_sized(size, egui::Button::new(RichText::new("Open the sample case").size(15.0))).on_hover_text(UiCommand::OpenSample.text_and_tooltip().1).clicked() {
                    action = Some(Pending::OpenSample);
                }
            });
            ui.add_space(26.0);
            if !self.prefs.recent.is_empty() {
                ui.label(RichText::new("Recent cases").strong());
                ui.add_space(4.0);
                for path in self.prefs.recent.clone() {
                    if recent_entry(ui, &path, false) {
                        action = Some(Pending::OpenPath(path.clone()));
                    }
                }
            }
        });
        if let Some(a) = action {
            self.run_pending(a);
        }
    }

    fn central_ui(&mut self, ui: &mut Ui) {
        match self.section {
            Section::Overview => self.overview_ui(ui),
            Section::Records(kind) => self.records_ui(ui, kind),
            Section::Postmortem => self.postmortem_ui(ui),
            Section::Problems => self.problems_ui(ui),
            Section::Timeline => self.timeline_strip_ui(ui),
        }
    }

    fn overview_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        let case = &doc.case;
        let mut info = self.info_draft.clone().unwrap_or_else(|| case.info.clone());
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
                        ui.label(RichText::new(entry.when.display(tz)).weak());
                        if ui.link(&entry.text).clicked() {
                            jump = Some(entry.reference.clone());
                        }
                    });
                }
            });
        let (typing, discrete) = (form.typing, form.changed_discretely);
        self.finish_info_form(info, typing, discrete);
        if let Some(target) = jump {
            self.select(Some(target));
        }
    }

    fn finish_info_form(&mut self, info: crate::model::CaseInfo, typing: bool, discrete: bool) {
        let Some(doc) = &self.doc else { return };
        if info == doc.case.info {
            self.info_draft = None;
        } else if typing && !discrete {
            self.info_draft = Some(info);
        } else {
            self.info_draft = Some(info);
            self.commit_drafts();
        }
    }

    fn records_ui(&mut self, ui: &mut Ui, kind: RecordKind) {
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
                self.editor_ui(ui);
            });
        let Some(doc_now) = &self.doc else { return };
        let table = self
            .tables
            .entry(kind)
            .or_insert_with(|| RecordTable::new(kind));
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
                self.selected.as_ref(),
            );
        });
        if let Some(r) = clicked_row {
            self.select(Some(r));
        }
        if add {
            self.add_record();
        }
    }

    /// The editor for the selected record (right-hand side of a records section).
    fn editor_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        let Some(selected) = self.selected.clone() else {
            ui.add_space(30.0);
            ui.vertical_centered(|ui| {
                ui.label(RichText::new("Select a row to edit it, or add a new record.").weak());
            });
            return;
        };
        let Some((_, current)) = find_record(&doc.case, &selected) else {
            self.selected = None;
            return;
        };
        let mut draft = match &self.draft {
            Some(d) if d.reference() == selected => d.clone(),
            _ => current.clone(),
        };
        let problems: Vec<_> = doc
            .problems()
            .iter()
            .filter(|p| p.record == selected)
            .collect();
        let mut form = Form::new(problems, doc.case.tz());
        form.case_file = doc.path.as_deref();
        let case = &doc.case;
        let mut delete = false;
        let mut duplicate = false;
        let mut jump = None;
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
                match &mut draft {
                    Record::Account(r) => editors::account_ui(&mut form, ui, r, case),
                    Record::Staff(r) => editors::staff_ui(&mut form, ui, r, case),
                    Record::Action(r) => editors::action_ui(&mut form, ui, r, case),
                    Record::Statement(r) => editors::statement_ui(&mut form, ui, r, case),
                    Record::Source(r) => editors::source_ui(&mut form, ui, r, case),
                    Record::FollowUp(r) => editors::follow_up_ui(&mut form, ui, r, case),
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
        let commit = !form.typing || form.changed_discretely;
        if draft == current {
            self.draft = None;
        } else {
            self.draft = Some(draft);
            if commit {
                self.commit_drafts();
            }
        }
        if let Some(location) = open_request {
            self.open_location(location);
        }
        if duplicate {
            self.duplicate_record();
        }
        if delete {
            self.request_delete();
        }
        if let Some(j) = jump {
            self.select(Some(j));
        }
    }

    fn postmortem_ui(&mut self, ui: &mut Ui) {
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
                self.editor_ui(ui);
            });
        let Some(doc) = &self.doc else { return };
        let pm = &doc.case.postmortem;
        let (mut impact, mut root, mut factors) = self.prose_draft.clone().unwrap_or_else(|| {
            (
                pm.impact.clone(),
                pm.root_cause.clone(),
                pm.contributing_factors.join("\n"),
            )
        });
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
                    if let Some(doc) = &self.doc {
                        let table = self
                            .tables
                            .entry(RecordKind::FollowUp)
                            .or_insert_with(|| RecordTable::new(RecordKind::FollowUp));
                        clicked_row =
                            table.ui(ui, &doc.case, doc.generation(), self.selected.as_ref());
                    }
                });
        });
        let Some(doc) = &self.doc else { return };
        let pm = &doc.case.postmortem;
        let unchanged = impact == pm.impact
            && root == pm.root_cause
            && factors == pm.contributing_factors.join("\n");
        if unchanged {
            self.prose_draft = None;
        } else {
            self.prose_draft = Some((impact, root, factors));
            if !form.typing {
                self.commit_drafts();
            }
        }
        if let Some(r) = clicked_row {
            self.select(Some(r));
        }
        if add {
            self.add_record();
        }
    }

    fn problems_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        ui.heading("Problems");
        ui.label(
            RichText::new("Validation never blocks saving; click a problem to go to its record.")
                .weak(),
        );
        ui.separator();
        let dark = ui.visuals().dark_mode;
        let mut jump = None;
        if doc.problems().is_empty() {
            ui.label("✔ No problems found.");
        }
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                for p in doc.problems() {
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
                            jump = Some(p.record.clone());
                        }
                    });
                }
            });
        if let Some(r) = jump {
            match r {
                RecordRef::Case => self.go_to(Section::Overview),
                RecordRef::Postmortem => self.go_to(Section::Postmortem),
                other => self.select(Some(other)),
            }
        }
    }

    fn timeline_strip_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        let picked = self
            .timeline
            .ui(ui, &doc.case, doc.generation(), self.selected.as_ref());
        if let Some(r) = picked {
            self.select(Some(r));
        }
    }

    fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(modal) = self.modal.clone() else {
            return;
        };
        let mut close = false;
        let mut next: Option<AfterModal> = None;
        let response = egui::Modal::new(egui::Id::unique("casebook-modal")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match &modal {
                Modal::Unsaved { then } => {
                    ui.heading("Unsaved changes");
                    let title = self.doc.as_ref().map_or("", |d| d.case.info.title.as_str());
                    ui.label(format!("“{title}” has changes that are not saved. Save them first?"));
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            let then = then.clone();
                            next = Some(Box::new(move |app: &mut Self| app.save(Some(then))));
                            close = true;
                        }
                        if ui.button("Don't save").clicked() {
                            let then = then.clone();
                            next = Some(Box::new(move |app: &mut Self| app.run_pending(then)));
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::Conflict { then } => {
                    ui.heading("File changed on disk");
                    let path = self.doc.as_ref().and_then(|d| d.path.as_ref()).map(|p| p.display().to_string()).unwrap_or_default();
                    ui.label(format!("{path} was changed by someone or something else since you opened it. Saving now would overwrite those changes."));
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if ui.button("Overwrite").on_hover_text("Replace the file on disk with this version").clicked() {
                            let then = then.clone();
                            next = Some(Box::new(move |app: &mut Self| {
                                if let Some(path) = app.doc.as_ref().and_then(|d| d.path.clone()) {
                                    app.save_to(path, then);
                                }
                            }));
                            close = true;
                        }
                        if ui.button("Save as a copy…").on_hover_text("Keep both: save this version to another file").clicked() {
                            let then = then.clone();
                            next = Some(Box::new(move |app: &mut Self| app.ask_path(PathPurpose::SaveAs { then: then.map(Box::new) })));
                            close = true;
                        }
                        if ui.button("Reload").on_hover_text("Discard your changes and load the file from disk").clicked() {
                            next = Some(Box::new(|app: &mut Self| {
                                if let Some(path) = app.doc.as_ref().and_then(|d| d.path.clone()) {
                                    app.open_path(&path);
                                }
                            }));
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::Error { title, message } => {
                    ui.heading(title);
                    ui.add(egui::Label::new(RichText::new(message).monospace()).wrap());
                    ui.add_space(10.0);
                    if ui.button("OK").clicked() {
                        close = true;
                    }
                }
                Modal::DeleteReferenced { target, referrers } => {
                    ui.heading("Delete referenced record");
                    let name = self.doc.as_ref().map(|d| describe(&d.case, target)).unwrap_or_default();
                    ui.label(format!("{name} is referred to by:"));
                    for r in referrers {
                        ui.label(format!("  • {r}"));
                    }
                    ui.label("Deleting it removes these references too (you can undo this).");
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if ui.button("Delete and unlink").clicked() {
                            let target = target.clone();
                            next = Some(Box::new(move |app: &mut Self| {
                                if let Some(edit) = app.doc.as_ref().and_then(|d| Edit::delete_unlinking(&d.case, &target)) {
                                    app.apply(edit);
                                    app.selected = None;
                                }
                            }));
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::Recover { found } => {
                    ui.heading("Restore unsaved changes?");
                    let from = found.original.as_ref().map_or_else(
                        || "a case that was never saved".to_owned(),
                        |p| p.display().to_string(),
                    );
                    let when = found.saved.map_or_else(String::new, |t| {
                        format!(", written {}", t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S"))
                    });
                    ui.label(format!(
                        "Casebook ended without saving. Unsaved changes to “{}” ({from}{when}) were kept.",
                        found.title
                    ));
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            let found = found.clone();
                            next = Some(Box::new(move |app: &mut CasebookApp| app.restore(&found)));
                            close = true;
                        }
                        if ui.button("Discard").clicked() {
                            let _ = std::fs::remove_file(&found.file);
                            close = true;
                        }
                    });
                }
                Modal::OpenElsewhere { path, holder } => {
                    ui.heading("This case is open elsewhere");
                    ui.label(format!(
                        "{} is open in Casebook on {holder}. If you edit it in two places, the second save will stop at the conflict prompt (nothing is overwritten silently), but you will have to merge by hand.",
                        path.display()
                    ));
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if ui.button("Open anyway").clicked() {
                            let path = path.clone();
                            next = Some(Box::new(move |app: &mut CasebookApp| {
                                app.open_path_locked(&path, true);
                            }));
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::PathEntry { purpose, text, note } => {
                    let opening = *purpose == PathPurpose::Open;
                    ui.heading(if opening { "Open a case file" } else { "Save the case as" });
                    if !note.is_empty() {
                        ui.label(note);
                    }
                    let mut value = text.clone();
                    let label = ui.label("File path").id;
                    let r = ui.add(egui::TextEdit::singleline(&mut value).desired_width(480.0)).labelled_by(label);
                    // (Before focus is asked back below, or Enter would never be seen.)
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if ui.memory(|m| m.focused().is_none()) {
                        r.request_focus();
                    }
                    if value != *text
                        && let Some(Modal::PathEntry { text, .. }) = self.modal.as_mut()
                    {
                        text.clone_from(&value);
                    }
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        let ok = ui.add_enabled(!value.trim().is_empty(), egui::Button::new(if opening { "Open" } else { "Save" })).clicked();
                        if (ok || enter) && !value.trim().is_empty() {
                            let path = PathBuf::from(value.trim());
                            let purpose = purpose.clone();
                            next = Some(Box::new(move |app: &mut Self| match purpose {
                                PathPurpose::Open => app.open_path(&path),
                                PathPurpose::SaveAs { then } => app.save_to(with_extension(path), then.map(|t| *t)),
                            }));
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::FindInCase { query } => {
                    ui.set_min_width(480.0);
                    ui.heading("Find in case");
                    let mut value = query.clone();
                    let label = ui.label("Find").id;
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut value)
                                .hint_text("a name, a word from a quote, a tag…")
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label);
                    // (Before focus is asked back below, or Enter would never be seen.)
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if ui.memory(|m| m.focused().is_none()) {
                        r.request_focus();
                    }
                    if value != *query
                        && let Some(Modal::FindInCase { query }) = self.modal.as_mut()
                    {
                        query.clone_from(&value);
                    }
                    const SHOWN: usize = 200;
                    // Searched again only when the text or the case changes, not every frame.
                    let key = self.doc.as_ref().map(|d| (d.generation(), value.clone()));
                    if self.find_cache.as_ref().map(|(k, _)| k) != key.as_ref() {
                        let hits = self.doc.as_ref().map_or_else(Vec::new, |d| {
                            crate::model::search::search(&d.case, &value, SHOWN + 1)
                        });
                        self.find_cache = key.map(|k| (k, hits));
                    }
                    let hits = self.find_cache.as_ref().map_or_else(Vec::new, |(_, h)| h.clone());
                    ui.add_space(6.0);
                    if value.trim().is_empty() {
                        ui.label(RichText::new("Searches every record's text, tags and notes, the case details and the postmortem.").weak());
                    } else if hits.is_empty() {
                        ui.label(RichText::new(format!("“{}” is nowhere in this case.", value.trim())).weak());
                    } else {
                        let count = if hits.len() > SHOWN {
                            format!("more than {SHOWN} places — showing the first {SHOWN}")
                        } else if hits.len() == 1 {
                            "1 place".to_owned()
                        } else {
                            format!("{} places", hits.len())
                        };
                        ui.label(RichText::new(count).weak());
                    }
                    let mut open = if enter { hits.first().map(|h| h.record.clone()) } else { None };
                    egui::ScrollArea::vertical().max_height(360.0).auto_shrink([false, true]).show(ui, |ui| {
                        let case = self.doc.as_ref().map(|d| &d.case);
                        for hit in hits.iter().take(SHOWN) {
                            let (glyph, color) = hit.record.kind().map_or(("▣", ui.visuals().text_color()), |k| (k.glyph(), kind_color(k)));
                            let place = case.map_or_else(String::new, |c| describe(c, &hit.record));
                            // Where (and which field) on the first line, the words around the
                            // match under it, dimmer.
                            let mut job = egui::text::LayoutJob::default();
                            let body = egui::TextStyle::Body.resolve(ui.style());
                            job.append(&format!("{place} · {}\n", hit.field), 0.0, egui::TextFormat::simple(body.clone(), ui.visuals().text_color()));
                            // The words found stand out in the excerpt.
                            let weak = egui::TextFormat::simple(body.clone(), ui.visuals().weak_text_color());
                            let strong = egui::TextFormat::simple(body, ui.visuals().strong_text_color());
                            match match_range(&hit.excerpt, &value) {
                                Some(r) => {
                                    job.append(&hit.excerpt[..r.start], 0.0, weak.clone());
                                    job.append(&hit.excerpt[r.clone()], 0.0, strong);
                                    job.append(&hit.excerpt[r.end..], 0.0, weak);
                                }
                                None => job.append(&hit.excerpt, 0.0, weak),
                            }
                            ui.horizontal(|ui| {
                                ui.label(RichText::new(glyph).color(color));
                                if ui.add(egui::Button::new(job).frame(false).wrap()).clicked() {
                                    open = Some(hit.record.clone());
                                }
                            });
                        }
                    });
                    if let Some(target) = open {
                        next = Some(Box::new(move |app: &mut Self| app.select(Some(target))));
                        close = true;
                    }
                    ui.add_space(8.0);
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
                Modal::Shortcuts => {
                    ui.heading("Keyboard shortcuts");
                    // Two columns, so the dialog fits a laptop screen.
                    ui.horizontal_top(|ui| {
                        ui.vertical(|ui| {
                            egui::Grid::new("shortcuts").striped(true).spacing([24.0, 6.0]).show(ui, |ui| {
                                for c in UiCommand::ALL {
                                    if let Some(s) = c.shortcut() {
                                        ui.label(c.text_and_tooltip().0);
                                        ui.label(RichText::new(super::commands::shortcut_label(ctx, &s)).monospace());
                                        ui.end_row();
                                    }
                                }
                            });
                        });
                        ui.add_space(16.0);
                        ui.vertical(|ui| {
                            ui.label(RichText::new("In a table, and on the timeline (pointer over it)").strong());
                            egui::Grid::new("navigation keys").striped(true).spacing([24.0, 6.0]).show(ui, |ui| {
                                for (what, keys) in [
                                    ("Select the next / previous row", "↓ / ↑"),
                                    ("Ten rows down / up", "Page Down / Page Up"),
                                    ("Next / previous item on the timeline", "→ / ←"),
                                    ("Zoom the timeline in / out", "+ / −, Ctrl+wheel"),
                                    ("Fit the whole case", "Home, double-click"),
                                    ("Pan", "drag, wheel"),
                                ] {
                                    ui.label(what);
                                    ui.label(RichText::new(keys).monospace());
                                    ui.end_row();
                                }
                            });
                        });
                    });
                    ui.add_space(10.0);
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
                Modal::About => {
                    ui.heading("Casebook");
                    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                    ui.label("Build, review and archive trust-and-safety incident cases. Offline; no server.");
                    ui.label("Licence: MIT OR Apache-2.0.");
                    let prefs = eframe::storage_dir("Casebook").map_or_else(|| "(unknown)".to_owned(), |p| p.display().to_string());
                    ui.label(format!("Preferences: {prefs}"));
                    ui.label(format!(
                        "Recovery files (unsaved changes after a crash): {}",
                        store::recovery::recovery_dir().display()
                    ));
                    ui.add_space(10.0);
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
            }
        });
        let escape = response.should_close()
            && !matches!(
                modal,
                Modal::Unsaved { .. } | Modal::Conflict { .. } | Modal::DeleteReferenced { .. }
            );
        if close || escape {
            self.modal = None;
        }
        if let Some(f) = next {
            f(self);
        }
    }
}

impl eframe::App for CasebookApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// DejaVu Sans (bundled) as a fallback after egui's own fonts: it has the record-kind glyphs and
/// the symbols used in badges (★ ✔ ✖ ⚠ ☺ ⚑ ❝ §), which egui's default fonts lack. Then, once
/// found, the system's CJK font, so Chinese, Japanese and Korean names and quotes are readable.
fn install_fonts(ctx: &egui::Context, cjk: Option<&FallbackFont>) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu-sans".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    let mut fallbacks = vec!["dejavu-sans".to_owned()];
    if let Some(cjk) = cjk {
        fonts.font_data.insert(
            cjk.family.clone(),
            std::sync::Arc::new(egui::FontData::from_blob(cjk.data.clone(), cjk.index)),
        );
        fallbacks.push(cjk.family.clone());
    }
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .extend(fallbacks.iter().cloned());
    }
    ctx.set_fonts(fonts);
}

/// Looks for the system's CJK font on a background thread (once per process) and repaints when
/// it is known.
fn look_for_cjk_font(ctx: &egui::Context) {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("cjk-font".to_owned())
            .spawn(move || {
                fonts::cjk_fallback();
                ctx.request_repaint();
            });
        if spawned.is_err() {
            // No thread: look now rather than never.
            fonts::cjk_fallback();
        }
    });
}

/// A small rounded count badge.
fn badge(ui: &mut Ui, count: usize, color: Color32, tooltip: &str) {
    let text = RichText::new(format!(" {count} "))
        .color(Color32::WHITE)
        .background_color(color)
        .small()
        .strong();
    // Screen readers (and tests) hear "2 errors in Actions", not just "2".
    ui.label(text)
        .accessible_name(tooltip)
        .on_hover_text(tooltip);
}

/// Where `query` (trimmed, any case) first occurs in `text`, as a byte range of `text`; `None`
/// when lower-casing would move byte positions (then nothing is highlighted).
fn match_range(text: &str, query: &str) -> Option<std::ops::Range<usize>> {
    let needle = query.trim().to_lowercase();
    let lower = text.to_lowercase();
    if needle.is_empty() || lower.len() != text.len() {
        return None;
    }
    let start = lower.find(&needle)?;
    let end = start + needle.len();
    (text.is_char_boundary(start) && text.is_char_boundary(end)).then_some(start..end)
}

/// `text` as it fits in `width` points of body text, its start replaced by "…" when it does not.
fn elide_start(ui: &Ui, text: &str, width: f32) -> String {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let fits = |t: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(t.to_owned(), font.clone(), Color32::WHITE)
                .size()
                .x
        }) <= width
    };
    if fits(text) {
        return text.to_owned();
    }
    // The fewest leading characters to drop, by bisection over character positions.
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let (mut lo, mut hi) = (0, starts.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if fits(&format!("…{}", &text[starts[mid]..])) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    starts
        .get(lo)
        .map_or_else(|| "…".to_owned(), |&i| format!("…{}", &text[i..]))
}

/// Adds `.case.ron` when a saved file name has no extension.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(store::EXTENSION);
        PathBuf::from(s)
    }
}

/// Stamps a record's `updated` time.
fn stamp(mut record: Record, now: chrono::DateTime<chrono::Utc>) -> Record {
    record.meta_mut().updated = now;
    record
}

/// A fresh record of `kind` with sensible defaults.
fn new_record(kind: RecordKind, case: &Case, now: chrono::DateTime<chrono::Utc>) -> Record {
    use crate::model::*;
    let tz = case.tz();
    let when = When::exact(now).truncated(tz);
    let when = When {
        precision: Precision::Minute,
        ..when
    }
    .truncated(tz);
    let meta = Meta::new(now);
    match kind {
        RecordKind::Account => Record::Account(Account {
            id: AccountId::generate(),
            platform: String::new(),
            handle: "@new-account".to_owned(),
            display_name: String::new(),
            profile_url: String::new(),
            audience: None,
            kind: AccountKind::Unknown,
            private: false,
            meta,
        }),
        RecordKind::Staff => Record::Staff(Staff {
            id: StaffId::generate(),
            name: "New staff member".to_owned(),
            pseudonym: format!("Staff {}", (b'A' + (case.staff.len() % 26) as u8) as char),
            protected: None,
            group: false,
            role: String::new(),
            team: String::new(),
            employment: Employment::Employee,
            access_level: String::new(),
            tenure_start: None,
            tenure_end: None,
            meta,
        }),
        RecordKind::Action => Record::Action(Action {
            id: ActionId::generate(),
            kind: ActionKind::Review,
            summary: "New action".to_owned(),
            targets: Vec::new(),
            performer: Actor::Unknown,
            start: when,
            end: None,
            duration: None,
            policy: String::new(),
            authorization: Authorization::Unknown,
            reverses: None,
            meta,
        }),
        RecordKind::Statement => Record::Statement(Statement {
            id: StatementId::generate(),
            speaker: Speaker::Organisation(String::new()),
            channel: Channel::PressStatement,
            quote: String::new(),
            verbatim: true,
            when,
            corrects: None,
            about: Vec::new(),
            meta,
        }),
        RecordKind::Source => Record::Source(Source {
            id: SourceId::generate(),
            title: "New source".to_owned(),
            publisher: String::new(),
            url: String::new(),
            published: None,
            accessed: Some(
                When {
                    precision: Precision::Day,
                    ..when
                }
                .truncated(tz),
            ),
            meta,
        }),
        RecordKind::FollowUp => Record::FollowUp(FollowUp {
            id: FollowUpId::generate(),
            description: "New follow-up".to_owned(),
            owner: String::new(),
            status: FollowUpStatus::Open,
            due: None,
            meta,
        }),
    }
}

/// One recent case: its file name, then its folder (several cases may share a name), disabled
/// and marked "(missing)" when the file is gone. True when clicked.
fn recent_entry(ui: &mut Ui, path: &Path, in_menu: bool) -> bool {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let exists = path.exists();
    let folder = path.parent().map(|p| {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        match home.as_deref().and_then(|h| p.strip_prefix(h).ok()) {
            Some(rest) if rest.as_os_str().is_empty() => "~".to_owned(),
            Some(rest) => format!("~/{}", rest.display()),
            None => p.display().to_string(),
        }
    });
    let detail = match (exists, folder) {
        (true, Some(f)) => f,
        (false, Some(f)) => format!("{f} (missing)"),
        (true, None) => String::new(),
        (false, None) => "(missing)".to_owned(),
    };
    let mut button = egui::Button::new(name).right_text(RichText::new(detail).weak());
    if !in_menu {
        button = button.frame(false);
    }
    ui.add_enabled(exists, button)
        .on_hover_text(path.display().to_string())
        .on_disabled_hover_text(format!("{} is no longer there", path.display()))
        .clicked()
}

#[cfg(test)]
mod tests {
    use super::match_range;

    #[test]
    fn the_words_found_are_located_in_the_excerpt_for_highlighting() {
        let text = "…later said a Rogue contractor was";
        let r = match_range(text, " rogue ").unwrap();
        assert_eq!(&text[r], "Rogue");
        assert_eq!(match_range("no match here", "rogue"), None);
        assert_eq!(match_range("anything", "   "), None);
        // Lower-casing "İ" changes its length: no highlight rather than a wrong one.
        assert_eq!(match_range("İstanbul rogue", "rogue"), None);
    }
}
