//! One test per validation rule: start from a valid case, introduce exactly one defect, and check
//! that exactly the right problem (level, record, field, message) is reported.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use casebook::model::*;
use casebook::store;
use common::{berlin, errors, fixed_now, ny, sample, small_case, when};

fn action<'a>(case: &'a mut Case, id: &str) -> &'a mut Action {
    case.actions
        .iter_mut()
        .find(|a| a.id.as_str() == id)
        .unwrap_or_else(|| panic!("no action {id}"))
}
fn statement<'a>(case: &'a mut Case, id: &str) -> &'a mut Statement {
    case.statements
        .iter_mut()
        .find(|s| s.id.as_str() == id)
        .unwrap_or_else(|| panic!("no statement {id}"))
}
fn staff<'a>(case: &'a mut Case, id: &str) -> &'a mut Staff {
    case.staff
        .iter_mut()
        .find(|s| s.id.as_str() == id)
        .unwrap_or_else(|| panic!("no staff {id}"))
}

fn act(id: &str) -> RecordRef {
    RecordRef::Action(ActionId::from(id))
}
fn stmt(id: &str) -> RecordRef {
    RecordRef::Statement(StatementId::from(id))
}

/// The case has exactly one error, and it is this one.
#[track_caller]
fn assert_single_error(case: &Case, record: &RecordRef, field: &str, fragment: &str) {
    let errs = errors(case);
    assert_eq!(
        errs.len(),
        1,
        "expected exactly one error ({record:?}.{field}: {fragment}), got {errs:#?}"
    );
    let p = &errs[0];
    assert_eq!((&p.record, p.field), (record, field), "{p}");
    assert!(
        p.message.contains(fragment),
        "message {:?} should contain {fragment:?}",
        p.message
    );
}

/// The case has no errors and this warning.
#[track_caller]
fn assert_warning(case: &Case, record: &RecordRef, field: &str, fragment: &str) {
    let problems = validate(case);
    assert!(
        errors(case).is_empty(),
        "a warning-only defect must not cause errors: {problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.level == Level::Warning
            && &p.record == record
            && p.field == field
            && p.message.contains(fragment)),
        "expected warning {record:?}.{field} containing {fragment:?}, got {problems:#?}"
    );
}

