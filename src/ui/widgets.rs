//! Form inputs that fit Casebook's data: labelled text fields, enum drop-downs, reference pickers,
//! a date-time input with precision and an approximate flag, a duration input.
//!
//! Every input is labelled (accessibility, and kittest finds it by that label). Text inputs report
//! focus so the editor commits a field's typing as one undo step when focus leaves it.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use egui::{Color32, RichText, Ui};

use crate::model::{
    AltTime, ApproxDuration, Count, Level, Limit, Precision, Problem, RecordKind, SourceLink, When,
};

mod time;

/// How an input is named for screen readers (and tests): by the label beside it in the form's
/// grid, or by a name of its own where nothing visible names it (a row of a list).
#[derive(Clone, Copy)]
pub enum Name<'s> {
    By(egui::Id),
    /// Labelled by a label (its id) whose text is given too, to name the input's companions
    /// ("Start precision", "Start: approx.").
    Titled(egui::Id, &'s str),
    Own(&'s str),
}

impl<'s> Name<'s> {
    /// Where the input keeps its state (what is being typed): under the label's id, or under
    /// its own name in `ui`.
    fn id(self, ui: &Ui) -> egui::Id {
        match self {
            Name::By(id) | Name::Titled(id, _) => id,
            Name::Own(name) => ui.make_persistent_id(name),
        }
    }

    fn apply(self, response: egui::Response) -> egui::Response {
        match self {
            Name::By(id) | Name::Titled(id, _) => response.labelled_by(id),
            Name::Own(name) => response.accessible_name(name),
        }
    }

    /// The name to give an input's companions, when there is one.
    fn title(self) -> Option<&'s str> {
        match self {
            Name::By(_) => None,
            Name::Titled(_, title) | Name::Own(title) => Some(title),
        }
    }
}

/// What to say under an input: what it read, or why it could not.
pub enum FieldNote {
    Quiet,
    Read(String),
    Error(String),
}

/// Shows a [`FieldNote`] small, under its input.
pub fn note_ui(ui: &mut Ui, note: &FieldNote) {
    match note {
        FieldNote::Quiet => {}
        FieldNote::Read(text) => {
            ui.label(RichText::new(text).weak().small());
        }
        FieldNote::Error(e) => {
            ui.label(
                RichText::new(format!("✖ {e}"))
                    .color(level_color(Level::Error, ui.visuals().dark_mode))
                    .small(),
            );
        }
    }
}

/// A small "✖" that removes a row of a list, named `name` ("Remove address 2"). True when
/// clicked.
pub fn remove_button(ui: &mut Ui, name: &str) -> bool {
    ui.small_button("✖")
        .on_hover_text(name)
        .accessible_name(name)
        .clicked()
}

/// The colour of a record kind, as egui wants it.
pub fn kind_color(kind: RecordKind) -> Color32 {
    let [r, g, b] = kind.rgb();
    Color32::from_rgb(r, g, b)
}

/// `width`, or less when the editor is narrower: what is left of the row, never under 120
/// points (an input stays usable; the editor scrolls rather than squeezing it to nothing).
pub fn fit(ui: &Ui, width: f32) -> f32 {
    width.min(ui.available_width()).max(120.0)
}

/// The kind's glyph in its colour.
pub fn kind_glyph(kind: RecordKind) -> RichText {
    RichText::new(kind.glyph()).color(kind_color(kind)).strong()
}

/// Error red / warning amber, readable in both themes.
pub fn level_color(level: Level, dark: bool) -> Color32 {
    match (level, dark) {
        (Level::Error, true) => Color32::from_rgb(0xff, 0x6b, 0x6b),
        (Level::Error, false) => Color32::from_rgb(0xc0, 0x1c, 0x28),
        (Level::Warning, true) => Color32::from_rgb(0xf5, 0xc2, 0x11),
        (Level::Warning, false) => Color32::from_rgb(0x9a, 0x67, 0x00),
    }
}

