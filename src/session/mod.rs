//! The open case as a session: the document (undo/redo, dirty, generation, problems), its file
//! (path, lock, hash of what is on disk), what is being typed and not yet an edit (drafts),
//! open / save / save as / restore returning results, and autosave with the panic snapshot.
//!
//! No egui: the app holds a [`Session`] and shows what its calls return; tests drive it
//! headless. Depends on `model` and `store` (and `evidence`, to open a sealed archive).
//!
//! A case opened from a sealed archive is read-only: it is unpacked, verified, into a private
//! folder, and every edit and save is refused with [`ChangeError::ReadOnly`] and
//! [`SaveFailure::ReadOnly`] saying why.

pub mod document;
mod recovery;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use document::Document;
pub use recovery::{AUTOSAVE_INTERVAL, AutosaveStep, install_panic_hook};

use crate::model::{Case, CaseInfo, Edit, EditError, Figure, Record};
use crate::store::{self, CaseLock, LoadError, SaveError};
use recovery::Autosave;

/// What is being typed and not yet committed as an edit (a field commits when it is left):
/// the selected record, the case details, the postmortem prose (impact, root cause, factors)
/// and its impact figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drafts {
    pub record: Option<Record>,
    pub info: Option<CaseInfo>,
    pub prose: Option<(String, String, String)>,
    pub figures: Option<Vec<Figure>>,
}

impl Drafts {
    pub fn is_empty(&self) -> bool {
        self.record.is_none()
            && self.info.is_none()
            && self.prose.is_none()
            && self.figures.is_none()
    }

    /// The edits that committing them to `case` would make, stamped `now` (record, case details
    /// and postmortem prose are independent parts of the case: their order does not matter).
    pub fn edits(&self, case: &Case, now: DateTime<Utc>) -> Vec<Edit> {
        let mut edits = Vec::new();
        if let Some(draft) = &self.record {
            let mut record = draft.clone();
            record.meta_mut().updated = now;
            if let Some(edit) = Edit::update(case, record) {
                edits.push(edit);
            }
        }
        if let Some(info) = &self.info
            && *info != case.info
        {
            let mut after = info.clone();
            after.updated = now;
            edits.push(Edit::SetInfo {
                before: case.info.clone(),
                after,
            });
        }
        if self.prose.is_some() || self.figures.is_some() {
            let mut after = case.postmortem.clone();
            if let Some(figures) = &self.figures {
                after.figures.clone_from(figures);
            }
            if let Some((impact, root, factors)) = &self.prose {
                after.impact.clone_from(impact);
                after.root_cause.clone_from(root);
                after.contributing_factors = factors
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            if after != case.postmortem {
                edits.push(Edit::SetPostmortem {
                    before: case.postmortem.clone(),
                    after,
                });
            }
        }
        edits
    }
}

/// Why a case did not open.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Another Casebook has it open (its lock file names who).
    #[error("{path} is open in another Casebook ({holder})")]
    Held { path: PathBuf, holder: String },
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A sealed archive that does not verify or cannot be unpacked.
    #[error(transparent)]
    Archive(#[from] crate::evidence::archive::ArchiveError),
}

/// Writes a "removed" custody entry for each evidence file the saved case no longer lists. The
/// file itself stays in the folder (Casebook never deletes evidence; `verify` lists it as removed
/// from the case). A log that cannot be written does not undo the save.
fn log_removed_evidence(case_file: &Path, dropped: &[(String, String)]) {
    if dropped.is_empty() {
        return;
    }
    let by = crate::evidence::current_user();
    let entries: Vec<_> = dropped
        .iter()
        .map(|(file, sha256)| crate::evidence::custody::NewEntry {
            event: crate::evidence::CustodyEvent::Removed,
            by: by.clone(),
            file: file.clone(),
            sha256: sha256.clone(),
            note: "no longer listed by the case (the file is kept)".to_owned(),
        })
        .collect();
    let _ = crate::evidence::custody::append(case_file, &entries, Utc::now());
}

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The case is read-only (opened from a sealed archive): nothing can change it.
    #[error(
        "This case is read-only ({0}), so it cannot be changed. To work on it, unpack the \
         archive and open the case file from there."
    )]
    ReadOnly(String),
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveFailure {
    /// The case has no file yet: ask for one and call [`Session::save_to`].
    #[error("the case has not been saved yet")]
    NoPath,
    /// The file changed on disk since it was opened: nothing was written.
    #[error("{0} changed on disk since it was opened")]
    Conflict(PathBuf),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(transparent)]
    Edit(#[from] EditError),
    /// Save As could not take the case's evidence along: nothing was written.
    #[error("Not saved: {0}")]
    Evidence(#[from] crate::evidence::EvidenceError),
    /// The case is read-only (opened from a sealed archive): it is never saved.
    #[error(
        "This case is read-only ({0}), so it is not saved. To work on it, unpack the archive \
         and open the case file from there."
    )]
    ReadOnly(String),
}

