//! Export: report pages (PNG, PDF), redaction, the timeline image, CSV and `casebook export`,
//! each checked on the real output: decoded PNGs, poppler's reading of the PDF
//! (`pdftotext`, `pdfinfo`, `pdffonts` from poppler-utils), parsed CSV and parsed SVG.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use casebook::export::svg::{Face, text_width};
use casebook::export::{self, ExportError, ExportOptions, Format, Paper, Progress};
use casebook::model::{Case, Level, When};
use casebook::store;
use common::{sample_path, small_case};
use resvg::usvg;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const EXPORTED_AT: &str = "2026-11-28T12:00:00Z";
/// The sample's file name, as the app and the CLI pass it to `export::export`.
const SAMPLE_NAME: &str = "twitter-2017-deactivation.case.ron";
const STEM: &str = "twitter-2017-deactivation";
const STAFF_NAME: &str = "Bahtiyar Duysak";
const STAFF_NAME_PARTS: [&str; 2] = ["Bahtiyar", "Duysak"];
const PSEUDONYM: &str = "Contractor A";
/// From the staff member's note marked `internal: true`.
const INTERNAL_NOTE: &str = "Named publicly only by his own press interview";
const HANDLE: &str = "realDonaldTrump";

fn sample() -> Case {
    common::sample()
}

/// Default options with the export time fixed.
fn opts() -> ExportOptions {
    ExportOptions {
        exported_at: EXPORTED_AT.parse().unwrap(),
        ..Default::default()
    }
}

fn redacted() -> ExportOptions {
    ExportOptions {
        redact: true,
        ..opts()
    }
}

fn paper_opts(paper: Paper, landscape: bool) -> ExportOptions {
    ExportOptions {
        paper,
        landscape,
        ..opts()
    }
}

/// Whitespace runs collapsed to one space, curly quotes dropped: text as poppler extracts it
/// (lines wrapped, columns padded) compares with text as written.
fn normalise(text: &str) -> String {
    text.replace(['“', '”'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Some text around byte `at` of `text`, for failure messages.
fn around(text: &str, at: usize) -> String {
    let start = text
        .char_indices()
        .map(|(i, _)| i)
        .take_while(|&i| i + 80 <= at)
        .last()
        .unwrap_or(0);
    text[start..].chars().take(200).collect()
}

fn contains_ci(text: &str, needle: &str) -> bool {
    text.to_lowercase().contains(&needle.to_lowercase())
}

/// Fails if any part of the staff member's real name is in `text` (any case).
#[track_caller]
fn assert_no_staff_name(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for part in STAFF_NAME_PARTS {
        if let Some(at) = lower.find(&part.to_lowercase()) {
            panic!(
                "{what} contains the staff name part {part:?}: …{}…",
                around(&lower, at)
            );
        }
    }
}

/// Fails unless `needle` is in `text`.
#[track_caller]
fn assert_has(what: &str, text: &str, needle: &str) {
    assert!(
        text.contains(needle),
        "{what} should contain {needle:?}; it is:\n{}",
        text.chars().take(3000).collect::<String>()
    );
}

/// A PNG's size and pHYs chunk, after decoding all of its pixels.
struct PngInfo {
    width: u32,
    height: u32,
    dims: Option<png::PixelDimensions>,
    /// Whether any pixel is darker than light grey (something is printed on it).
    has_ink: bool,
}

fn png_info(bytes: &[u8]) -> PngInfo {
    let mut reader = png::Decoder::new(Cursor::new(bytes))
        .read_info()
        .expect("a valid PNG");
    let (width, height, dims) = {
        let info = reader.info();
        (info.width, info.height, info.pixel_dims)
    };
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane PNG size")];
    let frame = reader.next_frame(&mut buf).expect("PNG pixels decode");
    let has_ink = buf[..frame.buffer_size()].iter().any(|&v| v < 160);
    PngInfo {
        width,
        height,
        dims,
        has_ink,
    }
}

/// Pixels per metre for `dpi` (1 in = 0.0254 m).
fn ppm(dpi: u32) -> u32 {
    (f64::from(dpi) / 0.0254).round() as u32
}

/// Runs a poppler-utils tool and returns its standard output.
pub(crate) fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("could not run {tool} ({e}): these tests need poppler-utils installed")
        });
    assert!(
        out.status.success(),
        "{tool} {args:?} {} failed: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler writes UTF-8")
}

/// A PDF written to a temporary folder, for the poppler tools.
pub(crate) struct PdfFile {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl PdfFile {
    pub(crate) fn new(bytes: &[u8]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("report.pdf");
        std::fs::write(&path, bytes).expect("write PDF");
        Self { _dir: dir, path }
    }

    /// `pdftotext -layout`: text in its place on the page.
    fn layout_text(&self) -> String {
        poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &self.path)
    }

    /// `pdftotext` in reading order: a table cell's lines stay together.
    pub(crate) fn flow_text(&self) -> String {
        poppler("pdftotext", &["-enc", "UTF-8"], &self.path)
    }

    /// `pdfinfo` (document information dictionary) as (key, value) pairs.
    pub(crate) fn info(&self) -> Vec<(String, String)> {
        poppler("pdfinfo", &["-enc", "UTF-8"], &self.path)
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect()
    }

    fn info_field(&self, key: &str) -> String {
        self.info()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("pdfinfo prints no {key:?}"))
    }

    pub(crate) fn page_count(&self) -> usize {
        self.info_field("Pages").parse().expect("a page count")
    }

    /// Page `n`'s text (from 1) in reading order.
    pub(crate) fn page_text(&self, n: usize) -> String {
        let n = n.to_string();
        poppler(
            "pdftotext",
            &["-f", n.as_str(), "-l", n.as_str(), "-enc", "UTF-8"],
            &self.path,
        )
    }

    /// `pdfinfo -meta`: the XMP metadata stream.
    pub(crate) fn xmp(&self) -> String {
        poppler("pdfinfo", &["-meta"], &self.path)
    }
}

/// The value of attribute `name` in the start tag `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let pat = format!(" {name}=\"");
    let start = tag.find(&pat)? + pat.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn num_attr(tag: &str, name: &str) -> f64 {
    attr(tag, name)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number in {tag}"))
}

/// The `width` and `height` of an SVG document, in points.
fn svg_size(svg: &str) -> (f64, f64) {
    let root = &svg[svg.find("<svg").expect("an <svg> element")..];
    let tag = &root[..root.find('>').expect("a complete <svg> tag")];
    (num_attr(tag, "width"), num_attr(tag, "height"))
}

/// One `<text>` element of our SVG.
#[derive(Debug)]
struct SvgText {
    x: f64,
    y: f64,
    size: f64,
    face: Face,
    anchor: String,
    text: String,
    /// A line in several styles: each `tspan`'s text, face and size (empty for plain text).
    runs: Vec<(String, Face, f64)>,
}

fn face_of(tag: &str) -> Face {
    if attr(tag, "font-weight") == Some("bold") {
        Face::Bold
    } else if attr(tag, "font-style") == Some("italic") {
        Face::Oblique
    } else {
        Face::Regular
    }
}

