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

// ---------------------------------------------------------------------------------------------
// CSV

#[test]
fn csv_keeps_precisions_and_zones_and_lists_unreadable_rows() {
    let mut case = Case::new("Sheet", "America/New_York", now());
    let plan = plan(&case, Format::Csv, &[input("sheet-mixed.csv")]);
    let problems: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    assert_eq!(plan.error_count(), 1, "{problems:#?}");
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("sheet-mixed.csv:7:1: error: When: cannot read \"not a time\"")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("column Colour not imported")),
        "{problems:#?}"
    );
    plan.apply(&mut case);
    assert_eq!(case.actions.len(), 5);
    assert_eq!(case.statements.len(), 1);
    let find = |summary: &str| case.actions.iter().find(|a| a.summary == summary).unwrap();
    let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let london: chrono_tz::Tz = "Europe/London".parse().unwrap();

    let report = find("Report about the account");
    assert_eq!(
        report.start.precision,
        Precision::PartOfDay,
        "an evening stays an evening"
    );
    assert_eq!(report.start.display(tz), "2017-11-02 evening");
    assert_eq!(report.meta.notes[0].text, "first report");
    assert!(matches!(&report.performer, Actor::External(_)));

    let deactivation = find("Account deactivated");
    assert_eq!(deactivation.start.precision, Precision::Minute);
    assert_eq!(
        deactivation.start.at,
        Utc.with_ymd_and_hms(2017, 11, 2, 22, 45, 0)
            .single()
            .unwrap()
    );
    assert_eq!(
        deactivation.duration,
        Some(ApproxDuration::new(11 * 60, true))
    );
    assert!(deactivation.meta.tags.contains(&"insider".to_owned()));
    assert!(deactivation.meta.tags.contains(&"key".to_owned()));

    let london_review = find("Reviewed in London");
    assert!(london_review.start.approximate);
    assert_eq!(
        london_review.start.at,
        Utc.with_ymd_and_hms(2017, 11, 2, 23, 10, 0)
            .single()
            .unwrap()
    );
    let london_day = find("A London day");
    assert_eq!(london_day.start.precision, Precision::Day);
    assert_eq!(
        london_day.start.zone,
        Some(Zone::Named(london)),
        "London's day, not New York's"
    );

    let restored = find("Restored");
    assert_eq!(restored.reverses.as_ref(), Some(&deactivation.id));
    assert_eq!(case.statements[0].when.precision, Precision::Month);

    // Again: nothing new (the unreadable row is still reported).
    let again = import::plan(
        &case,
        Format::Csv,
        &[input("sheet-mixed.csv")],
        &Options::default(),
        now(),
    );
    assert!(again.is_empty(), "{}", again.summary());
    assert_eq!(again.already_present, 6);
}

#[test]
fn csv_columns_can_be_mapped_by_name() {
    let text = "Moment,Happening,Kind\n2024-03-05 14:32,Suspended by mistake,susp\n";
    let inputs = [Input {
        name: "m.csv".to_owned(),
        text: text.to_owned(),
    }];
    let unmapped = plan(&empty_case(), Format::Csv, &inputs);
    assert!(unmapped.is_empty());
    assert!(
        unmapped.problems[0]
            .to_string()
            .contains("no column says when"),
        "{:?}",
        unmapped.problems
    );
    let options = Options {
        mapping: vec![
            (import::csv::Field::When, "moment".to_owned()),
            (import::csv::Field::What, "Happening".to_owned()),
        ],
        ..Options::default()
    };
    let mapped = import::plan(&empty_case(), Format::Csv, &inputs, &options, now());
    assert_eq!(mapped.actions.len(), 1, "{:?}", mapped.problems);
    assert_eq!(mapped.actions[0].summary, "Suspended by mistake");
    assert_eq!(mapped.actions[0].kind, ActionKind::Suspension);
}

