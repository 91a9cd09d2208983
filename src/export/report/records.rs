//! The record tables: accounts, staff, actions, public statements, sources.

use super::*;

pub(super) fn accounts(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    flow.new_page();
    if !section(
        flow,
        "Reported accounts",
        Some(RecordKind::Account),
        40.0,
        case.accounts.is_empty().then_some("No accounts recorded."),
    ) {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = case
        .accounts
        .iter()
        .map(|a| {
            let mut who = vec![p(a.handle.as_str(), Face::Bold, BODY, INK)];
            if !a.display_name.is_empty() {
                who.push(p(a.display_name.as_str(), Face::Regular, BODY, INK));
            }
            if !a.profile_url.is_empty() {
                who.push(p(a.profile_url.as_str(), Face::Regular, SMALL, MUTED));
            }
            let audience = a.audience.as_ref().map_or_else(String::new, |au| {
                let n = crate::model::compact_count(au.count);
                match &au.as_of {
                    Some(w) => format!("{n} followers ({})", ctx.when(w)),
                    None => format!("{n} followers"),
                }
            });
            let history: Vec<String> = crate::model::state::account_history(case, &a.id)
                .into_iter()
                .filter(|s| s.state != crate::model::state::AccountState::Active)
                .map(|s| {
                    let flag = if s.unauthorized {
                        " (unauthorized)"
                    } else {
                        ""
                    };
                    format!("{}{flag}", s.state.label())
                })
                .collect();
            let mut notes = ctx.notes(&a.meta.notes);
            if !history.is_empty() {
                notes.insert(
                    0,
                    p(
                        format!("During the case: {}", history.join(" → ")),
                        Face::Regular,
                        SMALL,
                        INK,
                    ),
                );
            }
            notes.extend(ctx.sources_line(&a.meta.sources));
            vec![
                who,
                vec![
                    p(a.platform.as_str(), Face::Regular, BODY, INK),
                    p(a.kind.label(), Face::Regular, SMALL, MUTED),
                ],
                vec![p(audience, Face::Regular, SMALL + 0.4, INK)],
                notes,
            ]
        })
        .collect();
    flow.table(
        &[
            col("Account", 0.26),
            col("Platform", 0.14),
            col("Audience", 0.16),
            col("Notes", 0.44),
        ],
        &rows,
    );
}

pub(super) fn staff(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Staff involved",
        Some(RecordKind::Staff),
        40.0,
        case.staff.is_empty().then_some("No staff recorded."),
    ) {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = case
        .staff
        .iter()
        .map(|s| {
            let mut who = vec![p(s.name.as_str(), Face::Bold, BODY, INK)];
            // (In the preview the name carries highlight marks: compare without them.)
            let shown: String = s
                .name
                .chars()
                .filter(|&c| {
                    c != crate::export::svg::MARK_START && c != crate::export::svg::MARK_END
                })
                .collect();
            if !s.is_protected() && !ctx.redacted {
                who.push(p("Named in redacted exports", Face::Regular, SMALL, MUTED));
            } else if s.is_protected() && !s.pseudonym.is_empty() && s.pseudonym != shown {
                who.push(p(
                    format!("Shared outside as “{}”", s.pseudonym),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            let mut role = vec![p(s.role.as_str(), Face::Regular, BODY, INK)];
            if !s.team.is_empty() {
                role.push(p(s.team.as_str(), Face::Regular, SMALL, MUTED));
            }
            let mut access = vec![p(
                capitalise(s.employment.label()),
                Face::Regular,
                BODY,
                INK,
            )];
            if !s.access_level.is_empty() {
                access.push(p(
                    format!("Access: {}", s.access_level),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            let tenure = match (&s.tenure_start, &s.tenure_end) {
                (Some(a), Some(b)) => format!("{} – {}", ctx.when(a), ctx.when(b)),
                (Some(a), None) => format!("from {}", ctx.when(a)),
                (None, Some(b)) => format!("until {}", ctx.when(b)),
                (None, None) => String::new(),
            };
            if !tenure.is_empty() {
                access.push(p(format!("Tenure: {tenure}"), Face::Regular, SMALL, MUTED));
            }
            let mut notes = ctx.notes(&s.meta.notes);
            notes.extend(ctx.sources_line(&s.meta.sources));
            vec![who, role, access, notes]
        })
        .collect();
    flow.table(
        &[
            col("Name", 0.2),
            col("Role", 0.18),
            col("Employment and access", 0.26),
            col("Notes", 0.36),
        ],
        &rows,
    );
}

pub(super) fn actions(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Actions",
        Some(RecordKind::Action),
        40.0,
        case.actions.is_empty().then_some("No actions recorded."),
    ) {
        return;
    }
    let order = time_order(case.actions.iter().map(|a| &a.start), ctx.tz);
    let rows: Vec<Vec<Vec<Para>>> = order
        .into_iter()
        .map(|i| {
            let a = &case.actions[i];
            let mut when = vec![p(ctx.when(&a.start), Face::Bold, SMALL + 0.4, INK)];
            if let Some(end) = &a.end {
                when.push(p(
                    format!("until {}", ctx.when(end)),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            if let Some(d) = &a.duration {
                when.push(p(
                    format!("lasted {}", crate::timeline::items::short_duration(d)),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            let mut what = vec![p(capitalise(a.kind.label()), Face::Bold, BODY, INK)];
            match a.authorization {
                Authorization::Unauthorized => {
                    what.push(p("UNAUTHORIZED", Face::Bold, SMALL, UNAUTHORIZED));
                }
                Authorization::Unknown => {}
                Authorization::Authorized => {}
            }
            what.push(p(a.summary.as_str(), Face::Regular, BODY, INK));
            let targets: Vec<String> = a
                .targets
                .iter()
                .map(|t| {
                    case.account(t)
                        .map_or_else(|| t.to_string(), |acc| acc.handle.clone())
                })
                .collect();
            let mut details = Vec::new();
            if !targets.is_empty() {
                details.push(format!("On {}", targets.join(", ")));
            }
            if !a.policy.is_empty() {
                details.push(format!("Policy: {}", a.policy));
            }
            if let Some(rev) = a.reverses.as_ref().and_then(|r| case.action(r)) {
                details.push(format!("Reverses: {}", excerpt(&rev.summary, 60)));
            }
            if a.meta.key_event {
                details.push("Key event".to_owned());
            }
            if !details.is_empty() {
                what.push(p(details.join(" · "), Face::Regular, SMALL, MUTED));
            }
            what.extend(ctx.notes(&a.meta.notes));
            let by = match &a.performer {
                Actor::Staff(_) => vec![
                    p(case.actor_name(&a.performer), Face::Regular, BODY, INK),
                    p("staff", Face::Regular, SMALL, MUTED),
                ],
                other => vec![p(case.actor_name(other), Face::Regular, BODY, INK)],
            };
            vec![
                when,
                what,
                by,
                vec![p(
                    ctx.source_refs(&a.meta.sources),
                    Face::Regular,
                    SMALL,
                    INK,
                )],
            ]
        })
        .collect();
    flow.table(
        &[
            col("When", 0.19),
            col("Action", 0.53),
            col("By", 0.18),
            col("Sources", 0.10),
        ],
        &rows,
    );
}

pub(super) fn statements(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Public statements",
        Some(RecordKind::Statement),
        60.0,
        case.statements
            .is_empty()
            .then_some("No statements recorded."),
    ) {
        return;
    }
    let order = time_order(case.statements.iter().map(|s| &s.when), ctx.tz);
    let color = kind_hex(RecordKind::Statement);
    let width = flow.width();
    for i in order {
        let s = &case.statements[i];
        let who = format!(
            "{} · {} · {}",
            case.speaker_name(&s.speaker),
            s.channel,
            ctx.when(&s.when)
        );
        let head = lines_of(&[p(who, Face::Bold, BODY, INK)], width);
        let quote_text = if s.verbatim {
            format!("“{}”", s.quote)
        } else {
            format!("{} (paraphrase)", s.quote)
        };
        let quote = lines_of(&[p(quote_text, Face::Oblique, 10.0, INK)], width - 16.0);
        let mut after: Vec<Para> = Vec::new();
        if let Some((link, c)) = s
            .follows
            .as_ref()
            .and_then(|l| case.statement(&l.statement).map(|c| (l, c)))
        {
            let verb = match link.kind {
                crate::model::StatementLinkKind::Updates => "Updates",
                crate::model::StatementLinkKind::Corrects => "Corrects",
                crate::model::StatementLinkKind::Retracts => "Retracts",
            };
            after.push(p(
                format!(
                    "{verb} the earlier statement by {} ({}): “{}”",
                    case.speaker_name(&c.speaker),
                    ctx.when(&c.when),
                    excerpt(&c.quote, 80)
                ),
                Face::Bold,
                SMALL,
                MUTED,
            ));
        }
        let about: Vec<String> = s
            .about
            .iter()
            .filter_map(|id| case.action(id))
            .map(|a| excerpt(&a.summary, 60))
            .collect();
        if !about.is_empty() {
            after.push(p(
                format!("About: {}", about.join("; ")),
                Face::Regular,
                SMALL,
                MUTED,
            ));
        }
        if let Speaker::Staff(_) = s.speaker {
            after.push(p("Speaker is staff.", Face::Regular, SMALL, MUTED));
        }
        after.extend(ctx.sources_line(&s.meta.sources));
        after.extend(ctx.notes(&s.meta.notes));
        let after = lines_of(&after, width - 16.0);
        let first_h = head.iter().map(Line::height).sum::<f64>()
            + quote.iter().take(3).map(Line::height).sum::<f64>();
        let total = head
            .iter()
            .chain(&quote)
            .chain(&after)
            .map(Line::height)
            .sum::<f64>()
            + 8.0;
        // Kept on one page when it fits on one.
        if total <= flow.bottom() - MARGIN_TOP {
            flow.ensure(total);
        } else {
            flow.ensure(first_h + 8.0);
        }
        flow.lines(&head, 0.0);
        flow.gap(2.0);
        // The quote with a bar in the statement colour beside it (drawn per page part).
        let mut start = 0;
        while start < quote.len() {
            if flow.room() < quote[start].height() {
                flow.new_page();
            }
            let y0 = flow.y;
            let mut end = start;
            let mut hgt = 0.0;
            while end < quote.len() && hgt + quote[end].height() <= flow.room() {
                hgt += quote[end].height();
                end += 1;
            }
            let x = flow.left();
            flow.svg()
                .rect(x + 2.0, y0, 2.5, hgt + 2.0, &color, None, 1.0);
            flow.lines(&quote[start..end], 12.0);
            start = end;
        }
        flow.gap(3.0);
        flow.lines(&after, 12.0);
        flow.gap(10.0);
    }
}

pub(super) fn sources(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Sources",
        Some(RecordKind::Source),
        40.0,
        case.sources.is_empty().then_some("No sources recorded."),
    ) {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = case
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut what = vec![p(s.title.as_str(), Face::Bold, BODY, INK)];
            let mut line = Vec::new();
            if !s.publisher.is_empty() {
                line.push(s.publisher.clone());
            }
            if let Some(w) = &s.published {
                line.push(format!("published {}", ctx.when(w)));
            }
            if let Some(w) = &s.accessed {
                line.push(format!("accessed {}", ctx.when(w)));
            }
            if !line.is_empty() {
                what.push(p(line.join(" · "), Face::Regular, SMALL + 0.4, INK));
            }
            if !s.url.is_empty() {
                what.push(p(s.url.as_str(), Face::Regular, SMALL, MUTED));
            }
            what.extend(ctx.notes(&s.meta.notes));
            vec![vec![p(format!("[{}]", i + 1), Face::Bold, BODY, INK)], what]
        })
        .collect();
    flow.table(&[col("#", 0.07), col("Source", 0.93)], &rows);
}
