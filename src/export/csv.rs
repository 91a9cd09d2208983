//! The timeline as CSV rows: one row per dated record (actions, statements, source
//! publications, follow-up due dates, impact figures by the date they were given), in time
//! order, with the time both in UTC and in the chosen zone, its precision, and who did or said
//! what, citing which sources. After them, when no range is asked for, the rows without a time:
//! impact figures no date was given for, and the outside people of the case.
//!
//! The first fourteen columns are those of every earlier Casebook; newer ones are added at the
//! end, so a spreadsheet built on the old ones keeps working (docs/user-guide.md lists them).

use std::collections::HashMap;

use chrono_tz::Tz;

use super::phrases;
use crate::model::{
    Action, Actor, Case, EventRef, Figure, Limit, Outsider, Precision, Source, SourceId, Speaker,
    Statement, When, response,
};

/// The column names, in order.
pub const HEADER: [&str; COLUMNS] = [
    "start_utc",
    "end_utc",
    "start_local",
    "end_local",
    "zone",
    "precision",
    "approximate",
    "kind",
    "lane",
    "who",
    "what",
    "sources",
    "key_event",
    "record_id",
    // Added with case format version 2.
    "who_role",
    "through",
    "targets",
    "time_source",
    "other_times",
    "duration",
    "planned_end_local",
    "decided_local",
    "discovered_local",
    "disclosed_local",
    "authorization",
    "assessment",
    "link",
    "link_record_id",
    "measure",
    "count",
    "count_qualifier",
    "unit",
    "also_at",
    // Added with the order links of version 2.
    "after_record_ids",
    "before_record_ids",
    // Added with evidence files: the file a source is, as captured into the case.
    "evidence_file",
    "evidence_sha256",
    "evidence_size",
    "evidence_media_type",
];

const COLUMNS: usize = 39;

/// The cells after `record_id`, in [`HEADER`] order; empty where they do not apply.
#[derive(Default)]
struct More {
    who_role: String,
    through: String,
    targets: String,
    time_source: String,
    other_times: String,
    duration: String,
    planned_end: String,
    decided: String,
    discovered: String,
    disclosed: String,
    authorization: String,
    assessment: String,
    link: String,
    link_id: String,
    measure: String,
    count: String,
    count_qualifier: String,
    unit: String,
    also_at: String,
    after: String,
    before: String,
    evidence_file: String,
    evidence_sha256: String,
    evidence_size: String,
    evidence_media_type: String,
}

/// What every row says, besides its time.
struct Base {
    kind: String,
    lane: String,
    who: String,
    what: String,
    sources: String,
    key: bool,
    id: String,
}

struct Row {
    /// Seconds since the epoch, then the place in the case's chronology (actions and
    /// statements; other dated rows go after them at the same second); `None` for rows without
    /// a time (listed last, in case order).
    sort: Option<(i64, usize)>,
    cells: Vec<String>,
}

fn utc(w: &When, tz: Tz) -> (String, String) {
    let (start, end) = w.interval(tz);
    let fmt = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    if w.precision <= Precision::Minute {
        (fmt(start), String::new())
    } else {
        (fmt(start), fmt(end))
    }
}

struct Table<'a> {
    case: &'a Case,
    tz: Tz,
    from: Option<f64>,
    to: Option<f64>,
    rows: Vec<Row>,
    /// Each action's and statement's sort time and place in the case's chronology.
    places: HashMap<EventRef, (i64, usize)>,
}

