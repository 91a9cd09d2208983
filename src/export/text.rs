//! The case as plain text: what `casebook show` prints and the app copies for an e-mail or a
//! chat (redacted when the case given is).

use std::fmt::Write as _;

use chrono_tz::Tz;

use std::collections::HashMap;

use super::phrases;
use crate::model::chronology::{Dated as Entry, chronology};
use crate::model::state::all_account_histories;
use crate::model::{Action, Case, compact_count, response};

/// The whole summary, with times in `tz`.
pub fn show_case(case: &Case, tz: Tz) -> String {
    let c = Lookups {
        case,
        tz,
        actions: case.actions.iter().map(|a| (a.id.as_str(), a)).collect(),
        handles: case
            .accounts
            .iter()
            .map(|a| (a.id.as_str(), phrases::account_text(a)))
            .collect(),
        source_numbers: case
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i + 1))
            .collect(),
    };
    let mut out = String::new();
    header(&mut out, &c);
    impact(&mut out, &c);
    response_times(&mut out, &c);
    accounts(&mut out, &c);
    staff(&mut out, &c);
    outsiders(&mut out, &c);
    timeline(&mut out, &c);
    postmortem(&mut out, &c);
    sources(&mut out, &c);
    out
}

/// The case and what its sections look records up in.
struct Lookups<'a> {
    case: &'a Case,
    tz: Tz,
    actions: HashMap<&'a str, &'a Action>,
    /// Accounts as targets are named: "@jack", "all verified accounts (class, about 360,000
    /// accounts)".
    handles: HashMap<&'a str, String>,
    source_numbers: HashMap<&'a str, usize>,
}

/// Title, status, zone, tags and summary.
fn header(out: &mut String, c: &Lookups<'_>) {
    let (case, tz) = (c.case, c.tz);
    let info = &case.info;
    let rule = "─".repeat(78);
    let _ = writeln!(out, "{}", info.title);
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(
        out,
        "Status {} · severity {} · owner {} · {}",
        info.status,
        info.severity,
        if info.owner.is_empty() {
            "—"
        } else {
            &info.owner
        },
        if info.classification.is_empty() {
            "unclassified"
        } else {
            &info.classification
        }
    );
    let _ = writeln!(
        out,
        "Times in {} (case zone {}) · case id {}",
        tz.name(),
        info.zone,
        info.id
    );
    if !info.tags.is_empty() {
        let _ = writeln!(out, "Tags: {}", info.tags.join(", "));
    }
    if !info.summary.is_empty() {
        let _ = writeln!(out);
        wrap_into(out, &info.summary, "", 78);
    }
}

