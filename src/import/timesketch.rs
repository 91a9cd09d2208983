//! Timesketch timelines, both ways: read CSV or JSONL with `message`, `datetime` and
//! `timestamp_desc` (the columns Timesketch requires), and write a case's actions and
//! statements in that form (`casebook export --format timesketch`).
//!
//! Timesketch knows instants only; Casebook's own columns carry what it would lose, so a round
//! trip keeps every item's time (precision, "approximately", bound, zone), text and kind:
//! `casebook_when` (the time as typed, with its zone), `casebook_kind`, `casebook_who`,
//! `casebook_targets`, `casebook_end`, `casebook_duration`, `casebook_record_id`. A timeline
//! from elsewhere has none of them: its `datetime` is read to the second, and its
//! `timestamp_desc` is the kind when it names one ("suspension", "report"), else the kind is
//! "other" and the description is kept in a note.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use super::csv::{Field, SheetRow, plan_rows};
use super::{Builder, Format, Input, Options, digest, import_key, json_error_message};
use crate::model::entry::kind_from_text;
use crate::model::{Action, Case, Channel, Level, Statement, When};

/// The columns written, in order.
pub const HEADER: [&str; 11] = [
    "message",
    "datetime",
    "timestamp_desc",
    "timestamp",
    "casebook_when",
    "casebook_kind",
    "casebook_who",
    "casebook_targets",
    "casebook_end",
    "casebook_duration",
    "casebook_record_id",
];

/// Reads Timesketch CSV or JSONL files (told apart by their first character).
pub(super) fn read(b: &mut Builder<'_>, inputs: &[Input], options: &Options) {
    let mut rows = Vec::new();
    for input in inputs {
        let jsonl = input.text.trim_start().starts_with('{');
        let records = if jsonl {
            jsonl_records(b, input)
        } else {
            csv_records(b, input)
        };
        let Some(records) = records else { continue };
        let mut ignored: Vec<String> = Vec::new();
        let mut occurrences: HashMap<String, usize> = HashMap::new();
        for (line, record) in records {
            let get = |k: &str| record.get(k).map_or("", |v| v.trim());
            let mut datetime = get("datetime").to_owned();
            if datetime.is_empty()
                && let Some(t) = get("timestamp")
                    .parse::<i64>()
                    .ok()
                    .and_then(DateTime::from_timestamp_micros)
            {
                datetime = t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
            }
            let when = match get("casebook_when") {
                "" => datetime.clone(),
                w => w.to_owned(),
            };
            if when.is_empty() || get("message").is_empty() {
                b.problem(
                    Level::Error,
                    &input.name,
                    Some((line, 1)),
                    "expected message and datetime (or timestamp); row not imported",
                );
                continue;
            }
            let desc = get("timestamp_desc");
            let mut notes = Vec::new();
            let kind = match get("casebook_kind") {
                "" if kind_from_text(desc).is_some() => desc.to_owned(),
                "" => {
                    if !desc.is_empty() {
                        notes.push(format!("Timesketch timestamp_desc: {desc}"));
                    }
                    "other".to_owned()
                }
                k => k.to_owned(),
            };
            for key in record.keys() {
                if !HEADER.contains(&key.as_str())
                    && !matches!(key.as_str(), "tag" | "tags" | "comment" | "__ts_emojis")
                    && !ignored.contains(key)
                {
                    ignored.push(key.clone());
                }
            }
            for k in ["comment"] {
                if !get(k).is_empty() {
                    notes.push(get(k).to_owned());
                }
            }
            let tags = match record.get("tag").or_else(|| record.get("tags")) {
                Some(t) => t
                    .trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(|t| t.trim().trim_matches('"').to_owned())
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
                None => String::new(),
            };
            let mut cells = HashMap::new();
            for (field, value) in [
                (Field::When, when),
                (Field::What, get("message").to_owned()),
                (Field::Kind, kind),
                (Field::Who, get("casebook_who").to_owned()),
                (Field::Target, get("casebook_targets").to_owned()),
                (Field::End, get("casebook_end").to_owned()),
                (Field::Duration, get("casebook_duration").to_owned()),
                (Field::Tags, tags),
                (Field::Notes, notes.join("\n")),
            ] {
                cells.insert(field, value);
            }
            let id = digest(&[&datetime, get("message"), desc, get("casebook_record_id")]);
            let n = occurrences.entry(id.clone()).or_default();
            *n += 1;
            let id = if *n == 1 { id } else { format!("{id}-{n}") };
            rows.push(SheetRow {
                file: input.name.clone(),
                line,
                cells,
                key: import_key(Format::Timesketch, &id),
            });
        }
        if !ignored.is_empty() {
            b.problem(
                Level::Warning,
                &input.name,
                None,
                format!(
                    "attribute{} {} not imported (Casebook keeps message, datetime, timestamp_desc, tag, comment and its own casebook_ columns)",
                    if ignored.len() == 1 { "" } else { "s" },
                    ignored.join(", ")
                ),
            );
        }
    }
    plan_rows(b, rows, options);
}

type Records = Vec<(usize, HashMap<String, String>)>;

