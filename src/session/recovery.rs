//! Autosave to a recovery file, and the panic hook that writes the unsaved case before the
//! process ends. The next start offers what either left (see `store::recovery`).

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::{Document, Drafts};
use crate::model::{Case, Edit};
use crate::store;

/// How often unsaved edits are written to the recovery file.
pub const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(5);

/// What the panic hook writes: the latest unsaved case, the edits still being typed, and where.
type Snapshot = (PathBuf, Case, Vec<Edit>, Option<PathBuf>);
static PANIC_SNAPSHOT: Mutex<Option<Snapshot>> = Mutex::new(None);

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
            let _ = store::recovery::write(file, &case, original.as_deref(), Utc::now());
            eprintln!("casebook: unsaved changes written to {}", file.display());
        }
        default(info);
    }));
}

/// Nothing unsaved: the panic hook has nothing to write.
pub(super) fn clear_snapshot() {
    if let Ok(mut snap) = PANIC_SNAPSHOT.try_lock() {
        *snap = None;
    }
}

/// What an autosave step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutosaveStep {
    /// Nothing unsaved, or nothing new since the last write.
    Idle,
    /// The recovery file was written.
    Wrote,
    /// Unsaved, but not due yet: call again after this long.
    WaitFor(Duration),
    /// Writing failed (said to the user; tried again next interval).
    Failed(String),
}

/// Autosave state: where, how often, and what was last written.
pub(super) struct Autosave {
    file: PathBuf,
    interval: Duration,
    /// The document generation and the text being typed last written (None: nothing written).
    written: Option<(u64, Drafts)>,
    /// The document generation whose case the panic snapshot holds.
    snapshot: Option<u64>,
    last: Instant,
}

impl Autosave {
    pub(super) fn new(file: PathBuf, interval: Duration) -> Self {
        Self {
            file,
            interval,
            written: None,
            snapshot: None,
            last: Instant::now(),
        }
    }

    /// Removes the recovery file if this session wrote one.
    pub(super) fn discard(&mut self) {
        if self.written.take().is_some() {
            let _ = std::fs::remove_file(&self.file);
        }
    }

    pub(super) fn step(
        &mut self,
        doc: Option<&Document>,
        drafts: &Drafts,
        typing: Vec<Edit>,
        focus_lost: bool,
        now: DateTime<Utc>,
    ) -> AutosaveStep {
        let Some(doc) = doc.filter(|d| d.is_dirty() || !typing.is_empty()) else {
            self.discard();
            clear_snapshot();
            self.snapshot = None;
            return AutosaveStep::Idle;
        };
        let key = (doc.generation(), drafts.clone());
        if self.written.as_ref() == Some(&key) {
            return AutosaveStep::Idle;
        }
        // Keep what the panic hook would write current (the case is cloned only when it
        // changed, the edits being typed on every keystroke).
        if let Ok(mut snap) = PANIC_SNAPSHOT.try_lock() {
            match snap.as_mut() {
                Some(current) if self.snapshot == Some(key.0) => current.2 = typing.clone(),
                _ => {
                    *snap = Some((
                        self.file.clone(),
                        doc.case.clone(),
                        typing.clone(),
                        doc.path.clone(),
                    ));
                    self.snapshot = Some(key.0);
                }
            }
        }
        if self.last.elapsed() < self.interval && !focus_lost {
            return AutosaveStep::WaitFor(self.interval.saturating_sub(self.last.elapsed()));
        }
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
        self.last = Instant::now();
        match store::recovery::write(&self.file, case, doc.path.as_deref(), now) {
            Ok(()) => {
                self.written = Some(key);
                AutosaveStep::Wrote
            }
            Err(e) => AutosaveStep::Failed(format!("Autosave failed: {e}")),
        }
    }
}