/// The reported accounts, with what happened to each.
fn accounts(out: &mut String, c: &Lookups<'_>) {
    let (case, tz) = (c.case, c.tz);
    let actions = &c.actions;
    let mut histories = all_account_histories(case);
    if !case.accounts.is_empty() {
        let _ = writeln!(out, "\nREPORTED ACCOUNTS ({})", case.accounts.len());
        for a in &case.accounts {
            let mut line = format!(
                "  {} on {}",
                a.name(),
                if a.platform.is_empty() {
                    "?"
                } else {
                    &a.platform
                }
            );
            if a.class.is_none() && !a.handle.trim().is_empty() && !a.display_name.is_empty() {
                let _ = write!(line, " — {}", a.display_name);
            }
            let _ = write!(line, " ({})", a.kind);
            let _ = writeln!(out, "{line}");
            if let Some(class) = &a.class {
                let _ = writeln!(
                    out,
                    "    a class of accounts{}",
                    class
                        .estimated
                        .map_or_else(String::new, |n| format!(", {n} accounts"))
                );
            }
            if let Some(aud) = &a.audience {
                let as_of = aud
                    .as_of
                    .as_ref()
                    .map_or_else(|| "date unknown".to_owned(), |w| w.display(tz));
                let _ = writeln!(
                    out,
                    "    audience {} as of {as_of}",
                    compact_count(aud.count)
                );
            }
            let history = histories.remove(&a.id).unwrap_or_default();
            if history.len() > 1 {
                let steps: Vec<String> = history
                    .iter()
                    .map(|p| {
                        let cause = p
                            .cause
                            .as_ref()
                            .and_then(|id| actions.get(id.as_str()).copied());
                        let when = cause.map(|c| {
                            if p.state.is_available() && c.reverses.is_none() && c.kind.is_lasting()
                            {
                                // Reverted when a lasting action ran out.
                                c.duration
                                    .map_or_else(String::new, |d| format!(" after {d}"))
                            } else {
                                format!(" {}", c.start.display(tz))
                            }
                        });
                        let flag = if p.unauthorized {
                            " (UNAUTHORIZED)"
                        } else {
                            ""
                        };
                        // How long a bounded, non-available state lasted ("for about 11 min").
                        let length = match p.until {
                            Some(until)
                                if !p.state.is_available()
                                    && p.from != chrono::DateTime::<chrono::Utc>::MIN_UTC =>
                            {
                                // Approximate when the cause's duration is, or when it is
                                // known only to the hour or coarser ("that day"): then the
                                // length is not known to the minute either.
                                let approx = cause.is_some_and(|c| {
                                    c.duration.is_some_and(|d| d.approximate)
                                        || c.start.precision > crate::model::Precision::Minute
                                });
                                format!(
                                    " for {}",
                                    crate::model::ApproxDuration::new(
                                        (until - p.from).num_seconds(),
                                        approx
                                    )
                                    .calendar_text()
                                )
                            }
                            // Still in a state that is not normal, with nothing recorded
                            // that ends it: say so, rather than let it read as lasting to
                            // this day.
                            None if !p.state.is_available() => "; end not recorded".to_owned(),
                            _ => String::new(),
                        };
                        format!(
                            "{}{}{length}{flag}",
                            p.state.label(),
                            when.unwrap_or_default()
                        )
                    })
                    .collect();
                let _ = writeln!(out, "    state: {}", steps.join(" → "));
            }
        }
    }
}

/// The staff involved.
fn staff(out: &mut String, c: &Lookups<'_>) {
    let (case, tz) = (c.case, c.tz);
    if !case.staff.is_empty() {
        let _ = writeln!(out, "\nSTAFF ({})", case.staff.len());
        for s in &case.staff {
            let mut parts = vec![s.employment.label().to_owned()];
            for extra in [&s.role, &s.team] {
                if !extra.is_empty() {
                    parts.push(extra.clone());
                }
            }
            let _ = writeln!(out, "  {} — {}", s.name, parts.join(", "));
            let mut details = Vec::new();
            if let Some(start) = &s.tenure_start {
                details.push(format!("from {}", start.display(tz)));
            }
            if let Some(end) = &s.tenure_end {
                details.push(format!("last day {}", end.display(tz)));
            }
            if !s.access_level.is_empty() {
                details.push(format!("access: {}", s.access_level));
            }
            if s.group {
                details.push(s.size.map_or_else(
                    || "a group or team".to_owned(),
                    |n| format!("a group of {n}"),
                ));
            }
            if !s.is_protected() {
                details.push("named in redacted exports".to_owned());
            } else if !s.pseudonym.is_empty() && s.pseudonym != s.name {
                details.push(format!("redacted as “{}”", s.pseudonym));
            }
            if !details.is_empty() {
                let _ = writeln!(out, "    {}", details.join(" · "));
            }
        }
    }
}

