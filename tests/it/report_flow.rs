//! The report's page flow, checked on the real PDF (pdftotext -bbox, page by page): no page
//! but the last is left more than half empty, a paragraph, a statement or a table row that does
//! not fit breaks across pages with at least two lines at each side, no heading ends a page;
//! and what the dense account-takeover fixture (tests/fixtures/dense-takeover.case.ron, written
//! by make_dense_takeover.py) must read like: a lock known to the day with no end says so, tags
//! are shown with their records.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use casebook::export::{self, ExportOptions, Paper};
use casebook::model::*;
use casebook::store;

use crate::common;
use crate::export::poppler;

// ---------------------------------------------------------------------------------------------
// The PDF, word by word
// ---------------------------------------------------------------------------------------------

/// The report's page geometry (src/export/report/mod.rs): the body lies between these.
const MARGIN_TOP: f64 = 58.0;
const MARGIN_BOTTOM: f64 = 56.0;

/// A word where pdftotext -bbox found it (points, y down).
#[derive(Clone, Debug)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    y1: f64,
}

/// One page of the PDF: its height and the words of its body (not the running header/footer).
#[derive(Debug)]
struct Page {
    height: f64,
    words: Vec<Word>,
}

impl Page {
    fn body_bottom(&self) -> f64 {
        self.height - MARGIN_BOTTOM
    }

    /// The share of the body below the last line of text.
    fn empty_share(&self) -> f64 {
        let lowest = self.words.iter().map(|w| w.y1).fold(MARGIN_TOP, f64::max);
        ((self.body_bottom() - lowest) / (self.body_bottom() - MARGIN_TOP)).max(0.0)
    }

    /// The lines of text, top to bottom (words on the same baseline, left to right).
    fn lines(&self) -> Vec<(f64, String)> {
        let mut words = self.words.clone();
        words.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        let mut lines: Vec<(f64, Vec<Word>)> = Vec::new();
        for w in words {
            match lines.last_mut() {
                Some((y, line)) if (w.y0 - *y).abs() < 1.5 => line.push(w),
                _ => lines.push((w.y0, vec![w])),
            }
        }
        lines
            .into_iter()
            .map(|(y, mut line)| {
                line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                let text = line
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                (y, text)
            })
            .collect()
    }

    fn text(&self) -> String {
        self.lines()
            .into_iter()
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first line of the body.
    fn first_line(&self) -> String {
        self.lines()
            .into_iter()
            .next()
            .map(|l| l.1)
            .unwrap_or_default()
    }
}

fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!(" {name}=\"");
    let at = tag.find(&key).unwrap() + key.len();
    tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
}

/// The report's PDF, read back with `pdftotext -bbox`.
fn pdf_pages(case: &Case, opts: &ExportOptions) -> Vec<Page> {
    let bytes = export::pdf(case, opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).unwrap();
    let html = poppler("pdftotext", &["-bbox", "-enc", "UTF-8"], &path);
    html.split("<page ")
        .skip(1)
        .map(|page| {
            let tag = &page[..page.find('>').unwrap()];
            let height = attr(tag, "height");
            let words = page
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let end = w.find('>').unwrap();
                    let tag = format!(" {}", &w[..end]);
                    let text = &w[end + 1..w.find("</word>").unwrap()];
                    Word {
                        text: unescape_html(text),
                        x0: attr(&tag, "xMin"),
                        y0: attr(&tag, "yMin"),
                        y1: attr(&tag, "yMax"),
                    }
                })
                // The body: below the running header (y 30), above the footer (h - 30).
                .filter(|w| w.y0 > 40.0 && w.y1 < height - 45.0)
                .collect();
            Page { height, words }
        })
        .collect()
}

fn opts(paper: Paper, redact: bool) -> ExportOptions {
    ExportOptions {
        paper,
        redact,
        exported_at: "2026-11-28T12:00:00Z".parse().unwrap(),
        ..ExportOptions::default()
    }
}

fn load(path: &Path) -> Case {
    store::load(path).unwrap().case
}

fn dense() -> Case {
    load(&common::fixture("dense-takeover.case.ron"))
}

fn takeover_2020() -> Case {
    load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/examples/twitter-2020-account-takeover.case.ron"),
    )
}

/// The three real-sized cases the flow is checked on.
fn cases() -> Vec<(&'static str, Case)> {
    vec![
        ("2017 sample", common::sample()),
        ("2020 sample", takeover_2020()),
        ("dense fixture", dense()),
    ]
}

const PAPERS: [(Paper, &str); 2] = [(Paper::A4, "A4"), (Paper::Letter, "Letter")];

