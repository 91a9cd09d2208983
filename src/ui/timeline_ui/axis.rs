//! The timeline's time axis.

use super::*;

/// The time axis: tick labels per stretch between compressed gaps, the gap bands and what
/// they hide, and the zone's name. Returns the real (uncompressed) time range shown.
pub(super) fn axis_ui(
    painter: &egui::Painter,
    label_painter: &egui::Painter,
    frame: &Frame<'_>,
    view: &TimeView,
    visuals: &egui::Visuals,
    tz: Tz,
) -> (f64, f64) {
    let (rect, plot, compression) = (frame.rect, frame.plot, frame.compression);
    let text_color = visuals.text_color();
    let weak = visuals.weak_text_color();
    let x_of = |t: f64, view: &TimeView| frame.x_of(t, view);
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
        let x0 = x_of(g0, view);
        let x1 = x_of(g1, view);
        if x1 < plot.left() || x0 > plot.right() {
            continue;
        }
        let gap_rect = Rect::from_min_max(
            Pos2::new(x0, rect.top()),
            Pos2::new(x1.max(x0 + 2.0), plot.bottom()),
        );
        painter.rect_filled(gap_rect, 0.0, gap_color(visuals));
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
        painter.rect_filled(label_rect, 2.0, gap_color(visuals));
        painter.galley(at, galley, weak);
    }
    // Ticks per stretch between compressed gaps, each at its own scale, so every stretch
    // gets round, readable ticks.
    let stretches = compression.stretches(real_from, real_to);
    let mut last_label_x = f32::MIN;
    for (s0, s1) in stretches {
        let px = f64::from(x_of(s1, view) - x_of(s0, view)).max(1.0);
        let stretch_ticks = ticks(&TimeView::new(s0, (s1 - s0).max(1.0)), px, tz, 90.0);
        // Every stretch is dated: by its start's date when its first tick label is far from
        // there (or it has none), otherwise by that label carrying its date.
        let mut first_label = true;
        let start_x = x_of(s0, view).max(plot.left());
        let end_x = x_of(s1, view).min(plot.right());
        let limit = stretch_ticks
            .iter()
            .map(|t| x_of(t.time, view))
            .find(|&x| x >= plot.left())
            .unwrap_or(end_x)
            .min(end_x);
        if start_x + 3.0 > last_label_x + 8.0 {
            for date in crate::timeline::stretch_dates(s0, tz) {
                let date = painter.layout_no_wrap(date, FontId::proportional(11.0), text_color);
                if start_x + 3.0 + date.size().x + 6.0 <= limit {
                    last_label_x = start_x + 3.0 + date.size().x;
                    first_label = false;
                    painter.galley(Pos2::new(start_x + 3.0, rect.min.y + 4.0), date, text_color);
                    break;
                }
            }
        }
        for tick in stretch_ticks {
            let x = x_of(tick.time, view);
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
    (real_from, real_to)
}
