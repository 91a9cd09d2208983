//! How the exports word what a case records, so the report, `casebook show` and the CSV say the
//! same thing the same way: accounts and classes of accounts, acting through someone else's
//! account, times that sources give differently, how an action was judged, what a later action
//! or statement does to an earlier one, and counted impact figures side by side.

use chrono_tz::Tz;

use crate::model::{
    Account, Action, ActionLinkKind, AltTime, ApproxDuration, Assessment, Authorization, Case,
    Figure, Outsider, SourceId, Statement, StatementLinkKind, Through, When, excerpt, plural,
};

/// A source as the exports cite it in passing: its publisher ("NYT", "Twitter"), else its
/// title cut short.
pub fn source_short(case: &Case, id: &SourceId) -> String {
    case.source(id).map_or_else(
        || id.to_string(),
        |s| {
            let publisher = s.publisher.trim();
            if publisher.is_empty() {
                excerpt(&s.title, 40)
            } else {
                publisher.to_owned()
            }
        },
    )
}

/// An account as a target or a speaker: "@jack", "all verified accounts (class, about 360,000
/// accounts)", "Jane's shop (no known handle)".
pub fn account_text(a: &Account) -> String {
    match &a.class {
        Some(class) => match &class.estimated {
            Some(n) => format!(
                "{} (class, {n} {})",
                a.name(),
                if n.value == 1 && n.limit.is_none() && !n.approximate {
                    "account"
                } else {
                    "accounts"
                }
            ),
            None => format!("{} (class of accounts)", a.name()),
        },
        None => a.name(),
    }
}

/// [`account_text`] of the account `id` (its id when it is missing).
pub fn account_ref(case: &Case, id: &crate::model::AccountId) -> String {
    case.account(id)
        .map_or_else(|| id.to_string(), account_text)
}

/// "Jane Doe's", "Ops team's".
fn possessive(name: &str) -> String {
    format!("{name}'s")
}

/// Whose access someone acted through: "using Jane Doe's credentials", "from @jack's account";
/// a group's or a class's by "of" ("using the credentials of Phished employees (first wave)",
/// "from an account of all verified accounts").
pub fn through_text(case: &Case, through: &Through) -> String {
    match through {
        Through::Staff(id) => case.staff_member(id).map_or_else(
            || format!("using the credentials of missing staff {id}"),
            |s| {
                if s.group {
                    format!("using the credentials of {}", s.name)
                } else {
                    format!("using {} credentials", possessive(&s.name))
                }
            },
        ),
        Through::Account(id) => case.account(id).map_or_else(
            || format!("from missing account {id}"),
            |a| {
                if a.class.is_some() {
                    format!("from an account of {}", a.name())
                } else {
                    format!("from {} account", possessive(&a.name()))
                }
            },
        ),
    }
}

/// `alt` without the date it shares with `main` ("2020-07-15 18:20 EDT" after "2020-07-15
/// 18:15 EDT" reads "18:20 EDT"); a bound word ("after", "by") stays in front.
fn without_shared_date(main: &str, alt: &str) -> String {
    let date_of = |s: &str| {
        let s = s
            .strip_prefix("by ")
            .or_else(|| s.strip_prefix("after "))
            .unwrap_or(s);
        let date = s.get(..11)?;
        let is_date = date.len() == 11
            && date.as_bytes()[4] == b'-'
            && date.as_bytes()[7] == b'-'
            && date.ends_with(' ');
        is_date.then(|| date.to_owned())
    };
    match (date_of(main), date_of(alt)) {
        (Some(a), Some(b)) if a == b => alt.replacen(&b, "", 1),
        _ => alt.to_owned(),
    }
}

/// Every time the sources give for one event, the recorded one first, each without the date
/// the recorded one has (it is printed in full beside this): "18:15 EDT (NYT) / 18:20 EDT
/// (WaPo) / after 15:00 EDT (Reuters)". `None` when no other time is given.
pub fn reported_times(
    case: &Case,
    tz: Tz,
    main: &When,
    main_source: Option<&SourceId>,
    alternatives: &[AltTime],
) -> Option<String> {
    if alternatives.is_empty() {
        return None;
    }
    let cite = |text: String, source: Option<&SourceId>| match source {
        Some(id) => format!("{text} ({})", source_short(case, id)),
        None => text,
    };
    let first = main.display(tz);
    let mut parts = vec![cite(without_shared_date(&first, &first), main_source)];
    for alt in alternatives {
        parts.push(cite(
            without_shared_date(&first, &alt.when.display(tz)),
            alt.source.as_ref(),
        ));
    }
    Some(parts.join(" / "))
}

