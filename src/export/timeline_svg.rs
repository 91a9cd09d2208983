//! The timeline drawn as SVG, from the same pure layout as the on-screen widget (items, lanes,
//! gap compression, ticks, aggregation). Used for the report's timeline figure (split over as
//! many pages as it needs) and for the wide timeline image.
//!
//! On paper there are no tooltips, so every marker carries its label beside it; overlapping
//! markers and labels stack into sub-rows. What a source leaves open is drawn, not hidden: a
//! compromised account hatched, an end not known fading out, a time known only as a bound
//! fading towards the unknown side, times that sources disagree on as a band with a tick for
//! each, an item done through someone else's account or credentials dashed in their lane.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::svg::{Anchor, Face, Svg, ellipsize, text_width, wrap};
use crate::model::{Case, RecordKind, RecordRef, TimeBound};
use crate::timeline::palette;
use crate::timeline::{
    Compression, Grouping, Hidden, Item, ItemKind, LaneGroup, LaneKey, Lanes, Mark, TimeView,
    aggregate, anchors, derive_items, group_alike_accounts, pack_rows_pinned, ticks,
};

mod axis;
mod item;
mod legend;
mod marks;
mod notes;
mod parts;
use legend::*;
use marks::*;
pub use notes::Note;
pub use parts::{GAP_PT, MIN_DAY_PT, Part, item_point};

/// Width of the lane-label column, in points.
pub const LABEL_COLUMN: f64 = 112.0;
/// Height of the time axis.
pub const AXIS_HEIGHT: f64 = 26.0;
const SUB_ROW: f64 = 15.0;
/// Width kept left of a key event's mark for its star.
const STAR_ROOM: f64 = 9.0;
const LANE_PAD: f64 = 5.0;
const MAX_SUB_ROWS: usize = 12;
const LABEL_SIZE: f64 = 6.8;
const MAX_LABEL: f64 = 190.0;
/// How far an open end or a bound fades out, in points.
const FADE: f64 = 22.0;
/// Half the size of a diamond or statement dot.
const MARKER_R: f64 = 4.2;
/// Lane labels: size and line height (a long name takes two lines).
const LANE_LABEL_SIZE: f64 = 7.5;
const LANE_LABEL_LINE: f64 = 8.6;

/// Text and line colours (dark enough to print in grey).
pub const INK: &str = "#1d2430";
pub const MUTED: &str = "#5b6573";
pub const RULE: &str = "#c9ced6";
pub const FAINT: &str = "#f3f5f8";
/// The "unauthorized" red of [`palette::UNAUTHORIZED`], as SVG writes it.
pub const UNAUTHORIZED: &str = "#c62828";

/// `#rrggbb` for a record kind.
pub fn kind_hex(kind: RecordKind) -> String {
    palette::hex(palette::kind_rgb(kind))
}

fn item_hex(item: &Item) -> String {
    palette::hex(palette::item_rgb(item))
}

/// What to draw: the case's items in a time range, laid out in lanes.
#[derive(Debug)]
pub struct Figure {
    pub items: Vec<Item>,
    pub lanes: Lanes,
    pub compression: Compression,
    /// Everything, in compressed seconds.
    pub full: TimeView,
    pub tz: Tz,
    /// The range asked for (real seconds), if any.
    pub range: Option<(f64, f64)>,
    /// Accounts whose lanes were alike, drawn as one lane each.
    pub groups: Vec<LaneGroup>,
}

/// Accounts grouped into one lane from this many alike on.
pub const GROUP_MIN: usize = 3;

/// Where a mark's label goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LabelPos {
    Inside,
    Right,
    Left,
}

/// A mark's label: its text, where it goes, and the x (from the plot's left edge) it is
/// anchored at (its start, or its end when left of the mark).
#[derive(Clone, Debug)]
struct Label {
    text: String,
    pos: LabelPos,
    x: f64,
    /// The label did not fit: the mark carries a number instead, and the note table under
    /// the figure says what it is.
    numbered: bool,
}

