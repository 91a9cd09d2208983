//! The parts of the figure, chosen from where the items are: a dense stretch (an attack's
//! afternoon) gets a part of its own at an hour scale, between round hours; the days with
//! items around it go in overview parts, a day at least [`MIN_DAY_PT`] wide with every quiet
//! stretch of more than a day squeezed behind a gap marker [`GAP_PT`] wide, split into as
//! many parts as that needs. Items known only to a month or a year shape nothing.

use chrono::{DateTime, Duration, NaiveDate, Timelike as _};

use super::*;

/// Width of a compressed gap in an overview part, in points (room for "⋯ 132 days ⋯").
pub const GAP_PT: f64 = 44.0;
/// The least width of a day in an overview part, in points (room for its date).
pub const MIN_DAY_PT: f64 = 34.0;
/// Events closer than this belong to one burst.
const BURST_GAP: f64 = 2.0 * 3600.0;
/// A burst of at least this many events (within [`DENSE_SPAN`]) gets a part of its own.
const DENSE_EVENTS: usize = 5;
const DENSE_SPAN: f64 = 36.0 * 3600.0;
/// An item known to more than this is a "day" item: it dates a day, it is no burst.
const PRECISE: f64 = 6.0 * 3600.0;
/// Beyond this many parts the figure falls back to equal parts of the whole span.
const MAX_PARTS: usize = 60;
/// Points each marker of the busiest lane needs in a detail part.
const PER_MARK: f64 = 12.0;

/// One part of the figure: the real time it covers, how it is squeezed and scaled, and which
/// items it draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// In this part's compressed seconds.
    pub view: TimeView,
    pub compression: Compression,
    /// The real time it covers.
    pub from: f64,
    pub to: f64,
    /// A dense stretch at an hour scale.
    pub detail: bool,
    /// An overview part: the starts of the days with items (each gets a labelled tick).
    pub days: Vec<f64>,
    /// Items that are not lasting belong to the part whose window holds their point
    /// ([`item_point`]), so none is drawn twice; `None`: every item in view (the whole figure).
    /// A detail part's window holds only the items known to the hour or better.
    pub own: Option<(f64, f64)>,
    /// Of an overview part: the detail parts' ranges (their precise items are theirs). Of a
    /// detail part when there is no overview part: the window of its vaguer items.
    pub others: Vec<(f64, f64)>,
    /// Of an overview part: the detail parts in its range, (from, to, part number), marked
    /// on its axis.
    pub refs: Vec<(f64, f64, usize)>,
}

/// Whether an item is placed to the hour or better (a detail part draws it).
pub fn is_precise(it: &Item) -> bool {
    it.end - it.start <= PRECISE
}

impl Part {
    /// The x (from the plot's left edge) of real time `t`.
    pub fn x(&self, t: f64, plot_width: f64) -> f64 {
        self.view
            .x_from_time(self.compression.compress(t), plot_width)
    }

    /// Whether the part draws item `it` (among those whose reach is in view).
    pub fn draws(&self, it: &Item) -> bool {
        let Some((a, b)) = self.own else {
            return true;
        };
        if it.lasting {
            // What lasted only within a dense stretch is that part's alone.
            return self.detail
                || !self
                    .others
                    .iter()
                    .any(|&(a, b)| it.start >= a && it.end <= b);
        }
        let t = item_point(it);
        let inside = |(a, b): (f64, f64)| t >= a && t < b;
        if self.detail {
            if is_precise(it) {
                inside((a, b))
            } else {
                self.others.iter().any(|&w| inside(w))
            }
        } else {
            inside((a, b)) && !(is_precise(it) && self.others.iter().any(|&w| inside(w)))
        }
    }

    /// The real time at the left and right edges.
    pub fn real_range(&self) -> (f64, f64) {
        (
            self.compression.expand(self.view.start),
            self.compression.expand(self.view.end()),
        )
    }
}