/// "per NYT" when one source gives the time and no other disagrees.
pub fn time_source_note(
    case: &Case,
    source: Option<&SourceId>,
    alternatives: &[AltTime],
) -> Option<String> {
    match source {
        Some(id) if alternatives.is_empty() => Some(format!("time per {}", source_short(case, id))),
        _ => None,
    }
}

/// How long an action lasted, in the two largest units as the timeline labels it, its limit in
/// words: "~11 min", "at least 12 h", "1 d 4 h".
pub fn lasted(d: &ApproxDuration) -> String {
    let limit = d
        .limit
        .map_or_else(String::new, |l| format!("{} ", l.label()));
    let tilde = if d.approximate { "~" } else { "" };
    let sign = if d.secs < 0 { "-" } else { "" };
    format!(
        "{limit}{tilde}{sign}{}",
        crate::timeline::items::two_largest_units(d.secs)
    )
}

/// Whether an action was sanctioned and whether it was right: "UNAUTHORIZED", "authorized,
/// judged erroneous", "overturned on appeal". `None` when nothing is known of either. The
/// flag says whether it is bad news (shown emphasised).
pub fn judgement(a: &Action) -> Option<(String, bool)> {
    let auth = match a.authorization {
        Authorization::Unauthorized => Some("UNAUTHORIZED"),
        Authorization::Authorized if a.assessment.is_some() => Some("authorized"),
        Authorization::Authorized | Authorization::Unknown => None,
    };
    let assessment = a.assessment.map(|x| match x {
        Assessment::Correct => "judged correct",
        Assessment::Erroneous => "judged erroneous",
        Assessment::Overturned => "overturned on appeal",
        Assessment::Disputed => "disputed",
    });
    let bad = a.authorization == Authorization::Unauthorized
        || matches!(
            a.assessment,
            Some(Assessment::Erroneous | Assessment::Overturned)
        );
    let text = match (auth, assessment) {
        (Some(x), Some(y)) => format!("{x}, {y}"),
        (Some(x), None) => x.to_owned(),
        (None, Some(y)) => capitalise(y),
        (None, None) => return None,
    };
    Some((text, bad))
}

/// "Extends the earlier action “12-hour lock” (2020-07-15 18:15 EDT)".
pub fn amends_text(case: &Case, tz: Tz, a: &Action) -> Option<String> {
    let link = a.amends.as_ref()?;
    let verb = match link.kind {
        ActionLinkKind::Extends => "Extends",
        ActionLinkKind::Replaces => "Replaces",
    };
    Some(match case.action(&link.action) {
        Some(earlier) => format!(
            "{verb} the earlier action “{}” ({})",
            excerpt(&earlier.summary, 60),
            earlier.start.display(tz)
        ),
        None => format!("{verb} missing action {}", link.action),
    })
}

/// What a record's order links say, one line each: "Happened after: account takeover
/// “attackers take over…” (2020-07-15 20:00 EDT)", "Happened before: …".
pub fn order_links_text(
    case: &Case,
    tz: Tz,
    after: &[crate::model::EventRef],
    before: &[crate::model::EventRef],
) -> Vec<String> {
    let name = |e: &crate::model::EventRef| match e {
        crate::model::EventRef::Action(id) => match case.action(id) {
            Some(a) => format!(
                "{} “{}” ({})",
                a.kind.label(),
                excerpt(&a.summary, 50),
                a.start.display(tz)
            ),
            None => format!("missing action {id}"),
        },
        crate::model::EventRef::Statement(id) => match case.statement(id) {
            Some(s) => format!(
                "{}'s statement “{}” ({})",
                case.speaker_name(&s.speaker),
                excerpt(&s.quote, 40),
                s.when.display(tz)
            ),
            None => format!("missing statement {id}"),
        },
    };
    after
        .iter()
        .map(|e| format!("Happened after {}", name(e)))
        .chain(
            before
                .iter()
                .map(|e| format!("Happened before {}", name(e))),
        )
        .collect()
}

