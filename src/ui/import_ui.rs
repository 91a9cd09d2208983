//! File → Import…: choose a format and files, preview what they add (new accounts, staff,
//! outside people, actions, statements) with every problem by file and line, then import it all
//! as one undo step. The reading is `crate::import`'s, the same as `casebook import`.

use std::path::PathBuf;

use egui::{RichText, ScrollArea};

use crate::import::csv::Field;
use crate::import::{self, Format, Input, Options, Plan};
use crate::model::{Case, Edit, Level};

/// The most rows of the preview listed (the summary counts them all).
const LISTED: usize = 200;
/// The most spreadsheet layouts whose column choices are remembered between runs.
const REMEMBERED: usize = 20;

/// The columns chosen for a spreadsheet with these headings, kept between runs (in the app's
/// preferences, never in a case): the next export from the same tool maps itself.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CsvMapping {
    pub headings: Vec<String>,
    /// (field name, heading).
    pub columns: Vec<(String, String)>,
}

/// The Import dialog's state.
pub struct ImportDialog {
    pub open: bool,
    format: Format,
    /// The files, one a line.
    files: String,
    /// CSV: `what=Description, when=Time`.
    mapping: String,
    /// CSV: the first file's headings, and the heading chosen for each field (the column-mapping
    /// step; kept while the headings stay the same).
    headings: Vec<String>,
    columns: Vec<(Field, Option<String>)>,
    /// Zone of times that name none (empty: the case's).
    zone: String,
    /// The plan for the files as they were read, and the case generation it was made against.
    preview: Option<(Plan, u64)>,
    /// Why the files could not be read at all.
    error: Option<String>,
    native_dialogs: bool,
    browse: Option<std::sync::mpsc::Receiver<Option<Vec<PathBuf>>>>,
    /// Column choices of spreadsheets imported before, newest first (the app keeps them in its
    /// preferences).
    pub remembered: Vec<CsvMapping>,
}

impl ImportDialog {
    /// A closed dialog; `native_dialogs`: Browse… may use the desktop's file dialog.
    pub fn new(native_dialogs: bool) -> Self {
        Self {
            open: false,
            format: Format::Ozone,
            files: String::new(),
            mapping: String::new(),
            headings: Vec::new(),
            columns: Vec::new(),
            zone: String::new(),
            preview: None,
            error: None,
            native_dialogs,
            browse: None,
            remembered: Vec::new(),
        }
    }

    /// Remembers the columns chosen for the current headings (newest first, at most
    /// [`REMEMBERED`] layouts).
    fn remember_columns(&mut self) {
        if self.headings.is_empty() {
            return;
        }
        let columns: Vec<(String, String)> = self
            .columns
            .iter()
            .filter_map(|(f, c)| Some((f.name().to_owned(), c.clone()?)))
            .collect();
        self.remembered.retain(|m| m.headings != self.headings);
        self.remembered.insert(
            0,
            CsvMapping {
                headings: self.headings.clone(),
                columns,
            },
        );
        self.remembered.truncate(REMEMBERED);
    }

    /// Opens the dialog.
    pub fn open(&mut self) {
        self.open = true;
        self.preview = None;
        self.error = None;
    }

    fn start_browse(&mut self) {
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("import-browse".to_owned())
            .spawn(move || {
                let _ = tx.send(
                    rfd::FileDialog::new()
                        .set_title("Import")
                        .add_filter("JSON, JSONL or CSV", &["json", "jsonl", "csv"])
                        .add_filter("All files", &["*"])
                        .pick_files(),
                );
            });
        if spawned.is_ok() {
            self.browse = Some(rx);
        }
    }

