#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Import of spreadsheets, Timesketch timelines and DSA statements of reasons (Ozone and the
//! shared helpers are in the parent module).

use super::*;

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
