//! Import: a moderation tool's event log (Bluesky Ozone), a spreadsheet (CSV), another timeline
//! tool (Timesketch) or transparency-database statements (EU DSA), read into a [`Plan`] of what
//! they add to a case — new accounts, staff, outside people, sources, actions, statements — with
//! every problem found on the way, by file, line and column. [`Plan::apply`] (the command line)
//! or [`Plan::edit`] (the app, one undo step) then adds it.
//!
//! Nothing is dropped silently: an event of a type Casebook has no kind for becomes an action
//! of kind "other" with the raw event kept in an internal note, and fields a parser skips are
//! reported. Every imported action and statement carries an *import key* tag
//! (`import:ozone:6`, `import:csv:…`), so importing the same input again adds nothing.
//! Accounts are matched by platform and handle or by DID (kept as a `did:…` tag), staff and
//! outside people by name.
//!
//! Pure: text in, plan out; no file system, no egui (the fuzz targets and the app share it).

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::model::kinds::{Record, RecordKind, new_record};
use crate::model::{
    Account, AccountId, Action, Case, Edit, Employment, Level, Note, Outsider, OutsiderId,
    OutsiderRole, Source, Staff, StaffId, Statement,
};

pub mod csv;
pub mod dsa;
pub mod ozone;
pub mod synthetic;
pub mod timesketch;

/// The formats Casebook reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Bluesky Ozone `queryEvents` / `queryStatuses` output (JSON).
    Ozone,
    /// Any spreadsheet saved as CSV, with a header row.
    Csv,
    /// Timesketch's CSV or JSONL (`message`, `datetime`, `timestamp_desc`).
    Timesketch,
    /// EU DSA Transparency Database statements of reasons (CSV or JSON).
    Dsa,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 4] = [Format::Ozone, Format::Csv, Format::Timesketch, Format::Dsa];

    /// The name on the command line (`--from ozone`) and in import keys.
    pub fn cli_name(self) -> &'static str {
        match self {
            Format::Ozone => "ozone",
            Format::Csv => "csv",
            Format::Timesketch => "timesketch",
            Format::Dsa => "dsa",
        }
    }

    /// What a format picker says.
    pub fn label(self) -> &'static str {
        match self {
            Format::Ozone => "Bluesky Ozone event log (JSON)",
            Format::Csv => "Spreadsheet (CSV)",
            Format::Timesketch => "Timesketch timeline (CSV or JSONL)",
            Format::Dsa => "EU DSA statements of reasons (CSV or JSON)",
        }
    }
}

/// One file to import: its name (for messages) and its text.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub text: String,
}

/// What the reader needs besides the files.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The zone of times that name none (CSV, DSA dates); `None`: the case's.
    pub zone: Option<Tz>,
    /// CSV: which column holds which field, beyond the headings that name one (`what` →
    /// `Description`).
    pub mapping: Vec<(csv::Field, String)>,
    /// The platform of accounts a file does not name one for ("Bluesky" for Ozone).
    pub platform: Option<String>,
}

/// A problem found while reading: where (file, line, column) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// An error means the row or event was not imported; a warning that it was, with
    /// something skipped or guessed.
    pub level: Level,
    pub file: String,
    /// 1-based; `None` for a problem with the whole file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `events.json:12:5: error: expected …`, as compilers and `casebook validate` print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}: {}", self.level, self.message)
    }
}

/// What an import adds to a case, and what it could not read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub accounts: Vec<Account>,
    pub staff: Vec<Staff>,
    pub outsiders: Vec<Outsider>,
    pub sources: Vec<Source>,
    pub actions: Vec<Action>,
    pub statements: Vec<Statement>,
    /// Notes added to accounts, new or already in the case (Ozone's review state).
    pub account_notes: Vec<(AccountId, Note)>,
    /// Actions already in the case, as the import changes them (a takedown from an earlier
    /// import that this one reverses before it ran out: it ends at the reversal).
    pub updated_actions: Vec<Action>,
    /// Items the case already has (same import key): not added again.
    pub already_present: usize,
    /// Every problem, in file order.
    pub problems: Vec<Problem>,
}

impl Plan {
    /// Whether the plan adds nothing.
    pub fn is_empty(&self) -> bool {
        self.record_count() == 0 && self.account_notes.is_empty() && self.updated_actions.is_empty()
    }

    /// How many records the plan adds.
    pub fn record_count(&self) -> usize {
        self.accounts.len()
            + self.staff.len()
            + self.outsiders.len()
            + self.sources.len()
            + self.actions.len()
            + self.statements.len()
    }

