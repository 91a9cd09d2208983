#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::TimeZone as _;

use super::*;
use crate::model::{Source, Staff};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 6, 9, 0, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The issue's small case, half built: one account, one staff member, one source.
fn case() -> Case {
    let mut case = Case::new("Mistaken suspension", "UTC", now());
    let mut account = Account::new(AccountId::from("acct-news"), "Chirp", "@newsdaily", now());
    account.display_name = "News Daily".to_owned();
    case.accounts.push(account);
    let Record::Staff(mut staff) = new_record(RecordKind::Staff, &case, now()) else {
        unreachable!()
    };
    staff.id = StaffId::from("staff-lead");
    staff.name = "Priya Raman".to_owned();
    case.staff.push(Staff { ..staff });
    let Record::Source(mut source) = new_record(RecordKind::Source, &case, now()) else {
        unreachable!()
    };
    source.id = SourceId::from("src-status");
    source.title = "Chirp status page".to_owned();
    source.url = "https://status.chirp.example/incidents/42".to_owned();
    case.sources.push(Source { ..source });
    case
}

fn rows(text: &str) -> Vec<RowText> {
    parse_pasted(text).rows
}

fn at(text: &str) -> DateTime<Utc> {
    When::parse(text, Tz::UTC).unwrap().at
}

