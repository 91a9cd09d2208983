//! The first page: title, classification, status, summary, key facts and key events.

use super::*;

pub(super) fn cover(flow: &mut Flow, ctx: &Ctx, opts: &ReportOptions) {
    let case = ctx.case;
    let info = &case.info;
    let (x, width) = (flow.left(), flow.width());
    let y = flow.y;
    flow.svg().text(
        x,
        y + 10.0,
        "INCIDENT CASE REPORT",
        Face::Bold,
        8.5,
        MUTED,
        Anchor::Start,
    );
    flow.y += 20.0;
    let title = lines_of(&[p(info.title.as_str(), Face::Bold, 21.0, INK)], width);
    flow.lines(&title, 0.0);
    flow.gap(6.0);
    let y = flow.y;
    let sev_fill = match info.severity {
        crate::model::Severity::Critical => "#b71c1c",
        crate::model::Severity::High => "#d84315",
        crate::model::Severity::Medium => "#8d6e00",
        crate::model::Severity::Low => "#2e7d32",
    };
    let mut cx = x;
    let svg = flow.svg();
    cx += chip(
        svg,
        cx,
        y,
        &format!("Severity: {}", info.severity),
        sev_fill,
        "#ffffff",
    ) + 6.0;
    cx += chip(
        svg,
        cx,
        y,
        &format!("Status: {}", info.status),
        "#37474f",
        "#ffffff",
    ) + 6.0;
    if !info.classification.trim().is_empty() {
        let text = ellipsize(&info.classification, Face::Bold, 8.0, x + width - cx - 14.0);
        chip(svg, cx, y, &text, "#fdecea", UNAUTHORIZED);
    }
    flow.y += 28.0;
    if opts.redacted {
        let lines = lines_of(
            &[p(
                "Redacted for sharing outside: protected people are named by pseudonym, protected accounts are masked, other protected names and terms are replaced, and internal notes are left out.",
                Face::Bold,
                8.0,
                INK,
            )],
            width - 16.0,
        );
        let hgt: f64 = lines.iter().map(Line::height).sum::<f64>() + 10.0;
        let y = flow.y;
        flow.svg()
            .rect(x, y, width, hgt, "#fff8e1", Some(("#e0b000", 0.8)), 3.0);
        flow.y += 5.0;
        flow.lines(&lines, 8.0);
        flow.y += 11.0;
    }
    if !info.summary.trim().is_empty() {
        flow.subheading("Summary", 30.0);
        flow.paragraph(p(info.summary.as_str(), Face::Regular, 10.0, INK));
        flow.gap(6.0);
    }
    impact(flow, ctx);
    response_times(flow, ctx);
    // Key facts. First and last as the chronology lists them.
    let chronology = crate::model::chronology::chronology(case, ctx.tz);
    let first = chronology.first().map(|e| ctx.when(e.when()));
    let last = chronology.last().map(|e| ctx.when(e.when()));
    let mut facts: Vec<(&str, String)> = vec![
        ("Case", info.id.to_string()),
        ("Owner", info.owner.clone()),
        ("Times shown in", ctx.tz.name().to_owned()),
    ];
    if let (Some(f), Some(l)) = (first, last) {
        facts.push(("First event", f));
        facts.push(("Last event", l));
    }
    // What this file holds, not how large the incident was (that is the Impact block above).
    facts.push(("Records in this file", phrases::record_counts(case)));
    facts.push(("Tags", info.tags.join(", ")));
    facts.push((
        "Created / updated",
        format!(
            "{} / {}",
            info.created.with_timezone(&ctx.tz).format("%Y-%m-%d"),
            info.updated.with_timezone(&ctx.tz).format("%Y-%m-%d")
        ),
    ));
    flow.subheading("Key facts", TABLE_KEEP);
    let mut rows: Vec<Vec<Vec<Para>>> = facts
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| {
            vec![
                vec![p(k, Face::Bold, SMALL + 0.4, MUTED)],
                vec![p(v, Face::Regular, BODY, INK)],
            ]
        })
        .collect();
    // Whether the captured files are still what was captured, checked as the report was made.
    if let Some((line, warn)) = super::evidence::cover_line(ctx, &opts.evidence) {
        let (face, color) = if warn {
            (Face::Bold, UNAUTHORIZED)
        } else {
            (Face::Regular, INK)
        };
        rows.push(vec![
            vec![p("Evidence", Face::Bold, SMALL + 0.4, MUTED)],
            vec![p(line, face, BODY, color)],
        ]);
    }
    flow.table(&[col("", 0.24), col("", 0.76)], &rows);
    // Key events, in the case's one chronology.
    let key: Vec<(String, String)> = chronology
        .iter()
        .filter(|e| e.key_event())
        .map(|e| match e {
            Dated::Action(a) => (
                ctx.listed(&a.start),
                format!("{}: {}", capitalise(a.kind.label()), a.summary),
            ),
            Dated::Statement(s) => (
                ctx.listed(&s.when),
                format!(
                    "{}{} ({}): “{}”",
                    case.speaker_name(&s.speaker),
                    s.through.as_ref().map_or_else(String::new, |t| format!(
                        ", {}",
                        phrases::through_text(case, t)
                    )),
                    s.channel,
                    excerpt(&s.quote, 120)
                ),
            ),
        })
        .collect();
    if !key.is_empty() {
        flow.subheading("Key events", TABLE_KEEP);
        let rows: Vec<Vec<Vec<Para>>> = key
            .into_iter()
            .map(|(when, what)| {
                vec![
                    vec![p(when, Face::Bold, SMALL + 0.4, INK)],
                    vec![p(what, Face::Regular, BODY, INK)],
                ]
            })
            .collect();
        flow.table(&[col("When", 0.24), col("What", 0.76)], &rows);
    }
}

