//! The timeline drawn as SVG, from the same pure layout as the on-screen widget (items, lanes,
//! gap compression, ticks, aggregation). Used for the report's timeline figure (split over as
//! many pages as it needs) and for the wide timeline image.
//!
//! On paper there are no tooltips, so every marker carries its label beside it; overlapping
//! markers and labels stack into sub-rows.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::svg::{Anchor, Face, Svg, ellipsize, text_width};
use crate::model::{Case, RecordKind, RecordRef};
use crate::timeline::palette;
use crate::timeline::{
    Compression, Grouping, Hidden, Item, ItemKind, Lanes, Mark, TimeView, aggregate, anchors,
    derive_items, gather_hidden, pack_rows, ticks,
};

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
const MAX_LABEL: f64 = 150.0;

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
}

/// Where a mark's label goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LabelPos {
    Inside,
    Right,
    Left,
}

/// A mark, its sub-row, and its label with where it goes (none when there is no room).
type PlacedMark = (Mark, usize, Option<(String, LabelPos)>);

/// One lane laid out for a given view and width.
#[derive(Debug)]
pub struct LaneLayout {
    pub lane: usize,
    pub height: f64,
    marks: Vec<PlacedMark>,
    /// Marks beyond `MAX_SUB_ROWS`, as "+N more" badges in a row below the others.
    hidden: Vec<Hidden>,
}

impl LaneLayout {
    /// Nothing to draw in this lane for its view.
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty() && self.hidden.is_empty()
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

    /// Items the lane had no room for, counted in "+N more" badges.
    pub fn hidden(&self) -> &[Hidden] {
        &self.hidden
    }
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
        let lanes = Lanes::build(case, &items, Grouping::AccountsAndStaff);
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

    /// Lays out lane `lane` for `view` over `plot_width` points.
    pub fn layout_lane(&self, lane: usize, view: &TimeView, plot_width: f64) -> LaneLayout {
        let l = &self.lanes.lanes[lane];
        let from = self.compression.expand(view.start);
        let to = self.compression.expand(view.end());
        let x_of = |t: f64| view.x_from_time(self.compression.compress(t), plot_width);
        let marks = aggregate(&self.items, l.visible(&self.items, from, to), x_of, 3.0);
        // Each mark with its label and the span both take, then packed into rows (labels never
        // overlap; key events, unauthorized actions and account states first).
        let mut placed = Vec::with_capacity(marks.len());
        let mut spans = Vec::with_capacity(marks.len());
        for m in marks.iter().cloned() {
            let (x0, x1, label) = match m {
                Mark::Single { item, x0, x1 } => {
                    let it = &self.items[item];
                    (x0, x1.max(x0), mark_label(it))
                }
                Mark::Cluster { count, x0, x1, .. } => (x0, x1, format!("{count} items")),
            };
            // What is drawn of the mark itself (bars are cut at the plot's edges).
            let (x0, x1) = (x0.max(0.0), x1.min(plot_width).max(x0.max(0.0)));
            let mut label = ellipsize(&label, Face::Regular, LABEL_SIZE, MAX_LABEL);
            let mut label_w = text_width(&label, Face::Regular, LABEL_SIZE);
            // Room left of the mark; a key event's star sits there too.
            let key = matches!(m, Mark::Single { item, .. } if self.items[item].key_event);
            let marker = if key { 8.0 + STAR_ROOM } else { 8.0 };
            let right_room = plot_width - (x1 + marker);
            let left_room = x0 - marker - 2.0;
            // Inside a bar wide enough for it; else right of the mark; else left of it; else
            // ellipsized to the larger side. Never past the plot's edges.
            // On an uncertain span the centre dot must stay clear of the text.
            let uncertain = matches!(m, Mark::Single { item, .. }
                if self.items[item].fuzzy && !self.items[item].lasting);
            let inside_room = if uncertain {
                (x1 - x0) / 2.0 - 4.0
            } else {
                x1 - x0
            };
            let pos = if inside_room > label_w + 8.0 {
                LabelPos::Inside
            } else if right_room >= label_w {
                LabelPos::Right
            } else if left_room >= label_w {
                LabelPos::Left
            } else {
                let (room, pos) = if right_room >= left_room {
                    (right_room, LabelPos::Right)
                } else {
                    (left_room, LabelPos::Left)
                };
                label = if room > 20.0 {
                    ellipsize(&label, Face::Regular, LABEL_SIZE, room)
                } else {
                    String::new()
                };
                label_w = text_width(&label, Face::Regular, LABEL_SIZE);
                pos
            };
            let (start, end) = match pos {
                LabelPos::Inside => (x0 - marker, x1.max(x0 + marker)),
                LabelPos::Right => (x0 - marker, x1 + marker + label_w),
                LabelPos::Left => (x0 - marker - label_w - 2.0, x1.max(x0 + 8.0)),
            };
            let prominent =
                matches!(m, Mark::Single { item, .. } if self.items[item].is_prominent());
            spans.push((start, end, prominent));
            placed.push((m, (!label.is_empty()).then_some((label, pos))));
        }
        let rows_of = pack_rows(&spans, MAX_SUB_ROWS, 3.0);
        let mut out = Vec::with_capacity(placed.len());
        let mut hidden = Vec::new();
        for (k, ((m, label), row)) in placed.into_iter().zip(&rows_of).enumerate() {
            match *row {
                Some(row) => out.push((m, row, label)),
                // Full: counted in a "+N more" badge below the rows instead.
                None => hidden.push(k),
            }
        }
        let used_rows = rows_of.iter().flatten().max().map_or(1, |r| r + 1);
        let hidden = gather_hidden(&marks, hidden, 40.0);
        let rows = used_rows + usize::from(!hidden.is_empty());
        LaneLayout {
            lane,
            height: rows as f64 * SUB_ROW + 2.0 * LANE_PAD,
            marks: out,
            hidden,
        }
    }