#[test]
fn bare_times_take_the_date_of_the_row_above() {
    let tz = Tz::UTC;
    let when = when_from_text("14:32", tz, Some(date(2024, 3, 5))).unwrap();
    assert_eq!(when.at, at("2024-03-05 14:32"));
    assert_eq!(when.precision, Precision::Minute);
    let approx = when_from_text("~14:10", tz, Some(date(2024, 3, 5))).unwrap();
    assert!(approx.approximate);
    assert_eq!(approx.at, at("2024-03-05 14:10"));
    let bound = when_from_text("by 15:00", tz, Some(date(2024, 3, 5))).unwrap();
    assert_eq!(bound.bound, Some(crate::model::TimeBound::Before));
    let evening = when_from_text("evening", tz, Some(date(2024, 3, 5))).unwrap();
    assert_eq!(evening.precision, Precision::PartOfDay);
    // A full time needs no context, and ignores it.
    let full = when_from_text("2024-03-07 09:00", tz, Some(date(2024, 3, 5))).unwrap();
    assert_eq!(full.at, at("2024-03-07 09:00"));
    // No date anywhere: said, not guessed.
    let err = when_from_text("14:32", tz, None).unwrap_err();
    assert!(err.contains("no date"), "{err}");
    // Nonsense stays an error, with When::parse's explanation.
    let err = when_from_text("half past lunch", tz, Some(date(2024, 3, 5))).unwrap_err();
    assert!(err.contains("cannot read"), "{err}");

    // In a plan, each dated row passes its date down.
    let case = case();
    let plan = plan(
        &case,
        &rows(
            "2024-03-05 14:10\treport\n14:32\tsuspension\n2024-03-06 09:00\treview\n10:15\tcomment",
        ),
        None,
        now(),
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let starts: Vec<DateTime<Utc>> = plan
        .records()
        .map(|r| match r {
            Record::Action(a) => a.start.at,
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        starts,
        [
            at("2024-03-05 14:10"),
            at("2024-03-05 14:32"),
            at("2024-03-06 09:00"),
            at("2024-03-06 10:15")
        ]
    );
    assert_eq!(plan.date_after, Some(date(2024, 3, 6)));
}

#[test]
fn the_first_bare_time_takes_the_selected_or_latest_event_date() {
    let mut case = case();
    assert_eq!(
        context_date(&case, None),
        None,
        "an empty case gives no date"
    );
    let action = |id: &str, when: &str| {
        Action::new(
            ActionId::from(id),
            ActionKind::Review,
            "x",
            When::parse(when, Tz::UTC).unwrap(),
            now(),
        )
    };
    case.actions.push(action("act-1", "2024-03-05 14:10"));
    case.actions.push(action("act-2", "2024-03-07 08:00"));
    case.actions.push(action("act-3", "2024-04"));
    assert_eq!(context_date(&case, None), Some(date(2024, 3, 7)));
    assert_eq!(
        context_date(&case, Some(&RecordRef::Action(ActionId::from("act-1")))),
        Some(date(2024, 3, 5))
    );
}

#[test]
fn kinds_by_their_first_letters() {
    for (typed, kind) in [
        ("susp", EntryKind::Action(ActionKind::Suspension)),
        ("Suspension", EntryKind::Action(ActionKind::Suspension)),
        ("rev", EntryKind::Action(ActionKind::Reinstatement)),
        ("review", EntryKind::Action(ActionKind::Review)),
        ("rep", EntryKind::Action(ActionKind::ReportReceived)),
        ("stat", EntryKind::Statement(Channel::PressStatement)),
        ("status", EntryKind::Statement(Channel::StatusPage)),
        (
            "reinstatement / reversal",
            EntryKind::Action(ActionKind::Reinstatement),
        ),
        ("takeover", EntryKind::Action(ActionKind::AccountTakeover)),
        ("appeal d", EntryKind::Action(ActionKind::AppealDecision)),
    ] {
        assert_eq!(kind_from_text(typed), Some(kind), "{typed}");
    }
    assert_eq!(kind_from_text(""), None);
    assert_eq!(kind_from_text("zzz"), None);
}

#[test]
fn names_resolve_to_existing_records_or_new_ones_once() {
    let case = case();
    let plan = plan(
        &case,
        &rows(
            "2024-03-05 14:10\treport\tFlagged as impersonation\tTrusted flagger (external)\t@newsdaily\n\
             14:32\tsusp\tSuspended by mistake\tTom Becker\tnewsdaily\tchirp status\n\
             14:40\tcomment\tAsked why\tTom Becker\t@otherpaper\thttps://example.com/story/\n\
             14:50\tlabel\tLabelled\tpriya\t@OtherPaper, News Daily\twww.example.com/story",
        ),
        None,
        now(),
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let r = |row: usize, c: Column| plan.rows[row].readings[c.index()].clone();
    assert_eq!(
        r(0, Column::Who),
        Reading::Is("Trusted flagger, outside the organisation".to_owned())
    );
    assert_eq!(
        r(0, Column::Target),
        Reading::Is("@newsdaily (existing)".to_owned())
    );
    assert_eq!(
        r(1, Column::Who),
        Reading::New("new staff member ‘Tom Becker’".to_owned())
    );
    assert_eq!(
        r(1, Column::Target),
        Reading::Is("@newsdaily (existing)".to_owned()),
        "a handle without its @ is the same account"
    );
    assert!(matches!(r(1, Column::Source), Reading::Is(s) if s.contains("Chirp status page")));
    assert_eq!(
        r(2, Column::Target),
        Reading::New("new account @otherpaper".to_owned())
    );
    assert_eq!(
        r(3, Column::Who),
        Reading::Is("Priya Raman (existing)".to_owned()),
        "three letters or more of one name pick it"
    );
    // Each new name once, however many rows name it (and however it is written).
    let made: Vec<&str> = plan
        .new_records
        .iter()
        .map(|n| n.description.as_str())
        .collect();
    assert_eq!(
        made,
        [
            "account @otherpaper (Chirp)",
            "staff member Tom Becker",
            "source example.com/story"
        ]
    );
    assert_eq!(
        plan.new_records_text(),
        "account @otherpaper (Chirp), staff member Tom Becker, source example.com/story"
    );
    let actions: Vec<&Action> = plan
        .records()
        .map(|r| match r {
            Record::Action(a) => a,
            _ => unreachable!(),
        })
        .collect();
    let Record::Staff(tom) = &plan.new_records[1].record else {
        unreachable!()
    };
    assert_eq!(actions[1].performer, Actor::Staff(tom.id.clone()));
    assert_eq!(actions[2].performer, Actor::Staff(tom.id.clone()));
    assert_eq!(
        actions[0].performer,
        Actor::External("Trusted flagger".to_owned())
    );
    let Record::Account(other) = &plan.new_records[0].record else {
        unreachable!()
    };
    assert_eq!(
        other.platform, "Chirp",
        "new accounts take the case's one platform"
    );
    assert_eq!(
        actions[3].targets,
        [other.id.clone(), AccountId::from("acct-news")]
    );
    assert_eq!(actions[1].meta.sources, [SourceId::from("src-status")]);
    assert_eq!(actions[2].meta.sources, actions[3].meta.sources);

    // One edit: applied, it adds everything; its inverse takes everything away.
    let edit = plan.edit(&case).unwrap();
    assert_eq!(
        edit.label(),
        "Add 4 actions (with 1 account, 1 staff member, 1 source)"
    );
    let mut after = case.clone();
    edit.apply(&mut after).unwrap();
    assert_eq!(after.actions.len(), 4);
    assert_eq!(after.staff.len(), 2);
    assert_eq!(after.accounts.len(), 2);
    assert_eq!(after.sources.len(), 2);
    assert_eq!(after.staff[1].name, "Tom Becker");
    assert_eq!(after.staff[1].pseudonym, "Staff B");
    edit.inverse().apply(&mut after).unwrap();
    assert_eq!(after, case);
}

#[test]
fn the_issues_case_in_four_rows() {
    let case = Case::new("Mistaken suspension", "UTC", now());
    let plan = plan(
        &case,
        &rows(
            "When\tKind\tWhat\tWho\tTarget\tSource\n\
             2024-03-05 ~14:10\treport\tTrusted flagger reports @newsdaily\tFlagger (external)\t@newsdaily\n\
             14:32\tsusp\tSuspended by mistake\tTom Becker\t@newsdaily\n\
             15:05\trev\tTeam lead reverses the suspension\tPriya Raman\t@newsdaily\n\
             16:00\tstatus page\tWe suspended a news account in error.\tChirp\t\thttps://status.chirp.example/1",
        ),
        None,
        now(),
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(plan.records().count(), 4);
    let records: Vec<&Record> = plan.records().collect();
    let (Record::Action(suspension), Record::Action(reversal), Record::Statement(statement)) =
        (records[1], records[2], records[3])
    else {
        panic!("three actions and a statement: {records:?}")
    };
    assert_eq!(reversal.reverses.as_ref(), Some(&suspension.id));
    assert!(matches!(
        &plan.rows[2].readings[Column::Kind.index()],
        Reading::Is(s) if s.contains("reverses the suspension")
    ));
    assert_eq!(statement.channel, Channel::StatusPage);
    assert_eq!(statement.speaker, Speaker::Organisation("Chirp".to_owned()));
    assert_eq!(statement.quote, "We suspended a news account in error.");
    assert_eq!(statement.when.at, at("2024-03-05 16:00"));
    assert_eq!(
        plan.label(),
        "Add 3 actions, 1 statement (with 1 account, 2 staff members, 1 source)"
    );
    assert_eq!(
        plan.new_records_text(),
        "account @newsdaily, staff member Tom Becker, staff member Priya Raman, source status.chirp.example/1"
    );
    let mut after = case.clone();
    plan.edit(&case).unwrap().apply(&mut after).unwrap();
    assert!(
        crate::model::validate(&after)
            .iter()
            .all(|p| p.level != crate::model::Level::Error),
        "{:?}",
        crate::model::validate(&after)
    );
}

#[test]
fn a_new_accounts_platform_in_brackets() {
    let case = Case::new("x", "UTC", now());
    let plan = plan(
        &case,
        &rows("2024-03-05 14:10\tsusp\t\t\t@newsdaily (Chirp)\n14:20\tlabel\t\t\t@newsdaily"),
        None,
        now(),
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(plan.new_records_text(), "account @newsdaily (Chirp)");
    let Record::Account(account) = &plan.new_records[0].record else {
        unreachable!()
    };
    assert_eq!(
        (account.handle.as_str(), account.platform.as_str()),
        ("@newsdaily", "Chirp")
    );
    assert_eq!(
        plan.rows[0].readings[Column::Target.index()],
        Reading::New("new account @newsdaily (Chirp)".to_owned())
    );
    // Once made, the same handle is that account; and an existing one matches by its label.
    let mut after = case.clone();
    plan.edit(&case).unwrap().apply(&mut after).unwrap();
    assert_eq!(after.accounts.len(), 1);
    let again = super::plan(
        &after,
        &rows("14:30\tcomment\t\t\t@newsdaily (Chirp)"),
        Some(date(2024, 3, 5)),
        now(),
    );
    assert!(again.new_records.is_empty());
}

#[test]
fn pasted_text_header_quotes_and_extra_cells() {
    // A header in another order is followed and skipped.
    let pasted = parse_pasted("Type\tTime\tSummary\r\nsuspension\t2024-03-05 14:32\tOops\r\n");
    assert!(pasted.header);
    assert_eq!(pasted.rows.len(), 1);
    assert_eq!(pasted.rows[0].cell(Column::When), "2024-03-05 14:32");
    assert_eq!(pasted.rows[0].cell(Column::Kind), "suspension");
    assert_eq!(pasted.rows[0].cell(Column::What), "Oops");
    // No header: the columns in order; blank lines skipped; a quoted cell holds a tab and a
    // line break.
    let pasted = parse_pasted(
        "2024-03-05 14:10\treport\t\"He said \"\"no\"\"\tand\nleft\"\n\n14:32\tsusp\n",
    );
    assert!(!pasted.header);
    assert_eq!(pasted.rows.len(), 2);
    assert_eq!(pasted.rows[0].cell(Column::What), "He said \"no\" and left");
    assert_eq!(pasted.rows[1].cell(Column::Kind), "susp");
    // Too many cells: said, with the line.
    let pasted = parse_pasted("14:10\treport\ta\tb\tc\td\te\tf\n");
    assert_eq!(pasted.problems.len(), 1);
    assert_eq!(pasted.problems[0].row, 1);
    assert!(pasted.problems[0].to_string().starts_with("row 1: 8 cells"));
    // A heading word in a data line is not a header.
    assert!(!parse_pasted("2024-03-05\treport\n").header);
}

#[test]
fn bad_input_is_reported_with_row_and_column_and_never_panics() {
    let case = case();
    let plan = plan(
        &case,
        &[
            RowText::from_cells(&["2024-03-05 14:10", "report"]),
            RowText::default(),
            RowText::from_cells(&["25:99", "susp"]),
            RowText::from_cells(&["yesterday", "frobnicate"]),
            RowText::from_cells(&["14:00", "statement"]),
        ],
        None,
        now(),
    );
    let problems: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    assert!(problems[0].starts_with("row 3, When: "), "{problems:?}");
    assert!(problems.iter().any(|p| p.starts_with("row 4, When: ")));
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("row 4, Kind: no kind called \"frobnicate\""))
    );
    assert!(problems.iter().any(|p| p.starts_with("row 5, What: ")));
    // (No Who: the organisation of the accounts' one platform, not a problem.)
    assert!(!problems.iter().any(|p| p.starts_with("row 5, Who: ")));
    assert!(!plan.is_ready());
    assert!(plan.edit(&case).is_none());
    assert!(plan.rows[1].record.is_none(), "a blank row adds nothing");
    assert!(plan.rows[0].record.is_some(), "good rows still read");

    // Whatever is pasted, nothing panics.
    for text in [
        "",
        "\"",
        "\"\t\n\"\"\"",
        "\t\t\t\t\t\t\t\t\n\r\r\n",
        "~\t\u{0}\t@\t(external)\t,;,\thttp://",
        "by\tst\t\t?\t@\twww.",
        "9999-12-31 23:59\trev\tx\t(automated)\t@a,@a\thttps://",
    ] {
        let pasted = parse_pasted(text);
        let p = super::plan(&case, &pasted.rows, Some(date(2024, 3, 5)), now());
        let _ = p.edit(&case);
    }
}

proptest::proptest! {
    /// Whatever is pasted or typed — tabs, quotes, line breaks, half times, stray brackets —
    /// reading it never panics, and an edit made from it applies and undoes cleanly.
    #[test]
    fn any_text_reads_without_panicking(text in "[0-9:~@ \t\n\r\"(),;a-z/.-]{0,120}") {
        let case = case();
        let pasted = parse_pasted(&text);
        let p = plan(&case, &pasted.rows, Some(date(2024, 3, 5)), now());
        if let Some(edit) = p.edit(&case) {
            let mut after = case.clone();
            edit.apply(&mut after).unwrap();
            edit.inverse().apply(&mut after).unwrap();
            proptest::prop_assert_eq!(after, case);
        }
    }
}

/// The actions a plan adds, in order.
fn actions_of(plan: &Plan) -> Vec<&Action> {
    plan.records()
        .filter_map(|r| match r {
            Record::Action(a) => Some(a),
            _ => None,
        })
        .collect()
}

#[test]
fn a_new_name_follows_its_words_staff_outsider_or_automated() {
    let mut case = case();
    let Record::Outsider(mut outsider) = new_record(RecordKind::Outsider, &case, now()) else {
        unreachable!()
    };
    outsider.id = crate::model::OutsiderId::from("out-flagger");
    outsider.name = "Safer Net Hotline".to_owned();
    case.outsiders.push(outsider);
    let plan = plan(
        &case,
        &rows(
            "2024-03-05 14:00\treport\t\tSpam bot\t@newsdaily\n\
             14:01\treport\t\tAutomated filter\t@newsdaily\n\
             14:02\treport\t\tTrust system\t@newsdaily\n\
             14:03\treport\t\tTrusted flagger\t@newsdaily\n\
             14:04\treport\t\tSafer Net Hotline\t@newsdaily\n\
             14:05\treport\t\tsafer net\t@newsdaily\n\
             14:06\treport\t\tBotond Kiss\t@newsdaily\n\
             14:07\treport\t\tRobin User (staff)\t@newsdaily",
        ),
        None,
        now(),
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let performers: Vec<Actor> = actions_of(&plan)
        .iter()
        .map(|a| a.performer.clone())
        .collect();
    let made: Vec<&str> = plan
        .new_records
        .iter()
        .map(|n| n.description.as_str())
        .collect();
    assert_eq!(
        made,
        ["staff member Botond Kiss", "staff member Robin User"],
        "only names like a person's (or said to be staff) become staff"
    );
    let staff_id = |i: usize| match &plan.new_records[i].record {
        Record::Staff(s) => s.id.clone(),
        _ => unreachable!(),
    };
    assert_eq!(
        performers,
        [
            Actor::System("Spam bot".to_owned()),
            Actor::System("Automated filter".to_owned()),
            Actor::System("Trust system".to_owned()),
            Actor::External("Trusted flagger".to_owned()),
            Actor::Outsider(crate::model::OutsiderId::from("out-flagger")),
            Actor::Outsider(crate::model::OutsiderId::from("out-flagger")),
            Actor::Staff(staff_id(0)),
            Actor::Staff(staff_id(1)),
        ]
    );
    let who = |row: usize| plan.rows[row].readings[Column::Who.index()].clone();
    assert!(matches!(who(0), Reading::Is(s) if s.starts_with("Spam bot (automated")));
    assert!(
        matches!(who(3), Reading::Is(s) if s.starts_with("Trusted flagger, outside the organisation"))
    );
    assert_eq!(
        who(4),
        Reading::Is("Safer Net Hotline (existing)".to_owned())
    );
}

#[test]
fn a_known_accounts_handle_in_what_is_the_target_when_none_is_given() {
    let case = case();
    let plan = plan(
        &case,
        &rows(
            "2024-03-05 14:32\tsusp\tSuspended @NewsDaily, by mistake\tPriya Raman\n\
             14:33\tsusp\tAsked @someone_else to look\tPriya Raman\n\
             14:34\tsusp\tSuspended @newsdaily by mistake\tPriya Raman\t@otherpaper",
        ),
        None,
        now(),
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let actions = actions_of(&plan);
    assert_eq!(actions[0].targets, [AccountId::from("acct-news")]);
    assert_eq!(
        plan.rows[0].readings[Column::Target.index()],
        Reading::Is("@newsdaily (named in What)".to_owned())
    );
    assert!(
        actions[1].targets.is_empty(),
        "a handle the case does not know is not made an account from What"
    );
    assert_eq!(actions[2].targets.len(), 1, "a Target typed wins over What");
    assert_ne!(actions[2].targets[0], AccountId::from("acct-news"));
}

#[test]
fn a_reversal_without_a_target_takes_the_accounts_of_what_it_reverses() {
    let case = Case::new("Mistaken suspension", "UTC", now());
    let plan = plan(
        &case,
        &rows(
            "2024-03-05 14:32\tsusp\tSuspended by mistake\tTom Becker\t@newsdaily (Chirp)\n\
             15:05\trev\t\tPriya Raman",
        ),
        None,
        now(),
    );
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let actions = actions_of(&plan);
    assert_eq!(actions[1].reverses.as_ref(), Some(&actions[0].id));
    assert_eq!(actions[1].targets, actions[0].targets);
    assert_eq!(
        plan.rows[1].readings[Column::Target.index()],
        Reading::Is("@newsdaily (as the suspension it reverses)".to_owned())
    );
}

#[test]
fn a_statement_without_who_is_the_organisation_of_the_accounts_platform() {
    let text = "2024-03-05 16:00\tstatus page\tWe suspended a news account in error.";
    let plan_in = |case: &Case| plan(case, &rows(text), None, now());
    let with_accounts = plan_in(&case());
    assert!(with_accounts.problems.is_empty());
    let Some(Record::Statement(s)) = with_accounts.records().next() else {
        panic!("a statement")
    };
    assert_eq!(s.speaker, Speaker::Organisation("Chirp".to_owned()));
    // No account, no platform to go by: who spoke must be said.
    let empty = plan_in(&Case::new("Empty", "UTC", now()));
    assert_eq!(empty.problems.len(), 1);
    assert_eq!(empty.problems[0].column, Some(Column::Who));
}
