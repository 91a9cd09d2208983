//! Validation: every problem in a case, with where it is. Separate from parsing: a case that
//! parses can still be wrong (a dangling reference, an end before its start).
//!
//! Errors mean the case is wrong; warnings mean it is probably incomplete. Neither blocks saving.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono_tz::Tz;

use super::ids::{StaffId, is_valid_id};
use super::kinds::RecordRef;
use super::records::{
    Account, Action, Actor, AltTime, Count, EventRef, Meta, Outsider, Speaker, Staff, Statement,
    Through,
};
use super::time::{Limit, Precision, When, parse_zone};
use super::{ActionId, Case, SourceId};

mod events;
mod postmortem;
use events::{check_action, check_actions, check_statement, check_statements};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Warning,
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// One thing wrong with a case, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub level: Level,
    /// The record the problem is in.
    pub record: RecordRef,
    /// The field it concerns (as named in the file), e.g. "end".
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}.{}: {}",
            self.level,
            self.record.path(),
            self.field,
            self.message
        )
    }
}

struct Checker<'a> {
    tz: Tz,
    problems: Vec<Problem>,
    /// Lookup tables so a 100,000-record case validates in linear time.
    accounts: HashSet<&'a str>,
    staff: HashMap<&'a str, &'a Staff>,
    actions: HashMap<&'a str, &'a Action>,
    statements: HashMap<&'a str, &'a Statement>,
    sources: HashSet<&'a str>,
    outsiders: HashSet<&'a str>,
}