/// State shared by one editor form while it is drawn.
pub struct Form<'a> {
    /// Problems of the record being edited.
    pub problems: Vec<&'a Problem>,
    /// A text input has keyboard focus (the user is typing).
    pub typing: bool,
    /// Zone that times are read and shown in.
    pub tz: Tz,
    /// Something other than typing changed (drop-down, checkbox, picker): commit at once.
    pub changed_discretely: bool,
    /// The saved case file (source locations are relative to its folder).
    pub case_file: Option<&'a std::path::Path>,
    /// The user clicked "Open source" on this location.
    pub open_request: Option<crate::store::Location>,
    /// The record being edited, so what the form remembers (a message's reserved line, a
    /// picker's open state) stays with that record and never carries over to the next.
    pub record_key: egui::Id,
    /// A record just added and not yet left: the fields that needed something when it was
    /// added say so as a quiet hint, not as an error.
    pub quiet: Vec<&'static str>,
    /// The record was just added: its first text input takes the keyboard, so typing goes on
    /// in the form without a click.
    pub focus_first: bool,
}

impl<'a> Form<'a> {
    pub fn new(problems: Vec<&'a Problem>, tz: Tz) -> Self {
        Self {
            problems,
            typing: false,
            tz,
            changed_discretely: false,
            case_file: None,
            open_request: None,
            record_key: egui::Id::unique("form"),
            quiet: Vec::new(),
            focus_first: false,
        }
    }

    /// The grid row label; returns its id for `labelled_by`.
    fn label(ui: &mut Ui, text: &str) -> egui::Id {
        ui.label(RichText::new(text).weak()).id
    }

    /// Shows the problems about `field` under an input.
    /// The field's problems, under it. Once a field has shown one, its line stays reserved
    /// while the record is edited, so fixing it as you type never moves the rows below.
    pub fn problems_ui(&self, ui: &mut Ui, field: &str) {
        let dark = ui.visuals().dark_mode;
        let slot = self.record_key.with(("problem-slot", field));
        let mine: Vec<&&Problem> = self.problems.iter().filter(|p| p.field == field).collect();
        if mine.is_empty() {
            if ui.data(|d| d.get_temp::<bool>(slot)).unwrap_or(false) {
                ui.label(RichText::new(" ").small());
            }
            return;
        }
        ui.data_mut(|d| d.insert_temp(slot, true));
        for p in mine {
            if self.quiet.contains(&p.field) {
                // A new record: what it still needs, said calmly.
                ui.label(
                    RichText::new(format!("needed: {}", p.message))
                        .weak()
                        .italics()
                        .small(),
                );
                continue;
            }
            let icon = if p.level == Level::Error {
                "✖"
            } else {
                "⚠"
            };
            ui.label(
                RichText::new(format!("{icon} {}", p.message))
                    .color(level_color(p.level, dark))
                    .small(),
            );
        }
    }

    fn track(&mut self, response: &egui::Response) {
        if std::mem::take(&mut self.focus_first) {
            response.request_focus();
        }
        if response.has_focus() {
            self.typing = true;
        }
    }