    /// How many problems are errors (rows or events not imported).
    pub fn error_count(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.level == Level::Error)
            .count()
    }

    /// "4 actions, 1 statement, 1 account, 2 staff members, 1 outside person": what is added.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [
            (RecordKind::Action, self.actions.len()),
            (RecordKind::Statement, self.statements.len()),
            (RecordKind::Account, self.accounts.len()),
            (RecordKind::Staff, self.staff.len()),
            (RecordKind::Outsider, self.outsiders.len()),
            (RecordKind::Source, self.sources.len()),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| kind.count(n))
        .collect();
        let mut text = if parts.is_empty() {
            "nothing new".to_owned()
        } else {
            parts.join(", ")
        };
        if !self.account_notes.is_empty() {
            text.push_str(&format!(
                "; {}",
                crate::model::plural(self.account_notes.len(), "account note", "account notes")
            ));
        }
        if !self.updated_actions.is_empty() {
            text.push_str(&format!(
                "; {} updated",
                crate::model::plural(self.updated_actions.len(), "action", "actions")
            ));
        }
        if self.already_present > 0 {
            text.push_str(&format!(
                " ({} already in the case)",
                crate::model::plural(self.already_present, "item", "items")
            ));
        }
        text
    }

    /// Adds everything to `case` (the command line; the app uses [`Plan::edit`]). The plan
    /// was made against this case, so nothing it adds is there yet.
    pub fn apply(&self, case: &mut Case) {
        replace_actions(case, &self.updated_actions);
        case.accounts.extend(self.accounts.iter().cloned());
        case.staff.extend(self.staff.iter().cloned());
        case.outsiders.extend(self.outsiders.iter().cloned());
        case.sources.extend(self.sources.iter().cloned());
        case.actions.extend(self.actions.iter().cloned());
        case.statements.extend(self.statements.iter().cloned());
        for (id, note) in &self.account_notes {
            if let Some(account) = case.accounts.iter_mut().find(|a| &a.id == id)
                && !account.meta.notes.contains(note)
            {
                account.meta.notes.push(note.clone());
            }
        }
    }

    /// [`Plan::apply`], moving the records instead of copying them (a large import).
    pub fn apply_owned(self, case: &mut Case) {
        replace_actions(case, &self.updated_actions);
        let notes = self.account_notes;
        case.accounts.extend(self.accounts);
        case.staff.extend(self.staff);
        case.outsiders.extend(self.outsiders);
        case.sources.extend(self.sources);
        case.actions.extend(self.actions);
        case.statements.extend(self.statements);
        for (id, note) in notes {
            if let Some(account) = case.accounts.iter_mut().find(|a| a.id == id)
                && !account.meta.notes.contains(&note)
            {
                account.meta.notes.push(note);
            }
        }
    }

    /// The whole import as one edit (one undo step in the app), labelled "Import …".
    pub fn edit(&self, case: &Case) -> Edit {
        let mut preview = case.clone();
        let mut edits = Vec::new();
        let records = self
            .accounts
            .iter()
            .cloned()
            .map(Record::Account)
            .chain(self.staff.iter().cloned().map(Record::Staff))
            .chain(self.outsiders.iter().cloned().map(Record::Outsider))
            .chain(self.sources.iter().cloned().map(Record::Source))
            .chain(self.actions.iter().cloned().map(Record::Action))
            .chain(self.statements.iter().cloned().map(Record::Statement));
        for record in records {
            let edit = Edit::add(&preview, record);
            // Into the preview as well, so the next insert's index counts this one.
            if let Edit::Insert { record, .. } = &edit {
                push_record(&mut preview, record.clone());
            }
            edits.push(edit);
        }
        for after in &self.updated_actions {
            if let Some(before) = preview.action(&after.id).cloned() {
                edits.push(Edit::Replace {
                    before: Record::Action(before),
                    after: Record::Action(after.clone()),
                });
            }
        }
        replace_actions(&mut preview, &self.updated_actions);
        for (id, note) in &self.account_notes {
            if let Some(before) = preview.account(id).cloned()
                && !before.meta.notes.contains(note)
            {
                let mut after = before.clone();
                after.meta.notes.push(note.clone());
                if let Some(a) = preview.accounts.iter_mut().find(|a| &a.id == id) {
                    *a = after.clone();
                }
                edits.push(Edit::Replace {
                    before: Record::Account(before),
                    after: Record::Account(after),
                });
            }
        }
        Edit::Batch {
            label: format!("Import {}", self.summary()),
            edits,
        }
    }
}

