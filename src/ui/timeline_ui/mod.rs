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
    gather_hidden, pack_rows_pinned, ticks,
};

const LABEL_WIDTH: f32 = 170.0;
const ROW_HEIGHT: f32 = 26.0;
/// Two lines: tick labels, then the lengths of compressed gaps.
const AXIS_HEIGHT: f32 = 36.0;
const SUB_ROW_HEIGHT: f32 = 20.0;
const MAX_SUB_ROWS: usize = 6;

/// A filter to one account's, staff member's or outside person's items (with what was done
/// through that account or staff member's credentials).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Only {
    Account(String),
    Staff(String),
    Outsider(String),
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
    /// The view follows the case (fits again when records are added or re-dated) until the
    /// user pans or zooms; Fit (or Home, or a double-click) makes it follow again.
    follow: bool,
    /// The case version the view was last fitted to.
    fitted_generation: Option<u64>,
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
            follow: true,
            fitted_generation: None,
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
        self.follow = false;
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
        // In the case's one chronology, as in the tables, the report and CSV (links between
        // records honoured, "sometime on 15 July" after the timed events of 15 July); a
        // source's publication or a follow-up's due date merged in by its own time.
        let places: std::collections::HashMap<RecordRef, (i64, usize)> =
            crate::model::chronology::keyed(case, case.tz())
                .into_iter()
                .enumerate()
                .map(|(rank, (e, key))| (e.reference(), (key.timestamp(), rank)))
                .collect();
        let place = |i: usize| {
            places
                .get(&items[i].record)
                .copied()
                .unwrap_or((items[i].when_mid as i64, usize::MAX))
        };
        by_time.sort_by_cached_key(|&i| place(i));
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
                Only::Account(id) => {
                    item.accounts.iter().any(|a| a.as_str() == id) || item.is_via_account(id)
                }
                Only::Staff(id) => {
                    item.staff.as_ref().is_some_and(|s| s.as_str() == id) || item.is_via_staff(id)
                }
                Only::Outsider(id) => item.outsider.as_ref().is_some_and(|o| o.as_str() == id),
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
        // Fit when asked, when first shown, when the case changed and the view follows it, and
        // whenever the view would show nothing at all (a record re-dated out of it, another
        // case opened): never an empty range without a word.
        let shows_nothing = self.view.is_some_and(|v| {
            !cache.items.iter().any(|it| {
                compression.compress(it.end) >= v.start && compression.compress(it.start) <= v.end()
            })
        });
        let case_changed = self.fitted_generation != Some(cache.generation);
        if self.fit_requested
            || self.view.is_none()
            || (self.follow && case_changed)
            || shows_nothing
        {
            self.view = Some(TimeView::fit(first, last, 0.04));
            if self.fit_requested || shows_nothing {
                self.follow = true;
            }
            self.fit_requested = false;
        }
        self.fitted_generation = Some(cache.generation);
        let tz = self.tz(case);
        let zones = Zones {
            case: case.tz(),
            view: tz,
        };
        let mut view = self.view?;
        let before_input = view;

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
        // Panned or zoomed by the user: stop following (a fit by Home or a double-click
        // follows again).
        if view != before_input {
            self.follow = view == TimeView::fit(first, last, 0.04);
        }
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