    fn poll_browse(&mut self) {
        let Some(rx) = &self.browse else { return };
        match rx.try_recv() {
            Ok(picked) => {
                self.browse = None;
                if let Some(paths) = picked.filter(|p| !p.is_empty()) {
                    self.files = paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join("\n");
                    self.preview = None;
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.browse = None,
        }
    }

    /// Reads the files into a plan against `case`.
    fn read(&mut self, case: &Case, generation: u64) {
        self.error = None;
        self.preview = None;
        let mut inputs = Vec::new();
        for line in self.files.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match std::fs::read(line) {
                Ok(bytes) => {
                    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
                    match String::from_utf8(bytes.to_vec()) {
                        Ok(text) => inputs.push(Input {
                            name: line.to_owned(),
                            text,
                        }),
                        Err(_) => {
                            self.error = Some(format!("{line}: not UTF-8 text"));
                            return;
                        }
                    }
                }
                Err(e) => {
                    self.error = Some(format!("{line}: cannot read: {e}"));
                    return;
                }
            }
        }
        if inputs.is_empty() {
            self.error = Some("Name a file to import.".to_owned());
            return;
        }
        let zone = match self.zone.trim() {
            "" => None,
            z => match crate::model::time::parse_zone(z) {
                Ok(tz) => Some(tz),
                Err(e) => {
                    self.error = Some(format!("Zone: {e}"));
                    return;
                }
            },
        };
        if self.format == Format::Csv {
            self.learn_headings(&inputs[0].text);
        }
        // The columns chosen in the mapping step, then any typed as FIELD=COLUMN.
        let mut mapping: Vec<(Field, String)> = self
            .columns
            .iter()
            .filter_map(|(f, c)| Some((*f, c.clone()?)))
            .collect();
        for part in self.mapping.split([',', '\n']).map(str::trim) {
            if part.is_empty() {
                continue;
            }
            let field = part
                .split_once('=')
                .and_then(|(f, c)| Some((import::csv::Field::from_name(f)?, c.trim().to_owned())));
            match field {
                Some(m) => mapping.push(m),
                None => {
                    self.error = Some(format!(
                        "Columns: {part:?} is not FIELD=COLUMN (fields: {})",
                        Field::ALL.map(Field::name).join(", ")
                    ));
                    return;
                }
            }
        }
        let options = Options {
            zone,
            mapping,
            platform: None,
        };
        let plan = import::plan(case, self.format, &inputs, &options, chrono::Utc::now());
        self.preview = Some((plan, generation));
    }

    /// A spreadsheet's headings: new ones start the mapping step from the headings that name a
    /// field themselves; the same ones keep what was chosen.
    fn learn_headings(&mut self, text: &str) {
        let headings: Vec<String> = ::csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes())
            .headers()
            .map(|h| h.iter().map(|h| h.trim().to_owned()).collect())
            .unwrap_or_default();
        if headings == self.headings {
            return;
        }
        // Headings seen before take the columns chosen then; new ones, those that name a field.
        let known = self.remembered.iter().find(|m| m.headings == headings);
        self.columns = Field::ALL
            .into_iter()
            .map(|f| {
                let chosen = match known {
                    Some(m) => m
                        .columns
                        .iter()
                        .find(|(field, _)| field == f.name())
                        .map(|(_, h)| h.clone())
                        .filter(|h| headings.contains(h)),
                    None => headings
                        .iter()
                        .find(|h| Field::from_heading(h) == Some(f))
                        .cloned(),
                };
                (f, chosen)
            })
            .collect();
        self.headings = headings;
    }