/// The one time that places an item that does not last: its own time, or the middle of what
/// it covers (a day, a month).
pub fn item_point(it: &Item) -> f64 {
    if it.reported.is_empty() {
        it.start + (it.end - it.start) / 2.0
    } else {
        it.own_start()
    }
}

fn local(t: f64, tz: Tz) -> Option<chrono::DateTime<Tz>> {
    DateTime::from_timestamp(t.floor() as i64, 0).map(|d| d.with_timezone(&tz))
}

/// The start of the local hour holding `t`.
fn floor_hour(t: f64, tz: Tz) -> f64 {
    local(t, tz)
        .and_then(|d| d.with_minute(0))
        .and_then(|d| d.with_second(0))
        .map_or(t, |d| d.timestamp() as f64)
        .min(t)
}

fn ceil_hour(t: f64, tz: Tz) -> f64 {
    let f = floor_hour(t, tz);
    if f >= t {
        f
    } else {
        floor_hour(f + 3600.0 + 1.0, tz).max(t)
    }
}

fn date_of(t: f64, tz: Tz) -> Option<NaiveDate> {
    local(t, tz).map(|d| d.date_naive())
}

fn day_start(d: NaiveDate, tz: Tz) -> Option<f64> {
    let midnight = d.and_hms_opt(0, 0, 0)?;
    (0..4)
        .find_map(|h| {
            (midnight + Duration::hours(h))
                .and_local_timezone(tz)
                .earliest()
        })
        .map(|t| t.timestamp() as f64)
}

impl Figure {
    /// The whole figure as one part (the compression and fit of the whole case).
    pub fn whole_part(&self) -> Part {
        let (from, to) = (
            self.compression.expand(self.full.start),
            self.compression.expand(self.full.end()),
        );
        Part {
            view: self.full,
            compression: self.compression.clone(),
            from,
            to,
            detail: false,
            days: Vec::new(),
            own: None,
            others: Vec::new(),
            refs: Vec::new(),
        }
    }

    /// The times the parts are chosen from: (precise events as the stretch each covers,
    /// sorted by start; day events).
    fn events(&self) -> (Vec<(f64, f64)>, Vec<f64>) {
        // What the anchored items cover; a vague item outside it dates a day of its own.
        let (first, last) = self
            .items
            .iter()
            .filter_map(Item::anchor)
            .fold((f64::MAX, f64::MIN), |(a, b), s| (a.min(s.0), b.max(s.1)));
        let (lo, hi) = self.range.unwrap_or((f64::MIN, f64::MAX));
        let mut precise = Vec::new();
        let mut days = Vec::new();
        for it in &self.items {
            if matches!(it.kind, ItemKind::State(_)) {
                // Its cause is an item of its own; its end, when known, is an event.
                if !it.open_end && !it.fuzzy && it.end - it.start <= DENSE_SPAN {
                    precise.push((it.end, it.end));
                }
            } else if it.lasting {
                if it.fuzzy && it.end - it.start > PRECISE {
                    days.push(it.start);
                } else {
                    precise.push((it.start, it.start));
                    if !it.open_end && it.end - it.start <= DENSE_SPAN {
                        precise.push((it.end, it.end));
                    }
                }
            } else if it.anchor().is_none() {
                let mid = item_point(it);
                if mid < first || mid > last {
                    days.push(mid);
                }
            } else if is_precise(it) {
                precise.push((it.start, it.end));
            } else {
                days.push(item_point(it));
            }
        }
        precise.retain(|e| e.0.is_finite() && e.1.is_finite() && e.1 >= lo && e.0 <= hi);
        for e in &mut precise {
            *e = (e.0.max(lo), e.1.min(hi));
        }
        precise.sort_by(|a, b| a.0.total_cmp(&b.0));
        days.retain(|t| t.is_finite() && *t >= lo && *t <= hi);
        days.sort_by(f64::total_cmp);
        (precise, days)
    }