/// Items a full lane had no sub-row for, gathered where they lie: drawn as one small marker
/// with their numbers ("12–15"), listed in the table under the figure.
#[derive(Clone, Debug)]
struct Overflow {
    x0: f64,
    x1: f64,
    items: Vec<usize>,
    /// The number of the first (the others follow), once numbered.
    first_number: usize,
}

/// A mark, its sub-row, and its label (none when there is no room).
type PlacedMark = (Mark, usize, Option<Label>);

/// One lane laid out for a given view and width.
#[derive(Debug)]
pub struct LaneLayout {
    pub lane: usize,
    pub height: f64,
    marks: Vec<PlacedMark>,
    /// Marks beyond `MAX_SUB_ROWS`, as numbered markers in a row below the others.
    overflow: Vec<Overflow>,
    /// The part it was laid out for, to place an item's other moments.
    part: Part,
    plot_width: f64,
    /// The lane's name, on one or two lines.
    label_lines: Vec<String>,
}

impl LaneLayout {
    /// Nothing to draw in this lane for its view.
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty() && self.overflow.is_empty()
    }

    /// Items drawn (a cluster mark counts all of its items).
    pub fn drawn_items(&self) -> usize {
        self.marks
            .iter()
            .map(|(m, _, _)| match m {
                Mark::Single { .. } => 1,
                Mark::Cluster { count, .. } => *count,
            })
            .sum()
    }

    /// Items the lane had no room for (numbered, listed under the figure), gathered where
    /// they lie.
    pub fn hidden(&self) -> Vec<Hidden> {
        self.overflow
            .iter()
            .map(|o| Hidden {
                x0: o.x0,
                x1: o.x1,
                count: o.items.len(),
                first: o.items.first().copied().unwrap_or(0),
            })
            .collect()
    }

    /// Items drawn with a number instead of a label (no room for it), and items with no room
    /// at all (numbered in the overflow row).
    pub fn numbered_items(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .marks
            .iter()
            .filter_map(|(m, _, l)| match (m, l) {
                (Mark::Single { item, .. }, Some(l)) if l.numbered => Some(*item),
                _ => None,
            })
            .collect();
        out.extend(self.overflow.iter().flat_map(|o| o.items.iter().copied()));
        out
    }

    /// The labels drawn on the lane's marks, with the item each belongs to (`None` for a
    /// cluster's count): what a reader of the page sees.
    pub fn labels(&self) -> Vec<(Option<usize>, &str)> {
        self.marks
            .iter()
            .filter_map(|(m, _, l)| {
                let item = match m {
                    Mark::Single { item, .. } => Some(*item),
                    Mark::Cluster { .. } => None,
                };
                l.as_ref().map(|l| (item, l.text.as_str()))
            })
            .collect()
    }

    /// The sub-row each drawn item is in.
    pub fn rows(&self) -> Vec<(usize, usize)> {
        self.marks
            .iter()
            .filter_map(|(m, row, _)| match m {
                Mark::Single { item, .. } => Some((*item, *row)),
                Mark::Cluster { .. } => None,
            })
            .collect()
    }
}

/// Whether a mark is drawn as a bar (it lasted, or covers a visible span of uncertainty) rather
/// than a diamond or dot. An instant whose sources disagree is a marker at its own time over a
/// band of the times given.
fn is_bar(it: &Item, x0: f64, x1: f64) -> bool {
    it.lasting || (x1 - x0 > 3.0 && it.reported.is_empty())
}

/// Where a single item draws, from the plot's left edge (see [`Figure::extents`]).
#[derive(Clone, Copy, Debug)]
struct Extent {
    shape: (f64, f64),
    near: (f64, f64),
    far: (f64, f64),
}

/// What a mark fades into beyond its shape: (points left of it, points right of it).
fn fade_room(it: &Item) -> (f64, f64) {
    let left = if it.bound == Some(TimeBound::Before) {
        FADE
    } else {
        0.0
    };
    let right = if it.open_end || (it.bound == Some(TimeBound::After) && !it.lasting) {
        FADE
    } else {
        0.0
    };
    (left, right)
}

