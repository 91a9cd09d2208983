//! The desktop app (eframe/egui). Sits on top of everything; nothing depends on it.

mod app;
mod command;
mod commands;
mod dialogs;
mod editor_ui;
mod editors;
mod entry_ui;
mod evidence_state;
mod evidence_ui;
pub mod export_ui;
mod file_dialog;
mod fonts;
pub mod import_ui;
mod menu_bar_ui;
mod navigator_ui;
mod overview_ui;
mod problems_ui;
mod records_ui;
mod status_bar_ui;
mod table;
pub mod timeline_ui;
mod welcome_ui;
mod widgets;

use std::path::PathBuf;

pub use crate::session::Document;
pub use crate::session::{AUTOSAVE_INTERVAL, install_panic_hook};
pub use app::{AppSettings, CasebookApp, Prefs, SAMPLE_CASE, Section, Theme};
pub use commands::{UiCommand, shortcut_label};

/// Opens the desktop app, with `file` if given. Returns the process exit code.
///
/// With `CASEBOOK_STARTUP_PROBE=1` in the environment, the app prints how long it took from here
/// to the first frame on screen and closes (for measuring start-up; see the README).
pub fn run(file: Option<PathBuf>) -> anyhow::Result<i32> {
    let started = std::time::Instant::now();
    let probe = std::env::var_os("CASEBOOK_STARTUP_PROBE").is_some_and(|v| v == "1");
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
        Box::new(move |cc| {
            let app = CasebookApp::new(cc, file);
            Ok(if probe {
                Box::new(StartupProbe {
                    app,
                    started,
                    frames: 0,
                })
            } else {
                Box::new(app)
            })
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    Ok(0)
}

/// Wraps the app to time start-up: when the second frame begins, the first one is on screen.
struct StartupProbe {
    app: CasebookApp,
    started: std::time::Instant,
    frames: u32,
}

impl eframe::App for StartupProbe {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
        self.frames += 1;
        if self.frames == 1 {
            ui.ctx().request_repaint();
        } else if self.frames == 2 {
            eprintln!(
                "casebook: first frame on screen {:.0} ms after start",
                self.started.elapsed().as_secs_f64() * 1000.0
            );
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::App::save(&mut self.app, storage);
    }
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
