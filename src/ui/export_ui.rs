//! File → Export…: format and options, a live preview of exactly what will be written
//! (redacted when redaction is on), and the export itself on a worker thread with progress and
//! Cancel, so the window never freezes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use egui::{RichText, Ui};

use crate::export::{self, ExportOptions, Format, Paper, Progress};
use crate::model::Case;

/// What the preview shows.
enum PreviewContent {
    /// A rendered page (or the timeline image): pixels plus how many pages there are.
    Image {
        size: [usize; 2],
        rgb: Vec<u8>,
        pages: usize,
        /// The page's words, for screen readers (the image's description).
        words: String,
    },
    /// The start of a text export (CSV, RON).
    Text(String),
    Error(String),
}

struct PreviewJob {
    key: PreviewKey,
    rx: Receiver<(PreviewContent, Option<export::RedactionSummary>)>,
}

/// Everything the preview depends on.
#[derive(Clone, Debug, PartialEq)]
struct PreviewKey {
    generation: u64,
    format: Format,
    paper: Paper,
    landscape: bool,
    redact: bool,
    utc: bool,
    page: usize,
    key_events_only: bool,
    width: u32,
}

/// A running export.
struct ExportJob {
    progress: Arc<Progress>,
    rx: Receiver<Result<Vec<PathBuf>, String>>,
}

/// The export dialog's state.
pub struct ExportDialog {
    pub open: bool,
    format: Format,
    paper: Paper,
    landscape: bool,
    dpi: u32,
    redact: bool,
    utc: bool,
    key_events_only: bool,
    timeline_width: u32,
    timeline_scale: f32,
    out: String,
    /// The path was typed by the user (keep it when the format changes).
    out_edited: bool,
    page: usize,
    preview: Option<(PreviewKey, PreviewContent)>,
    texture: Option<(PreviewKey, egui::TextureHandle)>,
    preview_job: Option<PreviewJob>,
    /// What the redaction replaces (when redaction is on), from the latest preview.
    redaction: Option<export::RedactionSummary>,
    job: Option<ExportJob>,
    result: Option<Result<String, String>>,
    /// The desktop's file dialog may be used (the app's setting; off in tests and headless).
    pub native_dialogs: bool,
    /// A Browse… dialog running on its own thread: what it picked.
    browse: Option<std::sync::mpsc::Receiver<Option<PathBuf>>>,
    /// Where the case is saved: its evidence files are read from beside it (pictures in the
    /// report, hashes checked) and the export goes to its custody log.
    case_path: Option<PathBuf>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Pdf,
            paper: Paper::A4,
            landscape: false,
            dpi: 300,
            redact: false,
            utc: false,
            key_events_only: false,
            timeline_width: 1600,
            timeline_scale: 2.0,
            out: String::new(),
            out_edited: false,
            page: 0,
            preview: None,
            texture: None,
            preview_job: None,
            redaction: None,
            job: None,
            result: None,
            native_dialogs: false,
            browse: None,
            case_path: None,
        }
    }
}

impl ExportDialog {
    /// A closed dialog; `native_dialogs`: Browse… may use the desktop's file dialog.
    pub fn new(native_dialogs: bool) -> Self {
        Self {
            native_dialogs,
            ..Self::default()
        }
    }

