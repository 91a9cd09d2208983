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
        self.toolbar_ui(ui, case);
        if self.list_mode {
            return self.list_ui(ui, case, selected);
        }
        // The cache is lent to the drawing below (which also changes the panel's state).
        let cache = self.cache.take()?;
        let picked = self.plot_ui(ui, case, &cache, selected);
        self.cache = Some(cache);
        picked
    }

    /// The plot: axis, lanes, items; returns a record clicked or stepped to.
    fn plot_ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        cache: &Cache,
        selected: Option<&RecordRef>,
    ) -> Option<RecordRef> {
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
        let frame = Frame {
            rect,
            plot,
            width,
            compression: &compression,
        };
        let mut picked = self.input_ui(
            ui,
            &response,
            &frame,
            cache,
            (first, last),
            &mut view,
            selected,
        );
        let (real_from, real_to) = axis_ui(&painter, &label_painter, &frame, &view, &visuals, tz);
        let drawn = self.lanes_ui(
            ui,
            &painter,
            &label_painter,
            &frame,
            cache,
            &view,
            (real_from, real_to),
            selected,
        );
        if let Some(p) = self.drawn_ui(ui, case, cache, drawn, zones, &frame, &mut view) {
            picked = Some(p);
        }
        self.view = Some(view);
        picked
    }
}

mod axis;
mod input;
mod lanes;
mod list;
mod toolbar;

use axis::axis_ui;

/// Where the plot is on screen, and the gap compression it shows.
struct Frame<'a> {
    /// The whole widget (lane labels and axis included).
    rect: Rect,
    /// Where items are drawn.
    plot: Rect,
    /// The plot's width in points, as the time↔x transform takes it.
    width: f64,
    compression: &'a Compression,
}

impl Frame<'_> {
    /// The x of real time `t` in `view`.
    fn x_of(&self, t: f64, view: &TimeView) -> f32 {
        self.plot.left() + view.x_from_time(self.compression.compress(t), self.width) as f32
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
fn item_color(item: &Item) -> Color32 {
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
