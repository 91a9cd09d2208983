#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Import (`casebook import`, `casebook::import`): Ozone event logs, spreadsheets, Timesketch
//! timelines and DSA statements of reasons, with the real payloads copied into
//! tests/fixtures/import/ (provenance in its README) and fixtures written for these tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use casebook::import::{self, Format, Input, Options};
use casebook::model::state::{AccountState, account_history};
use casebook::model::*;
use casebook::store;
use chrono::{TimeZone as _, Utc};

use crate::common::fixture;

fn casebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .output()
        .expect("casebook runs")
}

fn import_fixture(name: &str) -> PathBuf {
    fixture(&format!("import/{name}"))
}

fn input(name: &str) -> Input {
    let path = import_fixture(name);
    Input {
        name: name.to_owned(),
        text: std::fs::read_to_string(&path).unwrap(),
    }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0)
        .single()
        .unwrap()
}

fn empty_case() -> Case {
    Case::new("Imported", "UTC", now())
}

fn plan(case: &Case, format: Format, inputs: &[Input]) -> import::Plan {
    import::plan(case, format, inputs, &Options::default(), now())
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Ozone

#[test]
fn ozone_history_reads_suspended_then_reinstated_with_the_reversal_linked() {
    // Newest page first, as Ozone pages; each page newest first.
    let pages = [
        input("ozone-history-page1.json"),
        input("ozone-history-page2.json"),
    ];
    let mut case = empty_case();
    let plan = plan(&case, Format::Ozone, &pages);
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    plan.apply(&mut case);
    assert_eq!(case.accounts.len(), 1);
    let account = &case.accounts[0];
    assert_eq!(account.handle, "@dora.example.social");
    assert_eq!(account.platform, "Bluesky");
    assert!(
        account
            .meta
            .tags
            .contains(&"did:plc:dora5xkq2v7ouh3ykt4mzbet".to_owned())
    );
    let kinds: Vec<ActionKind> = case.actions.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            ActionKind::ReportReceived,
            ActionKind::Review,
            ActionKind::Suspension,
            ActionKind::Appeal,
            ActionKind::Reinstatement,
        ]
    );
    let takedown = &case.actions[2];
    let reversal = &case.actions[4];
    assert_eq!(reversal.reverses.as_ref(), Some(&takedown.id));
    // Set for 72 hours, reversed after about 52: planned to end at 72 h, ended when reversed.
    assert_eq!(
        takedown
            .planned_end
            .as_ref()
            .map(|w| w.at - takedown.start.at),
        Some(chrono::Duration::hours(72))
    );
    assert_eq!(takedown.end.as_ref(), Some(&reversal.start));
    assert_eq!(takedown.policy, "spam, sev-1");
    assert_eq!(takedown.start.precision, Precision::Second);
    assert_eq!(
        takedown.start.at,
        Utc.with_ymd_and_hms(2024, 6, 1, 11, 30, 0)
            .single()
            .unwrap()
    );
    // The reporter is an outside person; moderators are staff; the appeal is the holder's.
    assert!(matches!(case.actions[0].performer, Actor::Outsider(_)));
    assert_eq!(case.outsiders[0].role, OutsiderRole::Reporter);
    assert_eq!(case.outsiders[0].name, "@watcher.example.social");
    assert_eq!(case.actions[0].policy, "spam");
    assert!(matches!(takedown.performer, Actor::Staff(_)));
    assert_eq!(case.staff.len(), 2);
    assert!(
        matches!(&case.actions[3].performer, Actor::External(who) if who.contains("account holder"))
    );

    let states: Vec<AccountState> = account_history(&case, &account.id)
        .iter()
        .map(|p| p.state)
        .collect();
    assert_eq!(
        states,
        [
            AccountState::Active,
            AccountState::Suspended,
            AccountState::Reinstated
        ]
    );
    let history = account_history(&case, &account.id);
    assert_eq!(history[1].until, Some(reversal.start.at));
    assert!(
        validate(&case).iter().all(|p| p.level != Level::Error),
        "{:?}",
        validate(&case)
    );

    // Again, pages in the other order: nothing new.
    let again = import::plan(
        &case,
        Format::Ozone,
        &[pages[1].clone(), pages[0].clone()],
        &Options::default(),
        now(),
    );
    assert!(again.is_empty(), "{}", again.summary());
    assert_eq!(again.already_present, 5);
}