    /// Starts the desktop's dialog for where to save (a folder for PNG pages), on its own
    /// thread so the window never blocks; `poll_browse` takes its answer.
    fn start_browse(&mut self) {
        let (tx, rx) = std::sync::mpsc::channel();
        let current = PathBuf::from(self.out.trim());
        let folder = current.parent().map(Path::to_path_buf);
        let name = current
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pages = self.format == Format::Png;
        let extension = self.format.extension();
        let spawned = std::thread::Builder::new()
            .name("export-browse".to_owned())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new();
                if pages {
                    if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
                        dialog = dialog.set_directory(dir);
                    }
                    let _ = tx.send(dialog.pick_folder());
                    return;
                }
                if let Some(dir) = folder.filter(|d| d.is_dir()) {
                    dialog = dialog.set_directory(dir);
                }
                let picked = dialog
                    .add_filter(extension.to_uppercase(), &[extension])
                    .set_file_name(name)
                    .save_file();
                let _ = tx.send(picked);
            });
        if spawned.is_ok() {
            self.browse = Some(rx);
        }
    }

    /// The Browse… dialog's answer, once it has closed.
    fn poll_browse(&mut self) {
        let Some(rx) = &self.browse else { return };
        match rx.try_recv() {
            Ok(picked) => {
                self.browse = None;
                if let Some(path) = picked {
                    self.out = path.display().to_string();
                    self.out_edited = true;
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.browse = None,
        }
    }

    /// Opens the dialog for a case saved at `case_path` (if saved).
    pub fn open(&mut self, case: &Case, case_path: Option<&Path>) {
        self.open = true;
        self.result = None;
        self.page = 0;
        if !self.out_edited {
            self.out = self.default_out(case, case_path);
        }
    }

    /// Whether an export is running (the app keeps repainting).
    pub fn busy(&self) -> bool {
        self.job.is_some() || self.preview_job.is_some()
    }

    fn options(&self) -> ExportOptions {
        ExportOptions {
            format: self.format,
            paper: self.paper,
            landscape: self.landscape,
            dpi: self.dpi,
            redact: self.redact,
            zone: self.utc.then_some(chrono_tz::Tz::UTC),
            key_events_only: self.key_events_only,
            timeline_width: f64::from(self.timeline_width),
            timeline_scale: f64::from(self.timeline_scale),
            exported_at: chrono::Utc::now(),
            case_file: self.case_path.clone(),
            ..ExportOptions::default()
        }
    }

    fn default_out(&self, case: &Case, case_path: Option<&Path>) -> String {
        let dir = case_path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let name = case_path
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| case.info.title.clone());
        let opts = ExportOptions {
            redact: self.redact,
            ..ExportOptions::default()
        };
        let mut stem = export::safe_stem(case, &name, &opts);
        if self.redact {
            stem.push_str("-redacted");
        }
        let file = match self.format {
            Format::Png => format!("{stem}-pages"),
            Format::TimelinePng | Format::TimelineSvg => {
                format!("{stem}-timeline.{}", self.format.extension())
            }
            f => format!("{stem}.{}", f.extension()),
        };
        dir.join(file).display().to_string()
    }

    /// Draws the dialog; `generation` changes whenever the case does.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        case: &Case,
        case_path: Option<&Path>,
        generation: u64,
    ) {
        if !self.open {
            return;
        }
        self.case_path = case_path.map(Path::to_path_buf);
        self.poll();
        self.poll_browse();
        if self.browse.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let before = (self.format, self.redact);
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("casebook-export")).show(ctx, |ui| {
            ui.set_width(880.0_f32.min(ctx.content_rect().width() - 40.0));
            ui.heading("Export");
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(300.0);
                    self.options_ui(ui);
                });
                ui.add_space(16.0);
                ui.vertical(|ui| {
                    self.preview_ui(ui, ctx, case, generation);
                });
            });
            ui.separator();
            close = self.actions_ui(ui, case, case_path);
        });
        if (self.format, self.redact) != before && !self.out_edited {
            self.out = self.default_out(case, case_path);
            self.page = 0;
        }
        if self.job.is_none() && (close || modal.should_close()) {
            self.open = false;
        }
        if self.busy() {
            ctx.request_repaint_after(Duration::from_millis(50));
        }
    }

    fn options_ui(&mut self, ui: &mut Ui) {
        let enabled = self.job.is_none();
        ui.add_enabled_ui(enabled, |ui| {
            let label = ui.label("Format");
            egui::ComboBox::from_id_salt("export-format")
                .selected_text(self.format.label())
                .width(280.0)
                .show_ui(ui, |ui| {
                    for f in Format::ALL {
                        ui.selectable_value(&mut self.format, f, f.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.add_space(6.0);
            if self.format.is_paged() {
                ui.label("Paper");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.paper, Paper::A4, "A4");
                    ui.radio_value(&mut self.paper, Paper::Letter, "US Letter");
                });
                ui.checkbox(&mut self.landscape, "Landscape");
            }
            if self.format == Format::Png {
                let label = ui.label("Resolution");
                egui::ComboBox::from_id_salt("export-dpi")
                    .selected_text(format!("{} dpi", self.dpi))
                    .show_ui(ui, |ui| {
                        for d in export::DPI_CHOICES {
                            ui.selectable_value(&mut self.dpi, d, format!("{d} dpi"));
                        }
                    })
                    .response
                    .labelled_by(label.id);
            }
            if matches!(self.format, Format::TimelinePng | Format::TimelineSvg) {
                let label = ui.label("Width (points)");
                ui.add(egui::Slider::new(&mut self.timeline_width, 800..=6000).step_by(100.0))
                    .labelled_by(label.id);
                if self.format == Format::TimelinePng {
                    let label = ui.label("Pixels per point");
                    ui.add(egui::Slider::new(&mut self.timeline_scale, 1.0..=4.0).step_by(0.5))
                        .labelled_by(label.id);
                }
                ui.checkbox(&mut self.key_events_only, "Key events only");
            }
            if self.format != Format::Ron {
                ui.checkbox(&mut self.utc, "Times in UTC (instead of the case's zone)");
            }
            ui.add_space(8.0);
            ui.checkbox(&mut self.redact, "Redact for sharing outside")
                .on_hover_text(
                    "Protected staff are named by pseudonym, protected accounts are masked, the case's also-redact terms are replaced and internal notes are left out — everywhere in the file. The export is then searched for every protected name and refused if one is left.",
                );
            if self.redact {
                ui.label(
                    RichText::new(
                        "Protected staff → pseudonyms; protected accounts masked; also-redact terms replaced; internal notes left out. Replacements are red and underlined in the preview.",
                    )
                    .small()
                    .weak(),
                );
                self.redaction_ui(ui);
            }
        });
    }

    /// What the redaction replaces, per protected person, account and term.
    fn redaction_ui(&self, ui: &mut Ui) {
        let Some(summary) = &self.redaction else {
            return;
        };
        ui.add_space(4.0);
        ui.label(RichText::new(format!(
            "Redaction: {}",
            crate::model::plural(summary.total(), "replacement", "replacements")
        )));
        if summary.entries.is_empty() {
            ui.label(
                RichText::new(
                    "Nobody in this case is marked protected: only internal notes are left out.",
                )
                .small()
                .color(ui.visuals().warn_fg_color),
            );
        }
        egui::ScrollArea::vertical()
            .id_salt("redaction-summary")
            .max_height(160.0)
            .show(ui, |ui| {
                for line in summary.lines() {
                    ui.label(RichText::new(format!("• {line}")).small());
                }
            });
    }

    fn preview_key(&self, generation: u64) -> PreviewKey {
        PreviewKey {
            generation,
            format: self.format,
            paper: self.paper,
            landscape: self.landscape,
            redact: self.redact,
            utc: self.utc,
            page: if self.format.is_paged() { self.page } else { 0 },
            key_events_only: self.key_events_only,
            width: if self.format.is_timeline() {
                self.timeline_width
            } else {
                0
            },
        }
    }

    fn preview_ui(&mut self, ui: &mut Ui, ctx: &egui::Context, case: &Case, generation: u64) {
        let key = self.preview_key(generation);
        let current = self.preview.as_ref().is_some_and(|(k, _)| *k == key);
        let pending = self.preview_job.as_ref().is_some_and(|j| j.key == key);
        if !current && !pending {
            self.start_preview(case, key.clone());
        }
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(if self.redact {
                    "Preview (redacted)"
                } else {
                    "Preview"
                })
                .strong(),
            );
            if self.preview_job.is_some() {
                ui.spinner();
            }
        });
        let avail = egui::vec2(
            540.0,
            (ctx.content_rect().height() - 260.0).clamp(200.0, 640.0),
        );
        match self.preview.as_ref().map(|(_, c)| c) {
            Some(PreviewContent::Image {
                size,
                rgb,
                pages,
                words,
            }) => {
                let pages = *pages;
                let description = if self.format.is_paged() {
                    format!(
                        "Export preview, page {} of {pages}: {}",
                        self.page.min(pages.saturating_sub(1)) + 1,
                        words
                    )
                } else {
                    format!("Export preview: {words}")
                };
                let stale = self
                    .texture
                    .as_ref()
                    .is_none_or(|(k, _)| self.preview.as_ref().is_some_and(|(pk, _)| pk != k));
                if stale && let Some((pk, _)) = &self.preview {
                    let image = egui::ColorImage::from_rgb(*size, rgb);
                    let options = egui::TextureOptions {
                        mipmap_mode: Some(egui::TextureFilter::Linear),
                        ..egui::TextureOptions::LINEAR
                    };
                    let tex = ctx.load_texture("export-preview", image, options);
                    self.texture = Some((pk.clone(), tex));
                }
                if let Some((_, tex)) = &self.texture {
                    let s = tex.size_vec2();
                    let scale = (avail.x / s.x).min(avail.y / s.y).min(1.0);
                    ui.add(
                        egui::Image::new((tex.id(), s * scale))
                            .bg_fill(egui::Color32::WHITE)
                            .alt_text(description),
                    );
                }
                if self.format.is_paged() && pages > 0 {
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(self.page > 0, egui::Button::new("◀ Previous page"))
                            .clicked()
                        {
                            self.page -= 1;
                        }
                        ui.label(format!("Page {} of {pages}", self.page.min(pages - 1) + 1));
                        if ui
                            .add_enabled(self.page + 1 < pages, egui::Button::new("Next page ▶"))
                            .clicked()
                        {
                            self.page += 1;
                        }
                    });
                }
            }
            Some(PreviewContent::Text(text)) => {
                let job = highlighted(ui, text);
                egui::ScrollArea::both()
                    .max_height(avail.y)
                    .max_width(avail.x)
                    .show(ui, |ui| {
                        ui.label(job);
                    });
            }
            Some(PreviewContent::Error(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {
                ui.allocate_space(egui::vec2(avail.x, 100.0));
            }
        }
    }

    fn start_preview(&mut self, case: &Case, key: PreviewKey) {
        let (tx, rx) = channel();
        let case = case.clone();
        let mut opts = self.options();
        // A fixed time keeps the preview from changing every second.
        opts.exported_at = chrono::Utc::now();
        opts.highlight_redactions = true;
        let page = key.page;
        let spawned = std::thread::Builder::new()
            .name("export-preview".to_owned())
            .spawn(move || {
                let content = match opts.format {
                    Format::Pdf | Format::Png => {
                        let pages = export::pages(&case, &opts);
                        let i = page.min(pages.len().saturating_sub(1));
                        match pages.get(i).map(|svg| (svg, export::render::rgb(svg, 1.5))) {
                            Some((svg, Ok((w, h, rgb)))) => PreviewContent::Image {
                                size: [w as usize, h as usize],
                                rgb,
                                pages: pages.len(),
                                words: export::svg::plain_text(svg),
                            },
                            Some((_, Err(e))) => PreviewContent::Error(e.to_string()),
                            None => PreviewContent::Error("No pages.".to_owned()),
                        }
                    }
                    Format::TimelinePng | Format::TimelineSvg => {
                        let svg = export::timeline_svg(&case, &opts);
                        let scale = (1100.0 / opts.timeline_width).min(1.0);
                        match export::render::rgb(&svg, scale) {
                            Ok((w, h, rgb)) => PreviewContent::Image {
                                size: [w as usize, h as usize],
                                rgb,
                                pages: 1,
                                words: export::svg::plain_text(&svg),
                            },
                            Err(e) => PreviewContent::Error(e.to_string()),
                        }
                    }
                    Format::Csv => {
                        PreviewContent::Text(first_lines(&export::csv_text(&case, &opts)))
                    }
                    Format::Ron => match export::ron_text(&case, &opts) {
                        Ok(t) => PreviewContent::Text(first_lines(&t)),
                        Err(e) => PreviewContent::Error(e.to_string()),
                    },
                };
                let summary = opts
                    .redact
                    .then(|| export::redact::redact_summarised(&case).1);
                let _ = tx.send((content, summary));
            });
        if spawned.is_ok() {
            self.preview_job = Some(PreviewJob { key, rx });
        }
    }

    fn poll(&mut self) {
        if let Some(job) = &self.preview_job
            && let Ok((content, summary)) = job.rx.try_recv()
            && let Some(job) = self.preview_job.take()
        {
            self.preview = Some((job.key, content));
            self.redaction = summary;
        }
        if let Some(job) = &self.job
            && let Ok(result) = job.rx.try_recv()
        {
            self.job = None;
            self.result = Some(result.map(|files| match files.as_slice() {
                [one] => format!("Exported to {}", one.display()),
                many => format!(
                    "Exported {} pages to {}",
                    many.len(),
                    many.first()
                        .and_then(|p| p.parent())
                        .map_or_else(String::new, |p| p.display().to_string())
                ),
            }));
        }
    }

    /// The path field, Export / Cancel / Close, progress and the result. True: close.
    fn actions_ui(&mut self, ui: &mut Ui, case: &Case, case_path: Option<&Path>) -> bool {
        let mut close = false;
        ui.horizontal(|ui| {
            let label = ui.label(if self.format == Format::Png {
                "Save pages in folder"
            } else {
                "Save to"
            });
            let edit = ui.add_enabled(
                self.job.is_none(),
                egui::TextEdit::singleline(&mut self.out).desired_width(640.0),
            );
            let edit = edit.labelled_by(label.id);
            if edit.changed() {
                self.out_edited = true;
            }
            let browse = ui
                .add_enabled(
                    self.job.is_none() && self.browse.is_none() && self.native_dialogs,
                    egui::Button::new("Browse…"),
                )
                .on_hover_text("Choose where to save with the desktop's file dialog")
                .on_disabled_hover_text("Type the path: no file dialog here");
            if browse.clicked() {
                self.start_browse();
            }
        });
        if let Some(job) = &self.job {
            let (done, total) = job.progress.get();
            ui.horizontal(|ui| {
                let fraction = if total > 0 {
                    done as f32 / total as f32
                } else {
                    0.0
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(400.0)
                        .text(format!("Exporting… {done} of {total}")),
                );
                if ui.button("Cancel export").clicked() {
                    job.progress.cancel();
                }
            });
        }
        match &self.result {
            Some(Ok(msg)) => {
                ui.label(
                    RichText::new(format!("✔ {msg}"))
                        .color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)),
                );
            }
            Some(Err(msg)) => {
                ui.colored_label(ui.visuals().error_fg_color, msg);
            }
            None => {}
        }
        ui.horizontal(|ui| {
            let can = self.job.is_none() && !self.out.trim().is_empty();
            if ui.add_enabled(can, egui::Button::new("Export")).clicked() {
                self.start_export(case, case_path);
            }
            if ui
                .add_enabled(self.job.is_none(), egui::Button::new("Close"))
                .clicked()
            {
                close = true;
            }
        });
        close
    }

    fn start_export(&mut self, case: &Case, case_path: Option<&Path>) {
        let (tx, rx) = channel();
        let progress = Arc::new(Progress::new());
        let case = case.clone();
        let opts = self.options();
        let out = PathBuf::from(self.out.trim());
        let name = case_path
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| case.info.title.clone());
        let p = Arc::clone(&progress);
        self.result = None;
        let spawned = std::thread::Builder::new()
            .name("export".to_owned())
            .spawn(move || {
                let result =
                    export::export(&case, &name, &opts, &out, &p).map_err(|e| e.to_string());
                let _ = tx.send(result);
            });
        match spawned {
            Ok(_) => self.job = Some(ExportJob { progress, rx }),
            Err(e) => self.result = Some(Err(format!("Could not start the export: {e}"))),
        }
    }

    /// Blocks until the running export (if any) ends — for tests.
    pub fn wait(&mut self) {
        for _ in 0..600 {
            self.poll();
            if self.job.is_none() && self.preview_job.is_none() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn first_lines(text: &str) -> String {
    let mut out: String = text.lines().take(80).collect::<Vec<_>>().join("\n");
    if text.lines().nth(80).is_some() {
        out.push_str("\n…");
    }
    out
}

/// A text preview with what redaction replaced highlighted (the marks are not shown).
fn highlighted(ui: &Ui, text: &str) -> egui::text::LayoutJob {
    use crate::export::svg::{MARK_END, MARK_START};
    let mut job = egui::text::LayoutJob::default();
    let font = egui::TextStyle::Small.resolve(ui.style());
    let font = egui::FontId::monospace(font.size);
    let plain = egui::TextFormat {
        font_id: font.clone(),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let marked = egui::TextFormat {
        font_id: font,
        color: egui::Color32::from_rgb(0xc6, 0x28, 0x28),
        underline: egui::Stroke::new(1.0, egui::Color32::from_rgb(0xc6, 0x28, 0x28)),
        ..Default::default()
    };
    let mut inside = false;
    for piece in text.split_inclusive([MARK_START, MARK_END]) {
        let (body, mark) = match piece.chars().last() {
            Some(c) if c == MARK_START || c == MARK_END => {
                (&piece[..piece.len() - c.len_utf8()], Some(c))
            }
            _ => (piece, None),
        };
        if !body.is_empty() {
            job.append(
                body,
                0.0,
                if inside {
                    marked.clone()
                } else {
                    plain.clone()
                },
            );
        }
        match mark {
            Some(MARK_START) => inside = true,
            Some(_) => inside = false,
            None => {}
        }
    }
    job
}
