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
            .with_drag_and_drop(true)
            .with_icon(window_icon()),
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

/// The application icon (`dist/icons/casebook-256.png`, the same as the desktop entry's).
fn window_icon() -> egui::IconData {
    static ICON: &[u8] = include_bytes!("../../dist/icons/casebook-256.png");
    let decoded = (|| {
        let mut reader = png::Decoder::new(std::io::Cursor::new(ICON))
            .read_info()
            .ok()?;
        let mut buf = vec![0; reader.output_buffer_size()?];
        let info = reader.next_frame(&mut buf).ok()?;
        buf.truncate(info.buffer_size());
        (info.color_type == png::ColorType::Rgba).then_some(egui::IconData {
            rgba: buf,
            width: info.width,
            height: info.height,
        })
    })();
    decoded.unwrap_or_default()
}