impl Table<'_> {
    fn source_titles(&self, ids: &[SourceId]) -> String {
        ids.iter()
            .map(|id| {
                self.case
                    .source(id)
                    .map_or_else(|| id.to_string(), |s| s.title.clone())
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn local(&self, w: Option<&When>) -> String {
        w.map_or_else(String::new, |w| w.display(self.tz))
    }

    /// The time a source gives and the other times other sources give.
    fn times(
        &self,
        source: Option<&SourceId>,
        alternatives: &[crate::model::AltTime],
    ) -> (String, String) {
        let cite = |id: &SourceId| phrases::source_short(self.case, id);
        let other = alternatives
            .iter()
            .map(|t| match &t.source {
                Some(id) => format!("{} ({})", t.when.display(self.tz), cite(id)),
                None => t.when.display(self.tz),
            })
            .collect::<Vec<_>>()
            .join("; ");
        (source.map_or_else(String::new, cite), other)
    }

    /// A dated row (kept when what it covers overlaps the range, as on the timeline image).
    fn dated(
        &mut self,
        when: &When,
        end: Option<&When>,
        place: Option<(i64, usize)>,
        base: Base,
        more: More,
    ) {
        let tz = self.tz;
        let (start_utc, mut end_utc) = utc(when, tz);
        let mut end_local = String::new();
        if let Some(end) = end {
            end_utc = utc(end, tz).0;
            end_local = end.display(tz);
        }
        let (t0, t1) = when.interval(tz);
        let t1 = end.map_or(t1, |e| e.interval(tz).1.max(t1));
        let (t0, t1) = (t0.timestamp() as f64, t1.timestamp() as f64);
        if self.from.is_some_and(|f| t1 < f) || self.to.is_some_and(|x| t0 > x) {
            return;
        }
        let time = [
            start_utc,
            end_utc,
            when.display(tz),
            end_local,
            // The zone start_local is in: the case's, or the one the source gave.
            when.reckoned_in(tz).name(),
            when.precision.label().to_owned(),
            if when.approximate { "yes" } else { "no" }.to_owned(),
        ];
        self.rows.push(Row {
            sort: Some(place.unwrap_or_else(|| {
                (
                    crate::model::chronology::order_key(when, tz).timestamp(),
                    usize::MAX,
                )
            })),
            cells: cells(time, base, more),
        });
    }

    /// A row without a time; only when no range is asked for.
    fn undated(&mut self, base: Base, more: More) {
        if self.from.is_some() || self.to.is_some() {
            return;
        }
        self.rows.push(Row {
            sort: None,
            cells: cells(Default::default(), base, more),
        });
    }

    fn action(&mut self, a: &Action) {
        let case = self.case;
        let lane = a
            .targets
            .iter()
            .map(|t| case.account(t).map_or_else(|| t.to_string(), |x| x.name()))
            .collect::<Vec<_>>()
            .join("; ");
        let mut what = a.summary.clone();
        if a.authorization == crate::model::Authorization::Unauthorized {
            what.push_str(" [unauthorized]");
        }
        if let Some(d) = &a.duration {
            what.push_str(&format!(" [lasted {}]", phrases::lasted(d)));
        }
        let (time_source, other_times) = self.times(a.start_source.as_ref(), &a.alternatives);
        let mut links: Vec<(&str, String)> = Vec::new();
        if let Some(r) = &a.reverses {
            links.push(("reverses", r.to_string()));
        }
        if let Some(l) = &a.amends {
            links.push((l.kind.label(), l.action.to_string()));
        }
        let more = More {
            who_role: actor_role(case, &a.performer),
            through: a
                .through
                .as_ref()
                .map_or_else(String::new, |t| phrases::through_text(case, t)),
            targets: a
                .targets
                .iter()
                .map(|t| phrases::account_ref(case, t))
                .collect::<Vec<_>>()
                .join("; "),
            time_source,
            other_times,
            duration: a.duration.map_or_else(String::new, |d| d.to_string()),
            planned_end: self.local(a.planned_end.as_ref()),
            decided: self.local(a.decided.as_ref()),
            discovered: self.local(a.discovered.as_ref()),
            disclosed: self.local(a.disclosed.as_ref()),
            authorization: a.authorization.label().to_owned(),
            assessment: a
                .assessment
                .map_or_else(String::new, |x| x.label().to_owned()),
            link: links.iter().map(|l| l.0).collect::<Vec<_>>().join("; "),
            link_id: links
                .iter()
                .map(|l| l.1.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            after: ids_of(&a.after),
            before: ids_of(&a.before),
            ..More::default()
        };
        let base = Base {
            kind: a.kind.label().to_owned(),
            lane: if lane.is_empty() {
                "other".to_owned()
            } else {
                lane
            },
            who: case.actor_name(&a.performer),
            what,
            sources: self.source_titles(&a.meta.sources),
            key: a.meta.key_event,
            id: a.id.to_string(),
        };
        let place = self.places.get(&EventRef::Action(a.id.clone())).copied();
        self.dated(&a.start, a.end.as_ref(), place, base, more);
    }

    fn statement(&mut self, s: &Statement) {
        let case = self.case;
        let mut what = s.quote.clone();
        if !s.verbatim {
            what.push_str(" [paraphrase]");
        }
        let (time_source, other_times) = self.times(s.when_source.as_ref(), &s.alternatives);
        let (link, link_id) = s.follows.as_ref().map_or_else(Default::default, |l| {
            (l.kind.label().to_owned(), l.statement.to_string())
        });
        let more = More {
            who_role: speaker_role(case, &s.speaker),
            through: s
                .through
                .as_ref()
                .map_or_else(String::new, |t| phrases::through_text(case, t)),
            time_source,
            other_times,
            link,
            link_id,
            after: ids_of(&s.after),
            before: ids_of(&s.before),
            ..More::default()
        };
        let base = Base {
            kind: format!("statement ({})", s.channel),
            lane: "statements".to_owned(),
            who: case.speaker_name(&s.speaker),
            what,
            sources: self.source_titles(&s.meta.sources),
            key: s.meta.key_event,
            id: s.id.to_string(),
        };
        let place = self.places.get(&EventRef::Statement(s.id.clone())).copied();
        self.dated(&s.when, None, place, base, more);
    }

    /// An impact figure: dated by when it was given, else without a time.
    fn figure(&mut self, n: usize, f: &Figure) {
        let case = self.case;
        let qualifier = match (f.count.limit, f.count.approximate) {
            (Some(Limit::AtLeast), false) => "at least",
            (Some(Limit::AtLeast), true) => "at least about",
            (Some(Limit::AtMost), false) => "at most",
            (Some(Limit::AtMost), true) => "at most about",
            (None, true) => "about",
            (None, false) => "",
        };
        let more = More {
            who_role: if f.source.is_some() { "source" } else { "" }.to_owned(),
            measure: f.what.clone(),
            count: f.count.value.to_string(),
            count_qualifier: qualifier.to_owned(),
            unit: f.unit.trim().to_owned(),
            ..More::default()
        };
        let base = Base {
            kind: "impact figure".to_owned(),
            lane: "impact".to_owned(),
            who: f
                .source
                .as_ref()
                .map_or_else(String::new, |id| phrases::source_short(case, id)),
            what: format!("{}: {}", f.what.trim(), phrases::figure_value(f)),
            sources: f.source.as_ref().map_or_else(String::new, |id| {
                self.source_titles(std::slice::from_ref(id))
            }),
            key: false,
            // Figures have no ids of their own: their place in the postmortem.
            id: format!("postmortem.figures[{n}]"),
        };
        match &f.as_of {
            Some(w) => self.dated(w, None, None, base, more),
            None => self.undated(base, more),
        }
    }

    /// A row per response time that can be given, without a time (`response time`): "Time to
    /// mitigate", "about 11 min", the milestones it runs between and their records.
    fn response_times(&mut self) {
        let case = self.case;
        let milestones = &case.postmortem.milestones;
        for t in response::known_response_times(case) {
            let (from, to) = t.interval.ends();
            let ids = [from, to]
                .iter()
                .filter_map(|m| milestones.get(*m).map(|r| r.id().to_owned()))
                .collect::<Vec<_>>()
                .join("; ");
            let span = t.span.unwrap_or(response::Span {
                min_secs: None,
                max_secs: None,
                approximate: false,
            });
            let more = More {
                duration: t.text(),
                measure: t.interval.label().to_lowercase(),
                // Seconds, when the length is known to one figure.
                count: if span.is_point() {
                    span.min_secs.map_or_else(String::new, |s| s.to_string())
                } else {
                    String::new()
                },
                count_qualifier: if span.is_point() && span.approximate {
                    "about".to_owned()
                } else {
                    String::new()
                },
                unit: if span.is_point() { "seconds" } else { "" }.to_owned(),
                link: format!(
                    "{} to {}",
                    from.label().to_lowercase(),
                    to.label().to_lowercase()
                ),
                link_id: ids,
                ..More::default()
            };
            let base = Base {
                kind: "response time".to_owned(),
                lane: "postmortem".to_owned(),
                who: String::new(),
                what: format!("{}: {}", t.interval.label(), t.text()),
                sources: String::new(),
                key: false,
                id: format!(
                    "postmortem.{}",
                    t.interval.label().to_lowercase().replace(' ', "_")
                ),
            };
            self.undated(base, more);
        }
    }

    /// A source: a row when it was published (`source published`); a captured file also when
    /// it was captured (`evidence captured`), or as a row without a time when that is unknown.
    fn source(&mut self, s: &Source) {
        let also_at = s
            .also_at
            .iter()
            .map(|l| {
                if l.label.trim().is_empty() {
                    l.url.clone()
                } else {
                    format!("{}: {}", l.label.trim(), l.url)
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let more = || {
            let mut more = More {
                also_at: also_at.clone(),
                ..More::default()
            };
            if let Some(e) = &s.evidence {
                more.evidence_file = e.file.clone();
                more.evidence_sha256 = e.sha256.clone();
                more.evidence_size = e.size.to_string();
                more.evidence_media_type = e.media_type.clone();
            }
            more
        };
        let base = |kind: &str, who: &str| Base {
            kind: kind.to_owned(),
            lane: "sources".to_owned(),
            who: who.to_owned(),
            what: s.title.clone(),
            sources: String::new(),
            key: s.meta.key_event,
            id: s.id.to_string(),
        };
        if let Some(w) = &s.published {
            self.dated(
                w,
                None,
                None,
                base("source published", &s.publisher),
                more(),
            );
        }
        let Some(e) = &s.evidence else { return };
        match &e.captured_at {
            Some(w) => self.dated(
                w,
                None,
                None,
                base("evidence captured", &e.captured_by),
                more(),
            ),
            None if s.published.is_none() => {
                self.undated(base("evidence", &e.captured_by), more());
            }
            None => {}
        }
    }

    fn outsider(&mut self, o: &Outsider) {
        let base = Base {
            kind: "outside person".to_owned(),
            lane: "outside people".to_owned(),
            who: o.name.clone(),
            what: phrases::outsider_text(o),
            sources: self.source_titles(&o.meta.sources),
            key: o.meta.key_event,
            id: o.id.to_string(),
        };
        let more = More {
            who_role: o.role.label().to_owned(),
            ..More::default()
        };
        self.undated(base, more);
    }
}

fn cells(time: [String; 7], base: Base, more: More) -> Vec<String> {
    let mut out: Vec<String> = time.into_iter().collect();
    out.extend([
        base.kind,
        base.lane,
        base.who,
        base.what,
        base.sources,
        if base.key { "yes" } else { "no" }.to_owned(),
        base.id,
        more.who_role,
        more.through,
        more.targets,
        more.time_source,
        more.other_times,
        more.duration,
        more.planned_end,
        more.decided,
        more.discovered,
        more.disclosed,
        more.authorization,
        more.assessment,
        more.link,
        more.link_id,
        more.measure,
        more.count,
        more.count_qualifier,
        more.unit,
        more.also_at,
        more.after,
        more.before,
        more.evidence_file,
        more.evidence_sha256,
        more.evidence_size,
        more.evidence_media_type,
    ]);
    debug_assert_eq!(out.len(), COLUMNS);
    out
}

/// Record ids, "; "-separated.
fn ids_of(links: &[EventRef]) -> String {
    links
        .iter()
        .map(EventRef::id)
        .collect::<Vec<_>>()
        .join("; ")
}

/// What kind of performer: "staff", "attacker (outside)", "automated system".
fn actor_role(case: &Case, actor: &Actor) -> String {
    match actor {
        Actor::Staff(_) => "staff".to_owned(),
        Actor::System(_) => "automated system".to_owned(),
        Actor::External(_) => "external".to_owned(),
        Actor::Outsider(id) => case.outsider(id).map_or_else(
            || "outside".to_owned(),
            |o| format!("{} (outside)", o.role.label()),
        ),
        Actor::Unknown => "unknown".to_owned(),
    }
}

/// What kind of speaker: "organisation", "staff", "account holder", "journalist (outside)".
fn speaker_role(case: &Case, speaker: &Speaker) -> String {
    match speaker {
        Speaker::Organisation(_) => "organisation".to_owned(),
        Speaker::Staff(_) => "staff".to_owned(),
        Speaker::Account(_) => "account holder".to_owned(),
        Speaker::Official(_) => "official".to_owned(),
        Speaker::Press(_) => "press".to_owned(),
        Speaker::Outsider(id) => case.outsider(id).map_or_else(
            || "outside".to_owned(),
            |o| format!("{} (outside)", o.role.label()),
        ),
        Speaker::Other(_) => "other".to_owned(),
    }
}

/// CSV text for `case` with local times in `tz`, restricted to `[from, to]` when given.
pub fn timeline_csv(case: &Case, tz: Tz, from: Option<f64>, to: Option<f64>) -> String {
    let mut t = Table {
        case,
        tz,
        from,
        to,
        rows: Vec::new(),
        places: crate::model::chronology::keyed(case, tz)
            .into_iter()
            .enumerate()
            .map(|(rank, (e, key))| (e.event(), (key.timestamp(), rank)))
            .collect(),
    };
    for a in &case.actions {
        t.action(a);
    }
    for s in &case.statements {
        t.statement(s);
    }
    for s in &case.sources {
        t.source(s);
    }
    for f in &case.postmortem.follow_ups {
        if let Some(w) = &f.due {
            let base = Base {
                kind: "follow-up due".to_owned(),
                lane: "postmortem".to_owned(),
                who: f.owner.clone(),
                what: f.description.clone(),
                sources: String::new(),
                key: f.meta.key_event,
                id: f.id.to_string(),
            };
            t.dated(w, None, None, base, More::default());
        }
    }
    for (n, f) in case.postmortem.figures.iter().enumerate() {
        t.figure(n, f);
    }
    t.response_times();
    for o in &case.outsiders {
        t.outsider(o);
    }
    let mut rows = t.rows;
    // Dated rows in the case's chronology, other dated rows merged in by time (ties by record
    // id), then the rest as the case lists them.
    rows.sort_by(|a, b| match (a.sort, b.sort) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cells[13].cmp(&b.cells[13])),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for row in &rows {
        let _ = w.write_record(row.cells.iter().map(|c| defuse(c).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1", "@SUM") gets a leading
/// apostrophe: case files hold text from the outside world, and opening an export must never
/// execute it.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}
