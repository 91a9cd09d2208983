//! Bluesky Ozone: pages of `tools.ozone.moderation.queryEvents` output (in any order, each
//! newest first as Ozone returns them), single events (`getEvent`), and
//! `tools.ozone.moderation.queryStatuses` pages for the subjects' review state.
//!
//! A file may hold one page, an array of pages or events, or an object whose members are any of
//! these (test fixtures keyed by name). Events are de-duplicated by their Ozone id, put in time
//! order, and mapped:
//!
//! | Ozone event | Casebook action |
//! |---|---|
//! | `modEventReport` | report received (performer: the reporter, an outside person); with an appeal reason: appeal |
//! | `modEventTakedown` of an account | suspension (with `durationInHours`: for that long) |
//! | `modEventTakedown` of a record | content removal (the post's URI in a note) |
//! | `modEventReverseTakedown` | reinstatement that *reverses* the takedown it undoes |
//! | `modEventLabel` | label; one that only negates labels: reinstatement reversing that label |
//! | `modEventAcknowledge`, `modEventTag`, `modEventMute`, `modEventUnmute`, `modEventPriorityScore` | triage / review |
//! | `modEventEscalate` | escalation |
//! | `modEventComment` | comment |
//! | `modEventResolveAppeal` | appeal decision |
//! | `revokeAccountCredentialsEvent` | credential reset |
//! | anything else | other, with the raw event in an internal note |
//!
//! `createdBy`/`creatorHandle` is a staff member, the reporter, or — when `modTool.name` names
//! an automated tool, or for tag events, which Ozone's service account emits — an automated
//! system. `createdAt` is a time to the second in UTC; the comment is the summary's text and
//! the report reason or the takedown's policies the policy. Fields the lexicon does not define
//! are reported as skipped and kept in the raw event note.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{Builder, Input, LineIndex, json_error_message, json_error_position};
use crate::model::Level;

mod map;
mod members;
mod status;

use map::Mapper;
use members::{Member, Members};

/// The platform Ozone's accounts are on.
pub const PLATFORM: &str = "Bluesky";

const PREFIX: &str = "tools.ozone.moderation.defs#";

/// Fields of `modEventView` / `modEventViewDetail`.
const VIEW_FIELDS: &[&str] = &[
    "id",
    "event",
    "subject",
    "subjectBlobCids",
    "subjectBlobs",
    "createdBy",
    "createdAt",
    "creatorHandle",
    "subjectHandle",
    "modTool",
];

/// Fields of `subjectStatusView`.
const STATUS_FIELDS: &[&str] = &[
    "id",
    "subject",
    "hosting",
    "subjectBlobCids",
    "subjectRepoHandle",
    "updatedAt",
    "createdAt",
    "reviewState",
    "comment",
    "priorityScore",
    "muteUntil",
    "muteReportingUntil",
    "lastReviewedBy",
    "lastReviewedAt",
    "lastReportedAt",
    "lastAppealedAt",
    "takendown",
    "appealed",
    "suspendUntil",
    "tags",
    "accountStats",
    "recordsStats",
    "accountStrike",
    "ageAssuranceState",
    "ageAssuranceUpdatedBy",
];

/// The fields each event type defines (lexicon `tools.ozone.moderation.defs`), `$type` aside.
fn event_fields(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "modEventTakedown" => &[
            "comment",
            "durationInHours",
            "acknowledgeAccountSubjects",
            "policies",
            "severityLevel",
            "targetServices",
            "strikeCount",
            "strikeExpiresAt",
        ],
        "modEventReverseTakedown" => &["comment", "policies", "severityLevel", "strikeCount"],
        "modEventResolveAppeal"
        | "modEventEscalate"
        | "modEventUnmute"
        | "modEventDivert"
        | "modEventUnmuteReporter" => &["comment"],
        "modEventComment" => &["comment", "sticky"],
        "modEventReport" => &["comment", "isReporterMuted", "reportType"],
        "modEventLabel" => &[
            "comment",
            "createLabelVals",
            "negateLabelVals",
            "durationInHours",
        ],
        "modEventPriorityScore" => &["comment", "score"],
        "modEventAcknowledge" => &["comment", "acknowledgeAccountSubjects"],
        "modEventMute" | "modEventMuteReporter" => &["comment", "durationInHours"],
        "modEventEmail" => &[
            "subjectLine",
            "content",
            "comment",
            "policies",
            "severityLevel",
            "strikeCount",
            "strikeExpiresAt",
            "isDelivered",
        ],
        "modEventTag" => &["add", "remove", "comment", "durationInHours"],
        _ => return None,
    })
}