impl Figure {
    /// The figure for `case` with times on the axis in `tz`, restricted to `[from, to]` (seconds
    /// since the epoch) when given; `key_events_only` keeps only pinned items.
    pub fn new(case: &Case, tz: Tz, range: Option<(f64, f64)>, key_events_only: bool) -> Self {
        let mut items = derive_items(case);
        if let Some((from, to)) = range {
            items.retain(|i| i.end >= from && i.start <= to);
        }
        if key_events_only {
            items.retain(|i| i.key_event);
        }
        let mut lanes = Lanes::build(case, &items, Grouping::AccountsAndStaff);
        let groups = group_alike_accounts(case, &mut items, &mut lanes, GROUP_MIN);
        let compression = Compression::find(&items, 0.15);
        let anchors = anchors(&items);
        let (mut first, mut last) = anchors
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), s| (a.min(s.0), b.max(s.1)));
        if let Some((from, to)) = range {
            first = first.max(from);
            last = last.min(to);
        }
        if first > last {
            first = 0.0;
            last = 86_400.0;
        }
        let full = TimeView::fit(
            compression.compress(first),
            compression.compress(last),
            0.04,
        );
        Self {
            items,
            lanes,
            compression,
            full,
            tz,
            range,
            groups,
        }
    }

    /// Lanes with at least one item.
    pub fn lanes_in_use(&self) -> Vec<usize> {
        (0..self.lanes.lanes.len())
            .filter(|&l| !self.lanes.lanes[l].items.is_empty())
            .collect()
    }

    /// `n` equal consecutive views covering the whole figure.
    pub fn segments(&self, n: usize) -> Vec<TimeView> {
        let n = n.max(1);
        let span = self.full.span / n as f64;
        (0..n)
            .map(|k| TimeView::new(self.full.start + span * k as f64, span))
            .collect()
    }

    /// How many segments a figure `plot_width` points wide needs so markers stay legible
    /// (about one marker per 14 points in the busiest lane).
    pub fn segments_needed(&self, plot_width: f64) -> usize {
        let busiest = self
            .lanes
            .lanes
            .iter()
            .map(|l| l.items.len())
            .max()
            .unwrap_or(0);
        let per_segment = (plot_width / 14.0).max(1.0);
        ((busiest as f64 / per_segment).ceil() as usize).clamp(1, 200)
    }

    /// Where a single item draws (from the plot's left edge): its shape, its shape with the
    /// times sources give, its decision and the fades of an open end or a bound (labels go
    /// beside these), and everything it draws (its other moments too).
    fn extents(&self, it: &Item, (x0, x1): (f64, f64), part: &Part, plot_width: f64) -> Extent {
        let x_of = |t: f64| part.x(t, plot_width).clamp(-1.0, plot_width + 1.0);
        let bar = is_bar(it, x0, x1);
        let shape = if bar {
            (x0.max(0.0), x1.min(plot_width).max(x0.max(0.0) + 2.5))
        } else {
            let xm = x_of(it.own_start());
            (xm - MARKER_R, xm + MARKER_R)
        };
        let (reach0, reach1) = it.reach();
        let (fade_left, fade_right) = fade_room(it);
        // The times sources give and the decision are part of the mark; found out, made
        // public and the planned end lie along its row.
        let (mut near0, mut near1) = shape;
        if let Some((r0, r1)) = it.reported_range() {
            (near0, near1) = (near0.min(x_of(r0)), near1.max(x_of(r1)));
        }
        if let Some(d) = it.moments.decided {
            near0 = near0.min(x_of(d) - 1.0);
        }
        let near = (near0 - fade_left, near1 + fade_right);
        Extent {
            shape,
            near,
            far: (near.0.min(x_of(reach0)), near.1.max(x_of(reach1))),
        }
    }

    /// Lays out lane `lane` for `view` (of the whole figure's compression) over `plot_width`
    /// points.
    pub fn layout_lane(&self, lane: usize, view: &TimeView, plot_width: f64) -> LaneLayout {
        let part = Part {
            view: *view,
            ..self.whole_part()
        };
        self.layout_part_lane(lane, &part, plot_width)
    }

    /// Lays out lane `lane` for `part` over `plot_width` points. On paper nothing is merged
    /// into a count: markers that overlap stack into sub-rows; what has no room is numbered.
    pub fn layout_part_lane(&self, lane: usize, part: &Part, plot_width: f64) -> LaneLayout {
        let l = &self.lanes.lanes[lane];
        let (from, to) = part.real_range();
        let x_of = |t: f64| part.x(t, plot_width);
        let visible = l
            .visible(&self.items, from, to)
            .filter(|&i| part.draws(&self.items[i]));
        let marks = aggregate(&self.items, visible, x_of, 0.0);
        // An account's states share the first row, one after another: each one's label keeps
        // to its own stretch of the strip.
        let state_at = |m: &Mark| match *m {
            Mark::Single { item, x0, x1 }
                if matches!(self.items[item].kind, ItemKind::State(_)) =>
            {
                Some((x0, x1))
            }
            _ => None,
        };
        let pinned: Vec<bool> = marks.iter().map(|m| state_at(m).is_some()).collect();
        let mut next_state = vec![f64::INFINITY; marks.len()];
        let mut prev_state = vec![f64::NEG_INFINITY; marks.len()];
        let mut seen = f64::INFINITY;
        for (k, m) in marks.iter().enumerate().rev() {
            if let Some((x0, _)) = state_at(m) {
                next_state[k] = seen;
                seen = x0;
            }
        }
        let mut seen = f64::NEG_INFINITY;
        for (k, m) in marks.iter().enumerate() {
            if let Some((_, x1)) = state_at(m) {
                prev_state[k] = seen;
                seen = x1;
            }
        }
        // Each mark with its label and the span both take, then packed into rows (labels never
        // overlap; key events, unauthorized actions and account states first).
        let mut placed = Vec::with_capacity(marks.len());
        let mut spans = Vec::with_capacity(marks.len());
        for (k, m) in marks.iter().cloned().enumerate() {
            let single = match m {
                Mark::Single { item, .. } => Some(&self.items[item]),
                Mark::Cluster { .. } => None,
            };
            let (x0, x1, label) = match m {
                Mark::Single { item, x0, x1 } => {
                    let it = &self.items[item];
                    (x0, x1.max(x0), mark_label(it, l.is_via(it)))
                }
                Mark::Cluster { count, x0, x1, .. } => (x0, x1, format!("{count} items")),
            };
            // What is drawn of the mark itself (bars are cut at the plot's edges), and all it
            // draws around it.
            let (x0, x1) = (x0.max(0.0), x1.min(plot_width).max(x0.max(0.0)));
            let ext = match single {
                Some(it) => self.extents(it, (x0, x1), part, plot_width),
                None => Extent {
                    shape: (x0, x1),
                    near: (x0, x1),
                    far: (x0, x1),
                },
            };
            let ((shape0, shape1), (near0, near1), (far0, far1)) = (ext.shape, ext.near, ext.far);
            let mut label = shorten(&label, MAX_LABEL);
            let mut numbered = false;
            let mut label_w = text_width(&label, Face::Regular, LABEL_SIZE);
            // Room left of the mark; a key event's star sits there too.
            let key = single.is_some_and(|it| it.key_event);
            let marker = if key { 8.0 + STAR_ROOM } else { 8.0 };
            let right_room = plot_width.min(next_state[k] - 3.0) - (near1 + marker);
            let left_room = near0 - marker - 2.0 - prev_state[k].max(0.0) - 3.0;
            // Inside a bar wide enough for it; else right of the mark; else left of it; else
            // ellipsized to the larger side. Never past the plot's edges.
            // On an uncertain span the centre dot must stay clear of the text.
            let uncertain = single.is_some_and(|it| it.fuzzy && !it.lasting);
            let bar = single.is_some_and(|it| is_bar(it, x0, x1));
            let inside_room = if !bar {
                0.0
            } else if uncertain {
                (shape1 - shape0) / 2.0 - 4.0
            } else {
                shape1 - shape0
            };
            let pos = if inside_room > label_w + 8.0 {
                LabelPos::Inside
            } else if right_room >= label_w {
                LabelPos::Right
            } else if left_room >= label_w {
                LabelPos::Left
            } else {
                let (room, pos) = if inside_room >= right_room.max(left_room) {
                    (inside_room - 8.0, LabelPos::Inside)
                } else if right_room >= left_room {
                    (right_room, LabelPos::Right)
                } else {
                    (left_room, LabelPos::Left)
                };
                if room > 40.0 {
                    label = shorten(&label, room);
                    label_w = text_width(&label, Face::Regular, LABEL_SIZE);
                    pos
                } else {
                    // No room for words: a number, and the note table says what it is.
                    numbered = true;
                    label = "00".to_owned();
                    label_w = number_width(99);
                    if right_room >= label_w {
                        LabelPos::Right
                    } else if left_room >= label_w {
                        LabelPos::Left
                    } else {
                        // On the mark itself (a bar reaching past both edges).
                        LabelPos::Inside
                    }
                }
            };
            let star = if key { STAR_ROOM } else { 0.0 };
            // The label sits beside the mark (and its fades); the span packed takes in all the
            // mark draws as well.
            let (start, end, label_x) = match (pos, single) {
                (LabelPos::Inside, _) => (near0 - marker, near1.max(shape0 + marker), shape0 + 4.0),
                (LabelPos::Right, Some(_)) => (near0 - marker, near1 + 4.0 + label_w, near1 + 4.0),
                (LabelPos::Right, None) => (x0 - 8.0, x1 + 8.0 + label_w, x1 + 6.0),
                (LabelPos::Left, Some(_)) => (
                    near0 - marker - label_w - 2.0,
                    near1.max(shape0 + 8.0),
                    near0 - 4.0 - star,
                ),
                (LabelPos::Left, None) => (x0 - 8.0 - label_w - 2.0, x1 + 8.0, x0 - 6.0),
            };
            let (start, end) = (start.min(far0 - 2.0), end.max(far1 + 2.0));
            let prominent = single.is_some_and(Item::is_prominent);
            spans.push((start, end, prominent));
            placed.push((
                m,
                (!label.is_empty()).then_some(Label {
                    text: label,
                    pos,
                    x: label_x,
                    numbered,
                }),
            ));
        }
        let rows_of = pack_rows_pinned(&spans, &pinned, MAX_SUB_ROWS, 3.0);
        let mut out = Vec::with_capacity(placed.len());
        let mut hidden = Vec::new();
        for (k, ((m, label), row)) in placed.into_iter().zip(&rows_of).enumerate() {
            match *row {
                Some(row) => out.push((m, row, label)),
                // Full: a numbered marker in a row below the others instead.
                None => hidden.push(k),
            }
        }
        let used_rows = rows_of.iter().flatten().max().map_or(1, |r| r + 1);
        let mut overflow: Vec<Overflow> = Vec::new();
        for k in hidden {
            let (items, x0, x1) = match marks[k] {
                Mark::Single { item, x0, x1 } => (vec![item], x0, x1.max(x0)),
                Mark::Cluster { x0, x1, .. } => (Vec::new(), x0, x1.max(x0)),
            };
            match overflow.last_mut() {
                Some(o) if x0 <= o.x1 + 40.0 => {
                    o.items.extend(items);
                    o.x1 = o.x1.max(x1);
                }
                _ => overflow.push(Overflow {
                    x0,
                    x1,
                    items,
                    first_number: 0,
                }),
            }
        }
        let rows = used_rows + usize::from(!overflow.is_empty());
        let label_lines = match (&l.key, l.label.split_once(" · ")) {
            // "27 accounts", then what happened to each, in as many lines as it takes.
            (LaneKey::Group(_), Some((count, pattern))) => {
                let mut lines = vec![count.to_owned()];
                lines.extend(wrap(
                    pattern,
                    Face::Regular,
                    LANE_LABEL_SIZE,
                    LABEL_COLUMN - 14.0,
                ));
                lines
            }
            _ => lane_label_lines(&l.label),
        };
        let label_height = label_lines.len() as f64 * LANE_LABEL_LINE + 2.0 * LANE_PAD + 4.0;
        LaneLayout {
            lane,
            height: (rows as f64 * SUB_ROW + 2.0 * LANE_PAD).max(label_height),
            marks: out,
            overflow,
            part: part.clone(),
            plot_width,
            label_lines,
        }
    }

    /// Draws laid-out lanes from `y` down; returns the y below the last lane.
    pub fn draw_lanes(
        &self,
        svg: &mut Svg,
        x: f64,
        mut y: f64,
        width: f64,
        lanes: &[LaneLayout],
    ) -> f64 {
        let plot_x = x + LABEL_COLUMN;
        let plot_w = width - LABEL_COLUMN;
        // Where each item is drawn in each lane, for links.
        let mut centers: HashMap<(usize, &RecordRef), (f64, f64)> = HashMap::new();
        let mut links: Vec<(usize, &RecordRef, (f64, f64))> = Vec::new();
        for (n, lane) in lanes.iter().enumerate() {
            let l = &self.lanes.lanes[lane.lane];
            if n % 2 == 1 {
                // See-through, so compressed-gap bands show across every lane.
                svg.rect_alpha(x, y, width, lane.height, "#dfe4ea", 0.45);
            }
            svg.line(
                x,
                y + lane.height,
                x + width,
                y + lane.height,
                "#e1e5ea",
                0.4,
                false,
            );
            svg.rect(
                x + 3.0,
                y + LANE_PAD + 2.0,
                3.0,
                9.0,
                &kind_hex(lane_kind(&l.key)),
                None,
                1.0,
            );
            for (k, line) in lane.label_lines.iter().enumerate() {
                let (face, color) = if k == 0 {
                    (Face::Bold, INK)
                } else {
                    (Face::Regular, MUTED)
                };
                svg.text(
                    x + 10.0,
                    y + LANE_PAD + 10.0 + k as f64 * LANE_LABEL_LINE,
                    line,
                    face,
                    LANE_LABEL_SIZE,
                    color,
                    Anchor::Start,
                );
            }
            let x_of = |t: f64| plot_x + lane.part.x(t, lane.plot_width);
            for (mark, row, label) in &lane.marks {
                let cy = y + LANE_PAD + *row as f64 * SUB_ROW + SUB_ROW / 2.0;
                match *mark {
                    Mark::Single { item, x0, x1 } => {
                        let it = &self.items[item];
                        let centre = self.draw_item(
                            svg,
                            it,
                            l.is_via(it),
                            (x0, x1),
                            (plot_x, plot_w),
                            cy,
                            label.as_ref(),
                            &x_of,
                            &lane.part,
                        );
                        if !matches!(it.kind, ItemKind::State(_)) {
                            centers.entry((n, &it.record)).or_insert(centre);
                            if let Some(target) = &it.links_to {
                                links.push((n, target, centre));
                            }
                        }
                    }
                    Mark::Cluster {
                        first,
                        count: _,
                        x0,
                        x1,
                    } => {
                        let color = item_hex(&self.items[first]);
                        let (x0, x1) = (plot_x + x0, plot_x + x1);
                        svg.rect_alpha(x0 - 3.0, cy - 5.0, (x1 - x0) + 6.0, 10.0, &color, 0.35);
                        if let Some(label) = label {
                            let anchor = match label.pos {
                                LabelPos::Left => Anchor::End,
                                _ => Anchor::Start,
                            };
                            svg.text(
                                plot_x + label.x,
                                cy + 2.4,
                                &label.text,
                                Face::Bold,
                                LABEL_SIZE,
                                INK,
                                anchor,
                            );
                        }
                    }
                }
            }
            if !lane.overflow.is_empty() {
                let rows = lane.marks.iter().map(|(_, r, _)| r + 1).max().unwrap_or(0);
                let cy = y + LANE_PAD + rows as f64 * SUB_ROW + SUB_ROW / 2.0;
                let mut prev_end = f64::MIN;
                for o in &lane.overflow {
                    // Their numbers: "12", "12–15"; the table under the figure lists them.
                    let last = o.first_number + o.items.len().saturating_sub(1);
                    let text = if o.items.len() > 1 {
                        format!("{}–{last}", o.first_number)
                    } else {
                        o.first_number.to_string()
                    };
                    let w = text_width(&text, Face::Bold, LABEL_SIZE) + 8.0;
                    let x0 = (plot_x + o.x0 - 4.0)
                        .max(prev_end + 2.0)
                        .clamp(plot_x, (plot_x + plot_w - w).max(plot_x));
                    prev_end = x0 + w;
                    let color = o
                        .items
                        .first()
                        .map_or_else(|| MUTED.to_owned(), |&i| item_hex(&self.items[i]));
                    svg.rect(x0, cy - 5.0, w, 10.0, "#ffffff", Some((&color, 0.9)), 5.0);
                    svg.text(
                        x0 + 4.0,
                        cy + 2.4,
                        &text,
                        Face::Bold,
                        LABEL_SIZE,
                        INK,
                        Anchor::Start,
                    );
                }
            }
            y += lane.height;
        }
        // Reversal, amendment and follow-up links between items drawn on this page, within a
        // lane (an action is in several lanes; a link across them would cross other lanes'
        // labels).
        for (n, target, (x1, y1)) in links {
            if let Some(&(x0, y0)) = centers.get(&(n, target)) {
                svg.line(x0, y0, x1, y1, "#6b7380", 0.6, true);
            }
        }
        y
    }

    /// The height of the legend drawn by [`Figure::draw_legend`] at the narrowest width an
    /// image or a page gives it (400 points); wider, it takes [`legend_height`].
    pub const LEGEND_HEIGHT: f64 = 6.0 + 4.0 * LEGEND_ROW;

    /// A legend explaining shapes and colours, in as many lines as `width` needs at `(x, y)`.
    pub fn draw_legend(svg: &mut Svg, x: f64, y: f64, width: f64) {
        svg.line(x, y, x + width, y, RULE, 0.5, false);
        for (cx, cy, (label, symbol)) in legend_places(x, y, width) {
            legend_symbol(svg, symbol, cx + 6.0, cy);
            svg.text(
                cx + 18.0,
                cy + 2.4,
                label,
                Face::Regular,
                6.8,
                MUTED,
                Anchor::Start,
            );
        }
    }
}

