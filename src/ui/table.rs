//! Record tables: one per kind, sortable by any column, filtered by a search box, virtualised so
//! a 100,000-record case scrolls smoothly. Rows are derived from the case and cached until it
//! changes.

use chrono_tz::Tz;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::model::state::all_account_histories;
use crate::model::{Case, EventRef, RecordKind, RecordRef, When};

/// A cell's text and how it sorts.
#[derive(Clone, Debug)]
struct Cell {
    text: String,
    key: SortKey,
}

#[derive(Clone, Debug, PartialEq, PartialOrd)]
enum SortKey {
    Number(i64),
    Text(String),
}

impl Cell {
    fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            key: SortKey::Text(text.to_lowercase()),
            text,
        }
    }
    /// Times sort as the chronology orders them on their own: the latest moment they allow,
    /// so "~2017-11" sorts after the evening of Nov 2 rather than before it.
    fn time(when: Option<&When>, tz: Tz) -> Self {
        let key = when.map_or(i64::MIN, |w| w.order_key(tz).timestamp());
        Self {
            text: when.map_or_else(String::new, |w| w.display(tz)),
            key: SortKey::Number(key),
        }
    }
    /// An action's or a statement's time, sorting by its place in the case's one chronology
    /// (which honours links between records as well as times).
    fn ranked(when: &When, tz: Tz, rank: Option<usize>) -> Self {
        Self {
            text: when.display(tz),
            key: SortKey::Number(rank.map_or(i64::MAX, |r| r as i64)),
        }
    }
    fn number(n: Option<u64>, text: String) -> Self {
        Self {
            text,
            key: SortKey::Number(n.map_or(-1, |n| n.min(i64::MAX as u64) as i64)),
        }
    }
}

struct Row {
    reference: RecordRef,
    cells: Vec<Cell>,
    /// Lower-cased text of every cell, for the search box.
    haystack: String,
}

/// Minimum widths of the first, middle and last columns.
const FIRST_MIN: f32 = 90.0;
const MIDDLE_MIN: f32 = 45.0;
const LAST_MIN: f32 = 45.0;

/// One kind's table and its view state.
pub struct RecordTable {
    kind: RecordKind,
    search: String,
    sort_column: usize,
    ascending: bool,
    /// Ask the search box for keyboard focus next frame.
    pub focus_search: bool,
    rows: Vec<Row>,
    rows_generation: Option<u64>,
    /// Indices into `rows`, filtered and sorted.
    order: Vec<usize>,
    order_key: Option<(u64, String, usize, bool)>,
    /// A row had keyboard focus last frame: ↑ / ↓ move the selection.
    row_focused: bool,
    /// The columns were wider than the table's space last frame (the window or the editor beside
    /// it got narrower after the user sized them): start again from widths that fit.
    refit_columns: bool,
    /// The width the columns were last refitted for: refit once per width, so a table that
    /// cannot fit even at its minimum widths does not ask for frame after frame.
    refitted_for: Option<i32>,
    /// The table's width last frame: only a table that got narrower is refitted, so a column
    /// the user drags wider is left as they made it.
    last_width: Option<i32>,
}

impl RecordTable {
    pub fn new(kind: RecordKind) -> Self {
        // Actions and statements read best in time order.
        let sort_column = if matches!(kind, RecordKind::Action | RecordKind::Statement) {
            1
        } else {
            0
        };
        Self {
            kind,
            search: String::new(),
            sort_column,
            ascending: true,
            focus_search: false,
            rows: Vec::new(),
            rows_generation: None,
            order: Vec::new(),
            order_key: None,
            row_focused: false,
            refit_columns: false,
            refitted_for: None,
            last_width: None,
        }
    }

    /// The narrowest the table can be with every column at its minimum width: the space a
    /// panel beside it must leave.
    pub fn min_width(kind: RecordKind) -> f32 {
        let columns = Self::new(kind).columns().len() as f32;
        FIRST_MIN + (columns - 2.0) * MIDDLE_MIN + LAST_MIN + (columns - 1.0) * 8.0 + 16.0
    }