#[test]
fn cli_imports_a_spreadsheet_with_a_mapping_file() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("log.csv");
    std::fs::write(
        &sheet,
        "Moment,Happening\n2024-03-05 14:32,Account locked\n2024-03-05 nonsense,Bad\n",
    )
    .unwrap();
    let mapping = dir.path().join("map.txt");
    std::fs::write(
        &mapping,
        "# our incident log\nwhen = Moment\nwhat=Happening\n",
    )
    .unwrap();
    let case = dir.path().join("log.case.ron");
    let out = casebook(&[
        "import",
        p(&sheet),
        "--from",
        "csv",
        "--into",
        p(&case),
        "--mapping",
        p(&mapping),
        "--zone",
        "Europe/Berlin",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "one row unreadable: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("log.csv:3:1: error: When:"),
        "{}",
        stderr(&out)
    );
    let loaded = store::load(&case).unwrap().case;
    assert_eq!(loaded.info.zone, "Europe/Berlin");
    assert_eq!(loaded.actions.len(), 1);
    assert_eq!(loaded.actions[0].kind, ActionKind::Other);
    assert_eq!(
        loaded.actions[0].start.at,
        Utc.with_ymd_and_hms(2024, 3, 5, 13, 32, 0)
            .single()
            .unwrap()
    );
}

// ---------------------------------------------------------------------------------------------
// Timesketch

/// An item's time, text and kind, as the round trip must keep them.
fn items(case: &Case) -> Vec<(String, String, String)> {
    let tz = case.tz();
    let mut out: Vec<(String, String, String)> = case
        .actions
        .iter()
        .map(|a| {
            (
                a.start.display(tz),
                a.summary.clone(),
                a.kind.label().to_owned(),
            )
        })
        .chain(
            case.statements
                .iter()
                .map(|s| (s.when.display(tz), s.quote.clone(), "statement".to_owned())),
        )
        .collect();
    out.sort();
    out
}

#[test]
fn timesketch_round_trip_keeps_every_items_time_text_and_kind() {
    for sample in [
        "assets/examples/twitter-2017-deactivation.case.ron",
        "assets/examples/twitter-2020-account-takeover.case.ron",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(sample);
        let original = store::load(&path).unwrap().case;
        for jsonl in [false, true] {
            let text = import::timesketch::export(&original, jsonl);
            // Into a new case in the same zone (below: in UTC).
            let mut copy = Case::new("Copy", original.info.zone.as_str(), now());
            let plan = import::plan(
                &copy,
                Format::Timesketch,
                &[Input {
                    name: "timeline".to_owned(),
                    text: text.clone(),
                }],
                &Options::default(),
                now(),
            );
            assert_eq!(plan.error_count(), 0, "{sample}: {:#?}", plan.problems);
            plan.apply(&mut copy);
            assert_eq!(items(&copy), items(&original), "{sample} jsonl={jsonl}");
            // In a UTC case too: the same instants, precisions and zones.
            let mut utc = empty_case();
            import::plan(
                &utc,
                Format::Timesketch,
                &[Input {
                    name: "t".into(),
                    text: text.clone(),
                }],
                &Options::default(),
                now(),
            )
            .apply(&mut utc);
            let tz = original.tz();
            let mut a: Vec<String> = utc.actions.iter().map(|a| a.start.display(tz)).collect();
            let mut b: Vec<String> = original
                .actions
                .iter()
                .map(|a| a.start.display(tz))
                .collect();
            a.sort();
            b.sort();
            assert_eq!(a, b, "{sample} into UTC");
            // Again: nothing new.
            let again = import::plan(
                &copy,
                Format::Timesketch,
                &[Input {
                    name: "t".into(),
                    text,
                }],
                &Options::default(),
                now(),
            );
            assert!(again.is_empty(), "{}", again.summary());
        }
    }
}