/// Puts each of `updated` in place of the case's action with its id.
fn replace_actions(case: &mut Case, updated: &[Action]) {
    for after in updated {
        if let Some(a) = case.actions.iter_mut().find(|a| a.id == after.id) {
            *a = after.clone();
        }
    }
}

fn push_record(case: &mut Case, record: Record) {
    match record {
        Record::Account(r) => case.accounts.push(r),
        Record::Staff(r) => case.staff.push(r),
        Record::Outsider(r) => case.outsiders.push(r),
        Record::Action(r) => case.actions.push(r),
        Record::Statement(r) => case.statements.push(r),
        Record::Source(r) => case.sources.push(r),
        Record::FollowUp(r) => case.postmortem.follow_ups.push(r),
    }
}

/// Reads `inputs` in `format` into a plan against `case`, dated `now`.
pub fn plan(
    case: &Case,
    format: Format,
    inputs: &[Input],
    options: &Options,
    now: DateTime<Utc>,
) -> Plan {
    let mut builder = Builder::new(case, now);
    // An empty file says so, whatever the format.
    let blank: Vec<&Input> = inputs.iter().filter(|i| i.text.trim().is_empty()).collect();
    for input in &blank {
        builder.problem(
            Level::Warning,
            &input.name,
            None,
            "empty file: nothing to import",
        );
    }
    let kept: Vec<Input>;
    let inputs = if blank.is_empty() {
        inputs
    } else {
        kept = inputs
            .iter()
            .filter(|i| !i.text.trim().is_empty())
            .cloned()
            .collect();
        &kept
    };
    match format {
        Format::Ozone => ozone::read(&mut builder, inputs),
        Format::Csv => csv::read(&mut builder, inputs, options),
        Format::Timesketch => timesketch::read(&mut builder, inputs, options),
        Format::Dsa => dsa::read(&mut builder, inputs, options),
    }
    builder.plan
}

/// The tag that says where an imported record came from: `import:ozone:6`.
pub fn import_key(format: Format, id: &str) -> String {
    format!("import:{}:{id}", format.cli_name())
}

/// Whether a tag is an import key.
pub fn is_import_key(tag: &str) -> bool {
    tag.starts_with("import:")
}

/// Turns byte offsets in a text into 1-based lines and columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// The line and column of byte `offset` (columns count bytes, as serde_json's do, so a
    /// position in a one-line 50 MB file costs no more than any other).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        (line, offset - start + 1)
    }

    /// The byte offset of `part` within the text, if it is a slice of it.
    pub fn offset_of(&self, part: &str) -> Option<usize> {
        let base = self.text.as_ptr() as usize;
        let at = part.as_ptr() as usize;
        (at >= base && at + part.len() <= base + self.text.len()).then(|| at - base)
    }
}

/// Builds a plan against a case: finds the accounts, staff and outside people an input names
/// (or creates them, once), and keeps what is already imported from being added again.
pub struct Builder<'a> {
    pub case: &'a Case,
    pub now: DateTime<Utc>,
    pub plan: Plan,
    /// Import keys of the case and of the plan so far.
    keys: HashSet<String>,
    /// Accounts by `did:…` and by `platform\u{1f}handle` (lower case, no `@`).
    accounts: HashMap<String, AccountId>,
    staff: HashMap<String, StaffId>,
    outsiders: HashMap<String, OutsiderId>,
    /// Where each account the plan creates is in `plan.accounts`.
    new_accounts: HashMap<AccountId, usize>,
}

impl<'a> Builder<'a> {
    pub fn new(case: &'a Case, now: DateTime<Utc>) -> Self {
        let mut builder = Self {
            case,
            now,
            plan: Plan::default(),
            keys: HashSet::new(),
            accounts: HashMap::new(),
            staff: HashMap::new(),
            outsiders: HashMap::new(),
            new_accounts: HashMap::new(),
        };
        let tagged = case
            .actions
            .iter()
            .map(|a| &a.meta)
            .chain(case.statements.iter().map(|s| &s.meta));
        for meta in tagged {
            builder
                .keys
                .extend(meta.tags.iter().filter(|t| is_import_key(t)).cloned());
        }
        for a in &case.accounts {
            builder.index_account(a);
        }
        for s in &case.staff {
            builder.index_person(&s.name, &s.meta.tags, Person::Staff(s.id.clone()));
        }
        for o in &case.outsiders {
            builder.index_person(&o.name, &o.meta.tags, Person::Outsider(o.id.clone()));
        }
        builder
    }

