//! The timeline widget: lanes of items over a time axis, with zoom, pan, fit, filters, tooltips,
//! selection, gap compression and a list mode. Draws from the pure `timeline` layout.

use std::collections::HashSet;

use chrono_tz::Tz;
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, RichText, Sense, Stroke, StrokeKind, Ui,
    vec2,
};

use super::widgets::kind_color;
use crate::model::{Case, RecordKind, RecordRef, find_record};
use crate::timeline::palette;
use crate::timeline::{
    Compression, Grouping, Item, ItemKind, Lanes, Mark, TimeView, aggregate, anchors, derive_items,
    gather_hidden, pack_rows, ticks,
};

const LABEL_WIDTH: f32 = 170.0;
const ROW_HEIGHT: f32 = 26.0;
/// Two lines: tick labels, then the lengths of compressed gaps.
const AXIS_HEIGHT: f32 = 36.0;
const SUB_ROW_HEIGHT: f32 = 20.0;
const MAX_SUB_ROWS: usize = 6;

/// A filter to one account's or one staff member's items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Only {
    Account(String),
    Staff(String),
}

/// Which zone the axis is labelled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneMode {
    Case,
    Utc,
    Local,
}

struct Cache {
    generation: u64,
    grouping: Grouping,
    items: Vec<Item>,
    lanes: Lanes,
    compression: Compression,
    /// Item indices in time order (the List view; ← / → stepping).
    by_time: Vec<usize>,
    /// Compressed time range of everything.
    first: f64,
    last: f64,
}

/// The timeline panel's state.
pub struct TimelinePanel {
    view: Option<TimeView>,
    pub grouping: Grouping,
    pub compress: bool,
    pub zone: ZoneMode,
    pub key_events_only: bool,
    pub hidden: HashSet<RecordKind>,
    pub tag_filter: String,
    pub list_mode: bool,
    cache: Option<Cache>,
    /// Fit everything on the next frame.
    fit_requested: bool,
    /// Only what concerns one account or one staff member.
    pub only: Option<Only>,
    /// Only one lane.
    pub only_lane: Option<crate::timeline::LaneKey>,
    /// Only items intersecting this range (seconds), typed as "from" and "to" times.
    range: Option<(f64, f64)>,
    range_text: (String, String),
    /// How far the lanes are scrolled down (points).
    lane_scroll: f32,
    /// The lanes were taller than the panel last frame.
    lane_overflow: bool,
    /// Each lane's height when last drawn (lanes grow with stacked sub-rows).
    lane_heights: Vec<f32>,
}

impl Default for TimelinePanel {
    fn default() -> Self {
        Self {
            view: None,
            grouping: Grouping::AccountsAndStaff,
            compress: true,
            zone: ZoneMode::Case,
            key_events_only: false,
            hidden: HashSet::new(),
            tag_filter: String::new(),
            list_mode: false,
            cache: None,
            fit_requested: true,
            only: None,
            only_lane: None,
            range: None,
            range_text: (String::new(), String::new()),
            lane_scroll: 0.0,
            lane_overflow: false,
            lane_heights: Vec::new(),
        }
    }
}

impl TimelinePanel {
    /// The current view (compressed seconds), once drawn.
    pub fn view(&self) -> Option<TimeView> {
        self.view
    }

    /// Sets the view (benchmarks, tests).
    pub fn set_view(&mut self, view: TimeView) {
        self.view = Some(view);
        self.fit_requested = false;
    }

    fn refresh(&mut self, case: &Case, generation: u64) {
        let fresh = self
            .cache
            .as_ref()
            .is_some_and(|c| c.generation == generation && c.grouping == self.grouping);
        if fresh {
            return;
        }
        let items = derive_items(case);
        let lanes = Lanes::build(case, &items, self.grouping);
        if self
            .only_lane
            .as_ref()
            .is_some_and(|k| !lanes.lanes.iter().any(|l| &l.key == k))
        {
            self.only_lane = None;
        }
        let compression = Compression::find(&items, 0.15);
        let mut by_time: Vec<usize> = (0..items.len())
            .filter(|&i| !matches!(items[i].kind, ItemKind::State(_)))
            .collect();
        // Chronological as in the report and CSV: "~Nov 2017" after "Nov 2, evening".
        by_time.sort_by(|&a, &b| {
            items[a]
                .when_mid
                .total_cmp(&items[b].when_mid)
                .then(items[a].start.total_cmp(&items[b].start))
        });
        let anchors = anchors(&items);
        let first = anchors.iter().map(|a| a.0).fold(f64::MAX, f64::min);
        let last = anchors.iter().map(|a| a.1).fold(f64::MIN, f64::max);
        self.cache = Some(Cache {
            generation,
            grouping: self.grouping,
            items,
            lanes,
            compression,
            by_time,
            first,
            last,
        });
    }

    fn passes(&self, item: &Item) -> bool {
        if self.hidden.contains(&item.kind.record_kind())
            && !matches!(item.kind, ItemKind::State(_))
        {
            return false;
        }
        if self.key_events_only && !item.key_event {
            return false;
        }
        if let Some(who) = &self.only
            && !match who {
                Only::Account(id) => item.accounts.iter().any(|a| a.as_str() == id),
                Only::Staff(id) => item.staff.as_ref().is_some_and(|s| s.as_str() == id),
            }
        {
            return false;
        }
        if let Some((from, to)) = self.range
            && (item.end < from || item.start > to)
        {
            return false;
        }
        let tag = self.tag_filter.trim().to_lowercase();
        tag.is_empty()
            || item.tags.iter().any(|t| t.to_lowercase().contains(&tag))
            || item.label.to_lowercase().contains(&tag)
    }

