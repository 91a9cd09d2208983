//! Quick entry: the chronology at typing speed. One row per event (when, kind, what, who,
//! target, source); Tab moves across, Enter on the last cell (Ctrl+Enter anywhere) adds the
//! row, rows pasted from a spreadsheet fill the grid, and "Add N rows" adds them all as one
//! undo step. Each cell says beside it what it will become.
//!
//! Reading the text (times, kinds, names → records) is `model::entry`'s; this panel only keeps
//! the typed text, draws it and handles keys. It pushes the finished edit as a command.

use chrono::NaiveDate;
use egui::{Color32, Key, RichText, Ui};

use super::command::{AppCommand, AppView};
use super::widgets::level_color;
use crate::model::entry::{self, Column, Reading, RowText};
use crate::model::{Case, Level, MAX_TEXT_CHARS};

/// Rows waiting for the user to say yes to the records they create. The keys move on to the
/// next row meanwhile: a row entered while the question is up joins it, and one yes (Enter on
/// an empty row) adds them all.
struct Confirm {
    /// Grid rows (indices) to add, in order.
    rows: Vec<usize>,
    /// "account @newsdaily, staff member Tom Becker".
    creates: String,
    /// Those rows as they were asked about: a change to one of them withdraws the question.
    asked: Vec<RowText>,
}

impl Confirm {
    /// The waiting rows' text now (`None` for a row gone).
    fn rows_now(&self, rows: &[RowText]) -> Vec<Option<RowText>> {
        self.rows.iter().map(|&r| rows.get(r).cloned()).collect()
    }

    /// Whether the waiting rows still read as they did when asked about.
    fn still_asked(&self, rows: &[RowText]) -> bool {
        self.rows_now(rows)
            .into_iter()
            .eq(self.asked.iter().cloned().map(Some))
    }
}

/// The quick entry panel's state: the rows being typed.
#[derive(Default)]
pub struct QuickEntry {
    rows: Vec<RowText>,
    /// The cell to give keyboard focus to when next drawn (row, column).
    focus: Option<(usize, usize)>,
    confirm: Option<Confirm>,
    /// The date of the last row added: a bare time in the next row takes it.
    last_date: Option<NaiveDate>,
    /// What the last paste did ("3 rows pasted; header row skipped").
    notice: Option<(String, bool)>,
    /// The frame this panel was last drawn in (to focus the grid when it is opened).
    last_pass: u64,
    /// Keys typed after a Tab or Enter in the same frame, for the cell it moves to (typing
    /// faster than frames are drawn never puts a letter in the wrong cell).
    stash: Vec<egui::Event>,
    /// Enter (true) or Escape (false) typed in a cell while the question is asked.
    answer_key: Option<bool>,
}

fn cell_id(row: usize, column: usize) -> egui::Id {
    egui::Id::unique(("quick-entry-cell", row, column))
}

/// Widths of the columns (What takes what is left).
const WIDTHS: [f32; 6] = [150.0, 150.0, 0.0, 150.0, 140.0, 170.0];

fn hint(column: Column, date: Option<NaiveDate>) -> String {
    match column {
        Column::When => date.map_or_else(
            || "2024-03-05 14:10".to_owned(),
            |d| format!("14:32 (on {})", d.format("%Y-%m-%d")),
        ),
        Column::Kind => "susp, rev, stat…".to_owned(),
        Column::What => "what happened, or the words said".to_owned(),
        Column::Who => "staff name, or Name (external)".to_owned(),
        Column::Target => "@handle".to_owned(),
        Column::Source => "title or https://…".to_owned(),
    }
}