/// The record kind whose colour marks a lane.
fn lane_kind(key: &LaneKey) -> RecordKind {
    match key {
        LaneKey::Account(_) => RecordKind::Account,
        LaneKey::Staff(_) => RecordKind::Staff,
        LaneKey::Outsider(_) => RecordKind::Outsider,
        LaneKey::Statements => RecordKind::Statement,
        _ => RecordKind::Action,
    }
}

/// `label` cut to `width` points at a word boundary ("restriction: Targeted accounts …"), or
/// within a word only when its first word alone is wider.
fn shorten(label: &str, width: f64) -> String {
    if text_width(label, Face::Regular, LABEL_SIZE) <= width {
        return label.to_owned();
    }
    let cut = ellipsize(label, Face::Regular, LABEL_SIZE, width);
    let head = cut.trim_end_matches('…');
    match head.rfind(' ') {
        Some(i) if i > head.len() / 3 => {
            format!(
                "{} …",
                head[..i].trim_end_matches([' ', ':', ',', '·', '('])
            )
        }
        _ => cut,
    }
}

/// Width of a numbered marker's number up to `n`.
fn number_width(n: usize) -> f64 {
    text_width(&n.to_string(), Face::Bold, LABEL_SIZE) + 6.0
}

/// A lane's name in as many lines of the label column as it needs (two, mostly); a class of
/// accounts keeps its estimate on a line of its own ("all verified accounts", "· ~300k").
fn lane_label_lines(label: &str) -> Vec<String> {
    let width = LABEL_COLUMN - 14.0;
    let lines = wrap(label, Face::Bold, LANE_LABEL_SIZE, width);
    if lines.len() <= 2 {
        return lines;
    }
    // Never cut: the name is the information. A class keeps its estimate on a line of its own.
    match label.rsplit_once(" · ") {
        Some((name, estimate)) => {
            let mut lines = wrap(name, Face::Bold, LANE_LABEL_SIZE, width);
            lines.push(format!("· {estimate}"));
            lines
        }
        None => lines,
    }
}