impl SvgText {
    /// Left and right edge of the text as laid out (advance widths, as the layout measures).
    fn extent(&self) -> (f64, f64) {
        let w = if self.runs.is_empty() {
            text_width(&self.text, self.face, self.size)
        } else {
            self.runs
                .iter()
                .map(|(text, face, size)| text_width(text, *face, *size))
                .sum()
        };
        match self.anchor.as_str() {
            "end" => (self.x - w, self.x),
            "middle" => (self.x - w / 2.0, self.x + w / 2.0),
            _ => (self.x, self.x + w),
        }
    }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Every `<text>` element of `svg` (our writer puts each on one line; a line in several styles
/// holds one `tspan` per style, and nothing else has child elements).
fn svg_texts(svg: &str) -> Vec<SvgText> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find("<text ") {
        rest = &rest[at..];
        let open = rest.find('>').expect("a complete <text> tag");
        let close = rest.find("</text>").expect("a closed <text>");
        let tag = &rest[..open];
        let body = &rest[open + 1..close];
        let runs: Vec<(String, Face, f64)> = if body.starts_with("<tspan ") {
            body.split("</tspan>")
                .filter(|part| part.starts_with("<tspan "))
                .map(|part| {
                    let end = part.find('>').expect("a complete <tspan> tag");
                    let tspan = &part[..end];
                    (
                        unescape(&part[end + 1..]),
                        face_of(tspan),
                        num_attr(tspan, "font-size"),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        out.push(SvgText {
            x: num_attr(tag, "x"),
            y: num_attr(tag, "y"),
            size: runs
                .iter()
                .map(|r| r.2)
                .fold(num_attr(tag, "font-size"), f64::max),
            face: face_of(tag),
            anchor: attr(tag, "text-anchor").unwrap_or("start").to_owned(),
            text: if runs.is_empty() {
                unescape(body)
            } else {
                runs.iter().map(|r| r.0.as_str()).collect()
            },
            runs,
        });
        rest = &rest[close + "</text>".len()..];
    }
    out
}

/// How far from the paper's edge text must stay: ¼ in, about what printers cannot print on.
const PRINTABLE_INSET: f64 = 18.0;

/// Every text element of every page lies inside the page less `inset` points on each side:
/// its anchor and its extent as the layout measures it (advance widths, by anchor) across, its
/// baseline and cap height down. Returns how many texts were checked.
#[track_caller]
fn assert_text_on_pages(what: &str, pages: &[String], inset: f64) -> usize {
    // Numbers are written with two decimals.
    const TOLERANCE: f64 = 0.01;
    let mut checked = 0;
    let mut off = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let (w, h) = svg_size(page);
        let (min, max_x, max_y) = (inset - TOLERANCE, w - inset + TOLERANCE, h - inset);
        for t in svg_texts(page) {
            let (left, right) = t.extent();
            let ok = (0.0..=w).contains(&t.x)
                && left >= min
                && right <= max_x
                && t.y - t.size * 0.75 >= min
                && t.y <= max_y;
            if !ok {
                off.push(format!(
                    "page {}: {:?} spans x {left:.1}..{right:.1} at y {} (page {w} × {h} pt)",
                    n + 1,
                    t.text,
                    t.y
                ));
            }
            checked += 1;
        }
    }
    assert!(
        off.is_empty(),
        "{what}: {} text(s) run off the page:\n{}",
        off.len(),
        off.join("\n")
    );
    checked
}

/// Every text node's bounding box, as usvg lays the text out (shaped, with the real fonts).
fn text_boxes(group: &usvg::Group, out: &mut Vec<(String, usvg::Rect)>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => text_boxes(g, out),
            usvg::Node::Text(t) => {
                let text = t.chunks().iter().map(|c| c.text()).collect::<String>();
                out.push((text, t.abs_bounding_box()));
            }
            usvg::Node::Path(_) | usvg::Node::Image(_) => {}
        }
    }
}

/// The same check on the text as usvg shapes it with the bundled fonts (what resvg and krilla
/// draw): every text's bounding box inside the image less `inset`. Returns how many texts.
#[track_caller]
fn assert_rendered_text_inside(what: &str, svg: &str, inset: f32) -> usize {
    let tree = export::render::parse(svg).expect("the SVG parses");
    let (w, h) = (tree.size().width(), tree.size().height());
    let mut boxes = Vec::new();
    text_boxes(tree.root(), &mut boxes);
    let off: Vec<String> = boxes
        .iter()
        .filter(|(_, b)| {
            b.left() < inset || b.right() > w - inset || b.top() < inset || b.bottom() > h - inset
        })
        .map(|(text, b)| format!("{text:?} at {b:?}"))
        .collect();
    assert!(
        off.is_empty(),
        "{what}: text runs off the {w} × {h} image:\n{}",
        off.join("\n")
    );
    boxes.len()
}

fn run_casebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run casebook")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 test path")
}