/// "2017-11-02 18:45 EDT", "sometime on 2017-11-02" for the record behind an item.
fn when_text(case: &Case, record: &RecordRef, zones: Zones) -> String {
    let Zones {
        case: case_tz,
        view: tz,
    } = zones;
    match find_record(case, record) {
        Some((_, crate::model::Record::Action(a))) => a.start.listed_in(case_tz, tz),
        Some((_, crate::model::Record::Statement(s))) => s.when.listed_in(case_tz, tz),
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

/// "by @a's account", the sources' times when they disagree, and the other moments, as
/// tooltip lines.
fn when_lines(
    case: &Case,
    when: &crate::model::When,
    source: Option<&crate::model::SourceId>,
    alternatives: &[crate::model::AltTime],
    zones: Zones,
) -> Vec<String> {
    let Zones {
        case: case_tz,
        view: tz,
    } = zones;
    let source_name = |id: Option<&crate::model::SourceId>| {
        id.map(|id| {
            case.source(id)
                .map_or_else(|| id.to_string(), |s| s.title.clone())
        })
    };
    let mut lines = vec![format!(
        "when: {} ({} precision){}",
        when.display_in(case_tz, tz),
        when.precision.label(),
        source_name(source).map_or_else(String::new, |s| format!(" — {s}"))
    )];
    if !alternatives.is_empty() {
        lines.push("sources disagree; also given:".to_owned());
        for alt in alternatives {
            lines.push(format!(
                "  {}{}",
                alt.when.display_in(case_tz, tz),
                source_name(alt.source.as_ref()).map_or_else(String::new, |s| format!(" — {s}"))
            ));
        }
    }
    lines
}

/// Kind, who, when (with its precision) and an excerpt, for the hover tooltip.
fn tooltip_text(case: &Case, item: &Item, zones: Zones) -> String {
    let Zones {
        case: case_tz,
        view: tz,
    } = zones;
    let mut lines = Vec::new();
    let shown = |w: &crate::model::When| w.display_in(case_tz, tz);
    match find_record(case, &item.record) {
        Some((_, crate::model::Record::Action(a))) => {
            if let ItemKind::State(state) = item.kind {
                lines.push(format!("{} — {}", item.label, state.label()));
                match item.duration_label() {
                    Some(d) if item.open_end => lines.push(format!("for {d}, end not known")),
                    Some(d) => lines.push(format!("for {d}")),
                    None if item.open_end => {
                        lines.push("still so at the end of what the case knows".to_owned());
                    }
                    None => {}
                }
                lines.push(format!("caused by: {}", a.summary));
            } else {
                lines.push(format!("{} — {}", a.kind.label(), a.summary));
                lines.push(format!("by {}", case.actor_name(&a.performer)));
                if let Some(through) = &a.through {
                    lines.push(format!("through {}", case.through_name(through)));
                }
                if let Some(d) = &a.duration {
                    lines.push(format!("lasted {d}"));
                }
                if let Some(link) = &a.amends {
                    let earlier = case
                        .action(&link.action)
                        .map_or_else(|| link.action.to_string(), |e| e.summary.clone());
                    lines.push(format!("{}: {earlier}", link.kind.label()));
                }
            }
            lines.extend(when_lines(
                case,
                &a.start,
                a.start_source.as_ref(),
                &a.alternatives,
                zones,
            ));
            for (what, when) in [
                ("decided", &a.decided),
                ("ended", &a.end),
                ("set to end", &a.planned_end),
                ("found out", &a.discovered),
                ("made public", &a.disclosed),
            ] {
                if let Some(w) = when {
                    lines.push(format!("{what}: {}", shown(w)));
                }
            }
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
            if let Some(through) = &s.through {
                lines.push(format!("through {}", case.through_name(through)));
            }
            lines.extend(when_lines(
                case,
                &s.when,
                s.when_source.as_ref(),
                &s.alternatives,
                zones,
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
/// (key events, unauthorized actions and account states placed first; an account's states
/// share the first row, one after another); `None` when all `MAX_SUB_ROWS` rows are taken
/// there (the mark is counted in a "+N more" badge instead). A mark takes all it draws: other
/// reported times, other moments, fades, its star and "via" tag.
fn pack_sub_rows(
    marks: &[Mark],
    items: &[Item],
    lane: &crate::timeline::Lane,
    plot_left: f32,
    x_of: &dyn Fn(f64) -> f32,
) -> Vec<Option<usize>> {
    let mut pinned = Vec::with_capacity(marks.len());
    let spans: Vec<(f64, f64, bool)> = marks
        .iter()
        .map(|m| match *m {
            Mark::Single { item, x0, x1 } => {
                let it = &items[item];
                let screen = (plot_left + x0 as f32, plot_left + x1 as f32);
                let (_, (left, right)) = lanes::item_extent(it, screen, x_of, lane.is_via(it));
                pinned.push(matches!(it.kind, ItemKind::State(_)));
                (
                    f64::from(left - plot_left) - 6.0,
                    f64::from(right - plot_left).max(x0 + 6.0),
                    it.is_prominent(),
                )
            }
            Mark::Cluster { x0, x1, .. } => {
                pinned.push(false);
                (x0 - 6.0, x1 + 22.0, false)
            }
        })
        .collect();
    pack_rows_pinned(&spans, &pinned, MAX_SUB_ROWS, 2.0)
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

    #[test]
    fn the_tooltip_lists_the_times_sources_give_and_the_other_moments() {
        use crate::model::{AltTime, Record, SourceId, Through, When, new_record};
        let tz: Tz = "America/New_York".parse().unwrap_or(Tz::UTC);
        let at = |text: &str| When::parse(text, tz).unwrap_or_else(|e| panic!("{text}: {e}"));
        let now = at("2020-07-15 12:00").at;
        let mut case = Case::new("t", "America/New_York", now);
        for (id, title) in [
            ("src-support", "Twitter Support thread"),
            ("src-verge", "The Verge"),
        ] {
            let Record::Source(mut s) = new_record(RecordKind::Source, &case, now) else {
                unreachable!()
            };
            (s.id, s.title) = (SourceId::from(id), title.to_owned());
            case.sources.push(s);
        }
        let Record::Staff(staff) = new_record(RecordKind::Staff, &case, now) else {
            unreachable!()
        };
        let Record::Action(mut block) = new_record(RecordKind::Action, &case, now) else {
            unreachable!()
        };
        block.summary = "All verified accounts blocked".to_owned();
        block.start = at("2020-07-15 18:15");
        block.start_source = Some(SourceId::from("src-support"));
        block.alternatives = vec![AltTime {
            when: at("2020-07-15 18:20"),
            source: Some(SourceId::from("src-verge")),
        }];
        block.decided = Some(at("2020-07-15 18:05"));
        block.planned_end = Some(at("2020-07-15 21:00"));
        block.end = Some(at("2020-07-15 22:00"));
        block.discovered = Some(at("by 2020-07-15 18:30"));
        block.through = Some(Through::Staff(staff.id.clone()));
        case.staff.push(staff);
        case.actions.push(block);
        let items = derive_items(&case);
        let item = items
            .iter()
            .find(|i| matches!(i.kind, ItemKind::Action(_)))
            .expect("the action");
        let zones = Zones { case: tz, view: tz };
        let tip = tooltip_text(&case, item, zones);
        for line in [
            "through New staff member's credentials",
            "when: 2020-07-15 18:15 EDT (minute precision) — Twitter Support thread",
            "sources disagree; also given:",
            "  2020-07-15 18:20 EDT — The Verge",
            "decided: 2020-07-15 18:05 EDT",
            "ended: 2020-07-15 22:00 EDT",
            "set to end: 2020-07-15 21:00 EDT",
            "found out: by 2020-07-15 18:30 EDT",
        ] {
            assert!(tip.lines().any(|l| l == line), "{line:?} in\n{tip}");
        }
    }
}
