//! The figure's time axis: a part's ticks, day labels, gap markers and the hours another part
//! shows in detail.

use super::*;

impl Figure {
    /// Draws the axis (ticks in the figure's zone, compressed gaps) at `(x, y)`, `width` wide,
    /// with grid lines down to `bottom`, for `view` of the whole figure.
    pub fn draw_axis(
        &self,
        svg: &mut Svg,
        x: f64,
        y: f64,
        width: f64,
        bottom: f64,
        view: &TimeView,
    ) {
        let part = Part {
            view: *view,
            ..self.whole_part()
        };
        self.draw_part_axis(svg, (x, y, width, bottom), &part);
    }

    /// Draws the axis of `part` at `(x, y)`, `width` wide, with grid lines down to `bottom`.
    /// Compressed gaps first, so nothing drawn after them is hidden; their length sits in a
    /// row above the tick labels. In an overview part every day with items has a labelled
    /// tick; elsewhere ticks are at round steps per stretch, the first label of each with its
    /// date.
    pub fn draw_part_axis(
        &self,
        svg: &mut Svg,
        (x, y, width, bottom): (f64, f64, f64, f64),
        part: &Part,
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
        let (real_from, real_to) = part.real_range();
        let x_of = |t: f64| plot_x + part.x(t, plot_w);
        let compression = &part.compression;
        // Compressed gaps: a shaded band with the real length.
        for &(g0, g1) in &compression.gaps {
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
        // The hours another part shows hour by hour: a dark strip under the axis, "Part 2".
        for &(a, b, number) in &part.refs {
            let (x0, x1) = (x_of(a).max(plot_x), x_of(b).min(plot_x + plot_w));
            if x1 <= x0 {
                continue;
            }
            svg.rect(
                x0,
                y + AXIS_HEIGHT - 3.5,
                (x1 - x0).max(2.0),
                3.5,
                "#5b6573",
                None,
                0.0,
            );
            let label = format!("Part {number}");
            let w = text_width(&label, Face::Bold, 5.8);
            let cx = ((x0 + x1) / 2.0).clamp(plot_x + w / 2.0, plot_x + plot_w - w / 2.0);
            svg.text(cx, y + 8.0, &label, Face::Bold, 5.8, INK, Anchor::Middle);
        }
        let in_gap = |t: f64| compression.gaps.iter().any(|&(g0, g1)| t >= g0 && t < g1);
        let stretches = compression.stretches(real_from, real_to);
        if !part.days.is_empty() {
            self.draw_day_ticks(svg, (plot_x, plot_w, y, bottom), part, &stretches);
        } else {
            let mut last_label_end = f64::MIN;
            for (s0, s1) in stretches {
                let px = (x_of(s1) - x_of(s0)).max(1.0);
                let stretch_ticks =
                    ticks(&TimeView::new(s0, (s1 - s0).max(1.0)), px, self.tz, 70.0);
                // Every stretch is dated: by its start's date when its first tick label is far
                // from there (or it has none), otherwise by that label carrying its date.
                let mut first_label = true;
                let start_x = x_of(s0).max(plot_x);
                let end_x = x_of(s1).min(plot_x + plot_w);
                let labelled_tick_x = stretch_ticks
                    .iter()
                    .filter(|t| !in_gap(t.time))
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
                    if tx < plot_x - 0.5 || tx > plot_x + plot_w + 0.5 || in_gap(tick.time) {
                        continue;
                    }
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
                    if tx + 2.0 > last_label_end + 6.0 && tx + 2.0 + w <= plot_x + plot_w {
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
}
