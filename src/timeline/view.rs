//! The visible time range: two f64 numbers and pure functions on them.
//!
//! Times are seconds since the Unix epoch (UTC) as f64: exact to the microsecond for any date a
//! case will hold, and cheap to transform. Widths and x are in points (screen units).

/// The shortest span a view may show (one second across the whole width).
pub const MIN_SPAN_SECS: f64 = 1.0;
/// The longest span a view may show (about 300 years).
pub const MAX_SPAN_SECS: f64 = 300.0 * 365.25 * 86_400.0;

/// What part of time is visible: `start` at the left edge, `span` seconds across the width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeView {
    /// Time at the left edge (seconds since the epoch).
    pub start: f64,
    /// Seconds from the left edge to the right edge.
    pub span: f64,
}

impl TimeView {
    /// A view from `start` spanning `span` seconds (clamped to the allowed range).
    pub fn new(start: f64, span: f64) -> Self {
        Self {
            start,
            span: span.clamp(MIN_SPAN_SECS, MAX_SPAN_SECS),
        }
    }

    /// The view that shows `[first, last]` with `margin` (a fraction of the span) on each side.
    pub fn fit(first: f64, last: f64, margin: f64) -> Self {
        let (first, last) = if first <= last {
            (first, last)
        } else {
            (last, first)
        };
        let span = (last - first).max(60.0);
        let pad = span * margin;
        Self::new(first - pad, span + 2.0 * pad)
    }

    /// Time at the right edge.
    pub fn end(&self) -> f64 {
        self.start + self.span
    }

    /// The x position (points from the left edge) of time `t` on an axis `width` points wide.
    pub fn x_from_time(&self, t: f64, width: f64) -> f64 {
        (t - self.start) / self.span * width
    }

    /// The time at x position `x` on an axis `width` points wide.
    pub fn time_from_x(&self, x: f64, width: f64) -> f64 {
        self.start + x / width * self.span
    }

    /// Seconds per point at `width`.
    pub fn secs_per_point(&self, width: f64) -> f64 {
        self.span / width.max(1.0)
    }

    /// The view moved so that what was at x is now at x + `dx_points` (drag right = earlier).
    pub fn pan(&self, dx_points: f64, width: f64) -> Self {
        Self {
            start: self.start - dx_points / width.max(1.0) * self.span,
            span: self.span,
        }
    }

    /// The view zoomed by `factor` (> 1 zooms in) keeping the time under `x` where it is.
    pub fn zoom_at(&self, x: f64, factor: f64, width: f64) -> Self {
        if !(factor.is_finite() && factor > 0.0) {
            return *self;
        }
        let anchor = self.time_from_x(x, width);
        let span = (self.span / factor).clamp(MIN_SPAN_SECS, MAX_SPAN_SECS);
        Self {
            start: anchor - x / width.max(1.0) * span,
            span,
        }
    }

    /// Whether `[from, to]` overlaps the view.
    pub fn overlaps(&self, from: f64, to: f64) -> bool {
        to >= self.start && from <= self.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_time_round_trip_within_half_a_point_for_every_pixel() {
        let width = 2000.0;
        // From a 1-second view to a 300-year one, at a 2017 start and at the epoch.
        let spans = [
            1.0,
            60.0,
            3600.0,
            86_400.0,
            30.0 * 86_400.0,
            365.25 * 86_400.0,
            50.0 * 365.25 * 86_400.0,
            MAX_SPAN_SECS,
        ];
        for start in [1_509_660_000.0, 0.0, -2_000_000_000.0] {
            for span in spans {
                let view = TimeView::new(start, span);
                for px in 0..=2000 {
                    let x = f64::from(px);
                    let back = view.x_from_time(view.time_from_x(x, width), width);
                    assert!((back - x).abs() < 0.5, "span {span}: {x} -> {back}");
                }
            }
        }
    }

    #[test]
    fn zoom_at_keeps_the_time_under_the_cursor() {
        let width = 1200.0;
        let view = TimeView::new(1_509_660_000.0, 86_400.0);
        for x in [0.0, 1.0, 333.0, 600.0, 1199.0] {
            let before = view.time_from_x(x, width);
            for factor in [0.25, 0.5, 1.1, 2.0, 10.0] {
                let zoomed = view.zoom_at(x, factor, width);
                let after = zoomed.time_from_x(x, width);
                assert!(
                    (after - before).abs() < 1e-3 * zoomed.secs_per_point(width) + 1e-6,
                    "x {x} factor {factor}"
                );
                assert!(
                    (zoomed.span - (view.span / factor).clamp(MIN_SPAN_SECS, MAX_SPAN_SECS)).abs()
                        < 1e-6
                );
            }
        }
    }

    #[test]
    fn zoom_is_clamped_and_ignores_nonsense() {
        let view = TimeView::new(0.0, 10.0);
        assert_eq!(view.zoom_at(5.0, 1e9, 100.0).span, MIN_SPAN_SECS);
        assert_eq!(view.zoom_at(5.0, f64::NAN, 100.0), view);
        assert_eq!(view.zoom_at(5.0, -2.0, 100.0), view);
    }

    #[test]
    fn pan_moves_by_the_dragged_distance() {
        let view = TimeView::new(1000.0, 100.0);
        let panned = view.pan(50.0, 100.0);
        assert_eq!(panned.start, 950.0);
        assert_eq!(panned.span, 100.0);
        assert_eq!(view.pan(-50.0, 100.0).start, 1050.0);
    }

    #[test]
    fn fit_contains_both_ends() {
        let view = TimeView::fit(100.0, 10_000.0, 0.05);
        assert!(view.start < 100.0 && view.end() > 10_000.0);
    }
}
