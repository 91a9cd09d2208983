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
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{Builder, Input, LineIndex, json_error_message, json_error_position};
use crate::model::Level;

mod map;
mod status;

use map::Mapper;

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

/// One event as `queryEvents` gives it (the fields Casebook reads).
struct EventView {
    id: i64,
    event: Map<String, Value>,
    subject: Map<String, Value>,
    created_by: String,
    created_at: String,
    creator_handle: Option<String>,
    subject_handle: Option<String>,
    /// `modTool.name`.
    mod_tool: Option<String>,
    /// Fields `modEventView` does not define.
    other: Vec<String>,
}

#[derive(Deserialize)]
struct ModTool {
    name: String,
}

/// Why an event could not be read: the value at fault (if any) and what was wrong.
type ViewError<'a> = (Option<&'a RawValue>, String);

impl EventView {
    /// Reads the fields of an event object already split into its members (each parsed once).
    fn from_members<'a>(members: &HashMap<String, &'a RawValue>) -> Result<Self, ViewError<'a>> {
        fn field<'a, T: serde::de::DeserializeOwned>(
            members: &HashMap<String, &'a RawValue>,
            name: &str,
        ) -> Result<Option<T>, ViewError<'a>> {
            match members.get(name) {
                None => Ok(None),
                Some(raw) if raw.get() == "null" => Ok(None),
                Some(raw) => serde_json::from_str(raw.get())
                    .map(Some)
                    .map_err(|e| (Some(*raw), format!("{name}: {}", json_error_message(&e)))),
            }
        }
        fn required<'a, T: serde::de::DeserializeOwned>(
            members: &HashMap<String, &'a RawValue>,
            name: &str,
        ) -> Result<T, ViewError<'a>> {
            field(members, name)?.ok_or_else(|| (None, format!("missing field `{name}`")))
        }
        Ok(Self {
            id: required(members, "id")?,
            event: required(members, "event")?,
            subject: field(members, "subject")?.unwrap_or_default(),
            created_by: field(members, "createdBy")?.unwrap_or_default(),
            created_at: required(members, "createdAt")?,
            creator_handle: field(members, "creatorHandle")?,
            subject_handle: field(members, "subjectHandle")?,
            mod_tool: field::<ModTool>(members, "modTool")?.map(|t| t.name),
            other: members
                .keys()
                .filter(|k| !VIEW_FIELDS.contains(&k.as_str()))
                .cloned()
                .collect(),
        })
    }
}

/// An event with where it was read.
struct Located {
    view: EventView,
    raw: String,
    file: String,
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
    let mut events: Vec<Located> = Vec::new();
    let mut statuses: Vec<LocatedStatus> = Vec::new();
    for input in inputs {
        let index = LineIndex::new(&input.text);
        let mut found = Found {
            events: &mut events,
            statuses: &mut statuses,
            file: &input.name,
            index: &index,
            base: &input.text,
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
    let mut unique: Vec<Located> = Vec::new();
    for e in events {
        match by_id.get(&e.view.id) {
            Some(&i) => {
                if unique[i].raw != e.raw {
                    let first = &unique[i];
                    let (file, position) = (first.file.clone(), first.position);
                    b.problem(
                        Level::Warning,
                        &e.file,
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
    let mut timed: Vec<(DateTime<Utc>, Located)> = Vec::new();
    for e in unique {
        match parse_time(&e.view.created_at) {
            Some(at) => timed.push((at, e)),
            None => b.problem(
                Level::Error,
                &e.file,
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
    events: &'a mut Vec<Located>,
    statuses: &'a mut Vec<LocatedStatus>,
    file: &'b str,
    index: &'b LineIndex<'b>,
    base: &'b str,
}

impl Found<'_, '_> {
    fn position(&self, raw: &RawValue) -> (usize, usize) {
        let offset = self.index.offset_of(raw.get()).unwrap_or(0);
        self.index.position(offset)
    }
}

/// Finds events and statuses in a JSON value: pages, arrays, single events, wrappers.
fn collect(b: &mut Builder<'_>, found: &mut Found<'_, '_>, raw: &RawValue, depth: usize) {
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
    let Ok(members) = serde_json::from_str::<HashMap<String, &RawValue>>(text) else {
        return;
    };
    let position = found.position(raw);
    if members.contains_key("event") && members.contains_key("createdAt") {
        match EventView::from_members(&members) {
            Ok(view) => found.events.push(Located {
                view,
                raw: text.to_owned(),
                file: found.file.to_owned(),
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
    if members.contains_key("reviewState") && members.contains_key("subject") {
        match serde_json::from_str::<Map<String, Value>>(text) {
            Ok(status) => found.statuses.push(LocatedStatus {
                status,
                file: found.file.to_owned(),
                position,
            }),
            Err(e) => {
                let at = json_error_position(found.index, position_offset(found, text), &e);
                b.problem(Level::Error, found.file, Some(at), json_error_message(&e));
            }
        }
        return;
    }
    // A page ({"cursor", "events"}), a wrapper of pages, or anything holding them.
    let mut keys: Vec<&String> = members.keys().collect();
    keys.sort();
    for key in keys {
        if let Some(value) = members.get(key) {
            collect(b, found, value, depth + 1);
        }
    }
    let _ = found.base;
}

fn position_offset(found: &Found<'_, '_>, text: &str) -> usize {
    found.index.offset_of(text).unwrap_or(0)
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| crate::model::YEARS.contains(&chrono::Datelike::year(t)))
}
