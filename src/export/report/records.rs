//! The record tables: accounts, staff, actions, public statements, sources.

use super::flow::{KEEP_LINES, Piece};
use super::*;

pub(super) fn accounts(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    // The records start on a page of their own after a one-page cover that fills at least half
    // of it; after a shorter cover, or one whose key events already ran onto a second page,
    // they follow on the same page rather than leave it mostly empty.
    if flow.pages.len() == 1 && flow.room() < flow.body_height() / 2.0 {
        flow.new_page();
    } else {
        flow.gap(18.0);
    }
    if !section(
        flow,
        "Reported accounts",
        Some(RecordKind::Account),
        TABLE_KEEP,
        case.accounts.is_empty().then_some("No accounts recorded."),
    ) {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = case
        .accounts
        .iter()
        .map(|a| {
            let mut who = vec![p(a.name(), Face::Bold, BODY, INK)];
            if a.class.is_some() {
                who.push(p("Class of accounts", Face::Regular, SMALL, MUTED));
            } else if !a.handle.trim().is_empty() && !a.display_name.is_empty() {
                who.push(p(a.display_name.as_str(), Face::Regular, BODY, INK));
            }
            if !a.profile_url.is_empty() {
                who.push(p(a.profile_url.as_str(), Face::Regular, SMALL, MUTED));
            }
            let mut audience = a.audience.as_ref().map_or_else(String::new, |au| {
                let n = crate::model::compact_count(au.count);
                match &au.as_of {
                    Some(w) => format!("{n} followers ({})", ctx.when(w)),
                    None => format!("{n} followers"),
                }
            });
            if let Some(n) = a.class.as_ref().and_then(|c| c.estimated) {
                let accounts = format!("{n} accounts in the class");
                audience = if audience.is_empty() {
                    accounts
                } else {
                    format!("{accounts}; {audience}")
                };
            }
            // A lock extended is one stretch of "restricted", not two: repeats in a row are
            // said once (before the available stretches between them are left out).
            let mut history: Vec<(bool, String)> =
                crate::model::state::account_history(case, &a.id)
                    .into_iter()
                    .map(|s| {
                        let flag = if s.unauthorized {
                            " (unauthorized)"
                        } else {
                            ""
                        };
                        // Nothing recorded ends it: say so, not "to this day".
                        let open = if s.until.is_none() && !s.state.is_available() {
                            " (end not recorded)"
                        } else {
                            ""
                        };
                        (
                            s.state == crate::model::state::AccountState::Active,
                            format!("{}{flag}{open}", s.state.label()),
                        )
                    })
                    .collect();
            history.dedup();
            let history: Vec<String> = history
                .into_iter()
                .filter(|(active, _)| !active)
                .map(|(_, label)| label)
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
            notes.extend(ctx.tags_line(&a.meta.tags));
            notes.extend(ctx.sources_line(&a.meta.sources));
            vec![
                who,
                vec![
                    p(a.platform.as_str(), Face::Regular, BODY, INK),
                    // (A class of accounts is of no one kind.)
                    p(
                        if a.class.is_some() && a.kind == AccountKind::Unknown {
                            ""
                        } else {
                            a.kind.label()
                        },
                        Face::Regular,
                        SMALL,
                        MUTED,
                    ),
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
        TABLE_KEEP,
        case.staff.is_empty().then_some("No staff recorded."),
    ) {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = case
        .staff
        .iter()
        .map(|s| {
            let mut who = vec![p(s.name.as_str(), Face::Bold, BODY, INK)];
            if s.group {
                who.push(p(
                    s.size
                        .map_or_else(|| "Group or team".to_owned(), |n| format!("Group of {n}")),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            if !s.is_protected() && !ctx.redacted {
                who.push(p("Named in redacted exports", Face::Regular, SMALL, MUTED));
            } else if s.is_protected() && differs_from_shown(&s.name, &s.pseudonym) {
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
            notes.extend(ctx.tags_line(&s.meta.tags));
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

/// Whether `name` (as shown, perhaps with highlight marks) differs from `pseudonym`.
fn differs_from_shown(name: &str, pseudonym: &str) -> bool {
    // (In the preview the name carries highlight marks: compare without them.)
    let shown: String = name
        .chars()
        .filter(|&c| c != crate::export::svg::MARK_START && c != crate::export::svg::MARK_END)
        .collect();
    !pseudonym.is_empty() && pseudonym != shown
}

pub(super) fn outsiders(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    // Older cases record nobody outside: no empty section for them.
    if case.outsiders.is_empty()
        || !section(
            flow,
            "Outside people",
            Some(RecordKind::Outsider),
            TABLE_KEEP,
            None,
        )
    {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = case
        .outsiders
        .iter()
        .map(|o| {
            let mut who = vec![p(o.name.as_str(), Face::Bold, BODY, INK)];
            if o.group {
                who.push(p(
                    o.size.map_or_else(
                        || "Group or organisation".to_owned(),
                        |n| format!("Group of {n}"),
                    ),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            if !o.is_protected() && !ctx.redacted {
                who.push(p("Named in redacted exports", Face::Regular, SMALL, MUTED));
            } else if o.is_protected() && differs_from_shown(&o.name, &o.pseudonym) {
                who.push(p(
                    format!("Shared outside as “{}”", o.pseudonym),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            let me = RecordRef::Outsider(o.id.clone());
            let (mut acted, mut spoke) = (0, 0);
            for (r, field) in case.references_to(&me) {
                match (r, field) {
                    (RecordRef::Action(_), "performer") => acted += 1,
                    (RecordRef::Statement(_), "speaker") => spoke += 1,
                    _ => {}
                }
            }
            let mut involvement = Vec::new();
            if acted > 0 {
                involvement.push(format!(
                    "performed {}",
                    crate::model::plural(acted, "action", "actions")
                ));
            }
            if spoke > 0 {
                involvement.push(format!(
                    "made {}",
                    crate::model::plural(spoke, "statement", "statements")
                ));
            }
            let mut notes = Vec::new();
            if !involvement.is_empty() {
                notes.push(p(
                    capitalise(&involvement.join(", ")),
                    Face::Regular,
                    SMALL,
                    INK,
                ));
            }
            notes.extend(ctx.notes(&o.meta.notes));
            notes.extend(ctx.tags_line(&o.meta.tags));
            notes.extend(ctx.sources_line(&o.meta.sources));
            vec![
                who,
                vec![p(capitalise(o.role.label()), Face::Regular, BODY, INK)],
                vec![p(o.organisation.as_str(), Face::Regular, BODY, INK)],
                notes,
            ]
        })
        .collect();
    flow.table(
        &[
            col("Name", 0.24),
            col("Role", 0.16),
            col("Organisation", 0.2),
            col("Involvement and notes", 0.4),
        ],
        &rows,
    );
}

/// The times of an action: when it took effect (and what the sources say), when it ended or
/// how long it lasted, and when it was decided, set to end, discovered and disclosed.
fn action_times(ctx: &Ctx, a: &crate::model::Action) -> Vec<Para> {
    let case = ctx.case;
    let mut when = vec![p(ctx.listed(&a.start), Face::Bold, SMALL + 0.4, INK)];
    if let Some(times) = phrases::reported_times(
        case,
        ctx.tz,
        &a.start,
        a.start_source.as_ref(),
        &a.alternatives,
    ) {
        when.push(p(
            format!("Sources differ: {times}"),
            Face::Regular,
            SMALL,
            INK,
        ));
    } else if let Some(note) =
        phrases::time_source_note(case, a.start_source.as_ref(), &a.alternatives)
    {
        when.push(p(note, Face::Regular, SMALL, MUTED));
    }
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
            format!("lasted {}", phrases::lasted(d)),
            Face::Regular,
            SMALL,
            MUTED,
        ));
    }
    for line in phrases::action_dates(ctx.tz, a) {
        when.push(p(line, Face::Regular, SMALL, MUTED));
    }
    when
}

pub(super) fn actions(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Actions",
        Some(RecordKind::Action),
        TABLE_KEEP,
        case.actions.is_empty().then_some("No actions recorded."),
    ) {
        return;
    }
    let order = action_order(case, ctx.tz);
    let rows: Vec<Vec<Vec<Para>>> = order
        .into_iter()
        .map(|i| {
            let a = &case.actions[i];
            let when = action_times(ctx, a);
            let mut what = vec![p(capitalise(a.kind.label()), Face::Bold, BODY, INK)];
            if let Some((text, bad)) = phrases::judgement(a) {
                let color = if bad { UNAUTHORIZED } else { MUTED };
                what.push(p(text, Face::Bold, SMALL, color));
            }
            what.push(p(a.summary.as_str(), Face::Regular, BODY, INK));
            // Whose access the performer used: with what was done, where there is room.
            if let Some(t) = &a.through {
                what.push(p(
                    capitalise(&phrases::through_text(case, t)),
                    Face::Regular,
                    SMALL + 0.4,
                    INK,
                ));
            }
            let targets: Vec<String> = a
                .targets
                .iter()
                .map(|t| phrases::account_ref(case, t))
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
            let tags: Vec<&str> = a
                .meta
                .tags
                .iter()
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .collect();
            if !tags.is_empty() {
                details.push(format!("Tags: {}", tags.join(", ")));
            }
            if !details.is_empty() {
                what.push(p(details.join(" · "), Face::Regular, SMALL, MUTED));
            }
            if let Some(amends) = phrases::amends_text(case, ctx.tz, a) {
                what.push(p(amends, Face::Regular, SMALL, INK));
            }
            // What it is known to have come after or before (the When column stays narrow).
            for line in phrases::order_links_text(case, ctx.tz, &a.after, &a.before) {
                what.push(p(line, Face::Oblique, SMALL, MUTED));
            }
            what.extend(ctx.notes(&a.meta.notes));
            let mut by = vec![p(case.actor_name(&a.performer), Face::Regular, BODY, INK)];
            match &a.performer {
                Actor::Staff(_) => by.push(p("staff", Face::Regular, SMALL, MUTED)),
                Actor::Outsider(id) => {
                    if let Some(o) = case.outsider(id) {
                        by.push(p(
                            format!("{} (outside)", o.role.label()),
                            Face::Regular,
                            SMALL,
                            MUTED,
                        ));
                    }
                }
                _ => {}
            }
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
            col("When", 0.21),
            col("Action", 0.51),
            col("By", 0.18),
            col("Sources", 0.10),
        ],
        &rows,
    );
}

/// One statement's lines: who, when and where; the quote; what follows it (sources, links).
fn statement_lines(ctx: &Ctx, s: &crate::model::Statement, width: f64) -> [Vec<Line>; 3] {
    let case = ctx.case;
    let mut speaker = case.speaker_name(&s.speaker);
    if let Some(t) = &s.through {
        speaker = format!("{speaker}, {}", phrases::through_text(case, t));
    }
    let who = format!("{speaker} · {} · {}", s.channel, ctx.listed(&s.when));
    let head = lines_of(&[p(who, Face::Bold, BODY, INK)], width);
    let quote_text = if s.verbatim {
        format!("“{}”", s.quote)
    } else {
        format!("{} (paraphrase)", s.quote)
    };
    let quote = lines_of(&[p(quote_text, Face::Oblique, 10.0, INK)], width - 16.0);
    let mut after: Vec<Para> = Vec::new();
    if let Some(times) = phrases::reported_times(
        case,
        ctx.tz,
        &s.when,
        s.when_source.as_ref(),
        &s.alternatives,
    ) {
        after.push(p(
            format!("Sources differ on the time: {times}"),
            Face::Regular,
            SMALL,
            INK,
        ));
    } else if let Some(note) =
        phrases::time_source_note(case, s.when_source.as_ref(), &s.alternatives)
    {
        after.push(p(capitalise(&note), Face::Regular, SMALL, MUTED));
    }
    // A correction or a retraction must not be missed; an update in the same thread reads
    // as the calm continuation it is.
    if let Some((text, emphasised)) = phrases::follows_text(case, ctx.tz, s, 80) {
        after.push(if emphasised {
            p(text, Face::Bold, SMALL + 0.4, UNAUTHORIZED)
        } else {
            p(text, Face::Regular, SMALL, MUTED)
        });
    }
    for line in phrases::corrected_by(case, ctx.tz, s) {
        after.push(p(line, Face::Bold, SMALL + 0.4, UNAUTHORIZED));
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
    for line in phrases::order_links_text(case, ctx.tz, &s.after, &s.before) {
        after.push(p(line, Face::Oblique, SMALL, MUTED));
    }
    if let Speaker::Staff(_) = s.speaker {
        after.push(p("Speaker is staff.", Face::Regular, SMALL, MUTED));
    }
    after.extend(ctx.tags_line(&s.meta.tags));
    after.extend(ctx.sources_line(&s.meta.sources));
    after.extend(ctx.notes(&s.meta.notes));
    let after = lines_of(&after, width - 16.0);
    [head, quote, after]
}

/// A statement as lines to lay down: who, when and where; the quote, with a bar in the
/// statement colour beside it; what follows it. It breaks across pages like a paragraph.
fn statement_pieces([head, quote, after]: [Vec<Line>; 3]) -> Vec<Piece> {
    let color = kind_hex(RecordKind::Statement);
    let mut pieces: Vec<Piece> = head.into_iter().map(|l| Piece::new(l, 0.0)).collect();
    for (k, line) in quote.into_iter().enumerate() {
        pieces.push(Piece {
            gap: if k == 0 { 2.0 } else { 0.0 },
            bar: Some(color.clone()),
            ..Piece::new(line, 12.0)
        });
    }
    for (k, line) in after.into_iter().enumerate() {
        pieces.push(Piece {
            gap: if k == 0 { 3.0 } else { 0.0 },
            ..Piece::new(line, 12.0)
        });
    }
    pieces
}

pub(super) fn statements(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    let order = statement_order(case, ctx.tz);
    let width = flow.width();
    // Each statement with how many of its lines stay before a page break: its head and the
    // first two lines of its quote.
    let blocks: Vec<(Vec<Piece>, usize)> = order
        .iter()
        .map(|&i| {
            let lines = statement_lines(ctx, &case.statements[i], width);
            let keep = lines[0].len() + lines[1].len().min(KEEP_LINES);
            (statement_pieces(lines), keep)
        })
        .collect();
    // The heading stays with the first statement's first lines.
    let keep = blocks.first().map_or(60.0, |(pieces, keep)| {
        pieces
            .iter()
            .take(*keep)
            .map(|p| p.line.height() + p.gap)
            .sum()
    });
    if !section(
        flow,
        "Public statements",
        Some(RecordKind::Statement),
        keep,
        case.statements
            .is_empty()
            .then_some("No statements recorded."),
    ) {
        return;
    }
    for (pieces, keep) in &blocks {
        flow.block_continued(pieces, *keep, pieces.first().map(|p| &p.line));
        flow.gap(10.0);
    }
}

pub(super) fn sources(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Sources",
        Some(RecordKind::Source),
        TABLE_KEEP,
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
            if let Some(e) = &s.evidence {
                what.push(p(
                    format!(
                        "Captured file {} ({}, {}): under Evidence",
                        e.file_name(),
                        crate::model::evidence::media_words(&e.media_type),
                        e.size_text()
                    ),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            for link in &s.also_at {
                let label = link.label.trim();
                let label = if label.is_empty() {
                    "Also at".to_owned()
                } else {
                    capitalise(label)
                };
                what.push(p(
                    format!("{label}: {}", link.url),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            what.extend(ctx.tags_line(&s.meta.tags));
            what.extend(ctx.notes(&s.meta.notes));
            vec![vec![p(format!("[{}]", i + 1), Face::Bold, BODY, INK)], what]
        })
        .collect();
    flow.table(&[col("#", 0.07), col("Source", 0.93)], &rows);
}