/// The counted impact, compact: one line per thing counted, each source's figure side by side,
/// in large type (the record counts below say what the file holds, not the incident's size).
fn impact(flow: &mut Flow, ctx: &Ctx) {
    let groups = phrases::figure_groups(&ctx.case.postmortem.figures);
    if groups.is_empty() {
        return;
    }
    flow.subheading("Impact", TABLE_KEEP);
    let rows: Vec<Vec<Vec<Para>>> = groups
        .iter()
        .map(|g| {
            let mut what = vec![p(capitalise(g.what), Face::Bold, SMALL + 0.6, INK)];
            if g.disagree() {
                what.push(p("sources disagree", Face::Regular, SMALL, UNAUTHORIZED));
            }
            vec![what, vec![figure_line(ctx, g, 11.0)]]
        })
        .collect();
    flow.table(&[col("", 0.3), col("", 0.7)], &rows);
    flow.gap(2.0);
}

/// The response times the milestones give, each with the records it runs between ("Time to
/// mitigate — about 11 min — from the deactivation to the restoration"); left out when none can
/// be given.
fn response_times(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    let times = crate::model::response::known_response_times(case);
    if times.is_empty() {
        return;
    }
    flow.subheading("Response times", TABLE_KEEP);
    // The start is on every line but one: name it, and what the end is.
    let end = |m: crate::model::Milestone| {
        let record = case.postmortem.milestones.get(m);
        let when = record
            .and_then(|r| crate::model::response::milestone_when(case, r))
            .map(|w| ctx.when(w))
            .unwrap_or_default();
        let what = record
            .and_then(|r| crate::model::response::milestone_summary(case, r))
            .unwrap_or_default();
        format!("{what} ({when})")
    };
    let rows: Vec<Vec<Vec<Para>>> = times
        .iter()
        .map(|t| {
            let (from, to) = t.interval.ends();
            vec![
                vec![p(t.interval.label(), Face::Bold, SMALL + 0.6, INK)],
                vec![
                    p(t.text(), Face::Bold, 11.0, INK),
                    p(
                        format!(
                            "{} → {}: {}",
                            from.label(),
                            to.label().to_lowercase(),
                            end(to)
                        ),
                        Face::Regular,
                        SMALL,
                        MUTED,
                    ),
                ],
            ]
        })
        .collect();
    flow.table(&[col("", 0.3), col("", 0.7)], &rows);
    flow.gap(2.0);
}
