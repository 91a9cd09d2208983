//! Evidence in exports, through the real binary and poppler: the report's Evidence section
//! embeds each picture at its real pixels and lists the other files with their hashes; the
//! cover says whether the hashes still match; a redacted report draws no picture unless it is
//! marked safe to share (and then without its metadata); CSV carries the evidence columns; every
//! export is written to the custody log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use casebook::evidence::{self, custody, sha256_hex};

use crate::common::{fixture, sample_path};

fn casebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .env("USER", "tessa")
        .env("SOURCE_DATE_EPOCH", "1717243200")
        .output()
        .expect("run casebook")
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 test path")
}

#[track_caller]
fn ok(out: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
    text
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{name} failed: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdfimages -list` rows: (width, height, encoding) of each image (soft masks left out).
fn images(pdf: &Path) -> Vec<(u32, u32, String)> {
    tool("pdfimages", &["-list", p(pdf)])
        .lines()
        .skip(2)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.get(2) == Some(&"image")).then(|| {
                (
                    f[3].parse().unwrap(),
                    f[4].parse().unwrap(),
                    f[8].to_owned(),
                )
            })
        })
        .collect()
}

fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", p(pdf), "-"])
}

/// The sample case with a 64 × 64 PNG "screenshot" (supporting the report action), a JPEG
/// photo whose comment names the protected contractor, and a JSON export, all attached.
struct Setup {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    case: PathBuf,
    png: Vec<u8>,
    json: Vec<u8>,
}

fn setup(jpeg_safe: bool) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    let case = dir.join("deactivation.case.ron");
    fs::copy(sample_path(), &case).unwrap();
    let png_path = dir.join("profile page.png");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("dist/icons/casebook-64.png"),
        &png_path,
    )
    .unwrap();
    let json_path = dir.join("audit.json");
    fs::write(&json_path, br#"{"event":"deactivate"}"#).unwrap();
    ok(&casebook(&[
        "attach",
        p(&case),
        p(&png_path),
        "--to",
        "act-report",
        "--url",
        "https://twitter.com/realDonaldTrump",
        "--captured-at",
        "2017-11-02 19:10",
        "--description",
        "The profile page during the outage",
    ]));
    let jpeg = fixture("evidence/desk.jpg");
    let mut args = vec![
        "attach",
        p(&case),
        p(&jpeg),
        "--description",
        "The desk, photographed",
    ];
    if jpeg_safe {
        args.push("--safe-to-share");
    }
    ok(&casebook(&args));
    ok(&casebook(&[
        "attach",
        p(&case),
        p(&json_path),
        "--description",
        "Moderation tool export",
    ]));
    Setup {
        png: fs::read(&png_path).unwrap(),
        json: fs::read(&json_path).unwrap(),
        _dir: tmp,
        dir,
        case,
    }
}

#[test]
fn the_report_embeds_pictures_and_lists_files_with_their_hashes() {
    let s = setup(false);
    let pdf = s.dir.join("report.pdf");
    ok(&casebook(&[
        "export",
        p(&s.case),
        "--format",
        "pdf",
        "--out",
        p(&pdf),
    ]));
    // Both pictures at their real pixels: the PNG re-encoded losslessly, the JPEG as it was.
    let imgs = images(&pdf);
    assert!(imgs.contains(&(64, 64, "image".into())), "{imgs:?}");
    assert!(imgs.contains(&(160, 100, "jpeg".into())), "{imgs:?}");
    assert_eq!(imgs.len(), 2, "{imgs:?}");

    let text = pdf_text(&pdf);
    assert!(
        text.contains("3 evidence files, hashes verified at export: all match"),
        "{text}"
    );
    assert!(text.contains("Evidence"));
    assert!(text.contains("profile page.png"));
    assert!(text.contains("The profile page during the outage"));
    assert!(text.contains("https://twitter.com/realDonaldTrump"));
    assert!(text.contains("Captured 2017-11-02 19:10"));
    assert!(text.contains(&sha256_hex(&s.png)), "the picture's hash");
    // The JSON file is listed with its type, size and hash.
    assert!(text.contains("audit.json"));
    assert!(text.contains("JSON file"));
    assert!(text.contains(&sha256_hex(&s.json)));
    assert!(text.contains("Hash checked at export: matches"));

    // One "exported" entry per file, naming the report, and the chain still holds.
    let (entries, chain) = custody::read(&s.case);
    assert!(chain.is_ok(), "{chain:?}");
    let exported: Vec<_> = entries
        .iter()
        .filter(|e| e.event == custody::CustodyEvent::Exported)
        .collect();
    assert_eq!(exported.len(), 3);
    assert!(exported.iter().all(|e| e.note.contains("to report.pdf")));
    assert!(exported[0].note.contains("picture embedded"));
}

#[test]
fn the_cover_names_a_file_whose_hash_no_longer_matches() {
    let s = setup(false);
    let copy = evidence::folder_for(&s.case).join("audit.json");
    let mut perms = fs::metadata(&copy).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&copy, perms).unwrap();
    fs::write(&copy, br#"{"event":"edited"}"#).unwrap();
    fs::remove_file(evidence::folder_for(&s.case).join("profile page.png")).unwrap();
    let pdf = s.dir.join("report.pdf");
    ok(&casebook(&[
        "export",
        p(&s.case),
        "--format",
        "pdf",
        "--out",
        p(&pdf),
    ]));
    let text = pdf_text(&pdf);
    assert!(
        text.contains("hashes verified at export: 1 match; DO NOT MATCH"),
        "{text}"
    );
    assert!(text.contains("profile page.png missing"));
    assert!(text.contains("audit.json changed"));
    assert!(text.contains("Picture not shown: the file is missing"));
    // Only the JPEG is left to draw.
    assert_eq!(images(&pdf).len(), 1);
}

#[test]
fn a_redacted_report_draws_only_pictures_marked_safe_to_share() {
    // Nothing marked safe: no picture at all, each said to be withheld.
    let s = setup(false);
    let pdf = s.dir.join("redacted.pdf");
    ok(&casebook(&[
        "export",
        p(&s.case),
        "--format",
        "pdf",
        "--redact",
        "--out",
        p(&pdf),
    ]));
    assert_eq!(images(&pdf), Vec::new());
    let text = pdf_text(&pdf);
    assert!(text.contains("Withheld: 2 pictures"), "{text}");
    assert!(text.contains("Picture withheld (not marked safe to share)"));
    // The hashes are still there: a reader can match a file they are given later.
    assert!(text.contains(&sha256_hex(&s.png)));
    let (entries, _) = custody::read(&s.case);
    assert!(entries.iter().any(|e| e.note.contains("picture withheld")));

    // The photo marked safe: drawn, but without the comment that names the contractor.
    let s = setup(true);
    let pdf = s.dir.join("redacted.pdf");
    ok(&casebook(&[
        "export",
        p(&s.case),
        "--format",
        "pdf",
        "--redact",
        "--out",
        p(&pdf),
    ]));
    assert_eq!(images(&pdf), vec![(160, 100, "jpeg".to_owned())]);
    let bytes = fs::read(&pdf).unwrap();
    assert!(
        !bytes.windows(8).any(|w| w == b"Bahtiyar"),
        "the JPEG's comment reached the redacted PDF"
    );
    assert!(pdf_text(&pdf).contains("Withheld: 1 picture "));
    // Unredacted, the JPEG passes through as it was captured (comment and all).
    let pdf = s.dir.join("full.pdf");
    ok(&casebook(&[
        "export",
        p(&s.case),
        "--format",
        "pdf",
        "--out",
        p(&pdf),
    ]));
    assert!(fs::read(&pdf).unwrap().windows(8).any(|w| w == b"Bahtiyar"));
}

#[test]
fn a_protected_name_in_a_file_name_is_redacted_in_the_evidence_section() {
    let s = setup(false);
    let named = s.dir.join("Bahtiyar Duysak at his desk.png");
    fs::copy(fixture("evidence/desk.jpg"), &named).unwrap();
    ok(&casebook(&["attach", p(&s.case), p(&named)]));
    let pdf = s.dir.join("redacted.pdf");
    ok(&casebook(&[
        "export",
        p(&s.case),
        "--format",
        "pdf",
        "--redact",
        "--out",
        p(&pdf),
    ]));
    let text = pdf_text(&pdf);
    assert!(!text.contains("Bahtiyar"), "{text}");
    assert!(text.contains("Contractor A at his desk"), "{text}");
}

#[test]
fn csv_rows_carry_the_evidence_columns() {
    let s = setup(false);
    let csv = s.dir.join("t.csv");
    ok(&casebook(&[
        "export",
        p(&s.case),
        "--format",
        "csv",
        "--out",
        p(&csv),
    ]));
    let text = fs::read_to_string(&csv).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with("evidence_file,evidence_sha256,evidence_size,evidence_media_type"),
        "{header}"
    );
    let shot = text
        .lines()
        .find(|l| l.contains("profile page.png"))
        .expect("a row for the screenshot");
    assert!(shot.contains("evidence captured"), "{shot}");
    assert!(shot.ends_with(&format!(
        "deactivation.evidence/profile page.png,{},{},image/png",
        sha256_hex(&s.png),
        s.png.len()
    )));
    let json = text
        .lines()
        .find(|l| l.contains("audit.json"))
        .expect("a row for the JSON file");
    assert!(json.ends_with(",application/json"), "{json}");
}

#[test]
fn png_pages_show_the_pictures_too() {
    let s = setup(false);
    let out = s.dir.join("pages");
    ok(&casebook(&[
        "export",
        p(&s.case),
        "--format",
        "png",
        "--dpi",
        "150",
        "--out",
        p(&out),
    ]));
    let pages = fs::read_dir(&out).unwrap().count();
    assert!(pages >= 5, "{pages} pages");
}