/// The names of the files in `dir`, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn page_names(count: usize, stem: &str) -> Vec<String> {
    (1..=count)
        .map(|i| format!("{stem}-page-{i:02}.png"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. PNG pages
// ---------------------------------------------------------------------------------------------

/// Renders the sample's pages and checks every PNG's pixel size, pHYs chunk and content.
#[track_caller]
fn check_png_pages(paper: Paper, landscape: bool, dpi: u32, expected: (u32, u32)) {
    let case = sample();
    let pages = export::pages(&case, &paper_opts(paper, landscape));
    assert!(pages.len() >= 4, "only {} pages", pages.len());
    let pngs = export::render_pages_png(&pages, dpi, &Progress::new()).expect("pages render");
    assert_eq!(pngs.len(), pages.len(), "one PNG per page");
    // The rule behind the expected sizes: the page size in points at `dpi`.
    let (pw, ph) = paper.size();
    let (pw, ph) = if landscape { (ph, pw) } else { (pw, ph) };
    let rule = |pt: f64| (pt * f64::from(dpi) / 72.0).round() as u32;
    assert_eq!(expected, (rule(pw), rule(ph)));
    for (i, bytes) in pngs.iter().enumerate() {
        let info = png_info(bytes);
        assert_eq!(
            (info.width, info.height),
            expected,
            "{} {dpi} dpi page {} pixel size",
            paper.label(),
            i + 1
        );
        let dims = info.dims.expect("a pHYs chunk");
        assert_eq!(
            (dims.xppu, dims.yppu),
            (ppm(dpi), ppm(dpi)),
            "pHYs says {dpi} dpi"
        );
        assert_eq!(dims.unit, png::Unit::Meter);
        assert!(info.has_ink, "page {} is blank", i + 1);
    }
}

#[test]
fn png_pages_a4_at_150_dpi_are_1240_by_1754_pixels() {
    check_png_pages(Paper::A4, false, 150, (1240, 1754));
}

#[test]
fn png_pages_a4_at_300_dpi_are_2480_by_3508_pixels() {
    check_png_pages(Paper::A4, false, 300, (2480, 3508));
}

#[test]
fn png_pages_letter_at_150_dpi_are_1275_by_1650_pixels() {
    check_png_pages(Paper::Letter, false, 150, (1275, 1650));
}

#[test]
fn png_pages_letter_at_300_dpi_are_2550_by_3300_pixels() {
    check_png_pages(Paper::Letter, false, 300, (2550, 3300));
}

#[test]
fn png_pages_in_landscape_are_wider_than_tall() {
    check_png_pages(Paper::A4, true, 150, (1754, 1240));
}

#[test]
fn png_export_writes_one_numbered_file_per_pdf_page() {
    let case = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pages");
    let o = ExportOptions {
        format: Format::Png,
        dpi: 150,
        ..opts()
    };
    let written =
        export::export(&case, SAMPLE_NAME, &o, &out, &Progress::new()).expect("PNG export");
    let pdf = PdfFile::new(&export::pdf(&case, &opts()).expect("PDF export"));
    let count = pdf.page_count();
    assert!(count >= 4, "the sample report has only {count} pages");
    assert_eq!(written.len(), count, "one PNG per PDF page");
    assert_eq!(file_names(&out), page_names(count, STEM));
    let expected: Vec<PathBuf> = page_names(count, STEM)
        .iter()
        .map(|n| out.join(n))
        .collect();
    assert_eq!(written, expected, "returned paths, in page order");
    for path in &written {
        let info = png_info(&std::fs::read(path).unwrap());
        assert_eq!((info.width, info.height), (1240, 1754));
    }
}

#[test]
fn png_export_leaves_no_stale_pages_from_a_longer_earlier_export() {
    // An earlier export of the same case left twelve pages (say, unredacted) and a page
    // numbered with other padding; the new export has fewer pages. Mixing the two would put
    // an old page 12 behind the new report.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pages");
    std::fs::create_dir(&out).unwrap();
    for i in 1..=12 {
        std::fs::write(out.join(format!("{STEM}-page-{i:02}.png")), "old").unwrap();
    }
    std::fs::write(out.join(format!("{STEM}-page-007.png")), "old").unwrap();
    // Not ours: other cases' pages and other files stay.
    let keep = [
        "other-case-page-01.png",
        "notes.txt",
        &format!("{STEM}-page-1a.png"),
    ];
    for name in keep {
        std::fs::write(out.join(name), "keep").unwrap();
    }
    let o = ExportOptions {
        format: Format::Png,
        dpi: 150,
        ..opts()
    };
    let written =
        export::export(&sample(), SAMPLE_NAME, &o, &out, &Progress::new()).expect("PNG export");
    let count = written.len();
    assert!((4..12).contains(&count), "{count} pages");
    let mut expected = page_names(count, STEM);
    expected.extend(keep.iter().map(|s| (*s).to_owned()));
    expected.sort();
    assert_eq!(file_names(&out), expected);
    for path in &written {
        png_info(&std::fs::read(path).unwrap());
    }
}

#[test]
fn png_export_in_the_way_of_a_folder_fails_before_rendering_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pages");
    std::fs::create_dir_all(out.join(format!("{STEM}-page-02.png"))).unwrap();
    let o = ExportOptions {
        format: Format::Png,
        dpi: 150,
        ..opts()
    };
    let err = export::export(&sample(), SAMPLE_NAME, &o, &out, &Progress::new())
        .expect_err("a folder where page 2 goes");
    assert!(
        err.to_string().contains(&format!("{STEM}-page-02.png")),
        "{err}"
    );
    assert_eq!(
        file_names(&out),
        [format!("{STEM}-page-02.png")],
        "no pages and no staging files left"
    );
}

#[test]
fn a_cancelled_png_export_keeps_the_pages_already_in_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pages");
    std::fs::create_dir(&out).unwrap();
    let old = page_names(3, STEM);
    for name in &old {
        std::fs::write(out.join(name), "old").unwrap();
    }
    let progress = Progress::new();
    progress.cancel();
    let o = ExportOptions {
        format: Format::Png,
        dpi: 150,
        ..opts()
    };
    let err = export::export(&sample(), SAMPLE_NAME, &o, &out, &progress).expect_err("cancelled");
    assert!(matches!(err, ExportError::Cancelled), "{err:?}");
    assert_eq!(file_names(&out), old);
    for name in &old {
        assert_eq!(std::fs::read(out.join(name)).unwrap(), b"old");
    }
}

#[test]
fn page_files_of_long_reports_sort_in_page_order() {
    assert_eq!(export::page_file_name("c", 7, 9), "c-page-07.png");
    assert_eq!(export::page_file_name("c", 7, 99), "c-page-07.png");
    assert_eq!(export::page_file_name("c", 7, 120), "c-page-007.png");
    assert_eq!(export::page_file_name("c", 120, 120), "c-page-120.png");
    let mut names: Vec<String> = (1..=120)
        .map(|n| export::page_file_name("c", n, 120))
        .collect();
    let in_order = names.clone();
    names.sort();
    assert_eq!(names, in_order, "plain name order is page order");
}

#[test]
fn timeline_image_reaches_a_vague_date_after_everything_else() {
    // The sample's follow-up is due "~Jan 2018", a month after the last precise record; the
    // image squeezes the empty weeks and still shows it.
    let svg = export::timeline_svg(
        &sample(),
        &ExportOptions {
            format: Format::TimelineSvg,
            ..opts()
        },
    );
    assert!(
        svg.contains(">due: Remove enforcement"),
        "the due date is drawn"
    );
    // Squeezed from the last day with items (Nov 30) to the day the vague date is drawn at.
    assert!(svg.contains("46 days"), "the gap before it is squeezed");
}

#[test]
fn every_stretch_of_the_timeline_axis_is_dated() {
    // The sample's incident evening (Nov 2) is followed by 26 empty days squeezed into a gap,
    // then the weeks of statements. On the narrow report page the evening's stretch has no tick
    // label of its own; it still says which day it is, so nobody reads the deactivation as
    // happening on "Nov 29".
    let pdf = PdfFile::new(&export::pdf(&sample(), &opts()).expect("PDF export"));
    let text = pdf.layout_text();
    // The evening has a part of its own, hour by hour; the weeks after it another. Each
    // part's axis is dated, the evening's before the one after the gap.
    let axes: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("Times: America/New_York"))
        .collect();
    let first_date = axes
        .iter()
        .position(|l| l.contains("Nov 2 ") || l.contains("Nov 2,"));
    let after_gap = axes.iter().position(|l| l.contains("Nov 29"));
    assert!(
        matches!((first_date, after_gap), (Some(a), Some(b)) if a < b),
        "the axis dates the incident evening before the stretch after the gap: {axes:?}"
    );
}

#[test]
fn timeline_lanes_count_what_they_cannot_stack() {
    // 30 overlapping hour-long suspensions by one moderator: more than a lane stacks. Every
    // item is either drawn or numbered (and listed under the figure), in every lane.
    let case = common::sample_with_bulk_action(30);
    let fig = export::timeline_figure(&case, &opts());
    let mut hidden_in_all = 0;
    for lane in fig.lanes_in_use() {
        let layout = fig.layout_lane(lane, &fig.full, 900.0);
        let hidden: usize = layout.hidden().iter().map(|h| h.count).sum();
        let from = fig.compression.expand(fig.full.start);
        let to = fig.compression.expand(fig.full.end());
        let in_view = fig.lanes.lanes[lane].visible(&fig.items, from, to).count();
        assert_eq!(
            layout.drawn_items() + hidden,
            in_view,
            "lane {}",
            fig.lanes.lanes[lane].label
        );
        hidden_in_all += hidden;
    }
    assert!(hidden_in_all > 0, "the bulk action overflows its lanes");
    let svg = export::timeline_svg(
        &case,
        &ExportOptions {
            format: Format::TimelineSvg,
            ..opts()
        },
    );
    // On paper nothing can be clicked: no count badge; the numbered items are listed.
    assert!(!svg.contains(" more</text>"), "no “+N more” badge");
    assert!(svg.contains(">No.</text>"), "a table of the numbered items");
}

#[test]
fn png_export_rejects_a_dpi_not_offered() {
    let dir = tempfile::tempdir().unwrap();
    let o = ExportOptions {
        format: Format::Png,
        dpi: 72,
        ..opts()
    };
    let err = export::export(&sample(), SAMPLE_NAME, &o, dir.path(), &Progress::new())
        .expect_err("72 dpi is not offered");
    assert!(matches!(err, ExportError::Options(_)), "{err:?}");
    assert!(err.to_string().contains("dpi"), "{err}");
}