impl Checker<'_> {
    fn push(
        &mut self,
        level: Level,
        record: &RecordRef,
        field: &'static str,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            level,
            record: record.clone(),
            field,
            message: message.into(),
        });
    }

    fn required(&mut self, record: &RecordRef, field: &'static str, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.push(Level::Error, record, field, format!("{what} is required"));
        }
    }

    fn meta(&mut self, record: &RecordRef, meta: &Meta) {
        for source in &meta.sources {
            if !self.sources.contains(source.as_str()) {
                self.push(
                    Level::Error,
                    record,
                    "sources",
                    format!("refers to source {source}, which does not exist"),
                );
            }
        }
        if meta.updated < meta.created {
            self.push(
                Level::Warning,
                record,
                "updated",
                "last change is before the record was created",
            );
        }
    }

    fn source_exists(&mut self, record: &RecordRef, field: &'static str, id: Option<&SourceId>) {
        if let Some(id) = id
            && !self.sources.contains(id.as_str())
        {
            self.push(
                Level::Error,
                record,
                field,
                format!("refers to source {id}, which does not exist"),
            );
        }
    }

    fn account_exists(&mut self, record: &RecordRef, field: &'static str, id: &str) {
        if !self.accounts.contains(id) {
            self.push(
                Level::Error,
                record,
                field,
                format!("refers to account {id}, which does not exist"),
            );
        }
    }

    fn outsider_exists(&mut self, record: &RecordRef, field: &'static str, id: &str) {
        if !self.outsiders.contains(id) {
            self.push(
                Level::Error,
                record,
                field,
                format!("refers to outside person {id}, who does not exist"),
            );
        }
    }

    fn through(&mut self, record: &RecordRef, through: Option<&Through>) {
        match through {
            Some(Through::Staff(id)) => self.staff_exists(record, "through", id),
            Some(Through::Account(id)) => self.account_exists(record, "through", id.as_str()),
            None => {}
        }
    }

    /// The source of the main time, and each alternative time and its source.
    fn alternatives(
        &mut self,
        record: &RecordRef,
        main_field: &'static str,
        main: Option<&SourceId>,
        alternatives: &[AltTime],
    ) {
        self.source_exists(record, main_field, main);
        for alt in alternatives {
            self.zone_used(record, "alternatives", Some(&alt.when));
            self.source_exists(record, "alternatives", alt.source.as_ref());
        }
    }

    /// A group's size only makes sense on a group.
    fn size(&mut self, record: &RecordRef, group: bool, size: Option<&Count>) {
        if let Some(size) = size
            && !group
        {
            self.push(
                Level::Warning,
                record,
                "size",
                format!("a size ({size}) is given, but the record is not marked as a group"),
            );
        }
    }

    fn staff_exists(&mut self, record: &RecordRef, field: &'static str, id: &StaffId) {
        if !self.staff.contains_key(id.as_str()) {
            self.push(
                Level::Error,
                record,
                field,
                format!("refers to staff member {id}, who does not exist"),
            );
        }
    }

    /// A zone on a time known to the minute or second does nothing: such a time is an instant,
    /// shown in whatever zone the reader picks. Only a hand-edited file can hold one. And a time
    /// known to the hour or coarser must start its period in its zone: a hand-written day at
    /// midnight UTC in a New York case would otherwise show, silently, as the day before.
    fn zone_used(&mut self, record: &RecordRef, field: &'static str, when: Option<&When>) {
        if let Some(w) = when
            && w.precision > Precision::Minute
        {
            let start = w.truncated(self.tz);
            if start.at != w.at {
                let zone = w.reckoned_in(self.tz);
                self.push(
                    Level::Warning,
                    record,
                    field,
                    format!(
                        "{} is not the start of a {} in {zone}: it shows as {} (write the start of the period, e.g. {})",
                        w.at.format("%Y-%m-%dT%H:%M:%SZ"),
                        w.precision.label(),
                        w.display(self.tz),
                        start.at.format("%Y-%m-%dT%H:%M:%SZ"),
                    ),
                );
            }
        }
        if let Some(w) = when
            && let Some(zone) = &w.zone
            && w.precision <= Precision::Minute
        {
            self.push(
                Level::Warning,
                record,
                field,
                format!(
                    "zone {zone} is ignored: a time to the {} is an instant, shown in the case's zone (a zone is kept only for an hour or coarser)",
                    w.precision.label()
                ),
            );
        }
    }

    /// A dated record's "after" and "before" links: to records that exist, not to itself, not
    /// both ways, and not against what the times say for certain.
    fn order_links(
        &mut self,
        record: &RecordRef,
        own: &str,
        when: &When,
        after: &[EventRef],
        before: &[EventRef],
    ) {
        for (field, links, is_after) in [("after", after, true), ("before", before, false)] {
            for link in links {
                let (what, other) = match link {
                    EventRef::Action(id) => {
                        ("action", self.actions.get(id.as_str()).map(|a| &a.start))
                    }
                    EventRef::Statement(id) => (
                        "statement",
                        self.statements.get(id.as_str()).map(|s| &s.when),
                    ),
                };
                let id = link.id();
                if id == own {
                    self.push(
                        Level::Error,
                        record,
                        field,
                        format!("a record cannot happen {field} itself"),
                    );
                    continue;
                }
                let Some(other) = other else {
                    self.push(
                        Level::Error,
                        record,
                        field,
                        format!("refers to {what} {id}, which does not exist"),
                    );
                    continue;
                };
                if is_after && before.contains(link) {
                    self.push(
                        Level::Error,
                        record,
                        field,
                        format!("is linked both after and before {what} {id}"),
                    );
                    continue;
                }
                let contradicts = if is_after {
                    self.certainly_before(when, other)
                } else {
                    self.certainly_before(other, when)
                };
                if contradicts {
                    self.push(
                        Level::Warning,
                        record,
                        field,
                        format!(
                            "linked as happening {field} {what} {id} ({}), but its own time ({}) says otherwise; lists follow the link",
                            other.display(self.tz),
                            when.display(self.tz)
                        ),
                    );
                }
            }
        }
    }

    /// True when `a` certainly happened before `b` (even allowing for their imprecision).
    fn certainly_before(&self, a: &When, b: &When) -> bool {
        a.latest(self.tz) <= b.at && a.at < b.at
    }
}

