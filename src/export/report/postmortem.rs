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
    if let Some(d) = &pm.detection {
        flow.subheading("How it was detected", lines_keep(BODY + 0.5));
        flow.paragraph(p(capitalise(&d.text()), Face::Regular, BODY + 0.5, INK));
        flow.gap(4.0);
        any = true;
    }
    if !pm.milestones.is_empty() {
        milestones(flow, ctx);
        any = true;
    }
    if !pm.root_cause.trim().is_empty() {
        flow.subheading("Root cause", lines_keep(BODY + 0.5));
        flow.paragraph(p(pm.root_cause.as_str(), Face::Regular, BODY + 0.5, INK));
        flow.gap(4.0);
        any = true;
    }
    for (title, list) in [
        ("Contributing factors", &pm.contributing_factors),
        ("What went well", &pm.went_well),
        ("What went wrong", &pm.went_wrong),
        ("Where we got lucky", &pm.lucky),
        ("Open questions", &pm.open_questions),
    ] {
        if !list.is_empty() {
            flow.subheading(title, lines_keep(BODY));
            flow.bullets(list);
            flow.gap(4.0);
            any = true;
        }
    }
    if !pm.follow_ups.is_empty() {
        flow.subheading("Follow-ups", TABLE_KEEP);
        let rows: Vec<Vec<Vec<Para>>> = pm
            .follow_ups
            .iter()
            .map(|f| {
                let mut what = vec![p(f.description.as_str(), Face::Regular, BODY, INK)];
                let tracker = f.tracker.trim();
                if !tracker.is_empty() {
                    what.push(p(
                        format!("Tracked: {tracker}"),
                        Face::Regular,
                        SMALL,
                        MUTED,
                    ));
                }
                what.extend(ctx.notes(&f.meta.notes));
                let mut status = vec![p(
                    capitalise(f.status.label()),
                    Face::Bold,
                    SMALL + 0.4,
                    INK,
                )];
                if let Some(priority) = f.priority {
                    status.push(p(
                        format!("{} priority", capitalise(priority.label())),
                        Face::Regular,
                        SMALL,
                        INK,
                    ));
                }
                vec![
                    what,
                    vec![p(f.owner.as_str(), Face::Regular, BODY, INK)],
                    status,
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
    if let Some(review) = pm.review.as_ref().filter(|r| !r.is_empty()) {
        flow.subheading("Review", lines_keep(BODY + 0.5));
        let text = crate::export::text::review_text(review, ctx.tz);
        flow.paragraph(p(format!("{text}."), Face::Regular, BODY + 0.5, INK));
        flow.gap(4.0);
        any = true;
    }
    if !any {
        flow.paragraph(p("No postmortem written yet.", Face::Oblique, BODY, MUTED));
    }
}

/// The milestones the response is timed by, each with its record and time, then the response
/// times they give (those on the cover too, with their bounds).
fn milestones(flow: &mut Flow, ctx: &Ctx) {
    use crate::model::response;
    let case = ctx.case;
    flow.subheading("Milestones and response times", TABLE_KEEP);
    let mut rows: Vec<Vec<Vec<Para>>> = case
        .postmortem
        .milestones
        .pinned()
        .map(|(m, record)| {
            let when = response::milestone_when(case, record)
                .map(|w| ctx.when(w))
                .unwrap_or_else(|| "(record missing)".to_owned());
            let what = response::milestone_summary(case, record).unwrap_or_default();
            vec![
                vec![p(m.label(), Face::Bold, SMALL + 0.4, INK)],
                vec![p(when, Face::Regular, SMALL + 0.4, INK)],
                vec![p(
                    format!("{what} ({})", record.id()),
                    Face::Regular,
                    BODY,
                    INK,
                )],
            ]
        })
        .collect();
    for t in response::known_response_times(case) {
        rows.push(vec![
            vec![p(t.interval.label(), Face::Bold, SMALL + 0.4, INK)],
            vec![p(t.text(), Face::Bold, SMALL + 0.4, INK)],
            vec![p(
                {
                    let (from, to) = t.interval.ends();
                    format!(
                        "from {} to {}",
                        from.label().to_lowercase(),
                        to.label().to_lowercase()
                    )
                },
                Face::Regular,
                SMALL,
                MUTED,
            )],
        ]);
    }
    flow.table(
        &[
            col("Milestone", 0.26),
            col("When", 0.2),
            col("Record", 0.54),
        ],
        &rows,
    );
    flow.gap(4.0);
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
    let (x, width) = (flow.left(), flow.width());
    let plot_w = width - crate::export::timeline_svg::LABEL_COLUMN;
    let parts = if fig.items.is_empty() {
        Vec::new()
    } else {
        fig.parts(plot_w)
    };
    let n = parts.len();
    let lanes = fig.lanes_in_use();
    // Each part's lanes, numbered together (the numbers run on through the figure).
    let mut next = 1;
    let laid: Vec<(Vec<_>, Vec<crate::export::timeline_svg::Note>)> = parts
        .iter()
        .map(|part| {
            // Lanes with nothing in this part are left out (a part names its lanes).
            let mut layouts: Vec<_> = lanes
                .iter()
                .map(|&l| fig.layout_part_lane(l, part, plot_w))
                .filter(|l| n == 1 || !l.is_empty())
                .collect();
            let notes = fig.number_notes(&mut layouts, &mut next);
            (layouts, notes)
        })
        .collect();
    // The figure starts on this page when its caption, first part's axis and first lane fit.
    let first_lane = laid
        .first()
        .and_then(|(l, _)| l.first())
        .map_or(0.0, |l| l.height);
    flow.heading("Timeline", None, 14.0 + 14.0 + AXIS_HEIGHT + first_lane);
    if fig.items.is_empty() {
        flow.paragraph(p("Nothing dated to show.", Face::Oblique, BODY, MUTED));
        return;
    }
    let intro = if n > 1 {
        format!(
            "Each lane is an account, a staff member, an outside party or the public statements; bars are how long an account was unavailable. In {n} parts: the busiest hours hour by hour, the other days with items day by day."
        )
    } else {
        "Each lane is an account, a staff member, an outside party or the public statements; bars are how long an account was unavailable.".to_owned()
    };
    flow.paragraph(p(intro, Face::Regular, SMALL, MUTED));
    flow.gap(4.0);
    for (k, (part, (layouts, notes))) in parts.iter().zip(&laid).enumerate() {
        if layouts.is_empty() {
            continue;
        }
        let caption = fig.part_caption(k, n, part);
        let mut next_lane = 0;
        let mut continued = false;
        while next_lane < layouts.len() {
            // Room for the caption, the axis and at least one lane.
            let need = 14.0 + AXIS_HEIGHT + layouts[next_lane].height;
            flow.ensure(need);
            let text = if continued {
                format!("{caption} (continued)")
            } else {
                caption.clone()
            };
            let text = ellipsize(&text, Face::Regular, SMALL, width);
            let y = flow.y;
            flow.svg()
                .text(x, y + SMALL, &text, Face::Bold, SMALL, INK, Anchor::Start);
            flow.y += 14.0;
            let room = flow.room() - AXIS_HEIGHT - 4.0;
            let mut used = 0.0;
            let mut end = next_lane;
            while end < layouts.len() && (end == next_lane || used + layouts[end].height <= room) {
                used += layouts[end].height;
                end += 1;
            }
            let top = flow.y;
            let bottom = top + AXIS_HEIGHT + used;
            let svg = flow.svg();
            fig.draw_part_axis(svg, (x, top, width, bottom), part);
            fig.draw_lanes(svg, x, top + AXIS_HEIGHT, width, &layouts[next_lane..end]);
            flow.y = bottom + 4.0;
            next_lane = end;
            continued = true;
        }
        if !notes.is_empty() {
            flow.gap(2.0);
            note_table(flow, notes);
        }
        flow.gap(10.0);
    }
    let groups = fig.group_lines();
    for g in &groups {
        flow.paragraph(p(g.as_str(), Face::Regular, SMALL, MUTED));
        flow.gap(2.0);
    }
    flow.ensure(Figure::LEGEND_HEIGHT + 6.0);
    let y = flow.y;
    Figure::draw_legend(flow.svg(), x, y, width);
    flow.y += Figure::LEGEND_HEIGHT + 6.0;
}

/// The items a part numbered (no room for their label or their mark), as a table under it.
fn note_table(flow: &mut Flow, notes: &[crate::export::timeline_svg::Note]) {
    let rows: Vec<Vec<Vec<Para>>> = notes
        .iter()
        .map(|n| {
            vec![
                vec![p(n.number.to_string(), Face::Bold, SMALL, INK)],
                vec![p(n.when.as_str(), Face::Regular, SMALL, INK)],
                vec![p(n.lane.as_str(), Face::Regular, SMALL, INK)],
                vec![p(n.what.as_str(), Face::Regular, SMALL, INK)],
            ]
        })
        .collect();
    flow.table(
        &[
            col("No.", 0.07),
            col("When", 0.23),
            col("Lane", 0.2),
            col("What", 0.5),
        ],
        &rows,
    );
}