#[test]
fn timesketch_from_elsewhere_reads_instants_and_keeps_descriptions() {
    for name in ["timesketch-foreign.csv", "timesketch-foreign.jsonl"] {
        let plan = plan(&empty_case(), Format::Timesketch, &[input(name)]);
        let first = &plan.actions[0];
        assert_eq!(first.kind, ActionKind::Other);
        assert_eq!(first.start.precision, Precision::Second);
        assert_eq!(
            first.start.at,
            Utc.with_ymd_and_hms(2020, 7, 15, 14, 2, 0)
                .single()
                .unwrap()
        );
        assert!(
            first
                .meta
                .notes
                .iter()
                .any(|n| n.text == "Timesketch timestamp_desc: Time Logged")
        );
        assert!(
            plan.problems
                .iter()
                .any(|p| p.to_string().contains("extra_field_1")),
            "{name}: {:?}",
            plan.problems
        );
    }
    let csv = plan(
        &empty_case(),
        Format::Timesketch,
        &[input("timesketch-foreign.csv")],
    );
    assert_eq!(csv.actions[1].kind, ActionKind::CredentialReset);
    let jsonl = plan(
        &empty_case(),
        Format::Timesketch,
        &[input("timesketch-foreign.jsonl")],
    );
    assert_eq!(jsonl.actions.len(), 2);
    let broken: Vec<String> = jsonl.problems.iter().map(ToString::to_string).collect();
    assert!(
        broken
            .iter()
            .any(|p| p.starts_with("timesketch-foreign.jsonl:3:") && p.contains("error")),
        "{broken:?}"
    );
}

#[test]
fn cli_exports_timesketch_and_imports_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let sample = crate::common::sample_path();
    let out = dir.path().join("timeline.csv");
    let export = casebook(&[
        "export",
        p(&sample),
        "--format",
        "timesketch",
        "--out",
        p(&out),
    ]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("message,datetime,timestamp_desc,timestamp,"),
        "{text}"
    );
    let case = dir.path().join("copy.case.ron");
    let import = casebook(&[
        "import",
        p(&out),
        "--from",
        "timesketch",
        "--into",
        p(&case),
    ]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    let copy = store::load(&case).unwrap().case;
    let original = store::load(&sample).unwrap().case;
    assert_eq!(copy.actions.len(), original.actions.len());
    assert_eq!(copy.statements.len(), original.statements.len());
}

// ---------------------------------------------------------------------------------------------
// DSA statements of reasons

