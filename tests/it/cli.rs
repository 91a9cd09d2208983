//! The command line, through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use casebook::model::{Level, validate};
use casebook::store;
use common::{fixture, sample_path, sample_text};

fn casebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .output()
        .expect("run casebook")
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 test path")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 stderr")
}

#[track_caller]
fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// One `path:line:col: level: record: message` line of `casebook validate`.
#[derive(Debug)]
struct Reported {
    line: usize,
    col: usize,
    level: String,
    rest: String,
}

fn parse_validate_output(out: &str, path: &Path) -> Vec<Reported> {
    let prefix = format!("{}:", path.display());
    out.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let line = parts
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("no line number in {l:?}"));
            let col = parts
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("no column in {l:?}"));
            let level = parts.next().unwrap().trim().to_owned();
            let rest = parts.next().unwrap_or_default().trim().to_owned();
            Reported {
                line,
                col,
                level,
                rest,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// validate

#[test]
fn validate_accepts_the_sample() {
    let out = casebook(&["validate", p(&sample_path())]);
    assert_exit(&out, 0);
    assert!(!stdout(&out).contains("error"), "{}", stdout(&out));
    // A clean file still gets its one-line summary, so silence never means "not checked".
    assert!(
        stderr(&out).contains("ok: 18 records, no problems"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn validate_points_at_each_offending_field() {
    let path = fixture("broken.case.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    // The fixture is syntactically fine: it loads, and its problems come from validation.
    let loaded = store::load(&path).expect("the broken fixture loads");
    let problems = validate(&loaded.case);

    let out = casebook(&["validate", p(&path)]);
    assert_exit(&out, 1);
    let reported = parse_validate_output(&stdout(&out), &path);
    assert_eq!(
        reported.len(),
        problems.len(),
        "one line per problem:\n{}",
        stdout(&out)
    );

    // (record, what the message says, the field the line must point at)
    let expected = [
        ("info", "a title is required", "title"),
        ("actions[act-suspend]", "account acct-nobody", "targets"),
        ("actions[act-suspend]", "before it starts", "end"),
        ("actions[act-lift]", "staff member staff-gone", "performer"),
        ("statements[stmt-sam]", "cannot correct itself", "corrects"),
        ("statements[stmt-sam]", "source src-missing", "sources"),
        (
            "postmortem.follow_ups[fu-review]",
            "a description is required",
            "description",
        ),
        ("postmortem.follow_ups[act-suspend]", "duplicate id", "id"),
    ];
    let lines: Vec<&str> = text.lines().collect();
    for (record, fragment, field) in expected {
        let r = reported
            .iter()
            .find(|r| r.rest.starts_with(&format!("{record}: ")) && r.rest.contains(fragment))
            .unwrap_or_else(|| panic!("no report for {record} {fragment:?} in:\n{}", stdout(&out)));
        assert_eq!(r.level, "error", "{r:?}");
        let line = lines[r.line - 1];
        assert!(
            line[r.col - 1..].starts_with(&format!("{field}:")),
            "{record} {fragment:?} should point at `{field}:`, points at line {} {line:?} col {}",
            r.line,
            r.col
        );
    }
    // The duplicate is reported where the id is used the second time, not at the action.
    let dup = reported
        .iter()
        .find(|r| r.rest.contains("duplicate id"))
        .unwrap();
    let first_use = common::line_of(&text, "id: \"act-suspend\"");
    assert!(
        dup.line > first_use,
        "duplicate reported at line {}, first use at {first_use}",
        dup.line
    );

    // The warning is reported as a warning, at its field, and does not count as an error.
    let warning = reported
        .iter()
        .find(|r| r.level == "warning")
        .expect("the audience warning");
    assert!(warning.rest.contains("no date"), "{warning:?}");
    assert!(
        lines[warning.line - 1]
            .trim_start()
            .starts_with("audience:")
    );
    let errors = problems.iter().filter(|p| p.level == Level::Error).count();
    assert!(
        stderr(&out).contains(&format!("{errors} errors, 1 warning")),
        "{}",
        stderr(&out)
    );
}

#[test]

fn validate_points_into_the_right_record_when_an_id_is_reused() {
    // The fixture's second follow-up reuses the id "act-suspend"; give it a second problem.
    let text = std::fs::read_to_string(fixture("broken.case.ron"))
        .unwrap()
        .replace(
            "description: \"A follow-up that reuses an action's id\",",
            "description: \"\",",
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reused.case.ron");
    std::fs::write(&path, &text).unwrap();
    let out = casebook(&["validate", p(&path)]);
    let reported = parse_validate_output(&stdout(&out), &path);
    let r = reported
        .iter()
        .find(|r| {
            r.rest
                .starts_with("postmortem.follow_ups[act-suspend]: a description is required")
        })
        .expect("the empty description is reported");
    let line = text.lines().nth(r.line - 1).unwrap();
    assert!(
        line[r.col - 1..].starts_with("description:"),
        "points at line {} {line:?}",
        r.line
    );
}

#[test]
fn validate_quiet_prints_only_errors() {
    let path = fixture("broken.case.ron");
    let out = casebook(&["validate", "--quiet", p(&path)]);
    assert_exit(&out, 1);
    let reported = parse_validate_output(&stdout(&out), &path);
    assert!(!reported.is_empty());
    assert!(reported.iter().all(|r| r.level == "error"), "{reported:?}");
}

#[test]
fn validate_reports_a_syntax_error_with_its_position() {
    let path = fixture("truncated.case.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let out = casebook(&["validate", p(&path)]);
    assert_exit(&out, 1);
    let reported = parse_validate_output(&stdout(&out), &path);
    assert_eq!(reported.len(), 1, "{}", stdout(&out));
    let r = &reported[0];
    assert_eq!(r.level, "error");
    assert!(r.rest.contains("unexpected end of file"), "{r:?}");
    assert_eq!(
        r.line,
        text.trim_end().lines().count(),
        "the file ends on the last line it has"
    );
}

#[test]
fn validate_several_files_fails_if_any_fails() {
    let sample = sample_path();
    let broken = fixture("broken.case.ron");
    let truncated = fixture("truncated.case.ron");

    let out = casebook(&["validate", p(&sample), p(&sample)]);
    assert_exit(&out, 0);

    let out = casebook(&["validate", p(&sample), p(&broken), p(&truncated)]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert!(!parse_validate_output(&text, &broken).is_empty());
    assert_eq!(parse_validate_output(&text, &truncated).len(), 1);
    assert!(
        !text.contains(&sample.display().to_string()),
        "the sample has nothing to report:\n{text}"
    );

    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.case.ron");
    let out = casebook(&["validate", p(&sample), p(&missing)]);
    assert_exit(&out, 1);
    assert!(
        stdout(&out).contains(&format!("{}: error: cannot read", missing.display())),
        "{}",
        stdout(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// new

#[test]
fn new_creates_a_valid_case_with_title_and_zone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.case.ron");
    let out = casebook(&[
        "new",
        p(&path),
        "--title",
        "Spam wave, May 2024",
        "--zone",
        "Europe/Berlin",
    ]);
    assert_exit(&out, 0);
    assert!(stderr(&out).contains("Created"), "{}", stderr(&out));

    assert_exit(&casebook(&["validate", p(&path)]), 0);
    let case = store::load(&path).unwrap().case;
    assert_eq!(case.info.title, "Spam wave, May 2024");
    assert_eq!(case.info.zone, "Europe/Berlin");
    assert_eq!(case.record_count(), 0);
    assert!(casebook::model::ids::is_valid_id(case.info.id.as_str()));
}

#[test]
fn new_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("existing.case.ron");
    std::fs::write(&path, sample_text()).unwrap();

    let out = casebook(&["new", p(&path), "--title", "Clobber"]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains(&path.display().to_string())
            && err.contains("already exists")
            && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        sample_text(),
        "the existing file is untouched"
    );

    let out = casebook(&["new", p(&path), "--title", "Clobber", "--force"]);
    assert_exit(&out, 0);
    assert_eq!(store::load(&path).unwrap().case.info.title, "Clobber");
    assert_eq!(
        std::fs::read_to_string(store::backup_path(&path)).unwrap(),
        sample_text(),
        "the overwritten case is kept as a backup"
    );
}

#[test]
fn new_rejects_an_unknown_zone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zoned.case.ron");
    let out = casebook(&["new", p(&path), "--title", "T", "--zone", "Europe/Atlantis"]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("unknown time zone") && err.contains("Europe/Atlantis"),
        "{err}"
    );
    assert!(!path.exists());
}

// ---------------------------------------------------------------------------------------------
// show

#[test]
fn show_prints_a_readable_summary() {
    let out = casebook(&["show", p(&sample_path())]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    for expected in [
        "Head-of-state account deactivated by a departing contractor",
        "@realDonaldTrump",
        "about 11 min",
        "2017-11-02 ~evening",
        "Bahtiyar Duysak",
        "“human error”",
        "“mistake”",
        "Times in America/New_York",
        "UNAUTHORIZED",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("Head-of-state account deactivated"),
        "the title comes first"
    );
    // The timeline is chronological: Nov 2 evening, then the month of November, then Nov 29.
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing"))
    };
    assert!(at("“human error”") < at("“mistake”"));
    assert!(at("REPORT RECEIVED") < at("DEACTIVATION") && at("DEACTIVATION") < at("REINSTATEMENT"));
    let report = text
        .lines()
        .find(|l| l.contains("REPORT RECEIVED"))
        .unwrap();
    assert!(report.contains("2017-11-02 ~evening"), "{report}");
    // The month-precise records linked before the interview come before it; the one nothing
    // places comes after everything timed in November, and says it is vague.
    assert!(
        at("REPORT RECEIVED") < at("around November 2017")
            && at("around November 2017") < at("sometime on 2017-11-29")
    );
    assert!(at("sometime on 2017-11-29") < at("declined to confirm"));
    assert!(text.contains("Happened before Bahtiyar Duysak's statement"));
    // The account's state over time is derived from the actions on it.
    let state = text
        .lines()
        .find(|l| l.trim_start().starts_with("state:"))
        .expect("a state line");
    let (deactivated, reinstated) = (
        state.find("deactivated").unwrap(),
        state.find("reinstated").unwrap(),
    );
    assert!(
        deactivated < reinstated && state.contains("UNAUTHORIZED"),
        "{state}"
    );
}

#[test]
fn show_zone_changes_the_clock_times_are_shown_in() {
    let sample = sample_path();
    // 18:00–24:00 EDT on Nov 2 is 22:00–04:00 UTC: it starts in the UTC evening too.
    let out = casebook(&["show", "--zone", "UTC", p(&sample)]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("Times in UTC (case zone America/New_York)"),
        "{text}"
    );
    assert!(text.contains("2017-11-02 ~evening"), "{text}");

    // In Tokyo (UTC+9) the same evening is the morning of Nov 3.
    let out = casebook(&["show", "--zone", "Asia/Tokyo", p(&sample)]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("Times in Asia/Tokyo"), "{text}");
    assert!(
        text.contains("2017-11-03 ~morning") && !text.contains("2017-11-02 ~evening"),
        "{text}"
    );

    let out = casebook(&["show", "--zone", "Mars/Base", p(&sample)]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("unknown time zone"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// generate

#[test]
fn generate_writes_a_valid_deterministic_case() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.case.ron");
    let b = dir.path().join("b.case.ron");
    let c = dir.path().join("c.case.ron");

    let out = casebook(&["generate", p(&a), "--records", "2000", "--seed", "7"]);
    assert_exit(&out, 0);
    assert!(stderr(&out).contains("2000 records"), "{}", stderr(&out));
    assert_exit(&casebook(&["validate", p(&a)]), 0);

    let case = store::load(&a).unwrap().case;
    let total = case.accounts.len()
        + case.staff.len()
        + case.outsiders.len()
        + case.actions.len()
        + case.statements.len()
        + case.sources.len()
        + case.postmortem.follow_ups.len();
    assert_eq!(total, 2000);

    assert_exit(
        &casebook(&["generate", p(&b), "--records", "2000", "--seed", "7"]),
        0,
    );
    assert!(
        std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
        "same seed, same bytes"
    );
    assert_exit(
        &casebook(&["generate", p(&c), "--records", "2000", "--seed", "8"]),
        0,
    );
    assert!(
        std::fs::read(&a).unwrap() != std::fs::read(&c).unwrap(),
        "another seed, another case"
    );
}

// ---------------------------------------------------------------------------------------------
// fmt

#[test]
fn fmt_check_accepts_the_sample() {
    let out = casebook(&["fmt", "--check", p(&sample_path())]);
    assert_exit(&out, 0);
    assert_eq!(stdout(&out), "");
}

#[test]
fn fmt_rewrites_hand_edited_files_in_canonical_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hand.case.ron");
    // A hand edit: different indentation and an extra comment, same content.
    let hand: String = sample_text()
        .lines()
        .map(|l| format!("{}\n", l.trim_start()))
        .collect::<String>()
        + "// edited by hand\n";
    std::fs::write(&path, &hand).unwrap();
    assert_eq!(store::load(&path).unwrap().case, common::sample());

    let out = casebook(&["fmt", "--check", p(&path)]);
    assert_exit(&out, 1);
    assert!(
        stdout(&out).contains("not in canonical form"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        hand,
        "--check changes nothing"
    );

    assert_exit(&casebook(&["fmt", p(&path)]), 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), sample_text());
    assert_eq!(
        std::fs::read_to_string(store::backup_path(&path)).unwrap(),
        hand
    );
    assert_exit(&casebook(&["fmt", "--check", p(&path)]), 0);
}

// ---------------------------------------------------------------------------------------------
// Bad invocations and help.

#[test]
fn bad_invocations_fail_with_a_message() {
    let sample = sample_path();
    let cases: [(&[&str], &str); 5] = [
        (&["show", "--bogus", p(&sample)], "--bogus"),
        (&["validate"], "required"),
        (&["new", "x.case.ron"], "--title"),
        (&["generate", "x.case.ron", "--records", "many"], "many"),
        (
            &["show", "/definitely/not/here.case.ron"],
            "/definitely/not/here.case.ron",
        ),
    ];
    for (args, mention) in cases {
        let out = casebook(args);
        assert_ne!(out.status.code(), Some(0), "{args:?} should fail");
        assert!(
            stderr(&out).contains(mention),
            "{args:?}: stderr should mention {mention:?}:\n{}",
            stderr(&out)
        );
    }
}

#[test]
fn help_lists_every_subcommand() {
    let out = casebook(&["--help"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    for sub in ["new", "validate", "show", "fmt", "generate"] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(&format!("{sub} "))),
            "--help should list `{sub}`:\n{text}"
        );
    }
    let out = casebook(&["--version"]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn search_lists_every_place_in_every_file_and_exits_like_grep() {
    let sample = sample_path();
    let out = casebook(&["search", "ROGUE", p(&sample)]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    for line in &lines {
        assert!(
            line.starts_with(&format!("{}: ", sample.display())),
            "{line}"
        );
        assert!(line.to_lowercase().contains("rogue"), "{line}");
    }
    assert!(
        text.contains("Statement “My Twitter account was taken down for 1…” · Quote: "),
        "{text}"
    );

    // Nothing found: exit 1, nothing printed.
    let out = casebook(&["search", "parsecs", p(&sample)]);
    assert_exit(&out, 1);
    assert!(stdout(&out).is_empty());

    // A file that cannot be read is reported with where it broke; the others are searched.
    let truncated = fixture("truncated.case.ron");
    let out = casebook(&["search", "rogue", p(&truncated), p(&sample)]);
    assert_exit(&out, 2);
    assert_eq!(stdout(&out).lines().count(), 4);
    assert!(
        stderr(&out).contains(&format!("{}:", truncated.display())),
        "{}",
        stderr(&out)
    );
}
