//! The desktop app (eframe/egui). Sits on top of everything; nothing depends on it.

mod app;
mod commands;
mod document;
mod editors;
pub mod export_ui;
mod table;
pub mod timeline_ui;
mod widgets;

use std::path::PathBuf;

pub use app::{
    AUTOSAVE_INTERVAL, CasebookApp, Prefs, SAMPLE_CASE, Section, Theme, install_panic_hook,
};
pub use commands::UiCommand;
pub use document::Document;

/// Opens the desktop app, with `file` if given. Returns the process exit code.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<i32> {
    install_panic_hook();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Casebook")
            .with_app_id("casebook")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Casebook",
        options,
        Box::new(move |cc| Ok(Box::new(CasebookApp::new(cc, file)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    Ok(0)
}