/// The problems of one record as it would be in `case` (a record being typed, not yet part of
/// the case): its own checks and its references, without the case-wide ones (duplicate ids,
/// links in a circle). What the editor shows while typing.
pub fn validate_record(case: &Case, record: &super::Record) -> Vec<Problem> {
    use super::Record;
    let mut c = checker(case);
    match record {
        Record::Account(a) => check_account(&mut c, a),
        Record::Staff(s) => check_staff_member(&mut c, s),
        Record::Outsider(o) => check_outsider(&mut c, o),
        Record::Action(a) => check_action(&mut c, a),
        Record::Statement(s) => check_statement(&mut c, s),
        Record::Source(s) => check_source(&mut c, s),
        Record::FollowUp(f) => check_follow_up(&mut c, f),
    }
    c.problems
}

fn checker(case: &Case) -> Checker<'_> {
    Checker {
        tz: case.tz(),
        problems: Vec::new(),
        accounts: case.accounts.iter().map(|a| a.id.as_str()).collect(),
        staff: case.staff.iter().map(|s| (s.id.as_str(), s)).collect(),
        actions: case.actions.iter().map(|a| (a.id.as_str(), a)).collect(),
        statements: case.statements.iter().map(|s| (s.id.as_str(), s)).collect(),
        sources: case.sources.iter().map(|s| s.id.as_str()).collect(),
        outsiders: case.outsiders.iter().map(|s| s.id.as_str()).collect(),
    }
}

/// Every problem in `case`, in file order.
pub fn validate(case: &Case) -> Vec<Problem> {
    let mut c = checker(case);
    check_info(&mut c, case);
    check_ids(&mut c, case);
    check_accounts(&mut c, case);
    check_staff(&mut c, case);
    check_outsiders(&mut c, case);
    check_actions(&mut c, case);
    check_statements(&mut c, case);
    check_sources_and_follow_ups(&mut c, case);
    postmortem::check_postmortem_review(&mut c, case);
    for cycle in super::chronology::link_cycles(case) {
        let Some(first) = cycle.first() else { continue };
        let path: Vec<&str> = cycle.iter().chain([first]).map(EventRef::id).collect();
        c.push(
            Level::Error,
            &RecordRef::from(first.clone()),
            "after",
            format!(
                "the order links go round in a circle ({}); lists cannot honour them all",
                path.join(" → ")
            ),
        );
    }
    c.problems
}

/// The case's own fields: title, zone, id, also-redact terms.
fn check_info<'a>(c: &mut Checker<'a>, case: &'a Case) {
    let info = RecordRef::Case;
    c.required(&info, "title", &case.info.title, "a title");
    if parse_zone(&case.info.zone).is_err() {
        c.push(
            Level::Error,
            &info,
            "zone",
            format!(
                "unknown time zone {:?}; use an IANA name such as America/New_York",
                case.info.zone
            ),
        );
    }
    if !is_valid_id(case.info.id.as_str()) {
        c.push(
            Level::Error,
            &info,
            "id",
            format!(
                "{:?} is not a valid id (1–64 letters, digits, - _ .)",
                case.info.id.as_str()
            ),
        );
    }
    for (i, term) in case.info.also_redact.iter().enumerate() {
        // (An empty row is one just added and not typed yet: nothing to say.)
        if !term.text.trim().is_empty() && !term.text.chars().any(char::is_alphanumeric) {
            c.push(
                Level::Warning,
                &info,
                "also_redact",
                format!(
                    "also-redact term {} has no letters or digits: it hides nothing",
                    i + 1
                ),
            );
        }
    }
}