impl From<ChangeError> for SaveFailure {
    fn from(e: ChangeError) -> Self {
        match e {
            ChangeError::Edit(e) => Self::Edit(e),
            ChangeError::ReadOnly(why) => Self::ReadOnly(why),
        }
    }
}

/// How the session behaves; the desktop app uses the defaults, tests turn parts off.
#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// Take a lock file beside each opened case (others opening it are warned).
    pub use_locks: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self { use_locks: true }
    }
}

/// The open case, its file and what is being typed.
#[derive(Default)]
pub struct Session {
    /// The open case, if any.
    pub doc: Option<Document>,
    /// What is being typed in the open case.
    pub drafts: Drafts,
    lock: Option<CaseLock>,
    use_locks: bool,
    autosave: Option<Autosave>,
}

impl Session {
    pub fn new(settings: &SessionSettings) -> Self {
        Self {
            use_locks: settings.use_locks,
            ..Self::default()
        }
    }

    /// Whether locks are taken on opened files.
    pub fn uses_locks(&self) -> bool {
        self.use_locks
    }

    /// Makes `doc` the open document (what was being typed in the last one is dropped).
    fn set(&mut self, doc: Document, lock: Option<CaseLock>) {
        self.doc = Some(doc);
        self.drafts = Drafts::default();
        self.lock = lock;
    }

    /// Opens `path`, taking its lock; `take_over` opens it even if another Casebook has it.
    /// A folder where no lock can be written (read-only) opens without one.
    pub fn open(&mut self, path: &Path, take_over: bool) -> Result<(), OpenError> {
        let already_ours = self
            .lock
            .as_ref()
            .is_some_and(|l| l.path() == store::lock_path(path));
        let mut lock = None;
        if self.use_locks && !already_ours {
            match CaseLock::acquire(path, take_over) {
                Ok(l) => lock = Some(l),
                Err(store::LockError::Held(holder)) => {
                    return Err(OpenError::Held {
                        path: path.to_path_buf(),
                        holder: holder.describe(),
                    });
                }
                Err(store::LockError::Io { .. }) => {}
            }
        }
        let loaded = store::load(path)?;
        let lock = if already_ours { self.lock.take() } else { lock };
        self.set(
            Document::new(loaded.case, Some(path.to_path_buf()), Some(loaded.hash)),
            lock,
        );
        Ok(())
    }

    /// Opens the case in the sealed archive `zip` read-only: the archive is verified and
    /// unpacked (read-only files) into a new folder under `cache`, and the case opens from
    /// there with no lock (the copy is private). An archive that does not verify is refused.
    pub fn open_archive(&mut self, zip: &Path, cache: &Path) -> Result<(), OpenError> {
        use crate::evidence::archive;
        let name = zip
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%.f");
        let stem = zip
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dest = cache.join(format!(
            "{}-{stamp}-{}",
            crate::evidence::safe_name(&stem),
            std::process::id()
        ));
        forget_old_unpacked(cache);
        let case_file = archive::extract(zip, &dest)?;
        let loaded = store::load(&case_file)?;
        let mut doc = Document::new(loaded.case, Some(case_file), Some(loaded.hash));
        doc.read_only = Some(format!("opened from archive {name}"));
        self.set(doc, None);
        Ok(())
    }

