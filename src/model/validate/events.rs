//! The checks of actions and statements: times, targets, performers, reversals, amendments,
//! statement links and order links.

use super::*;

/// An action's other times: decided, planned end, discovered, disclosed, and what it amends.
fn check_action_times(c: &mut Checker<'_>, r: &RecordRef, a: &Action) {
    for (field, when) in [
        ("decided", &a.decided),
        ("planned_end", &a.planned_end),
        ("discovered", &a.discovered),
        ("disclosed", &a.disclosed),
    ] {
        c.zone_used(r, field, when.as_ref());
    }
    if let Some(decided) = &a.decided
        && c.certainly_before(&a.start, decided)
    {
        c.push(
            Level::Warning,
            r,
            "decided",
            format!(
                "decided ({}) after it took effect ({})",
                decided.display(c.tz),
                a.start.display(c.tz)
            ),
        );
    }
    if let Some(planned) = &a.planned_end
        && c.certainly_before(planned, &a.start)
    {
        c.push(
            Level::Error,
            r,
            "planned_end",
            format!("set to end ({}) before it starts", planned.display(c.tz)),
        );
    }
    for (field, when, what) in [
        ("discovered", &a.discovered, "discovered"),
        ("disclosed", &a.disclosed, "disclosed"),
    ] {
        if let Some(w) = when
            && c.certainly_before(w, &a.start)
        {
            c.push(
                Level::Error,
                r,
                field,
                format!(
                    "{what} ({}) before it happened ({})",
                    w.display(c.tz),
                    a.start.display(c.tz)
                ),
            );
        }
    }
    if let (Some(discovered), Some(disclosed)) = (&a.discovered, &a.disclosed)
        && c.certainly_before(disclosed, discovered)
    {
        c.push(
            Level::Warning,
            r,
            "disclosed",
            "disclosed before it was discovered",
        );
    }
    if let Some(link) = &a.amends {
        let verb = link.kind.label();
        if link.action == a.id {
            c.push(
                Level::Error,
                r,
                "amends",
                format!(
                    "an action cannot {} itself",
                    verb.strip_suffix('s').unwrap_or(verb)
                ),
            );
        } else if let Some(earlier) = c.actions.get(link.action.as_str()).copied() {
            if c.certainly_before(&a.start, &earlier.start) {
                c.push(
                    Level::Error,
                    r,
                    "amends",
                    format!(
                        "{verb} action {}, which starts later ({})",
                        link.action,
                        earlier.start.display(c.tz)
                    ),
                );
            }
        } else {
            c.push(
                Level::Error,
                r,
                "amends",
                format!("refers to action {}, which does not exist", link.action),
            );
        }
    }
}

/// Actions: summary, targets, performer, times, reversals.
pub(super) fn check_actions<'a>(c: &mut Checker<'a>, case: &'a Case) {
    for a in &case.actions {
        check_action(c, a);
    }
}

pub(super) fn check_action(c: &mut Checker<'_>, a: &Action) {
    let r = RecordRef::Action(a.id.clone());
    c.required(&r, "summary", &a.summary, "a summary");
    c.zone_used(&r, "start", Some(&a.start));
    c.zone_used(&r, "end", a.end.as_ref());
    if a.targets.is_empty() && a.kind.needs_target() {
        c.push(
            Level::Warning,
            &r,
            "targets",
            format!("a {} should name the account(s) it concerns", a.kind),
        );
    }
    for t in &a.targets {
        c.account_exists(&r, "targets", t.as_str());
    }
    if let Actor::Outsider(id) = &a.performer {
        c.outsider_exists(&r, "performer", id.as_str());
    }
    c.through(&r, a.through.as_ref());
    c.alternatives(&r, "start_source", a.start_source.as_ref(), &a.alternatives);
    check_action_times(c, &r, a);
    c.order_links(&r, a.id.as_str(), &a.start, &a.after, &a.before);
    if let Actor::Staff(id) = &a.performer {
        c.staff_exists(&r, "performer", id);
        if let Some(member) = c.staff.get(id.as_str()).copied()
            && let Some(end) = &member.tenure_end
            && c.certainly_before(end, &a.start)
        {
            c.push(
                Level::Warning,
                &r,
                "performer",
                format!(
                    "{} acted after their tenure ended ({})",
                    member.name,
                    end.display(c.tz)
                ),
            );
        }
    }
    if let Some(end) = &a.end {
        if c.certainly_before(end, &a.start) {
            c.push(
                Level::Error,
                &r,
                "end",
                format!(
                    "ends ({}) before it starts ({})",
                    end.display(c.tz),
                    a.start.display(c.tz)
                ),
            );
        }
        if let Some(d) = &a.duration {
            let implied = (end.at - a.start.at).num_seconds();
            let slack = (end.latest(c.tz) - end.at).num_seconds()
                + (a.start.latest(c.tz) - a.start.at).num_seconds();
            let tolerance = if d.approximate { d.secs / 4 } else { 0 } + slack;
            let disagrees = match d.limit {
                None => (implied - d.secs).abs() > tolerance,
                Some(Limit::AtLeast) => implied + tolerance < d.secs,
                Some(Limit::AtMost) => implied - tolerance > d.secs,
            };
            if disagrees {
                c.push(
                    Level::Warning,
                    &r,
                    "duration",
                    format!("duration {d} disagrees with start and end"),
                );
            }
        }
    }
    if let Some(d) = &a.duration
        && d.secs < 0
    {
        c.push(Level::Error, &r, "duration", "duration is negative");
    }
    if let Some(rev) = &a.reverses {
        reversal_checks(c, &r, &a.id, rev, &a.start);
    }
    c.meta(&r, &a.meta);
}