    /// The parts a figure `plot_width` points wide is drawn in, in time order.
    pub fn parts(&self, plot_width: f64) -> Vec<Part> {
        let plot_width = plot_width.max(100.0);
        let tz = self.tz;
        let (precise, day_events) = self.events();
        if precise.is_empty() && day_events.is_empty() {
            return vec![self.whole_part()];
        }
        // Bursts of precise events (each within BURST_GAP of what came before); the dense
        // ones get detail parts between round hours.
        let mut dense: Vec<(f64, f64)> = Vec::new();
        let mut k = 0;
        while k < precise.len() {
            let mut end = k + 1;
            let mut reach = precise[k].1;
            while end < precise.len() && precise[end].0 <= reach + BURST_GAP {
                reach = reach.max(precise[end].1);
                end += 1;
            }
            let (a, b) = (precise[k].0, reach);
            if end - k >= DENSE_EVENTS && b - a <= DENSE_SPAN {
                let pad = ((b - a) * 0.05).max(600.0);
                let a = floor_hour(a - pad, tz);
                let mut b = ceil_hour(b + pad, tz);
                if b - a < 2.0 * 3600.0 {
                    b = ceil_hour(a + 2.0 * 3600.0, tz);
                }
                if let Some(last) = dense.last_mut()
                    && a <= last.1 + 3600.0
                {
                    last.1 = last.1.max(b);
                } else {
                    dense.push((a, b));
                }
            }
            k = end;
        }
        let mut parts = Vec::new();
        // Overview parts for the days with items: every vague item, and the precise ones
        // outside the dense stretches.
        let in_dense = |t: f64| dense.iter().any(|&(a, b)| t >= a && t < b);
        let mut times: Vec<f64> = precise
            .iter()
            .map(|e| e.0 + (e.1 - e.0) / 2.0)
            .filter(|&t| !in_dense(t))
            .chain(day_events.iter().copied())
            .collect();
        times.sort_by(f64::total_cmp);
        self.overview_parts(&times, (f64::MIN, f64::MAX), plot_width, &mut parts);
        let overview = parts.len();
        for &d in &dense {
            self.detail_parts(d, plot_width, &mut parts);
        }
        if parts.is_empty() {
            return vec![self.whole_part()];
        }
        if parts.len() > MAX_PARTS {
            return self.equal_parts(plot_width);
        }
        // Windows: the overview parts tile all time between them; a detail part owns the
        // precise items of its range (and, with no overview part, the vague ones nearest it).
        fn tile(bounds: &[(f64, f64)]) -> Vec<(f64, f64)> {
            let n = bounds.len();
            (0..n)
                .map(|k| {
                    let a = if k == 0 {
                        f64::NEG_INFINITY
                    } else {
                        (bounds[k - 1].1 + bounds[k].0) / 2.0
                    };
                    let b = if k + 1 == n {
                        f64::INFINITY
                    } else {
                        (bounds[k].1 + bounds[k + 1].0) / 2.0
                    };
                    (a, b)
                })
                .collect()
        }
        let overview_bounds: Vec<(f64, f64)> =
            parts[..overview].iter().map(|p| (p.from, p.to)).collect();
        let detail_bounds: Vec<(f64, f64)> =
            parts[overview..].iter().map(|p| (p.from, p.to)).collect();
        let overview_windows = tile(&overview_bounds);
        let detail_windows = tile(&detail_bounds);
        for (k, p) in parts.iter_mut().enumerate() {
            if k < overview {
                p.own = Some(overview_windows[k]);
                p.others = dense.clone();
            } else {
                p.own = Some((p.from, p.to));
                if overview == 0 {
                    p.others = vec![detail_windows[k - overview]];
                }
            }
        }
        parts.sort_by(|a, b| a.from.total_cmp(&b.from).then(a.detail.cmp(&b.detail)));
        let numbered: Vec<(f64, f64, usize)> = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.detail)
            .map(|(k, p)| (p.from, p.to, k + 1))
            .collect();
        for p in parts.iter_mut().filter(|p| !p.detail) {
            p.refs = numbered
                .iter()
                .copied()
                .filter(|&(a, b, _)| b > p.from && a < p.to)
                .collect();
        }
        parts
    }

    /// Equal parts of the whole compressed span: for a case whose days with items are too many
    /// to give each its own room.
    fn equal_parts(&self, plot_width: f64) -> Vec<Part> {
        let segments = self.segments(self.segments_needed(plot_width));
        let n = segments.len();
        segments
            .into_iter()
            .enumerate()
            .map(|(k, view)| {
                let from = self.compression.expand(view.start);
                let to = self.compression.expand(view.end());
                Part {
                    view,
                    compression: self.compression.clone(),
                    from,
                    to,
                    detail: false,
                    days: Vec::new(),
                    own: Some((
                        if k == 0 { f64::NEG_INFINITY } else { from },
                        if k + 1 == n { f64::INFINITY } else { to },
                    )),
                    others: Vec::new(),
                    refs: Vec::new(),
                }
            })
            .collect()
    }

    /// The busiest lane's count of items placed in `[a, b)`.
    fn busiest_in(&self, a: f64, b: f64) -> usize {
        self.lanes
            .lanes
            .iter()
            .map(|l| {
                l.visible(&self.items, a, b)
                    .filter(|&i| {
                        let it = &self.items[i];
                        !it.lasting && is_precise(it) && item_point(it) >= a && item_point(it) < b
                    })
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    /// A dense stretch `[a, b)`: one part, or several of whole hours when its busiest lane
    /// would crowd one.
    fn detail_parts(&self, (a, b): (f64, f64), plot_width: f64, out: &mut Vec<Part>) {
        let busiest = self.busiest_in(a, b) as f64;
        let n = ((busiest * PER_MARK / plot_width).ceil() as usize).clamp(1, 12);
        let hours = ((b - a) / 3600.0).ceil().max(1.0);
        let per = (hours / n as f64).ceil().max(1.0) * 3600.0;
        let mut from = a;
        while from < b - 1.0 {
            let to = (from + per).min(b);
            out.push(Part {
                view: TimeView::new(from, to - from),
                compression: Compression::none(),
                from,
                to,
                detail: true,
                days: Vec::new(),
                own: None,
                others: Vec::new(),
                refs: Vec::new(),
            });
            from = to;
        }
    }

    /// Overview parts for the event `times` (sorted) within `[seg_from, seg_to)`.
    fn overview_parts(
        &self,
        times: &[f64],
        (seg_from, seg_to): (f64, f64),
        plot_width: f64,
        out: &mut Vec<Part>,
    ) {
        let tz = self.tz;
        let mut dates: Vec<NaiveDate> = times.iter().filter_map(|&t| date_of(t, tz)).collect();
        dates.dedup();
        if dates.is_empty() {
            return;
        }
        // Stretches of days with at most one quiet day inside, in whole days (cut where a
        // dense part begins or ends).
        let mut stretches: Vec<(f64, f64, Vec<f64>)> = Vec::new();
        let mut run: Vec<NaiveDate> = vec![dates[0]];
        let flush = |run: &[NaiveDate], stretches: &mut Vec<(f64, f64, Vec<f64>)>| {
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                return;
            };
            let start = day_start(*first, tz).unwrap_or(seg_from).max(seg_from);
            let end = last
                .succ_opt()
                .and_then(|d| day_start(d, tz))
                .unwrap_or(seg_to)
                .min(seg_to);
            if end > start {
                let days = run.iter().filter_map(|d| day_start(*d, tz)).collect();
                stretches.push((start, end, days));
            }
        };
        for &d in &dates[1..] {
            let last = run.last().copied().unwrap_or(d);
            if (d - last).num_days() <= 2 {
                run.push(d);
            } else {
                flush(&run, &mut stretches);
                run = vec![d];
            }
        }
        flush(&run, &mut stretches);
        // Split any stretch longer than a part holds, at day boundaries.
        let max_days = (plot_width / MIN_DAY_PT).floor().max(1.0);
        let mut pieces: Vec<(f64, f64, Vec<f64>)> = Vec::new();
        for (a, b, days) in stretches {
            let mut from = a;
            while (b - from) / 86_400.0 > max_days + 0.01 {
                let cut = date_of(from, tz)
                    .and_then(|d| d.checked_add_signed(Duration::days(max_days as i64)))
                    .and_then(|d| day_start(d, tz))
                    .filter(|&c| c > from && c < b)
                    .unwrap_or(b);
                pieces.push((
                    from,
                    cut,
                    days.iter()
                        .copied()
                        .filter(|&t| t >= from && t < cut)
                        .collect(),
                ));
                from = cut;
            }
            pieces.push((
                from,
                b,
                days.iter().copied().filter(|&t| t >= from).collect(),
            ));
        }
        // As many consecutive pieces per part as keep every day MIN_DAY_PT wide.
        let fits = |group: &[(f64, f64, Vec<f64>)]| {
            let days: f64 = group.iter().map(|g| (g.1 - g.0) / 86_400.0).sum();
            let gaps = group.len().saturating_sub(1) as f64;
            (plot_width - gaps * GAP_PT) / days.max(1e-9) >= MIN_DAY_PT
        };
        let mut start = 0;
        while start < pieces.len() {
            let mut end = start + 1;
            while end < pieces.len() && fits(&pieces[start..=end]) {
                end += 1;
            }
            out.push(overview_part(&pieces[start..end], plot_width));
            start = end;
        }
    }
}

/// One overview part over `pieces` (real stretches with the starts of their days with items):
/// the quiet time between them squeezed to [`GAP_PT`] each.
fn overview_part(pieces: &[(f64, f64, Vec<f64>)], plot_width: f64) -> Part {
    let from = pieces.first().map_or(0.0, |p| p.0);
    let to = pieces.last().map_or(86_400.0, |p| p.1);
    let gaps: Vec<(f64, f64)> = pieces
        .windows(2)
        .map(|w| (w[0].1, w[1].0))
        .filter(|g| g.1 > g.0)
        .collect();
    let kept: f64 = pieces.iter().map(|p| p.1 - p.0).sum::<f64>().max(60.0);
    // A small margin at each side, so a marker at a part's first minute is not cut.
    let margin = 6.0;
    let usable = (plot_width - gaps.len() as f64 * GAP_PT - 2.0 * margin).max(plot_width * 0.2);
    let secs_per_point = kept / usable;
    let compression = Compression {
        gaps,
        gap_secs: GAP_PT * secs_per_point,
    };
    let (c0, c1) = (compression.compress(from), compression.compress(to));
    let pad = margin * secs_per_point;
    Part {
        view: TimeView::new(c0 - pad, (c1 - c0) + 2.0 * pad),
        compression,
        from,
        to,
        detail: false,
        days: pieces.iter().flat_map(|p| p.2.iter().copied()).collect(),
        own: None,
        others: Vec::new(),
        refs: Vec::new(),
    }
}

impl Figure {
    /// The ticks of an overview part: a grid line at every day's start, a label on every day
    /// with items and on the first day of each stretch (the part's first one with its year
    /// when there is room).
    pub(super) fn draw_day_ticks(
        &self,
        svg: &mut Svg,
        (plot_x, plot_w, y, bottom): (f64, f64, f64, f64),
        part: &Part,
        stretches: &[(f64, f64)],
    ) {
        let tz = self.tz;
        let x_of = |t: f64| plot_x + part.x(t, plot_w);
        // (x, label, bold) in order.
        let mut marks: Vec<(f64, String, bool)> = Vec::new();
        for &(s0, s1) in stretches {
            // Not the margins beside the part: their dates are no day of it.
            let (s0, s1) = (s0.max(part.from), s1.min(part.to));
            if s1 <= s0 {
                continue;
            }
            let (Some(first), Some(last)) = (date_of(s0, tz), date_of(s1 - 1.0, tz)) else {
                continue;
            };
            let mut d = first;
            let mut guard = 0;
            while d <= last && guard < 400 {
                guard += 1;
                let t = day_start(d, tz).unwrap_or(s0).max(s0);
                let tx = x_of(t);
                let with_items = part.days.iter().any(|&s| date_of(s, tz) == Some(d));
                svg.line(
                    tx,
                    y + AXIS_HEIGHT - 5.0,
                    tx,
                    bottom,
                    if with_items { "#b5bcc6" } else { "#e1e5ea" },
                    0.5,
                    false,
                );
                if with_items || d == first {
                    marks.push((tx, d.format("%b %-d").to_string(), with_items));
                }
                match d.succ_opt() {
                    Some(next) => d = next,
                    None => break,
                }
            }
        }
        let mut last_end = f64::MIN;
        for k in 0..marks.len() {
            let (tx, ref label, bold) = marks[k];
            let next_x = marks.get(k + 1).map_or(plot_x + plot_w, |m| m.0);
            let face = if bold { Face::Bold } else { Face::Regular };
            let mut text = label.clone();
            if k == 0
                && let Some(year) = local(part.from, tz).map(|d| d.format("%Y").to_string())
            {
                let long = format!("{label}, {year}");
                if tx + 2.0 + text_width(&long, face, 7.0) + 4.0 <= next_x {
                    text = long;
                }
            }
            let w = text_width(&text, face, 7.0);
            if tx + 2.0 < last_end + 3.0 || tx + 2.0 + w > plot_x + plot_w + 0.5 {
                continue;
            }
            svg.text(
                tx + 2.0,
                y + 18.0,
                &text,
                face,
                7.0,
                if bold { INK } else { MUTED },
                Anchor::Start,
            );
            last_end = tx + 2.0 + w;
        }
    }
}

impl Figure {
    /// "Part 2 of 4: Mar 14, 2024 12:00 – 17:00, hour by hour" / "Part 3 of 4: Mar 15 – Nov 21,
    /// 2024, the days with items (quiet stretches squeezed)".
    pub fn part_caption(&self, k: usize, n: usize, part: &Part) -> String {
        let tz = self.tz;
        let fmt = |t: f64, f: &str| {
            local(t, tz)
                .map(|d| d.format(f).to_string())
                .unwrap_or_default()
        };
        let head = if n > 1 {
            format!("Part {} of {n}: ", k + 1)
        } else {
            String::new()
        };
        if part.detail {
            let same_day = fmt(part.from, "%F") == fmt(part.to - 1.0, "%F");
            let to = if same_day {
                fmt(part.to, "%H:%M")
            } else {
                fmt(part.to, "%b %-d, %H:%M")
            };
            let to = if to == "00:00" {
                "24:00".to_owned()
            } else {
                to
            };
            format!(
                "{head}{} – {to}, hour by hour",
                fmt(part.from, "%b %-d, %Y %H:%M")
            )
        } else if part.days.is_empty() {
            format!(
                "{head}{} – {}",
                fmt(part.from, "%Y-%m-%d %H:%M"),
                fmt(part.to, "%Y-%m-%d %H:%M")
            )
        } else {
            let last = part.to - 1.0;
            let range = if fmt(part.from, "%F") == fmt(last, "%F") {
                fmt(part.from, "%b %-d, %Y")
            } else if fmt(part.from, "%Y") == fmt(last, "%Y") {
                format!("{} – {}", fmt(part.from, "%b %-d"), fmt(last, "%b %-d, %Y"))
            } else {
                format!(
                    "{} – {}",
                    fmt(part.from, "%b %-d, %Y"),
                    fmt(last, "%b %-d, %Y")
                )
            };
            let squeezed = if part.compression.gaps.is_empty() {
                ""
            } else {
                " (quiet stretches squeezed)"
            };
            let refs: Vec<String> = part.refs.iter().map(|r| format!("Part {}", r.2)).collect();
            let refs = if refs.is_empty() {
                String::new()
            } else {
                format!("; the marked hours in {}, hour by hour", refs.join(", "))
            };
            format!("{head}{range}, day by day{squeezed}{refs}")
        }
    }
}
