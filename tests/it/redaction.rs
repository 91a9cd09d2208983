//! Redaction that holds: every way a protected name is written is gone from every export
//! format (read back from the real files: pdftotext for the PDF), nothing that is not protected
//! is touched, and the leak check refuses an export that still shows a name.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use casebook::export::redact::{Redactor, redact, redact_summarised};
use casebook::export::{self, ExportError, ExportOptions, Format, Progress};
use casebook::model::{Case, Level, validate};
use casebook::store;
use proptest::prelude::*;

use crate::common::fixture;
use crate::export::PdfFile;

fn load(name: &str) -> Case {
    store::load(&fixture(name)).expect("fixture loads").case
}

fn name_forms() -> Case {
    load("redaction-name-forms.case.ron")
}

fn takeover() -> Case {
    load("redaction-takeover-2020.case.ron")
}

fn redacted(format: Format) -> ExportOptions {
    ExportOptions {
        format,
        redact: true,
        dpi: 150,
        ..ExportOptions::default()
    }
}

/// Folded words that must not survive anywhere, in any form (substrings of the folded text).
const GONE: &[&str] = &[
    "duysak", "bahtiyar", "garcia", "marquez", "brien", "janeroe", "nightjar", "5550134",
    "555 0134", "555-0134",
];

/// Whole folded words that must not survive ("Roe" is short: only as a word).
const GONE_WORDS: &[&str] = &["roe", "jane", "sean"];

/// The test's own reading of text, independent of the library's: full-width letters as ASCII,
/// invisible characters and combining accents dropped, the accented and Turkish letters of the
/// fixtures as plain ones, lower case.
fn reader_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '\u{200b}' | '\u{ad}' | '\u{300}'..='\u{36f}' => continue,
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            'ı' | 'İ' | 'í' => 'i',
            'á' | 'Á' => 'a',
            'é' => 'e',
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

#[track_caller]
fn assert_no_protected_name(what: &str, text: &str) {
    let folded = reader_fold(text);
    // Invisible characters are gone from the folded text, so "Duy\u{200b}sak" is caught too.
    for gone in GONE {
        if let Some(at) = folded.find(gone) {
            let from = folded[..at]
                .char_indices()
                .rev()
                .nth(40)
                .map_or(0, |(i, _)| i);
            panic!(
                "{what}: {gone:?} survived redaction: …{}…",
                &folded[from..(at + gone.len() + 20).min(folded.len())]
            );
        }
    }
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        assert!(
            !GONE_WORDS.contains(&word),
            "{what}: the word {word:?} survived redaction"
        );
    }
}

#[track_caller]
fn assert_has(what: &str, text: &str, needle: &str) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(needle),
        "{what} should contain {needle:?}; it is:\n{}",
        flat.chars().take(4000).collect::<String>()
    );
}

/// Exports `case` redacted as `format` into a fresh folder, through the same call the app and
/// the command line make; returns the folder and what was written.
fn export_to(case: &Case, format: Format) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let out = match format {
        Format::Png => dir.path().join("pages"),
        f => dir.path().join(format!("report.{}", f.extension())),
    };
    let written = export::export(
        case,
        "name-forms.case.ron",
        &redacted(format),
        &out,
        &Progress::new(),
    )
    .unwrap_or_else(|e| panic!("{format:?} export: {e}"));
    (dir, written)
}