/// Ids: valid and unique across the whole case.
fn check_ids<'a>(c: &mut Checker<'a>, case: &'a Case) {
    // Ids: valid and unique across the whole case.
    let mut seen: HashMap<&str, RecordRef> = HashMap::new();
    let all_refs: Vec<RecordRef> = case
        .accounts
        .iter()
        .map(|r| RecordRef::Account(r.id.clone()))
        .chain(case.staff.iter().map(|r| RecordRef::Staff(r.id.clone())))
        .chain(
            case.outsiders
                .iter()
                .map(|r| RecordRef::Outsider(r.id.clone())),
        )
        .chain(case.actions.iter().map(|r| RecordRef::Action(r.id.clone())))
        .chain(
            case.statements
                .iter()
                .map(|r| RecordRef::Statement(r.id.clone())),
        )
        .chain(case.sources.iter().map(|r| RecordRef::Source(r.id.clone())))
        .chain(
            case.postmortem
                .follow_ups
                .iter()
                .map(|r| RecordRef::FollowUp(r.id.clone())),
        )
        .collect();
    for r in &all_refs {
        let id = r.id_str();
        if !is_valid_id(id) {
            c.push(
                Level::Error,
                r,
                "id",
                format!("{id:?} is not a valid id (1–64 letters, digits, - _ .)"),
            );
        }
        if let Some(first) = seen.get(id) {
            let msg = format!("duplicate id {id:?} (also used by {})", first.path());
            c.push(Level::Error, r, "id", msg);
        } else {
            seen.insert(id, r.clone());
        }
    }
}

/// Accounts: handle, audience date, zones.
fn check_accounts<'a>(c: &mut Checker<'a>, case: &'a Case) {
    for a in &case.accounts {
        check_account(c, a);
    }
}

fn check_account(c: &mut Checker<'_>, a: &Account) {
    let r = RecordRef::Account(a.id.clone());
    match &a.class {
        Some(class) => {
            c.required(
                &r,
                "class",
                &class.description,
                "a description of the class of accounts",
            );
            if !a.handle.trim().is_empty() {
                c.push(
                    Level::Warning,
                    &r,
                    "handle",
                    format!(
                        "a class of accounts has no handle of its own; {:?} is ignored",
                        a.handle
                    ),
                );
            }
        }
        None if a.handle.trim().is_empty() && a.display_name.trim().is_empty() => {
            c.push(
                Level::Warning,
                &r,
                "handle",
                "no handle or display name: the account shows as \"account with no known handle\"",
            );
        }
        None => {}
    }
    c.zone_used(
        &r,
        "audience",
        a.audience.as_ref().and_then(|x| x.as_of.as_ref()),
    );
    if a.platform.trim().is_empty() {
        c.push(Level::Warning, &r, "platform", "no platform given");
    }
    // (Only once there is a figure: ticking "Audience figure known" is not yet a figure.)
    if let Some(aud) = &a.audience
        && aud.as_of.is_none()
        && aud.count > 0
    {
        c.push(
            Level::Warning,
            &r,
            "audience",
            format!("audience figure {} has no date (as_of)", aud.count),
        );
    }
    c.meta(&r, &a.meta);
}

/// Staff: name, pseudonym of the protected, tenure.
fn check_staff<'a>(c: &mut Checker<'a>, case: &'a Case) {
    for s in &case.staff {
        check_staff_member(c, s);
    }
}

fn check_staff_member(c: &mut Checker<'_>, s: &Staff) {
    let r = RecordRef::Staff(s.id.clone());
    c.required(&r, "name", &s.name, "a name");
    c.size(&r, s.group, s.size.as_ref());
    c.zone_used(&r, "tenure_start", s.tenure_start.as_ref());
    c.zone_used(&r, "tenure_end", s.tenure_end.as_ref());
    if s.is_protected() && s.pseudonym.trim().is_empty() {
        c.push(
            Level::Warning,
            &r,
            "pseudonym",
            "no pseudonym: redacted exports will use a generic one (\"Staff A\")",
        );
    }
    if let (Some(start), Some(end)) = (&s.tenure_start, &s.tenure_end)
        && c.certainly_before(end, start)
    {
        c.push(
            Level::Error,
            &r,
            "tenure_end",
            "tenure ends before it starts",
        );
    }
    c.meta(&r, &s.meta);
}

