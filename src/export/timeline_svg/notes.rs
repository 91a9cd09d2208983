//! What the figure could not label or draw, numbered and listed under it (on paper nothing can
//! be clicked, so nothing is hidden behind a count), and the members of grouped lanes.

use super::*;

/// One numbered item under the figure: its number on the figure, when, in which lane, what.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub number: usize,
    pub item: usize,
    pub when: String,
    pub lane: String,
    pub what: String,
}

const NOTE_SIZE: f64 = 6.8;
const NOTE_LINE: f64 = 9.0;

impl Figure {
    /// Numbers the marks of `layouts` that carry no label and the items that had no room,
    /// from `*next` on (lane by lane, in time order), and returns what each number stands for.
    pub fn number_notes(&self, layouts: &mut [LaneLayout], next: &mut usize) -> Vec<Note> {
        let mut notes = Vec::new();
        for layout in layouts.iter_mut() {
            let lane = &self.lanes.lanes[layout.lane];
            let lane_name = lane
                .label
                .split(" · ")
                .next()
                .unwrap_or_default()
                .to_owned();
            let push = |item: usize, next: &mut usize, notes: &mut Vec<Note>| {
                let it = &self.items[item];
                notes.push(Note {
                    number: *next,
                    item,
                    when: self.when_text(it),
                    lane: lane_name.clone(),
                    what: mark_label(it, lane.is_via(it)),
                });
                *next += 1;
            };
            // Labels and overflow, in x order together.
            let mut order: Vec<(f64, usize, bool)> = Vec::new();
            for (k, (m, _, l)) in layout.marks.iter().enumerate() {
                if let (Mark::Single { x0, .. }, Some(l)) = (m, l)
                    && l.numbered
                {
                    order.push((*x0, k, true));
                }
            }
            for (k, o) in layout.overflow.iter().enumerate() {
                order.push((o.x0, k, false));
            }
            order.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (_, k, is_mark) in order {
                if is_mark {
                    let (m, _, l) = &mut layout.marks[k];
                    if let (Mark::Single { item, .. }, Some(l)) = (m, l) {
                        l.text = next.to_string();
                        push(*item, next, &mut notes);
                    }
                } else {
                    let o = &mut layout.overflow[k];
                    o.first_number = *next;
                    for &item in &o.items {
                        push(item, next, &mut notes);
                    }
                }
            }
        }
        notes
    }

    /// When an item was, as the note table says it: "2024-03-14 13:12", "2024-03-15",
    /// "Mar 2024", "2024-03-14 14:05 – 17:55".
    pub fn when_text(&self, it: &Item) -> String {
        let tz = self.tz;
        let fmt = |t: f64, f: &str| {
            chrono::DateTime::from_timestamp(t as i64, 0)
                .map(|d| d.with_timezone(&tz).format(f).to_string())
                .unwrap_or_default()
        };
        if it.lasting {
            let start = fmt(it.start, "%Y-%m-%d %H:%M");
            return if it.open_end || it.end <= it.start {
                format!("from {start}")
            } else if fmt(it.start, "%F") == fmt(it.end, "%F") {
                format!("{start} – {}", fmt(it.end, "%H:%M"))
            } else {
                format!("{start} – {}", fmt(it.end, "%Y-%m-%d %H:%M"))
            };
        }
        let (a, b) = (it.start, it.end);
        let span = b - a;
        let day = |t: f64| fmt(t, "%Y-%m-%d");
        if span <= 60.0 && !it.fuzzy {
            fmt(a, "%Y-%m-%d %H:%M")
        } else if span < 86_400.0 - 3600.0 && day(a) == day(b - 1.0) {
            format!("{} – {}", fmt(a, "%Y-%m-%d %H:%M"), fmt(b, "%H:%M"))
        } else if span <= 86_400.0 + 3600.0 && day(a) == day(b - 1.0) {
            day(a)
        } else if span > 27.0 * 86_400.0
            && span <= 32.0 * 86_400.0
            && fmt(a, "%Y-%m") == fmt(b - 1.0, "%Y-%m")
        {
            fmt(a, "%b %Y")
        } else if span > 360.0 * 86_400.0 && fmt(a, "%Y") == fmt(b - 1.0, "%Y") {
            fmt(a, "%Y")
        } else {
            format!("{} – {}", day(a), day(b))
        }
    }