#[test]
fn dsa_samples_import_without_errors_and_only_once() {
    for (name, statements) in [
        ("dsa-api-example-request.json", 1),
        ("dsa-api-example-response.json", 1),
        ("dsa-cypress-example-statement.json", 1),
        ("dsa-cypress-example-multi-statements.json", 10),
    ] {
        let mut case = empty_case();
        let plan = plan(&case, Format::Dsa, &[input(name)]);
        assert_eq!(plan.error_count(), 0, "{name}: {:?}", plan.problems);
        assert_eq!(plan.actions.len(), statements, "{name}");
        plan.apply(&mut case);
        let errors: Vec<_> = validate(&case)
            .into_iter()
            .filter(|p| p.level == Level::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let again = import::plan(
            &case,
            Format::Dsa,
            &[input(name)],
            &Options::default(),
            now(),
        );
        assert!(again.is_empty(), "{name}: {}", again.summary());
    }
}

#[test]
fn dsa_statement_maps_decision_ground_automation_and_dates() {
    let plan = plan(
        &empty_case(),
        Format::Dsa,
        &[input("dsa-api-example-response.json")],
    );
    let a = &plan.actions[0];
    // The account decision is the strongest of the four; all four are in the summary.
    assert_eq!(a.kind, ActionKind::Suspension);
    assert!(
        a.summary.contains("Termination of monetary payments"),
        "{}",
        a.summary
    );
    assert_eq!(a.start.precision, Precision::Day);
    assert_eq!(a.start.display(chrono_tz::UTC), "2023-08-08");
    assert_eq!(a.disclosed.as_ref().unwrap().precision, Precision::Second);
    assert_eq!(
        a.policy,
        "terms and conditions (incompatible content grounds) — cyber violence against women"
    );
    assert!(
        a.meta
            .tags
            .contains(&"partly automated decision".to_owned())
    );
    assert!(
        a.meta
            .notes
            .iter()
            .any(|n| n.text.contains("automated detection no"))
    );
    assert!(
        a.meta
            .notes
            .iter()
            .any(|n| n.text == "Facts: facts about the decision")
    );
    assert_eq!(plan.accounts[0].platform, "The Platform");
    assert_eq!(plan.accounts[0].kind, AccountKind::Organisation);
    assert!(
        plan.accounts[0]
            .meta
            .tags
            .contains(&"dsa-puid:TK421".to_owned())
    );
}

#[test]
fn dsa_csv_dump_reads_arrays_end_dates_and_reports_bad_rows() {
    let plan = plan(&empty_case(), Format::Dsa, &[input("dsa-dump.csv")]);
    let problems: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    assert_eq!(plan.error_count(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("dsa-dump.csv:4:1: error: application_date \"not-a-date\""),
        "{problems:?}"
    );
    assert_eq!(plan.actions.len(), 2);
    let suspension = &plan.actions[0];
    assert_eq!(suspension.kind, ActionKind::Suspension);
    assert_eq!(
        suspension
            .planned_end
            .as_ref()
            .unwrap()
            .display(chrono_tz::UTC),
        "2024-06-04"
    );
    assert_eq!(
        suspension.policy,
        "terms and conditions (Spam policy) — scams and fraud — phishing"
    );
    assert!(
        suspension
            .meta
            .tags
            .contains(&"automated detection".to_owned())
    );
    let removal = &plan.actions[1];
    assert_eq!(removal.kind, ActionKind::ContentRemoval);
    assert_eq!(
        removal.policy,
        "illegal content (Section 130 StGB) — illegal or harmful speech — hate speech"
    );
    assert!(
        removal
            .meta
            .notes
            .iter()
            .any(|n| n.text == "Notified by: Example flagger e.V.")
    );
    assert!(
        removal
            .meta
            .notes
            .iter()
            .any(|n| n.text == "Content type: text, image")
    );
}

// ---------------------------------------------------------------------------------------------
// File → Import… in the app

#[cfg(feature = "gui")]
#[test]
fn app_imports_with_a_preview_as_one_undo_step() {
    use casebook::ui::CasebookApp;
    use egui::accesskit::Role;
    use egui::{Key, Modifiers};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    let app = CasebookApp::headless(Some(crate::common::sample_path()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut CasebookApp| app.show(ui), app);
    h.run();
    let actions = |h: &Harness<'_, CasebookApp>| h.state().document().unwrap().case.actions.len();
    let before = actions(&h);

    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Import…").click();
    h.run();
    let files = format!(
        "{}\n{}",
        import_fixture("ozone-history-page1.json").display(),
        import_fixture("ozone-history-page2.json").display()
    );
    h.get_by_role_and_label(Role::MultilineTextInput, "Files (one a line)")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Files (one a line)")
        .type_text(&files);
    h.run();
    h.get_by_label("Preview").click();
    h.run();
    h.get_by_label_contains("Will add: 5 actions, 1 account, 2 staff members, 1 outside person");
    assert_eq!(actions(&h), before, "a preview changes nothing");
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run();
    assert!(
        h.query_by_label_contains("Will add").is_none(),
        "the dialog closes"
    );
    assert_eq!(actions(&h), before + 5);
    let case = &h.state().document().unwrap().case;
    let reversal = case
        .actions
        .iter()
        .find(|a| a.kind == ActionKind::Reinstatement && a.reverses.is_some());
    assert!(reversal.is_some(), "the reversal is linked");

    // One Ctrl+Z takes the whole import back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(actions(&h), before);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(actions(&h), before + 5);

    // Again (the dialog keeps the files): nothing new, and Import stays disabled.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Import…").click();
    h.run();
    h.get_by_label("Preview").click();
    h.run();
    h.get_by_label_contains("nothing new (5 items already in the case)");
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run();
    assert_eq!(actions(&h), before + 5);
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
