//! Spreadsheets: CSV with a header row, one event per row.
//!
//! Columns whose heading names a field map themselves (`when`, `end`, `duration`, `what`,
//! `kind`, `who`, `target`, `source`, `tags`, `notes`, `zone`, any case, and a few synonyms:
//! `Time`, `Description`, `Performer`, `Account`…); `--map what=Description` names any other.
//! Rows are read by Quick entry's reader (`model::entry`), so a spreadsheet and typed rows mean
//! the same: kinds by a few letters, new names become staff and accounts, a reversal links to
//! what it reverses. Times go through [`When::parse`] in the row's zone (a zone column, else
//! `--zone`, else the case's): "2017-11-02 evening" stays an evening, "~14:10" approximate.
//! Rows that cannot be read are listed with their line and not imported.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::{Builder, Format, Input, Options, digest, import_key};
use crate::model::entry::{self, RowText};
use crate::model::kinds::Record;
use crate::model::{Actor, ApproxDuration, Level, Note, Precision, Speaker, When, Zone};

/// A field a CSV column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    When,
    End,
    Duration,
    What,
    Kind,
    Who,
    Target,
    Source,
    Tags,
    Notes,
    Zone,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::When,
        Field::End,
        Field::Duration,
        Field::What,
        Field::Kind,
        Field::Who,
        Field::Target,
        Field::Source,
        Field::Tags,
        Field::Notes,
        Field::Zone,
    ];

    /// The name in `--map` (`when`).
    pub fn name(self) -> &'static str {
        match self {
            Field::When => "when",
            Field::End => "end",
            Field::Duration => "duration",
            Field::What => "what",
            Field::Kind => "kind",
            Field::Who => "who",
            Field::Target => "target",
            Field::Source => "source",
            Field::Tags => "tags",
            Field::Notes => "notes",
            Field::Zone => "zone",
        }
    }

    /// The field named `name` (any case).
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The field a column heading names by itself ("Time", "Description", "Performer").
    pub fn from_heading(heading: &str) -> Option<Field> {
        let h = heading
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        Some(match h.as_str() {
            "when" | "time" | "date" | "start" | "datetime" | "date/time" | "timestamp"
            | "time (utc)" | "start time" => Field::When,
            "end" | "until" | "end time" | "ended" => Field::End,
            "duration" | "length" | "how long" => Field::Duration,
            "what" | "summary" | "description" | "message" | "details" | "event" | "quote" => {
                Field::What
            }
            "kind" | "type" | "action" | "category" => Field::Kind,
            "who" | "performer" | "by" | "actor" | "speaker" | "performed by" | "moderator" => {
                Field::Who
            }
            "target" | "targets" | "account" | "accounts" | "handle" | "on" => Field::Target,
            "source" | "sources" | "link" | "url" | "reference" => Field::Source,
            "tags" | "tag" | "labels" => Field::Tags,
            "notes" | "note" | "comment" | "comments" => Field::Notes,
            "zone" | "time zone" | "timezone" | "tz" => Field::Zone,
            _ => return None,
        })
    }
}

/// One row of a sheet, by field.
pub(super) struct SheetRow {
    pub file: String,
    pub line: usize,
    pub cells: HashMap<Field, String>,
    /// The import key (`import:csv:…`).
    pub key: String,
}

impl SheetRow {
    fn cell(&self, field: Field) -> &str {
        self.cells.get(&field).map_or("", |c| c.trim())
    }
}

pub(super) fn read(b: &mut Builder<'_>, inputs: &[Input], options: &Options) {
    let mut rows = Vec::new();
    for input in inputs {
        read_file(b, input, options, &mut rows);
    }
    plan_rows(b, rows, options);
}

