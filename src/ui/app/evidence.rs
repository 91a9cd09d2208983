//! The app's side of evidence: File → Add evidence…, files dropped on the window or on a
//! record's editor, "Verify now" and the full view. Capturing and logging are done by
//! `crate::evidence`; the case changes through one edit (one undo step).

use std::path::PathBuf;

use super::super::dialogs::{Modal, PathPurpose, Pending};
use super::super::evidence_state::EvidenceCommand;
use super::CasebookApp;
use crate::evidence::{self, CaptureInfo, Captured, custody};
use crate::model::search::describe;
use crate::model::{Edit, Record, RecordRef, find_record};

/// Where a record's editor was last drawn, so a file dropped on it is cited by that record.
#[derive(Clone, Debug)]
pub struct DropTarget {
    pub rect: egui::Rect,
    pub record: RecordRef,
    pub frame: u64,
}

impl DropTarget {
    pub fn id() -> egui::Id {
        egui::Id::unique("casebook-evidence-drop-target")
    }

    /// Remembers that `record`'s editor fills `rect` this frame.
    pub fn remember(ctx: &egui::Context, rect: egui::Rect, record: RecordRef) {
        let frame = ctx.cumulative_frame_nr();
        ctx.data_mut(|d| {
            d.insert_temp(
                Self::id(),
                Self {
                    rect,
                    record,
                    frame,
                },
            )
        });
    }

    /// The record whose editor is under `pos`, if one was drawn last frame.
    fn at(ctx: &egui::Context, pos: Option<egui::Pos2>) -> Option<RecordRef> {
        let target: Self = ctx.data(|d| d.get_temp(Self::id()))?;
        let recent = target.frame + 1 >= ctx.cumulative_frame_nr();
        (recent && pos.is_some_and(|p| target.rect.contains(p))).then_some(target.record)
    }
}

impl CasebookApp {
    /// Caches thumbnails in `dir` (instead of the user's cache folder) and makes them on
    /// `workers` threads (tests and benchmarks).
    pub fn set_thumbnail_cache(&mut self, dir: PathBuf, workers: usize) {
        self.evidence.set_pictures(dir, workers);
    }

    /// Whether evidence files are being checked or pictures made in the background.
    pub fn evidence_busy(&self) -> bool {
        self.evidence.checking() || self.evidence.pictures_waiting() > 0
    }