    /// Why the open case may not be changed, if it may not.
    pub fn read_only(&self) -> Option<&str> {
        self.doc.as_ref().and_then(|d| d.read_only.as_deref())
    }

    /// Opens `text` (the built-in sample) as an unsaved case.
    pub fn open_text(&mut self, text: &str, name: &Path) -> Result<(), LoadError> {
        let case = store::parse(text, name)?;
        self.set(Document::new(case, None, None), None);
        Ok(())
    }

    /// Starts a new, empty, unsaved case.
    pub fn new_case(&mut self, case: Case) {
        self.set(Document::new(case, None, None), None);
    }

    /// Closes the case (and gives up its lock).
    pub fn close(&mut self) {
        self.doc = None;
        self.drafts = Drafts::default();
        self.lock = None;
    }

    /// Applies an edit as one undo step (refused when the case is read-only).
    pub fn apply(&mut self, edit: Edit) -> Result<(), ChangeError> {
        if let Some(why) = self.read_only() {
            return Err(ChangeError::ReadOnly(why.to_owned()));
        }
        match self.doc.as_mut() {
            Some(doc) => Ok(doc.apply(edit)?),
            None => Ok(()),
        }
    }

    /// The edits committing what is being typed would make, stamped `now`.
    pub fn draft_edits(&self, now: DateTime<Utc>) -> Vec<Edit> {
        self.doc
            .as_ref()
            .map_or_else(Vec::new, |doc| self.drafts.edits(&doc.case, now))
    }

    /// Turns whatever is being typed into edits (before saving, undoing, switching records). In
    /// a read-only case what was typed is dropped, and said to be refused once.
    pub fn commit_drafts(&mut self) -> Result<(), ChangeError> {
        let edits = self.draft_edits(Utc::now());
        self.drafts = Drafts::default();
        for edit in edits {
            self.apply(edit)?;
        }
        Ok(())
    }

    /// Saves to the document's file. Refuses to overwrite a file changed on disk since it was
    /// loaded ([`SaveFailure::Conflict`]); a case never saved asks for a path
    /// ([`SaveFailure::NoPath`]). Returns where it saved.
    pub fn save(&mut self) -> Result<PathBuf, SaveFailure> {
        if let Some(why) = self.read_only().map(str::to_owned) {
            self.drafts = Drafts::default();
            return Err(SaveFailure::ReadOnly(why));
        }
        self.commit_drafts()?;
        let Some(doc) = self.doc.as_mut() else {
            return Err(SaveFailure::NoPath);
        };
        let Some(path) = doc.path.clone() else {
            return Err(SaveFailure::NoPath);
        };
        match store::save(&path, &doc.case, doc.disk_hash) {
            Ok(hash) => {
                log_removed_evidence(&path, &doc.evidence_dropped());
                doc.mark_saved(path.clone(), hash);
                self.take_lock(&path);
                Ok(path)
            }
            Err(SaveError::Conflict { .. }) => Err(SaveFailure::Conflict(path)),
            Err(e) => Err(e.into()),
        }
    }