#[test]
fn cancelled_png_render_stops_with_cancelled() {
    let pages = export::pages(&sample(), &opts());
    let progress = Progress::new();
    progress.cancel();
    let err = export::render_pages_png(&pages, 150, &progress).expect_err("cancelled");
    assert!(matches!(err, ExportError::Cancelled), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// 2. PDF
// ---------------------------------------------------------------------------------------------

#[test]
fn pdf_text_has_title_quotes_and_staff_section() {
    let case = sample();
    let pdf = PdfFile::new(&export::pdf(&case, &opts()).expect("PDF export"));
    let layout = normalise(&pdf.layout_text());
    assert_has("PDF text", &layout, &normalise(&case.info.title));
    for s in &case.statements {
        assert_has("PDF text", &layout, &normalise(&s.quote));
    }
    assert_has("PDF text", &layout, "Staff involved");
    assert_has("PDF text", &layout, STAFF_NAME);
    assert_has("PDF text", &layout, "Page 1 of");
    assert_has("PDF text", &layout, "Exported 2026-11-28 12:00 UTC");
}

#[test]
fn pdf_metadata_has_title_subject_and_creation_date() {
    let case = sample();
    let pdf = PdfFile::new(&export::pdf(&case, &opts()).expect("PDF export"));
    assert_eq!(pdf.info_field("Title"), case.info.title);
    let subject = pdf.info_field("Subject");
    assert!(!subject.is_empty(), "empty Subject");
    assert!(subject.contains("Incident case report"), "{subject}");
    assert!(!subject.contains("redacted"), "{subject}");
    // The export time, not the clock.
    assert!(
        pdf.xmp().contains("2026-11-28T12:00:00"),
        "XMP:\n{}",
        pdf.xmp()
    );
}

#[test]
fn pdf_has_one_page_per_svg_page() {
    let case = sample();
    for (paper, landscape) in [(Paper::A4, false), (Paper::Letter, true)] {
        let o = paper_opts(paper, landscape);
        let pages = export::pages(&case, &o);
        let pdf = PdfFile::new(&export::pdf(&case, &o).expect("PDF export"));
        assert_eq!(
            pdf.page_count(),
            pages.len(),
            "{} landscape={landscape}",
            paper.label()
        );
        assert!(pages.len() >= 4);
        // Page size in points, as pdfinfo reports it ("595.28 x 841.89 pts (A4)").
        let (w, h) = svg_size(&pages[0]);
        let size = pdf.info_field("Page size");
        assert!(
            size.starts_with(&format!("{w} x {h} pts")),
            "{size} vs {w} x {h}"
        );
    }
}

#[test]
fn pdf_text_is_real_text_in_embedded_fonts() {
    let pdf = PdfFile::new(&export::pdf(&sample(), &opts()).expect("PDF export"));
    let fonts = poppler("pdffonts", &[], &pdf.path);
    let mut lines = fonts.lines();
    let header = lines.next().expect("pdffonts header");
    let emb = header.find("emb").expect("an emb column");
    let rows: Vec<&str> = lines.skip(1).filter(|l| !l.trim().is_empty()).collect();
    assert!(
        !rows.is_empty(),
        "no fonts in the PDF: the text is not text\n{fonts}"
    );
    for row in &rows {
        assert_eq!(
            row.get(emb..emb + 3),
            Some("yes"),
            "font not embedded: {row}\n{fonts}"
        );
    }
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    // Bold and oblique faces are used too.
    assert!(
        fonts.contains("Bold") && fonts.contains("Oblique"),
        "{fonts}"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Redaction
// ---------------------------------------------------------------------------------------------

#[test]
fn redacted_pdf_contains_no_staff_name() {
    let case = sample();
    let bytes = export::pdf(&case, &redacted()).expect("PDF export");
    let pdf = PdfFile::new(&bytes);
    let layout = pdf.layout_text();
    let flow = pdf.flow_text();
    assert_no_staff_name("redacted PDF text (layout)", &layout);
    assert_no_staff_name("redacted PDF text (reading order)", &flow);
    let info = poppler("pdfinfo", &["-enc", "UTF-8"], &pdf.path);
    assert_no_staff_name("redacted PDF info", &info);
    assert_no_staff_name("redacted PDF XMP", &pdf.xmp());
    // Metadata and anything else stored uncompressed.
    assert_no_staff_name("redacted PDF bytes", &String::from_utf8_lossy(&bytes));
    assert_has("redacted PDF text", &normalise(&layout), PSEUDONYM);
    assert_has("redacted PDF text", &layout, "REDACTED");
    assert!(
        pdf.info_field("Subject").contains("(redacted)"),
        "{}",
        pdf.info_field("Subject")
    );
}

#[test]
fn internal_notes_are_in_the_full_pdf_only() {
    let case = sample();
    let full = PdfFile::new(&export::pdf(&case, &opts()).expect("PDF export"));
    assert_has(
        "full PDF text",
        &normalise(&full.flow_text()),
        INTERNAL_NOTE,
    );
    let red = PdfFile::new(&export::pdf(&case, &redacted()).expect("PDF export"));
    for text in [red.flow_text(), red.layout_text()] {
        let text = normalise(&text);
        assert!(
            !text.contains("Named publicly"),
            "internal note in redacted PDF"
        );
        assert!(
            !text.contains("Internal note"),
            "an internal note in redacted PDF"
        );
    }
}

#[test]
fn redacted_svg_pages_contain_no_staff_name() {
    let pages = export::pages(&sample(), &redacted());
    for (i, page) in pages.iter().enumerate() {
        assert_no_staff_name(&format!("redacted SVG page {}", i + 1), page);
        assert!(
            !page.contains("Named publicly"),
            "internal note on page {}",
            i + 1
        );
    }
    assert!(pages.iter().any(|p| p.contains(PSEUDONYM)));
}

#[test]
fn redacted_timeline_svg_contains_no_staff_name() {
    let svg = export::timeline_svg(&sample(), &redacted());
    assert_no_staff_name("redacted timeline SVG", &svg);
    assert_has("redacted timeline SVG", &svg, PSEUDONYM);
    assert_has("redacted timeline SVG", &svg, "REDACTED");
}

#[test]
fn redacted_csv_contains_no_staff_name() {
    let csv = export::csv_text(&sample(), &redacted());
    assert_no_staff_name("redacted CSV", &csv);
    assert_has("redacted CSV", &csv, PSEUDONYM);
}

#[test]
fn redacted_ron_contains_no_staff_name_or_internal_note() {
    let ron = export::ron_text(&sample(), &redacted()).expect("RON export");
    assert_no_staff_name("redacted RON", &ron);
    assert_has("redacted RON", &ron, PSEUDONYM);
    assert!(
        !ron.contains("Named publicly"),
        "internal note in redacted RON"
    );
    assert!(
        !ron.contains("internal: true"),
        "an internal note in redacted RON"
    );
    // Notes not marked internal stay.
    assert_has("redacted RON", &ron, "Nov 2 was his last day");
}

#[test]
fn unredacted_ron_keeps_everything() {
    let ron = export::ron_text(&sample(), &opts()).expect("RON export");
    assert_has("RON", &ron, STAFF_NAME);
    assert_has("RON", &ron, INTERNAL_NOTE);
    let back = store::parse(&ron, Path::new("x.case.ron")).expect("exported RON parses");
    assert_eq!(back, sample(), "the RON export is the case itself");
}

#[test]
fn redacted_ron_parses_back_and_validates() {
    let ron = export::ron_text(&sample(), &redacted()).expect("RON export");
    let case = store::parse(&ron, Path::new("x.case.ron")).expect("redacted RON parses");
    assert_eq!(case.staff[0].name, PSEUDONYM);
    let errors: Vec<_> = casebook::model::validate(&case)
        .into_iter()
        .filter(|p| p.level == Level::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn redacted_png_file_names_contain_no_staff_name() {
    let case = sample();
    let o = ExportOptions {
        format: Format::Png,
        dpi: 150,
        ..redacted()
    };
    // A case file named after the person, as cases sometimes are.
    let dir = tempfile::tempdir().unwrap();
    let written = export::export(
        &case,
        "bahtiyar-duysak incident.case.ron",
        &o,
        dir.path(),
        &Progress::new(),
    )
    .expect("PNG export");
    assert!(!written.is_empty());
    for name in file_names(dir.path()) {
        assert_no_staff_name("redacted PNG file name", &name);
        assert!(name.ends_with(".png") && name.contains("-page-"), "{name}");
    }
    // The sample's own name has nothing to redact and is kept.
    let dir = tempfile::tempdir().unwrap();
    export::export(&case, SAMPLE_NAME, &o, dir.path(), &Progress::new()).expect("PNG export");
    assert_eq!(file_names(dir.path()), page_names(written.len(), STEM));
}

/// The sample with its reported account marked private.
fn sample_with_private_account() -> Case {
    let mut case = sample();
    case.accounts[0].protected = true;
    case
}

#[track_caller]
fn assert_account_masked(what: &str, text: &str) {
    for leak in [HANDLE, "Donald J. Trump", "twitter.com/"] {
        assert!(
            !contains_ci(text, leak),
            "{what} contains {leak:?}: …{}…",
            around(
                &text.to_lowercase(),
                text.to_lowercase().find(&leak.to_lowercase()).unwrap_or(0)
            )
        );
    }
    assert_has(what, text, "Private account 1");
}

#[test]
fn redacted_exports_mask_a_private_account_everywhere() {
    let case = sample_with_private_account();
    let o = redacted();
    assert_account_masked("redacted CSV", &export::csv_text(&case, &o));
    assert_account_masked("redacted RON", &export::ron_text(&case, &o).unwrap());
    assert_account_masked("redacted timeline SVG", &export::timeline_svg(&case, &o));
    let pages = export::pages(&case, &o);
    for (i, page) in pages.iter().enumerate() {
        let what = format!("redacted SVG page {}", i + 1);
        assert!(
            !contains_ci(page, HANDLE),
            "{what} names the private account"
        );
    }
    assert_account_masked("redacted SVG pages", &pages.concat());
    let pdf = PdfFile::new(&export::pdf(&case, &o).unwrap());
    assert_account_masked("redacted PDF text", &normalise(&pdf.flow_text()));
    // Without redaction the handle is of course there.
    assert_has("CSV", &export::csv_text(&case, &opts()), HANDLE);
}

#[test]
fn redacted_ron_with_a_private_account_still_validates() {
    let case = sample_with_private_account();
    let ron = export::ron_text(&case, &redacted()).expect("RON export");
    let back = store::parse(&ron, Path::new("x.case.ron")).expect("redacted RON parses");
    let errors: Vec<String> = casebook::model::validate(&back)
        .into_iter()
        .filter(|p| p.level == Level::Error)
        .map(|p| p.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn redacted_ron_with_a_name_in_a_record_id_still_validates() {
    // The staff record's id made of the person's name, as people do.
    let text = common::sample_text().replace("staff-contractor", "staff-duysak");
    let case = store::parse(&text, Path::new("x.case.ron")).expect("variant parses");
    assert!(
        common::errors(&case).is_empty(),
        "the variant itself is valid"
    );
    let ron = export::ron_text(&case, &redacted()).expect("RON export");
    assert_no_staff_name("redacted RON", &ron);
    let back = store::parse(&ron, Path::new("x.case.ron")).expect("redacted RON parses");
    let errors: Vec<String> = common::errors(&back)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn redacted_exports_replace_the_name_in_free_text() {
    let mut case = sample();
    case.actions[1].summary = "Duysak set the account's deactivation in motion".to_owned();
    case.statements[5].meta.notes[0].text = "BAHTIYAR DUYSAK told reporters".to_owned();
    case.sources[0].url = "https://example.com/bahtiyar-duysak-interview".to_owned();
    case.info.tags.push("duysak".to_owned());
    let o = redacted();
    assert_no_staff_name("redacted CSV", &export::csv_text(&case, &o));
    assert_no_staff_name("redacted RON", &export::ron_text(&case, &o).unwrap());
    assert_no_staff_name("redacted timeline SVG", &export::timeline_svg(&case, &o));
    assert_no_staff_name("redacted SVG pages", &export::pages(&case, &o).concat());
    let pdf = PdfFile::new(&export::pdf(&case, &o).unwrap());
    assert_no_staff_name("redacted PDF text", &pdf.flow_text());
    assert_no_staff_name("redacted PDF info", &pdf.xmp());
    let csv = export::csv_text(&case, &o);
    assert_has(
        "redacted CSV",
        &csv,
        "Contractor A set the account's deactivation",
    );
    // A name part of four or more letters inside a longer word takes the word with it
    // (docs/redaction.md): "Duysaks lawyer" must not leak the name.
    case.postmortem.impact = "Duysaks lawyer and @BahtiyarDuysak replied.".to_owned();
    let ron = export::ron_text(&case, &o).unwrap();
    assert_has(
        "redacted RON",
        &ron,
        "Contractor A lawyer and @Contractor A replied.",
    );
}

#[test]
fn redaction_stays_case_insensitive_in_text_with_a_dotted_capital_i() {
    let mut case = sample();
    // A Turkish place name in the same text as the name, in capitals.
    case.statements[5].meta.notes[0].text = "DUYSAK gave the interview in İzmir.".to_owned();
    case.actions[1].summary = "duysak (İstanbul office) set the deactivation in motion".to_owned();
    let o = redacted();
    assert_no_staff_name("redacted CSV", &export::csv_text(&case, &o));
    assert_no_staff_name("redacted RON", &export::ron_text(&case, &o).unwrap());
    assert_no_staff_name("redacted SVG pages", &export::pages(&case, &o).concat());
}

#[test]
fn redacted_staff_without_pseudonym_becomes_staff_a() {
    let mut case = sample();
    case.staff[0].pseudonym.clear();
    let o = redacted();
    for (what, text) in [
        ("CSV", export::csv_text(&case, &o)),
        ("RON", export::ron_text(&case, &o).unwrap()),
        ("timeline SVG", export::timeline_svg(&case, &o)),
        ("SVG pages", export::pages(&case, &o).concat()),
    ] {
        assert_no_staff_name(what, &text);
        assert_has(what, &text, "Staff A");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Determinism
// ---------------------------------------------------------------------------------------------

#[test]
fn pdf_export_is_byte_identical_across_runs() {
    let case = sample();
    let a = export::pdf(&case, &opts()).unwrap();
    let b = export::pdf(&case, &opts()).unwrap();
    assert!(a == b, "two PDF exports differ");
    let r1 = export::pdf(&case, &redacted()).unwrap();
    let r2 = export::pdf(&case, &redacted()).unwrap();
    assert!(r1 == r2, "two redacted PDF exports differ");
}

#[test]
fn png_page_is_byte_identical_across_runs() {
    let case = sample();
    let render = || {
        let pages = export::pages(&case, &opts());
        export::render_pages_png(&pages[..1], 150, &Progress::new())
            .unwrap()
            .remove(0)
    };
    assert!(render() == render(), "two renders of page 1 differ");
}

#[test]
fn timeline_exports_are_byte_identical_across_runs() {
    let case = sample();
    assert_eq!(
        export::timeline_svg(&case, &opts()),
        export::timeline_svg(&case, &opts())
    );
    let dir = tempfile::tempdir().unwrap();
    let o = ExportOptions {
        format: Format::TimelinePng,
        ..opts()
    };
    let (a, b) = (dir.path().join("a.png"), dir.path().join("b.png"));
    export::export(&case, SAMPLE_NAME, &o, &a, &Progress::new()).unwrap();
    export::export(&case, SAMPLE_NAME, &o, &b, &Progress::new()).unwrap();
    assert!(
        std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
        "two timeline PNGs differ"
    );
}

#[test]
fn csv_and_ron_exports_are_identical_across_runs() {
    let case = sample();
    for o in [opts(), redacted()] {
        assert_eq!(export::csv_text(&case, &o), export::csv_text(&case, &o));
        assert_eq!(
            export::ron_text(&case, &o).unwrap(),
            export::ron_text(&case, &o).unwrap()
        );
    }
}

#[test]
fn export_time_is_an_input_not_the_clock() {
    let case = sample();
    let later = ExportOptions {
        exported_at: "2027-01-01T00:00:00Z".parse().unwrap(),
        ..opts()
    };
    let pages = export::pages(&case, &later);
    assert!(pages[0].contains("Exported 2027-01-01 00:00 UTC"));
    assert!(export::pdf(&case, &later).unwrap() != export::pdf(&case, &opts()).unwrap());
}

// ---------------------------------------------------------------------------------------------
// 5. CSV
// ---------------------------------------------------------------------------------------------

/// The sample's CSV as (header, rows).
fn sample_csv(case: &Case, o: &ExportOptions) -> (Vec<String>, Vec<Vec<String>>) {
    let text = export::csv_text(case, o);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.expect("a well-formed row")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no {name} column in {header:?}"))
}

#[test]
fn csv_has_the_documented_columns() {
    let (header, rows) = sample_csv(&sample(), &opts());
    for name in [
        "start_utc",
        "start_local",
        "precision",
        "kind",
        "lane",
        "who",
        "what",
        "sources",
    ] {
        col(&header, name);
    }
    assert_eq!(header, export::csv::HEADER);
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
}

#[test]
fn csv_has_one_row_per_dated_record() {
    let case = sample();
    let (header, rows) = sample_csv(&case, &opts());
    // (Besides them, a row per response time the postmortem's milestones give, undated.)
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| r[col(&header, "kind")] != "response time")
        .collect();
    let expected = case.actions.len()
        + case.statements.len()
        + case
            .sources
            .iter()
            .filter(|s| s.published.is_some())
            .count()
        + case
            .postmortem
            .follow_ups
            .iter()
            .filter(|f| f.due.is_some())
            .count();
    assert_eq!(expected, 14, "the sample's dated records");
    assert_eq!(rows.len(), expected);
    // Every record once.
    let id = col(&header, "record_id");
    let mut ids: Vec<&str> = rows.iter().map(|r| r[id].as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), expected);
}

#[test]
fn csv_row_of_the_deactivation_says_part_of_day_and_who() {
    let (header, rows) = sample_csv(&sample(), &opts());
    let row = rows
        .iter()
        .find(|r| r[col(&header, "record_id")] == "act-deactivation")
        .expect("a row for the deactivation");
    assert_eq!(row[col(&header, "precision")], "part of day");
    assert_eq!(row[col(&header, "start_utc")], "2017-11-02T22:00:00Z");
    assert_eq!(row[col(&header, "start_local")], "2017-11-02 ~evening");
    assert_eq!(row[col(&header, "who")], STAFF_NAME);
    assert_eq!(row[col(&header, "kind")], "deactivation");
    let what = &row[col(&header, "what")];
    assert!(
        what.contains("[unauthorized]") && what.contains("[lasted ~11 min]"),
        "{what}"
    );
    let sources = &row[col(&header, "sources")];
    assert_eq!(
        sources,
        "Exclusive interview with the former contractor; \
         Report on the former contractor's first interview"
    );
}

#[test]
fn csv_zone_column_names_the_zone_a_source_gave() {
    let mut case = sample();
    let ny = case.tz();
    case.sources[1].published = Some(When::parse("Nov 30, 2017 Europe/London", ny).unwrap());
    let (header, rows) = sample_csv(&case, &opts());
    let row = |id: &str| {
        rows.iter()
            .find(|r| r[col(&header, "record_id")] == id)
            .unwrap_or_else(|| panic!("a row for {id}"))
    };
    let london = row(case.sources[1].id.as_str());
    assert_eq!(london[col(&header, "zone")], "Europe/London");
    assert_eq!(
        london[col(&header, "start_local")],
        "2017-11-30 (Europe/London)"
    );
    assert_eq!(london[col(&header, "start_utc")], "2017-11-30T00:00:00Z");
    assert_eq!(london[col(&header, "end_utc")], "2017-12-01T00:00:00Z");
    let deactivation = row("act-deactivation");
    assert_eq!(deactivation[col(&header, "zone")], "America/New_York");
}

#[test]
fn csv_rows_are_in_time_order() {
    let (header, rows) = sample_csv(&sample(), &opts());
    let local: Vec<&str> = rows
        .iter()
        .map(|r| r[col(&header, "start_local")].as_str())
        .collect();
    // Nov 2 evening, then the month-precision records linked before the Nov 29 interview, the
    // interview, then the month-precision record nothing places (listed at the end of
    // November), then the follow-up due in January: the case's one chronology.
    assert!(local[0].starts_with("2017-11-02"), "{local:?}");
    let last_nov2 = local
        .iter()
        .rposition(|l| l.starts_with("2017-11-02"))
        .unwrap();
    let first_month = local.iter().position(|l| *l == "~2017-11").unwrap();
    let last_month = local.iter().rposition(|l| *l == "~2017-11").unwrap();
    let first_nov29 = local
        .iter()
        .position(|l| l.starts_with("2017-11-29"))
        .unwrap();
    assert!(last_nov2 < first_month, "{local:?}");
    assert!(
        first_month < first_nov29 && first_nov29 < last_month,
        "{local:?}"
    );
    let identity = rows
        .iter()
        .position(|r| r[col(&header, "what")].contains("declined to confirm"))
        .unwrap();
    assert_eq!(identity, last_month, "{local:?}");
    let linked = rows
        .iter()
        .find(|r| r[col(&header, "record_id")] == "stmt-safeguards")
        .unwrap();
    assert_eq!(linked[col(&header, "before_record_ids")], "stmt-interview");
    // (The response times, which have no time, come after every dated row.)
    let dated: Vec<&str> = local.iter().copied().filter(|l| !l.is_empty()).collect();
    assert_eq!(dated.last().copied(), Some("2018-01"), "{local:?}");
    assert_eq!(dated.len() + 3, local.len(), "{local:?}");
}

#[test]
fn csv_cells_that_look_like_formulas_are_defused() {
    let (header, rows) = sample_csv(&sample(), &opts());
    let row = rows
        .iter()
        .find(|r| r[col(&header, "record_id")] == "act-report")
        .unwrap();
    // "@realDonaldTrump" would be a formula in a spreadsheet.
    assert_eq!(row[col(&header, "lane")], "'@realDonaldTrump");
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
        }
    }
}

#[test]
fn csv_range_keeps_only_rows_in_it() {
    // 2017-11-29 00:00 to 2017-12-01 00:00 in New York.
    let from = chrono::DateTime::parse_from_rfc3339("2017-11-29T05:00:00Z").unwrap();
    let to = chrono::DateTime::parse_from_rfc3339("2017-12-01T05:00:00Z").unwrap();
    let o = ExportOptions {
        from: Some(from.timestamp() as f64),
        to: Some(to.timestamp() as f64),
        ..opts()
    };
    let (header, rows) = sample_csv(&sample(), &o);
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r[col(&header, "record_id")].as_str())
        .collect();
    assert!(ids.contains(&"stmt-interview"), "{ids:?}");
    assert!(ids.contains(&"src-washtimes"), "{ids:?}");
    assert!(!ids.contains(&"act-report"), "{ids:?}");
    assert!(!ids.contains(&"fu-offboarding"), "{ids:?}");
}

// ---------------------------------------------------------------------------------------------
// 6. Timeline image
// ---------------------------------------------------------------------------------------------

#[test]
fn timeline_png_is_width_times_scale_pixels_wide() {
    let case = sample();
    let o = ExportOptions {
        format: Format::TimelinePng,
        timeline_width: 1600.0,
        timeline_scale: 2.0,
        ..opts()
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("timeline.png");
    let written = export::export(&case, SAMPLE_NAME, &o, &out, &Progress::new()).unwrap();
    assert_eq!(written, vec![out.clone()]);
    let info = png_info(&std::fs::read(&out).unwrap());
    assert_eq!(info.width, 3200);
    let (_, h) = svg_size(&export::timeline_svg(&case, &o));
    assert_eq!(info.height, (h * 2.0).round() as u32);
    assert!(info.has_ink);
}

#[test]
fn timeline_svg_parses_and_labels_its_markers() {
    let case = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("timeline.svg");
    let o = ExportOptions {
        format: Format::TimelineSvg,
        ..opts()
    };
    export::export(&case, SAMPLE_NAME, &o, &out, &Progress::new()).unwrap();
    let svg = std::fs::read_to_string(&out).unwrap();
    assert_eq!(svg, export::timeline_svg(&case, &o));
    let tree = export::render::parse(&svg).expect("the timeline SVG parses");
    assert_eq!(tree.size().width(), 1600.0);
    assert_has("timeline SVG", &svg, "human error");
    assert_has("timeline SVG", &svg, "report received");
    assert_has("timeline SVG", &svg, &case.info.title);
    // Every label and tick inside the image, as drawn.
    assert!(assert_rendered_text_inside("timeline SVG", &svg, 0.0) > 10);
    assert_text_on_pages("timeline SVG", std::slice::from_ref(&svg), 0.0);
}

#[test]
fn timeline_legend_explains_every_symbol_even_at_the_narrowest_width() {
    const LEGEND: [&str; 8] = [
        "action",
        "statement",
        "account unavailable",
        "account active again",
        "time uncertain",
        "unauthorized",
        "key event",
        "compressed gap",
    ];
    let case = sample();
    let narrow = ExportOptions {
        timeline_width: 400.0,
        ..opts()
    };
    let svg = export::timeline_svg(&case, &narrow);
    assert_eq!(svg_size(&svg).0, 400.0);
    let report = export::pages(&case, &opts());
    let figure = report.last().expect("a timeline page");
    for (what, svg) in [
        ("narrow timeline image", &svg),
        ("report timeline page", figure),
    ] {
        let texts: Vec<String> = svg_texts(svg).into_iter().map(|t| t.text).collect();
        for label in LEGEND {
            assert!(
                texts.iter().any(|t| t == label),
                "{what}: no legend entry {label:?}"
            );
        }
        assert_rendered_text_inside(what, svg, 0.0);
    }
}

#[test]
fn timeline_range_leaves_out_what_is_outside_it() {
    let case = sample();
    // 2017-11-29 00:00 to 2017-12-01 00:00 in New York: the interview and the articles.
    let from = chrono::DateTime::parse_from_rfc3339("2017-11-29T05:00:00Z").unwrap();
    let to = chrono::DateTime::parse_from_rfc3339("2017-12-01T05:00:00Z").unwrap();
    let o = ExportOptions {
        format: Format::TimelineSvg,
        from: Some(from.timestamp() as f64),
        to: Some(to.timestamp() as f64),
        ..opts()
    };
    let svg = export::timeline_svg(&case, &o);
    assert!(
        !svg.contains("report received"),
        "Nov 2 is outside the range"
    );
    // (The title says "deactivated" too: look for the marker labels.)
    assert!(
        !svg.contains("deactivated (~11 min)"),
        "Nov 2 is outside the range"
    );
    assert!(
        !svg.contains("deactivation: Contractor"),
        "Nov 2 is outside the range"
    );
    assert_has("timeline SVG", &svg, "mistake");
    export::render::parse(&svg).expect("the timeline SVG parses");
}

#[test]
fn export_rejects_a_range_that_ends_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let o = ExportOptions {
        format: Format::TimelineSvg,
        from: Some(2.0e9),
        to: Some(1.0e9),
        ..opts()
    };
    let err = export::export(
        &sample(),
        SAMPLE_NAME,
        &o,
        &dir.path().join("t.svg"),
        &Progress::new(),
    )
    .expect_err("from after to");
    assert!(err.to_string().contains("--from"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// 7. The command line
// ---------------------------------------------------------------------------------------------

#[test]
fn cli_exports_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let run = run_casebook(&[
        "export",
        p(&sample_path()),
        "--format",
        "pdf",
        "--out",
        p(&out),
        "--exported-at",
        EXPORTED_AT,
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(out.is_file());
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(stdout(&run).trim(), p(&out));
    // The same bytes as the library writes for the same options.
    assert!(
        bytes == export::pdf(&sample(), &opts()).unwrap(),
        "CLI and library PDFs differ"
    );
}

#[test]
fn cli_rejects_a_dpi_not_offered() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_casebook(&[
        "export",
        p(&sample_path()),
        "--format",
        "png",
        "--dpi",
        "72",
        "--out",
        p(&dir.path().join("pages")),
    ]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("dpi"), "{}", stderr(&run));
    assert!(!dir.path().join("pages").exists(), "nothing written");
}

#[test]
fn cli_names_the_path_it_cannot_write() {
    let run = run_casebook(&[
        "export",
        p(&sample_path()),
        "--format",
        "pdf",
        "--out",
        "/nonexistent-dir/x.pdf",
        "--exported-at",
        EXPORTED_AT,
    ]);
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("/nonexistent-dir/x.pdf"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn cli_writes_redacted_png_pages_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pages");
    let run = run_casebook(&[
        "export",
        p(&sample_path()),
        "--format",
        "png",
        "--dpi",
        "150",
        "--out",
        p(&out),
        "--redact",
        "--exported-at",
        EXPORTED_AT,
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let names = file_names(&out);
    let count = export::pages(&sample(), &redacted()).len();
    assert_eq!(names, page_names(count, STEM));
    assert_eq!(names[0], "twitter-2017-deactivation-page-01.png");
    assert_eq!(
        stdout(&run).lines().count(),
        count,
        "one line per file written"
    );
}

#[test]
fn cli_rejects_an_unknown_format() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_casebook(&[
        "export",
        p(&sample_path()),
        "--format",
        "docx",
        "--out",
        p(&dir.path().join("x.docx")),
    ]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("docx"), "{}", stderr(&run));
    assert!(file_names(dir.path()).is_empty(), "nothing written");
}

#[test]
fn cli_rejects_an_export_time_that_is_not_rfc_3339() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_casebook(&[
        "export",
        p(&sample_path()),
        "--format",
        "csv",
        "--out",
        p(&dir.path().join("x.csv")),
        "--exported-at",
        "yesterday",
    ]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("--exported-at"), "{}", stderr(&run));
}

#[test]
fn cli_export_time_defaults_to_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.svg");
    // 2026-11-28T12:00:00Z.
    let run = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "export",
            p(&sample_path()),
            "--format",
            "timeline-svg",
            "--out",
            p(&out),
        ])
        .env("SOURCE_DATE_EPOCH", "1795867200")
        .output()
        .expect("run casebook");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let o = ExportOptions {
        format: Format::TimelineSvg,
        ..opts()
    };
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        export::timeline_svg(&sample(), &o)
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Text stays on the page
// ---------------------------------------------------------------------------------------------

#[test]
fn report_text_stays_on_a4_portrait_pages() {
    let pages = export::pages(&sample(), &paper_opts(Paper::A4, false));
    assert!(assert_text_on_pages("A4 portrait", &pages, PRINTABLE_INSET) > 100);
}

#[test]
fn report_text_stays_on_letter_landscape_pages() {
    let pages = export::pages(&sample(), &paper_opts(Paper::Letter, true));
    assert_eq!(svg_size(&pages[0]), (792.0, 612.0));
    assert!(assert_text_on_pages("Letter landscape", &pages, PRINTABLE_INSET) > 100);
}

#[test]
fn redacted_report_text_stays_on_the_page() {
    let pages = export::pages(&sample_with_private_account(), &redacted());
    assert_text_on_pages("redacted A4 portrait", &pages, PRINTABLE_INSET);
}

#[test]
fn report_text_stays_on_the_page_as_rendered() {
    for (paper, landscape) in [(Paper::A4, false), (Paper::Letter, true)] {
        let pages = export::pages(&sample(), &paper_opts(paper, landscape));
        for (i, page) in pages.iter().enumerate() {
            let what = format!("{} landscape={landscape} page {}", paper.label(), i + 1);
            let n = assert_rendered_text_inside(&what, page, PRINTABLE_INSET as f32);
            assert!(n > 0, "{what} has no text");
        }
    }
}

#[test]
fn report_of_a_2000_record_case_breaks_pages_and_keeps_text_on_them() {
    let case = casebook::model::generate::generate_case(2000, 1);
    let pages = export::pages(&case, &opts());
    assert!(pages.len() > 10, "only {} pages", pages.len());
    assert_text_on_pages("2,000-record case", &pages, PRINTABLE_INSET);
    // Long tables repeat their header on every page they continue on.
    let with_header = pages
        .iter()
        .filter(|p| p.contains(">When</text>") && p.contains(">Action</text>"))
        .count();
    assert!(
        with_header > 1,
        "the actions table header is on {with_header} page(s)"
    );
    // Every page has its footer with the right count.
    let n = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!(">Page {} of {n}</text>", i + 1)),
            "page {}",
            i + 1
        );
    }
}

#[test]
fn file_names_from_a_case_never_leave_the_chosen_folder() {
    let case = sample();
    for name in [
        "../../etc/passwd",
        "/abs/path.case.ron",
        "a\\..\\b.case.ron",
        "..",
        "",
    ] {
        let stem = export::safe_stem(&case, name, &opts());
        assert!(
            !stem.contains('/') && !stem.contains('\\'),
            "{name:?} → {stem:?}"
        );
        assert!(
            stem != ".." && stem != "." && !stem.is_empty(),
            "{name:?} → {stem:?}"
        );
        let dir = Path::new("/tmp/out");
        let page = dir.join(format!("{stem}-page-01.png"));
        assert_eq!(
            page.parent(),
            Some(dir),
            "{name:?} writes outside the folder"
        );
    }
}

/// Names and quotes in Chinese, Japanese and Korean print as text in a system CJK font (the
/// bundled DejaVu has none), in bold text too, never as empty boxes. Needs a CJK font
/// installed (`dist/test-packages.txt` has `fonts-wqy-microhei`).
#[test]
fn chinese_japanese_and_korean_print_in_a_system_font() {
    let title = "元首账户被停用 — アカウント停止 — 계정 비활성화";
    let quote = "這是一個錯誤";
    let mut case = sample();
    case.info.title = title.to_owned();
    case.statements[0].quote = quote.to_owned();
    let pdf = PdfFile::new(&export::pdf(&case, &opts()).expect("PDF export"));
    let text = normalise(&pdf.flow_text());
    assert_has("PDF text", &text, title);
    assert_has("PDF text", &text, quote);
    let fonts = poppler("pdffonts", &[], &pdf.path);
    let other: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty() && !l.contains("DejaVu"))
        .collect();
    assert!(
        !other.is_empty(),
        "no CJK font embedded (is one installed?):\n{fonts}"
    );

    // Rendered, two different characters look different (missing glyphs are identical boxes).
    let glyph = |c: char, weight: &str| {
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" font-family="DejaVu Sans"><text x="4" y="30" font-size="28" font-weight="{weight}">{c}</text></svg>"#
        );
        export::render::png(&svg, 72).expect("render")
    };
    for weight in ["normal", "bold"] {
        assert_ne!(
            glyph('中', weight),
            glyph('文', weight),
            "{weight} CJK glyphs"
        );
        assert_ne!(
            glyph('あ', weight),
            glyph('한', weight),
            "{weight} kana and hangul"
        );
    }
}

#[test]
fn the_report_shows_each_records_tags() {
    // Tags say what a record is to the case ("insider", "head-of-state"); the report keeps them
    // with the record, as the CSV does.
    let mut case = sample();
    case.sources[0]
        .meta
        .tags
        .push("secondary source".to_owned());
    case.actions[0].meta.tags.push("not targeted".to_owned());
    let pdf = PdfFile::new(&export::pdf(&case, &opts()).expect("PDF export"));
    let text = pdf.flow_text();
    for tag in [
        "Tags: head-of-state",
        "Tags: insider",
        "Tags: secondary source",
        "Tags: not targeted",
    ] {
        assert!(text.contains(tag), "{tag} missing");
    }
}

#[test]
fn a_state_with_nothing_recorded_that_ends_it_says_so() {
    // Without the reinstatement, the suspension has no end: `show` says the end was not
    // recorded rather than let the account read as suspended to this day.
    let mut case = small_case();
    case.actions.retain(|a| a.id.as_str() != "act-reinstate");
    for s in &mut case.statements {
        s.about.retain(|a| a.as_str() != "act-reinstate");
    }
    let text = export::text::show_case(&case, case.tz());
    let state = text
        .lines()
        .find(|l| l.contains("state:") && l.contains("suspended"))
        .expect("the account's state line");
    assert!(
        state.ends_with("suspended 2024-03-04 10:15 CET; end not recorded"),
        "{state}"
    );
    // The report says it too.
    let pdf = PdfFile::new(&export::pdf(&case, &opts()).expect("PDF export"));
    assert!(
        pdf.flow_text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("suspended (end not recorded)"),
        "{}",
        pdf.flow_text()
    );
    // With it, the suspension has a length and no such note.
    let text = export::text::show_case(&small_case(), small_case().tz());
    assert!(!text.contains("end not recorded"), "{text}");
}
