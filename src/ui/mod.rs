//! The desktop app (eframe/egui). Sits on top of everything; nothing depends on it.

use std::path::PathBuf;

/// Opens the desktop app, with `file` if given.
///
/// The window itself lands with the GUI issue; until then this says so and exits cleanly.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<i32> {
    match file {
        Some(f) => eprintln!(
            "casebook: the desktop app is not built yet. Meanwhile: `casebook show {0}` or `casebook validate {0}`.",
            f.display()
        ),
        None => eprintln!(
            "casebook: the desktop app is not built yet. See `casebook --help` for the command line."
        ),
    }
    Ok(0)
}
