//! Quick entry: a chronology typed or pasted as rows of text (when, kind, what, who, target,
//! source), read into records and one undoable edit.
//!
//! Everything the entry grid shows beside a cell ("→ new staff member ‘Tom Becker’",
//! "→ @newsdaily (existing)") and every record it adds comes from here, so it is tested
//! without a window. Pure: no egui, no I/O; the clock comes in as `now`.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::kinds::{Record, RecordKind, RecordRef, excerpt, new_record};
use super::records::{Account, Action, ActionKind, Actor, Channel, Meta, Speaker};
use super::{AccountId, ActionId, Case, Edit, Precision, SourceId, StaffId, StatementId, When};

/// A column of the entry grid, in the order a spreadsheet gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    When,
    Kind,
    What,
    Who,
    Target,
    Source,
}

impl Column {
    /// Every column, left to right.
    pub const ALL: [Column; 6] = [
        Column::When,
        Column::Kind,
        Column::What,
        Column::Who,
        Column::Target,
        Column::Source,
    ];

    /// The column's heading ("When").
    pub fn label(self) -> &'static str {
        match self {
            Column::When => "When",
            Column::Kind => "Kind",
            Column::What => "What",
            Column::Who => "Who",
            Column::Target => "Target",
            Column::Source => "Source",
        }
    }

    /// Position from the left (0 for When).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The column a spreadsheet heading names ("Time", "Performer", "Account").
    fn from_heading(word: &str) -> Option<Column> {
        let word = normalised(word);
        let column = match word.as_str() {
            "when" | "time" | "date" | "date/time" | "timestamp" | "time (utc)" => Column::When,
            "kind" | "type" | "event" | "action" => Column::Kind,
            "what" | "summary" | "description" | "quote" | "details" => Column::What,
            "who" | "performer" | "by" | "actor" | "speaker" | "performed by" => Column::Who,
            "target" | "targets" | "account" | "accounts" | "on" => Column::Target,
            "source" | "sources" | "link" | "url" | "reference" => Column::Source,
            _ => return None,
        };
        Some(column)
    }
}

/// One row as typed: the text of each column, indexed by [`Column::index`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowText(pub [String; 6]);

impl RowText {
    /// A row from cells in column order (missing cells are empty, extra ones are dropped).
    pub fn from_cells<S: AsRef<str>>(cells: &[S]) -> Self {
        let mut row = RowText::default();
        for (slot, cell) in row.0.iter_mut().zip(cells) {
            *slot = cell.as_ref().trim().to_owned();
        }
        row
    }

    /// The text of `column`.
    pub fn cell(&self, column: Column) -> &str {
        &self.0[column.index()]
    }

    /// Whether nothing is typed in any cell.
    pub fn is_blank(&self) -> bool {
        self.0.iter().all(|c| c.trim().is_empty())
    }
}

mod paste;
mod words;
pub use paste::{EntryProblem, Pasted, parse_pasted};
use words::date_of;
pub use words::{EntryKind, context_date, kind_from_text, when_from_text};

/// How one cell reads, shown beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Reading {
    /// Nothing typed, and nothing needed.
    #[default]
    Empty,
    /// What the text stands for: a value, or a record already in the case.
    Is(String),
    /// A record the row will create.
    New(String),
    /// Read, but not used ("not used for a statement").
    Unused(String),
    /// Cannot be read: why.
    Error(String),
}

/// A record the rows will create, and how the confirmation names it ("staff member Tom
/// Becker").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecord {
    pub record: Record,
    pub description: String,
}

/// How one row reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowPlan {
    /// Beside each cell, by [`Column::index`].
    pub readings: [Reading; 6],
    /// The action or statement the row adds; `None` for a blank row or one with an error.
    pub record: Option<Record>,
    /// The date a bare time in this row took (the row above's or the context's).
    pub date_before: Option<NaiveDate>,
}

