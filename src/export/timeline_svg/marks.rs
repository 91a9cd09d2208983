//! Small drawing marks of the timeline figure: star, fade, chevron, dashed box, hatching.

use super::*;

/// A small five-pointed star centred on `(cx, cy)`.
pub(super) fn star(svg: &mut Svg, cx: f64, cy: f64, fill: &str) {
    let mut pts = Vec::with_capacity(10);
    for k in 0..10 {
        let r = if k % 2 == 0 { 3.6 } else { 1.5 };
        let a = std::f64::consts::PI * (f64::from(k) / 5.0) - std::f64::consts::FRAC_PI_2;
        pts.push((cx + r * a.cos(), cy + r * a.sin()));
    }
    svg.polygon(&pts, fill);
}

/// A 10-point-high band from `from` (at `opacity`) to `to` (transparent), in steps: the
/// unknown side of an open end or a bound. `to` may be left of `from`.
pub(super) fn fade(svg: &mut Svg, from: f64, to: f64, cy: f64, color: &str, opacity: f64) {
    const STEPS: usize = 6;
    let step = (to - from) / STEPS as f64;
    for k in 0..STEPS {
        let a = from + step * k as f64;
        let b = a + step;
        let o = opacity * (1.0 - (k as f64 + 0.5) / STEPS as f64);
        svg.rect_alpha(a.min(b), cy - 4.0, (b - a).abs() + 0.2, 8.0, color, o);
    }
}

/// A small chevron at `(x, cy)` pointing right (`dir` 1) or left (-1): "and beyond".
pub(super) fn chevron(svg: &mut Svg, x: f64, cy: f64, dir: f64, color: &str) {
    svg.line(x - 2.5 * dir, cy - 3.0, x, cy, color, 0.9, false);
    svg.line(x, cy, x - 2.5 * dir, cy + 3.0, color, 0.9, false);
}

/// A dashed outline of the rectangle `(x0, y0)`–`(x1, y1)`.
pub(super) fn dashed_rect(svg: &mut Svg, (x0, y0, x1, y1): (f64, f64, f64, f64), color: &str) {
    svg.line(x0, y0, x1, y0, color, 0.8, true);
    svg.line(x0, y1, x1, y1, color, 0.8, true);
    svg.line(x0, y0, x0, y1, color, 0.8, true);
    svg.line(x1, y0, x1, y1, color, 0.8, true);
}

/// Diagonal stripes over the rectangle `(x, y, w, h)`: a compromised account's stretch.
pub(super) fn hatch(svg: &mut Svg, (x, y, w, h): (f64, f64, f64, f64), color: &str) {
    const SPACING: f64 = 4.0;
    // Lines from lower left to upper right, each starting at (x + k, y + h); the part of each
    // inside the rectangle.
    let mut k = -h;
    while k < w {
        let t0 = (-k).max(0.0);
        let t1 = h.min(w - k);
        if t1 > t0 {
            svg.line(
                x + k + t0,
                y + h - t0,
                x + k + t1,
                y + h - t1,
                color,
                1.0,
                false,
            );
        }
        k += SPACING;
    }
}