#[test]
fn ozone_real_fixtures_import_without_errors() {
    for name in [
        "ozone-cypress-events.json",
        "ozone-queryEvents-carla.json",
        "ozone-cypress-statuses.json",
        "ozone-queryStatuses-onlyRepo.json",
        "ozone-snapshot-ozone-moderation-events.json",
        "ozone-snapshot-ozone-account-strikes.json",
        "ozone-snapshot-ozone-moderation-statuses.json",
        "ozone-snapshot-pds-proxied-admin.json",
    ] {
        let mut case = empty_case();
        let plan = plan(&case, Format::Ozone, &[input(name)]);
        assert_eq!(plan.error_count(), 0, "{name}: {:?}", plan.problems);
        assert!(!plan.is_empty(), "{name}");
        plan.apply(&mut case);
        let errors: Vec<_> = validate(&case)
            .into_iter()
            .filter(|p| p.level == Level::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        // Round trip through the archive.
        let text = store::to_text(&case).unwrap();
        assert_eq!(store::parse(&text, Path::new("x")).unwrap(), case);
        // Importing it again adds nothing.
        let again = import::plan(
            &case,
            Format::Ozone,
            &[input(name)],
            &Options::default(),
            now(),
        );
        assert!(again.is_empty(), "{name}: {}", again.summary());
    }
}

#[test]
fn ozone_cypress_events_map_labels_tags_and_the_reporter() {
    let mut case = empty_case();
    plan(&case, Format::Ozone, &[input("ozone-cypress-events.json")]).apply(&mut case);
    assert_eq!(case.actions.len(), 6);
    let tag = case
        .actions
        .iter()
        .find(|a| a.summary.contains("lang:und"))
        .unwrap();
    // Tags come from the service account: automated, not a staff member.
    assert!(matches!(&tag.performer, Actor::System(name) if name.contains("mod-authority.test")));
    let removal = case.actions.last().unwrap();
    assert_eq!(removal.kind, ActionKind::Reinstatement);
    let reversed = case.action(removal.reverses.as_ref().unwrap()).unwrap();
    assert!(reversed.summary.contains("illicit"), "{}", reversed.summary);
    assert!(
        case.actions
            .iter()
            .all(|a| a.meta.tags.iter().any(|t| t.starts_with("import:ozone:")))
    );
}

#[test]
fn ozone_unknown_event_types_and_fields_are_kept_and_reported() {
    let text = r#"{"events":[
 {"id":1,"event":{"$type":"tools.ozone.moderation.defs#modEventFuture","comment":"new kind","shiny":true},
  "subject":{"$type":"com.atproto.admin.defs#repoRef","did":"did:plc:abc"},"subjectBlobCids":[],
  "createdBy":"did:plc:mod","createdAt":"2025-01-02T03:04:05Z","subjectHandle":"abc.test","creatorHandle":"mod.test"},
 {"id":2,"event":{"$type":"tools.ozone.moderation.defs#modEventTakedown","comment":"x","newField":1},
  "subject":{"$type":"com.atproto.admin.defs#repoRef","did":"did:plc:abc"},"subjectBlobCids":[],
  "createdBy":"did:plc:mod","createdAt":"2025-01-02T04:00:00Z","viewerSomething":"y"}
]}"#;
    let plan = plan(
        &empty_case(),
        Format::Ozone,
        &[Input {
            name: "future.json".to_owned(),
            text: text.to_owned(),
        }],
    );
    assert_eq!(plan.actions.len(), 2);
    let other = &plan.actions[0];
    assert_eq!(other.kind, ActionKind::Other);
    assert!(
        other
            .meta
            .notes
            .iter()
            .any(|n| n.internal && n.text.contains("modEventFuture") && n.text.contains("shiny"))
    );
    let messages: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m
            .starts_with("future.json:2:2: warning: event 1: modEventFuture has no Casebook kind")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("future.json:5:2:")
            && m.contains("`viewerSomething`")
            && m.contains("`newField`")),
        "{messages:#?}"
    );
    assert_eq!(plan.actions[1].kind, ActionKind::Suspension);
}

#[test]
fn malformed_json_is_reported_at_its_line_and_column() {
    let plan = plan(
        &empty_case(),
        Format::Ozone,
        &[Input {
            name: "bad.json".to_owned(),
            text: "{\"events\": [\n  {\"id\": 1,\n   \"event\": }\n]}".to_owned(),
        }],
    );
    assert!(plan.is_empty());
    assert_eq!(plan.problems.len(), 1);
    let message = plan.problems[0].to_string();
    assert!(
        message.starts_with("bad.json:3:13: error: not valid JSON: expected value"),
        "{message}"
    );
}