    fn index_account(&mut self, a: &Account) {
        let identities = a
            .meta
            .tags
            .iter()
            .filter(|t| t.starts_with("did:") || t.starts_with("dsa-puid:"));
        for tag in identities {
            self.accounts.insert(tag.clone(), a.id.clone());
        }
        if !a.handle.trim().is_empty() {
            self.accounts
                .insert(handle_key(&a.platform, &a.handle), a.id.clone());
        }
    }

    fn index_person(&mut self, name: &str, tags: &[String], who: Person) {
        let keys = tags
            .iter()
            .filter(|t| t.starts_with("did:"))
            .cloned()
            .chain(std::iter::once(name_key(name)));
        for key in keys {
            match &who {
                Person::Staff(id) => {
                    self.staff.entry(key).or_insert_with(|| id.clone());
                }
                Person::Outsider(id) => {
                    self.outsiders.entry(key).or_insert_with(|| id.clone());
                }
            }
        }
    }

    /// Whether an item with this import key is in the case or the plan already; counts it as
    /// already present if so.
    pub fn seen(&mut self, key: &str) -> bool {
        let seen = self.keys.contains(key);
        if seen {
            self.plan.already_present += 1;
        }
        seen
    }

    /// Records an import key as taken by the plan.
    pub fn claim(&mut self, key: String) {
        self.keys.insert(key);
    }