    fn tz(&self, case: &Case) -> Tz {
        match self.zone {
            ZoneMode::Case => case.tz(),
            ZoneMode::Utc => Tz::UTC,
            // The desktop's zone by its IANA name ($TZ first, then the system setting).
            ZoneMode::Local => std::env::var("TZ")
                .ok()
                .and_then(|z| z.parse().ok())
                .or_else(|| {
                    iana_time_zone::get_timezone()
                        .ok()
                        .and_then(|z| z.parse().ok())
                })
                .unwrap_or(Tz::UTC),
        }
    }

    /// Draws the panel; returns a record the user clicked (or stepped to with ← / →).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        generation: u64,
        selected: Option<&RecordRef>,
    ) -> Option<RecordRef> {
        self.refresh(case, generation);
        let mut picked = None;
        self.toolbar_ui(ui, case);
        if self.list_mode {
            return self.list_ui(ui, case, selected);
        }
        let cache = self.cache.as_ref()?;
        if cache.items.is_empty() {
            ui.label(
                RichText::new(
                    "Nothing dated yet: actions, statements and sources with times appear here.",
                )
                .weak(),
            );
            return None;
        }
        let compression = if self.compress {
            cache.compression.clone()
        } else {
            Compression::none()
        };
        let (first, last) = (
            compression.compress(cache.first),
            compression.compress(cache.last),
        );
        if self.fit_requested || self.view.is_none() {
            self.view = Some(TimeView::fit(first, last, 0.04));
            self.fit_requested = false;
        }
        let tz = self.tz(case);
        let zones = Zones {
            case: case.tz(),
            view: tz,
        };
        let mut view = self.view?;
        let cache = self.cache.as_ref()?;

        let rows = cache.lanes.lanes.len();
        // The panel's own height: lanes that do not fit scroll (see `lane_scroll`), so only
        // what is on screen is laid out.
        let desired = vec2(
            ui.available_width(),
            ui.available_height()
                .max(AXIS_HEIGHT + ROW_HEIGHT * rows.min(3) as f32),
        );
        let (rect, response) = ui.allocate_exact_size(desired, Sense::click_and_drag());
        let plot = Rect::from_min_max(rect.min + vec2(LABEL_WIDTH, AXIS_HEIGHT), rect.max);
        let width = f64::from(plot.width().max(1.0));
        let label_painter = ui.painter_at(rect);
        // Items, ticks and gaps never spill into the lane-label column.
        let painter = label_painter.with_clip_rect(Rect::from_min_max(
            Pos2::new(plot.left(), rect.top()),
            rect.max,
        ));
        let visuals = ui.visuals().clone();
        let text_color = visuals.text_color();
        let weak = visuals.weak_text_color();
        let x_of = |t: f64, view: &TimeView| {
            plot.left() + view.x_from_time(compression.compress(t), width) as f32
        };

        // Interaction: drag / scroll pans, Ctrl+wheel or pinch zooms at the pointer, double-click fits.
        if response.dragged() {
            view = view.pan(f64::from(response.drag_delta().x), width);
            self.lane_scroll -= response.drag_delta().y;
        }
        if response.hovered() {
            let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
            let pointer_x = response.hover_pos().map_or(plot.center().x, |p| p.x) - plot.left();
            if (zoom - 1.0).abs() > f32::EPSILON {
                view = view.zoom_at(f64::from(pointer_x), f64::from(zoom), width);
            } else if scroll.x.abs() > 0.0 {
                view = view.pan(f64::from(scroll.x), width);
            } else if scroll.y.abs() > 0.0 {
                // Vertical scrolling moves through the lanes when they do not all fit, and along
                // time otherwise.
                if self.lane_overflow {
                    self.lane_scroll -= scroll.y;
                } else {
                    view = view.pan(f64::from(scroll.y), width);
                }
            }
        }
        if response.double_clicked() {
            view = TimeView::fit(first, last, 0.04);
        }
        let typing = ui.ctx().egui_wants_keyboard_input();
        if response.hovered() && !typing {
            ui.input(|i| {
                if i.key_pressed(egui::Key::Home) {
                    view = TimeView::fit(first, last, 0.04);
                }
                if i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals) {
                    view = view.zoom_at(width / 2.0, 1.5, width);
                }
                if i.key_pressed(egui::Key::Minus) {
                    view = view.zoom_at(width / 2.0, 1.0 / 1.5, width);
                }
            });
            // ← / → step between items (in time order) and bring the new one into view.
            let step = ui.input(|i| {
                i32::from(i.key_pressed(egui::Key::ArrowRight))
                    - i32::from(i.key_pressed(egui::Key::ArrowLeft))
            });
            if step != 0 {
                let order: Vec<usize> = cache
                    .by_time
                    .iter()
                    .copied()
                    .filter(|&i| self.passes(&cache.items[i]))
                    .collect();
                let current =
                    selected.and_then(|s| order.iter().position(|&i| &cache.items[i].record == s));
                let next = match (current, step > 0) {
                    (Some(c), true) => (c + 1).min(order.len().saturating_sub(1)),
                    (Some(c), false) => c.saturating_sub(1),
                    (None, true) => 0,
                    (None, false) => order.len().saturating_sub(1),
                };
                if let Some(&i) = order.get(next) {
                    let t = compression.compress(cache.items[i].start);
                    if !view.overlaps(t, t) {
                        view = TimeView::new(t - view.span / 2.0, view.span);
                    }
                    picked = Some(cache.items[i].record.clone());
                }
            }
        }

        // Axis.
        let real_from = compression.expand(view.start);
        let real_to = compression.expand(view.end());
        label_painter.rect_filled(
            Rect::from_min_max(rect.min, Pos2::new(rect.max.x, rect.min.y + AXIS_HEIGHT)),
            0.0,
            visuals.faint_bg_color,
        );
        // Gap markers: a dark band down the plot and, on the axis's second line (where no bar
        // or tick label can cover it), how much real time it hides.
        for &(g0, g1) in &compression.gaps {
            let x0 = x_of(g0, &view);
            let x1 = x_of(g1, &view);
            if x1 < plot.left() || x0 > plot.right() {
                continue;
            }
            let gap_rect = Rect::from_min_max(
                Pos2::new(x0, rect.top()),
                Pos2::new(x1.max(x0 + 2.0), plot.bottom()),
            );
            painter.rect_filled(gap_rect, 0.0, gap_color(&visuals));
            for x in [x0, x1] {
                painter.line_segment(
                    [Pos2::new(x, rect.top()), Pos2::new(x, plot.bottom())],
                    Stroke::new(1.0, weak),
                );
            }
            let days = ((g1 - g0) / 86_400.0).round();
            let label = if days >= 2.0 {
                format!("⋯ {days} days")
            } else {
                format!("⋯ {} h", ((g1 - g0) / 3600.0).round())
            };
            let galley = painter.layout_no_wrap(label, FontId::proportional(10.0), weak);
            // Centred on the band, kept inside the plot at its edges.
            let w = galley.size().x;
            let cx = gap_rect.center().x.clamp(
                plot.left() + w / 2.0 + 2.0,
                (plot.right() - w / 2.0 - 2.0).max(plot.left()),
            );
            let at = Pos2::new(
                cx - w / 2.0,
                rect.top() + AXIS_HEIGHT - galley.size().y - 2.0,
            );
            let label_rect = Rect::from_min_size(at, galley.size()).expand2(vec2(3.0, 0.0));
            painter.rect_filled(label_rect, 2.0, gap_color(&visuals));
            painter.galley(at, galley, weak);
        }
        // Ticks per stretch between compressed gaps, each at its own scale, so every stretch
        // gets round, readable ticks.
        let stretches = compression.stretches(real_from, real_to);
        let mut last_label_x = f32::MIN;
        for (s0, s1) in stretches {
            let px = f64::from(x_of(s1, &view) - x_of(s0, &view)).max(1.0);
            let stretch_ticks = ticks(&TimeView::new(s0, (s1 - s0).max(1.0)), px, tz, 90.0);
            // Every stretch is dated: by its start's date when its first tick label is far from
            // there (or it has none), otherwise by that label carrying its date.
            let mut first_label = true;
            let start_x = x_of(s0, &view).max(plot.left());
            let end_x = x_of(s1, &view).min(plot.right());
            let limit = stretch_ticks
                .iter()
                .map(|t| x_of(t.time, &view))
                .find(|&x| x >= plot.left())
                .unwrap_or(end_x)
                .min(end_x);
            if start_x + 3.0 > last_label_x + 8.0 {
                for date in crate::timeline::stretch_dates(s0, tz) {
                    let date = painter.layout_no_wrap(date, FontId::proportional(11.0), text_color);
                    if start_x + 3.0 + date.size().x + 6.0 <= limit {
                        last_label_x = start_x + 3.0 + date.size().x;
                        first_label = false;
                        painter.galley(
                            Pos2::new(start_x + 3.0, rect.min.y + 4.0),
                            date,
                            text_color,
                        );
                        break;
                    }
                }
            }
            for tick in stretch_ticks {
                let x = x_of(tick.time, &view);
                let color = if tick.major {
                    visuals.widgets.noninteractive.fg_stroke.color
                } else {
                    visuals.widgets.noninteractive.bg_stroke.color
                };
                painter.line_segment(
                    [Pos2::new(x, plot.top()), Pos2::new(x, plot.bottom())],
                    Stroke::new(1.0, color.gamma_multiply(0.5)),
                );
                let label = if first_label && x >= plot.left() {
                    tick.dated_label(tz)
                } else {
                    tick.label.clone()
                };
                let galley = painter.layout_no_wrap(
                    label,
                    FontId::proportional(11.0),
                    if tick.major { text_color } else { weak },
                );
                if x >= plot.left() && x + 3.0 > last_label_x + 8.0 {
                    last_label_x = x + 3.0 + galley.size().x;
                    first_label = false;
                    painter.galley(Pos2::new(x + 3.0, rect.min.y + 4.0), galley, weak);
                }
            }
        }
        label_painter.text(
            Pos2::new(rect.min.x + 6.0, rect.min.y + 4.0),
            Align2::LEFT_TOP,
            tz.name(),
            FontId::proportional(11.0),
            weak,
        );

        // Lanes.
        // Every drawn item is also a widget: clickable, hoverable, and named for screen readers.
        let mut targets: Vec<(usize, Rect, String)> = Vec::new();
        let mut clusters: Vec<(Rect, f64, f64)> = Vec::new();
        // "+N more" badges: (where, how many (also as "19,995"), accessible name).
        let mut overflows: Vec<(Rect, (usize, String), String)> = Vec::new();
        let mut centers: std::collections::HashMap<&RecordRef, Pos2> =
            std::collections::HashMap::new();
        // Lanes scroll vertically when there are more than fit; items that overlap in a lane
        // stack into sub-rows (up to MAX_SUB_ROWS) instead of hiding each other.
        let lane_clip = label_painter.with_clip_rect(Rect::from_min_max(
            Pos2::new(rect.left(), plot.top()),
            rect.max,
        ));
        let painter = painter.with_clip_rect(Rect::from_min_max(plot.min, rect.max));
        let mut top = plot.top() - self.lane_scroll;
        // Lanes off screen are skipped at the height they had when last drawn, so a frame costs
        // what is visible, not how many lanes (accounts, staff) the case has.
        if self.lane_heights.len() != cache.lanes.lanes.len() {
            self.lane_heights = vec![ROW_HEIGHT; cache.lanes.lanes.len()];
        }
        for (row, lane) in cache.lanes.lanes.iter().enumerate() {
            if self.only_lane.as_ref().is_some_and(|k| *k != lane.key) {
                continue;
            }
            let lane_top = top;
            let cached = self.lane_heights[row];
            if lane_top > plot.bottom() || lane_top + cached < plot.top() {
                top += cached;
                continue;
            }
            let visible = lane
                .visible(&cache.items, real_from, real_to)
                .filter(|&i| self.passes(&cache.items[i]));
            let marks = aggregate(
                &cache.items,
                visible,
                |t| view.x_from_time(compression.compress(t), width),
                4.0,
            );
            let subs = pack_sub_rows(&marks, &cache.items);
            // Marks with no free sub-row: one "+N more" badge per place, in a row of their own.
            let hidden = gather_hidden(
                &marks,
                subs.iter()
                    .enumerate()
                    .filter(|(_, s)| s.is_none())
                    .map(|(k, _)| k),
                30.0,
            );
            let sub_rows = if hidden.is_empty() {
                subs.iter().flatten().copied().max().map_or(1, |m| m + 1)
            } else {
                MAX_SUB_ROWS + 1
            };
            let lane_height = ROW_HEIGHT.max(sub_rows as f32 * SUB_ROW_HEIGHT + 6.0);
            self.lane_heights[row] = lane_height;
            top += lane_height;
            let lane_rect = Rect::from_min_max(
                Pos2::new(rect.left(), lane_top),
                Pos2::new(rect.right(), lane_top + lane_height),
            );
            if row % 2 == 1 {
                lane_clip.rect_filled(lane_rect, 0.0, visuals.faint_bg_color);
            }
            let glyph = match lane.key {
                crate::timeline::LaneKey::Account(_) => RecordKind::Account,
                crate::timeline::LaneKey::Staff(_) => RecordKind::Staff,
                crate::timeline::LaneKey::Statements => RecordKind::Statement,
                _ => RecordKind::Action,
            };
            let label_y = lane_top + ROW_HEIGHT / 2.0;
            lane_clip.text(
                Pos2::new(rect.left() + 6.0, label_y),
                Align2::LEFT_CENTER,
                glyph.glyph(),
                FontId::proportional(13.0),
                kind_color(glyph),
            );
            lane_clip.text(
                Pos2::new(rect.left() + 24.0, label_y),
                Align2::LEFT_CENTER,
                crate::model::excerpt(&lane.label, 20),
                FontId::proportional(12.0),
                text_color,
            );
            // Where the next mark in the same sub-row starts (room for a label beside a bar).
            let mut next_in_row = vec![f32::INFINITY; marks.len()];
            let mut last_seen: Vec<f32> = vec![f32::INFINITY; MAX_SUB_ROWS];
            for (k, mark) in marks.iter().enumerate().rev() {
                let x0 = match *mark {
                    Mark::Single { x0, .. } | Mark::Cluster { x0, .. } => plot.left() + x0 as f32,
                };
                let Some(row) = subs[k] else { continue };
                next_in_row[k] = last_seen[row];
                last_seen[row] = x0;
            }
            for (k, (mark, sub)) in marks.into_iter().zip(subs).enumerate() {
                let Some(sub) = sub else { continue };
                let next_x0 = next_in_row[k];
                let cy = lane_top + 3.0 + sub as f32 * SUB_ROW_HEIGHT + SUB_ROW_HEIGHT / 2.0;
                match mark {
                    Mark::Single { item, x0, x1 } => {
                        let it = &cache.items[item];
                        let color = item_color(it, &visuals);
                        let (x0, x1) = (plot.left() + x0 as f32, plot.left() + x1 as f32);
                        let is_selected = selected == Some(&it.record);
                        let shape_rect = if it.lasting || x1 - x0 > 3.0 {
                            let bar = Rect::from_min_max(
                                Pos2::new(x0, cy - 7.0),
                                Pos2::new(x1.max(x0 + 3.0), cy + 7.0),
                            );
                            // Known only to the month or year: a faint band, so it does not
                            // drown the precise events drawn over it.
                            let vague =
                                it.fuzzy && !it.lasting && it.end - it.start > 2.0 * 86_400.0;
                            let fill = if vague {
                                color.gamma_multiply(0.12)
                            } else if it.fuzzy && !it.lasting {
                                color.gamma_multiply(0.3)
                            } else if it.fuzzy {
                                color.gamma_multiply(0.75)
                            } else {
                                color
                            };
                            painter.rect_filled(bar, CornerRadius::same(3), fill);
                            if it.fuzzy && !it.lasting {
                                // An imprecise instant: the span it could be in, with a soft centre mark.
                                painter.rect_stroke(
                                    bar,
                                    CornerRadius::same(3),
                                    Stroke::new(
                                        1.0,
                                        color.gamma_multiply(if vague { 0.3 } else { 0.6 }),
                                    ),
                                    StrokeKind::Inside,
                                );
                                painter.circle_filled(bar.center(), 3.0, color);
                            }
                            if let Some(d) = it.duration_label() {
                                // Inside the bar when it fits; beside it only when the row is
                                // free there; otherwise the tooltip tells.
                                let font = FontId::proportional(11.0);
                                let text_width = ui.fonts_mut(|f| {
                                    f.layout_no_wrap(d.clone(), font.clone(), text_color)
                                        .size()
                                        .x
                                });
                                if bar.width() > text_width + 8.0 {
                                    painter.text(
                                        bar.center(),
                                        Align2::CENTER_CENTER,
                                        d,
                                        font,
                                        text_on(fill, visuals.panel_fill),
                                    );
                                } else if next_x0 > bar.right() + text_width + 10.0 {
                                    painter.text(
                                        Pos2::new(bar.right() + 4.0, cy),
                                        Align2::LEFT_CENTER,
                                        d,
                                        font,
                                        text_color,
                                    );
                                }
                            }
                            bar
                        } else {
                            let r = 5.0;
                            let c = Pos2::new(x0, cy);
                            painter.add(egui::Shape::convex_polygon(
                                vec![
                                    c + vec2(0.0, -r),
                                    c + vec2(r, 0.0),
                                    c + vec2(0.0, r),
                                    c + vec2(-r, 0.0),
                                ],
                                color,
                                Stroke::NONE,
                            ));
                            Rect::from_center_size(c, vec2(2.0 * r, 2.0 * r))
                        };
                        if it.key_event {
                            // Beside the mark, on its own sub-row (above it, the star would
                            // sit on the sub-row over it or under the axis); inside the bar's
                            // start when the bar begins before the plot.
                            // (Clear of the unauthorized and selection outlines.)
                            let beside = shape_rect.left() - 15.0 >= plot.left();
                            let (x, align, star_color) = if beside {
                                (shape_rect.left() - 5.5, Align2::RIGHT_CENTER, color)
                            } else {
                                (
                                    plot.left() + 2.0,
                                    Align2::LEFT_CENTER,
                                    text_on(color.gamma_multiply(0.3), visuals.panel_fill),
                                )
                            };
                            painter.text(
                                Pos2::new(x, cy),
                                align,
                                "★",
                                FontId::proportional(10.0),
                                star_color,
                            );
                        }
                        if it.unauthorized {
                            painter.rect_stroke(
                                shape_rect.expand(1.5),
                                CornerRadius::same(4),
                                Stroke::new(1.5, {
                                    let [r, g, b] = palette::UNAUTHORIZED;
                                    Color32::from_rgb(r, g, b)
                                }),
                                StrokeKind::Outside,
                            );
                        }
                        if is_selected {
                            painter.rect_stroke(
                                shape_rect.expand(3.0),
                                CornerRadius::same(5),
                                Stroke::new(2.0, visuals.selection.stroke.color),
                                StrokeKind::Outside,
                            );
                        }
                        if !matches!(it.kind, ItemKind::State(_)) {
                            centers.entry(&it.record).or_insert(shape_rect.center());
                        }
                        targets.push((item, shape_rect.expand(3.0), lane.label.clone()));
                    }
                    Mark::Cluster {
                        first,
                        count,
                        x0,
                        x1,
                    } => {
                        let (x0, x1) = (plot.left() + x0 as f32, plot.left() + x1 as f32);
                        let pill = Rect::from_min_max(
                            Pos2::new(x0 - 4.0, cy - 8.0),
                            Pos2::new(x1.max(x0 + 18.0) + 4.0, cy + 8.0),
                        );
                        let color = item_color(&cache.items[first], &visuals);
                        painter.rect_filled(
                            pill,
                            CornerRadius::same(8),
                            color.gamma_multiply(0.35),
                        );
                        painter.text(
                            pill.center(),
                            Align2::CENTER_CENTER,
                            count.to_string(),
                            FontId::proportional(11.0),
                            text_color,
                        );
                        clusters.push((
                            pill,
                            f64::from(x0 - plot.left()),
                            f64::from(x1 - plot.left()),
                        ));
                    }
                }
            }
            let cy = lane_top + 3.0 + MAX_SUB_ROWS as f32 * SUB_ROW_HEIGHT + SUB_ROW_HEIGHT / 2.0;
            for group in hidden {
                let text = group.label();
                let font = FontId::proportional(11.0);
                let text_width = ui.fonts_mut(|f| {
                    f.layout_no_wrap(text.clone(), font.clone(), text_color)
                        .size()
                        .x
                });
                // Where the hidden marks start, kept inside the plot (bars may start before it).
                let x0 = (plot.left() + group.x0 as f32)
                    .min(plot.right() - text_width - 6.0)
                    .max(plot.left() + 6.0);
                let x1 = (plot.left() + group.x1 as f32)
                    .min(plot.right() - 6.0)
                    .max(x0 + text_width);
                let pill = Rect::from_min_max(
                    Pos2::new(x0 - 5.0, cy - 8.0),
                    Pos2::new(x1 + 5.0, cy + 8.0),
                );
                let color = item_color(&cache.items[group.first], &visuals);
                painter.rect_filled(pill, CornerRadius::same(8), color.gamma_multiply(0.25));
                painter.rect_stroke(
                    pill,
                    CornerRadius::same(8),
                    Stroke::new(1.0, color.gamma_multiply(0.8)),
                    StrokeKind::Inside,
                );
                painter.text(
                    Pos2::new(x0, cy),
                    Align2::LEFT_CENTER,
                    text.clone(),
                    font,
                    text_color,
                );
                overflows.push((
                    pill,
                    (group.count, group.count_text()),
                    format!("{text} in {}", crate::model::excerpt(&lane.label, 40)),
                ));
            }
        }
        let content_height = top - (plot.top() - self.lane_scroll);
        self.lane_overflow = content_height > plot.height();
        self.lane_scroll = self
            .lane_scroll
            .clamp(0.0, (content_height - plot.height()).max(0.0));
        // An action and the action it reverses, a statement and the one it corrects, are linked.
        // Only drawn items can be linked (and it keeps the frame's cost to what is visible).
        for it in targets.iter().map(|(i, _, _)| &cache.items[*i]) {
            if let Some(target) = &it.links_to
                && let (Some(a), Some(b)) = (centers.get(target), centers.get(&it.record))
            {
                let stroke = Stroke::new(
                    1.5,
                    visuals
                        .widgets
                        .noninteractive
                        .fg_stroke
                        .color
                        .gamma_multiply(0.7),
                );
                let lift = if (a.x - b.x).abs() < 4.0 { 0.0 } else { 10.0 };
                let mid = Pos2::new((a.x + b.x) / 2.0, a.y.min(b.y) - lift);
                painter.add(egui::Shape::line(vec![*a, mid, *b], stroke));
                painter.circle_filled(*b, 2.5, stroke.color);
            }
        }
        label_painter.line_segment(
            [
                Pos2::new(plot.left(), rect.top()),
                Pos2::new(plot.left(), rect.bottom()),
            ],
            Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
        );

        for (n, (item, item_rect, lane_label)) in targets.into_iter().enumerate() {
            let it = &cache.items[item];
            let name = format!("{} — {lane_label}", it.label);
            let r = ui.interact(
                item_rect,
                ui.scope_id().with(("timeline-item", n)),
                Sense::click(),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            let r = r.on_hover_ui_at_pointer(|ui| {
                ui.label(tooltip_text(case, it, zones));
            });
            // Clicking a state bar selects the action that caused it.
            if r.clicked() {
                picked = Some(it.record.clone());
            }
        }
        for (n, (pill, x0, x1)) in clusters.into_iter().enumerate() {
            let r = ui.interact(
                pill,
                ui.scope_id().with(("timeline-cluster", n)),
                Sense::click(),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    "Several items: click to zoom in",
                )
            });
            let r = r.on_hover_text("Several items close together: click to zoom in");
            if r.clicked() {
                let from = view.time_from_x(x0 - 20.0, width);
                let to = view.time_from_x(x1 + 20.0, width);
                view = TimeView::new(from, to - from);
            }
        }
        for (n, (pill, (count, count_text), name)) in overflows.into_iter().enumerate() {
            let r = ui.interact(
                pill,
                ui.scope_id().with(("timeline-overflow", n)),
                Sense::click(),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("{name}: click for the list"),
                )
            });
            let r = r.on_hover_text(format!(
                "{count_text} more {} overlap here than the lane can stack (a bulk action, \
                 say). Click for the List view, which shows every one.",
                if count == 1 { "item" } else { "items" }
            ));
            if r.clicked() {
                self.list_mode = true;
            }
        }
        self.view = Some(view);
        picked
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, case: &Case) {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Timeline").strong());
            if ui
                .button("Fit")
                .on_hover_text("Show everything (Home, or double-click the timeline)")
                .clicked()
            {
                self.fit_requested = true;
            }
            ui.selectable_value(&mut self.list_mode, false, "Lanes");
            ui.selectable_value(&mut self.list_mode, true, "List")
                .on_hover_text("The same items as a chronological table");
            ui.separator();
            egui::ComboBox::from_id_salt("timeline-grouping")
                .selected_text(match self.grouping {
                    Grouping::AccountsAndStaff => "Lanes: accounts & staff",
                    Grouping::ByAccount => "Lanes: by account",
                    Grouping::ByStaff => "Lanes: by staff",
                    Grouping::ByKind => "Lanes: by kind",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.grouping,
                        Grouping::AccountsAndStaff,
                        "Accounts & staff",
                    );
                    ui.selectable_value(&mut self.grouping, Grouping::ByAccount, "By account");
                    ui.selectable_value(&mut self.grouping, Grouping::ByStaff, "By staff");
                    ui.selectable_value(&mut self.grouping, Grouping::ByKind, "By record kind");
                })
                .response
                .on_hover_text("Timeline lanes");
            egui::ComboBox::from_id_salt("timeline-zone")
                .selected_text(match self.zone {
                    ZoneMode::Case => "Case zone",
                    ZoneMode::Utc => "UTC",
                    ZoneMode::Local => "Local",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.zone, ZoneMode::Case, "Case zone");
                    ui.selectable_value(&mut self.zone, ZoneMode::Utc, "UTC");
                    ui.selectable_value(&mut self.zone, ZoneMode::Local, "Local");
                })
                .response
                .on_hover_text("Timeline time zone");
            if ui
                .checkbox(&mut self.compress, "Compress gaps")
                .on_hover_text("Squeeze long empty stretches")
                .changed()
            {
                self.fit_requested = true;
            }
            ui.checkbox(&mut self.key_events_only, "★ Key events only");
            ui.separator();
            for kind in [
                RecordKind::Action,
                RecordKind::Statement,
                RecordKind::Source,
                RecordKind::FollowUp,
            ] {
                let mut shown = !self.hidden.contains(&kind);
                if ui
                    .checkbox(
                        &mut shown,
                        RichText::new(format!("{} {}", kind.glyph(), kind.plural()))
                            .color(kind_color(kind)),
                    )
                    .changed()
                {
                    if shown {
                        self.hidden.remove(&kind);
                    } else {
                        self.hidden.insert(kind);
                    }
                }
            }
            let label = ui.label("Filter").id;
            ui.add(
                egui::TextEdit::singleline(&mut self.tag_filter)
                    .hint_text("tag or text")
                    .desired_width(110.0),
            )
            .labelled_by(label);
            let only_text = match &self.only {
                None => "Everyone".to_owned(),
                Some(Only::Account(id)) => case
                    .accounts
                    .iter()
                    .find(|a| &a.id.0 == id)
                    .map_or_else(|| id.clone(), |a| a.handle.clone()),
                Some(Only::Staff(id)) => case
                    .staff
                    .iter()
                    .find(|s| &s.id.0 == id)
                    .map_or_else(|| id.clone(), |s| s.name.clone()),
            };
            egui::ComboBox::from_id_salt("timeline-only")
                .selected_text(only_text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.only, None, "Everyone");
                    for a in &case.accounts {
                        ui.selectable_value(
                            &mut self.only,
                            Some(Only::Account(a.id.0.clone())),
                            format!("@ {}", a.handle),
                        );
                    }
                    for s in &case.staff {
                        ui.selectable_value(
                            &mut self.only,
                            Some(Only::Staff(s.id.0.clone())),
                            format!("☺ {}", s.name),
                        );
                    }
                })
                .response
                .on_hover_text("Timeline: one account or staff member");
            if let Some(cache) = &self.cache {
                let current = self
                    .only_lane
                    .as_ref()
                    .and_then(|k| cache.lanes.lanes.iter().find(|l| &l.key == k))
                    .map_or_else(
                        || "All lanes".to_owned(),
                        |l| crate::model::excerpt(&l.label, 24),
                    );
                egui::ComboBox::from_id_salt("timeline-lane")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.only_lane, None, "All lanes");
                        for lane in &cache.lanes.lanes {
                            ui.selectable_value(
                                &mut self.only_lane,
                                Some(lane.key.clone()),
                                &lane.label,
                            );
                        }
                    })
                    .response
                    .on_hover_text("Timeline: show one lane");
            }
            // Date range: anything When::parse reads ("2017-11", "2017-11-02 18:00"), in the axis zone.
            let tz = self.tz(case);
            let from_label = ui.label("From").id;
            let from = ui
                .add(
                    egui::TextEdit::singleline(&mut self.range_text.0)
                        .hint_text("any")
                        .desired_width(80.0),
                )
                .labelled_by(from_label);
            let to_label = ui.label("to").id;
            let to = ui
                .add(
                    egui::TextEdit::singleline(&mut self.range_text.1)
                        .hint_text("any")
                        .desired_width(80.0),
                )
                .labelled_by(to_label);
            if from.changed() || to.changed() {
                let start = crate::model::When::parse(&self.range_text.0, tz)
                    .ok()
                    .map(|w| w.at.timestamp() as f64);
                let end = crate::model::When::parse(&self.range_text.1, tz)
                    .ok()
                    .map(|w| w.latest(tz).timestamp() as f64);
                self.range = match (start, end) {
                    (None, None) => None,
                    (s, e) => Some((s.unwrap_or(f64::MIN), e.unwrap_or(f64::MAX))),
                };
            }
        });
    }

    fn list_ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        selected: Option<&RecordRef>,
    ) -> Option<RecordRef> {
        let tz = self.tz(case);
        let zones = Zones {
            case: case.tz(),
            view: tz,
        };
        let case_zone_suffix = format!(" ({})", zones.case.name());
        let cache = self.cache.as_ref()?;
        let rows: Vec<usize> = cache
            .by_time
            .iter()
            .copied()
            .filter(|&i| self.passes(&cache.items[i]))
            .collect();
        let mut picked = None;
        ui.horizontal(|ui| {
            // On another zone's axis, dates and parts of day stay the case's: say so once here
            // rather than "(America/New_York)" on every row.
            let header = if zones.case == tz {
                format!("{} items, times in {}", rows.len(), tz.name())
            } else {
                format!(
                    "{} items, times in {}; dates and parts of day in {} unless marked",
                    rows.len(),
                    tz.name(),
                    zones.case.name()
                )
            };
            ui.label(RichText::new(header).weak());
            if ui
                .button("Copy as text")
                .on_hover_text(
                    "Copy these rows (tab-separated) to paste into a document or spreadsheet",
                )
                .clicked()
            {
                let mut text = String::from("when\tkind\tdescription\n");
                for &i in &rows {
                    let it = &cache.items[i];
                    let kind = match it.kind {
                        ItemKind::Action(k) => k.label(),
                        ItemKind::Statement => "statement",
                        ItemKind::SourcePublished => "source",
                        ItemKind::FollowUpDue => "follow-up due",
                        ItemKind::State(s) => s.label(),
                    };
                    let mut line = it.label.clone();
                    if let Some(d) = it.duration_label() {
                        line.push_str(&format!(" ({d})"));
                    }
                    text.push_str(&format!(
                        "{}\t{kind}\t{}\n",
                        when_text(case, &it.record, zones),
                        line.replace(['\t', '\n'], " ")
                    ));
                }
                ui.ctx().copy_text(text);
            }
        });
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        egui::ScrollArea::vertical()
            .id_salt("timeline-list")
            .auto_shrink(false)
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                for &i in &rows[range] {
                    let it = &cache.items[i];
                    ui.horizontal(|ui| {
                        // Full-size and left-aligned, so dates read on a projector and line
                        // up; a long one is cut, whole on hover. The case zone is named in
                        // the header, so only another zone is named here ("(Europe/London)");
                        // copied rows keep it, as they leave the app.
                        let mut when = when_text(case, &it.record, zones);
                        if let Some(short) = when.strip_suffix(&case_zone_suffix) {
                            when.truncate(short.len());
                        }
                        ui.allocate_ui_with_layout(
                            egui::vec2(250.0, row_height),
                            egui::Layout::left_to_right(egui::Align::Center),
                            |ui| {
                                ui.set_min_width(250.0);
                                ui.add(egui::Label::new(RichText::new(when).weak()).truncate());
                            },
                        );
                        let kind = it.kind.record_kind();
                        ui.label(RichText::new(kind.glyph()).color(kind_color(kind)));
                        let mut text = it.label.clone();
                        if let Some(d) = it.duration_label() {
                            text.push_str(&format!(" ({d})"));
                        }
                        if it.key_event {
                            text = format!("★ {text}");
                        }
                        if ui
                            .add(
                                egui::Button::selectable(selected == Some(&it.record), text)
                                    .truncate(),
                            )
                            .clicked()
                        {
                            picked = Some(it.record.clone());
                        }
                    });
                }
            });
        picked
    }
}