/// No page but the last is more than half empty.
///
/// One exception, explicit: the page before the timeline figure when the figure starts on a
/// page of its own. Where the figure starts is the figure's decision (`postmortem::timeline`,
/// with the timeline's layout), not the page flow's: the flow only ends the postmortem wherever
/// it ends. Every other block (a paragraph, a statement, a table row) breaks across pages when
/// moving it whole would leave more than a quarter of a page empty, so nothing else may leave
/// half.
#[track_caller]
fn assert_pages_filled(what: &str, pages: &[Page]) {
    assert_filled(what, pages, pages.len());
}

/// [`assert_pages_filled`] for the pages the page flow lays out: those before the page where
/// the timeline figure starts (whose own parts the figure places).
#[track_caller]
fn assert_flow_pages_filled(what: &str, pages: &[Page]) {
    let figure = pages
        .iter()
        .position(|p| p.lines().iter().any(|(_, l)| l == "Timeline"))
        .unwrap_or(pages.len());
    assert_filled(what, pages, figure);
}

#[track_caller]
fn assert_filled(what: &str, pages: &[Page], up_to: usize) {
    let checked = up_to.min(pages.len().saturating_sub(1));
    for (n, page) in pages.iter().enumerate().take(checked) {
        let empty = page.empty_share();
        if empty <= 0.5 {
            continue;
        }
        let next = &pages[n + 1];
        let figure_follows = next.first_line() == "Timeline";
        assert!(
            figure_follows,
            "{what}: page {} of {} is {:.0} % empty; it ends:\n{}\n--- and page {} starts:\n{}",
            n + 1,
            pages.len(),
            empty * 100.0,
            tail(&page.text(), 6),
            n + 2,
            head(&next.text(), 6),
        );
    }
}

fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn head(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n")
}

/// The header rows of the report's tables, as pdftotext reads them.
const TABLE_HEADERS: [&str; 8] = [
    "Account Platform Audience Notes",
    "Name Role Employment and access Notes",
    "Name Role Organisation Involvement and notes",
    "When Action By Sources",
    "# Source",
    "What was counted Figures, by source",
    "Follow-up Owner Status Due",
    "When What",
];

/// No page ends with a table's header row (its first row went to the next page without it).
#[track_caller]
fn assert_no_lone_table_header(what: &str, pages: &[Page]) {
    for (n, page) in pages.iter().enumerate() {
        let last = page.lines().pop().map(|l| l.1).unwrap_or_default();
        assert!(
            !TABLE_HEADERS.contains(&last.as_str()),
            "{what}: page {} ends with the header row {last:?}",
            n + 1
        );
    }
}

// ---------------------------------------------------------------------------------------------
// No page mostly empty
// ---------------------------------------------------------------------------------------------