#[track_caller]
fn assert_no_problem_on(case: &Case, record: &RecordRef, field: &str) {
    let problems = validate(case);
    assert!(
        !problems
            .iter()
            .any(|p| &p.record == record && p.field == field),
        "no problem expected on {record:?}.{field}, got {problems:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The starting points are valid.

#[test]
fn sample_case_has_no_errors() {
    let problems = validate(&sample());
    assert!(
        problems.iter().all(|p| p.level == Level::Warning),
        "{problems:#?}"
    );
}

#[test]
fn small_hand_built_case_has_no_problems_at_all() {
    assert_eq!(validate(&small_case()), vec![]);
}

// ---------------------------------------------------------------------------------------------
// Dangling references.

#[test]
fn action_target_must_exist() {
    let mut case = sample();
    action(&mut case, "act-deactivation").targets = vec![AccountId::from("acct-ghost")];
    assert_single_error(
        &case,
        &act("act-deactivation"),
        "targets",
        "account acct-ghost",
    );
    assert!(errors(&case)[0].message.contains("does not exist"));
}

#[test]
fn action_performer_staff_must_exist() {
    let mut case = sample();
    action(&mut case, "act-deactivation").performer = Actor::Staff(StaffId::from("staff-ghost"));
    assert_single_error(
        &case,
        &act("act-deactivation"),
        "performer",
        "staff member staff-ghost",
    );
}

#[test]
fn reversed_action_must_exist() {
    let mut case = sample();
    action(&mut case, "act-restore").reverses = Some(ActionId::from("act-ghost"));
    assert_single_error(&case, &act("act-restore"), "reverses", "action act-ghost");
}

#[test]
fn action_cannot_reverse_itself() {
    let mut case = sample();
    action(&mut case, "act-restore").reverses = Some(ActionId::from("act-restore"));
    assert_single_error(
        &case,
        &act("act-restore"),
        "reverses",
        "cannot reverse itself",
    );
}

#[test]
fn statement_speaker_staff_must_exist() {
    let mut case = sample();
    statement(&mut case, "stmt-interview").speaker = Speaker::Staff(StaffId::from("staff-ghost"));
    assert_single_error(
        &case,
        &stmt("stmt-interview"),
        "speaker",
        "staff member staff-ghost",
    );
}

#[test]
fn statement_speaker_account_must_exist() {
    let mut case = sample();
    statement(&mut case, "stmt-account-holder").speaker =
        Speaker::Account(AccountId::from("acct-ghost"));
    assert_single_error(
        &case,
        &stmt("stmt-account-holder"),
        "speaker",
        "account acct-ghost",
    );
}

#[test]
fn corrected_statement_must_exist() {
    let mut case = sample();
    statement(&mut case, "stmt-rogue-contractor").follows = Some(StatementLink {
        kind: StatementLinkKind::Corrects,
        statement: StatementId::from("stmt-ghost"),
    });
    assert_single_error(
        &case,
        &stmt("stmt-rogue-contractor"),
        "follows",
        "statement stmt-ghost",
    );
}

#[test]
fn statement_about_must_name_existing_actions() {
    let mut case = sample();
    statement(&mut case, "stmt-identity")
        .about
        .push(ActionId::from("act-ghost"));
    assert_single_error(&case, &stmt("stmt-identity"), "about", "action act-ghost");
}

#[test]
fn meta_sources_must_exist_for_every_kind_of_record() {
    let base = small_case();
    let ghost = SourceId::from("src-ghost");
    let records = common::all_refs(&base);
    let kinds: std::collections::BTreeSet<_> = records.iter().filter_map(RecordRef::kind).collect();
    assert_eq!(
        kinds.len(),
        RecordKind::ALL.len(),
        "the small case has every kind of record"
    );
    for record in records {
        let mut case = base.clone();
        let (_, mut changed) = find_record(&case, &record).unwrap();
        changed.meta_mut().sources.push(ghost.clone());
        Edit::update(&case, changed)
            .unwrap()
            .apply(&mut case)
            .unwrap();
        assert_single_error(&case, &record, "sources", &format!("source {ghost}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Ids.

#[test]
fn duplicate_id_within_a_list_is_reported_on_the_second_record() {
    let mut case = sample();
    let mut copy = case.sources[0].clone();
    copy.title = "Another source with the same id".to_owned();
    case.sources.push(copy);
    let dup = RecordRef::Source(SourceId::from("src-techcrunch"));
    assert_single_error(&case, &dup, "id", "duplicate id");
    let msg = &errors(&case)[0].message;
    assert!(
        msg.contains("src-techcrunch") && msg.contains("also used by sources[src-techcrunch]"),
        "{msg}"
    );
}

#[test]
fn duplicate_id_across_kinds_is_reported() {
    let mut case = small_case();
    // A follow-up that reuses an action's id: ids are unique across the whole case.
    let mut fu = case.postmortem.follow_ups[0].clone();
    fu.id = FollowUpId::from("act-suspend");
    case.postmortem.follow_ups.push(fu);
    assert_single_error(
        &case,
        &RecordRef::FollowUp(FollowUpId::from("act-suspend")),
        "id",
        "also used by actions[act-suspend]",
    );
}

#[test]
fn invalid_id_characters_are_reported() {
    for bad in [
        "fu with spaces",
        "fu/slash",
        "fu-ümlaut",
        "",
        &"x".repeat(65),
    ] {
        let mut case = small_case();
        let mut fu = case.postmortem.follow_ups[0].clone();
        fu.id = FollowUpId::from(bad);
        case.postmortem.follow_ups.push(fu);
        assert_single_error(
            &case,
            &RecordRef::FollowUp(FollowUpId::from(bad)),
            "id",
            "not a valid id",
        );
    }
    // The longest allowed id and every allowed character are fine.
    let mut case = small_case();
    let mut fu = case.postmortem.follow_ups[0].clone();
    fu.id = FollowUpId(format!("Fu_9.-{}", "y".repeat(58)));
    assert_eq!(fu.id.as_str().len(), 64);
    case.postmortem.follow_ups.push(fu);
    assert_eq!(errors(&case), vec![]);
}

#[test]
fn invalid_case_id_is_reported() {
    let mut case = small_case();
    case.info.id = CaseId::from("case #1");
    assert_single_error(&case, &RecordRef::Case, "id", "not a valid id");
}

// ---------------------------------------------------------------------------------------------
// Times that contradict each other.

#[test]
fn action_ending_before_it_starts_is_an_error() {
    let mut case = sample();
    let a = action(&mut case, "act-deactivation");
    a.end = Some(when("2017-11-01", ny()));
    a.duration = None;
    assert_single_error(&case, &act("act-deactivation"), "end", "before it starts");
    // The message shows both times as the user knows them.
    let msg = &errors(&case)[0].message;
    assert!(
        msg.contains("2017-11-01") && msg.contains("2017-11-02 ~evening"),
        "{msg}"
    );
}

#[test]
fn precise_end_before_precise_start_is_an_error() {
    let mut case = small_case();
    let a = &mut case.actions[0];
    a.start = when("2024-03-01 08:00", berlin());
    a.end = Some(when("2024-03-01 07:59", berlin()));
    a.duration = None;
    assert_single_error(&case, &act("act-restrict"), "end", "before it starts");
}

#[test]

fn end_overlapping_start_through_imprecision_is_not_an_error() {
    // "Started 18:45, ended some time that evening" is consistent, yet reported as
    // "ends (2017-11-02 evening) before it starts (2017-11-02 18:45 EDT)".
    let mut case = sample();
    let a = action(&mut case, "act-deactivation");
    a.start = when("2017-11-02 18:45", ny());
    a.end = Some(when("2017-11-02 evening", ny()));
    a.duration = None;
    assert_no_problem_on(&case, &act("act-deactivation"), "end");
    // Same with a day-precision end and a part-of-day start.
    let mut case = sample();
    let a = action(&mut case, "act-deactivation");
    a.end = Some(when("2017-11-02", ny()));
    a.duration = None;
    assert_no_problem_on(&case, &act("act-deactivation"), "end");
}

#[test]
fn reversal_that_certainly_precedes_the_reversed_action_is_an_error() {
    let mut case = sample();
    // Restored in the morning of a day whose evening saw the deactivation.
    action(&mut case, "act-restore").start = when("~2017-11-02 morning", ny());
    assert_single_error(&case, &act("act-restore"), "reverses", "happens before it");
    let msg = &errors(&case)[0].message;
    assert!(msg.contains("act-deactivation"), "{msg}");
}

#[test]
fn reversal_overlapping_through_imprecision_is_not_flagged() {
    // In the sample both are "2017-11-02 ~evening": the restore may well be 11 minutes later.
    let case = sample();
    let tz = case.tz();
    let restore = case.action(&ActionId::from("act-restore")).unwrap();
    let original = case.action(&ActionId::from("act-deactivation")).unwrap();
    assert_eq!(restore.start.display(tz), "2017-11-02 ~evening");
    assert_eq!(original.start.display(tz), "2017-11-02 ~evening");
    assert_no_problem_on(&case, &act("act-restore"), "reverses");

    // A coarser reversal time that contains the original is not flagged either.
    let mut case = sample();
    action(&mut case, "act-restore").start = when("2017-11-02", ny());
    assert_no_problem_on(&case, &act("act-restore"), "reverses");
    // Nor a precise original inside the reversal's period.
    action(&mut case, "act-deactivation").start = when("2017-11-02 18:40", ny());
    assert_no_problem_on(&case, &act("act-restore"), "reverses");
}

#[test]
fn statement_correcting_a_later_statement_is_an_error() {
    let mut case = sample();
    // The correction is dated the day before the statement it corrects.
    statement(&mut case, "stmt-rogue-contractor").when = when("2017-11-01", ny());
    assert_single_error(
        &case,
        &stmt("stmt-rogue-contractor"),
        "follows",
        "made later",
    );
}

#[test]
fn correction_overlapping_through_imprecision_is_not_flagged() {
    // The sample's correction is "~2017-11", which contains the corrected "2017-11-02 ~evening".
    let case = sample();
    let tz = case.tz();
    assert_eq!(
        case.statement(&StatementId::from("stmt-rogue-contractor"))
            .unwrap()
            .when
            .display(tz),
        "~2017-11"
    );
    assert_no_problem_on(&case, &stmt("stmt-rogue-contractor"), "follows");
    // Same part of the same day.
    let mut case = sample();
    statement(&mut case, "stmt-rogue-contractor").when = when("~2017-11-02 evening", ny());
    assert_no_problem_on(&case, &stmt("stmt-rogue-contractor"), "follows");
}

#[test]
fn statement_cannot_correct_itself() {
    let mut case = sample();
    statement(&mut case, "stmt-interview").follows = Some(StatementLink {
        kind: StatementLinkKind::Corrects,
        statement: StatementId::from("stmt-interview"),
    });
    assert_single_error(
        &case,
        &stmt("stmt-interview"),
        "follows",
        "cannot correct itself",
    );
}

#[test]
fn tenure_ending_before_it_starts_is_an_error() {
    let mut case = sample();
    staff(&mut case, "staff-contractor").tenure_start = Some(when("2018-01", ny()));
    assert_single_error(
        &case,
        &RecordRef::Staff(StaffId::from("staff-contractor")),
        "tenure_end",
        "ends before it starts",
    );
}

#[test]
fn negative_duration_is_an_error() {
    let mut case = sample();
    action(&mut case, "act-deactivation").duration = Some(ApproxDuration::new(-60, false));
    assert_single_error(&case, &act("act-deactivation"), "duration", "negative");
}

// ---------------------------------------------------------------------------------------------
// Required fields.

#[test]
fn required_fields_must_not_be_empty() {
    type Breaker = fn(&mut Case);
    let cases: [(&str, RecordRef, &str, Breaker); 8] = [
        ("case title", RecordRef::Case, "title", |c| {
            c.info.title = String::new()
        }),
        (
            "class description",
            RecordRef::Account(AccountId::from("acct-alice")),
            "class",
            |c| {
                c.accounts[0].handle = String::new();
                c.accounts[0].class = Some(AccountClass::default());
            },
        ),
        (
            "staff name",
            RecordRef::Staff(StaffId::from("staff-mira")),
            "name",
            |c| c.staff[0].name = String::new(),
        ),
        ("action summary", act("act-suspend"), "summary", |c| {
            c.actions[1].summary = String::new()
        }),
        ("statement quote", stmt("stmt-looking"), "quote", |c| {
            c.statements[0].quote = String::new()
        }),
        ("speaker name", stmt("stmt-looking"), "speaker", |c| {
            c.statements[0].speaker = Speaker::Organisation(String::new())
        }),
        (
            "source title",
            RecordRef::Source(SourceId::from("src-ticket")),
            "title",
            |c| c.sources[0].title = String::new(),
        ),
        (
            "follow-up description",
            RecordRef::FollowUp(FollowUpId::from("fu-guidance")),
            "description",
            |c| c.postmortem.follow_ups[0].description = String::new(),
        ),
    ];
    for (what, record, field, break_it) in cases {
        let mut case = small_case();
        break_it(&mut case);
        let errs = errors(&case);
        assert_eq!(errs.len(), 1, "{what}: {errs:#?}");
        assert_eq!((&errs[0].record, errs[0].field), (&record, field), "{what}");
        assert!(
            errs[0].message.contains("required"),
            "{what}: {}",
            errs[0].message
        );
    }
}

#[test]
fn whitespace_only_counts_as_empty() {
    let mut case = small_case();
    case.info.title = " \t\n ".to_owned();
    assert_single_error(&case, &RecordRef::Case, "title", "a title is required");
}

// ---------------------------------------------------------------------------------------------
// Warnings.

#[test]
fn audience_without_date_is_a_warning() {
    let mut case = sample();
    case.accounts[0].audience.as_mut().unwrap().as_of = None;
    assert_warning(
        &case,
        &RecordRef::Account(AccountId::from("acct-realdonaldtrump")),
        "audience",
        "has no date",
    );
    let p = validate(&case)
        .into_iter()
        .find(|p| p.field == "audience")
        .unwrap();
    assert!(
        p.message.contains("41900000"),
        "the message names the figure: {}",
        p.message
    );
}

#[test]
fn unknown_time_zone_is_an_error() {
    let mut case = sample();
    case.info.zone = "Mars/Olympus_Mons".to_owned();
    assert_single_error(&case, &RecordRef::Case, "zone", "unknown time zone");
    assert!(errors(&case)[0].message.contains("Mars/Olympus_Mons"));
}

#[test]
fn staff_acting_after_tenure_end_is_a_warning() {
    let mut case = sample();
    // His last day was Nov 2; make it Nov 1: the deactivation (Nov 2 evening) comes after it.
    staff(&mut case, "staff-contractor").tenure_end = Some(when("2017-11-01", ny()));
    assert_warning(
        &case,
        &act("act-deactivation"),
        "performer",
        "after their tenure ended",
    );
    let p = validate(&case)
        .into_iter()
        .find(|p| p.field == "performer")
        .unwrap();
    assert!(
        p.message.contains("Bahtiyar Duysak") && p.message.contains("2017-11-01"),
        "{}",
        p.message
    );
}

#[test]
fn acting_on_the_last_day_is_not_flagged() {
    // The sample's contractor acted in the evening of his last day (tenure_end at day precision).
    assert_no_problem_on(&sample(), &act("act-deactivation"), "performer");
}

#[test]
fn duration_disagreeing_with_start_and_end_is_a_warning() {
    let mut case = small_case();
    // 08:00 to 20:00 is 12 hours, not 11.
    case.actions[0].duration = Some(ApproxDuration::new(11 * 3600, false));
    assert_warning(
        &case,
        &act("act-restrict"),
        "duration",
        "disagrees with start and end",
    );
}

#[test]
fn approximate_duration_within_tolerance_is_not_flagged() {
    let mut case = small_case();
    // "About 11 hours" for 12 hours is within the tolerance of an approximate figure.
    case.actions[0].duration = Some(ApproxDuration::new(11 * 3600, true));
    assert_no_problem_on(&case, &act("act-restrict"), "duration");
}

#[test]
fn accessed_before_published_is_a_warning() {
    let mut case = small_case();
    case.sources[0].accessed = Some(when("2024-03-01", berlin()));
    assert_warning(
        &case,
        &RecordRef::Source(SourceId::from("src-ticket")),
        "accessed",
        "before it was published",
    );
}

// ---------------------------------------------------------------------------------------------
// Reporting.

#[test]
fn problem_display_names_level_record_path_and_field() {
    let mut case = sample();
    action(&mut case, "act-deactivation").targets = vec![AccountId::from("acct-ghost")];
    let shown = errors(&case)[0].to_string();
    assert!(
        shown.starts_with("error: actions[act-deactivation].targets: "),
        "{shown}"
    );
}

#[test]
fn problems_with_errors_and_warnings_never_block_saving() {
    let mut case = sample();
    case.info.title = String::new(); // error
    action(&mut case, "act-deactivation")
        .targets
        .push(AccountId::from("acct-ghost")); // error
    case.accounts[0].audience.as_mut().unwrap().as_of = None; // warning
    case.info.updated = fixed_now();
    let problems = validate(&case);
    assert!(problems.iter().any(|p| p.level == Level::Error));
    assert!(problems.iter().any(|p| p.level == Level::Warning));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.case.ron");
    let hash = store::save(&path, &case, None).expect("saving a case with problems succeeds");
    let loaded = store::load(&path).expect("and it loads back");
    assert_eq!(loaded.hash, hash);
    assert_eq!(loaded.case, case);
    assert_eq!(
        validate(&loaded.case),
        problems,
        "the same problems after the round trip"
    );
}

#[test]
fn a_hand_written_day_that_does_not_start_its_day_is_a_warning_naming_the_day_shown() {
    // `at: "2020-07-23T00:00:00Z", precision: Day` in a New York case is 20:00 on the 22nd
    // there: the day would show, silently, as 2020-07-22.
    let mut case = sample();
    let s = statement(&mut case, "stmt-safeguards");
    s.when = When {
        at: chrono::DateTime::parse_from_rfc3339("2020-07-23T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc),
        precision: Precision::Day,
        approximate: false,
        zone: None,
        bound: None,
    };
    assert_warning(
        &case,
        &stmt("stmt-safeguards"),
        "when",
        "2020-07-23T00:00:00Z is not the start of a day in America/New_York: it shows as 2020-07-22",
    );
    // The day as written by the app (the start of the New York day) is fine.
    let s = statement(&mut case, "stmt-safeguards");
    s.when = when("2020-07-23", ny());
    assert_no_problem_on(&case, &stmt("stmt-safeguards"), "when");
}

#[test]
fn an_also_redact_term_without_letters_or_digits_is_a_warning_but_an_empty_row_is_not() {
    let mut case = sample();
    case.info.also_redact.push(RedactTerm::default());
    assert_no_problem_on(&case, &RecordRef::Case, "also_redact");
    case.info.also_redact[0].text = "— …".to_owned();
    assert_warning(
        &case,
        &RecordRef::Case,
        "also_redact",
        "also-redact term 1 has no letters or digits",
    );
}

#[test]
fn a_zone_on_a_time_to_the_minute_is_a_warning() {
    // Only a hand-edited file can hold this: minutes are instants, shown in the case's zone,
    // so the zone does nothing and the reader should know.
    let mut case = sample();
    let a = action(&mut case, "act-deactivation");
    a.start = when("2017-11-02 18:45", ny());
    a.start.zone = Some(Zone::from_name("Europe/London").unwrap());
    assert_warning(
        &case,
        &act("act-deactivation"),
        "start",
        "zone Europe/London is ignored: a time to the minute",
    );
    // The same zone on an hour is what a London source gives: kept, and no problem.
    let a = action(&mut case, "act-deactivation");
    a.start = When::parse("2017-11-02 22 Europe/London", ny()).unwrap();
    assert!(a.start.zone.is_some());
    assert_no_problem_on(&case, &act("act-deactivation"), "start");
}