    /// Adds a problem.
    pub fn problem(
        &mut self,
        level: Level,
        file: &str,
        position: Option<(usize, usize)>,
        message: impl Into<String>,
    ) {
        self.plan.problems.push(Problem {
            level,
            file: file.to_owned(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            message: message.into(),
        });
    }

    /// The account on `platform` with this DID or handle: the case's, the plan's, or a new one.
    /// A handle is written with `@`; a DID is kept as a `did:…` tag.
    pub fn account(
        &mut self,
        platform: &str,
        handle: Option<&str>,
        did: Option<&str>,
    ) -> AccountId {
        let handle = handle.map(str::trim).filter(|h| !h.is_empty());
        let did = did.map(str::trim).filter(|d| !d.is_empty());
        let by_did = did.and_then(|d| self.accounts.get(&did_key(d)).cloned());
        let by_handle = handle.and_then(|h| self.accounts.get(&handle_key(platform, h)).cloned());
        if let Some(id) = by_did.clone().or(by_handle.clone()) {
            // A handle or DID learnt later fills in a new account (not an existing one).
            let learnt =
                (by_did.is_none() && did.is_some()) || (by_handle.is_none() && handle.is_some());
            if learnt
                && let Some(&i) = self.new_accounts.get(&id)
                && let Some(a) = self.plan.accounts.get_mut(i)
            {
                if a.handle.is_empty()
                    && let Some(h) = handle
                {
                    a.handle = at_handle(h);
                }
                if let Some(d) = did
                    && !a.meta.tags.iter().any(|t| t == &did_key(d))
                {
                    a.meta.tags.push(did_key(d));
                }
                let a = a.clone();
                self.index_account(&a);
            }
            return id;
        }
        let mut account = Account::new(
            AccountId::generate(),
            platform,
            &handle.map(at_handle).unwrap_or_default(),
            self.now,
        );
        if let Some(d) = did {
            account.meta.tags.push(did_key(d));
            if handle.is_none() {
                account.display_name = d.to_owned();
            }
        }
        self.index_account(&account);
        let id = account.id.clone();
        self.new_accounts
            .insert(id.clone(), self.plan.accounts.len());
        self.plan.accounts.push(account);
        id
    }

    /// The platform item (a post, a listing, an account) known only by an id kept as the tag
    /// `identity` ("dsa-puid:TK421"): the case's, the plan's, or a new account record named
    /// `name`.
    pub fn account_item(&mut self, platform: &str, name: &str, identity: &str) -> AccountId {
        if let Some(id) = self.accounts.get(identity) {
            return id.clone();
        }
        let mut account = Account::new(AccountId::generate(), platform, "", self.now);
        account.display_name = name.to_owned();
        account.meta.tags.push(identity.to_owned());
        self.index_account(&account);
        let id = account.id.clone();
        self.new_accounts
            .insert(id.clone(), self.plan.accounts.len());
        self.plan.accounts.push(account);
        id
    }

    /// The staff member with this name (or DID): the case's, the plan's, or a new one.
    pub fn staff(&mut self, name: &str, did: Option<&str>, employment: Employment) -> StaffId {
        let found = did
            .and_then(|d| self.staff.get(&did_key(d)))
            .or_else(|| self.staff.get(&name_key(name)))
            .cloned();
        if let Some(id) = found {
            return id;
        }
        let Record::Staff(mut staff) = new_record(RecordKind::Staff, self.case, self.now) else {
            unreachable!("new_record(Staff) makes a staff member")
        };
        let n = self.case.staff.len() + self.plan.staff.len();
        staff.name = name.trim().to_owned();
        staff.pseudonym = format!("Staff {}", letter_name(n));
        staff.employment = employment;
        staff.meta.tags.extend(did.map(did_key));
        self.index_person(
            &staff.name,
            &staff.meta.tags,
            Person::Staff(staff.id.clone()),
        );
        let id = staff.id.clone();
        self.plan.staff.push(staff);
        id
    }

    /// The outside person with this name (or DID): the case's, the plan's, or a new one.
    pub fn outsider(&mut self, name: &str, did: Option<&str>, role: OutsiderRole) -> OutsiderId {
        let found = did
            .and_then(|d| self.outsiders.get(&did_key(d)))
            .or_else(|| self.outsiders.get(&name_key(name)))
            .cloned();
        if let Some(id) = found {
            return id;
        }
        let Record::Outsider(mut outsider) = new_record(RecordKind::Outsider, self.case, self.now)
        else {
            unreachable!("new_record(Outsider) makes an outside person")
        };
        let n = self.case.outsiders.len() + self.plan.outsiders.len();
        outsider.name = name.trim().to_owned();
        outsider.pseudonym = format!("Outsider {}", letter_name(n));
        outsider.role = role;
        outsider.meta.tags.extend(did.map(did_key));
        self.index_person(
            &outsider.name,
            &outsider.meta.tags,
            Person::Outsider(outsider.id.clone()),
        );
        let id = outsider.id.clone();
        self.plan.outsiders.push(outsider);
        id
    }

    /// An account this plan creates, by id (to fill in what a later row tells about it).
    pub fn new_account_mut(&mut self, id: &AccountId) -> Option<&mut Account> {
        let i = *self.new_accounts.get(id)?;
        self.plan.accounts.get_mut(i)
    }
}

enum Person {
    Staff(StaffId),
    Outsider(OutsiderId),
}

/// "A", …, "Z", "AA", "AB": pseudonym letters that never run out.
fn letter_name(n: usize) -> String {
    let letter = (b'A' + (n % 26) as u8) as char;
    if n < 26 {
        letter.to_string()
    } else {
        format!("{}{letter}", letter_name(n / 26 - 1))
    }
}

fn did_key(did: &str) -> String {
    did.trim().to_owned()
}

fn handle_key(platform: &str, handle: &str) -> String {
    format!(
        "{}\u{1f}{}",
        platform.trim().to_lowercase(),
        handle.trim().trim_start_matches('@').to_lowercase()
    )
}

fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn at_handle(handle: &str) -> String {
    let h = handle.trim();
    if h.starts_with('@') || h.contains(char::is_whitespace) {
        h.to_owned()
    } else {
        format!("@{h}")
    }
}

/// A short digest of `parts` (hex), for import keys of rows that have no id of their own.
pub fn digest(parts: &[&str]) -> String {
    use sha2::{Digest as _, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The position of a serde_json error inside a part of a text that starts at `base`.
pub fn json_error_position(
    index: &LineIndex<'_>,
    base: usize,
    error: &serde_json::Error,
) -> (usize, usize) {
    let (line, column) = index.position(base);
    if error.line() <= 1 {
        (line, column + error.column().saturating_sub(1))
    } else {
        (line + error.line() - 1, error.column())
    }
}

/// A serde_json error's message without its " at line L column C" tail (the position is
/// printed in front).
pub fn json_error_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_positions() {
        let text = "ab\ncdé\nf";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(4), (2, 2));
        assert_eq!(index.position(text.len() - 1), (3, 1));
        assert_eq!(index.position(text.len() + 5), (3, 2));
        assert_eq!(index.offset_of(&text[3..5]), Some(3));
        assert_eq!(index.offset_of("elsewhere"), None);
    }

    #[test]
    fn pseudonym_letters_never_run_out() {
        assert_eq!(letter_name(0), "A");
        assert_eq!(letter_name(25), "Z");
        assert_eq!(letter_name(26), "AA");
        assert_eq!(letter_name(27), "AB");
    }
}