    /// Saves to `path` whatever is there (Save As, or Overwrite after a conflict).
    pub fn save_to(&mut self, path: &Path) -> Result<PathBuf, SaveFailure> {
        if let Some(why) = self.read_only().map(str::to_owned) {
            self.drafts = Drafts::default();
            return Err(SaveFailure::ReadOnly(why));
        }
        self.commit_drafts()?;
        let Some(doc) = self.doc.as_mut() else {
            return Err(SaveFailure::NoPath);
        };
        // Under a new name the evidence comes along (copied into the new NAME.evidence/), so the
        // saved case never points at another case's folder. The paths are rewritten on a copy
        // of the case; the document changes only once the save went through.
        let mut case = doc.case.clone();
        let mut moved = 0;
        if let Some(old) = doc.path.clone() {
            moved = crate::evidence::relocate(&mut case, &old, path, Utc::now())?;
        }
        let hash = store::save(path, &case, None)?;
        if moved == 0 && doc.path.as_deref() == Some(path) {
            log_removed_evidence(path, &doc.evidence_dropped());
        }
        doc.case = case;
        doc.mark_saved(path.to_path_buf(), hash);
        Ok(path.to_path_buf())
    }

    /// Takes the lock of `path` if the session does not hold it yet.
    fn take_lock(&mut self, path: &Path) {
        if self.use_locks
            && self
                .lock
                .as_ref()
                .is_none_or(|l| l.path() != store::lock_path(path))
            && let Ok(l) = CaseLock::acquire(path, false)
        {
            self.lock = Some(l);
        }
    }

    /// Restores the edits in a recovery file as an unsaved document.
    pub fn restore(&mut self, found: &store::recovery::Recovery) -> Result<(), LoadError> {
        let case = store::recovery::load(&found.file)?;
        let disk_hash = found
            .original
            .as_ref()
            .and_then(|p| store::read_limited(p).ok())
            .map(|b| store::ContentHash::of(&b));
        let lock = match &found.original {
            Some(original) if self.use_locks => CaseLock::acquire(original, true).ok(),
            _ => None,
        };
        self.set(
            Document::recovered(case, found.original.clone(), disk_hash),
            lock,
        );
        let _ = std::fs::remove_file(&found.file);
        Ok(())
    }

    /// Autosaves unsaved edits to a recovery file in `dir` every `interval` (and when the
    /// window loses focus). Returns what a Casebook that ended without saving left there.
    pub fn enable_autosave(
        &mut self,
        dir: &Path,
        interval: Duration,
    ) -> Option<store::recovery::Recovery> {
        self.autosave = Some(Autosave::new(store::recovery::recovery_file(dir), interval));
        store::recovery::orphans(dir).into_iter().next()
    }

    /// Writes the recovery file when due, with what is being typed; removes it once nothing is
    /// unsaved. `focus_lost`: the window just lost focus (write now).
    pub fn autosave_step(&mut self, focus_lost: bool) -> AutosaveStep {
        let Some(auto) = self.autosave.as_mut() else {
            return AutosaveStep::Idle;
        };
        let now = Utc::now();
        let typing = match &self.doc {
            Some(doc) => self.drafts.edits(&doc.case, now),
            None => Vec::new(),
        };
        auto.step(self.doc.as_ref(), &self.drafts, typing, focus_lost, now)
    }

    /// Gives up the unsaved edits on purpose ("Don't save" on quit): the recovery file goes.
    pub fn discard_recovery(&mut self) {
        if let Some(auto) = self.autosave.as_mut() {
            auto.discard();
        }
        recovery::clear_snapshot();
    }
}