/// The other times an action has besides its start: "decided …", "set to end …",
/// "discovered …", "disclosed …".
pub fn action_dates(tz: Tz, a: &Action) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = &a.decided {
        out.push(format!("decided {}", w.display(tz)));
    }
    if let Some(w) = &a.planned_end {
        out.push(format!("set to end {}", w.display(tz)));
    }
    if let Some(w) = &a.discovered {
        out.push(format!("discovered {}", w.display(tz)));
    }
    if let Some(w) = &a.disclosed {
        out.push(format!("disclosed {}", w.display(tz)));
    }
    out
}

/// What a statement does to the earlier one it follows, and whether that is news a reader must
/// not miss (a correction or a retraction; an update in the same thread is not).
pub fn follows_text(
    case: &Case,
    tz: Tz,
    s: &Statement,
    quote_chars: usize,
) -> Option<(String, bool)> {
    let link = s.follows.as_ref()?;
    let Some(earlier) = case.statement(&link.statement) else {
        return Some((
            format!("Follows missing statement {}", link.statement),
            false,
        ));
    };
    let who = case.speaker_name(&earlier.speaker);
    let when = earlier.when.display(tz);
    let quote = if earlier.verbatim {
        format!("“{}”", excerpt(&earlier.quote, quote_chars))
    } else {
        format!("(paraphrase) {}", excerpt(&earlier.quote, quote_chars))
    };
    Some(match link.kind {
        StatementLinkKind::Updates => (
            format!("Update in the same thread as {who}'s statement of {when}: {quote}"),
            false,
        ),
        StatementLinkKind::Corrects => (
            format!("Corrects the earlier statement by {who} ({when}): {quote}"),
            true,
        ),
        StatementLinkKind::Retracts => (
            format!("Retracts the earlier statement by {who} ({when}): {quote}"),
            true,
        ),
    })
}

/// The later statements that correct or retract `s`: "Corrected by Twitter Support on
/// 2020-07-22".
pub fn corrected_by(case: &Case, tz: Tz, s: &Statement) -> Vec<String> {
    case.statements
        .iter()
        .filter_map(|later| {
            let link = later.follows.as_ref().filter(|l| l.statement == s.id)?;
            let verb = match link.kind {
                StatementLinkKind::Updates => return None,
                StatementLinkKind::Corrects => "Corrected",
                StatementLinkKind::Retracts => "Retracted",
            };
            Some(format!(
                "{verb} later by {} ({})",
                case.speaker_name(&later.speaker),
                later.when.display(tz)
            ))
        })
        .collect()
}

/// Who an outside person is: "attacker · group of at least 3 · Independent".
pub fn outsider_text(o: &Outsider) -> String {
    let mut parts = vec![o.role.label().to_owned()];
    if o.group {
        parts.push(match &o.size {
            Some(n) => format!("group of {n}"),
            None => "a group".to_owned(),
        });
    }
    if !o.organisation.trim().is_empty() {
        parts.push(o.organisation.trim().to_owned());
    }
    parts.join(" · ")
}

/// Whether `unit` is written after the number ("accounts"), not before it ("$", "USD").
fn unit_after(unit: &str) -> bool {
    let currency_code = unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase());
    !unit.is_empty() && !matches!(unit, "$" | "€" | "£") && !currency_code
}

/// A figure's value as the exports write it: "130 accounts", "about $118,000", "at least USD
/// 100,000" ([`Figure::value_text`]).
pub fn figure_value(f: &Figure) -> String {
    f.value_text()
}

/// Figures that count the same thing (the same `what`), in the order first given.
#[derive(Debug)]
pub struct FigureGroup<'a> {
    /// What was counted, as first written.
    pub what: &'a str,
    pub figures: Vec<&'a Figure>,
}