fn csv_records(b: &mut Builder<'_>, input: &Input) -> Option<Records> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(input.text.as_bytes());
    let headings: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => {
            b.problem(
                Level::Error,
                &input.name,
                Some((1, 1)),
                format!("cannot read the header row: {e}"),
            );
            return None;
        }
    };
    if !headings.iter().any(|h| h == "message")
        || !headings.iter().any(|h| h == "datetime" || h == "timestamp")
    {
        b.problem(
            Level::Error,
            &input.name,
            Some((1, 1)),
            format!(
                "not a Timesketch CSV: expected the columns message, datetime and timestamp_desc; the headings are {}",
                headings.join(", ")
            ),
        );
        return None;
    }
    let mut out = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                let map = headings
                    .iter()
                    .cloned()
                    .zip(r.iter().map(str::to_owned))
                    .collect();
                out.push((line, map));
            }
            Err(e) => b.problem(
                Level::Error,
                &input.name,
                e.position().map(|p| (p.line() as usize, 1)),
                format!("cannot read this row: {e}; not imported"),
            ),
        }
    }
    Some(out)
}

fn jsonl_records(b: &mut Builder<'_>, input: &Input) -> Option<Records> {
    let mut out = Vec::new();
    for (i, line) in input.text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Map<String, Value>>(line) {
            Ok(map) => {
                let record = map
                    .into_iter()
                    .map(|(k, v)| {
                        let text = match v {
                            Value::String(s) => s,
                            Value::Null => String::new(),
                            other => other.to_string(),
                        };
                        (k.trim().to_lowercase(), text)
                    })
                    .collect();
                out.push((i + 1, record));
            }
            Err(e) => b.problem(
                Level::Error,
                &input.name,
                Some((i + 1, e.column())),
                format!(
                    "not a JSON object: {}; line not imported",
                    json_error_message(&e)
                ),
            ),
        }
    }
    Some(out)
}

/// The case's actions and statements as a Timesketch timeline: CSV, or JSONL when `jsonl`.
pub fn export(case: &Case, jsonl: bool) -> String {
    let tz = case.tz();
    let mut timed: Vec<(DateTime<Utc>, [String; 11])> = Vec::new();
    for a in &case.actions {
        timed.push((a.start.at, action_row(case, a, tz)));
    }
    for s in &case.statements {
        timed.push((s.when.at, statement_row(case, s, tz)));
    }
    timed.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1[10].cmp(&y.1[10])));
    let rows: Vec<[String; 11]> = timed.into_iter().map(|(_, row)| row).collect();
    if jsonl {
        let mut out = String::new();
        for row in rows {
            let map: serde_json::Map<String, Value> = HEADER
                .iter()
                .zip(row)
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| {
                    let value = match *k {
                        "timestamp" => v.parse::<i64>().map_or(Value::String(v), Value::from),
                        _ => Value::String(v),
                    };
                    ((*k).to_owned(), value)
                })
                .collect();
            let _ = writeln!(out, "{}", Value::Object(map));
        }
        return out;
    }
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(HEADER);
    for row in &rows {
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The time as `When::parse` reads it back in any case: with the case's zone named.
fn when_text(when: &When, tz: Tz) -> String {
    let text = when.input_text(tz);
    let named = format!("{text} {}", tz.name());
    let same = |t: &str| {
        When::parse(t, chrono_tz::UTC).is_ok_and(|w| {
            w.at == when.at
                && w.precision == when.precision
                && w.approximate == when.approximate
                && w.bound == when.bound
        })
    };
    if same(&named) { named } else { text }
}

fn instant_columns(when: &When) -> (String, String) {
    (
        when.at.to_rfc3339_opts(SecondsFormat::Secs, false),
        when.at.timestamp_micros().to_string(),
    )
}

fn action_row(case: &Case, a: &Action, tz: Tz) -> [String; 11] {
    let (datetime, micros) = instant_columns(&a.start);
    let targets: Vec<String> = a
        .targets
        .iter()
        .filter_map(|t| case.account(t))
        .map(|acct| {
            if acct.platform.trim().is_empty() {
                acct.name()
            } else {
                acct.label()
            }
        })
        .collect();
    [
        a.summary.clone(),
        datetime,
        a.kind.label().to_owned(),
        micros,
        when_text(&a.start, tz),
        a.kind.label().to_owned(),
        case.actor_name(&a.performer),
        targets.join(", "),
        a.end
            .as_ref()
            .map_or_else(String::new, |e| when_text(e, tz)),
        a.duration.map_or_else(String::new, |d| d.to_string()),
        a.id.to_string(),
    ]
}

fn statement_row(case: &Case, s: &Statement, tz: Tz) -> [String; 11] {
    let (datetime, micros) = instant_columns(&s.when);
    // The word Quick entry reads as a statement on this channel.
    let kind = match s.channel {
        Channel::PressStatement | Channel::Other => "statement".to_owned(),
        channel => channel.label().to_owned(),
    };
    [
        s.quote.clone(),
        datetime,
        format!("statement ({})", s.channel),
        micros,
        when_text(&s.when, tz),
        kind,
        case.speaker_name(&s.speaker),
        String::new(),
        String::new(),
        String::new(),
        s.id.to_string(),
    ]
}