/// RON's `\u{…}` escapes as the characters they stand for.
fn unescape_ron(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        match after.find('}').and_then(|end| {
            let c = u32::from_str_radix(&after[..end], 16)
                .ok()
                .and_then(char::from_u32)?;
            Some((c, end))
        }) {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("\\u{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_fixture_writes_the_protected_names_in_every_form_before_redaction() {
    // The test below means something only if the forms are really in the case.
    let case = name_forms();
    // Invisible and combining characters are written as escapes (`\u{200b}`) in the file.
    let text =
        unescape_ron(&std::fs::read_to_string(fixture("redaction-name-forms.case.ron")).unwrap());
    for form in [
        "@BahtiyarDuysak",
        "Duysaks lawyer",
        "Bahtıyar",
        "duysakb",
        "Ｄｕｙｓａｋ",
        "Duysák",
        "DUYSAK",
        "b.duysak@example.com",
        "bahtiyar_duysak",
        "Bahtiyar\\nDuysak",
        "Duysak’s",
        "bahtiyar-duysak/",
        "Duy\u{200b}sak",
        "Bah\u{ad}tiyar",
        "BAHTİYAR",
        "Duysa\u{301}k",
        "García-Márquez",
        "GARCIA MARQUEZ",
        "O’Brien",
        "OBrien",
        "Jane\\nRoe",
        "JaneRoe_1987",
        "555 0134",
        "NIGHTJAR",
    ] {
        assert!(text.contains(form), "the fixture lacks {form:?}");
    }
    let errors: Vec<_> = validate(&case)
        .into_iter()
        .filter(|p| p.level == Level::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn no_form_of_a_protected_name_survives_a_redacted_pdf() {
    let case = name_forms();
    let (_dir, written) = export_to(&case, Format::Pdf);
    let bytes = std::fs::read(&written[0]).unwrap();
    let pdf = PdfFile::new(&bytes);
    let text = pdf.flow_text();
    assert_no_protected_name("redacted PDF text", &text);
    let info: String = pdf
        .info()
        .into_iter()
        .map(|(k, v)| format!("{k}: {v}\n"))
        .collect();
    assert_no_protected_name("redacted PDF info", &info);
    assert_no_protected_name("redacted PDF XMP", &pdf.xmp());
    // What replaced them is there, and the report still reads.
    for expected in [
        "Contractor A",
        "Reviewer B",
        "Engineer C",
        "Private account 1",
        "[link withheld]",
        "[e-mail withheld]",
        "[phone]",
        "[project]",
        "@realDonaldTrump",
        "Contractor A lawyer declined to comment",
        "Contractor A’s statement",
    ] {
        assert_has("redacted PDF text", &text, expected);
    }
}

#[test]
fn no_form_of_a_protected_name_survives_png_pages_the_timeline_csv_or_ron() {
    let case = name_forms();
    // PNG pages and the timeline PNG are pixels rendered from these SVGs: their text is what
    // the pictures show.
    for (i, page) in export::pages(&case, &redacted(Format::Png))
        .iter()
        .enumerate()
    {
        assert_no_protected_name(&format!("redacted page {}", i + 1), &export::svg_text(page));
    }
    let (dir, written) = export_to(&case, Format::Png);
    assert!(!written.is_empty());
    for path in &written {
        assert_no_protected_name("PNG page file name", &path.display().to_string());
    }
    drop(dir);
    for format in [Format::TimelineSvg, Format::Csv, Format::Ron] {
        let (_dir, written) = export_to(&case, format);
        let text = std::fs::read_to_string(&written[0]).unwrap();
        assert_no_protected_name(&format!("redacted {format:?}"), &text);
    }
    let (_dir, written) = export_to(&case, Format::TimelinePng);
    assert!(std::fs::metadata(&written[0]).unwrap().len() > 1000);
    assert_no_protected_name(
        "timeline image",
        &export::svg_text(&export::timeline_svg(&case, &redacted(Format::TimelinePng))),
    );
    // The redacted case file still loads and validates: ids were rewritten consistently.
    let (_dir, written) = export_to(&case, Format::Ron);
    let back = store::load(&written[0]).expect("redacted RON loads").case;
    let errors: Vec<_> = validate(&back)
        .into_iter()
        .filter(|p| p.level == Level::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        back.info.also_redact.is_empty(),
        "the list of what to hide never leaves the case"
    );
}

#[test]
fn the_command_line_redacts_and_says_what_it_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared.pdf");
    let run = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["export", "--format", "pdf", "--redact", "--out"])
        .arg(&out)
        .arg(fixture("redaction-name-forms.case.ron"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("Redacted: "), "{stderr}");
    assert!(
        stderr.contains("Bahtiyar Duysak (staff) → “Contractor A”: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("@janeroe_1987 (account) → “Private account 1”"),
        "{stderr}"
    );
    assert!(stderr.contains("555-0134 (term) → “[phone]”"), "{stderr}");
    assert!(stderr.contains("internal note left out"), "{stderr}");
    let pdf = PdfFile::new(&std::fs::read(&out).unwrap());
    assert_no_protected_name("CLI PDF", &pdf.flow_text());
}

#[test]
fn the_summary_counts_replacements_per_person_account_and_term() {
    let (_, summary) = redact_summarised(&name_forms());
    let count = |name: &str| {
        summary
            .entries
            .iter()
            .find(|(p, _)| p.name == name)
            .map(|(_, n)| *n)
            .unwrap_or_else(|| panic!("{name} is not in {summary:?}"))
    };
    assert!(count("Bahtiyar Duysak") >= 20, "{summary:?}");
    assert!(count("María José García-Márquez") >= 3, "{summary:?}");
    assert!(count("@janeroe_1987") >= 3, "{summary:?}");
    assert_eq!(count("555-0134"), 2, "{summary:?}");
    assert!(summary.addresses >= 3, "{summary:?}");
    assert_eq!(summary.internal_notes, 1);
}

/// The ids, kinds and times of every record, and every text that holds no protected name.
#[test]
fn nothing_that_is_not_protected_is_touched() {
    let case = takeover();
    let red = redact(&case);
    // The case's own text: nobody protected is named in it.
    assert_eq!(red.info.title, case.info.title);
    assert_eq!(red.info.summary, case.info.summary);
    assert_eq!(red.info.classification, "Confidential — Twitter teams");
    for (a, b) in case.statements.iter().zip(&red.statements) {
        assert_eq!(a.quote, b.quote, "a verbatim quote changed");
    }
    for (a, b) in case.sources.iter().zip(&red.sources) {
        assert_eq!(a.url, b.url, "a source link changed");
        assert_eq!(a.title, b.title);
    }
    // Groups and an executive quoted in the press are named as they are.
    let names: Vec<&str> = red.staff.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Phished employees, first wave (identities not public)",
            "Twitter incident response team",
            "Jack Dorsey",
            "Engineer A",
        ]
    );
    assert_eq!(red.accounts[0].handle, "@elonmusk");
    assert_eq!(red.accounts[1].handle, "@Apple");
    // The protected ones are gone, and their replacements are never replaced again.
    assert_eq!(red.accounts[2].handle, "Private account 1");
    assert_eq!(
        red.accounts[2].meta.notes[0].text,
        "Private account 1 sent 0.1 BTC; Private account 1 asked for a refund."
    );
    assert_eq!(
        red.staff[3].meta.notes[0].text,
        "Engineer A locked the verified accounts for the next hour."
    );
    assert_eq!(red.actions, {
        let mut actions = case.actions.clone();
        for a in &mut actions {
            if let casebook::model::Actor::Staff(id) = &mut a.performer {
                *id = red.staff[case.staff.iter().position(|s| &s.id == id).unwrap()]
                    .id
                    .clone();
            }
        }
        actions
    });
}

#[test]
fn a_redacted_report_of_a_takeover_reads_as_it_was_written() {
    let case = takeover();
    let (_dir, written) = export_to(&case, Format::Pdf);
    let text = PdfFile::new(&std::fs::read(&written[0]).unwrap()).flow_text();
    for unchanged in [
        "2020 Twitter account takeover: employees phished, verified accounts hijacked for a crypto scam",
        "Confidential — Twitter teams",
        "We have partnered with CryptoForHealth and are giving back 5000 BTC to the community.",
        "for the next 30 minutes",
        "for the next hour",
        "The annual account security review",
        "The rogue contractor theory was ruled out",
        "NOT targeted",
        "Jack Dorsey",
        "Twitter incident response team",
        "Phished employees, first wave (identities not public)",
        "Tough day for us at Twitter.",
        "@elonmusk",
    ] {
        assert_has("redacted takeover PDF", &text, unchanged);
    }
    for gone in [
        "Natarajan",
        "Priya",
        "Tom Hale",
        "smallcryptofan",
        "@CEO",
        "Employees B",
    ] {
        assert!(
            !text.contains(gone),
            "{gone:?} in the redacted takeover PDF"
        );
    }
    assert_has("redacted takeover PDF", &text, "Engineer A");
    // The CSV keeps the source links whole (none names anyone protected).
    let (_dir, written) = export_to(&case, Format::Csv);
    let csv = std::fs::read_to_string(&written[0]).unwrap();
    assert!(!csv.contains("link withheld"), "{csv}");
}

#[test]
fn the_leak_check_refuses_a_page_with_a_name_left_in_and_writes_nothing() {
    let case = name_forms();
    let dir = tempfile::tempdir().unwrap();
    for format in [Format::Pdf, Format::Png] {
        let out = dir.path().join(format!("shared-{}", format.cli_name()));
        let mut rendered = export::render(&case, "case.case.ron", &redacted(format)).unwrap();
        assert!(rendered.parts.len() >= 3);
        // Something a future field forgot: the name, written as a reader would see it.
        let page = &mut rendered.parts[2];
        let at = page.rfind("</svg>").unwrap();
        page.insert_str(at, "<text x=\"10\" y=\"10\">Signed: B. Duysák</text>");
        let err = export::write(&rendered, &out, &Progress::new()).unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, ExportError::Leak { .. }), "{message}");
        assert!(message.contains("page 3"), "{message}");
        assert!(message.contains("Bahtiyar Duysak"), "{message}");
        assert!(message.contains("Nothing was written"), "{message}");
        assert!(!out.exists(), "{} was written", out.display());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // The same export untouched goes through.
    let out = dir.path().join("shared.pdf");
    let rendered = export::render(&case, "case.case.ron", &redacted(Format::Pdf)).unwrap();
    export::write(&rendered, &out, &Progress::new()).unwrap();
    assert!(out.exists());
}

#[test]
fn the_leak_check_refuses_a_file_name_that_names_someone_protected() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("duysak-case.csv");
    let err = export::export(
        &name_forms(),
        "case.case.ron",
        &redacted(Format::Csv),
        &out,
        &Progress::new(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("file name"), "{err}");
    assert!(!out.exists());
}

#[test]
fn an_unredacted_export_keeps_every_name() {
    let case = name_forms();
    let csv = export::csv_text(
        &case,
        &ExportOptions {
            format: Format::Csv,
            ..ExportOptions::default()
        },
    );
    assert!(csv.contains("Bahtiyar Duysak"));
}

/// How a protected name can be written: the forms people use.
fn name_form() -> impl Strategy<Value = String> {
    let first = prop_oneof![Just("Bahtiyar"), Just("Bahtıyar"), Just("BAHTİYAR")];
    let last = prop_oneof![
        Just("Duysak"),
        Just("Duysák"),
        Just("DUYSAK"),
        Just("duysak")
    ];
    let sep = prop_oneof![
        Just(" "),
        Just("\n"),
        Just("_"),
        Just("-"),
        Just(""),
        Just(". "),
        Just("  ")
    ];
    let which = 0..4u8;
    (first, sep, last, which, any::<bool>(), 0..8usize).prop_map(
        |(first, sep, last, which, full_width, zero_width_at)| {
            let mut name = match which {
                0 => format!("{first}{sep}{last}"),
                1 => last.to_owned(),
                2 => first.to_owned(),
                _ => format!("@{first}{last}"),
            };
            if full_width {
                name = name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
                        } else {
                            c
                        }
                    })
                    .collect();
            }
            // An invisible character pasted inside the name.
            let chars: Vec<char> = name.chars().collect();
            let at = zero_width_at.min(chars.len());
            let mut out: String = chars[..at].iter().collect();
            out.push('\u{200b}');
            out.extend(&chars[at..]);
            out
        },
    )
}