/// The label a marker carries on paper: the item's own, with a duration for bars ("(≥12 h,
/// end not known)" when it lasted at least that long), "via …" in the lane of the account or
/// staff member it was done through.
fn mark_label(it: &Item, via: bool) -> String {
    let mut label = match (&it.kind, it.duration_label()) {
        (ItemKind::State(_), Some(d)) => format!("{} ({d})", it.label),
        (_, Some(d)) if it.lasting => format!("{} ({d})", it.label),
        _ => it.label.clone(),
    };
    if it.lasting && it.open_end && it.duration.is_none() {
        label.push_str(" (end not known)");
    }
    if via {
        label.insert_str(0, "via · ");
    }
    label
}

/// A standalone timeline image: `width` points wide, as tall as the lanes need, with a title
/// line, then each part of the figure (caption, axis, lanes), the legend, the numbered items
/// and the members of grouped lanes. Returns the SVG.
pub fn timeline_image(case: &Case, fig: &Figure, width: f64, subtitle: &str) -> String {
    let margin = 16.0;
    let inner = width - 2.0 * margin;
    let plot_w = inner - LABEL_COLUMN;
    let parts = fig.parts(plot_w);
    let n = parts.len();
    let lanes_in_use = fig.lanes_in_use();
    let mut next = 1;
    let mut notes = Vec::new();
    let laid: Vec<(String, Vec<LaneLayout>)> = parts
        .iter()
        .enumerate()
        .map(|(k, part)| {
            let mut layouts: Vec<LaneLayout> = lanes_in_use
                .iter()
                .map(|&l| fig.layout_part_lane(l, part, plot_w))
                .filter(|l| n == 1 || !l.is_empty())
                .collect();
            notes.extend(fig.number_notes(&mut layouts, &mut next));
            (fig.part_caption(k, n, part), layouts)
        })
        .collect();
    let groups = fig.group_lines();
    const CAPTION: f64 = 14.0;
    const PART_GAP: f64 = 10.0;
    let parts_h: f64 = laid
        .iter()
        .map(|(_, l)| {
            CAPTION + AXIS_HEIGHT + l.iter().map(|l| l.height).sum::<f64>().max(SUB_ROW) + PART_GAP
        })
        .sum();
    let title_h = 34.0;
    let notes_h = Figure::notes_height(&notes, &groups, inner);
    let height = margin + title_h + parts_h + legend_height(inner) + notes_h + 6.0 + margin;
    let mut svg = Svg::new(width, height);
    svg.text(
        margin,
        margin + 12.0,
        &ellipsize(&case.info.title, Face::Bold, 12.0, inner),
        Face::Bold,
        12.0,
        INK,
        Anchor::Start,
    );
    svg.text(
        margin,
        margin + 25.0,
        &ellipsize(subtitle, Face::Regular, 7.5, inner),
        Face::Regular,
        7.5,
        MUTED,
        Anchor::Start,
    );
    let mut y = margin + title_h;
    for ((caption, layouts), part) in laid.iter().zip(&parts) {
        svg.text(
            margin,
            y + 9.0,
            &ellipsize(caption, Face::Regular, 7.5, inner),
            Face::Regular,
            7.5,
            MUTED,
            Anchor::Start,
        );
        y += CAPTION;
        let lanes_h = layouts.iter().map(|l| l.height).sum::<f64>().max(SUB_ROW);
        let bottom = y + AXIS_HEIGHT + lanes_h;
        fig.draw_part_axis(&mut svg, (margin, y, inner, bottom), part);
        fig.draw_lanes(&mut svg, margin, y + AXIS_HEIGHT, inner, layouts);
        y = bottom + PART_GAP;
    }
    Figure::draw_legend(&mut svg, margin, y - PART_GAP + 8.0, inner);
    let y = y - PART_GAP + 8.0 + legend_height(inner);
    Figure::draw_notes(&mut svg, margin, y, inner, &notes, &groups);
    svg.finish()
}

#[cfg(test)]
mod tests;