/// Outside people: name, pseudonym of the protected, group size.
fn check_outsiders<'a>(c: &mut Checker<'a>, case: &'a Case) {
    for o in &case.outsiders {
        check_outsider(c, o);
    }
}

fn check_outsider(c: &mut Checker<'_>, o: &Outsider) {
    let r = RecordRef::Outsider(o.id.clone());
    c.required(&r, "name", &o.name, "a name or description");
    c.size(&r, o.group, o.size.as_ref());
    if o.is_protected() && o.pseudonym.trim().is_empty() {
        c.push(
            Level::Warning,
            &r,
            "pseudonym",
            "no pseudonym: redacted exports will use a generic one (\"Outsider A\")",
        );
    }
    c.meta(&r, &o.meta);
}

/// Sources and follow-ups.
fn check_sources_and_follow_ups<'a>(c: &mut Checker<'a>, case: &'a Case) {
    for s in &case.sources {
        check_source(c, s);
    }

    for (i, f) in case.postmortem.figures.iter().enumerate() {
        let r = RecordRef::Postmortem;
        if f.what.trim().is_empty() {
            c.push(
                Level::Error,
                &r,
                "figures",
                format!(
                    "figure {} ({}) does not say what was counted",
                    i + 1,
                    f.value_text()
                ),
            );
        }
        c.zone_used(&r, "figures", f.as_of.as_ref());
        c.source_exists(&r, "figures", f.source.as_ref());
    }

    for f in &case.postmortem.follow_ups {
        check_follow_up(c, f);
    }
}

fn check_source(c: &mut Checker<'_>, s: &super::Source) {
    let r = RecordRef::Source(s.id.clone());
    c.required(&r, "title", &s.title, "a title");
    c.zone_used(&r, "published", s.published.as_ref());
    c.zone_used(&r, "accessed", s.accessed.as_ref());
    if let (Some(p), Some(a)) = (&s.published, &s.accessed)
        && c.certainly_before(a, p)
    {
        c.push(
            Level::Warning,
            &r,
            "accessed",
            "accessed before it was published",
        );
    }
    for (i, link) in s.also_at.iter().enumerate() {
        if link.url.trim().is_empty() {
            c.push(
                Level::Warning,
                &r,
                "also_at",
                format!("address {} is empty", i + 2),
            );
        }
    }
    if let Some(e) = &s.evidence {
        check_evidence(c, &r, e);
    }
    c.meta(&r, &s.meta);
}

/// What can be told of a captured file without reading it: a hash that is a hash, a path that
/// stays in an evidence folder. (Whether the file is still what was captured is for
/// `casebook verify` and the app, which read it.)
fn check_evidence(c: &mut Checker<'_>, r: &RecordRef, e: &super::Evidence) {
    let hex = e.sha256.len() == 64
        && e.sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !hex {
        c.push(
            Level::Error,
            r,
            "evidence",
            format!(
                "the evidence file's SHA-256 \"{}\" is not 64 lowercase hex digits",
                super::excerpt(&e.sha256, 70)
            ),
        );
    }
    let mut parts = e.file.split('/');
    let folder_ok = parts.next().is_some_and(|f| f.ends_with(".evidence"));
    let rest: Vec<&str> = parts.collect();
    let inside = folder_ok
        && !rest.is_empty()
        && !e.file.contains('\\')
        && rest
            .iter()
            .all(|p| !p.is_empty() && *p != "." && *p != "..");
    if !inside {
        c.push(
            Level::Error,
            r,
            "evidence",
            format!(
                "the evidence file \"{}\" is not inside the case's evidence folder (NAME.evidence/…)",
                super::excerpt(&e.file, 120)
            ),
        );
    }
}

fn check_follow_up(c: &mut Checker<'_>, f: &super::FollowUp) {
    let r = RecordRef::FollowUp(f.id.clone());
    c.required(&r, "description", &f.description, "a description");
    c.zone_used(&r, "due", f.due.as_ref());
    c.meta(&r, &f.meta);
}