/// Text without any protected name: words, punctuation, links, other scripts.
fn plain_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z]{1,9}",
            "[0-9]{1,4}",
            Just(" ".to_owned()),
            Just("\n".to_owned()),
            Just(", ".to_owned()),
            Just("’s ".to_owned()),
            Just("İstanbul".to_owned()),
            Just("the team account".to_owned()),
            Just("https://example.com/a/b?c=d".to_owned()),
            Just("someone@example.org".to_owned()),
            Just("Ｔｗｉｔｔｅｒ".to_owned()),
            Just("日本語".to_owned()),
            Just("\u{200b}".to_owned()),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// The name-forms case with one protected person only: Bahtiyar Duysak.
fn only_duysak() -> Redactor {
    let mut case = name_forms();
    case.staff.retain(|s| s.name == "Bahtiyar Duysak");
    case.accounts.retain(|a| !a.protected);
    case.info.also_redact.clear();
    let r = Redactor::for_case(&case);
    assert_eq!(r.protected().len(), 1);
    r
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_protected_name_in_any_form_is_always_redacted(
        before in plain_text(),
        name in name_form(),
        after in plain_text(),
        glue in prop_oneof![Just(" "), Just(""), Just("\n"), Just("(")],
    ) {
        let redactor = only_duysak();
        let text = format!("{before}{glue}{name}{glue}{after}");
        let out = redactor.text(&text);
        let folded = reader_fold(&out);
        prop_assert!(!folded.contains("duysak"), "{text:?} → {out:?}");
        prop_assert!(!folded.contains("bahtiyar"), "{text:?} → {out:?}");
        prop_assert!(redactor.leaks(&out).is_empty(), "{text:?} → {out:?}");
    }

    #[test]
    fn text_without_a_protected_name_is_never_changed(text in plain_text()) {
        let redactor = only_duysak();
        prop_assert_eq!(redactor.text(&text), text);
    }
}