#[test]
fn cli_imports_ozone_pages_then_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("dora.case.ron");
    let page1 = import_fixture("ozone-history-page1.json");
    let page2 = import_fixture("ozone-history-page2.json");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "import",
            p(&page1),
            p(&page2),
            "--from",
            "ozone",
            "--into",
            p(&case),
        ];
        a.extend_from_slice(extra);
        casebook(&a)
    };
    let dry = args(&["--dry-run", "--title", "Dora's suspension"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("Would add to"), "{}", stdout(&dry));
    assert!(
        stdout(&dry).contains("reverses the suspension"),
        "{}",
        stdout(&dry)
    );
    assert!(!case.exists(), "a dry run writes nothing");

    let first = args(&["--title", "Dora's suspension"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).contains("Created"), "{}", stdout(&first));
    let loaded = store::load(&case).unwrap();
    assert_eq!(loaded.case.info.title, "Dora's suspension");
    assert_eq!(loaded.case.actions.len(), 5);

    let second = args(&[]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(stdout(&second).contains("nothing new (5 items already in the case)"));
    assert_eq!(store::load(&case).unwrap().text, loaded.text, "unchanged");
}

#[test]
fn cli_refuses_bad_json_and_leaves_the_case_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c.case.ron");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"events\": [ {\"id\": 1, ").unwrap();
    let out = casebook(&["import", p(&bad), "--from", "ozone", "--into", p(&case)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.json:1:"), "{}", stderr(&out));
    assert!(!case.exists());
}

#[test]
fn cli_import_into_a_case_open_in_the_app_says_so_and_the_app_sees_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("open.case.ron");
    let page = import_fixture("ozone-history-page2.json");
    std::fs::write(&case, store::to_text(&empty_case()).unwrap()).unwrap();
    let loaded = store::load(&case).unwrap();
    // The app holds the lock (this process, alive) and the hash of what it read.
    let _lock = store::CaseLock::acquire(&case, false).unwrap();
    let out = casebook(&["import", p(&page), "--from", "ozone", "--into", p(&case)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("open in Casebook on"),
        "{}",
        stderr(&out)
    );
    // The app's next save is refused as a conflict: the import is not overwritten.
    let err = store::save(&case, &loaded.case, Some(loaded.hash)).unwrap_err();
    assert!(matches!(err, store::SaveError::Conflict { .. }), "{err}");
    assert_eq!(store::load(&case).unwrap().case.actions.len(), 3);
}

#[test]
fn ozone_reversal_in_a_later_import_ends_the_earlier_takedown() {
    // The older page first, on its own: a takedown set for 72 hours.
    let mut case = empty_case();
    plan(&case, Format::Ozone, &[input("ozone-history-page2.json")]).apply(&mut case);
    let takedown = case
        .actions
        .iter()
        .find(|a| a.kind == ActionKind::Suspension)
        .unwrap()
        .clone();
    assert_eq!(
        takedown.duration,
        Some(ApproxDuration::new(72 * 3600, false))
    );
    // Days later, the newer page: the appeal and the reversal.
    let later = plan(&case, Format::Ozone, &[input("ozone-history-page1.json")]);
    assert_eq!(later.updated_actions.len(), 1, "{}", later.summary());
    assert!(
        later.summary().contains("1 action updated"),
        "{}",
        later.summary()
    );
    // As the app applies it (one edit) and as the command line does: the same case.
    let mut by_edit = case.clone();
    later.edit(&case).apply(&mut by_edit).unwrap();
    later.apply(&mut case);
    assert_eq!(by_edit, case);
    let reversal = case.actions.iter().find(|a| a.reverses.is_some()).unwrap();
    assert_eq!(reversal.reverses.as_ref(), Some(&takedown.id));
    let updated = case.action(&takedown.id).unwrap();
    assert_eq!(updated.end.as_ref(), Some(&reversal.start));
    assert_eq!(updated.duration, None);
    let account = &case.accounts[0].id;
    let history = account_history(&case, account);
    assert_eq!(history[1].state, AccountState::Suspended);
    assert_eq!(
        history[1].until,
        Some(reversal.start.at),
        "reinstated at the reversal, not at 72 h"
    );
    // Both pages again: nothing new, nothing updated.
    let again = plan(
        &case,
        Format::Ozone,
        &[
            input("ozone-history-page1.json"),
            input("ozone-history-page2.json"),
        ],
    );
    assert!(again.is_empty(), "{}", again.summary());
}

mod app;
mod formats;

#[test]
fn cli_with_nothing_to_import_creates_no_case() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("none.case.ron");
    let sheet = dir.path().join("header-only.csv");
    std::fs::write(&sheet, "when,what\n").unwrap();
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    for (file, from) in [(&sheet, "csv"), (&empty, "ozone"), (&empty, "dsa")] {
        let out = casebook(&["import", p(file), "--from", from, "--into", p(&case)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("nothing new; not created"),
            "{}",
            stdout(&out)
        );
        assert!(!case.exists());
    }
}