/// Reads one CSV file into rows (the header maps the columns).
fn read_file(b: &mut Builder<'_>, input: &Input, options: &Options, rows: &mut Vec<SheetRow>) {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(input.text.as_bytes());
    let headings: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            b.problem(
                Level::Error,
                &input.name,
                Some((1, 1)),
                format!("cannot read the header row: {e}"),
            );
            return;
        }
    };
    let mut columns: HashMap<Field, usize> = HashMap::new();
    for (i, h) in headings.iter().enumerate() {
        if let Some(field) = Field::from_heading(h) {
            columns.entry(field).or_insert(i);
        }
    }
    for (field, heading) in &options.mapping {
        match headings
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(heading.trim()))
        {
            Some(i) => {
                columns.insert(*field, i);
            }
            None => b.problem(
                Level::Error,
                &input.name,
                Some((1, 1)),
                format!(
                    "no column headed {heading:?} for {}; the headings are {}",
                    field.name(),
                    headings.join(", ")
                ),
            ),
        }
    }
    if !columns.contains_key(&Field::When) {
        b.problem(
            Level::Error,
            &input.name,
            Some((1, 1)),
            format!(
                "no column says when (expected a heading such as When, Time or Date, or --map when=COLUMN); the headings are {}",
                headings.join(", ")
            ),
        );
        return;
    }
    let unused: Vec<&str> = headings
        .iter()
        .enumerate()
        .filter(|(i, h)| !columns.values().any(|c| c == i) && !h.trim().is_empty())
        .map(|(_, h)| h.as_str())
        .collect();
    if !unused.is_empty() {
        b.problem(
            Level::Warning,
            &input.name,
            Some((1, 1)),
            format!(
                "column{} {} not imported (name a field for it with --map FIELD=COLUMN)",
                if unused.len() == 1 { "" } else { "s" },
                unused.join(", ")
            ),
        );
    }
    let mut occurrences: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                b.problem(
                    Level::Error,
                    &input.name,
                    line.map(|l| (l, 1)),
                    format!("cannot read this row: {e}; not imported"),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: HashMap<Field, String> = columns
            .iter()
            .map(|(f, i)| (*f, record.get(*i).unwrap_or("").to_owned()))
            .collect();
        let fields: Vec<&str> = record.iter().collect();
        let id = digest(&fields);
        let n = occurrences.entry(id.clone()).or_default();
        *n += 1;
        let id = if *n == 1 { id } else { format!("{id}-{n}") };
        rows.push(SheetRow {
            file: input.name.clone(),
            line,
            cells,
            key: import_key(Format::Csv, &id),
        });
    }
}