/// Where the fixtures live, for a person reading a failure.
#[test]
fn fixtures_are_real_files() {
    for name in [
        "redaction-name-forms.case.ron",
        "redaction-takeover-2020.case.ron",
    ] {
        assert!(Path::new(&fixture(name)).is_file());
    }
}

/// Who is protected, and what else to hide, chosen in the app; the export dialog says what the
/// redaction replaced.
#[cfg(feature = "gui")]
mod gui {
    use casebook::ui::CasebookApp;
    use egui::accesskit::Role;
    use egui::{Key, Modifiers};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use crate::common::fixture;
    use crate::export_gui::settle;
    use crate::gui::go_to;

    type H = Harness<'static, CasebookApp>;

    fn open_takeover_copy() -> (tempfile::TempDir, H) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("takeover.case.ron");
        std::fs::copy(fixture("redaction-takeover-2020.case.ron"), &path).unwrap();
        let app = CasebookApp::headless(Some(path));
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 1000.0))
            .build_ui_state(|ui, app: &mut CasebookApp| app.show(ui), app);
        h.run();
        (dir, h)
    }

    fn type_into(h: &mut H, label: &str, text: &str) {
        h.get_by_role_and_label(Role::TextInput, label).focus();
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.run();
        h.get_by_role_and_label(Role::TextInput, label)
            .type_text(text);
        h.run();
        h.key_press(Key::Escape);
        h.run();
    }

    fn staff<'a>(h: &'a H, name: &str) -> &'a casebook::model::Staff {
        let doc = h.state().document().expect("a case is open");
        doc.case
            .staff
            .iter()
            .find(|s| s.name == name)
            .expect("staff member")
    }

    #[test]
    fn protection_and_terms_are_chosen_in_the_app_and_the_export_dialog_counts_them() {
        let (_dir, mut h) = open_takeover_copy();

        // The chief executive quoted in the press is not protected; make him protected.
        go_to(&mut h, "Staff");
        h.get_by_role_and_label(Role::Button, "Jack Dorsey").click();
        h.run();
        assert!(!staff(&h, "Jack Dorsey").is_protected());
        h.get_by_role_and_label(
            Role::CheckBox,
            "Hidden in redacted exports (default for employees and contractors)",
        )
        .click();
        h.run();
        assert_eq!(staff(&h, "Jack Dorsey").protected, Some(true));

        // Something else to hide, with its replacement, in the case overview.
        go_to(&mut h, "Case overview");
        h.get_by_label("Add term to redact").click();
        h.run();
        type_into(&mut h, "Also redact term 1", "CryptoForHealth");
        type_into(&mut h, "Replacement for term 1", "[scam brand]");
        let terms = &h.state().document().unwrap().case.info.also_redact;
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].text, "CryptoForHealth");
        assert_eq!(terms[0].replacement, "[scam brand]");

        // The export dialog, redacted: what was replaced, per person and term.
        h.get_by_label("File").click();
        h.run();
        h.get_by_label_contains("Export…").click();
        h.step();
        settle(&mut h);
        h.get_by_label("Redact for sharing outside").click();
        h.step();
        settle(&mut h);
        h.get_by_label("Preview (redacted)");
        h.get_by_label_contains("Jack Dorsey (staff) → “CEO”: ");
        h.get_by_label_contains("Priya Natarajan (staff) → “Engineer A”: ");
        h.get_by_label_contains("CryptoForHealth (term) → “[scam brand]”: 2 replacements");
        h.get_by_label_contains("@smallcryptofan (account) → “Private account 1”");
    }
}