/// What a set of rows will do to the case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub rows: Vec<RowPlan>,
    /// Accounts, staff and sources the rows name that the case does not have yet (each once).
    pub new_records: Vec<NewRecord>,
    /// Every cell that cannot be read, with its row and column.
    pub problems: Vec<EntryProblem>,
    /// The date the next row's bare time takes.
    pub date_after: Option<NaiveDate>,
}

impl Plan {
    /// The actions and statements the rows add.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.rows.iter().filter_map(|r| r.record.as_ref())
    }

    /// Whether the rows can be added: at least one record, and nothing unreadable.
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty() && self.records().next().is_some()
    }

    /// "account @newsdaily, staff member Tom Becker": what adding will also create.
    pub fn new_records_text(&self) -> String {
        self.new_records
            .iter()
            .map(|n| n.description.clone())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "Add 3 actions, 1 statement (with 1 account, 1 staff member)": what the edit does, for
    /// the Edit menu's "Undo …".
    pub fn label(&self) -> String {
        let count = |kind: RecordKind, records: &mut dyn Iterator<Item = &Record>| {
            let n = records
                .filter(|r| r.reference().kind() == Some(kind))
                .count();
            (n > 0).then(|| kind.count(n))
        };
        let added: Vec<String> = [RecordKind::Action, RecordKind::Statement]
            .into_iter()
            .filter_map(|k| count(k, &mut self.records()))
            .collect();
        let created: Vec<String> = [RecordKind::Account, RecordKind::Staff, RecordKind::Source]
            .into_iter()
            .filter_map(|k| count(k, &mut self.new_records.iter().map(|n| &n.record)))
            .collect();
        if created.is_empty() {
            format!("Add {}", added.join(", "))
        } else {
            format!("Add {} (with {})", added.join(", "), created.join(", "))
        }
    }

    /// One edit adding the new accounts, staff and sources, then the rows' records (one undo
    /// step); `None` unless [`Plan::is_ready`].
    pub fn edit(&self, case: &Case) -> Option<Edit> {
        if !self.is_ready() {
            return None;
        }
        let mut added: HashMap<RecordKind, usize> = HashMap::new();
        let mut edits = Vec::new();
        for record in self
            .new_records
            .iter()
            .map(|n| &n.record)
            .chain(self.records())
        {
            let kind = record.reference().kind().unwrap_or(RecordKind::Action);
            let n = added.entry(kind).or_default();
            let edit = match Edit::add(case, record.clone()) {
                Edit::Insert { index, record } => Edit::Insert {
                    index: index + *n,
                    record,
                },
                other => other,
            };
            *n += 1;
            edits.push(edit);
        }
        Some(Edit::Batch {
            label: self.label(),
            edits,
        })
    }
}

/// Lower case, single spaces, trimmed: how names are compared.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The one record among `candidates` (key, value) whose key equals `typed`, else the one whose
/// key starts with it (at least three letters typed), else `None`.
fn pick<T: Clone>(typed: &str, candidates: &[(String, T)]) -> Option<T> {
    let typed = normalised(typed);
    if typed.is_empty() {
        return None;
    }
    if let Some((_, v)) = candidates.iter().find(|(k, _)| normalised(k) == typed) {
        return Some(v.clone());
    }
    if typed.chars().count() < 3 {
        return None;
    }
    let mut starts = candidates
        .iter()
        .filter(|(k, _)| normalised(k).starts_with(&typed));
    match (starts.next(), starts.next()) {
        (Some((_, v)), None) => Some(v.clone()),
        _ => None,
    }
}

/// Someone a row names: a staff member, an outside person or an account of the case.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Person {
    Staff(StaffId),
    Outsider(super::OutsiderId),
}

