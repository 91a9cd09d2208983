//! The fuzz targets' properties, shared by `fuzz_targets/*.rs` and `tests/fuzz_regressions.rs`
//! (each includes this file with `#[path]`), so the test replays exactly what the fuzzer checks.
//! Every function panics when its property fails.

// Each fuzz target uses one of them.
#![allow(dead_code)]

use std::path::Path;

use casebook::export::{self, ExportOptions};
use casebook::model::{ApproxDuration, Precision, When, grouped, parse_count, time::parse_zone};
use chrono_tz::Tz;
use resvg::usvg::roxmltree;

const PATH: &str = "fuzz.case.ron";

/// `load_case`: the loader returns a case or an error; an accepted case validates and saves to
/// text that loads back to the same case. Whether it was accepted.
pub fn load_case(text: &str) -> bool {
    let path = Path::new(PATH);
    let Ok(case) = casebook::store::parse(text, path) else {
        return false;
    };
    let _ = casebook::model::validate(&case);
    let saved = casebook::store::to_text(&case).expect("an accepted case can be written");
    let again = casebook::store::parse(&saved, path).expect("what we write loads again");
    assert_eq!(again, case, "save → load changes the case");
    true
}

/// `export_case`: every export of an accepted case, with and without redaction, is written;
/// report pages and timeline are well-formed SVG; the RON export loads again; the plain-text
/// summary and Find in case run. Whether the text loaded.
pub fn export_case(text: &str) -> bool {
    let path = Path::new(PATH);
    let Ok(case) = casebook::store::parse(text, path) else {
        return false;
    };
    for redact in [false, true] {
        let opts = ExportOptions {
            redact,
            ..ExportOptions::default()
        };
        for (i, page) in export::pages(&case, &opts).iter().enumerate() {
            if let Err(e) = roxmltree::Document::parse(page) {
                panic!(
                    "report page {} (redact {redact}) is not well-formed: {e}",
                    i + 1
                );
            }
        }
        if let Err(e) = roxmltree::Document::parse(&export::timeline_svg(&case, &opts)) {
            panic!("timeline (redact {redact}) is not well-formed: {e}");
        }
        let _ = export::csv_text(&case, &opts);
        // The case as plain text (`casebook show`, Edit → Copy case summary).
        let _ = casebook::export::text::show_case(&export::prepare(&case, &opts), case.tz());
        let ron = export::ron_text(&case, &opts).expect("an accepted case exports as RON");
        if let Err(e) = casebook::store::parse(&ron, path) {
            panic!("the RON export (redact {redact}) does not load: {e}");
        }
    }
    // Find in case, with words whose lower case is longer or shorter than they are ("İ", "ẞ"),
    // and a piece of the case's own title.
    let title: String = case.info.title.chars().skip(2).take(4).collect();
    for query in ["e", "İ", "i̇", "ẞ", "ß", "Σ", "\u{0301}", &title] {
        for hit in casebook::model::search::search(&case, query, 50) {
            let _ = casebook::model::search::describe(&case, &hit.record);
        }
    }
    true
}

/// Case zones with the awkward cases: DST in both hemispheres, half-hour offsets and a
/// 30-minute DST shift (Lord Howe), a 45-minute offset (Chatham).
const ZONES: [Tz; 6] = [
    Tz::UTC,
    Tz::America__New_York,
    Tz::Europe__Berlin,
    Tz::Asia__Kolkata,
    Tz::Australia__Lord_Howe,
    Tz::Pacific__Chatham,
];

/// `parse_input`: a zone (the first byte picks one of `ZONES`) and typed text. The time,
/// duration and audience parsers read it or refuse it; what they accept is offered for editing
/// as text that reads back to the same value (so opening a field and pressing Enter never
/// changes the case). How many of the parsers (and the zone-name reader) accepted it.
pub fn parse_input(data: &[u8]) -> usize {
    let Some((&first, rest)) = data.split_first() else {
        return 0;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return 0;
    };
    let tz = ZONES[first as usize % ZONES.len()];
    let mut accepted = 0;
    if let Ok(when) = When::parse(text, tz) {
        accepted += 1;
        let _ = when.display(tz);
        let (start, end) = when.interval(tz);
        assert!(start < end, "{text:?} in {tz}: empty interval");
        // An hour or coarser keeps the zone it was given in, and so its start. A minute or a
        // second is an instant shown in the case zone; where an offset has seconds (local mean
        // time before ~1900) it is re-read on the case zone's minute.
        let expected = when.truncated(tz);
        if when.precision > Precision::Minute {
            assert_eq!(expected, when, "{text:?} in {tz}: not a period start");
        }
        // What the editor shows reads back as the same time (the editor re-reads its text
        // while the field has focus, so anything else would move the time on a click). Only a
        // period starting in the second copy of an hour that a zone of its own repeats is
        // written with that copy's offset instead of the zone's name: the same period.
        let input = when.input_text(tz);
        let back = When::parse(&input, tz);
        let same_period = back.as_ref().is_ok_and(|b| {
            expected.zone.is_some()
                && (b.at, b.precision, b.approximate)
                    == (expected.at, expected.precision, expected.approximate)
                && b.interval(tz) == expected.interval(tz)
        });
        assert!(
            back.as_ref() == Ok(&expected) || same_period,
            "{text:?} in {tz} is shown for editing as {input:?}, which reads as {back:?}, not {expected:?}"
        );
    }
    if let Ok(duration) = ApproxDuration::parse(text) {
        accepted += 1;
        let shown = duration.to_string();
        assert_eq!(
            ApproxDuration::parse(&shown),
            Ok(duration),
            "{text:?}: shown as {shown:?}"
        );
    }
    if let Some(count) = parse_count(text) {
        accepted += 1;
        let shown = grouped(count);
        assert_eq!(
            parse_count(&shown),
            Some(count),
            "{text:?}: shown as {shown:?}"
        );
    }
    if parse_zone(text).is_ok() {
        accepted += 1;
    }
    accepted
}