#[test]
fn no_page_but_the_last_is_more_than_half_empty_in_the_samples_and_the_fixture() {
    for (name, case) in cases() {
        for (paper, paper_name) in PAPERS {
            for (redact, landscape) in [(false, false), (true, false), (false, true)] {
                let o = ExportOptions {
                    landscape,
                    ..opts(paper, redact)
                };
                let pages = pdf_pages(&case, &o);
                let what =
                    format!("{name}, {paper_name}, redacted: {redact}, landscape: {landscape}");
                assert!(pages.len() > 1, "{what}: one page?");
                assert_pages_filled(&what, &pages);
                assert_no_lone_table_header(&what, &pages);
                if name == "dense fixture" {
                    // (The header check reads the header rows as they are printed.)
                    let lines: Vec<String> =
                        pages.iter().flat_map(|p| p.lines()).map(|l| l.1).collect();
                    for header in TABLE_HEADERS {
                        assert!(lines.iter().any(|l| l == header), "{what}: no {header:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn generated_cases_leave_no_page_mostly_empty_nor_a_header_alone() {
    // Synthetic cases: hundreds of records of every kind, notes and statements of all lengths.
    // (The pages the flow lays out: the figure's own parts are the timeline's to place.)
    for seed in [1, 2, 3] {
        let case = casebook::model::generate::generate_case(300, seed);
        for paper in [Paper::A4, Paper::Letter] {
            let o = opts(paper, seed == 2);
            let what = format!("generated case, seed {seed}, {paper:?}");
            let pages = pdf_pages(&case, &o);
            assert_flow_pages_filled(&what, &pages);
            assert_no_lone_table_header(&what, &pages);
            crate::report_v2::assert_no_orphan_headings(&export::pages(&case, &o));
        }
    }
}

/// The check itself: a page left mostly empty is seen (and the page before the timeline figure
/// is let through only there).
#[test]
fn the_fill_check_sees_a_mostly_empty_page() {
    let word = |text: &str, y: f64| Word {
        text: text.to_owned(),
        x0: 50.0,
        y0: y,
        y1: y + 9.0,
    };
    let page = |words: Vec<Word>| Page {
        height: 842.0,
        words,
    };
    let short = || page(vec![word("Postmortem", 60.0), word("Impact", 200.0)]);
    let full = || page(vec![word("Actions", 60.0), word("Last", 770.0)]);
    let timeline = || page(vec![word("Timeline", 60.0), word("Part", 90.0)]);
    assert!(short().empty_share() > 0.5 && full().empty_share() < 0.05);
    assert_pages_filled("figure follows", &[short(), timeline()]);
    assert_pages_filled("last page", &[full(), short()]);
    let caught =
        std::panic::catch_unwind(|| assert_pages_filled("text follows", &[short(), full()]));
    assert!(
        caught.is_err(),
        "a page 80 % empty before more text must fail"
    );
}

/// The lines before the timeline figure that contain `marker`, as (page, count) for every
/// page with some. (The figure labels its items with their first words.)
fn pages_with(pages: &[Page], marker: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    'pages: for (n, page) in pages.iter().enumerate() {
        for (_, line) in page.lines() {
            if line == "Timeline" {
                break 'pages;
            }
            if line.contains(marker) {
                match out.last_mut() {
                    Some((p, count)) if *p == n + 1 => *count += 1,
                    _ => out.push((n + 1, 1)),
                }
            }
        }
    }
    out
}

/// A block of text made of `marker` words only, so every one of its lines carries it.
fn filler(marker: &str, words: usize) -> String {
    vec![marker; words].join(" ")
}

/// Checks that the block whose lines carry `marker` (placed at several heights of a page by
/// `variant(k)`) never leaves a page mostly empty, and breaks with at least two of its lines on
/// each page it is on; and that it did break in at least one variant (else nothing was tested).
#[track_caller]
fn check_block_breaks(
    what: &str,
    marker: &str,
    continued: Option<&str>,
    variant: impl Fn(usize) -> Case,
) {
    let mut split = 0;
    for k in 0..8 {
        let case = variant(k);
        let pages = pdf_pages(&case, &opts(Paper::A4, false));
        let what = format!("{what}, variant {k}");
        assert_flow_pages_filled(&what, &pages);
        let on = pages_with(&pages, marker);
        assert!(!on.is_empty(), "{what}: the block is not in the report");
        if on.len() > 1 {
            split += 1;
            for (page, count) in &on {
                assert!(
                    *count >= 2,
                    "{what}: page {page} holds {count} line of the block (pages: {on:?}):\n{}",
                    pages[page - 1].text()
                );
            }
            // Where it continues, it says whose it is.
            if let Some(first) = continued {
                for (page, _) in &on[1..] {
                    let expected = format!("{first} (continued)");
                    assert!(
                        pages[page - 1].text().contains(&expected),
                        "{what}: page {page} does not start with {expected:?}:\n{}",
                        head(&pages[page - 1].text(), 4)
                    );
                }
            }
        }
        assert_no_lone_table_header(&what, &pages);
        let svg = export::pages(&case, &opts(Paper::A4, false));
        crate::report_v2::assert_no_orphan_headings(&svg);
    }
    assert!(split > 0, "{what}: no variant broke the block across pages");
}

fn statement(id: &str, quote: &str, minute: u32) -> Statement {
    let tz = chrono_tz::America::Los_Angeles;
    Statement {
        id: StatementId::from(id),
        speaker: Speaker::Organisation("Chirp Safety".to_owned()),
        channel: Channel::StatusPage,
        quote: quote.to_owned(),
        verbatim: true,
        when: common::when(&format!("2024-03-14 14:{minute:02}"), tz),
        after: Vec::new(),
        before: Vec::new(),
        follows: None,
        about: Vec::new(),
        through: None,
        when_source: None,
        alternatives: Vec::new(),
        meta: Meta::new(common::fixed_now()),
    }
}

/// The fixture with a statement of 330 words (a third of a page), `k` pairs of short ones
/// before it.
fn with_long_statement(k: usize) -> Case {
    {
        let mut case = dense();
        // Short statements before it move it down the page, a few lines at a time.
        for i in 0..k * 2 {
            let s = statement(
                &format!("stmt-filler-{i}"),
                "A short update, three lines with its head and its source.",
                10 + i as u32,
            );
            case.statements.push(s);
        }
        let long = statement("stmt-long", &filler("zanzibar", 330), 40);
        case.statements.push(long);
        case
    }
}

#[test]
fn a_long_statement_breaks_across_pages_instead_of_moving_whole() {
    check_block_breaks(
        "a long statement",
        "zanzibar",
        Some("Chirp Safety · status page · 2024-03-14 14:40 PDT"),
        with_long_statement,
    );
}

/// The fixture with an account whose notes take 38 lines, `2 k` rows lower each time.
fn with_tall_row(k: usize) -> Case {
    {
        let mut case = dense();
        let mut tall = case.accounts[0].clone();
        tall.id = AccountId::from("acct-tall");
        tall.handle = "@tallnotes".to_owned();
        // (No sources and no actions: its notes cell holds the note and nothing else.)
        tall.meta.sources.clear();
        tall.meta.notes = vec![Note {
            text: filler("quokka", 260),
            internal: false,
        }];
        // Accounts are listed in the file's order: put it lower down the table each time.
        case.accounts.insert(12 + 2 * k, tall);
        case
    }
}

#[test]
fn a_tall_table_row_breaks_across_pages_instead_of_moving_whole() {
    check_block_breaks(
        "a tall account row",
        "quokka",
        Some("@tallnotes"),
        with_tall_row,
    );
}

/// The fixture with a root cause of 260 words, after an impact paragraph longer each time.
fn with_long_root_cause(k: usize) -> Case {
    {
        let mut case = dense();
        // A longer impact paragraph before it moves it down.
        case.postmortem.impact = format!("{} {}", case.postmortem.impact, filler("impact", 90 * k));
        case.postmortem.root_cause = filler("wombat", 260);
        case
    }
}

#[test]
fn a_long_paragraph_breaks_across_pages_with_two_lines_at_each_side() {
    check_block_breaks("a long root cause", "wombat", None, with_long_root_cause);
}

#[test]
fn a_short_cover_is_followed_on_its_page_and_a_full_one_stands_alone() {
    // The small case's cover fills well under half a page: its records follow on it.
    let pages = pdf_pages(&common::small_case(), &opts(Paper::A4, false));
    assert!(
        pages[0].text().contains("Reported accounts"),
        "{}",
        pages[0].text()
    );
    assert_pages_filled("small case", &pages);
    // The fixture's cover is a page and more: the records follow its key events.
    let pages = pdf_pages(&dense(), &opts(Paper::A4, false));
    assert!(!pages[0].text().contains("Reported accounts"));
    assert!(pages[1].text().contains("Reported accounts"));
}

// ---------------------------------------------------------------------------------------------
// The dense fixture's report
// ---------------------------------------------------------------------------------------------

#[test]
fn the_fixture_is_valid_and_as_dense_as_it_should_be() {
    let case = dense();
    let problems = validate(&case);
    assert!(problems.is_empty(), "{problems:?}");
    let records = case.accounts.len()
        + case.staff.len()
        + case.outsiders.len()
        + case.actions.len()
        + case.statements.len()
        + case.sources.len()
        + case.postmortem.follow_ups.len();
    assert!((130..=160).contains(&records), "{records} records");
    let minute = case
        .actions
        .iter()
        .map(|a| &a.start)
        .chain(case.statements.iter().map(|s| &s.when))
        .filter(|w| w.precision == Precision::Minute)
        .count();
    assert!(minute >= 35, "{minute} minute-precision items");
}

#[test]
fn no_heading_ends_a_page_of_the_fixtures_report() {
    for (paper, _) in PAPERS {
        for redact in [false, true] {
            for landscape in [false, true] {
                let o = ExportOptions {
                    landscape,
                    ..opts(paper, redact)
                };
                let pages = export::pages(&dense(), &o);
                crate::report_v2::assert_no_orphan_headings(&pages);
                crate::report_v2::assert_no_overlaps(&pages);
            }
        }
    }
}

/// The 28 accounts the fixture gives the same pattern: scam post, lock, posts deleted.
fn pattern_handles(case: &Case) -> Vec<String> {
    case.actions
        .iter()
        .filter(|a| a.id.as_str().starts_with("act-lock-"))
        .flat_map(|a| &a.targets)
        .filter_map(|t| case.account(t))
        .map(|a| a.handle.clone())
        .collect()
}

#[test]
fn a_lock_known_to_the_day_with_no_end_says_end_not_recorded_never_a_duration() {
    let case = dense();
    let handles = pattern_handles(&case);
    assert_eq!(handles.len(), 28);
    for redact in [false, true] {
        let pages = pdf_pages(&case, &opts(Paper::A4, redact));
        for handle in &handles {
            // The account's row: its handle in the first column, its state on the same line.
            let row = pages
                .iter()
                .flat_map(|p| p.lines())
                .find(|(_, l)| l.starts_with(handle.as_str()) && l.contains("During the case"))
                .unwrap_or_else(|| panic!("no row for {handle}"));
            assert!(
                row.1
                    .contains("During the case: restricted (end not recorded)"),
                "{handle}: {:?}",
                row.1
            );
        }
        // Nowhere a precise duration for these locks ("restricted … for 18 h", "(18 h)").
        for (n, page) in pages.iter().enumerate() {
            for (_, line) in page.lines() {
                let about_a_lock = handles.iter().any(|h| line.contains(h.as_str()))
                    && (line.contains("restricted") || line.contains("locked"));
                let duration = line
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .windows(2)
                    .any(|w| {
                        w[0].trim_start_matches(['(', '~'])
                            .chars()
                            .all(|c| c.is_ascii_digit())
                            && !w[0].trim_start_matches(['(', '~']).is_empty()
                            && (w[1].starts_with('h') || w[1].starts_with("min"))
                    });
                assert!(
                    !(about_a_lock && duration),
                    "page {}: a lock with no recorded end given a duration: {line:?}",
                    n + 1
                );
            }
        }
    }
}

#[test]
fn tags_are_shown_with_their_records() {
    let case = dense();
    for redact in [false, true] {
        let pages = pdf_pages(&case, &opts(Paper::A4, redact));
        // "Tags: not targeted" in the notes of the two accounts tagged so, in their rows: the
        // nearest account named above it in the first column is the one tagged.
        let mut tagged = Vec::new();
        for page in &pages {
            let lines = page.lines();
            for (i, (y, line)) in lines.iter().enumerate() {
                if !line.contains("Tags: not targeted") {
                    continue;
                }
                let account = lines[..=i]
                    .iter()
                    .rev()
                    .filter(|(ly, _)| y - ly < 120.0)
                    .find_map(|(_, l)| {
                        l.split_whitespace()
                            .next()
                            .filter(|w| w.starts_with('@') || w.starts_with("Private"))
                            .map(|_| l.clone())
                    })
                    .unwrap_or_else(|| panic!("no account above {line:?}"));
                tagged.push(account);
            }
        }
        assert_eq!(tagged.len(), 2, "{tagged:?}");
        assert!(tagged[0].starts_with("@ChirpSafety"), "{tagged:?}");
        // The second is a protected account: masked in the redacted report.
        let second = if redact {
            "Private account"
        } else {
            "@roastfan_anna"
        };
        assert!(tagged[1].starts_with(second), "{tagged:?}");
        // "Tags: secondary source" under the source it belongs to.
        let source = pages
            .iter()
            .find_map(|p| {
                let lines = p.lines();
                let i = lines
                    .iter()
                    .position(|(_, l)| l.contains("Tags: secondary source"))?;
                Some(lines[i.saturating_sub(3)..i].to_vec())
            })
            .expect("a source tagged 'secondary source'");
        assert!(
            source
                .iter()
                .any(|(_, l)| l.contains("[6] 2024 Chirp account takeovers")),
            "{source:?}"
        );
        assert!(
            source
                .iter()
                .any(|(_, l)| l.contains("OpenWiki · published 2024 ·")),
            "{source:?}"
        );
    }
}

/// Writes the fixture's report and the variants above (A4, PDF) for a look by eye:
/// `CASEBOOK_REVIEW_DIR=/tmp/review cargo test --test it report_flow::write_for_review --
/// --ignored`, then `pdftoppm -png -r 60` on them.
#[test]
#[ignore = "writes files for review by eye"]
fn write_for_review() {
    let dir = std::env::var("CASEBOOK_REVIEW_DIR").unwrap_or_else(|_| "target/review".to_owned());
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut cases = vec![("dense".to_owned(), dense())];
    for k in 0..8 {
        cases.push((format!("statement-{k}"), with_long_statement(k)));
        cases.push((format!("row-{k}"), with_tall_row(k)));
        cases.push((format!("root-cause-{k}"), with_long_root_cause(k)));
    }
    for (name, case) in cases {
        for redact in [false, true] {
            let bytes = export::pdf(&case, &opts(Paper::A4, redact)).unwrap();
            let suffix = if redact { "-redacted" } else { "" };
            std::fs::write(dir.join(format!("{name}{suffix}.pdf")), bytes).unwrap();
        }
    }
}