/// Statements: speaker, quote, corrections, what they are about.
pub(super) fn check_statements<'a>(c: &mut Checker<'a>, case: &'a Case) {
    for s in &case.statements {
        check_statement(c, s);
    }
}

pub(super) fn check_statement(c: &mut Checker<'_>, s: &Statement) {
    let r = RecordRef::Statement(s.id.clone());
    c.required(&r, "quote", &s.quote, "the quote");
    c.zone_used(&r, "when", Some(&s.when));
    match &s.speaker {
        Speaker::Staff(id) => c.staff_exists(&r, "speaker", id),
        Speaker::Outsider(id) => c.outsider_exists(&r, "speaker", id.as_str()),
        Speaker::Account(id) => {
            if !c.accounts.contains(id.as_str()) {
                c.push(
                    Level::Error,
                    &r,
                    "speaker",
                    format!("refers to account {id}, which does not exist"),
                );
            }
        }
        Speaker::Organisation(n) | Speaker::Official(n) | Speaker::Press(n) | Speaker::Other(n) => {
            c.required(&r, "speaker", n, "the speaker's name");
        }
    }
    c.through(&r, s.through.as_ref());
    c.alternatives(&r, "when_source", s.when_source.as_ref(), &s.alternatives);
    if let Some(link) = &s.follows {
        let earlier_id = &link.statement;
        let verb = link.kind.label();
        if earlier_id == &s.id {
            c.push(
                Level::Error,
                &r,
                "follows",
                format!("a statement cannot {} itself", link.kind.infinitive()),
            );
        } else if let Some(earlier) = c.statements.get(earlier_id.as_str()).copied() {
            if c.certainly_before(&s.when, &earlier.when) {
                c.push(
                    Level::Error,
                    &r,
                    "follows",
                    format!(
                        "{verb} statement {earlier_id}, which was made later ({})",
                        earlier.when.display(c.tz)
                    ),
                );
            }
        } else {
            c.push(
                Level::Error,
                &r,
                "follows",
                format!("refers to statement {earlier_id}, which does not exist"),
            );
        }
    }
    c.order_links(&r, s.id.as_str(), &s.when, &s.after, &s.before);
    for about in &s.about {
        if !c.actions.contains_key(about.as_str()) {
            c.push(
                Level::Error,
                &r,
                "about",
                format!("refers to action {about}, which does not exist"),
            );
        }
    }
    c.meta(&r, &s.meta);
}

fn reversal_checks(
    c: &mut Checker<'_>,
    r: &RecordRef,
    own: &ActionId,
    reversed: &ActionId,
    start: &When,
) {
    if reversed == own {
        c.push(
            Level::Error,
            r,
            "reverses",
            "an action cannot reverse itself",
        );
        return;
    }
    match c.actions.get(reversed.as_str()).copied() {
        None => c.push(
            Level::Error,
            r,
            "reverses",
            format!("refers to action {reversed}, which does not exist"),
        ),
        Some(original) => {
            if c.certainly_before(start, &original.start) {
                let msg = format!(
                    "reverses action {reversed} but happens before it ({} < {})",
                    start.display(c.tz),
                    original.start.display(c.tz)
                );
                c.push(Level::Error, r, "reverses", msg);
            }
        }
    }
}