/// `parse_entry`: rows pasted into Quick entry (any text, as a spreadsheet or a person wrote
/// it) are read into a plan against the sample case, never a panic; every problem names a row
/// that exists; a plan that is ready applies as one edit, and the case it makes saves to text
/// that loads back to the same case. Whether the rows were ready to add.
pub fn parse_entry(data: &[u8]) -> bool {
    use casebook::model::{Case, entry};
    use chrono::TimeZone as _;
    let text = String::from_utf8_lossy(data);
    let pasted = entry::parse_pasted(&text);
    let lines = text.lines().count().max(1);
    for p in &pasted.problems {
        assert!(
            p.row >= 1 && p.row <= lines,
            "{p} is not a line of the text"
        );
    }
    let sample = include_str!("../assets/examples/twitter-2017-deactivation.case.ron");
    let case: Case = casebook::store::parse(sample, Path::new(PATH)).expect("the sample loads");
    let now = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
    let date = entry::context_date(&case, None);
    let plan = entry::plan(&case, &pasted.rows, date, now);
    for p in &plan.problems {
        assert!(p.row >= 1 && p.row <= pasted.rows.len(), "{p}: no such row");
    }
    let _ = plan.label();
    let _ = plan.new_records_text();
    if !plan.is_ready() {
        assert!(plan.edit(&case).is_none());
        return false;
    }
    let edit = plan.edit(&case).expect("a ready plan makes an edit");
    let mut after = case.clone();
    edit.apply(&mut after).expect("the edit applies");
    let added =
        after.actions.len() + after.statements.len() - case.actions.len() - case.statements.len();
    assert_eq!(added, plan.records().count());
    let saved = casebook::store::to_text(&after).expect("saves");
    let back = casebook::store::parse(&saved, Path::new(PATH)).expect("loads back");
    assert_eq!(back, after, "what quick entry adds saves and loads back");
    true
}

/// `import_file`: the first byte picks a format (Ozone, CSV, Timesketch, DSA), the rest is a
/// file to import (any bytes, read as text). The reader returns a plan and its problems, never
/// a panic; every problem names a line of the file; the plan applies to the sample case both
/// directly (the command line) and as one edit (the app) with the same result, which saves to
/// text that loads back; importing the same file again adds nothing. How many records it adds.
pub fn import_file(data: &[u8]) -> usize {
    use casebook::import::{self, Format, Input, Options};
    use casebook::model::Case;
    use chrono::TimeZone as _;
    let Some((&pick, rest)) = data.split_first() else {
        return 0;
    };
    let format = Format::ALL[usize::from(pick) % Format::ALL.len()];
    let text = String::from_utf8_lossy(rest).into_owned();
    let lines = text.lines().count().max(1);
    let sample = include_str!("../assets/examples/twitter-2017-deactivation.case.ron");
    let case: Case = casebook::store::parse(sample, Path::new(PATH)).expect("the sample loads");
    let now = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
    let inputs = [Input {
        name: "input".to_owned(),
        text,
    }];
    let options = Options::default();
    let plan = import::plan(&case, format, &inputs, &options, now);
    for p in &plan.problems {
        assert!(
            p.line.is_none_or(|l| l >= 1 && l <= lines + 1),
            "{p}: not a line of the input"
        );
        let _ = p.to_string();
    }
    let _ = plan.summary();
    let mut direct = case.clone();
    plan.apply(&mut direct);
    let mut edited = case.clone();
    plan.edit(&case)
        .apply(&mut edited)
        .expect("the import edit applies");
    assert_eq!(direct, edited, "apply and edit add the same");
    let saved = casebook::store::to_text(&direct).expect("saves");
    let back = casebook::store::parse(&saved, Path::new(PATH)).expect("loads back");
    assert_eq!(back, direct, "what an import adds saves and loads back");
    let again = import::plan(&direct, format, &inputs, &options, now);
    assert!(again.is_empty(), "importing again adds {}", again.summary());
    plan.record_count()
}