    /// Draws the axis (ticks in the figure's zone, compressed gaps) at `(x, y)`, `width` wide,
    /// with grid lines down to `bottom`.
    pub fn draw_axis(
        &self,
        svg: &mut Svg,
        x: f64,
        y: f64,
        width: f64,
        bottom: f64,
        view: &TimeView,
    ) {
        let plot_x = x + LABEL_COLUMN;
        let plot_w = width - LABEL_COLUMN;
        svg.rect(x, y, width, AXIS_HEIGHT, FAINT, None, 0.0);
        svg.text(
            x + 4.0,
            y + 18.0,
            &format!("Times: {}", self.tz.name()),
            Face::Regular,
            7.0,
            MUTED,
            Anchor::Start,
        );
        let real_from = self.compression.expand(view.start);
        let real_to = self.compression.expand(view.end());
        let x_of = |t: f64| plot_x + view.x_from_time(self.compression.compress(t), plot_w);
        // Ticks per stretch between compressed gaps, each at its own scale.
        let stretches = self.compression.stretches(real_from, real_to);
        let mut last_label_end = f64::MIN;
        for (s0, s1) in stretches {
            let px = (x_of(s1) - x_of(s0)).max(1.0);
            let stretch_ticks = ticks(&TimeView::new(s0, (s1 - s0).max(1.0)), px, self.tz, 70.0);
            // Every stretch is dated: by its start's date when its first tick label is far from
            // there (or it has none), otherwise by that label carrying its date.
            let mut first_label = true;
            let start_x = x_of(s0).max(plot_x);
            let end_x = x_of(s1).min(plot_x + plot_w);
            let labelled_tick_x = stretch_ticks
                .iter()
                .filter(|t| {
                    !self
                        .compression
                        .gaps
                        .iter()
                        .any(|&(g0, g1)| t.time >= g0 && t.time < g1)
                })
                .map(|t| x_of(t.time))
                .find(|&x| x >= plot_x - 0.5);
            let limit = labelled_tick_x.unwrap_or(end_x).min(end_x);
            if start_x + 2.0 > last_label_end + 6.0 {
                for date in crate::timeline::stretch_dates(s0, self.tz) {
                    let w = text_width(&date, Face::Bold, 7.0);
                    if start_x + 2.0 + w + 4.0 <= limit {
                        svg.text(
                            start_x + 2.0,
                            y + 18.0,
                            &date,
                            Face::Bold,
                            7.0,
                            INK,
                            Anchor::Start,
                        );
                        last_label_end = start_x + 2.0 + w;
                        first_label = false;
                        break;
                    }
                }
            }
            for tick in stretch_ticks {
                let tx = x_of(tick.time);
                if tx < plot_x - 0.5 || tx > plot_x + plot_w + 0.5 {
                    continue;
                }
                // A tick where a compressed gap starts would be hidden by the gap band.
                let at_gap = self
                    .compression
                    .gaps
                    .iter()
                    .any(|&(g0, g1)| tick.time >= g0 && tick.time < g1);
                svg.line(
                    tx,
                    y + AXIS_HEIGHT - 5.0,
                    tx,
                    bottom,
                    if tick.major { "#b5bcc6" } else { "#e1e5ea" },
                    0.5,
                    false,
                );
                let label = if first_label {
                    tick.dated_label(self.tz)
                } else {
                    tick.label.clone()
                };
                let w = text_width(&label, Face::Regular, 7.0);
                if !at_gap && tx + 2.0 > last_label_end + 6.0 && tx + 2.0 + w <= plot_x + plot_w {
                    first_label = false;
                    svg.text(
                        tx + 2.0,
                        y + 18.0,
                        &label,
                        if tick.major {
                            Face::Bold
                        } else {
                            Face::Regular
                        },
                        7.0,
                        if tick.major { INK } else { MUTED },
                        Anchor::Start,
                    );
                    last_label_end = tx + 2.0 + w;
                }
            }
        }
        // Compressed gaps: a shaded band with the real length.
        for &(g0, g1) in &self.compression.gaps {
            let (x0, x1) = (x_of(g0), x_of(g1));
            if x1 < plot_x || x0 > plot_x + plot_w {
                continue;
            }
            let (x0, x1) = (x0.max(plot_x), x1.min(plot_x + plot_w));
            svg.rect(x0, y, (x1 - x0).max(2.0), bottom - y, "#e6e9ee", None, 0.0);
            svg.line(x0, y, x0, bottom, "#8a939f", 0.6, true);
            svg.line(x1, y, x1, bottom, "#8a939f", 0.6, true);
            let days = ((g1 - g0) / 86_400.0).round();
            let label = if days >= 2.0 {
                format!("{days} days")
            } else {
                format!("{} h", ((g1 - g0) / 3600.0).round())
            };
            // Above the tick labels, so the two never collide; on the axis colour, so the
            // band's edges do not strike through it.
            let label = format!("⋯ {label} ⋯");
            let w = text_width(&label, Face::Regular, 5.8);
            let cx = ((x0 + x1) / 2.0).clamp(
                plot_x + w / 2.0 + 1.0,
                (plot_x + plot_w - w / 2.0 - 1.0).max(plot_x),
            );
            svg.rect(cx - w / 2.0 - 1.5, y + 2.5, w + 3.0, 7.5, FAINT, None, 1.0);
            svg.text(
                cx,
                y + 8.0,
                &label,
                Face::Regular,
                5.8,
                MUTED,
                Anchor::Middle,
            );
        }
        svg.line(
            x,
            y + AXIS_HEIGHT,
            x + width,
            y + AXIS_HEIGHT,
            RULE,
            0.6,
            false,
        );
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
        let mut centers: HashMap<&RecordRef, (f64, f64)> = HashMap::new();
        let mut links: Vec<(&RecordRef, &RecordRef, (f64, f64))> = Vec::new();
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
            let glyph_kind = match l.key {
                crate::timeline::LaneKey::Account(_) => RecordKind::Account,
                crate::timeline::LaneKey::Staff(_) => RecordKind::Staff,
                crate::timeline::LaneKey::Statements => RecordKind::Statement,
                _ => RecordKind::Action,
            };
            svg.rect(
                x + 3.0,
                y + LANE_PAD + 2.0,
                3.0,
                9.0,
                &kind_hex(glyph_kind),
                None,
                1.0,
            );
            svg.text(
                x + 10.0,
                y + LANE_PAD + 10.0,
                &ellipsize(&l.label, Face::Bold, 7.5, LABEL_COLUMN - 14.0),
                Face::Bold,
                7.5,
                INK,
                Anchor::Start,
            );
            for (mark, row, label) in &lane.marks {
                let cy = y + LANE_PAD + *row as f64 * SUB_ROW + SUB_ROW / 2.0;
                match *mark {
                    Mark::Single { item, x0, x1 } => {
                        let it = &self.items[item];
                        self.draw_item(
                            svg,
                            it,
                            (x0, x1),
                            (plot_x, plot_w),
                            cy,
                            label,
                            &mut centers,
                        );
                        if let Some(target) = &it.links_to
                            && !matches!(it.kind, ItemKind::State(_))
                        {
                            let c = *centers.get(&it.record).unwrap_or(&(x0, cy));
                            links.push((&it.record, target, c));
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
                        if let Some((label, pos)) = label {
                            let (tx, anchor) = match pos {
                                LabelPos::Left => (x0 - 6.0, Anchor::End),
                                _ => (x1 + 6.0, Anchor::Start),
                            };
                            svg.text(tx, cy + 2.4, label, Face::Bold, LABEL_SIZE, INK, anchor);
                        }
                    }
                }
            }
            if !lane.hidden.is_empty() {
                let rows = lane.marks.iter().map(|(_, r, _)| r + 1).max().unwrap_or(0);
                let cy = y + LANE_PAD + rows as f64 * SUB_ROW + SUB_ROW / 2.0;
                for group in &lane.hidden {
                    let text = group.label();
                    let w = text_width(&text, Face::Bold, LABEL_SIZE) + 8.0;
                    let x0 =
                        (plot_x + group.x0 - 4.0).clamp(plot_x, (plot_x + plot_w - w).max(plot_x));
                    let color = item_hex(&self.items[group.first]);
                    svg.rect_alpha(x0, cy - 5.0, w, 10.0, &color, 0.25);
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
        // Reversal and correction links between items drawn on this page.
        for (_, target, (x1, y1)) in links {
            if let Some(&(x0, y0)) = centers.get(target) {
                svg.line(x0, y0, x1, y1, "#6b7380", 0.6, true);
            }
        }
        y
    }

    /// One item on the page: a bar (a band when only the month is known, a dashed span with a
    /// centre mark when it is an imprecise instant) or a diamond, its label, its key-event star
    /// and unauthorized outline. Records where its centre is, for links.
    #[allow(clippy::too_many_arguments)]
    fn draw_item<'a>(
        &self,
        svg: &mut Svg,
        it: &'a Item,
        (x0, x1): (f64, f64),
        (plot_x, plot_w): (f64, f64),
        cy: f64,
        label: &Option<(String, LabelPos)>,
        centers: &mut HashMap<&'a RecordRef, (f64, f64)>,
    ) {
        let color = item_hex(it);
        let star_room = if it.key_event { STAR_ROOM } else { 0.0 };
        let (x0, x1) = (plot_x + x0, plot_x + x1.max(x0));
        let (x0c, x1c) = (x0.max(plot_x), x1.min(plot_x + plot_w));
        let shape_left;
        if it.lasting || x1 - x0 > 3.0 {
            let vague = it.fuzzy && !it.lasting && it.end - it.start > 2.0 * 86_400.0;
            let opacity = if vague {
                0.14
            } else if it.fuzzy && !it.lasting {
                0.3
            } else if it.fuzzy {
                0.8
            } else {
                1.0
            };
            let w = (x1c - x0c).max(2.5);
            svg.rect_alpha(x0c, cy - 5.0, w, 10.0, &color, opacity);
            if it.fuzzy && !it.lasting {
                // An imprecise instant: the span it could be in, dashed, with
                // a soft centre dot.
                svg.line(x0c, cy - 5.0, x0c + w, cy - 5.0, &color, 0.6, true);
                svg.line(x0c, cy + 5.0, x0c + w, cy + 5.0, &color, 0.6, true);
                svg.circle(x0c + w / 2.0, cy, 2.2, &color);
            }
            shape_left = x0c;
            if it.unauthorized {
                svg.rect(
                    x0c - 1.2,
                    cy - 6.2,
                    w + 2.4,
                    12.4,
                    "none",
                    Some((UNAUTHORIZED, 1.0)),
                    2.5,
                );
            }
            if !matches!(it.kind, ItemKind::State(_)) {
                centers.entry(&it.record).or_insert((x0c + w / 2.0, cy));
            }
            if let Some((label, pos)) = label {
                let vague_or_faint = it.fuzzy && !it.lasting;
                let (tx, anchor, color) = match pos {
                    LabelPos::Inside if vague_or_faint => (x0c + 4.0, Anchor::Start, INK),
                    LabelPos::Inside => (x0c + 4.0, Anchor::Start, "#ffffff"),
                    LabelPos::Right => (x0c + w + 4.0, Anchor::Start, INK),
                    LabelPos::Left => (x0c - 4.0 - star_room, Anchor::End, INK),
                };
                svg.text(
                    tx,
                    cy + 2.4,
                    label,
                    Face::Regular,
                    LABEL_SIZE,
                    color,
                    anchor,
                );
            }
        } else {
            let r = 4.2;
            if matches!(it.kind, ItemKind::Statement) {
                svg.circle(x0, cy, r - 0.6, &color);
            } else {
                svg.polygon(
                    &[(x0, cy - r), (x0 + r, cy), (x0, cy + r), (x0 - r, cy)],
                    &color,
                );
            }
            if it.unauthorized {
                svg.rect(
                    x0 - r - 1.5,
                    cy - r - 1.5,
                    2.0 * r + 3.0,
                    2.0 * r + 3.0,
                    "none",
                    Some((UNAUTHORIZED, 1.0)),
                    2.0,
                );
            }
            shape_left = x0 - r;
            centers.entry(&it.record).or_insert((x0, cy));
            if let Some((label, pos)) = label {
                let (tx, anchor) = match pos {
                    LabelPos::Left => (x0 - r - 3.0 - star_room, Anchor::End),
                    _ => (x0 + r + 3.0, Anchor::Start),
                };
                svg.text(tx, cy + 2.4, label, Face::Regular, LABEL_SIZE, INK, anchor);
            }
        }
        if it.key_event {
            // Left of the mark, in the room the layout kept for it; over the
            // mark's corner when the mark starts at the plot's edge.
            if shape_left - STAR_ROOM >= plot_x {
                star(svg, shape_left - STAR_ROOM / 2.0, cy, &color);
            } else {
                star(svg, shape_left.max(plot_x + 3.6), cy - 6.5, &color);
            }
        }
    }

    /// The height of the legend drawn by [`Figure::draw_legend`].
    pub const LEGEND_HEIGHT: f64 = 34.0;

    /// A legend explaining shapes and colours, one line at `(x, y)`.
    pub fn draw_legend(svg: &mut Svg, x: f64, y: f64, width: f64) {
        let mut cy = y + 10.0;
        let mut cx = x;
        let entries: [(&str, u8); 8] = [
            ("action", 0),
            ("statement", 1),
            ("account unavailable", 2),
            ("account active again", 3),
            ("time uncertain", 4),
            ("unauthorized", 5),
            ("key event", 6),
            ("compressed gap", 7),
        ];
        svg.line(x, y, x + width, y, RULE, 0.5, false);
        for (label, shape) in entries {
            let w = text_width(label, Face::Regular, 6.8) + 26.0;
            if cx + w > x + width {
                // A second row.
                cx = x;
                cy += 14.0;
            }
            let sx = cx + 6.0;
            let action = kind_hex(RecordKind::Action);
            match shape {
                0 => svg.polygon(
                    &[
                        (sx, cy - 4.0),
                        (sx + 4.0, cy),
                        (sx, cy + 4.0),
                        (sx - 4.0, cy),
                    ],
                    &action,
                ),
                1 => svg.circle(sx, cy, 3.6, &kind_hex(RecordKind::Statement)),
                2 => svg.rect(sx - 4.0, cy - 4.0, 12.0, 8.0, UNAUTHORIZED, None, 2.0),
                3 => svg.rect(
                    sx - 4.0,
                    cy - 4.0,
                    12.0,
                    8.0,
                    &palette::hex(palette::AVAILABLE),
                    None,
                    2.0,
                ),
                4 => {
                    svg.rect_alpha(sx - 4.0, cy - 4.0, 12.0, 8.0, &action, 0.3);
                    svg.line(sx - 4.0, cy - 4.0, sx + 8.0, cy - 4.0, &action, 0.6, true);
                    svg.line(sx - 4.0, cy + 4.0, sx + 8.0, cy + 4.0, &action, 0.6, true);
                    svg.circle(sx + 2.0, cy, 2.0, &action);
                }
                5 => svg.rect(
                    sx - 4.0,
                    cy - 4.0,
                    10.0,
                    8.0,
                    "none",
                    Some((UNAUTHORIZED, 1.0)),
                    2.0,
                ),
                6 => star(svg, sx + 1.0, cy + 3.5, &action),
                _ => {
                    svg.rect(sx - 4.0, cy - 5.0, 10.0, 10.0, "#e6e9ee", None, 0.0);
                    svg.line(sx - 4.0, cy - 5.0, sx - 4.0, cy + 5.0, "#8a939f", 0.6, true);
                    svg.line(sx + 6.0, cy - 5.0, sx + 6.0, cy + 5.0, "#8a939f", 0.6, true);
                }
            }
            svg.text(
                cx + 18.0,
                cy + 2.4,
                label,
                Face::Regular,
                6.8,
                MUTED,
                Anchor::Start,
            );
            cx += w;
        }
    }
}

/// The label a marker carries on paper: the item's own, with a duration for bars.
fn mark_label(it: &Item) -> String {
    match (&it.kind, it.duration_label()) {
        (ItemKind::State(_), Some(d)) => format!("{} ({d})", it.label),
        (_, Some(d)) if it.lasting => format!("{} ({d})", it.label),
        _ => it.label.clone(),
    }
}

/// A small five-pointed star centred on `(cx, cy)`.
fn star(svg: &mut Svg, cx: f64, cy: f64, fill: &str) {
    let mut pts = Vec::with_capacity(10);
    for k in 0..10 {
        let r = if k % 2 == 0 { 3.6 } else { 1.5 };
        let a = std::f64::consts::PI * (f64::from(k) / 5.0) - std::f64::consts::FRAC_PI_2;
        pts.push((cx + r * a.cos(), cy + r * a.sin()));
    }
    svg.polygon(&pts, fill);
}

/// A standalone timeline image: `width` points wide, as tall as the lanes need, with a title
/// line, the axis, the lanes and a legend. Returns the SVG.
pub fn timeline_image(case: &Case, fig: &Figure, width: f64, subtitle: &str) -> String {
    let margin = 16.0;
    let inner = width - 2.0 * margin;
    let plot_w = inner - LABEL_COLUMN;
    let view = fig.full;
    let lanes: Vec<LaneLayout> = fig
        .lanes_in_use()
        .into_iter()
        .map(|l| fig.layout_lane(l, &view, plot_w))
        .collect();
    let lanes_h: f64 = lanes.iter().map(|l| l.height).sum::<f64>().max(SUB_ROW);
    let title_h = 34.0;
    let height = margin + title_h + AXIS_HEIGHT + lanes_h + 8.0 + Figure::LEGEND_HEIGHT + margin;
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
    let top = margin + title_h;
    let bottom = top + AXIS_HEIGHT + lanes_h;
    fig.draw_axis(&mut svg, margin, top, inner, bottom, &view);
    fig.draw_lanes(&mut svg, margin, top + AXIS_HEIGHT, inner, &lanes);
    Figure::draw_legend(&mut svg, margin, bottom + 8.0, inner);
    svg.finish()
}