// ---------------------------------------------------------------------------------------------
// Outside people (case format version 2)
// ---------------------------------------------------------------------------------------------

/// What must not survive a redaction of the 2020 takeover case: the protected attacker, the
/// protected staff and the private bystander, however their names are cut.
#[track_caller]
fn assert_nobody_protected_in_takeover(what: &str, text: &str) {
    let folded = reader_fold(text);
    for gone in ["ostrander", "natarajan", "satoshi_fan_88", "jane doe"] {
        assert!(
            !folded.contains(gone),
            "{what}: {gone:?} survived redaction:\n{text}"
        );
    }
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        assert!(
            !["kevin", "jane", "doe", "priya", "lena", "brooks"].contains(&word),
            "{what}: the word {word:?} survived redaction:\n{text}"
        );
    }
}

#[test]
fn a_protected_outsider_never_reaches_a_redacted_pdf_csv_ron_or_show_and_a_journalist_stays() {
    let case = crate::report_v2::takeover_2020();
    // The protected attacker is named in a quote, a note, a figure and a source's other address.
    let attacker = crate::report_v2::ATTACKER;
    assert!(case.statements.iter().any(|s| s.quote.contains(attacker)));
    assert!(case.outsiders[0].meta.notes[0].text.contains(attacker));
    assert!(
        case.postmortem
            .figures
            .iter()
            .any(|f| f.what.contains(attacker))
    );
    assert!(
        case.sources
            .iter()
            .flat_map(|s| &s.also_at)
            .any(|l| l.url.contains("kevin-ostrander"))
    );

    let (_dir, written) = export_to(&case, Format::Pdf);
    let pdf = PdfFile::new(&std::fs::read(&written[0]).unwrap());
    let text = pdf.flow_text();
    assert_nobody_protected_in_takeover("redacted PDF", &text);
    for kept in [
        crate::report_v2::JOURNALIST,
        "KrebsOnSecurity",
        "Jack Dorsey",
        "Attacker A",
        "Sources say Attacker A sold access",
        "Transfers to Attacker A's",
        "Using Employee A's credentials",
        "Private account 1",
        "Archived copy: [link withheld]",
        // Not protected, so not touched: a group of attackers and an archived copy with no name.
        "The attackers",
        "https://web.archive.org/web/20200716/",
    ] {
        assert_has("redacted PDF", &text, kept);
    }

    let (_dir, written) = export_to(&case, Format::Csv);
    let csv = std::fs::read_to_string(&written[0]).unwrap();
    assert_nobody_protected_in_takeover("redacted CSV", &csv);
    for kept in [
        crate::report_v2::JOURNALIST,
        "Attacker A",
        "transfers to Attacker A's wallet",
        "archived copy: [link withheld]",
        "using Employee A's credentials",
    ] {
        assert_has("redacted CSV", &csv, kept);
    }

    let (_dir, written) = export_to(&case, Format::Ron);
    let ron = unescape_ron(&std::fs::read_to_string(&written[0]).unwrap());
    assert_nobody_protected_in_takeover("redacted RON", &ron);
    assert_has("redacted RON", &ron, crate::report_v2::JOURNALIST);

    // `casebook show --redact`, as a reader gets it; and without --redact, everything.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("takeover.case.ron");
    store::save(&path, &case, None).unwrap();
    let show = |redact: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_casebook"));
        cmd.arg("show");
        if redact {
            cmd.arg("--redact");
        }
        let out = cmd.arg(&path).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let redacted_show = show(true);
    assert_nobody_protected_in_takeover("show --redact", &redacted_show);
    for kept in [
        crate::report_v2::JOURNALIST,
        "Attacker A — attacker",
        "Transfers to Attacker A's wallet",
        "archived copy: <[link withheld]>",
    ] {
        assert_has("show --redact", &redacted_show, kept);
    }
    let full_show = show(false);
    assert_has("show", &full_show, attacker);
    assert_has("show", &full_show, "Jane Doe");
}