/// Reads rows into records against `case`. `date` is what a first bare time ("14:32") takes
/// (see [`context_date`]); each dated row passes its date to the rows below it. Names the case
/// does not have become new records, once each however many rows name them.
pub fn plan(case: &Case, rows: &[RowText], date: Option<NaiveDate>, now: DateTime<Utc>) -> Plan {
    let tz = case.tz();
    let mut plan = Plan {
        date_after: date,
        ..Plan::default()
    };
    // New records so far, by what named them ("staff:tom becker").
    let mut created: HashMap<String, RecordRef> = HashMap::new();
    // Earlier rows' actions, for a reversal to find what it reverses.
    let mut earlier: Vec<Action> = Vec::new();
    let people: Vec<(String, Person)> = case
        .staff
        .iter()
        .flat_map(|s| {
            let mut keys = vec![(s.name.clone(), Person::Staff(s.id.clone()))];
            if !s.pseudonym.trim().is_empty() {
                keys.push((s.pseudonym.clone(), Person::Staff(s.id.clone())));
            }
            keys
        })
        .chain(
            case.outsiders
                .iter()
                .map(|o| (o.name.clone(), Person::Outsider(o.id.clone()))),
        )
        .collect();
    let accounts: Vec<(String, AccountId)> = case
        .accounts
        .iter()
        .flat_map(|a| {
            let handle = a.handle.trim().trim_start_matches('@').to_owned();
            [
                (handle.clone(), a.id.clone()),
                (format!("@{handle}"), a.id.clone()),
                (a.display_name.clone(), a.id.clone()),
                (a.name(), a.id.clone()),
                (a.label(), a.id.clone()),
            ]
            .into_iter()
            .filter(|(k, _)| !k.trim().is_empty() && k.trim() != "@")
            .collect::<Vec<_>>()
        })
        .collect();
    let sources: Vec<(String, SourceId)> = case
        .sources
        .iter()
        .flat_map(|s| {
            let mut keys = vec![(s.title.clone(), s.id.clone())];
            for url in std::iter::once(&s.url).chain(s.also_at.iter().map(|l| &l.url)) {
                if !url.trim().is_empty() {
                    keys.push((url.clone(), s.id.clone()));
                    keys.push((bare_url(url), s.id.clone()));
                }
            }
            if !s.publisher.trim().is_empty() {
                keys.push((s.publisher.clone(), s.id.clone()));
            }
            keys
        })
        .collect();
    // New accounts take the platform every existing account shares.
    let platform = {
        let mut platforms = case.accounts.iter().map(|a| a.platform.trim());
        match platforms.next() {
            Some(first) if platforms.all(|p| p == first) => first.to_owned(),
            _ => String::new(),
        }
    };

    for (i, row) in rows.iter().enumerate() {
        let row_no = i + 1;
        let date_before = plan.date_after;
        let mut readings: [Reading; 6] = Default::default();
        let problem = |plan: &mut Plan, readings: &mut [Reading; 6], c: Column, m: String| {
            plan.problems.push(EntryProblem {
                row: row_no,
                column: Some(c),
                message: m.clone(),
            });
            readings[c.index()] = Reading::Error(m);
        };
        if row.is_blank() {
            plan.rows.push(RowPlan {
                readings,
                record: None,
                date_before,
            });
            continue;
        }
        // When.
        let when = match when_from_text(row.cell(Column::When), tz, date_before) {
            Ok(when) => {
                readings[Column::When.index()] = Reading::Is(when.listed(tz));
                if let Some(d) = date_of(&when, tz) {
                    plan.date_after = Some(d);
                }
                Some(when)
            }
            Err(e) => {
                problem(&mut plan, &mut readings, Column::When, e);
                None
            }
        };
        // Kind.
        let kind_text = row.cell(Column::Kind);
        let kind = kind_from_text(kind_text);
        match kind {
            Some(k) => readings[Column::Kind.index()] = Reading::Is(k.label()),
            None if kind_text.trim().is_empty() => problem(
                &mut plan,
                &mut readings,
                Column::Kind,
                "required (e.g. report, suspension, reversal, statement)".to_owned(),
            ),
            None => problem(
                &mut plan,
                &mut readings,
                Column::Kind,
                format!(
                    "no kind called {kind_text:?}; try report, review, suspension, reversal, statement"
                ),
            ),
        }
        let statement = matches!(kind, Some(EntryKind::Statement(_)));
        // What.
        let what = row.cell(Column::What).trim().to_owned();
        if what.is_empty() && statement {
            problem(
                &mut plan,
                &mut readings,
                Column::What,
                "a statement needs its words".to_owned(),
            );
        }
        // Who.
        let who_text = row.cell(Column::Who).trim();
        let known = pick(who_text, &people);
        let mut actor = Actor::Unknown;
        let mut speaker = Speaker::Organisation(String::new());
        let platform_now = shared_platform(case, &plan.new_records);
        if who_text.is_empty() && statement && !platform_now.is_empty() {
            speaker = Speaker::Organisation(platform_now.clone());
            readings[Column::Who.index()] = Reading::Is(format!(
                "{platform_now} (organisation: the accounts' platform)"
            ));
        } else if who_text.is_empty() {
            if statement {
                problem(
                    &mut plan,
                    &mut readings,
                    Column::Who,
                    "a statement needs who made it".to_owned(),
                );
            } else {
                readings[Column::Who.index()] = Reading::Is("performer unknown".to_owned());
            }
        } else if statement {
            let account = pick(who_text, &accounts);
            (speaker, readings[Column::Who.index()]) = match (known, account) {
                (Some(Person::Staff(id)), _) => (
                    Speaker::Staff(id.clone()),
                    Reading::Is(format!(
                        "{} (staff)",
                        case.speaker_name(&Speaker::Staff(id))
                    )),
                ),
                (Some(Person::Outsider(id)), _) => (
                    Speaker::Outsider(id.clone()),
                    Reading::Is(case.speaker_name(&Speaker::Outsider(id))),
                ),
                (_, Some(id)) => (
                    Speaker::Account(id.clone()),
                    Reading::Is(format!(
                        "{} (existing)",
                        case.speaker_name(&Speaker::Account(id))
                    )),
                ),
                _ => (
                    Speaker::Organisation(who_text.to_owned()),
                    Reading::Is(format!("{who_text} (organisation)")),
                ),
            };
        } else if let Some(name) = who_text
            .strip_suffix("(external)")
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            actor = Actor::External(name.to_owned());
            readings[Column::Who.index()] =
                Reading::Is(format!("{name}, outside the organisation"));
        } else if let Some(name) = who_text
            .strip_suffix("(automated)")
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            actor = Actor::System(name.to_owned());
            readings[Column::Who.index()] = Reading::Is(format!("{name} (automated)"));
        } else if matches!(normalised(who_text).as_str(), "unknown" | "?") {
            readings[Column::Who.index()] = Reading::Is("performer unknown".to_owned());
        } else {
            // "Name (staff)" is a staff member whatever the words say.
            let forced_staff = who_text
                .strip_suffix("(staff)")
                .map(str::trim)
                .filter(|n| !n.is_empty());
            let who_text = forced_staff.unwrap_or(who_text);
            let known = if forced_staff.is_some() {
                pick(who_text, &people)
            } else {
                known
            };
            let by_words = match (&known, forced_staff) {
                (None, None) => who_by_words(who_text),
                _ => None,
            };
            match known {
                None if by_words == Some(WhoWords::Automated) => {
                    actor = Actor::System(who_text.to_owned());
                    readings[Column::Who.index()] = Reading::Is(format!(
                        "{who_text} (automated; write {who_text} (staff) for a person)"
                    ));
                }
                None if by_words == Some(WhoWords::Outside) => {
                    actor = Actor::External(who_text.to_owned());
                    readings[Column::Who.index()] = Reading::Is(format!(
                        "{who_text}, outside the organisation (write {who_text} (staff) for staff)"
                    ));
                }
                Some(Person::Staff(id)) => {
                    readings[Column::Who.index()] = Reading::Is(format!(
                        "{} (existing)",
                        case.actor_name(&Actor::Staff(id.clone()))
                    ));
                    actor = Actor::Staff(id);
                }
                Some(Person::Outsider(id)) => {
                    readings[Column::Who.index()] = Reading::Is(format!(
                        "{} (existing)",
                        case.actor_name(&Actor::Outsider(id.clone()))
                    ));
                    actor = Actor::Outsider(id);
                }
                None => {
                    let key = format!("staff:{}", normalised(who_text));
                    let id = match created.get(&key) {
                        Some(RecordRef::Staff(id)) => id.clone(),
                        _ => {
                            let staff_count = case.staff.len()
                                + plan
                                    .new_records
                                    .iter()
                                    .filter(|n| matches!(n.record, Record::Staff(_)))
                                    .count();
                            let Record::Staff(mut staff) = new_record(RecordKind::Staff, case, now)
                            else {
                                unreachable!("new_record(Staff) makes a staff member")
                            };
                            staff.name = who_text.to_owned();
                            staff.pseudonym =
                                format!("Staff {}", (b'A' + (staff_count % 26) as u8) as char);
                            let id = staff.id.clone();
                            created.insert(key, RecordRef::Staff(id.clone()));
                            plan.new_records.push(NewRecord {
                                record: Record::Staff(staff),
                                description: format!("staff member {who_text}"),
                            });
                            id
                        }
                    };
                    readings[Column::Who.index()] =
                        Reading::New(format!("new staff member ‘{who_text}’"));
                    actor = Actor::Staff(id);
                }
            }
        }
        // Target.
        let target_text = row.cell(Column::Target).trim();
        let mut targets: Vec<AccountId> = Vec::new();
        if statement && !target_text.is_empty() {
            readings[Column::Target.index()] =
                Reading::Unused("not used for a statement".to_owned());
        } else if target_text.is_empty() && !statement {
            // "Suspended @newsdaily by mistake": a known account's handle in What.
            let mut read: Vec<String> = Vec::new();
            for word in what.split_whitespace().filter(|w| w.starts_with('@')) {
                let handle =
                    word.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'));
                if handle.len() < 2 {
                    continue;
                }
                let key = normalised(handle.trim_start_matches('@'));
                let found = accounts
                    .iter()
                    .find(|(k, _)| normalised(k.trim_start_matches('@')) == key)
                    .map(|(_, id)| id.clone())
                    .or_else(|| match created.get(&format!("account:{key}")) {
                        Some(RecordRef::Account(id)) => Some(id.clone()),
                        _ => None,
                    });
                if let Some(id) = found.filter(|id| !targets.contains(id)) {
                    read.push(account_name(case, &plan.new_records, &id));
                    targets.push(id);
                }
            }
            if !read.is_empty() {
                readings[Column::Target.index()] =
                    Reading::Is(format!("{} (named in What)", read.join(", ")));
            }
        } else if !target_text.is_empty() {
            let mut read: Vec<String> = Vec::new();
            let mut any_new = false;
            for part in target_text
                .split([',', ';'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                if let Some(id) = pick(part, &accounts) {
                    let name = case.account(&id).map_or_else(String::new, Account::name);
                    read.push(format!("{name} (existing)"));
                    targets.push(id);
                    continue;
                }
                // "@newsdaily (Chirp)": a new account's platform in brackets after it.
                let (part, own_platform) =
                    match part.strip_suffix(')').and_then(|p| p.rsplit_once(" (")) {
                        Some((name, p)) if !name.trim().is_empty() && !p.trim().is_empty() => {
                            (name.trim(), Some(p.trim()))
                        }
                        _ => (part, None),
                    };
                let platform = own_platform.unwrap_or(&platform);
                let handle_like = !part.contains(char::is_whitespace);
                let handle = if handle_like && !part.starts_with('@') {
                    format!("@{part}")
                } else {
                    part.to_owned()
                };
                let key = format!("account:{}", normalised(handle.trim_start_matches('@')));
                let id = match created.get(&key) {
                    Some(RecordRef::Account(id)) => id.clone(),
                    _ => {
                        let mut account = if handle_like {
                            Account::new(AccountId::generate(), platform, &handle, now)
                        } else {
                            let mut a = Account::new(AccountId::generate(), platform, "", now);
                            a.display_name = part.to_owned();
                            a
                        };
                        account.meta = Meta::new(now);
                        let id = account.id.clone();
                        created.insert(key, RecordRef::Account(id.clone()));
                        plan.new_records.push(NewRecord {
                            description: format!("account {}", account.label()),
                            record: Record::Account(account),
                        });
                        id
                    }
                };
                any_new = true;
                read.push(match own_platform {
                    Some(p) => format!("new account {handle} ({p})"),
                    None => format!("new account {handle}"),
                });
                targets.push(id);
            }
            let text = read.join(", ");
            readings[Column::Target.index()] = if any_new {
                Reading::New(text)
            } else {
                Reading::Is(text)
            };
        }
        // Source.
        let source_text = row.cell(Column::Source).trim();
        let mut source: Option<SourceId> = None;
        if !source_text.is_empty() {
            let found = pick(source_text, &sources).or_else(|| {
                let bare = bare_url(source_text);
                sources
                    .iter()
                    .find(|(k, _)| !bare.is_empty() && bare_url(k) == bare)
                    .map(|(_, id)| id.clone())
            });
            if let Some(id) = found {
                let title = case
                    .source(&id)
                    .map_or_else(String::new, |s| s.title.clone());
                readings[Column::Source.index()] =
                    Reading::Is(format!("“{}” (existing)", excerpt(&title, 40)));
                source = Some(id);
            } else {
                let url_like = is_url(source_text);
                let key = format!("source:{}", bare_url(source_text));
                let id = match created.get(&key) {
                    Some(RecordRef::Source(id)) => id.clone(),
                    _ => {
                        let Record::Source(mut s) = new_record(RecordKind::Source, case, now)
                        else {
                            unreachable!("new_record(Source) makes a source")
                        };
                        if url_like {
                            s.url = source_text.to_owned();
                            s.title = bare_url(source_text);
                        } else {
                            s.title = source_text.to_owned();
                        }
                        let id = s.id.clone();
                        created.insert(key, RecordRef::Source(id.clone()));
                        plan.new_records.push(NewRecord {
                            description: format!("source {}", s.title),
                            record: Record::Source(s),
                        });
                        id
                    }
                };
                readings[Column::Source.index()] =
                    Reading::New(format!("new source ‘{}’", excerpt(source_text, 40)));
                source = Some(id);
            }
        }

        let record = match (when, kind) {
            (Some(when), Some(EntryKind::Action(kind)))
                if plan.problems.iter().all(|p| p.row != row_no) =>
            {
                let summary = if what.is_empty() {
                    let label = kind.label();
                    let mut chars = label.chars();
                    chars.next().map_or_else(String::new, |c| {
                        c.to_uppercase().collect::<String>() + chars.as_str()
                    })
                } else {
                    what.clone()
                };
                if what.is_empty() {
                    readings[Column::What.index()] = Reading::Is(format!("“{summary}”"));
                }
                let mut action = Action::new(ActionId::generate(), kind, &summary, when, now);
                action.performer = actor;
                action.targets = targets;
                action.meta.sources.extend(source);
                if kind == ActionKind::Reinstatement
                    && let Some(reversed) = reversed_action(case, &earlier, &action, tz)
                {
                    readings[Column::Kind.index()] = Reading::Is(format!(
                        "{}, reverses the {} of {}",
                        kind.label(),
                        reversed.kind.label(),
                        reversed.start.listed(tz)
                    ));
                    action.reverses = Some(reversed.id.clone());
                    // No target given: the accounts of what it reverses.
                    if action.targets.is_empty() {
                        action.targets = reversed.targets.clone();
                        let names: Vec<String> = action
                            .targets
                            .iter()
                            .map(|id| account_name(case, &plan.new_records, id))
                            .collect();
                        if !names.is_empty() {
                            readings[Column::Target.index()] = Reading::Is(format!(
                                "{} (as the {} it reverses)",
                                names.join(", "),
                                reversed.kind.label()
                            ));
                        }
                    }
                }
                earlier.push(action.clone());
                Some(Record::Action(action))
            }
            (Some(when), Some(EntryKind::Statement(channel)))
                if plan.problems.iter().all(|p| p.row != row_no) =>
            {
                let Record::Statement(mut s) = new_record(RecordKind::Statement, case, now) else {
                    unreachable!("new_record(Statement) makes a statement")
                };
                s.id = StatementId::generate();
                s.speaker = speaker;
                s.channel = channel;
                s.quote = what.clone();
                s.when = when;
                s.meta.sources.extend(source);
                Some(Record::Statement(s))
            }
            _ => None,
        };
        plan.rows.push(RowPlan {
            readings,
            record,
            date_before,
        });
    }
    // Listed as the navigator lists them: accounts, staff, sources.
    plan.new_records.sort_by_key(|n| match n.record {
        Record::Account(_) => 0,
        Record::Staff(_) => 1,
        _ => 2,
    });
    plan
}