    /// A full-width one-line input labelled by `id`, at most `MAX_TEXT_CHARS` long.
    fn line_input(&mut self, ui: &mut Ui, id: egui::Id, value: &mut String, hint: &str) {
        let r = ui
            .add(
                egui::TextEdit::singleline(value)
                    .char_limit(crate::model::MAX_TEXT_CHARS)
                    .hint_text(hint)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(id);
        self.track(&r);
    }

    /// A one-line text input row.
    pub fn text(&mut self, ui: &mut Ui, label: &str, field: &str, value: &mut String, hint: &str) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            self.line_input(ui, id, value, hint);
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// A source's location: a web address or a path relative to the case's folder, with an
    /// "Open source" button and a line saying what it points at (or why it will not be opened).
    /// Nothing is opened unless the button is clicked.
    pub fn location(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        value: &mut String,
        hint: &str,
    ) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            self.line_input(ui, id, value, hint);
            if value.trim().is_empty() {
                // The row "Open source" takes is kept, so typing the first character of a link
                // moves nothing below it.
                ui.horizontal_wrapped(|ui| {
                    ui.add_enabled(false, egui::Button::new("Open source"))
                        .on_disabled_hover_text("Type a web address or a file path first");
                    ui.label(RichText::new("No link yet").weak().small());
                });
            } else {
                let resolved = crate::store::resolve_location(self.case_file, value);
                ui.horizontal_wrapped(|ui| {
                    let button = ui
                        .add_enabled(resolved.is_ok(), egui::Button::new("Open source"))
                        .on_hover_text("Open it with your browser or the file's app");
                    let (note, weak) = match &resolved {
                        Ok(crate::store::Location::Web(_)) => {
                            ("Web page: opens in your browser".to_owned(), true)
                        }
                        Ok(crate::store::Location::File(_)) => {
                            ("File in the case's folder".to_owned(), true)
                        }
                        Err(e) => (format!("Not opened: {e}"), false),
                    };
                    let text = RichText::new(note).small();
                    ui.label(if weak {
                        text.weak()
                    } else {
                        text.color(level_color(Level::Warning, ui.visuals().dark_mode))
                    });
                    if button.clicked() {
                        self.open_request = resolved.ok();
                    }
                });
            }
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// A multi-line text input row.
    pub fn multiline(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        value: &mut String,
        rows: usize,
        hint: &str,
    ) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            let r = ui
                .add(
                    egui::TextEdit::multiline(value)
                        .char_limit(crate::model::MAX_TEXT_CHARS)
                        .hint_text(hint)
                        .desired_rows(rows)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(id);
            self.track(&r);
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// A comma-separated list of words (tags).
    pub fn tags(&mut self, ui: &mut Ui, label: &str, value: &mut Vec<String>) {
        let id = Self::label(ui, label);
        let buffer_id = id.with("tags-buffer");
        let joined = value.join(", ");
        let mut text: String = ui
            .data(|d| d.get_temp::<String>(buffer_id))
            .unwrap_or_else(|| joined.clone());
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .char_limit(crate::model::MAX_TEXT_CHARS)
                    .hint_text("comma-separated, e.g. insider, press")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(id);
        self.track(&r);
        if r.has_focus() {
            *value = text
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            ui.data_mut(|d| d.insert_temp(buffer_id, text));
        } else {
            ui.data_mut(|d| d.remove::<String>(buffer_id));
        }
        ui.end_row();
    }

    /// A one-line input of `width` without a label beside it, named `name` for screen readers
    /// (and tests).
    pub fn named_input(
        &mut self,
        ui: &mut Ui,
        value: &mut String,
        hint: &str,
        width: f32,
        name: &str,
    ) {
        let r = ui.add(
            egui::TextEdit::singleline(value)
                .char_limit(crate::model::MAX_TEXT_CHARS)
                .hint_text(hint)
                .desired_width(width),
        );
        r.widget_info(|| {
            let mut info = egui::WidgetInfo::text_edit(true, &*value, &*value, "");
            info.label = Some(name.to_owned());
            info
        });
        self.track(&r);
    }

    /// The case's "also redact" list: one row per term (what to hide, its replacement,
    /// whether it is a person's name), a remove button each, and "Add term".
    pub fn redact_terms(
        &mut self,
        ui: &mut Ui,
        label: &str,
        terms: &mut Vec<crate::model::RedactTerm>,
    ) {
        Self::label(ui, label);
        ui.vertical(|ui| {
            let mut remove = None;
            for (i, term) in terms.iter_mut().enumerate() {
                let n = i + 1;
                ui.horizontal(|ui| {
                    let name = format!("Also redact term {n}");
                    let hint = "name, nickname, phone number, …";
                    self.named_input(ui, &mut term.text, hint, 170.0, &name);
                    ui.label(RichText::new("→").weak());
                    let name = format!("Replacement for term {n}");
                    self.named_input(ui, &mut term.replacement, "[redacted]", 110.0, &name);
                    if ui
                        .checkbox(&mut term.person, "person")
                        .on_hover_text(
                            "A person's name: each part of it is hidden on its own too (\"Roe said…\")",
                        )
                        .changed()
                    {
                        self.changed_discretely = true;
                    }
                    if ui
                        .small_button("✖")
                        .on_hover_text(format!("Remove term {n}"))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
            }
            if let Some(i) = remove {
                terms.remove(i);
                self.changed_discretely = true;
            }
            if ui
                .button("Add term to redact")
                .on_hover_text(
                    "A name or term hidden in redacted exports besides protected staff and accounts",
                )
                .clicked()
            {
                terms.push(crate::model::RedactTerm::default());
                self.changed_discretely = true;
            }
            if terms.is_empty() {
                ui.label(
                    RichText::new(
                        "Protected staff and accounts are hidden in redacted exports; add other names or terms here.",
                    )
                    .small()
                    .weak(),
                );
            }
        });
        ui.end_row();
    }

    /// A drop-down for an enumeration.
    pub fn choice<T: Copy + PartialEq + std::fmt::Display>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        value: &mut T,
        all: &[T],
    ) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            let before = *value;
            egui::ComboBox::from_id_salt(id.with(label))
                .selected_text(value.to_string())
                .width(fit(ui, 220.0))
                .show_ui(ui, |ui| {
                    for option in all {
                        ui.selectable_value(value, *option, option.to_string());
                    }
                })
                .response
                .labelled_by(id);
            if *value != before {
                self.changed_discretely = true;
            }
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// A drop-down of values in labelled groups, with a find field at the top of its list:
    /// type a few letters and press Enter to pick the first match ("rev" → "reinstatement /
    /// reversal").
    pub fn grouped_choice<T: Copy + PartialEq + std::fmt::Display>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        value: &mut T,
        groups: &[(&str, &[T])],
    ) {
        let id = Self::label(ui, label);
        let filter_id = self.record_key.with((label, "choice-filter"));
        ui.vertical(|ui| {
            let before = *value;
            let inner = egui::ComboBox::from_id_salt(id.with(label))
                .selected_text(value.to_string())
                .width(fit(ui, 220.0))
                .height(480.0)
                // A click in the find field must not close the list.
                .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
                .show_ui(ui, |ui| {
                    // (The list is open, so Enter is meant for it: taken before the find field
                    // sees it.)
                    let enter =
                        ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
                    let mut filter: String = ui.data(|d| d.get_temp(filter_id)).unwrap_or_default();
                    let r = ui.add(
                        egui::TextEdit::singleline(&mut filter)
                            .hint_text("type to find, Enter to pick")
                            .desired_width(f32::INFINITY),
                    );
                    r.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::TextInput,
                            true,
                            format!("Find {label}"),
                        )
                    });
                    if !r.has_focus() && filter.is_empty() {
                        r.request_focus();
                    }
                    let needle = filter.trim().to_lowercase();
                    // Enter takes the first with a word that starts with what was typed
                    // ("susp" → "suspension", "revers" → "reinstatement / reversal"), else the
                    // first that has it anywhere.
                    let starts = |text: &str| {
                        text.to_lowercase()
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|w| w.starts_with(&needle))
                    };
                    let mut first = None;
                    let mut first_anywhere = None;
                    for (heading, options) in groups {
                        let shown: Vec<&T> = options
                            .iter()
                            .filter(|o| {
                                needle.is_empty() || o.to_string().to_lowercase().contains(&needle)
                            })
                            .collect();
                        if shown.is_empty() {
                            continue;
                        }
                        ui.label(RichText::new(*heading).weak().small());
                        for option in shown {
                            if first.is_none() && starts(&option.to_string()) {
                                first = Some(*option);
                            }
                            first_anywhere.get_or_insert(*option);
                            // (A click in the find field keeps the list open; a pick closes it.)
                            if ui
                                .selectable_value(value, *option, option.to_string())
                                .clicked()
                            {
                                ui.close();
                            }
                        }
                    }
                    let first = first.or(first_anywhere);
                    if enter && let Some(option) = first {
                        *value = option;
                        ui.close();
                    }
                    ui.data_mut(|d| d.insert_temp(filter_id, filter));
                });
            inner.response.labelled_by(id);
            if inner.inner.is_none() {
                // Closed: the next opening starts with an empty find field.
                ui.data_mut(|d| d.remove::<String>(filter_id));
            }
            if *value != before {
                self.changed_discretely = true;
            }
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// A checkbox row.
    pub fn check(&mut self, ui: &mut Ui, label: &str, value: &mut bool, text: &str) {
        Self::label(ui, label);
        if ui.checkbox(value, text).changed() {
            self.changed_discretely = true;
        }
        ui.end_row();
    }

    /// A drop-down picking one record (or none) by id.
    pub fn pick_one(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        value: &mut Option<String>,
        options: &[(String, String)],
        none_text: &str,
    ) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            let width = fit(ui, 320.0);
            self.pick_input(ui, Name::By(id), value, options, none_text, width);
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// A drop-down for an optional enumeration value, `none_text` when unset.
    pub fn optional_choice<T: Copy + PartialEq + std::fmt::Display>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        value: &mut Option<T>,
        all: &[T],
        none_text: &str,
    ) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            let before = *value;
            egui::ComboBox::from_id_salt(id.with(label))
                .selected_text(value.map_or_else(|| none_text.to_owned(), |v| v.to_string()))
                .width(fit(ui, 220.0))
                .show_ui(ui, |ui| {
                    ui.selectable_value(value, None, none_text);
                    for option in all {
                        ui.selectable_value(value, Some(*option), option.to_string());
                    }
                })
                .response
                .labelled_by(id);
            if *value != before {
                self.changed_discretely = true;
            }
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// Checkboxes picking several records by id.
    pub fn pick_many(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        value: &mut Vec<String>,
        options: &[(String, String)],
        empty_text: &str,
    ) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            if options.is_empty() {
                ui.label(RichText::new(empty_text).weak().italics());
            }
            let summary = if value.is_empty() {
                "none".to_owned()
            } else {
                let all = value
                    .iter()
                    .map(|v| {
                        options
                            .iter()
                            .find(|(o, _)| o == v)
                            .map_or_else(|| format!("missing: {v}"), |(_, t)| t.clone())
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                // Say how many, so a cut list never reads as one.
                let all = if value.len() > 1 {
                    format!("{} chosen: {all}", value.len())
                } else {
                    all
                };
                // Keep the header within the editor: the panel must not grow to fit a long
                // list (about 7 points a character at the body size).
                let chars = ((ui.available_width() - 24.0) / 7.5).clamp(12.0, 56.0) as usize;
                crate::model::excerpt(&all, chars)
            };
            if !options.is_empty() {
                let filter_id = self.record_key.with((label, "pick-many-filter"));
                let header = egui::CollapsingHeader::new(summary)
                    .id_salt(self.record_key.with((label, "pick-many")))
                    .show(ui, |ui| {
                        // A long list can be narrowed by typing; Enter picks the first match.
                        let mut filter: String =
                            ui.data(|d| d.get_temp(filter_id)).unwrap_or_default();
                        let mut enter = false;
                        if options.len() > 8 {
                            let r = ui.add(
                                egui::TextEdit::singleline(&mut filter)
                                    .hint_text("type to find, Enter to pick")
                                    .desired_width(f32::INFINITY),
                            );
                            r.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::TextInput,
                                    true,
                                    format!("Find in {label}"),
                                )
                            });
                            enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                            ui.data_mut(|d| d.insert_temp(filter_id, filter.clone()));
                        }
                        let needle = filter.trim().to_lowercase();
                        let mut first = None;
                        for (option, text) in options {
                            let mut on = value.contains(option);
                            if !needle.is_empty() && !on && !text.to_lowercase().contains(&needle) {
                                continue;
                            }
                            if first.is_none() && !on {
                                first = Some(option.clone());
                            }
                            if ui.checkbox(&mut on, text).changed() {
                                if on {
                                    value.push(option.clone());
                                } else {
                                    value.retain(|v| v != option);
                                }
                                self.changed_discretely = true;
                            }
                        }
                        if enter
                            && !needle.is_empty()
                            && let Some(option) = first
                        {
                            value.push(option);
                            self.changed_discretely = true;
                            ui.data_mut(|d| d.insert_temp(filter_id, String::new()));
                        }
                    });
                header.header_response.labelled_by(id);
            }
            // References to records that no longer exist can be removed here.
            let missing: Vec<String> = value
                .iter()
                .filter(|v| !options.iter().any(|(o, _)| o == *v))
                .cloned()
                .collect();
            for m in missing {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(format!("missing: {m}"))
                            .color(level_color(Level::Error, ui.visuals().dark_mode)),
                    );
                    if ui.small_button("Remove").clicked() {
                        value.retain(|v| v != &m);
                        self.changed_discretely = true;
                    }
                });
            }
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// A drop-down of `options` (id, label) or `none_text`, named by `name`.
    pub fn pick_input(
        &mut self,
        ui: &mut Ui,
        name: Name<'_>,
        value: &mut Option<String>,
        options: &[(String, String)],
        none_text: &str,
        width: f32,
    ) {
        let before = value.clone();
        let current = value.as_ref().map_or_else(
            || none_text.to_owned(),
            |v| {
                options
                    .iter()
                    .find(|(o, _)| o == v)
                    .map_or_else(|| format!("missing: {v}"), |(_, t)| t.clone())
            },
        );
        let id = name.id(ui).with("pick");
        // A long title is cut to the width rather than widening the editor.
        ui.scope(|ui| {
            ui.set_max_width(width);
            let r = egui::ComboBox::from_id_salt(id)
                .selected_text(current)
                .width(width)
                .truncate()
                .show_ui(ui, |ui| {
                    ui.selectable_value(value, None, none_text);
                    for (option, text) in options {
                        ui.selectable_value(value, Some(option.clone()), text);
                    }
                })
                .response;
            name.apply(r);
        });
        if *value != before {
            self.changed_discretely = true;
        }
    }

    /// More addresses of a source: a row each (address, what it is, remove) and "Add address".
    pub fn also_at(&mut self, ui: &mut Ui, label: &str, field: &str, links: &mut Vec<SourceLink>) {
        Self::label(ui, label);
        ui.vertical(|ui| {
            let mut remove = None;
            for (i, link) in links.iter_mut().enumerate() {
                let n = i + 1;
                if i > 0 {
                    ui.add_space(4.0);
                }
                // The address takes the line, remove at its end; what it is goes under it.
                let line = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
                ui.allocate_ui_with_layout(
                    line,
                    egui::Layout::right_to_left(egui::Align::Center),
                    |ui| {
                        if remove_button(ui, &format!("Remove address {n}")) {
                            remove = Some(i);
                        }
                        let name = format!("Address {n}");
                        let hint = "https://… or a file";
                        self.named_input(ui, &mut link.url, hint, f32::INFINITY, &name);
                    },
                );
                let name = format!("Address {n} label");
                let hint = "what it is: archived copy, mirror, translation…";
                let width = fit(ui, 260.0);
                self.named_input(ui, &mut link.label, hint, width, &name);
            }
            if let Some(i) = remove {
                links.remove(i);
                self.changed_discretely = true;
            }
            if ui
                .button("Add address")
                .on_hover_text(
                    "Another address of this source: an archived copy, a mirror, a translation",
                )
                .clicked()
            {
                links.push(SourceLink::default());
                self.changed_discretely = true;
            }
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }
}

/// A small rounded count badge.
pub fn badge(ui: &mut Ui, count: usize, color: Color32, tooltip: &str) {
    let text = RichText::new(format!(" {count} "))
        .color(Color32::WHITE)
        .background_color(color)
        .small()
        .strong();
    // Screen readers (and tests) hear "2 errors in Actions", not just "2".
    ui.label(text)
        .accessible_name(tooltip)
        .on_hover_text(tooltip);
}

/// `text` as it fits in `width` points of body text, its start replaced by "…" when it does not.
pub fn elide_start(ui: &Ui, text: &str, width: f32) -> String {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let fits = |t: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(t.to_owned(), font.clone(), Color32::WHITE)
                .size()
                .x
        }) <= width
    };
    if fits(text) {
        return text.to_owned();
    }
    // The fewest leading characters to drop, by bisection over character positions.
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let (mut lo, mut hi) = (0, starts.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if fits(&format!("…{}", &text[starts[mid]..])) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    starts
        .get(lo)
        .map_or_else(|| "…".to_owned(), |&i| format!("…{}", &text[i..]))
}

/// One recent case: its file name, then its folder (several cases may share a name), disabled
/// and marked "(missing)" when the file is gone. True when clicked.
pub fn recent_entry(ui: &mut Ui, path: &Path, in_menu: bool) -> bool {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let exists = path.exists();
    let folder = path.parent().map(|p| {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        match home.as_deref().and_then(|h| p.strip_prefix(h).ok()) {
            Some(rest) if rest.as_os_str().is_empty() => "~".to_owned(),
            Some(rest) => format!("~/{}", rest.display()),
            None => p.display().to_string(),
        }
    });
    let detail = match (exists, folder) {
        (true, Some(f)) => f,
        (false, Some(f)) => format!("{f} (missing)"),
        (true, None) => String::new(),
        (false, None) => "(missing)".to_owned(),
    };
    let mut button = egui::Button::new(name).right_text(RichText::new(detail).weak());
    if !in_menu {
        button = button.frame(false);
    }
    ui.add_enabled(exists, button)
        .on_hover_text(path.display().to_string())
        .on_disabled_hover_text(format!("{} is no longer there", path.display()))
        .clicked()
}
