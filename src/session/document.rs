//! The open case: its file, its undo history, whether it is saved, and its validation problems.
//!
//! No egui here: every change goes through [`Document::apply`] with a model [`Edit`], which is
//! what makes undo/redo, the dirty flag and validation refresh automatic.

use std::path::PathBuf;

use crate::model::{Case, Edit, EditError, Problem, validate};
use crate::store::ContentHash;

/// An open case and everything the app knows about it.
pub struct Document {
    pub case: Case,
    /// Where it is saved; `None` for a new or sample case not saved yet.
    pub path: Option<PathBuf>,
    /// Hash of the file as last loaded or saved (conflict detection).
    pub disk_hash: Option<ContentHash>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// Undo depth at the last save; `None` if the saved state is no longer reachable.
    saved_at: Option<usize>,
    problems: Vec<Problem>,
    /// Bumped on every change, so views can cache what they derive from the case.
    generation: u64,
    /// Why this case may not be changed or saved ("opened from archive t.zip"); `None` for a
    /// case that may.
    pub read_only: Option<String>,
    /// The evidence files (path, SHA-256) the case listed when it was last opened or saved: a
    /// save that no longer lists one logs it as removed in the custody log.
    saved_evidence: Vec<(String, String)>,
}

/// The evidence files a case lists, as (path, SHA-256).
fn evidence_of(case: &Case) -> Vec<(String, String)> {
    case.sources
        .iter()
        .filter_map(|s| s.evidence.as_ref())
        .map(|e| (e.file.clone(), e.sha256.clone()))
        .collect()
}

impl Document {
    /// A document for `case` as found at `path` (or unsaved when `path` is `None`).
    pub fn new(case: Case, path: Option<PathBuf>, disk_hash: Option<ContentHash>) -> Self {
        let problems = validate(&case);
        // A case just opened, created or copied from the sample has nothing to lose yet.
        let saved_at = Some(0);
        Self {
            case,
            path,
            disk_hash,
            undo: Vec::new(),
            redo: Vec::new(),
            saved_at,
            problems,
            generation: 0,
            read_only: None,
            saved_evidence: Vec::new(),
        }
        .with_saved_evidence()
    }

    fn with_saved_evidence(mut self) -> Self {
        self.saved_evidence = evidence_of(&self.case);
        self
    }

    /// Evidence files listed at the last open or save and no longer listed now (path, SHA-256).
    pub fn evidence_dropped(&self) -> Vec<(String, String)> {
        let now = evidence_of(&self.case);
        self.saved_evidence
            .iter()
            .filter(|e| !now.contains(e))
            .cloned()
            .collect()
    }

    /// A document restored from a recovery file: `case` holds edits not saved to `path` (whose
    /// current content has the hash `disk_hash`), so it starts dirty.
    pub fn recovered(case: Case, path: Option<PathBuf>, disk_hash: Option<ContentHash>) -> Self {
        let mut doc = Self::new(case, path, disk_hash);
        doc.saved_at = None;
        doc
    }

    /// Applies an edit as one undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        edit.apply(&mut self.case)?;
        if self.saved_at.is_some_and(|at| at > self.undo.len()) {
            // The saved state was in the redo stack, which this edit discards.
            self.saved_at = None;
        }
        self.undo.push(edit);
        self.redo.clear();
        self.revalidate();
        Ok(())
    }

    /// Undoes the last edit; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let edit = self.undo.pop()?;
        match edit.inverse().apply(&mut self.case) {
            Ok(()) => {
                let label = edit.label();
                self.redo.push(edit);
                self.revalidate();
                Some(label)
            }
            Err(_) => {
                // Cannot happen while every change goes through `apply`; keep the edit rather
                // than lose history.
                self.undo.push(edit);
                None
            }
        }
    }

    /// Redoes the last undone edit; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let edit = self.redo.pop()?;
        match edit.apply(&mut self.case) {
            Ok(()) => {
                let label = edit.label();
                self.undo.push(edit);
                self.revalidate();
                Some(label)
            }
            Err(_) => {
                self.redo.push(edit);
                None
            }
        }
    }

    /// What Undo would undo.
    pub fn undo_label(&self) -> Option<String> {
        self.undo.last().map(Edit::label)
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<String> {
        self.redo.last().map(Edit::label)
    }

    /// Whether there are changes not on disk.
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.undo.len())
    }

    /// Records that the current state is what is on disk at `path`.
    pub fn mark_saved(&mut self, path: PathBuf, hash: ContentHash) {
        self.path = Some(path);
        self.disk_hash = Some(hash);
        self.saved_at = Some(self.undo.len());
        self.saved_evidence = evidence_of(&self.case);
    }

    /// Validation problems of the current state.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    fn revalidate(&mut self) {
        self.problems = validate(&self.case);
        self.generation += 1;
    }

    /// Changes every time the case changes.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// A title for the window ("Case title — file.case.ron •").
    pub fn window_title(&self) -> String {
        let name = self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "unsaved".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let dirty = if self.is_dirty() { " •" } else { "" };
        match &self.read_only {
            Some(why) => format!("{} — read-only: {why} — Casebook", self.case.info.title),
            None => format!("{} — {name}{dirty} — Casebook", self.case.info.title),
        }
    }
}