/// Actions and statements in time order.
fn timeline(out: &mut String, c: &Lookups<'_>) {
    let (case, tz) = (c.case, c.tz);
    let (actions, handles, source_numbers) = (&c.actions, &c.handles, &c.source_numbers);
    let entries = chronology(case, tz);
    if !entries.is_empty() {
        let _ = writeln!(out, "\nTIMELINE ({} entries, {})", entries.len(), tz.name());
        let width = entries
            .iter()
            .map(|e| e.when().listed(tz).chars().count())
            .max()
            .unwrap_or(10)
            .min(30);
        for e in &entries {
            let when = e.when().listed(tz);
            let pad = " ".repeat(width.saturating_sub(when.chars().count()));
            let indent = " ".repeat(width + 4);
            match e {
                Entry::Action(a) => {
                    let pin = if a.meta.key_event { "★" } else { " " };
                    let _ = writeln!(
                        out,
                        "{pin} {when}{pad}  {} — {}",
                        a.kind.label().to_uppercase(),
                        a.summary
                    );
                    let mut who = format!("by {}", case.actor_name(&a.performer));
                    if let Some(o) = match &a.performer {
                        crate::model::Actor::Outsider(id) => case.outsider(id),
                        _ => None,
                    } {
                        let _ = write!(who, " ({})", o.role.label());
                    }
                    if !a.targets.is_empty() {
                        let targets: Vec<String> = a
                            .targets
                            .iter()
                            .map(|t| {
                                handles
                                    .get(t.as_str())
                                    .map_or_else(|| t.to_string(), Clone::clone)
                            })
                            .collect();
                        let _ = write!(who, " on {}", targets.join(", "));
                    }
                    if let Some(t) = &a.through {
                        let _ = write!(who, ", {}", phrases::through_text(case, t));
                    }
                    if let Some(d) = &a.duration {
                        let _ = write!(who, ", lasted {d}");
                    }
                    if let Some(end) = &a.end {
                        let _ = write!(who, ", until {}", end.display(tz));
                    }
                    if let Some((judgement, _)) = phrases::judgement(a) {
                        let _ = write!(who, ", {judgement}");
                    }
                    wrap_into(out, &who, &indent, 78);
                    let dates = phrases::action_dates(tz, a);
                    if !dates.is_empty() {
                        wrap_into(out, &dates.join(", "), &indent, 78);
                    }
                    if let Some(times) = phrases::reported_times(
                        case,
                        tz,
                        &a.start,
                        a.start_source.as_ref(),
                        &a.alternatives,
                    ) {
                        wrap_into(out, &format!("sources differ: {times}"), &indent, 78);
                    } else if let Some(note) =
                        phrases::time_source_note(case, a.start_source.as_ref(), &a.alternatives)
                    {
                        let _ = writeln!(out, "{indent}{note}");
                    }
                    if let Some(rev) = a
                        .reverses
                        .as_ref()
                        .and_then(|r| actions.get(r.as_str()).copied())
                    {
                        let _ = writeln!(out, "{indent}reverses: {}", rev.summary);
                    }
                    if let Some(amends) = phrases::amends_text(case, tz, a) {
                        wrap_into(out, &amends, &indent, 78);
                    }
                    for line in phrases::order_links_text(case, tz, &a.after, &a.before) {
                        wrap_into(out, &line, &indent, 78);
                    }
                    sources_line(out, source_numbers, &a.meta.sources, &indent);
                }
                Entry::Statement(s) => {
                    let pin = if s.meta.key_event { "★" } else { " " };
                    let mut speaker = case.speaker_name(&s.speaker);
                    if let Some(t) = &s.through {
                        let _ = write!(speaker, ", {}", phrases::through_text(case, t));
                    }
                    let _ = writeln!(
                        out,
                        "{pin} {when}{pad}  STATEMENT — {speaker} · {}",
                        s.channel
                    );
                    let quote = if s.verbatim {
                        format!("“{}”", s.quote)
                    } else {
                        format!("(paraphrase) {}", s.quote)
                    };
                    wrap_into(out, &quote, &indent, 78);
                    if let Some(times) = phrases::reported_times(
                        case,
                        tz,
                        &s.when,
                        s.when_source.as_ref(),
                        &s.alternatives,
                    ) {
                        wrap_into(
                            out,
                            &format!("sources differ on the time: {times}"),
                            &indent,
                            78,
                        );
                    } else if let Some(note) =
                        phrases::time_source_note(case, s.when_source.as_ref(), &s.alternatives)
                    {
                        let _ = writeln!(out, "{indent}{note}");
                    }
                    if let Some((text, emphasised)) = phrases::follows_text(case, tz, s, 50) {
                        // A correction or a retraction stands out; an update does not.
                        let text = if emphasised { shout(&text) } else { text };
                        wrap_into(out, &text, &indent, 78);
                    }
                    for line in phrases::corrected_by(case, tz, s) {
                        wrap_into(out, &shout(&line), &indent, 78);
                    }
                    for line in phrases::order_links_text(case, tz, &s.after, &s.before) {
                        wrap_into(out, &line, &indent, 78);
                    }
                    sources_line(out, source_numbers, &s.meta.sources, &indent);
                }
            }
        }
    }
}

