//! Helpers shared by the integration tests: the sample case, a small hand-built valid case, a
//! fixed clock, and problem lookups.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use casebook::model::*;
use casebook::store;
use chrono::{DateTime, TimeZone as _, Utc};
use chrono_tz::Tz;

/// The sample case shipped with the crate.
pub fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/twitter-2017-deactivation.case.ron")
}

/// A file under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The sample's exact text.
pub fn sample_text() -> String {
    std::fs::read_to_string(sample_path()).expect("sample case is readable UTF-8")
}

/// The sample, loaded through the store like a user would.
pub fn sample() -> Case {
    store::load(&sample_path()).expect("sample case loads").case
}

/// The sample plus a bulk action: the contractor suspends `n` accounts (all the sample's one
/// account, for simplicity) in the same minute, each for three hours, starting just before the
/// sample's deactivation — more bars than a lane stacks, ahead of what the case is about.
pub fn sample_with_bulk_action(n: usize) -> Case {
    let mut case = sample();
    let template = case
        .actions
        .iter()
        .find(|a| a.id.as_str() == "act-deactivation")
        .expect("the sample's deactivation")
        .clone();
    let at = Utc
        .with_ymd_and_hms(2017, 11, 2, 21, 0, 0)
        .single()
        .expect("valid time");
    for i in 0..n {
        let mut a = template.clone();
        a.id = format!("act-bulk-{i:03}").as_str().into();
        a.kind = ActionKind::Suspension;
        a.summary = format!("Bulk suspension {i}");
        a.start = When::exact(at);
        a.end = None;
        a.duration = Some(ApproxDuration::new(3 * 3600, false));
        a.reverses = None;
        a.meta.key_event = false;
        a.authorization = Authorization::Authorized;
        case.actions.push(a);
    }
    case
}

/// The fixed "now" every test uses instead of the clock.
pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0)
        .single()
        .expect("valid fixed time")
}

pub fn ny() -> Tz {
    chrono_tz::America::New_York
}

pub fn berlin() -> Tz {
    chrono_tz::Europe::Berlin
}

/// A time typed by a person in `tz`.
pub fn when(text: &str, tz: Tz) -> When {
    When::parse(text, tz).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

/// Only the errors among `case`'s problems.
pub fn errors(case: &Case) -> Vec<Problem> {
    validate(case)
        .into_iter()
        .filter(|p| p.level == Level::Error)
        .collect()
}

/// 1-based number of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
}

