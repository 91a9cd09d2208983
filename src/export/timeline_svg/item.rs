//! Drawing one timeline item on the page, with the moments around it.

use super::*;

impl Figure {
    /// One item on the page: a bar (a band when only the month is known, a dashed span with a
    /// centre mark when it is an imprecise instant, hatched while an account was compromised,
    /// fading out when its end is not known) or a diamond; around it the times sources
    /// disagree on, a bound's fade, its planned end, when it was decided, found out and made
    /// public; then its label, key-event star, unauthorized outline and, in the lane of the
    /// account or staff member it was done through, a dashed outline. Returns where its centre
    /// is, for links.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn draw_item(
        &self,
        svg: &mut Svg,
        it: &Item,
        via: bool,
        (x0, x1): (f64, f64),
        (plot_x, plot_w): (f64, f64),
        cy: f64,
        label: Option<&Label>,
        x_of: &dyn Fn(f64) -> f64,
        part: &Part,
    ) -> (f64, f64) {
        let color = item_hex(it);
        let (x0r, x1r) = (x0, x1.max(x0));
        let ext = self.extents(it, (x0r, x1r), part, plot_w);
        let (shape0, shape1, left) = (
            plot_x + ext.shape.0,
            plot_x + ext.shape.1,
            plot_x + ext.near.0,
        );
        let clamp = |x: f64| x.clamp(plot_x, plot_x + plot_w);
        // Times the sources disagree on: a faint band from the earliest to the latest, a tick
        // at each.
        if let Some((r0, r1)) = it.reported_range() {
            let (a, b) = (clamp(x_of(r0)), clamp(x_of(r1)));
            svg.rect_alpha(a, cy - 5.0, (b - a).max(1.5), 10.0, &color, 0.16);
            svg.line(a, cy, b, cy, &color, 0.8, false);
            for &t in &it.reported {
                let x = x_of(t);
                if (plot_x..=plot_x + plot_w).contains(&x) {
                    svg.line(x, cy - 5.5, x, cy + 5.5, &color, 1.1, false);
                }
            }
        }
        let bar = is_bar(it, x0r, x1r);
        let shape_rect = if bar {
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
            let w = shape1 - shape0;
            // Known only to have started after a time: the bar fades in.
            let fade_in = if it.lasting && it.bound == Some(TimeBound::After) {
                (w / 2.0).min(FADE)
            } else {
                0.0
            };
            if fade_in > 0.0 {
                fade(svg, shape0 + fade_in, shape0, cy, &color, opacity);
            }
            svg.rect_alpha(
                shape0 + fade_in,
                cy - 5.0,
                w - fade_in,
                10.0,
                &color,
                opacity,
            );
            if palette::is_hatched(it) {
                hatch(
                    svg,
                    (shape0, cy - 5.0, w, 10.0),
                    &palette::hex(palette::COMPROMISED_HATCH),
                );
            }
            if it.fuzzy && !it.lasting {
                // An imprecise instant: the span it could be in, dashed, with
                // a soft centre dot.
                svg.line(shape0, cy - 5.0, shape1, cy - 5.0, &color, 0.6, true);
                svg.line(shape0, cy + 5.0, shape1, cy + 5.0, &color, 0.6, true);
                svg.circle(shape0 + w / 2.0, cy, 2.2, &color);
            }
            if it.open_end && x1r <= plot_w {
                // Lasted at least this long: the rest fades out.
                fade(svg, shape1, shape1 + FADE, cy, &color, opacity * 0.8);
                chevron(svg, shape1 + FADE + 1.0, cy, 1.0, &color);
            }
            (shape0, cy - 5.0, shape1, cy + 5.0)
        } else {
            let xm = (shape0 + shape1) / 2.0;
            if matches!(it.kind, ItemKind::Statement) {
                svg.circle(xm, cy, MARKER_R - 0.6, &color);
            } else {
                svg.polygon(
                    &[
                        (xm, cy - MARKER_R),
                        (xm + MARKER_R, cy),
                        (xm, cy + MARKER_R),
                        (xm - MARKER_R, cy),
                    ],
                    &color,
                );
            }
            (shape0, cy - MARKER_R, shape1, cy + MARKER_R)
        };
        // Known only as a bound: a fade towards the unknown side.
        match it.bound {
            Some(TimeBound::Before) => {
                fade(svg, shape0 - 1.0, shape0 - 1.0 - FADE, cy, &color, 0.6);
                chevron(svg, shape0 - 2.0 - FADE, cy, -1.0, &color);
            }
            Some(TimeBound::After) if !it.lasting => {
                fade(svg, shape1 + 1.0, shape1 + 1.0 + FADE, cy, &color, 0.6);
                chevron(svg, shape1 + 2.0 + FADE, cy, 1.0, &color);
            }
            _ => {}
        }
        self.draw_moments(svg, it, shape_rect, cy, x_of, (plot_x, plot_w), &color);
        let (sx0, sy0, sx1, sy1) = shape_rect;
        if it.unauthorized {
            svg.rect(
                sx0 - 1.2,
                sy0 - 1.2,
                sx1 - sx0 + 2.4,
                sy1 - sy0 + 2.4,
                "none",
                Some((UNAUTHORIZED, 1.0)),
                2.5,
            );
        }
        if via {
            // Done through this lane's account or credentials: a dashed outline.
            dashed_rect(svg, (sx0 - 2.6, sy0 - 2.6, sx1 + 2.6, sy1 + 2.6), INK);
        }
        if let Some(label) = label {
            let vague_or_faint = it.fuzzy && !it.lasting;
            let (anchor, text_color) = match label.pos {
                LabelPos::Inside if vague_or_faint || !bar => (Anchor::Start, INK),
                LabelPos::Inside => (Anchor::Start, "#ffffff"),
                LabelPos::Right => (Anchor::Start, INK),
                LabelPos::Left => (Anchor::End, INK),
            };
            svg.text(
                plot_x + label.x,
                cy + 2.4,
                &label.text,
                if label.numbered {
                    Face::Bold
                } else if via {
                    Face::Oblique
                } else {
                    Face::Regular
                },
                LABEL_SIZE,
                text_color,
                anchor,
            );
        }
        if it.key_event {
            // Left of everything the mark draws, in the room the layout kept for it; over the
            // mark's corner when the mark starts at the plot's edge.
            if left - STAR_ROOM >= plot_x {
                star(svg, left - STAR_ROOM / 2.0, cy, &color);
            } else {
                star(svg, shape0.max(plot_x + 3.6), cy - 6.5, &color);
            }
        }
        ((sx0 + sx1) / 2.0, cy)
    }

    /// An action's other moments on its row: its planned end (a faint dashed continuation past
    /// the bar, or a dashed tick on it), when it was decided (a tick joined to the bar), found
    /// out (a ring) and made public (a square), these two below the row's labels, joined to
    /// the mark.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn draw_moments(
        &self,
        svg: &mut Svg,
        it: &Item,
        (sx0, sy0, sx1, sy1): (f64, f64, f64, f64),
        cy: f64,
        x_of: &dyn Fn(f64) -> f64,
        (plot_x, plot_w): (f64, f64),
        color: &str,
    ) {
        let inside = |x: f64| (plot_x - 0.5..=plot_x + plot_w + 0.5).contains(&x);
        let m = &it.moments;
        if let Some(p) = m.planned_end {
            let xp = x_of(p).clamp(plot_x, plot_x + plot_w);
            if xp > sx1 + 1.0 {
                svg.line(sx1, sy0, xp, sy0, color, 0.7, true);
                svg.line(sx1, sy1, xp, sy1, color, 0.7, true);
                svg.line(xp, sy0, xp, sy1, color, 0.9, true);
            } else if inside(xp) {
                let tick = if it.lasting { "#ffffff" } else { color };
                svg.line(xp, sy0 - 1.5, xp, sy1 + 1.5, tick, 0.9, true);
            }
        }
        if let Some(d) = m.decided {
            let xd = x_of(d);
            if inside(xd) {
                if xd < sx0 - 1.0 {
                    svg.line(xd, cy, sx0, cy, color, 0.6, false);
                }
                svg.line(xd, cy - 4.5, xd, cy + 4.5, color, 1.4, false);
            }
        }
        let edge = cy + 7.0;
        // Found out and made public sit on the row's lower edge, joined to the mark.
        for t in [m.discovered, m.disclosed].into_iter().flatten() {
            let x = x_of(t).clamp(plot_x, plot_x + plot_w);
            if x > sx1 + 3.0 {
                svg.line(sx1, edge, x - 2.5, edge, color, 0.5, true);
            } else if x < sx0 - 3.0 {
                svg.line(x + 2.5, edge, sx0, edge, color, 0.5, true);
            }
        }
        if let Some(t) = m.discovered {
            let x = x_of(t);
            if inside(x) {
                svg.circle(x, edge, 2.3, color);
                svg.circle(x, edge, 1.2, "#ffffff");
            }
        }
        if let Some(t) = m.disclosed {
            let x = x_of(t);
            if inside(x) {
                svg.rect(
                    x - 2.2,
                    edge - 2.2,
                    4.4,
                    4.4,
                    "#ffffff",
                    Some((color, 1.1)),
                    0.0,
                );
            }
        }
    }
}