    /// The state shown beside an evidence file ("ok", "changed", "checking…"), if the case
    /// lists it.
    pub fn evidence_state_word(&self, file: &str) -> Option<&'static str> {
        self.evidence
            .check(file)
            .map(super::super::evidence_state::Check::word)
    }

    /// Files dropped on the window: a case file opens; other files are added to the open case as
    /// evidence, cited by the record whose editor they were dropped on.
    pub(super) fn files_dropped(&mut self, ctx: &egui::Context) {
        let (dropped, pos): (Vec<PathBuf>, _) = ctx.input(|i| {
            (
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect(),
                i.pointer.latest_pos(),
            )
        });
        if dropped.is_empty() {
            return;
        }
        let is_case = |p: &PathBuf| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().to_lowercase().ends_with(".ron"))
        };
        if self.session.doc.is_none() || dropped.iter().all(is_case) {
            if let Some(path) = dropped.into_iter().next() {
                self.guard_unsaved(Pending::OpenPath(path));
            }
            return;
        }
        let to = DropTarget::at(ctx, pos);
        self.add_evidence_files(dropped, to);
    }

    /// While files are dragged over the window: what dropping them will do.
    pub(super) fn drop_overlay_ui(&self, ctx: &egui::Context) {
        let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
        let Some(doc) = self.session.doc.as_ref().filter(|_| hovering) else {
            return;
        };
        let pos = ctx.input(|i| i.pointer.latest_pos());
        let target = DropTarget::at(ctx, pos);
        let text = match (&doc.path, &target) {
            (None, _) => "Save the case first so its evidence folder has a place".to_owned(),
            (Some(_), Some(r)) => format!(
                "Drop to add as evidence cited by {}",
                describe(&doc.case, r)
            ),
            (Some(_), None) => {
                "Drop to add as evidence (drop on a record's editor to cite it there; a case \
                 file opens)"
                    .to_owned()
            }
        };
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("evidence-drop-overlay"),
        ));
        let screen = ctx.content_rect();
        painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(150));
        if target.is_some()
            && let Some(t) = ctx.data(|d| d.get_temp::<DropTarget>(DropTarget::id()))
        {
            painter.rect_stroke(
                t.rect,
                4.0,
                egui::Stroke::new(3.0, egui::Color32::from_rgb(0x4a, 0x9e, 0xff)),
                egui::StrokeKind::Inside,
            );
        }
        painter.text(
            screen.center(),
            egui::Align2::CENTER_CENTER,
            text,
            egui::FontId::proportional(22.0),
            egui::Color32::WHITE,
        );
    }

    /// Does what an evidence panel asked.
    pub(super) fn evidence_command(&mut self, ctx: &egui::Context, command: EvidenceCommand) {
        match command {
            EvidenceCommand::View(None) => self.evidence.viewer = None,
            EvidenceCommand::View(Some(source)) => {
                if let Some(doc) = &self.session.doc {
                    self.evidence.view(ctx, &doc.case, &source);
                }
            }
            EvidenceCommand::VerifyNow => {
                self.commit_drafts();
                if let Some(doc) = &self.session.doc {
                    self.evidence.verify_now(ctx, &doc.case);
                    self.flash("Checking every evidence file…");
                }
            }
            EvidenceCommand::Add { to } => self.ask_for_evidence(to),
        }
    }

    /// The record File → Add evidence… cites: the one being edited (not a source: a captured
    /// file is its own source).
    pub(super) fn evidence_target(&self) -> Option<RecordRef> {
        self.selected
            .clone()
            .filter(|r| r.kind().is_some() && !matches!(r, RecordRef::Source(_)))
    }

    /// Asks which files to add (the desktop's dialog, several at once, or the path field).
    pub(super) fn ask_for_evidence(&mut self, to: Option<RecordRef>) {
        self.commit_drafts();
        let Some(doc) = &self.session.doc else { return };
        if doc.path.is_none() {
            self.unsaved_for_evidence();
            return;
        }
        self.ask_path(PathPurpose::AddEvidence { to });
    }

    fn unsaved_for_evidence(&mut self) {
        self.modal = Some(Modal::Error {
            title: "Save the case first".to_owned(),
            message: "Save the case first so its evidence folder has a place: evidence files are \
                      copied into a folder beside the case file."
                .to_owned(),
        });
    }

    /// Copies `paths` into the case's evidence folder and adds them as sources (cited by `to`),
    /// as one undo step, and logs them in the custody log. All or nothing: if one file cannot
    /// be added, none is.
    pub(super) fn add_evidence_files(&mut self, paths: Vec<PathBuf>, to: Option<RecordRef>) {
        self.commit_drafts();
        let Some(doc) = &self.session.doc else { return };
        let Some(case_file) = doc.path.clone() else {
            self.unsaved_for_evidence();
            return;
        };
        let now = chrono::Utc::now();
        let info = CaptureInfo::default();
        let mut captured: Vec<Captured> = Vec::new();
        let mut failed = Vec::new();
        for path in &paths {
            match evidence::capture(&case_file, path, &info, now) {
                Ok(c) => captured.push(c),
                Err(e) => failed.push(e.to_string()),
            }
        }
        if !failed.is_empty() {
            captured.iter().for_each(evidence::discard);
            self.modal = Some(Modal::Error {
                title: "Cannot add the evidence".to_owned(),
                message: format!(
                    "{}\n\nNothing was added; the case is unchanged.",
                    failed.join("\n")
                ),
            });
            return;
        }
        let sources: Vec<_> = captured
            .iter()
            .map(|c| evidence::source_for(c, now))
            .collect();
        let mut edits: Vec<Edit> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| Edit::Insert {
                index: doc.case.sources.len() + i,
                record: Record::Source(s.clone()),
            })
            .collect();
        let citing = to
            .as_ref()
            .and_then(|r| find_record(&doc.case, r))
            .map(|(_, r)| r);
        if let Some(before) = citing.clone() {
            let mut after = before.clone();
            let meta = after.meta_mut();
            meta.sources.extend(sources.iter().map(|s| s.id.clone()));
            meta.updated = now;
            edits.push(Edit::Replace { before, after });
        }
        let names: Vec<&str> = captured
            .iter()
            .map(|c| c.evidence.original_name.as_str())
            .collect();
        let what = match names.as_slice() {
            [one] => format!("“{one}”"),
            _ => crate::model::plural(names.len(), "file", "files"),
        };
        let whom = citing
            .as_ref()
            .map(|r| format!(", cited by {}", describe(&doc.case, &r.reference())));
        let label = format!("Add evidence {what}");
        let before = doc.generation();
        self.apply(Edit::Batch { label, edits });
        if self.session.doc.as_ref().map(|d| d.generation()) == Some(before) {
            // Not applied (the dialog says why): the copies go.
            captured.iter().for_each(evidence::discard);
            return;
        }
        let entries: Vec<custody::NewEntry> = captured
            .iter()
            .map(|c| custody::NewEntry {
                event: custody::CustodyEvent::Added,
                by: c.evidence.added_by.clone(),
                file: c.evidence.file.clone(),
                sha256: c.evidence.sha256.clone(),
                note: format!("from {}", c.evidence.original_name),
            })
            .collect();
        for c in &captured {
            self.evidence.known_ok(&c.evidence);
        }
        let mut message = format!("Added {what} as evidence{}", whom.unwrap_or_default());
        if let Err(e) = custody::append(&case_file, &entries, now) {
            message = format!("{message}, but the custody log could not be written: {e}");
        }
        self.flash(message);
        // A file added on its own is shown, to be described.
        if citing.is_none()
            && let [source] = sources.as_slice()
        {
            self.select(Some(RecordRef::Source(source.id.clone())));
        }
    }
}