/// The lasting action on one of `action`'s targets that a reversal undoes: the latest that
/// took effect at or before it, among the case's actions and the rows above, not reversed yet.
fn reversed_action<'a>(
    case: &'a Case,
    earlier: &'a [Action],
    action: &Action,
    tz: Tz,
) -> Option<&'a Action> {
    let at = action.start.order_key(tz);
    case.actions
        .iter()
        .chain(earlier)
        .filter(|a| {
            a.kind.is_lasting()
                && (action.targets.is_empty()
                    || a.targets.iter().any(|t| action.targets.contains(t)))
                && a.start.order_key(tz) <= at
                && !case
                    .actions
                    .iter()
                    .chain(earlier)
                    .any(|b| b.reverses.as_ref() == Some(&a.id))
        })
        .max_by_key(|a| a.start.order_key(tz))
}

/// What the words of a new name say it is, when they say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WhoWords {
    /// "Spam bot", "automated filter", "Trust system": a system, not a person.
    Automated,
    /// "Trusted flagger", "a journalist": someone outside the organisation.
    Outside,
}

/// Whether a name's words say it is a system or someone outside the organisation ("Trusted
/// flagger", "Spam bot"); `None` for a name like a person's.
fn who_by_words(name: &str) -> Option<WhoWords> {
    const AUTOMATED: &[&str] = &[
        "bot",
        "bots",
        "automated",
        "automation",
        "automatic",
        "auto",
        "automod",
        "system",
        "systems",
        "script",
        "classifier",
        "filter",
        "pipeline",
    ];
    const OUTSIDE: &[&str] = &[
        "flagger",
        "flaggers",
        "reporter",
        "user",
        "users",
        "journalist",
        "researcher",
        "regulator",
        "police",
        "attacker",
        "attackers",
        "hacker",
        "hackers",
        "outsider",
        "external",
    ];
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| AUTOMATED.contains(w)) {
        Some(WhoWords::Automated)
    } else if words.iter().any(|w| OUTSIDE.contains(w)) {
        Some(WhoWords::Outside)
    } else {
        None
    }
}

/// The platform every account shares, those of the case and those the rows create ("" when
/// there are none or they differ).
fn shared_platform(case: &Case, new_records: &[NewRecord]) -> String {
    let mut platforms =
        case.accounts
            .iter()
            .map(|a| a.platform.trim())
            .chain(new_records.iter().filter_map(|n| match &n.record {
                Record::Account(a) => Some(a.platform.trim()),
                _ => None,
            }));
    match platforms.next() {
        Some(first) if platforms.all(|p| p == first) => first.to_owned(),
        _ => String::new(),
    }
}

/// An account's name, whether the case has it or the rows create it.
fn account_name(case: &Case, new_records: &[NewRecord], id: &AccountId) -> String {
    case.account(id).map(Account::name).unwrap_or_else(|| {
        new_records
            .iter()
            .find_map(|n| match &n.record {
                Record::Account(a) if &a.id == id => Some(a.name()),
                _ => None,
            })
            .unwrap_or_default()
    })
}

fn is_url(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

/// A web address without its scheme, "www." or final slash, lower case, to compare addresses
/// as people paste them; other text as it is, normalised.
fn bare_url(text: &str) -> String {
    let lower = normalised(text);
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests;