    /// One line per grouped lane: "27 accounts (unauthorized post → restriction): @a, @b, …".
    pub fn group_lines(&self) -> Vec<String> {
        self.groups
            .iter()
            .map(|g| {
                let pattern = if g.pattern.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", g.pattern)
                };
                format!(
                    "{} accounts{pattern}, drawn as one lane: {}.",
                    g.members.len(),
                    g.names.join(", ")
                )
            })
            .collect()
    }

    /// Height of [`Figure::draw_notes`] for `notes` and the group lines `width` wide.
    pub fn notes_height(notes: &[Note], groups: &[String], width: f64) -> f64 {
        let mut h = 0.0;
        if !notes.is_empty() {
            h += NOTE_LINE + 2.0;
            for n in notes {
                h += note_lines(n, width).len() as f64 * NOTE_LINE;
            }
            h += 4.0;
        }
        for g in groups {
            h += wrap(g, Face::Regular, NOTE_SIZE, width).len() as f64 * NOTE_LINE + 3.0;
        }
        h
    }

    /// Draws the note table and the group lines at `(x, y)` (the standalone image; the report
    /// sets them as a table of its own). Returns the y below.
    pub fn draw_notes(
        svg: &mut Svg,
        x: f64,
        mut y: f64,
        width: f64,
        notes: &[Note],
        groups: &[String],
    ) -> f64 {
        if !notes.is_empty() {
            y += NOTE_LINE;
            for (col, head) in NOTE_COLS.iter().zip(["No.", "When", "Lane", "What"]) {
                svg.text(
                    x + col * width,
                    y,
                    head,
                    Face::Bold,
                    NOTE_SIZE,
                    INK,
                    Anchor::Start,
                );
            }
            y += 2.0;
            for n in notes {
                let lines = note_lines(n, width);
                for (k, cells) in lines.iter().enumerate() {
                    for (c, text) in cells.iter().enumerate() {
                        if k == 0 || c == 3 {
                            svg.text(
                                x + NOTE_COLS[c] * width,
                                y + NOTE_LINE,
                                text,
                                if c == 0 { Face::Bold } else { Face::Regular },
                                NOTE_SIZE,
                                if c == 3 { INK } else { MUTED },
                                Anchor::Start,
                            );
                        }
                    }
                    y += NOTE_LINE;
                }
            }
            y += 4.0;
        }
        for g in groups {
            for line in wrap(g, Face::Regular, NOTE_SIZE, width) {
                y += NOTE_LINE;
                svg.text(x, y, &line, Face::Regular, NOTE_SIZE, MUTED, Anchor::Start);
            }
            y += 3.0;
        }
        y
    }
}

/// Where the note table's columns start, as fractions of its width.
const NOTE_COLS: [f64; 4] = [0.0, 0.05, 0.25, 0.45];

/// A note's cells on as many lines as its text needs: the first line has every cell, the
/// others only the rest of "what".
fn note_lines(n: &Note, width: f64) -> Vec<[String; 4]> {
    let what_w = (1.0 - NOTE_COLS[3]) * width - 2.0;
    let lane_w = (NOTE_COLS[3] - NOTE_COLS[2]) * width - 6.0;
    let what = wrap(&n.what, Face::Regular, NOTE_SIZE, what_w);
    let mut out = Vec::new();
    for (k, line) in what.iter().enumerate() {
        if k == 0 {
            out.push([
                n.number.to_string(),
                n.when.clone(),
                ellipsize(&n.lane, Face::Regular, NOTE_SIZE, lane_w),
                line.clone(),
            ]);
        } else {
            out.push([String::new(), String::new(), String::new(), line.clone()]);
        }
    }
    if out.is_empty() {
        out.push([
            n.number.to_string(),
            n.when.clone(),
            ellipsize(&n.lane, Face::Regular, NOTE_SIZE, lane_w),
            String::new(),
        ]);
    }
    out
}
