//! Asking for a file path: the desktop's file dialog on its own thread (the window never
//! blocks), or, without one (no portal, headless), the path field of the File path dialog.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::dialogs::PathPurpose;
use crate::store;

/// A native file dialog running on its own thread.
struct Job {
    purpose: PathPurpose,
    started: Instant,
    result: Receiver<Option<Vec<PathBuf>>>,
}

/// What a native file dialog came back with.
pub enum Picked {
    /// A path, for this purpose.
    Path(PathPurpose, PathBuf),
    /// Several paths (evidence files), for this purpose.
    Paths(PathPurpose, Vec<PathBuf>),
    /// The dialog closed at once: there is no desktop portal. Ask in the window instead.
    NoPortal(PathPurpose),
    /// The person cancelled.
    Cancelled,
}

/// The file dialog, if one is open.
#[derive(Default)]
pub struct FileDialog {
    job: Option<Job>,
}

impl FileDialog {
    /// Whether a dialog is open (the app keeps polling).
    pub fn is_open(&self) -> bool {
        self.job.is_some()
    }

    /// Starts the desktop's dialog in `directory`, suggesting `file_name` when saving. `false`
    /// when no thread could be started (ask in the window instead).
    pub fn start(
        &mut self,
        purpose: PathPurpose,
        directory: Option<PathBuf>,
        file_name: String,
    ) -> Result<(), PathPurpose> {
        let (tx, rx) = channel();
        let saving = matches!(purpose, PathPurpose::SaveAs { .. } | PathPurpose::Archive);
        let archive = matches!(purpose, PathPurpose::Archive);
        let evidence = matches!(purpose, PathPurpose::AddEvidence { .. });
        let spawned = std::thread::Builder::new()
            .name("file-dialog".to_owned())
            .spawn(move || {
                let mut dialog = if evidence {
                    rfd::FileDialog::new().set_title("Add evidence")
                } else if archive {
                    rfd::FileDialog::new()
                        .set_title("Archive")
                        .add_filter("Sealed archive", &["zip"])
                } else if saving {
                    rfd::FileDialog::new()
                        .add_filter("Casebook case", &["ron"])
                        .add_filter("All files", &["*"])
                } else {
                    // A sealed archive opens read-only.
                    rfd::FileDialog::new()
                        .add_filter("Casebook case or sealed archive", &["ron", "zip"])
                        .add_filter("All files", &["*"])
                };
                if let Some(dir) = directory {
                    dialog = dialog.set_directory(dir);
                }
                let picked = if saving {
                    dialog.set_file_name(file_name).save_file().map(|p| vec![p])
                } else if evidence {
                    dialog.pick_files()
                } else {
                    dialog.pick_file().map(|p| vec![p])
                };
                let _ = tx.send(picked);
            });
        match spawned {
            Ok(_) => {
                self.job = Some(Job {
                    purpose,
                    started: Instant::now(),
                    result: rx,
                });
                Ok(())
            }
            Err(_) => Err(purpose),
        }
    }

    /// What the dialog picked, once it has closed.
    pub fn poll(&mut self) -> Option<Picked> {
        let picked = self.job.as_ref()?.result.try_recv().ok()?;
        let job = self.job.take()?;
        Some(match picked {
            Some(paths) if matches!(job.purpose, PathPurpose::AddEvidence { .. }) => {
                Picked::Paths(job.purpose, paths)
            }
            Some(mut paths) if !paths.is_empty() => Picked::Path(job.purpose, paths.remove(0)),
            Some(_) => Picked::Cancelled,
            // A portal that is missing answers at once; a person takes longer to cancel.
            None if job.started.elapsed() < Duration::from_millis(400) => {
                Picked::NoPortal(job.purpose)
            }
            None => Picked::Cancelled,
        })
    }
}

/// A file name for a case titled `title`: "head-of-state-account-deactivated.case.ron".
pub fn suggested_file_name(title: &str) -> String {
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

/// Adds `.case.ron` when a saved file name has no extension.
pub fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(store::EXTENSION);
        PathBuf::from(s)
    }
}

/// The folder a case at `path` is in.
pub fn folder_of(path: Option<&Path>) -> Option<PathBuf> {
    path.and_then(Path::parent).map(Path::to_path_buf)
}
