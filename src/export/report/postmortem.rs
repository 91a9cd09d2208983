//! The postmortem and the timeline figure.

use super::flow::lines_keep;
use super::*;

pub(super) fn postmortem(flow: &mut Flow, ctx: &Ctx) {
    let pm = &ctx.case.postmortem;
    flow.heading("Postmortem", None, 60.0);
    let mut any = false;
    let groups = phrases::figure_groups(&pm.figures);
    if !pm.impact.trim().is_empty() || !groups.is_empty() {
        let keep = if pm.impact.trim().is_empty() {
            TABLE_KEEP
        } else {
            lines_keep(BODY + 0.5)
        };
        flow.subheading("Impact", keep);
        if !pm.impact.trim().is_empty() {
            flow.paragraph(p(pm.impact.as_str(), Face::Regular, BODY + 0.5, INK));
            flow.gap(4.0);
        }
        figures(flow, ctx, &groups);
        any = true;
    }
    if !pm.root_cause.trim().is_empty() {
        flow.subheading("Root cause", lines_keep(BODY + 0.5));
        flow.paragraph(p(pm.root_cause.as_str(), Face::Regular, BODY + 0.5, INK));
        flow.gap(4.0);
        any = true;
    }
    if !pm.contributing_factors.is_empty() {
        flow.subheading("Contributing factors", lines_keep(BODY));
        flow.bullets(&pm.contributing_factors);
        flow.gap(4.0);
        any = true;
    }
    if !pm.follow_ups.is_empty() {
        flow.subheading("Follow-ups", TABLE_KEEP);
        let rows: Vec<Vec<Vec<Para>>> = pm
            .follow_ups
            .iter()
            .map(|f| {
                let mut what = vec![p(f.description.as_str(), Face::Regular, BODY, INK)];
                what.extend(ctx.notes(&f.meta.notes));
                vec![
                    what,
                    vec![p(f.owner.as_str(), Face::Regular, BODY, INK)],
                    vec![p(
                        capitalise(f.status.label()),
                        Face::Bold,
                        SMALL + 0.4,
                        INK,
                    )],
                    vec![p(
                        f.due.as_ref().map_or_else(String::new, |w| ctx.when(w)),
                        Face::Regular,
                        SMALL + 0.4,
                        INK,
                    )],
                ]
            })
            .collect();
        flow.table(
            &[
                col("Follow-up", 0.56),
                col("Owner", 0.18),
                col("Status", 0.12),
                col("Due", 0.14),
            ],
            &rows,
        );
        any = true;
    }
    if !any {
        flow.paragraph(p("No postmortem written yet.", Face::Oblique, BODY, MUTED));
    }
}

/// The impact figures as a table: what was counted, each source's figure side by side, and
/// where and when each was given; sources that disagree are said to.
fn figures(flow: &mut Flow, ctx: &Ctx, groups: &[phrases::FigureGroup<'_>]) {
    if groups.is_empty() {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = groups
        .iter()
        .map(|g| {
            let mut what = vec![p(capitalise(g.what), Face::Regular, BODY, INK)];
            if g.disagree() {
                what.push(p("Sources disagree", Face::Bold, SMALL, UNAUTHORIZED));
            } else if g.figures.len() > 1 {
                what.push(p(
                    format!("{} sources agree", g.figures.len()),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            vec![
                what,
                vec![
                    figure_line(ctx, g, BODY + 0.5),
                    p(g.provenance(ctx.case, ctx.tz), Face::Regular, SMALL, MUTED),
                ],
            ]
        })
        .collect();
    flow.table(
        &[
            col("What was counted", 0.32),
            col("Figures, by source", 0.68),
        ],
        &rows,
    );
}

pub(super) fn timeline(flow: &mut Flow, ctx: &Ctx) {
    let fig = Figure::new(ctx.case, ctx.tz, None, false);
    flow.new_page();
    flow.heading("Timeline", None, 80.0);
    if fig.items.is_empty() {
        flow.paragraph(p("Nothing dated to show.", Face::Oblique, BODY, MUTED));
        return;
    }
    let (x, width) = (flow.left(), flow.width());
    let plot_w = width - crate::export::timeline_svg::LABEL_COLUMN;
    let lanes = fig.lanes_in_use();
    let segments = fig.segments(fig.segments_needed(plot_w));
    let n = segments.len();
    for (k, view) in segments.iter().enumerate() {
        // Lanes with nothing in this part are left out (a part names its lanes).
        let layouts: Vec<_> = lanes
            .iter()
            .map(|&l| fig.layout_lane(l, view, plot_w))
            .filter(|l| n == 1 || !l.is_empty())
            .collect();
        if layouts.is_empty() {
            continue;
        }
        let mut next = 0;
        while next < layouts.len() {
            let caption = if n > 1 {
                let from = fig.compression.expand(view.start);
                let to = fig.compression.expand(view.end());
                let fmt = |t: f64| {
                    DateTime::from_timestamp(t as i64, 0)
                        .map(|d| {
                            d.with_timezone(&ctx.tz)
                                .format("%Y-%m-%d %H:%M")
                                .to_string()
                        })
                        .unwrap_or_default()
                };
                format!("Part {} of {n}: {} – {}", k + 1, fmt(from), fmt(to))
            } else {
                "Each lane is an account, a staff member or the public statements; bars are how long an account was unavailable.".to_owned()
            };
            // Room for the axis, at least one lane and the legend.
            let need = 14.0 + AXIS_HEIGHT + layouts[next].height + Figure::LEGEND_HEIGHT + 8.0;
            flow.ensure(need);
            let caption = ellipsize(&caption, Face::Regular, SMALL, width);
            let y = flow.y;
            flow.svg().text(
                x,
                y + SMALL,
                &caption,
                Face::Regular,
                SMALL,
                MUTED,
                Anchor::Start,
            );
            flow.y += 14.0;
            let room = flow.room() - AXIS_HEIGHT - Figure::LEGEND_HEIGHT - 8.0;
            let mut used = 0.0;
            let mut end = next;
            while end < layouts.len() && (end == next || used + layouts[end].height <= room) {
                used += layouts[end].height;
                end += 1;
            }
            let top = flow.y;
            let bottom = top + AXIS_HEIGHT + used;
            let svg = flow.svg();
            fig.draw_axis(svg, x, top, width, bottom, view);
            fig.draw_lanes(svg, x, top + AXIS_HEIGHT, width, &layouts[next..end]);
            Figure::draw_legend(svg, x, bottom + 6.0, width);
            flow.y = bottom + 6.0 + Figure::LEGEND_HEIGHT + 6.0;
            next = end;
            // The next part (or the rest of this one) follows here if it fits, else on a new page.
            flow.gap(10.0);
        }
    }
}