/// One event as `queryEvents` gives it (the fields Casebook reads), borrowed from the file.
struct EventView<'a> {
    id: i64,
    event: Members<'a>,
    subject: Members<'a>,
    created_by: String,
    created_at: String,
    creator_handle: Option<String>,
    subject_handle: Option<String>,
    /// `modTool.name`.
    mod_tool: Option<String>,
    /// Fields `modEventView` does not define.
    other: Vec<String>,
}

/// Why an event could not be read: the value at fault (if any) and what was wrong.
type ViewError<'a> = (Option<&'a RawValue>, String);

impl<'a> EventView<'a> {
    /// Reads the fields of an event object already split into its members.
    fn from_members(members: &Members<'a>) -> Result<Self, ViewError<'a>> {
        let missing = |name: &str| (None, format!("missing field `{name}`"));
        let wrong = |name: &str, what: &str| {
            (
                members.raw(name),
                format!("{name}: invalid type, expected {what}"),
            )
        };
        let id = match members.raw("id") {
            Some(raw) => serde_json::from_str::<i64>(raw.get())
                .map_err(|e| (Some(raw), format!("id: {}", json_error_message(&e))))?,
            None if members.has("id") => return Err(wrong("id", "an integer")),
            None => return Err(missing("id")),
        };
        let object = |name: &str| -> Result<Option<Members<'a>>, ViewError<'a>> {
            match members.raw(name) {
                Some(raw) => Members::parse(raw)
                    .map(Some)
                    .map_err(|e| (Some(raw), format!("{name}: {}", json_error_message(&e)))),
                None if members.has(name) && !matches!(members.get(name), Some(Member::Raw(_))) => {
                    Err(wrong(name, "an object"))
                }
                None => Ok(None),
            }
        };
        let event = object("event")?.ok_or_else(|| missing("event"))?;
        let subject = object("subject")?.unwrap_or_default();
        let text = |name: &str| members.text(name).map(str::to_owned);
        let created_at = match text("createdAt") {
            Some(t) => t,
            None if members.has("createdAt") => return Err(wrong("createdAt", "a string")),
            None => return Err(missing("createdAt")),
        };
        Ok(Self {
            id,
            event,
            subject,
            created_by: text("createdBy").unwrap_or_default(),
            created_at,
            creator_handle: text("creatorHandle"),
            subject_handle: text("subjectHandle"),
            mod_tool: object("modTool")?.and_then(|t| t.text("name").map(str::to_owned)),
            other: members
                .keys()
                .filter(|k| !VIEW_FIELDS.contains(k))
                .map(str::to_owned)
                .collect(),
        })
    }
}

/// An event with where it was read.
struct Located<'a> {
    view: EventView<'a>,
    raw: &'a str,
    file: &'a str,
    position: (usize, usize),
}

/// A status with where it was read.
struct LocatedStatus {
    status: Map<String, Value>,
    file: String,
    position: (usize, usize),
}