/// Removes archives unpacked under `cache` more than a week ago (each opening unpacks a fresh
/// copy; nothing else ever removes them). Best effort.
fn forget_old_unpacked(cache: &Path) {
    const WEEK: Duration = Duration::from_secs(7 * 24 * 3600);
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > WEEK);
        if old && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn sample_text() -> &'static str {
        include_str!("../../assets/examples/twitter-2017-deactivation.case.ron")
    }

    fn saved_sample(dir: &Path) -> PathBuf {
        let path = dir.join("case.case.ron");
        std::fs::write(&path, sample_text()).unwrap();
        path
    }

    fn retitled(session: &Session, title: &str) -> Edit {
        let case = &session.doc.as_ref().unwrap().case;
        let mut after = case.info.clone();
        after.title = title.to_owned();
        Edit::SetInfo {
            before: case.info.clone(),
            after,
        }
    }

    #[test]
    fn typing_becomes_an_edit_when_committed_and_saving_commits_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = saved_sample(dir.path());
        let mut s = Session::new(&SessionSettings { use_locks: false });
        s.open(&path, false).unwrap();
        let mut info = s.doc.as_ref().unwrap().case.info.clone();
        info.title = "Typed, not yet left".to_owned();
        s.drafts.info = Some(info);
        assert!(
            !s.doc.as_ref().unwrap().is_dirty(),
            "typing is not an edit yet"
        );
        assert_eq!(s.draft_edits(Utc::now()).len(), 1);
        assert_eq!(s.save().unwrap(), path);
        assert!(s.drafts.is_empty());
        let back = store::load(&path).unwrap().case;
        assert_eq!(back.info.title, "Typed, not yet left");
    }

    #[test]
    fn a_file_changed_on_disk_is_never_overwritten_by_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = saved_sample(dir.path());
        let mut s = Session::new(&SessionSettings { use_locks: false });
        s.open(&path, false).unwrap();
        let edit = retitled(&s, "Mine");
        s.apply(edit).unwrap();
        std::fs::write(&path, sample_text().replace("Head-of-state", "Theirs:")).unwrap();
        assert!(matches!(s.save(), Err(SaveFailure::Conflict(p)) if p == path));
        assert!(std::fs::read_to_string(&path).unwrap().contains("Theirs:"));
        // Overwrite is a decision: save_to writes.
        s.save_to(&path).unwrap();
        assert_eq!(store::load(&path).unwrap().case.info.title, "Mine");
        assert!(!s.doc.as_ref().unwrap().is_dirty());
    }

    #[test]
    fn a_case_never_saved_asks_for_a_path() {
        let mut s = Session::new(&SessionSettings::default());
        s.open_text(sample_text(), Path::new("sample.case.ron"))
            .unwrap();
        assert!(matches!(s.save(), Err(SaveFailure::NoPath)));
    }

    #[test]
    fn a_second_session_is_told_who_holds_the_case() {
        let dir = tempfile::tempdir().unwrap();
        let path = saved_sample(dir.path());
        let mut first = Session::new(&SessionSettings::default());
        first.open(&path, false).unwrap();
        let mut second = Session::new(&SessionSettings::default());
        // The lock names this process, which is alive: the second open is refused…
        assert!(matches!(
            second.open(&path, false),
            Err(OpenError::Held { .. })
        ));
        // …unless taken over on purpose.
        second.open(&path, true).unwrap();
        first.close();
    }

    #[test]
    fn autosave_writes_unsaved_typing_and_removes_the_file_once_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = saved_sample(dir.path());
        let recovery_dir = dir.path().join("recovery");
        let mut s = Session::new(&SessionSettings { use_locks: false });
        assert!(
            s.enable_autosave(&recovery_dir, Duration::ZERO).is_none(),
            "nothing to recover yet"
        );
        s.open(&path, false).unwrap();
        assert_eq!(
            s.autosave_step(false),
            AutosaveStep::Idle,
            "nothing unsaved"
        );
        let mut info = s.doc.as_ref().unwrap().case.info.clone();
        info.title = "Typed before a crash".to_owned();
        s.drafts.info = Some(info);
        assert_eq!(s.autosave_step(false), AutosaveStep::Wrote);
        let found = store::recovery::orphans(&recovery_dir);
        assert_eq!(found.len(), 0, "our own recovery file is not an orphan");
        let file = store::recovery::recovery_file(&recovery_dir);
        let case = store::recovery::load(&file).unwrap();
        assert_eq!(case.info.title, "Typed before a crash");
        s.save().unwrap();
        assert_eq!(s.autosave_step(false), AutosaveStep::Idle);
        assert!(!file.exists(), "saved: the recovery file goes");
    }
}