/// Reads rows through Quick entry into the plan: one action or statement per readable row.
pub(super) fn plan_rows(b: &mut Builder<'_>, rows: Vec<SheetRow>, options: &Options) {
    let case_tz = b.case.tz();
    let rows: Vec<SheetRow> = rows.into_iter().filter(|r| !b.seen(&r.key)).collect();
    let mut texts = Vec::with_capacity(rows.len());
    // The times as this reader read them, to put back on the records.
    let mut times: Vec<Option<When>> = Vec::with_capacity(rows.len());
    let mut zones: Vec<Tz> = Vec::with_capacity(rows.len());
    for row in &rows {
        let zone_text = row.cell(Field::Zone);
        let tz = if zone_text.is_empty() {
            options.zone.unwrap_or(case_tz)
        } else {
            match crate::model::time::parse_zone(zone_text) {
                Ok(tz) => tz,
                Err(e) => {
                    b.problem(
                        Level::Error,
                        &row.file,
                        Some((row.line, 1)),
                        format!("zone: {e}"),
                    );
                    options.zone.unwrap_or(case_tz)
                }
            }
        };
        zones.push(tz);
        let when_text = row.cell(Field::When);
        let when = read_time(when_text, tz, case_tz);
        let when_cell = match &when {
            Some(w) => w.input_text(case_tz),
            None => when_text.to_owned(),
        };
        times.push(when);
        let kind = match row.cell(Field::Kind) {
            "" => "other",
            k => k,
        };
        let mut target = row.cell(Field::Target).to_owned();
        if let Some(platform) = &options.platform
            && !target.is_empty()
        {
            target = target
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| {
                    if t.ends_with(')') {
                        t.to_owned()
                    } else {
                        format!("{t} ({platform})")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
        }
        texts.push(RowText::from_cells(&[
            when_cell.as_str(),
            kind,
            row.cell(Field::What),
            row.cell(Field::Who),
            target.as_str(),
            row.cell(Field::Source),
        ]));
    }
    let entry_plan = entry::plan(b.case, &texts, None, b.now);
    for problem in &entry_plan.problems {
        let Some(row) = rows.get(problem.row.saturating_sub(1)) else {
            continue;
        };
        let column = problem
            .column
            .map_or(String::new(), |c| format!("{}: ", c.label()));
        b.problem(
            Level::Error,
            &row.file,
            Some((row.line, 1)),
            format!("{column}{}; row not imported", problem.message),
        );
    }
    // Only the names an imported row uses: a row that is not imported creates nothing.
    let used: std::collections::HashSet<String> = entry_plan
        .records()
        .flat_map(|r| match r {
            Record::Action(a) => {
                let mut ids: Vec<String> = a.targets.iter().map(ToString::to_string).collect();
                match &a.performer {
                    Actor::Staff(id) => ids.push(id.to_string()),
                    Actor::Outsider(id) => ids.push(id.to_string()),
                    _ => {}
                }
                ids.extend(a.meta.sources.iter().map(ToString::to_string));
                ids
            }
            Record::Statement(s) => {
                let mut ids: Vec<String> = s.meta.sources.iter().map(ToString::to_string).collect();
                match &s.speaker {
                    Speaker::Staff(id) => ids.push(id.to_string()),
                    Speaker::Account(id) => ids.push(id.to_string()),
                    Speaker::Outsider(id) => ids.push(id.to_string()),
                    _ => {}
                }
                ids
            }
            _ => Vec::new(),
        })
        .collect();
    for n in entry_plan
        .new_records
        .iter()
        .filter(|n| used.contains(n.record.reference().id_str()))
    {
        match &n.record {
            Record::Account(a) => b.plan.accounts.push(a.clone()),
            Record::Staff(s) => b.plan.staff.push(s.clone()),
            Record::Source(s) => b.plan.sources.push(s.clone()),
            Record::Outsider(o) => b.plan.outsiders.push(o.clone()),
            _ => {}
        }
    }
    for (i, (row_plan, row)) in entry_plan.rows.iter().zip(&rows).enumerate() {
        let Some(record) = row_plan.record.clone() else {
            continue;
        };
        let tz = zones.get(i).copied().unwrap_or(case_tz);
        let at = |text: &str, what: &str, b: &mut Builder<'_>| -> Option<When> {
            if text.is_empty() {
                return None;
            }
            let read = read_time(text, tz, case_tz);
            if read.is_none() {
                let e = When::parse(text, tz)
                    .err()
                    .map_or_else(String::new, |e| e.to_string());
                b.problem(
                    Level::Warning,
                    &row.file,
                    Some((row.line, 1)),
                    format!("{what}: {e}; left empty"),
                );
            }
            read
        };
        let mut notes: Vec<Note> = Vec::new();
        let note_text = row.cell(Field::Notes);
        if !note_text.is_empty() {
            notes.push(Note {
                text: note_text.to_owned(),
                internal: false,
            });
        }
        let tags: Vec<String> = row
            .cell(Field::Tags)
            .split([',', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        match record {
            Record::Action(mut action) => {
                if let Some(Some(w)) = times.get(i) {
                    action.start = w.clone();
                }
                let end_text = row.cell(Field::End).to_owned();
                action.end = at(&end_text, "end", b);
                let duration = row.cell(Field::Duration);
                if !duration.is_empty() {
                    match ApproxDuration::parse(duration) {
                        Ok(d) => action.duration = Some(d),
                        Err(e) => b.problem(
                            Level::Warning,
                            &row.file,
                            Some((row.line, 1)),
                            format!("duration: {e}; left empty"),
                        ),
                    }
                }
                action.meta.tags.extend(tags);
                action.meta.tags.push(row.key.clone());
                action.meta.notes.extend(notes);
                b.claim(row.key.clone());
                b.plan.actions.push(action);
            }
            Record::Statement(mut statement) => {
                if let Some(Some(w)) = times.get(i) {
                    statement.when = w.clone();
                }
                if !row.cell(Field::End).is_empty() || !row.cell(Field::Duration).is_empty() {
                    b.problem(
                        Level::Warning,
                        &row.file,
                        Some((row.line, 1)),
                        "a statement has no end or duration; those cells were not imported",
                    );
                }
                statement.meta.tags.extend(tags);
                statement.meta.tags.push(row.key.clone());
                statement.meta.notes.extend(notes);
                b.claim(row.key.clone());
                b.plan.statements.push(statement);
            }
            _ => {}
        }
    }
}

/// A time read in `tz` (the row's zone); a period coarser than a minute in a zone other than the
/// case's keeps that zone ("2017-11-02" in London stays London's day).
fn read_time(text: &str, tz: Tz, case_tz: Tz) -> Option<When> {
    let mut when = When::parse(text, tz).ok()?;
    if tz != case_tz && when.precision > Precision::Minute && when.zone.is_none() {
        when.zone = Some(Zone::Named(tz));
    }
    Some(when)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_map_themselves() {
        assert_eq!(Field::from_heading(" Time "), Some(Field::When));
        assert_eq!(Field::from_heading("DESCRIPTION"), Some(Field::What));
        assert_eq!(Field::from_heading("Performed  by"), Some(Field::Who));
        assert_eq!(Field::from_heading("colour"), None);
        assert_eq!(Field::from_name("What"), Some(Field::What));
    }
}