/// Reads every input; adds its events and statuses to the plan.
pub(super) fn read(b: &mut Builder<'_>, inputs: &[Input]) {
    let mut events: Vec<Located<'_>> = Vec::new();
    let mut statuses: Vec<LocatedStatus> = Vec::new();
    for input in inputs {
        let index = LineIndex::new(&input.text);
        let mut found = Found {
            events: &mut events,
            statuses: &mut statuses,
            file: &input.name,
            index: &index,
        };
        match serde_json::from_str::<&RawValue>(&input.text) {
            Ok(raw) => {
                let before = (found.events.len(), found.statuses.len());
                collect(b, &mut found, raw, 0);
                if (found.events.len(), found.statuses.len()) == before {
                    b.problem(
                        Level::Warning,
                        &input.name,
                        None,
                        "no Ozone events or subject statuses found (expected queryEvents output: {\"events\": […]}, or queryStatuses output: {\"subjectStatuses\": […]})",
                    );
                }
            }
            Err(e) => {
                let at = json_error_position(&index, 0, &e);
                b.problem(
                    Level::Error,
                    &input.name,
                    Some(at),
                    format!("not valid JSON: {}", json_error_message(&e)),
                );
            }
        }
    }
    // The same event on two pages is one event.
    let mut by_id: HashMap<i64, usize> = HashMap::new();
    let mut unique: Vec<Located<'_>> = Vec::new();
    for e in events {
        match by_id.get(&e.view.id) {
            Some(&i) => {
                if unique[i].raw != e.raw {
                    let first = &unique[i];
                    let (file, position) = (first.file, first.position);
                    b.problem(
                        Level::Warning,
                        e.file,
                        Some(e.position),
                        format!(
                            "event {} differs from the event with the same id at {file}:{}:{}; the first was kept",
                            e.view.id, position.0, position.1
                        ),
                    );
                }
            }
            None => {
                by_id.insert(e.view.id, unique.len());
                unique.push(e);
            }
        }
    }
    let mut timed: Vec<(DateTime<Utc>, Located<'_>)> = Vec::new();
    for e in unique {
        match parse_time(&e.view.created_at) {
            Some(at) => timed.push((at, e)),
            None => b.problem(
                Level::Error,
                e.file,
                Some(e.position),
                format!(
                    "event {}: createdAt {:?} is not a time (expected RFC 3339, e.g. 2024-05-13T14:35:22.255Z); not imported",
                    e.view.id, e.view.created_at
                ),
            ),
        }
    }
    // Oldest first, so a reversal finds the takedown before it.
    timed.sort_by_key(|(at, e)| (*at, e.view.id));
    let mut mapper = Mapper::default();
    for (at, e) in timed {
        mapper.event(b, at, e);
    }
    mapper.finish(b);
    for s in statuses {
        status::status(b, s);
    }
}

struct Found<'a, 'b> {
    events: &'b mut Vec<Located<'a>>,
    statuses: &'b mut Vec<LocatedStatus>,
    file: &'a str,
    index: &'b LineIndex<'a>,
}

impl Found<'_, '_> {
    fn position(&self, raw: &RawValue) -> (usize, usize) {
        let offset = self.index.offset_of(raw.get()).unwrap_or(0);
        self.index.position(offset)
    }
}

/// Finds events and statuses in a JSON value: pages, arrays, single events, wrappers.
fn collect<'a>(b: &mut Builder<'_>, found: &mut Found<'a, '_>, raw: &'a RawValue, depth: usize) {
    let text = raw.get();
    if depth > 8 {
        return;
    }
    if text.starts_with('[') {
        if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(text) {
            for item in items {
                collect(b, found, item, depth + 1);
            }
        }
        return;
    }
    if !text.starts_with('{') {
        return;
    }
    let Ok(members) = Members::parse(raw) else {
        return;
    };
    let position = found.position(raw);
    if members.has("event") && members.has("createdAt") {
        match EventView::from_members(&members) {
            Ok(view) => found.events.push(Located {
                view,
                raw: text,
                file: found.file,
                position,
            }),
            Err((at_fault, message)) => {
                let at = at_fault
                    .and_then(|r| found.index.offset_of(r.get()))
                    .map_or(position, |o| found.index.position(o));
                b.problem(
                    Level::Error,
                    found.file,
                    Some(at),
                    format!(
                        "not an Ozone event (tools.ozone.moderation.defs#modEventView): {message}; not imported"
                    ),
                );
            }
        }
        return;
    }
    if members.has("reviewState") && members.has("subject") {
        match serde_json::from_str::<Map<String, Value>>(text) {
            Ok(status) => found.statuses.push(LocatedStatus {
                status,
                file: found.file.to_owned(),
                position,
            }),
            Err(e) => {
                let base = found.index.offset_of(text).unwrap_or(0);
                let at = json_error_position(found.index, base, &e);
                b.problem(Level::Error, found.file, Some(at), json_error_message(&e));
            }
        }
        return;
    }
    // A page ({"cursor", "events"}), a wrapper of pages, or anything holding them; members in
    // name order, so the order of problems does not depend on the file's.
    let mut values: Vec<(&str, &'a RawValue)> = members
        .raw_values()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
    values.sort_by_key(|(k, _)| *k);
    for (_, value) in values {
        collect(b, found, value, depth + 1);
    }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| crate::model::YEARS.contains(&chrono::Datelike::year(t)))
}