/// A small case built by hand, in Europe/Berlin, with one record or more of every kind and every
/// kind of reference; it validates with no problems at all.
pub fn small_case() -> Case {
    let tz = berlin();
    let now = fixed_now();
    let meta = |sources: &[&str]| {
        let mut m = Meta::new(now);
        m.sources = sources.iter().map(|s| SourceId::from(*s)).collect();
        m
    };
    let mut case = Case::new(
        "Suspension of @alice during the March spam wave",
        "Europe/Berlin",
        now,
    );
    case.info.id = CaseId::from("case-small");
    case.accounts.push(Account {
        id: AccountId::from("acct-alice"),
        platform: "Bluesky".to_owned(),
        handle: "@alice".to_owned(),
        display_name: "Alice".to_owned(),
        profile_url: String::new(),
        audience: Some(Audience {
            count: 1200,
            as_of: Some(when("2024-03-01", tz)),
        }),
        kind: AccountKind::Individual,
        protected: true,
        class: None,
        meta: meta(&["src-ticket"]),
    });
    case.staff.push(Staff {
        id: StaffId::from("staff-mira"),
        name: "Mira Moderator".to_owned(),
        pseudonym: "Moderator A".to_owned(),
        protected: None,
        group: false,
        role: "Moderator".to_owned(),
        team: "Trust & Safety".to_owned(),
        employment: Employment::Employee,
        access_level: "tier 2".to_owned(),
        tenure_start: Some(when("2020-01", tz)),
        tenure_end: None,
        size: None,
        meta: meta(&[]),
    });
    case.outsiders.push(Outsider {
        id: OutsiderId::from("out-reporter"),
        name: "Rosa Reporter".to_owned(),
        group: false,
        size: None,
        role: OutsiderRole::Reporter,
        organisation: String::new(),
        pseudonym: "Reporting user".to_owned(),
        protected: None,
        meta: meta(&["src-ticket"]),
    });
    case.actions.push(Action {
        id: ActionId::from("act-restrict"),
        kind: ActionKind::Restriction,
        summary: "Rate limit applied by the spam classifier".to_owned(),
        targets: vec![AccountId::from("acct-alice")],
        performer: Actor::System("spam classifier".to_owned()),
        start: when("2024-03-01 08:00", tz),
        end: Some(when("2024-03-01 20:00", tz)),
        duration: Some(ApproxDuration::new(12 * 3600, false)),
        policy: "Spam".to_owned(),
        authorization: Authorization::Authorized,
        reverses: None,
        meta: meta(&["src-ticket"]),
        ..blank_action()
    });
    case.actions.push(Action {
        id: ActionId::from("act-suspend"),
        kind: ActionKind::Suspension,
        summary: "Account suspended for spam".to_owned(),
        targets: vec![AccountId::from("acct-alice")],
        performer: Actor::Staff(StaffId::from("staff-mira")),
        start: when("2024-03-04 10:15", tz),
        end: None,
        duration: None,
        policy: "Spam".to_owned(),
        authorization: Authorization::Authorized,
        reverses: None,
        meta: meta(&["src-ticket"]),
        ..blank_action()
    });
    case.actions.push(Action {
        id: ActionId::from("act-reinstate"),
        kind: ActionKind::Reinstatement,
        summary: "Suspension lifted on appeal".to_owned(),
        targets: vec![AccountId::from("acct-alice")],
        performer: Actor::Staff(StaffId::from("staff-mira")),
        start: when("2024-03-05 09:00", tz),
        end: None,
        duration: None,
        policy: String::new(),
        authorization: Authorization::Authorized,
        reverses: Some(ActionId::from("act-suspend")),
        meta: meta(&[]),
        ..blank_action()
    });
    case.statements.push(Statement {
        id: StatementId::from("stmt-looking"),
        speaker: Speaker::Organisation("Example Platform".to_owned()),
        channel: Channel::Post,
        quote: "We are looking into it.".to_owned(),
        verbatim: true,
        when: when("2024-03-04 evening", tz),
        after: Vec::new(),
        before: Vec::new(),
        follows: None,
        about: vec![ActionId::from("act-suspend")],
        through: None,
        when_source: None,
        alternatives: Vec::new(),
        meta: meta(&[]),
    });
    case.statements.push(Statement {
        id: StatementId::from("stmt-mistake"),
        speaker: Speaker::Staff(StaffId::from("staff-mira")),
        channel: Channel::Email,
        quote: "The suspension was a mistake.".to_owned(),
        verbatim: true,
        when: when("2024-03-06", tz),
        after: Vec::new(),
        before: Vec::new(),
        follows: Some(StatementLink {
            kind: StatementLinkKind::Corrects,
            statement: StatementId::from("stmt-looking"),
        }),
        about: vec![
            ActionId::from("act-suspend"),
            ActionId::from("act-reinstate"),
        ],
        through: None,
        when_source: None,
        alternatives: Vec::new(),
        meta: meta(&["src-ticket"]),
    });
    case.statements.push(Statement {
        id: StatementId::from("stmt-alice"),
        speaker: Speaker::Account(AccountId::from("acct-alice")),
        channel: Channel::Post,
        quote: "I was suspended for nothing.".to_owned(),
        verbatim: false,
        when: when("2024-03-05", tz),
        after: Vec::new(),
        before: Vec::new(),
        follows: None,
        about: vec![],
        through: None,
        when_source: None,
        alternatives: Vec::new(),
        meta: meta(&[]),
    });
    case.sources.push(Source {
        id: SourceId::from("src-ticket"),
        title: "Support ticket 4711".to_owned(),
        publisher: "Zendesk".to_owned(),
        url: "https://example.org/tickets/4711".to_owned(),
        published: Some(when("2024-03-04", tz)),
        accessed: Some(when("2024-03-10", tz)),
        evidence: None,
        also_at: Vec::new(),
        meta: meta(&[]),
    });
    case.postmortem.impact = "A legitimate account was suspended for a day.".to_owned();
    case.postmortem.follow_ups.push(FollowUp {
        id: FollowUpId::from("fu-guidance"),
        description: "Review the spam suspension guidance".to_owned(),
        owner: "Policy".to_owned(),
        status: FollowUpStatus::Open,
        due: Some(when("2024-06", tz)),
        priority: None,
        tracker: String::new(),
        meta: meta(&["src-ticket"]),
    });
    case
}

/// Every reference to a record of `case`, for "is anything left pointing here?" checks.
pub fn all_refs(case: &Case) -> Vec<RecordRef> {
    let mut refs = Vec::new();
    refs.extend(
        case.accounts
            .iter()
            .map(|r| RecordRef::Account(r.id.clone())),
    );
    refs.extend(case.staff.iter().map(|r| RecordRef::Staff(r.id.clone())));
    refs.extend(
        case.outsiders
            .iter()
            .map(|r| RecordRef::Outsider(r.id.clone())),
    );
    refs.extend(case.actions.iter().map(|r| RecordRef::Action(r.id.clone())));
    refs.extend(
        case.statements
            .iter()
            .map(|r| RecordRef::Statement(r.id.clone())),
    );
    refs.extend(case.sources.iter().map(|r| RecordRef::Source(r.id.clone())));
    refs.extend(
        case.postmortem
            .follow_ups
            .iter()
            .map(|r| RecordRef::FollowUp(r.id.clone())),
    );
    refs
}

/// Names of the leftover temp files (`.<name>.tmp-*`) in `dir`.
pub fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with('.') && n.contains(".tmp-"))
        .collect()
}

/// The text the app put on the clipboard in the frame that produced `output`, if any.
#[cfg(feature = "gui")]
pub fn copied_text(output: &egui::FullOutput) -> Option<String> {
    output
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

/// An action with every optional field empty, for `Action { …, ..blank_action() }` in tests
/// that spell out only the fields they care about.
pub fn blank_action() -> Action {
    Action::new(
        ActionId::from("act-blank"),
        ActionKind::Other,
        "",
        When::exact(fixed_now()),
        fixed_now(),
    )
}
