//! Every way a case file can be unreadable gives a `LoadError` (never a panic) that names the file
//! and, where there is one, the line:column of the problem.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use casebook::store::{self, LoadError};
use common::{line_of, sample_text};
use proptest::prelude::*;

/// Writes `bytes` as a case file in `dir` and loads it.
fn load_bytes(dir: &Path, bytes: &[u8]) -> (PathBuf, Result<store::Loaded, LoadError>) {
    let path = dir.join("case.case.ron");
    std::fs::write(&path, bytes).unwrap();
    let result = store::load(&path);
    (path, result)
}

/// Loads `text` from a file; it must fail. Returns the error and the path used.
#[track_caller]
fn load_err(text: &str) -> (tempfile::TempDir, PathBuf, LoadError) {
    let dir = tempfile::tempdir().unwrap();
    let (path, result) = load_bytes(dir.path(), text.as_bytes());
    let err = result.expect_err("loading should fail");
    (dir, path, err)
}

/// The Display of `err` starts with `path:line:col: ` and its position is `(line, col)`.
#[track_caller]
fn assert_at(err: &LoadError, path: &Path, line: usize) -> usize {
    let (l, col) = err
        .position()
        .unwrap_or_else(|| panic!("{err} should have a position"));
    assert_eq!(l, line, "wrong line in {err}");
    let shown = err.to_string();
    let prefix = format!("{}:{l}:{col}: ", path.display());
    assert!(
        shown.starts_with(&prefix),
        "{shown:?} should start with {prefix:?}"
    );
    col
}

/// Replaces exactly one occurrence of `from` in the sample.
fn sample_with(from: &str, to: &str) -> String {
    let text = sample_text();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} should occur once in the sample"
    );
    text.replacen(from, to, 1)
}

// ---------------------------------------------------------------------------------------------
// Truncation.

#[test]
fn sample_cut_in_half_is_a_syntax_error_at_the_end() {
    let text = sample_text();
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let prefix = &text[..cut];
    let (_dir, path, err) = load_err(prefix);
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    // The parser ran out of text after the last thing left in the file.
    assert_at(&err, &path, prefix.trim_end().lines().count());
    assert!(err.to_string().contains("unexpected end of file"), "{err}");
}

#[test]
fn every_prefix_of_the_sample_is_an_error_not_a_panic() {
    let text = sample_text();
    // Everything up to the final `)` is incomplete (the trailing newline alone is optional).
    let end = text.rfind(')').unwrap();
    let path = Path::new("prefix.case.ron");
    let mut checked = 0;
    for len in (0..=end).step_by(7).chain(end.saturating_sub(40)..=end) {
        if !text.is_char_boundary(len) {
            continue;
        }
        let err = store::parse(&text[..len], path)
            .expect_err(&format!("prefix of {len} bytes must not parse"));
        assert!(err.to_string().starts_with("prefix.case.ron:"), "{err}");
        checked += 1;
    }
    assert!(checked > end / 8, "checked only {checked} prefixes");
    // The complete text does parse.
    assert!(store::parse(&text[..=end], path).is_ok());
}

