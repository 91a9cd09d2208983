//! What panels may ask of the app, and what they may read.
//!
//! Panels never change the case, the session or the app's state: they read an [`AppView`] and
//! push [`AppCommand`]s, which `CasebookApp::show` applies once, in order, after every panel
//! has been drawn (as egui's `wrap_app` and rerun's viewer do).

use std::path::PathBuf;
use std::time::Instant;

use super::app::{Prefs, Section};
use super::commands::UiCommand;
use crate::model::{CaseInfo, Edit, Figure, Record, RecordRef};
use crate::session::{Document, Drafts};
use crate::store;

/// Something a panel asks for.
#[must_use]
#[derive(Clone, Debug)]
pub enum AppCommand {
    /// A menu item or shortcut (the same thing: see [`UiCommand`]).
    Run(UiCommand),
    /// Show a section; nothing selected.
    GoTo(Section),
    /// Select a record and show its section (or select nothing).
    Select(Option<RecordRef>),
    /// Open a case file, asking first about unsaved changes.
    OpenPath(PathBuf),
    /// What is being typed in the selected record (`None`: nothing differs from the case);
    /// `commit` turns it into an edit now (a field was left, a drop-down changed).
    DraftRecord {
        /// (Boxed: a record is large, and commands are pushed every frame.)
        record: Option<Box<Record>>,
        commit: bool,
    },
    /// What is being typed in the case's own fields.
    DraftInfo {
        info: Option<CaseInfo>,
        commit: bool,
    },
    /// What is being typed in the postmortem: its prose (impact, root cause, factors) and its
    /// impact figures (`None`: as in the case).
    DraftProse {
        prose: Option<(String, String, String)>,
        figures: Option<Vec<Figure>>,
        commit: bool,
    },
    /// Open a source's location (a click on "Open source").
    OpenLocation(store::Location),
    /// Apply an edit made whole by a panel (quick entry's rows), as one undo step.
    Apply(Box<Edit>),
    /// Evidence files: view, verify, add.
    Evidence(super::evidence_state::EvidenceCommand),
    /// Say something in the status bar.
    Flash(String),
}

/// What panels read: the open document and the app's state, read-only.
pub struct AppView<'a> {
    pub doc: Option<&'a Document>,
    pub section: Section,
    pub selected: Option<&'a RecordRef>,
    /// The record just added and the fields that needed something when it was, until it is
    /// left or saved: its editor shows what those fields need as a hint, not as errors.
    pub fresh: Option<&'a (RecordRef, Vec<&'static str>)>,
    /// The problems of the record being typed (the session's record draft), as typed.
    pub typed_problems: Option<&'a [crate::model::Problem]>,
    /// What is being typed and not yet an edit.
    pub drafts: &'a Drafts,
    pub prefs: &'a Prefs,
    /// The last status message and when it was said.
    pub status: Option<&'a (String, Instant)>,
    /// Whether a menu command can run now.
    pub enabled: &'a dyn Fn(UiCommand) -> bool,
    /// The evidence files' checks and thumbnails.
    pub evidence: &'a super::evidence_state::EvidenceState,
}