    /// The column-mapping step: which heading holds each field.
    fn columns_ui(&mut self, ui: &mut egui::Ui) {
        let mut changed = false;
        egui::Grid::new("import-columns")
            .num_columns(4)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for (i, (field, chosen)) in self.columns.iter_mut().enumerate() {
                    let label = ui.label(field.name());
                    egui::ComboBox::from_id_salt(("import-column", i))
                        .selected_text(chosen.as_deref().unwrap_or("—"))
                        .show_ui(ui, |ui| {
                            changed |= ui.selectable_value(chosen, None, "—").changed();
                            for h in &self.headings {
                                changed |=
                                    ui.selectable_value(chosen, Some(h.clone()), h).changed();
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if i % 2 == 1 {
                        ui.end_row();
                    }
                }
            });
        if changed {
            self.preview = None;
        }
    }

    /// Draws the dialog; returns the edit to apply when Import is clicked. `generation`
    /// changes whenever the case does (a preview made before is read again).
    pub fn show(&mut self, ctx: &egui::Context, case: &Case, generation: u64) -> Option<Edit> {
        if !self.open {
            return None;
        }
        self.poll_browse();
        if self.browse.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if self
            .preview
            .as_ref()
            .is_some_and(|(_, made)| *made != generation)
        {
            self.read(case, generation);
        }
        let mut close = false;
        let mut import = None;
        let modal = egui::Modal::new(egui::Id::unique("casebook-import")).show(ctx, |ui| {
            ui.set_width(760.0_f32.min(ctx.content_rect().width() - 40.0));
            ui.heading("Import");
            egui::Grid::new("import-options")
                .num_columns(2)
                .spacing([8.0, 6.0])
                .show(ui, |ui| {
                    let label = ui.label("Format");
                    let before = self.format;
                    egui::ComboBox::from_id_salt("import-format")
                        .selected_text(self.format.label())
                        .show_ui(ui, |ui| {
                            for f in Format::ALL {
                                ui.selectable_value(&mut self.format, f, f.label());
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if before != self.format {
                        self.preview = None;
                    }
                    ui.end_row();

                    let label = ui.label("Files (one a line)");
                    ui.horizontal(|ui| {
                        let edit = ui
                            .add(
                                egui::TextEdit::multiline(&mut self.files)
                                    .desired_rows(2)
                                    .desired_width(520.0),
                            )
                            .labelled_by(label.id);
                        if edit.changed() {
                            self.preview = None;
                        }
                        if ui
                            .add_enabled(
                                self.native_dialogs && self.browse.is_none(),
                                egui::Button::new("Browse…"),
                            )
                            .clicked()
                        {
                            self.start_browse();
                        }
                    });
                    ui.end_row();

                    if self.format == Format::Csv {
                        let label = ui.label("Columns");
                        let edit = ui
                            .add(
                                egui::TextEdit::singleline(&mut self.mapping)
                                    .hint_text("what=Description, when=Time (or choose below after a preview)")
                                    .desired_width(600.0),
                            )
                            .labelled_by(label.id);
                        if edit.changed() {
                            self.preview = None;
                        }
                        ui.end_row();
                    }
                    let label = ui.label("Zone");
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.zone)
                                .hint_text("the case's zone")
                                .desired_width(240.0),
                        )
                        .labelled_by(label.id);
                    if edit.changed() {
                        self.preview = None;
                    }
                    ui.end_row();
                });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Preview").clicked() {
                    self.read(case, generation);
                }
                let ready = self.preview.as_ref().is_some_and(|(p, _)| !p.is_empty());
                if ui
                    .add_enabled(ready, egui::Button::new("Import"))
                    .on_disabled_hover_text("Preview first; nothing new to import yet")
                    .clicked()
                    && let Some((plan, _)) = &self.preview
                {
                    import = Some(plan.edit(case));
                    close = true;
                }
                if import.is_some() && self.format == Format::Csv {
                    self.remember_columns();
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            if self.format == Format::Csv && !self.headings.is_empty() {
                ui.separator();
                ui.label("Which column holds each field (read again with Preview):");
                self.columns_ui(ui);
            }
            if let Some((plan, _)) = &self.preview {
                ui.separator();
                preview_ui(ui, plan, case);
            }
        });
        if close || modal.should_close() {
            self.open = false;
            self.preview = None;
        }
        import
    }
}

/// What the plan adds and every problem, as the dialog lists them.
fn preview_ui(ui: &mut egui::Ui, plan: &Plan, case: &Case) {
    let tz = case.tz();
    ui.label(RichText::new(format!("Will add: {}", plan.summary())).strong());
    let errors = plan.error_count();
    if !plan.problems.is_empty() {
        ui.label(format!(
            "{} ({} not imported):",
            crate::model::plural(plan.problems.len(), "problem", "problems"),
            crate::model::plural(errors, "row or event", "rows or events")
        ));
        ScrollArea::vertical()
            .id_salt("import-problems")
            .max_height(140.0)
            .show(ui, |ui| {
                for p in &plan.problems {
                    let color = match p.level {
                        Level::Error => ui.visuals().error_fg_color,
                        Level::Warning => ui.visuals().warn_fg_color,
                    };
                    ui.colored_label(color, p.to_string());
                }
            });
    }
    ScrollArea::vertical()
        .id_salt("import-records")
        .max_height(260.0)
        .show(ui, |ui| {
            for a in &plan.accounts {
                ui.label(format!("+ account {}", a.label()));
            }
            for s in &plan.staff {
                ui.label(format!("+ staff member {}", s.name));
            }
            for o in &plan.outsiders {
                ui.label(format!("+ outside person {} ({})", o.name, o.role));
            }
            for a in plan.actions.iter().take(LISTED) {
                ui.label(format!(
                    "+ {} · {} · {}",
                    a.start.listed(tz),
                    a.kind,
                    a.summary
                ));
            }
            for s in plan.statements.iter().take(LISTED) {
                ui.label(format!(
                    "+ {} · statement · {}",
                    s.when.listed(tz),
                    crate::model::kinds::excerpt(&s.quote, 80)
                ));
            }
            let more = plan.actions.len().saturating_sub(LISTED)
                + plan.statements.len().saturating_sub(LISTED);
            if more > 0 {
                ui.label(RichText::new(format!("… and {more} more")).weak());
            }
        });
}