/// The counted impact, near the top: one line per thing counted, each source's figure side by
/// side ("Accounts targeted: 130 accounts (Twitter) / 130 (NY DFS)").
fn impact(out: &mut String, c: &Lookups<'_>) {
    let (case, tz) = (c.case, c.tz);
    let groups = phrases::figure_groups(&case.postmortem.figures);
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nIMPACT FIGURES");
    for g in &groups {
        let mut line = format!("- {}: {}", phrases::capitalise(g.what), g.values(case));
        if g.disagree() {
            line.push_str(" — sources disagree");
        }
        wrap_into(out, &line, "  ", 78);
        let provenance = g.provenance(case, tz);
        if !provenance.is_empty() {
            wrap_into(out, &provenance, "    ", 78);
        }
    }
}

/// The response times and the milestones they run between, when any milestone is pinned.
fn response_times(out: &mut String, c: &Lookups<'_>) {
    let (case, tz) = (c.case, c.tz);
    let milestones = &case.postmortem.milestones;
    if milestones.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nRESPONSE TIMES");
    for t in response::known_response_times(case) {
        let _ = writeln!(out, "  {}: {}", t.interval.label(), t.text());
    }
    let _ = writeln!(out, "  Milestones:");
    for (m, record) in milestones.pinned() {
        let when = response::milestone_when(case, record)
            .map_or_else(|| "(record missing)".to_owned(), |w| w.display(tz));
        let what = response::milestone_summary(case, record).unwrap_or_default();
        let line = format!("- {}: {when} — {what} ({})", m.label(), record.id());
        wrap_hanging(out, &line, "    ", Some(2), 78);
    }
}

/// The people and groups outside the organisation.
fn outsiders(out: &mut String, c: &Lookups<'_>) {
    let case = c.case;
    if case.outsiders.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nOUTSIDE PEOPLE ({})", case.outsiders.len());
    for o in &case.outsiders {
        let mut line = format!("{} — {}", o.name, phrases::outsider_text(o));
        if !o.is_protected() {
            line.push_str(" · named in redacted exports");
        } else if !o.pseudonym.is_empty() && o.pseudonym != o.name {
            let _ = write!(line, " · redacted as “{}”", o.pseudonym);
        }
        wrap_hanging(out, &line, "  ", Some(2), 78);
    }
}

/// Impact, root cause, contributing factors and follow-ups.
fn postmortem(out: &mut String, c: &Lookups<'_>) {
    let (case, tz) = (c.case, c.tz);
    let pm = &case.postmortem;
    let review = pm.review.as_ref().filter(|r| !r.is_empty());
    let lists = [
        ("Contributing factors", &pm.contributing_factors),
        ("What went well", &pm.went_well),
        ("What went wrong", &pm.went_wrong),
        ("Where we got lucky", &pm.lucky),
        ("Open questions", &pm.open_questions),
    ];
    if !pm.impact.is_empty()
        || !pm.root_cause.is_empty()
        || !pm.follow_ups.is_empty()
        || pm.detection.is_some()
        || review.is_some()
        || lists.iter().any(|(_, l)| !l.is_empty())
    {
        let _ = writeln!(out, "\nPOSTMORTEM");
        if !pm.impact.is_empty() {
            let _ = writeln!(out, "  Impact:");
            wrap_into(out, &pm.impact, "    ", 78);
        }
        if let Some(d) = &pm.detection {
            let _ = writeln!(out, "  Detected by:");
            wrap_into(out, &d.text(), "    ", 78);
        }
        if !pm.root_cause.is_empty() {
            let _ = writeln!(out, "  Root cause:");
            wrap_into(out, &pm.root_cause, "    ", 78);
        }
        for (title, list) in lists {
            if !list.is_empty() {
                let _ = writeln!(out, "  {title}:");
                for f in list {
                    wrap_into(out, &format!("- {f}"), "    ", 78);
                }
            }
        }
        if !pm.follow_ups.is_empty() {
            let _ = writeln!(out, "  Follow-ups:");
            for f in &pm.follow_ups {
                let mut line = format!("[{}] {}", f.status, f.description);
                if !f.owner.is_empty() {
                    let _ = write!(line, " — {}", f.owner);
                }
                if let Some(due) = &f.due {
                    let _ = write!(line, ", due {}", due.display(tz));
                }
                if let Some(p) = f.priority {
                    let _ = write!(line, " · {p} priority");
                }
                if !f.tracker.trim().is_empty() {
                    let _ = write!(line, " · {}", f.tracker.trim());
                }
                wrap_into(out, &line, "    ", 78);
            }
        }
        if let Some(r) = review {
            let _ = writeln!(out, "  Review:");
            wrap_into(out, &review_text(r, tz), "    ", 78);
        }
    }
}