#[test]
fn byte_prefixes_on_disk_are_errors_including_cuts_inside_a_character() {
    let text = sample_text();
    let bytes = text.as_bytes();
    let end = text.rfind(')').unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut offsets: Vec<usize> = (0..=end).step_by(97).collect();
    // Also cut inside the three bytes of the em dash in "Confidential — internal".
    let dash = text.find('—').unwrap();
    offsets.extend([dash + 1, dash + 2]);
    for len in offsets {
        let (path, result) = load_bytes(dir.path(), &bytes[..len]);
        let err = result.expect_err(&format!("prefix of {len} bytes must not load"));
        assert!(
            err.to_string().starts_with(&path.display().to_string()),
            "{err}"
        );
        if len == dash + 1 || len == dash + 2 {
            assert!(matches!(err, LoadError::NotUtf8 { .. }), "{err:?}");
            let line = line_of(&text, "—");
            let col = text.lines().nth(line - 1).unwrap().find('—').unwrap() + 1;
            assert_eq!(err.position(), Some((line, col)), "{err}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Wrong content.

#[test]
fn version_of_the_wrong_type_points_at_the_version_line() {
    let text = sample_with("version: 2,", "version: \"one\",");
    let (_dir, path, err) = load_err(&text);
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    let line = line_of(&text, "version: \"one\"");
    let col = assert_at(&err, &path, line);
    // The column is at or after the field name, within the line.
    let line_text = text.lines().nth(line - 1).unwrap();
    assert!(
        col > line_text.find("version").unwrap() && col <= line_text.len() + 1,
        "col {col} in {line_text:?}"
    );
}

#[test]
fn field_of_the_wrong_type_points_at_its_line() {
    let text = sample_with("count: 41900000,", "count: \"many\",");
    let (_dir, path, err) = load_err(&text);
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    assert_at(&err, &path, line_of(&text, "count: \"many\""));
}

#[test]
fn unknown_enum_variant_names_the_choices() {
    let text = sample_with("severity: Critical,", "severity: Apocalyptic,");
    let (_dir, path, err) = load_err(&text);
    assert_at(&err, &path, line_of(&text, "Apocalyptic"));
    let shown = err.to_string();
    assert!(
        shown.contains("Apocalyptic") && shown.contains("Critical"),
        "{shown}"
    );
}

#[test]
fn an_unknown_zone_on_a_time_points_at_its_line() {
    let text = sample_with(
        "at: \"2017-11-30T05:00:00Z\",",
        "at: \"2017-11-30T05:00:00Z\", zone: \"Mars/Olympus_Mons\",",
    );
    let (_dir, path, err) = load_err(&text);
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    assert_at(&err, &path, line_of(&text, "Mars/Olympus_Mons"));
    let shown = err.to_string();
    assert!(
        shown.contains("unknown time zone \"Mars/Olympus_Mons\"") && shown.contains("+05:30"),
        "{shown}"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // The same error after four one-byte, two-byte and four-byte characters on the line.
    for name in ["UUUU", "ÜÜÜÜ", "😀😀😀😀"] {
        let text = sample_with(
            "owner: \"T&S incident review\",",
            &format!("owner: \"{name}\", tags: [5],"),
        );
        let (_dir, path, err) = load_err(&text);
        let line = line_of(&text, "tags: [5]");
        let col = assert_at(&err, &path, line);
        let line_text = text.lines().nth(line - 1).unwrap();
        assert_eq!(
            line_text.chars().nth(col - 1),
            Some('5'),
            "{name}: col {col} in {line_text:?}"
        );
    }
}

#[test]
fn newer_version_says_which_versions_this_build_reads() {
    let text = sample_with("version: 2,", "version: 99,");
    let (_dir, path, err) = load_err(&text);
    assert!(
        matches!(err, LoadError::UnsupportedVersion { found: 99, .. }),
        "{err:?}"
    );
    assert_at(&err, &path, line_of(&text, "version: 99"));
    let shown = err.to_string();
    let range = format!(
        "reads versions {} to {}",
        store::OLDEST_VERSION,
        store::VERSION
    );
    assert!(
        shown.contains("version 99") && shown.contains(&range),
        "{shown}"
    );
    assert!(
        shown.contains("newer Casebook"),
        "a newer file should suggest updating: {shown}"
    );
}

#[test]
fn version_older_than_supported_is_refused_without_the_update_hint() {
    let text = sample_with("version: 2,", "version: 0,");
    let (_dir, path, err) = load_err(&text);
    assert!(
        matches!(err, LoadError::UnsupportedVersion { found: 0, .. }),
        "{err:?}"
    );
    assert_at(&err, &path, line_of(&text, "version: 0"));
    assert!(!err.to_string().contains("newer"), "{err}");
}

#[test]
fn wrong_format_name_is_refused() {
    let text = sample_with("format: \"casebook-case\",", "format: \"spreadsheet\",");
    let (_dir, path, err) = load_err(&text);
    assert!(
        matches!(&err, LoadError::WrongFormat { found, .. } if found == "spreadsheet"),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}:", path.display())),
        "{shown}"
    );
    assert!(
        shown.contains("not a Casebook case file")
            && shown.contains("spreadsheet")
            && shown.contains(store::FORMAT),
        "{shown}"
    );
}

#[test]
fn missing_header_is_not_a_case_file() {
    let text = sample_text();
    let without: String = text
        .lines()
        .filter(|l| {
            !l.trim_start().starts_with("format:") && !l.trim_start().starts_with("version:")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(without.lines().count() + 2, text.lines().count());
    let (_dir, path, err) = load_err(&without);
    assert!(matches!(err, LoadError::WrongFormat { .. }), "{err:?}");
    assert!(err.to_string().starts_with(&format!("{}:", path.display())));
    assert!(
        err.to_string().contains("not a Casebook case file"),
        "{err}"
    );
}

#[test]
fn missing_version_alone_is_reported_as_a_missing_version() {
    let text: String = sample_text()
        .lines()
        .filter(|l| !l.trim_start().starts_with("version:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_dir, _path, err) = load_err(&text);
    let shown = err.to_string();
    assert!(
        shown.contains("version"),
        "the message should say the version is missing: {shown}"
    );
    assert!(
        !shown.contains("format is \"\""),
        "the format is present and right: {shown}"
    );
}

#[test]
fn other_text_files_are_errors_with_the_path() {
    for text in [
        "",
        "\n\n",
        "{\"format\": \"casebook-case\", \"version\": 1}",
        "hello world",
        "()",
        "[1, 2, 3]",
        "\u{feff}",
    ] {
        let (_dir, path, err) = load_err(text);
        assert!(
            err.to_string().starts_with(&path.display().to_string()),
            "{text:?}: {err}"
        );
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let open = "[".repeat(10_000);
    let closed = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let parens = format!("{}{}", "(".repeat(10_000), ")".repeat(10_000));
    let mixed = "[(".repeat(5_000);
    for (what, nest) in [
        ("open brackets", &open),
        ("closed brackets", &closed),
        ("parentheses", &parens),
        ("mixed", &mixed),
    ] {
        // In a field this build does not know: refused by name before its value is read (an
        // unknown field is never skipped, so it is never dropped by a save either)…
        let text = sample_with(
            "owner: \"T&S incident review\",",
            &format!("owner: \"T&S incident review\",\n            extension_field: {nest},"),
        );
        let (_dir, path, err) = load_err(&text);
        assert!(matches!(err, LoadError::Syntax { .. }), "{what}: {err:?}");
        assert_at(&err, &path, line_of(&text, "extension_field:"));
        assert!(
            err.to_string()
                .contains("field `extension_field` is not part of version 2 of the case format"),
            "{what}: {err}"
        );

        // …in a list field…
        let text = sample_with(
            "owner: \"T&S incident review\",",
            &format!("owner: \"T&S incident review\",\n            tags: {nest},"),
        );
        let (_dir, path, err) = load_err(&text);
        assert_at(
            &err,
            &path,
            line_of(&text, &format!("tags: {}", &nest[..2])),
        );

        // …and in a text field.
        let text = sample_with(
            "owner: \"T&S incident review\",",
            &format!("owner: {nest},"),
        );
        let (_dir, path, err) = load_err(&text);
        assert!(matches!(err, LoadError::Syntax { .. }), "{what}: {err:?}");
        assert_at(&err, &path, line_of(&text, "owner: "));
    }
    // Also where the header is read.
    let text = sample_with("format: \"casebook-case\",", &format!("format: {open},"));
    let (_dir, path, err) = load_err(&text);
    assert!(
        matches!(
            err,
            LoadError::Syntax { .. } | LoadError::WrongFormat { .. }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with(&path.display().to_string()),
        "{err}"
    );
}

#[test]
fn invalid_utf8_reports_line_and_column() {
    let text = sample_text();
    let line = line_of(&text, "title: \"Head-of-state");
    let line_start: usize = text.lines().take(line - 1).map(|l| l.len() + 1).sum();
    let in_line = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("Head-of-state")
        .unwrap();
    let mut bytes = text.into_bytes();
    bytes.insert(line_start + in_line, 0xFF);
    let dir = tempfile::tempdir().unwrap();
    let (path, result) = load_bytes(dir.path(), &bytes);
    let err = result.unwrap_err();
    assert!(matches!(err, LoadError::NotUtf8 { .. }), "{err:?}");
    assert_eq!(err.position(), Some((line, in_line + 1)), "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:{line}:{}: ", path.display(), in_line + 1)),
        "{err}"
    );
    assert!(err.to_string().contains("UTF-8"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Files that are not case files at all.

#[test]
fn oversized_file_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.case.ron");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: takes no disk space, but reports its full size.
    file.set_len(store::MAX_FILE_BYTES + 1).unwrap();
    drop(file);
    let started = Instant::now();
    let err = store::load(&path).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "must be refused without reading: took {:?}",
        started.elapsed()
    );
    match &err {
        LoadError::TooLarge { size, limit, .. } => {
            assert_eq!(
                (*size, *limit),
                (store::MAX_FILE_BYTES + 1, store::MAX_FILE_BYTES)
            );
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}:", path.display())) && shown.contains("limit"),
        "{shown}"
    );
}

#[test]
fn text_longer_than_the_limit_is_refused_where_it_starts() {
    let limit = casebook::model::MAX_TEXT_CHARS;
    // Exactly at the limit (with multi-byte characters and escapes, which count once): loads.
    let at_limit = format!("{}\\n{}", "é".repeat(limit / 2), "x".repeat(limit / 2 - 1));
    let dir = tempfile::tempdir().unwrap();
    let text = sample_with(
        "summary: \"Report filed against @realDonaldTrump\"",
        &format!("summary: \"{at_limit}\""),
    );
    let (_, loaded) = load_bytes(dir.path(), text.as_bytes());
    let case = loaded.expect("a text of exactly the limit loads").case;
    assert_eq!(case.actions[0].summary.chars().count(), limit);

    // One character more: refused, pointing at the string, naming the limit.
    let text = sample_with(
        "summary: \"Report filed against @realDonaldTrump\"",
        &format!("summary: \"{at_limit}y\""),
    );
    let (_dir, path, err) = load_err(&text);
    assert!(matches!(err, LoadError::Limit { .. }), "{err:?}");
    let col = assert_at(&err, &path, line_of(&text, "summary: \"éé"));
    assert_eq!(col, 18, "points at the opening quote");
    assert!(err.to_string().contains("1,000,000 characters"), "{err}");
}

#[test]
fn more_records_than_the_limit_are_refused() {
    let limit = casebook::model::MAX_RECORDS;
    let mut case = casebook::model::Case::new("Many", "UTC", chrono::Utc::now());
    let mut template = common::sample().sources[0].clone();
    template.meta.notes.clear();
    (template.published, template.accessed) = (None, None);
    template.publisher.clear();
    template.title = "S".into();
    case.sources = (0..=limit)
        .map(|i| {
            let mut s = template.clone();
            s.id = casebook::model::SourceId(format!("src-{i}"));
            s
        })
        .collect();
    let text = store::to_text(&case).unwrap();
    let (_dir, path, err) = load_err(&text);
    assert!(matches!(err, LoadError::Limit { .. }), "{err:?}");
    assert_at(&err, &path, 1);
    assert!(
        err.to_string()
            .contains("200,001 records; Casebook opens cases of up to 200,000"),
        "{err}"
    );
}

#[test]
fn directory_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("looks-like.case.ron");
    std::fs::create_dir(&folder).unwrap();
    let err = store::load(&folder).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }), "{err:?}");
    assert_eq!(err.position(), None);
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}:", folder.display())) && shown.contains("folder"),
        "{shown}"
    );
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.case.ron");
    let err = store::load(&path).unwrap_err();
    match &err {
        LoadError::Io { source, .. } => assert_eq!(source.kind(), std::io::ErrorKind::NotFound),
        other => panic!("expected Io, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("{}: cannot read", path.display())),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Random damage never panics.

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_never_panic(kind in 0u8..4, at in any::<prop::sample::Index>(), len in 1usize..200, byte in any::<u8>()) {
        let mut bytes = sample_text().into_bytes();
        let i = at.index(bytes.len());
        match kind {
            0 => { bytes.drain(i..(i + len).min(bytes.len())); }
            1 => bytes.insert(i, byte),
            2 => bytes[i] = byte,
            _ => { let chunk: Vec<u8> = bytes[i..(i + len).min(bytes.len())].to_vec(); bytes.splice(i..i, chunk); }
        }
        let dir = tempfile::tempdir().unwrap();
        let (path, result) = load_bytes(dir.path(), &bytes);
        if let Err(err) = result {
            prop_assert!(err.to_string().starts_with(&path.display().to_string()), "{}", err);
        }
    }
}

#[test]
fn an_unknown_field_is_an_error_naming_it_never_dropped() {
    // A field typed by hand (or written by a newer Casebook) must not vanish on the next save.
    let text = sample_with(
        "kind: Deactivation,",
        "kind: Deactivation,\n        amount_usd: 118000,",
    );
    let (_dir, path, err) = load_err(&text);
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    assert_at(&err, &path, line_of(&text, "amount_usd:"));
    let message = err.to_string();
    assert!(
        message.contains("field `amount_usd` is not part of version 2 of the case format"),
        "{message}"
    );
    assert!(message.contains("in Action"), "{message}");
    // `casebook fmt` refuses it too, and leaves the file as it was.
    let before = std::fs::read_to_string(&path).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("fmt")
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn a_wrong_value_names_its_record_its_field_and_what_the_field_accepts() {
    // A performer written as a bare name.
    let text = sample_with(
        "performer: Staff(\"staff-contractor\"),",
        "performer: \"Bahtiyar\",",
    );
    let (_dir, path, err) = load_err(&text);
    assert_at(&err, &path, line_of(&text, "performer: \"Bahtiyar\""));
    let message = err.to_string();
    assert!(message.contains("actions[act-deactivation]: performer: expected one of Staff(\"staff-…\"), Outsider(\"out-…\"), System(\"name\"), External(\"description\"), Unknown"), "{message}");

    // An account kind written as a string lists the account kinds (not the action kinds).
    let text = sample_with("kind: PublicOfficial,", "kind: \"official\",");
    let (_dir, _path, err) = load_err(&text);
    let message = err.to_string();
    assert!(
        message.contains("accounts[acct-realdonaldtrump]: kind: expected one of Individual, Organisation, PublicOfficial"),
        "{message}"
    );
    assert!(!message.contains("Suspension"), "{message}");
}

#[test]
fn a_missing_field_is_named_with_its_record() {
    let text = sample_with("        authorization: Unauthorized,\n", "");
    let (_dir, _path, err) = load_err(&text);
    let message = err.to_string();
    assert!(
        message.contains("actions[act-deactivation]: the required field `authorization` is missing (one of Authorized, Unauthorized, Unknown)"),
        "{message}"
    );
}

#[test]
fn a_time_outside_the_years_a_case_holds_is_refused_with_its_position() {
    // The calendar arithmetic of a week, a zone or a day runs off the end of what dates can
    // hold near year 262,143: such a time is refused on load, never left to panic later.
    let sample = sample_text();
    let first_at = sample
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("at: \"2017-") && sample.matches(*l).count() == 1)
        .expect("a time written once in the sample")
        .to_owned();
    let text = sample_with(&first_at, "at: \"+262142-12-31T23:59:59Z\",");
    let (_dir, path, err) = load_err(&text);
    assert!(matches!(err, LoadError::Limit { .. }), "{err:?}");
    assert_at(&err, &path, line_of(&text, "+262142-12-31"));
    assert!(
        err.to_string()
            .contains("is outside the years 1000–9999 a case can hold"),
        "{err}"
    );
}

#[test]
fn a_file_cut_off_where_a_string_was_due_or_inside_one_says_the_file_ended() {
    let text = sample_text();
    let at = text.find("summary: \"").unwrap() + "summary: ".len();
    for cut in [at, at + 1, at + 5] {
        let (_dir, _path, err) = load_err(&text[..cut]);
        assert!(
            err.to_string().contains("unexpected end of file"),
            "cut at {cut}: {err}"
        );
    }
}