impl FigureGroup<'_> {
    /// Whether the sources give different numbers.
    pub fn disagree(&self) -> bool {
        self.figures
            .windows(2)
            .any(|w| w[0].count != w[1].count || w[0].unit.trim() != w[1].unit.trim())
    }

    /// Each source's figure and the source's short name, in order; a later figure in the same
    /// unit written after the number leaves the unit out ("130 accounts", then "130").
    pub fn parts(&self, case: &Case) -> Vec<(String, Option<String>)> {
        let mut parts = Vec::new();
        let mut shown_unit: Option<&str> = None;
        for f in &self.figures {
            let unit = f.unit.trim();
            let value = if unit_after(unit) && shown_unit == Some(unit) {
                f.count.to_string()
            } else {
                figure_value(f)
            };
            shown_unit = Some(unit);
            let source = f.source.as_ref().map(|id| source_short(case, id));
            parts.push((value, source));
        }
        parts
    }

    /// Each source's figure side by side: "130 accounts (Twitter) / 130 (NY DFS)".
    pub fn values(&self, case: &Case) -> String {
        self.parts(case)
            .into_iter()
            .map(|(value, source)| match source {
                Some(s) => format!("{value} ({s})"),
                None => value,
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// When and where each figure was given: "Twitter [3], as of 2020-07-18 · NY DFS [5]".
    pub fn provenance(&self, case: &Case, tz: Tz) -> String {
        self.figures
            .iter()
            .filter(|f| f.source.is_some() || f.as_of.is_some())
            .map(|f| {
                let mut text = match &f.source {
                    Some(id) => {
                        let number = case
                            .sources
                            .iter()
                            .position(|s| &s.id == id)
                            .map_or_else(String::new, |i| format!(" [{}]", i + 1));
                        format!("{}{number}", source_short(case, id))
                    }
                    None => "no source".to_owned(),
                };
                if let Some(w) = &f.as_of {
                    text.push_str(&format!(", as of {}", w.display(tz)));
                }
                text
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The case's impact figures grouped by what they count (compared without case or spacing).
pub fn figure_groups(figures: &[Figure]) -> Vec<FigureGroup<'_>> {
    let key = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut groups: Vec<(String, FigureGroup<'_>)> = Vec::new();
    for f in figures {
        let k = key(&f.what);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, g)) => g.figures.push(f),
            None => groups.push((
                k,
                FigureGroup {
                    what: f.what.trim(),
                    figures: vec![f],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// "3 accounts · 4 staff members · …": how many records of each kind the case file holds (not
/// how large the incident was).
pub fn record_counts(case: &Case) -> String {
    let mut parts = vec![
        plural(case.accounts.len(), "account", "accounts"),
        plural(case.staff.len(), "staff member", "staff members"),
    ];
    if !case.outsiders.is_empty() {
        parts.push(plural(
            case.outsiders.len(),
            "outside person",
            "outside people",
        ));
    }
    parts.extend([
        plural(case.actions.len(), "action", "actions"),
        plural(case.statements.len(), "statement", "statements"),
        plural(case.sources.len(), "source", "sources"),
        plural(case.postmortem.follow_ups.len(), "follow-up", "follow-ups"),
    ]);
    parts.join(" · ")
}

/// The first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qualifier_comes_before_a_currency_code() {
        let mut f = Figure {
            what: "received".to_owned(),
            count: crate::model::Count {
                value: 100_000,
                approximate: false,
                limit: Some(crate::model::Limit::AtLeast),
            },
            unit: "USD".to_owned(),
            as_of: None,
            source: None,
        };
        assert_eq!(figure_value(&f), "at least USD 100,000");
        f.count.limit = None;
        assert_eq!(figure_value(&f), "USD 100,000");
        f.unit = "$".to_owned();
        f.count.approximate = true;
        assert_eq!(figure_value(&f), "about $100,000");
        f.unit = "accounts".to_owned();
        assert_eq!(figure_value(&f), "about 100,000 accounts");
    }

    #[test]
    fn durations_say_their_limit_in_words() {
        let mut d = ApproxDuration::new(12 * 3600, false);
        assert_eq!(lasted(&d), "12 h");
        d.limit = Some(crate::model::Limit::AtLeast);
        assert_eq!(lasted(&d), "at least 12 h");
        assert_eq!(
            lasted(&ApproxDuration::new(11 * 60 + 5, true)),
            "~11 min 5 s"
        );
        assert_eq!(lasted(&ApproxDuration::new(90_061, false)), "1 d 1 h");
    }

    #[test]
    fn a_shared_date_is_said_once() {
        assert_eq!(
            without_shared_date("2020-07-15 18:15 EDT", "2020-07-15 18:20 EDT"),
            "18:20 EDT"
        );
        assert_eq!(
            without_shared_date("2020-07-15 18:15 EDT", "after 2020-07-15 15:00 EDT"),
            "after 15:00 EDT"
        );
        assert_eq!(
            without_shared_date("by 2020-07-15 18:15 EDT", "2020-07-16 01:00 EDT"),
            "2020-07-16 01:00 EDT"
        );
        assert_eq!(without_shared_date("~2020-07", "2020-07-15"), "2020-07-15");
    }
}