/// A compressed gap's band: darker than the lanes in the dark theme, a visible grey in the light.
fn gap_color(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        visuals.extreme_bg_color
    } else {
        Color32::from_gray(222)
    }
}

/// White or near-black, whichever reads better on `fill` (premultiplied, possibly translucent)
/// laid over `background`: a label inside a bar stays legible in both themes.
fn text_on(fill: Color32, background: Color32) -> Color32 {
    let behind = 1.0 - f32::from(fill.a()) / 255.0;
    let channel = |f: u8, b: u8| {
        let c = (f32::from(f) + f32::from(b) * behind).min(255.0) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(fill.r(), background.r())
        + 0.7152 * channel(fill.g(), background.g())
        + 0.0722 * channel(fill.b(), background.b());
    // Contrast with white (1.05 / (L + 0.05)) against with black ((L + 0.05) / 0.05).
    if luminance < 0.179 {
        Color32::WHITE
    } else {
        Color32::from_gray(20)
    }
}

/// The item's colour from the one palette (paper uses the same); an available account's bar
/// is toned down so the unavailable stretches stand out.
fn item_color(item: &Item, visuals: &egui::Visuals) -> Color32 {
    let _ = visuals;
    let [r, g, b] = palette::item_rgb(item);
    let color = Color32::from_rgb(r, g, b);
    match item.kind {
        ItemKind::State(state) if state.is_available() => color.gamma_multiply(0.6),
        _ => color,
    }
}

/// The case's zone and the zone the timeline shows times in, worked out once per frame rather
/// than once per row (the case zone is parsed from its name).
#[derive(Clone, Copy)]
struct Zones {
    case: Tz,
    view: Tz,
}

/// "2017-11-02 ~evening" for the record behind an item.
fn when_text(case: &Case, record: &RecordRef, zones: Zones) -> String {
    let Zones {
        case: case_tz,
        view: tz,
    } = zones;
    match find_record(case, record) {
        Some((_, crate::model::Record::Action(a))) => a.start.display_in(case_tz, tz),
        Some((_, crate::model::Record::Statement(s))) => s.when.display_in(case_tz, tz),
        Some((_, crate::model::Record::Source(s))) => s
            .published
            .as_ref()
            .map_or_else(String::new, |w| w.display_in(case_tz, tz)),
        Some((_, crate::model::Record::FollowUp(f))) => f
            .due
            .as_ref()
            .map_or_else(String::new, |w| w.display_in(case_tz, tz)),
        _ => String::new(),
    }
}

/// Kind, who, when (with its precision) and an excerpt, for the hover tooltip.
fn tooltip_text(case: &Case, item: &Item, zones: Zones) -> String {
    let Zones {
        case: case_tz,
        view: tz,
    } = zones;
    let mut lines = Vec::new();
    match find_record(case, &item.record) {
        Some((_, crate::model::Record::Action(a))) => {
            if let ItemKind::State(state) = item.kind {
                lines.push(format!("{} — {}", item.label, state.label()));
                if let Some(d) = item.duration_label() {
                    lines.push(format!("for {d}"));
                }
                lines.push(format!("caused by: {}", a.summary));
            } else {
                lines.push(format!("{} — {}", a.kind.label(), a.summary));
                lines.push(format!("by {}", case.actor_name(&a.performer)));
                if let Some(d) = &a.duration {
                    lines.push(format!("lasted {d}"));
                }
            }
            lines.push(format!(
                "when: {} ({} precision)",
                a.start.display_in(case_tz, tz),
                a.start.precision.label()
            ));
            if item.unauthorized {
                lines.push("UNAUTHORIZED".to_owned());
            }
        }
        Some((_, crate::model::Record::Statement(s))) => {
            lines.push(format!(
                "statement — {} ({})",
                case.speaker_name(&s.speaker),
                s.channel
            ));
            lines.push(format!(
                "when: {} ({} precision)",
                s.when.display_in(case_tz, tz),
                s.when.precision.label()
            ));
            lines.push(format!("“{}”", crate::model::excerpt(&s.quote, 140)));
        }
        _ => {
            lines.push(item.label.clone());
            lines.push(when_text(case, &item.record, zones));
        }
    }
    lines.join("\n")
}

/// Sub-row for each mark so overlapping marks in a lane stack instead of hiding each other
/// (key events, unauthorized actions and account states placed first); `None` when all
/// `MAX_SUB_ROWS` rows are taken there (the mark is counted in a "+N more" badge instead).
fn pack_sub_rows(marks: &[Mark], items: &[Item]) -> Vec<Option<usize>> {
    let spans: Vec<(f64, f64, bool)> = marks
        .iter()
        .map(|m| match *m {
            Mark::Single { item, x0, x1 } => {
                (x0 - 6.0, x1.max(x0 + 6.0), items[item].is_prominent())
            }
            Mark::Cluster { x0, x1, .. } => (x0 - 6.0, x1 + 22.0, false),
        })
        .collect();
    pack_rows(&spans, MAX_SUB_ROWS, 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(c: Color32) -> f32 {
        let ch = |v: u8| {
            let c = f32::from(v) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
    }

    /// WCAG contrast of `text` on `fill` laid over `bg`.
    fn contrast(text: Color32, fill: Color32, bg: Color32) -> f32 {
        let shown = bg.blend(fill);
        let (a, b) = (luminance(text) + 0.05, luminance(shown) + 0.05);
        a.max(b) / a.min(b)
    }

    #[test]
    fn labels_inside_bars_pick_the_colour_that_reads() {
        let action = kind_color(RecordKind::Action);
        let statement = kind_color(RecordKind::Statement);
        for (theme, bg) in [
            ("dark", egui::Visuals::dark().panel_fill),
            ("light", egui::Visuals::light().panel_fill),
        ] {
            for fill in [
                action,
                action.gamma_multiply(0.75),
                statement,
                statement.gamma_multiply(0.3),
            ] {
                let chosen = text_on(fill, bg);
                let other = if chosen == Color32::WHITE {
                    Color32::from_gray(20)
                } else {
                    Color32::WHITE
                };
                let c = contrast(chosen, fill, bg);
                assert!(
                    c >= contrast(other, fill, bg),
                    "{theme}: the better of the two"
                );
                assert!(c >= 4.5, "{theme}: {fill:?} reads at {c:.1}:1");
            }
        }
    }
}