/// "Accepted with changes on 2017-12-04 by Head of T&S, Legal".
pub fn review_text(r: &crate::model::Review, tz: Tz) -> String {
    let mut text = r
        .decision
        .map_or_else(|| "Reviewed".to_owned(), |d| phrases::capitalise(d.label()));
    if let Some(date) = &r.date {
        let _ = write!(text, " on {}", date.display(tz));
    }
    let reviewers: Vec<&str> = r
        .reviewers
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if !reviewers.is_empty() {
        let _ = write!(text, " by {}", reviewers.join(", "));
    }
    text
}

/// The sources, numbered as the other sections cite them.
fn sources(out: &mut String, c: &Lookups<'_>) {
    let (case, tz) = (c.case, c.tz);
    if !case.sources.is_empty() {
        let _ = writeln!(out, "\nSOURCES ({})", case.sources.len());
        for (i, s) in case.sources.iter().enumerate() {
            let mut line = format!("[{}] {}", i + 1, s.title);
            if !s.publisher.is_empty() {
                let _ = write!(line, " — {}", s.publisher);
            }
            if let Some(p) = &s.published {
                let _ = write!(line, ", {}", p.display(tz));
            }
            if !s.url.is_empty() {
                let _ = write!(line, " <{}>", s.url);
            }
            wrap_into(out, &line, "  ", 78);
            for link in &s.also_at {
                let label = link.label.trim();
                let label = if label.is_empty() { "also at" } else { label };
                wrap_into(out, &format!("{label}: <{}>", link.url), "      ", 78);
            }
        }
    }
}

/// The first word in capitals, as `show` marks what must not be missed: "CORRECTS the earlier
/// statement…".
fn shout(text: &str) -> String {
    match text.split_once(' ') {
        Some((first, rest)) => format!("{} {rest}", first.to_uppercase()),
        None => text.to_uppercase(),
    }
}

fn sources_line(
    out: &mut String,
    numbers_by_id: &HashMap<&str, usize>,
    sources: &[crate::model::SourceId],
    indent: &str,
) {
    if sources.is_empty() {
        return;
    }
    let numbers: Vec<String> = sources
        .iter()
        .map(|id| {
            numbers_by_id
                .get(id.as_str())
                .map_or_else(|| format!("missing {id}"), |n| format!("[{n}]"))
        })
        .collect();
    let _ = writeln!(out, "{indent}sources: {}", numbers.join(" "));
}

/// Appends `text` word-wrapped to `width` columns, each line starting with `indent`. Lines
/// that start with a marker ("- ", "[done] ", "[2] ") continue under the text after the marker.
fn wrap_into(out: &mut String, text: &str, indent: &str, width: usize) {
    wrap_hanging(out, text, indent, None, width);
}

/// [`wrap_into`] with continuation lines `hang` columns further in (by default, under the text
/// after a marker).
fn wrap_hanging(out: &mut String, text: &str, indent: &str, hang: Option<usize>, width: usize) {
    for paragraph in text.split('\n') {
        let hang = hang.unwrap_or_else(|| hanging_width(paragraph));
        let continuation = format!("{indent}{}", " ".repeat(hang));
        let mut prefix = indent.to_owned();
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty()
                && prefix.chars().count() + line.chars().count() + 1 + word.chars().count() > width
            {
                let _ = writeln!(out, "{prefix}{line}");
                line.clear();
                prefix.clone_from(&continuation);
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        let _ = writeln!(out, "{prefix}{line}");
    }
}

fn hanging_width(paragraph: &str) -> usize {
    if paragraph.starts_with("- ") {
        return 2;
    }
    if paragraph.starts_with('[')
        && let Some(close) = paragraph.find("] ")
        && close < 16
    {
        return paragraph[..close + 2].chars().count();
    }
    0
}