    fn columns(&self) -> &'static [&'static str] {
        match self.kind {
            RecordKind::Account => &["Handle", "Platform", "Kind", "Audience", "State now"],
            RecordKind::Staff => &["Name", "Role", "Team", "Employment", "Pseudonym"],
            RecordKind::Outsider => &["Name", "Role", "Organisation", "Protected"],
            RecordKind::Action => &["Summary", "When", "Kind", "Performed by", "Targets"],
            RecordKind::Statement => &["Quote", "When", "Speaker", "Channel"],
            RecordKind::Source => &["Title", "Publisher", "Published"],
            RecordKind::FollowUp => &["Description", "Owner", "Status", "Due"],
        }
    }

    fn rebuild(&mut self, case: &Case) {
        let tz = case.tz();
        let mut rows: Vec<Row> = match self.kind {
            RecordKind::Account => {
                let histories = all_account_histories(case);
                case.accounts
                    .iter()
                    .map(|a| {
                        let state = histories
                            .get(&a.id)
                            .and_then(|h| h.last())
                            .map_or("active", |p| p.state.label());
                        row(
                            RecordRef::Account(a.id.clone()),
                            vec![
                                Cell::text(a.name()),
                                Cell::text(&a.platform),
                                Cell::text(a.kind.label()),
                                Cell::number(
                                    a.audience.as_ref().map(|x| x.count),
                                    a.audience.as_ref().map_or_else(String::new, |x| {
                                        crate::model::compact_count(x.count)
                                    }),
                                ),
                                Cell::text(state),
                            ],
                        )
                    })
                    .collect()
            }
            RecordKind::Staff => case
                .staff
                .iter()
                .map(|s| {
                    row(
                        RecordRef::Staff(s.id.clone()),
                        vec![
                            Cell::text(&s.name),
                            Cell::text(&s.role),
                            Cell::text(&s.team),
                            Cell::text(s.employment.label()),
                            Cell::text(&s.pseudonym),
                        ],
                    )
                })
                .collect(),
            RecordKind::Outsider => case
                .outsiders
                .iter()
                .map(|o| {
                    row(
                        RecordRef::Outsider(o.id.clone()),
                        vec![
                            Cell::text(&o.name),
                            Cell::text(o.role.label()),
                            Cell::text(&o.organisation),
                            Cell::text(if o.is_protected() { "yes" } else { "no" }),
                        ],
                    )
                })
                .collect(),
            RecordKind::Action => {
                let ranks = crate::model::chronology::ranks(case, tz);
                // By name: a class of accounts or an account with no known handle has none.
                let names: std::collections::HashMap<&str, String> = case
                    .accounts
                    .iter()
                    .map(|a| (a.id.as_str(), a.name()))
                    .collect();
                case.actions
                    .iter()
                    .map(|a| {
                        let targets: Vec<&str> = a
                            .targets
                            .iter()
                            .map(|t| names.get(t.as_str()).map_or(t.as_str(), String::as_str))
                            .collect();
                        row(
                            RecordRef::Action(a.id.clone()),
                            vec![
                                Cell::text(&a.summary),
                                Cell::ranked(
                                    &a.start,
                                    tz,
                                    ranks.get(&EventRef::Action(a.id.clone())).copied(),
                                ),
                                Cell::text(a.kind.label()),
                                Cell::text(case.actor_name(&a.performer)),
                                Cell::text(targets.join(", ")),
                            ],
                        )
                    })
                    .collect()
            }
            RecordKind::Statement => {
                let ranks = crate::model::chronology::ranks(case, tz);
                case.statements
                    .iter()
                    .map(|s| {
                        row(
                            RecordRef::Statement(s.id.clone()),
                            vec![
                                Cell::text(crate::model::excerpt(&s.quote, 80)),
                                Cell::ranked(
                                    &s.when,
                                    tz,
                                    ranks.get(&EventRef::Statement(s.id.clone())).copied(),
                                ),
                                Cell::text(case.speaker_name(&s.speaker)),
                                Cell::text(s.channel.label()),
                            ],
                        )
                    })
                    .collect()
            }
            RecordKind::Source => case
                .sources
                .iter()
                .map(|s| {
                    row(
                        RecordRef::Source(s.id.clone()),
                        vec![
                            Cell::text(&s.title),
                            Cell::text(&s.publisher),
                            Cell::time(s.published.as_ref(), tz),
                        ],
                    )
                })
                .collect(),
            RecordKind::FollowUp => case
                .postmortem
                .follow_ups
                .iter()
                .map(|f| {
                    row(
                        RecordRef::FollowUp(f.id.clone()),
                        vec![
                            Cell::text(crate::model::excerpt(&f.description, 80)),
                            Cell::text(&f.owner),
                            Cell::text(f.status.label()),
                            Cell::time(f.due.as_ref(), tz),
                        ],
                    )
                })
                .collect(),
        };
        // Empty titles still need something to click on.
        for r in &mut rows {
            if r.cells[0].text.trim().is_empty() {
                r.cells[0].text = "(untitled)".to_owned();
            }
        }
        self.rows = rows;
    }

    /// The first cell of `record`'s row, as the table shows it.
    pub fn first_cell(record: &crate::model::Record) -> String {
        let text = match record {
            crate::model::Record::Statement(s) => crate::model::excerpt(&s.quote, 80),
            other => other.title(),
        };
        if text.trim().is_empty() {
            "(untitled)".to_owned()
        } else {
            text
        }
    }

    /// Draws the search box and the table; returns the row the user clicked. `typing`: the
    /// record being typed in the editor, whose row shows what is typed at once.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        generation: u64,
        selected: Option<&RecordRef>,
        typing: Option<&crate::model::Record>,
    ) -> Option<RecordRef> {
        let live = typing.map(|r| (r.reference(), Self::first_cell(r)));
        if self.rows_generation != Some(generation) {
            self.rebuild(case);
            self.rows_generation = Some(generation);
            self.order_key = None;
        }
        self.search_ui(ui);
        let key = (
            generation,
            self.search.to_lowercase(),
            self.sort_column,
            self.ascending,
        );
        if self.order_key.as_ref() != Some(&key) {
            let needle = key.1.clone();
            let mut order: Vec<usize> = (0..self.rows.len())
                .filter(|&i| needle.is_empty() || self.rows[i].haystack.contains(&needle))
                .collect();
            let col = self.sort_column;
            order.sort_by(|&a, &b| {
                let ka = &self.rows[a].cells[col].key;
                let kb = &self.rows[b].cells[col].key;
                ka.partial_cmp(kb).unwrap_or(std::cmp::Ordering::Equal)
            });
            if !self.ascending {
                order.reverse();
            }
            self.order = order;
            self.order_key = Some(key);
        }
        if self.rows.is_empty() {
            ui.add_space(20.0);
            ui.label(
                RichText::new(format!(
                    "No {} yet: “Add {}” above creates one.",
                    self.kind.plural().to_lowercase(),
                    self.kind.label()
                ))
                .weak(),
            );
            return None;
        }
        if self.order.is_empty() {
            ui.label(RichText::new("Nothing matches the search.").weak());
            return None;
        }
        let columns = self.columns();
        let (mut clicked, focus_row) = self.keyboard_ui(ui, selected);
        let mut row_focused = false;
        let mut sort_by = None;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let first = (ui.available_width() * 0.38).clamp(140.0, 320.0);
        let rest = ((ui.available_width() - first) / (columns.len() - 1) as f32).clamp(70.0, 200.0);
        let right_edge = ui.max_rect().right();
        let width_now = ui.available_width().round() as i32;
        let mut builder = TableBuilder::new(ui)
            .id_salt(("table", self.kind.label()))
            .striped(true)
            .resizable(true)
            .auto_shrink([false, false]);
        builder = builder.column(Column::initial(first).at_least(FIRST_MIN).clip(true));
        for _ in 1..columns.len() - 1 {
            builder = builder.column(Column::initial(rest).at_least(MIDDLE_MIN).clip(true));
        }
        builder = builder.column(Column::remainder().at_least(LAST_MIN).clip(true));
        if std::mem::take(&mut self.refit_columns) {
            builder.reset();
        }
        if let Some(row) = focus_row {
            builder = builder.scroll_to_row(row, None);
        }
        builder
            .header(row_height, |mut header| {
                for (i, name) in columns.iter().enumerate() {
                    header.col(|ui| {
                        let arrow = if i == self.sort_column {
                            if self.ascending { " ▲" } else { " ▼" }
                        } else {
                            ""
                        };
                        if ui
                            .add(
                                egui::Button::new(RichText::new(format!("{name}{arrow}")).strong())
                                    .frame(false),
                            )
                            .on_hover_text(format!("Sort by {}", name.to_lowercase()))
                            .clicked()
                        {
                            sort_by = Some(i);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, self.order.len(), |mut table_row| {
                    let index = table_row.index();
                    let row = &self.rows[self.order[index]];
                    let is_selected = selected == Some(&row.reference);
                    table_row.set_selected(is_selected);
                    for (i, cell) in row.cells.iter().enumerate() {
                        table_row.col(|ui| {
                            if i == 0 {
                                let text = match &live {
                                    Some((r, text)) if *r == row.reference => text,
                                    _ => &cell.text,
                                };
                                let r =
                                    ui.add(egui::Button::selectable(is_selected, text).truncate());
                                if focus_row == Some(index) {
                                    r.request_focus();
                                }
                                row_focused |= r.has_focus();
                                if r.clicked() {
                                    clicked = Some(row.reference.clone());
                                }
                            } else {
                                ui.add(egui::Label::new(&cell.text).truncate());
                            }
                        });
                    }
                    if table_row.response().clicked() {
                        clicked = Some(row.reference.clone());
                    }
                });
            });
        self.row_focused = row_focused || focus_row.is_some();
        let narrower = self.last_width.is_none_or(|w| width_now < w);
        self.last_width = Some(width_now);
        if ui.min_rect().right() > right_edge + 1.0
            && narrower
            && self.refitted_for != Some(width_now)
        {
            self.refitted_for = Some(width_now);
            self.refit_columns = true;
            ui.ctx().request_repaint();
        }
        if let Some(i) = sort_by {
            if i == self.sort_column {
                self.ascending = !self.ascending;
            } else {
                self.sort_column = i;
                self.ascending = true;
            }
        }
        clicked
    }

    /// ↑ / ↓ (and Page Up / Page Down) move the selection through the rows as sorted and
    /// filtered, when the table has the keyboard: a row has focus, or nothing has (never while
    /// typing in a field or on a number a key would change). Returns the row to select and
    /// focus.
    fn keyboard_ui(
        &mut self,
        ui: &mut Ui,
        selected: Option<&RecordRef>,
    ) -> (Option<RecordRef>, Option<usize>) {
        let mut clicked = None;
        let mut focus_row = None;
        let keyboard_free = (ui.ctx().memory(|m| m.focused().is_none()) || self.row_focused)
            && !ui.ctx().text_edit_focused();
        if keyboard_free {
            let step = ui.input_mut(|i| {
                let mut step = 0i64;
                for (key, by) in [
                    (egui::Key::ArrowDown, 1),
                    (egui::Key::ArrowUp, -1),
                    (egui::Key::PageDown, 10),
                    (egui::Key::PageUp, -10),
                ] {
                    if i.consume_key(egui::Modifiers::NONE, key) {
                        step += by;
                    }
                }
                step
            });
            if step != 0 {
                let last = self.order.len() as i64 - 1;
                let current = selected.and_then(|s| {
                    self.order
                        .iter()
                        .position(|&i| &self.rows[i].reference == s)
                });
                let next = match current {
                    Some(c) => (c as i64 + step).clamp(0, last),
                    None if step > 0 => 0,
                    None => last,
                } as usize;
                clicked = Some(self.rows[self.order[next]].reference.clone());
                focus_row = Some(next);
                // The keyboard focus goes to the newly selected row, not one further on (egui
                // would also move it by the arrow).
                ui.ctx()
                    .memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            }
        }
        (clicked, focus_row)
    }

    /// The search box (Ctrl+F focuses it) and its clear button.
    fn search_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Search").id;
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text(format!("Search {}", self.kind.plural().to_lowercase()))
                        .desired_width(260.0),
                )
                .labelled_by(label)
                .on_hover_text("Search");
            if self.focus_search {
                r.request_focus();
                self.focus_search = false;
            }
            if !self.search.is_empty()
                && ui
                    .small_button("✖")
                    .accessible_name("Clear the search")
                    .on_hover_text("Clear the search")
                    .clicked()
            {
                self.search.clear();
            }
        });
    }
}

fn row(reference: RecordRef, cells: Vec<Cell>) -> Row {
    let haystack = cells
        .iter()
        .map(|c| c.text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\u{1f}");
    Row {
        reference,
        cells,
        haystack,
    }
}

/// One line of the chronological strip.
pub struct ChronoEntry {
    pub when: When,
    pub reference: RecordRef,
    pub text: String,
    pub key_event: bool,
}

/// Actions and statements in the case's time order (see [`crate::model::chronology`]).
pub fn chronology(case: &Case) -> Vec<ChronoEntry> {
    use crate::model::chronology::Dated;
    crate::model::chronology::chronology(case, case.tz())
        .into_iter()
        .map(|entry| ChronoEntry {
            when: entry.when().clone(),
            reference: entry.reference(),
            text: match entry {
                Dated::Action(a) => format!("{} — {}", a.kind.label(), a.summary),
                Dated::Statement(s) => format!(
                    "{} ({}): “{}”",
                    case.speaker_name(&s.speaker),
                    s.channel,
                    crate::model::excerpt(&s.quote, 80)
                ),
            },
            key_event: entry.key_event(),
        })
        .collect()
}