impl QuickEntry {
    pub fn ui(&mut self, ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
        let Some(doc) = view.doc else { return };
        let case = &doc.case;
        let pass = ui.ctx().cumulative_pass_nr();
        if self.rows.is_empty() {
            self.rows.push(RowText::default());
        }
        // Just opened: the first empty row's When takes the keys.
        if self.last_pass + 1 < pass && self.confirm.is_none() {
            let row = self
                .rows
                .iter()
                .position(RowText::is_blank)
                .unwrap_or(self.rows.len() - 1);
            self.focus = Some((row, 0));
        }
        self.last_pass = pass;
        let context = self
            .last_date
            .or_else(|| entry::context_date(case, view.selected));

        self.paste_ui(ui);
        let nav = self.take_key(ui);
        if self
            .confirm
            .as_ref()
            .is_some_and(|c| !c.still_asked(&self.rows))
        {
            self.confirm = None;
        }
        let now = chrono::Utc::now();
        let plan = entry::plan(case, &self.rows, context, now);

        ui.heading("Quick entry");
        ui.label(
            RichText::new(
                "One row per event. Tab moves across; Enter on the last cell (Ctrl+Enter \
                 anywhere) adds the row. Paste rows from a spreadsheet (when, kind, what, who, \
                 target, source) to fill the grid. A time alone (14:32) takes the date of the \
                 row above.",
            )
            .weak(),
        );
        ui.add_space(6.0);

        let mut remove = None;
        let dark = ui.visuals().dark_mode;
        let what_width = (ui.available_width()
            - WIDTHS.iter().sum::<f32>()
            - 28.0
            - 24.0
            - 7.0 * ui.spacing().item_spacing.x)
            .max(180.0);
        egui::ScrollArea::both()
            .id_salt("quick-entry-scroll")
            .auto_shrink([false, true])
            // The buttons below stay on screen, however little room there is (200 % zoom).
            .max_height(
                (ui.available_height() - ui.spacing().interact_size.y - 24.0)
                    .max(ui.spacing().interact_size.y * 2.0),
            )
            .show(ui, |ui| {
                egui::Grid::new("quick-entry-grid")
                    .num_columns(8)
                    .spacing([6.0, 2.0])
                    .show(ui, |ui| {
                        ui.label("");
                        for column in Column::ALL {
                            ui.label(RichText::new(column.label()).strong());
                        }
                        ui.label("");
                        ui.end_row();
                        for r in 0..self.rows.len() {
                            let row_plan = plan.rows.get(r);
                            let waiting =
                                self.confirm.as_ref().is_some_and(|c| c.rows.contains(&r));
                            if waiting {
                                ui.label(RichText::new(format!("{}", r + 1)).color(accent(dark)))
                                    .on_hover_text("Waits for your answer below the grid");
                            } else {
                                ui.label(RichText::new(format!("{}", r + 1)).weak());
                            }
                            for column in Column::ALL {
                                let c = column.index();
                                let width = if column == Column::What {
                                    what_width
                                } else {
                                    WIDTHS[c]
                                };
                                let date = row_plan.and_then(|p| p.date_before);
                                let reading = row_plan.map_or(&Reading::Empty, |p| &p.readings[c]);
                                self.cell_ui(ui, r, column, width, date, reading, dark);
                            }
                            if self.rows.len() > 1
                                && super::widgets::remove_button(
                                    ui,
                                    &format!("Remove row {}", r + 1),
                                )
                            {
                                remove = Some(r);
                            }
                            ui.end_row();
                        }
                    });
            });
        if let Some(r) = remove {
            self.rows.remove(r);
            self.confirm = None;
        }
        if let Some((r, c, action)) = nav {
            self.key_action(r, c, action, case, context, out);
            // What the key changed shows now, not at the next event.
            ui.ctx().request_repaint();
            // The keys move now, so what was typed after the key goes to the new cell.
            if let Some((r, c)) = self.focus {
                ui.memory_mut(|m| m.request_focus(cell_id(r, c)));
            }
        }

        ui.add_space(6.0);
        let ready_rows = self.rows.iter().filter(|r| !r.is_blank()).count();
        let problem_line = plan.problems.first().map(|p| {
            let first = match p.column {
                Some(c) => format!("row {}, {}: {}", p.row, c.label(), gist(&p.message)),
                None => format!("row {}: {}", p.row, gist(&p.message)),
            };
            match plan.problems.len() {
                1 => first,
                n => format!("{n} problems, first {first}"),
            }
        });
        if self.confirm.is_some() {
            self.confirm_ui(ui, case, context, out);
            return;
        }
        ui.horizontal(|ui| {
            let label = match ready_rows {
                0 => "Add rows".to_owned(),
                1 => "Add 1 row".to_owned(),
                n => format!("Add {n} rows"),
            };
            let add = ui
                .add_enabled(plan.is_ready(), egui::Button::new(label))
                .on_hover_text("Add every row to the case, as one step (Ctrl+Z removes them all)")
                .on_disabled_hover_text("Fix the rows marked ✖ first");
            if add.clicked() {
                let rows: Vec<usize> = (0..self.rows.len())
                    .filter(|&r| !self.rows[r].is_blank())
                    .collect();
                self.add_rows(rows, case, context, out, false);
            }
            if ui.button("Clear").on_hover_text("Empty the grid").clicked() {
                self.rows = vec![RowText::default()];
                self.confirm = None;
                self.notice = None;
                self.focus = Some((0, 0));
            }
            if let Some(line) = &problem_line {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("✖ {line}")).color(level_color(Level::Error, dark)),
                    )
                    .truncate(),
                );
            } else if let Some((notice, warn)) = &self.notice {
                let color = if *warn {
                    level_color(Level::Warning, dark)
                } else {
                    ui.visuals().weak_text_color()
                };
                ui.add(egui::Label::new(RichText::new(notice).color(color)).truncate());
            }
        });
    }

    /// Takes rows pasted from a spreadsheet (text with tabs or several lines) before a cell
    /// would take them as one line.
    fn paste_ui(&mut self, ui: &mut Ui) {
        let focused = ui.memory(|m| m.focused());
        let at = (0..self.rows.len())
            .flat_map(|r| (0..Column::ALL.len()).map(move |c| (r, c)))
            .find(|&(r, c)| Some(cell_id(r, c)) == focused);
        if focused.is_some() && at.is_none() {
            return; // Another input (a search box) has the keys.
        }
        let pasted: Option<String> = ui.input_mut(|i| {
            let index = i.events.iter().position(
                |e| matches!(e, egui::Event::Paste(t) if t.trim_end().contains(['\t', '\n'])),
            )?;
            match i.events.remove(index) {
                egui::Event::Paste(text) => Some(text),
                _ => None,
            }
        });
        let Some(text) = pasted else { return };
        let (row, column) = at.unwrap_or((self.rows.len() - 1, 0));
        let read = entry::parse_pasted(&text);
        let mut rows = read.rows;
        // Cells pasted into a later column fill from there, when they fit.
        if !read.header
            && column > 0
            && rows.iter().all(|r| {
                r.0[Column::ALL.len() - column..]
                    .iter()
                    .all(String::is_empty)
            })
        {
            for r in &mut rows {
                r.0.rotate_right(column);
            }
        }
        let n = rows.len();
        if n == 0 {
            return;
        }
        let start = if self.rows[row].is_blank() {
            self.rows.remove(row);
            row
        } else {
            row + 1
        };
        self.rows.splice(start..start, rows);
        if self.rows.last().is_none_or(|r| !r.is_blank()) {
            self.rows.push(RowText::default());
        }
        self.confirm = None;
        let mut notice = format!("Pasted {}", crate::model::plural(n, "row", "rows"));
        if read.header {
            notice.push_str(" (header row skipped)");
        }
        let warn = !read.problems.is_empty();
        for p in &read.problems {
            notice.push_str(&format!(
                "; pasted line {}",
                p.to_string().trim_start_matches("row ")
            ));
        }
        self.notice = Some((notice, warn));
        self.focus = Some((start + n - 1, 0));
    }

    /// The cell (row, column) that has the keys, if one has.
    fn focused_cell(&self, ui: &Ui) -> Option<(usize, usize)> {
        let focused = ui.memory(|m| m.focused())?;
        (0..self.rows.len())
            .flat_map(|r| (0..Column::ALL.len()).map(move |c| (r, c)))
            .find(|&(r, c)| cell_id(r, c) == focused)
    }

    /// Takes the first Tab, Enter or ↑/↓ typed in a cell this frame, before the cells see the
    /// keys. What was typed after it waits for the next frame, when the cell it moves to has
    /// the keys.
    fn take_key(&mut self, ui: &Ui) -> Option<(usize, usize, KeyAction)> {
        if !self.stash.is_empty() {
            let stashed = std::mem::take(&mut self.stash);
            ui.input_mut(|i| {
                i.events.splice(0..0, stashed);
            });
        }
        let (row, column) = self.focused_cell(ui)?;
        let taken = ui.input_mut(|i| {
            let at = i.events.iter().position(|e| {
                matches!(
                    e,
                    egui::Event::Key {
                        key: Key::Tab | Key::Enter | Key::ArrowUp | Key::ArrowDown | Key::Escape,
                        pressed: true,
                        ..
                    }
                )
            })?;
            let mut rest = i.events.split_off(at);
            let key = rest.remove(0);
            Some((key, rest))
        });
        let (key, rest) = taken?;
        self.stash = rest;
        if !self.stash.is_empty() {
            ui.ctx().request_repaint();
        }
        let egui::Event::Key { key, modifiers, .. } = key else {
            return None;
        };
        // While rows wait for a yes: Escape says no; Enter says yes on an empty row or a
        // waiting one. Enter elsewhere is as ever (a row entered joins the question).
        if let Some(confirm) = &self.confirm {
            let blank = self.rows.get(row).is_none_or(RowText::is_blank);
            if key == Key::Escape {
                self.answer_key = Some(false);
                return None;
            }
            if key == Key::Enter && (blank || confirm.rows.contains(&row)) {
                self.answer_key = Some(true);
                return None;
            }
        }
        if key == Key::Escape {
            // Escape leaves the grid, as it leaves any input.
            ui.memory_mut(|m| m.surrender_focus(cell_id(row, column)));
            return None;
        }
        let action = match key {
            Key::Tab if modifiers.shift => KeyAction::Previous,
            Key::Tab => KeyAction::Next,
            Key::Enter if modifiers.command => KeyAction::AddRow,
            Key::Enter if column == Column::Source.index() => KeyAction::AddRow,
            Key::Enter => KeyAction::Next,
            Key::ArrowUp => KeyAction::Up,
            _ => KeyAction::Down,
        };
        Some((row, column, action))
    }

    /// One cell: its input and, beneath it on a line always kept, what it reads as.
    #[allow(clippy::too_many_arguments)]
    fn cell_ui(
        &mut self,
        ui: &mut Ui,
        row: usize,
        column: Column,
        width: f32,
        date: Option<NaiveDate>,
        reading: &Reading,
        dark: bool,
    ) {
        let c = column.index();
        let id = cell_id(row, c);
        ui.vertical(|ui| {
            ui.set_width(width);
            let name = format!("{} {}", column.label(), row + 1);
            let value = &mut self.rows[row].0[c];
            let response = ui.add(
                egui::TextEdit::singleline(value)
                    .id(id)
                    .char_limit(MAX_TEXT_CHARS)
                    .hint_text(hint(column, date).as_str())
                    .desired_width(width)
                    // Tab stays with the grid, which moves along its own rows (`take_key`).
                    .event_filter(egui::EventFilter {
                        tab: true,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: false,
                    }),
            );
            response.widget_info(|| {
                let mut info = egui::WidgetInfo::text_edit(true, &*value, &*value, "");
                info.label = Some(name.clone());
                info
            });
            if self.focus == Some((row, c)) {
                response.request_focus();
                response.scroll_to_me(None);
                self.focus = None;
            }
            // The reading's line is always there, so nothing below moves as it comes and goes.
            let (text, color) = match reading {
                Reading::Empty => (String::new(), ui.visuals().weak_text_color()),
                Reading::Is(s) => (format!("→ {s}"), ui.visuals().weak_text_color()),
                Reading::New(s) => (format!("→ {s}"), accent(dark)),
                Reading::Unused(s) => (format!("({s})"), ui.visuals().weak_text_color()),
                Reading::Error(s) => (format!("✖ {s}"), level_color(Level::Error, dark)),
            };
            // The line says the gist ("cannot read "25:99" as a time"); hovering, the whole.
            let full = text.clone();
            let text = match reading {
                Reading::Error(s) => format!("✖ {}", gist(s)),
                _ => text,
            };
            let line = ui.text_style_height(&egui::TextStyle::Small);
            ui.allocate_ui(egui::vec2(width, line), |ui| {
                ui.set_height(line);
                let label =
                    ui.add(egui::Label::new(RichText::new(&text).small().color(color)).truncate());
                if !full.is_empty() {
                    label.on_hover_text(&full);
                }
            });
        });
    }

    fn key_action(
        &mut self,
        row: usize,
        c: usize,
        action: KeyAction,
        case: &Case,
        context: Option<NaiveDate>,
        out: &mut Vec<AppCommand>,
    ) {
        let last = Column::ALL.len() - 1;
        // A statement has no target: Tab passes over its cell.
        let statement = self.rows.get(row).is_some_and(|r| {
            matches!(
                entry::kind_from_text(r.cell(Column::Kind)),
                Some(entry::EntryKind::Statement(_))
            )
        });
        let who = Column::Who.index();
        match action {
            KeyAction::Next if statement && c == who => {
                self.focus = Some((row, Column::Source.index()));
            }
            KeyAction::Previous if statement && c == Column::Source.index() => {
                self.focus = Some((row, who));
            }
            KeyAction::Next if c < last => self.focus = Some((row, c + 1)),
            KeyAction::Next => {
                if row + 1 == self.rows.len() {
                    self.rows.push(RowText::default());
                }
                self.focus = Some((row + 1, 0));
            }
            KeyAction::Previous if c > 0 => self.focus = Some((row, c - 1)),
            KeyAction::Previous if row > 0 => self.focus = Some((row - 1, last)),
            KeyAction::Previous => self.focus = Some((0, 0)),
            KeyAction::Up => self.focus = Some((row.saturating_sub(1), c)),
            KeyAction::Down => {
                if row + 1 == self.rows.len() && !self.rows[row].is_blank() {
                    self.rows.push(RowText::default());
                }
                self.focus = Some(((row + 1).min(self.rows.len() - 1), c));
            }
            KeyAction::AddRow => self.add_rows(vec![row], case, context, out, false),
        }
    }

    /// Adds grid rows `rows` to the case as one edit — after asking, when they create
    /// accounts, staff or sources (unless `confirmed`). A row that cannot be read gets the
    /// keys at its first problem instead.
    fn add_rows(
        &mut self,
        rows: Vec<usize>,
        case: &Case,
        context: Option<NaiveDate>,
        out: &mut Vec<AppCommand>,
        confirmed: bool,
    ) {
        // A row entered while others wait for a yes joins them.
        let mut rows = rows;
        if !confirmed && let Some(confirm) = &self.confirm {
            rows.extend(confirm.rows.iter().copied());
            rows.sort_unstable();
            rows.dedup();
        }
        let Some(&first) = rows.first() else { return };
        let now = chrono::Utc::now();
        // The date a bare time in the first row takes is the row above's.
        let above =
            entry::plan(case, &self.rows[..first.min(self.rows.len())], context, now).date_after;
        let texts: Vec<RowText> = rows
            .iter()
            .filter_map(|&r| self.rows.get(r).cloned())
            .collect();
        let plan = entry::plan(case, &texts, above, now);
        let Some(edit) = plan.edit(case) else {
            // (Rows already waiting keep waiting; the keys go to what must be fixed.)
            if let Some(p) = plan.problems.first() {
                let row = rows.get(p.row - 1).copied().unwrap_or(first);
                self.focus = Some((row, p.column.map_or(0, Column::index)));
            }
            return;
        };
        if !confirmed && !plan.new_records.is_empty() {
            let asked = rows
                .iter()
                .filter_map(|&r| self.rows.get(r).cloned())
                .collect();
            // Typing goes on in the next row while the question waits.
            let next = rows.last().map_or(0, |&r| r + 1);
            if next >= self.rows.len() {
                self.rows.push(RowText::default());
            }
            self.focus = Some((next.min(self.rows.len() - 1), 0));
            self.confirm = Some(Confirm {
                rows,
                creates: plan.new_records_text(),
                asked,
            });
            return;
        }
        out.push(AppCommand::Apply(Box::new(edit)));
        self.last_date = plan.date_after;
        let mut removed = rows.clone();
        removed.sort_unstable();
        for r in removed.iter().rev() {
            if *r < self.rows.len() {
                self.rows.remove(*r);
            }
        }
        if self.rows.iter().all(|r| !r.is_blank()) {
            self.rows.push(RowText::default());
        }
        self.confirm = None;
        let label = plan.label();
        let done = label.strip_prefix("Add ").unwrap_or(&label);
        self.notice = Some((format!("Added {done}. Ctrl+Z takes it back."), false));
        let next = self
            .rows
            .iter()
            .position(RowText::is_blank)
            .unwrap_or(self.rows.len() - 1);
        self.focus = Some((next, 0));
    }

    /// Below the grid, instead of its buttons: "This will also create: …. Add?" with Add
    /// (it has the keys: Enter says yes) and Cancel (or Escape).
    fn confirm_ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        context: Option<NaiveDate>,
        out: &mut Vec<AppCommand>,
    ) {
        let Some(confirm) = &self.confirm else {
            return;
        };
        let mut answer = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("This will also create: {}. Add?", confirm.creates)).strong(),
            );
            if ui.button("Add").clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
            // The keys stay in the grid (so typing on is never lost): Enter on an empty row
            // and Escape answer; a row entered meanwhile joins the question.
            let waiting = match confirm.rows.as_slice() {
                [one] => format!("Row {} waits.", one + 1),
                rows => format!(
                    "Rows {} wait.",
                    rows.iter()
                        .map(|r| (r + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            ui.label(
                RichText::new(format!(
                    "{waiting} Enter on an empty row: add · Esc: cancel"
                ))
                .weak()
                .small(),
            );
        });
        answer = answer.or(self.answer_key.take());
        // After a click on "Add N rows" nothing has the keys: Enter and Escape answer too.
        if answer.is_none() && ui.memory(|m| m.focused().is_none()) {
            answer = ui.input(|i| {
                if i.key_pressed(Key::Enter) {
                    Some(true)
                } else if i.key_pressed(Key::Escape) {
                    Some(false)
                } else {
                    None
                }
            });
        }
        match answer {
            Some(true) => {
                let Some(confirm) = &self.confirm else { return };
                let rows = confirm.rows.clone();
                self.add_rows(rows, case, context, out, true);
            }
            Some(false) => {
                let row = self
                    .confirm
                    .as_ref()
                    .and_then(|c| c.rows.first().copied())
                    .unwrap_or(0);
                self.confirm = None;
                self.focus = Some((row.min(self.rows.len().saturating_sub(1)), 0));
            }
            None => {}
        }
    }
}

/// A message up to its first "; " (what is wrong, without the examples that follow).
fn gist(message: &str) -> &str {
    message.split("; ").next().unwrap_or(message)
}

/// What a key in a cell asks for.
#[derive(Clone, Copy, Debug)]
enum KeyAction {
    Next,
    Previous,
    Up,
    Down,
    AddRow,
}

/// The colour of "→ new …": something the row will create.
fn accent(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x7a, 0xb8, 0xff)
    } else {
        Color32::from_rgb(0x1a, 0x5f, 0xb4)
    }
}
