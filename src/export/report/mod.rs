//! The case as printed pages (SVG, in points): a cover (with the counted impact), accounts,
//! staff, outside people, actions, public statements, sources, the postmortem and the timeline
//! figure, with a header and footer on every page. Text is measured against the bundled fonts:
//! it wraps or is ellipsized, long tables break across pages with their header repeated, a row
//! taller than a page continues on the next one, and a heading is kept with what follows it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::phrases::{self, capitalise};
use super::svg::{Anchor, Face, Svg, ellipsize, text_width, wrap};
use super::timeline_svg::{AXIS_HEIGHT, FAINT, Figure, INK, MUTED, RULE, UNAUTHORIZED, kind_hex};
use crate::model::chronology::{Dated, action_order, statement_order};
use crate::model::{
    AccountKind, Actor, Case, Note, RecordKind, RecordRef, SourceId, Speaker, When, excerpt,
};

mod cover;
mod evidence;
mod flow;
mod postmortem;
mod records;

use cover::cover;
use flow::Flow;
use postmortem::{postmortem, timeline};
use records::{accounts, actions, outsiders, sources, staff, statements};

/// Paper sizes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Portrait size in points.
    pub fn size(self) -> (f64, f64) {
        match self {
            // 210 × 297 mm.
            Paper::A4 => (595.2756, 841.8898),
            // 8.5 × 11 in.
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// "A4", "US Letter".
    pub fn label(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "US Letter",
        }
    }
}

/// How the report is laid out.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub paper: Paper,
    pub landscape: bool,
    /// Zone the times are shown in.
    pub tz: Tz,
    /// Printed in the footer ("Exported …"); an input so exports are reproducible.
    pub exported_at: DateTime<Utc>,
    /// The case was redacted (said on the cover and in the footer).
    pub redacted: bool,
    /// The evidence files as read at export time (pictures to draw, hashes checked).
    pub evidence: super::evidence::EvidenceCheck,
}

impl ReportOptions {
    /// Page size in points, oriented.
    pub fn page_size(&self) -> (f64, f64) {
        let (w, h) = self.paper.size();
        if self.landscape { (h, w) } else { (w, h) }
    }
}

const MARGIN_X: f64 = 50.0;
const MARGIN_TOP: f64 = 58.0;
const MARGIN_BOTTOM: f64 = 56.0;
const BODY: f64 = 9.0;
const SMALL: f64 = 7.6;
const CELL_PAD: f64 = 4.0;
/// The room a table needs where it starts (a header row and three lines): what a heading before
/// one keeps with it, so the heading is never left alone at the foot of a page.
const TABLE_KEEP: f64 = SMALL * 1.38 + 2.0 * CELL_PAD + 3.0 * BODY * 1.38 + 2.0 * CELL_PAD;

/// One line of text with its style; or, when `runs` is not empty, in several styles (`size`
/// is then the largest, and `text` all of it).
#[derive(Clone, Debug)]
struct Line {
    text: String,
    face: Face,
    size: f64,
    color: &'static str,
    runs: Vec<Run>,
}

impl Line {
    fn height(&self) -> f64 {
        self.size * 1.38
    }

    /// Draws the line with its top at `y`.
    fn draw(&self, svg: &mut Svg, x: f64, y: f64) {
        if self.runs.is_empty() {
            svg.text(
                x,
                y + self.size,
                &self.text,
                self.face,
                self.size,
                self.color,
                Anchor::Start,
            );
        } else {
            let runs: Vec<(&str, Face, f64, &str)> = self
                .runs
                .iter()
                .map(|r| (r.text.as_str(), r.face, r.size, r.color))
                .collect();
            svg.rich_text(x, y + self.size, &runs);
        }
    }
}

/// A stretch of text in one style, in a paragraph of several.
#[derive(Clone, Debug)]
struct Run {
    text: String,
    face: Face,
    size: f64,
    color: &'static str,
}

fn run(text: impl Into<String>, face: Face, size: f64, color: &'static str) -> Run {
    Run {
        text: text.into(),
        face,
        size,
        color,
    }
}

/// A paragraph to wrap into a cell or the page: one style, or runs of several.
#[derive(Clone, Debug)]
struct Para {
    text: String,
    face: Face,
    size: f64,
    color: &'static str,
    runs: Vec<Run>,
}

fn p(text: impl Into<String>, face: Face, size: f64, color: &'static str) -> Para {
    Para {
        text: text.into(),
        face,
        size,
        color,
        runs: Vec::new(),
    }
}

/// A paragraph in several styles ("130 accounts" large and bold, "(Twitter)" small).
fn rich(runs: Vec<Run>) -> Para {
    let first = runs
        .first()
        .cloned()
        .unwrap_or_else(|| run("", Face::Regular, BODY, INK));
    Para {
        text: runs.iter().map(|r| r.text.as_str()).collect(),
        face: first.face,
        size: runs.iter().map(|r| r.size).fold(first.size, f64::max),
        color: first.color,
        runs,
    }
}

fn lines_of(paras: &[Para], width: f64) -> Vec<Line> {
    let mut out = Vec::new();
    for para in paras {
        if para.text.trim().is_empty() {
            continue;
        }
        if !para.runs.is_empty() {
            out.extend(wrap_runs(&para.runs, width));
            continue;
        }
        for text in wrap(&para.text, para.face, para.size, width) {
            out.push(Line {
                text,
                face: para.face,
                size: para.size,
                color: para.color,
                runs: Vec::new(),
            });
        }
    }
    out
}

/// Runs of text wrapped into lines no wider than `width`, at spaces (a word wider than a line
/// is broken as [`wrap`] breaks it); each line keeps the styles of its words.
fn wrap_runs(runs: &[Run], width: f64) -> Vec<Line> {
    // Words with their style, and whether a space comes before them.
    let mut words: Vec<(String, usize, bool)> = Vec::new();
    let mut space_before = false;
    for (i, r) in runs.iter().enumerate() {
        let mut first = true;
        for word in r.text.split(' ') {
            if !first {
                space_before = true;
            }
            first = false;
            if word.is_empty() {
                continue;
            }
            let r = &runs[i];
            for (k, piece) in wrap(word, r.face, r.size, width).into_iter().enumerate() {
                words.push((piece, i, space_before && k == 0));
            }
            space_before = false;
        }
    }
    let mut lines: Vec<Vec<Run>> = Vec::new();
    let mut line: Vec<Run> = Vec::new();
    let mut line_w = 0.0;
    for (word, i, space) in words {
        let r = &runs[i];
        let word_w = text_width(&word, r.face, r.size);
        let space_w = if space && !line.is_empty() {
            text_width(" ", r.face, r.size)
        } else {
            0.0
        };
        if !line.is_empty() && line_w + space_w + word_w > width {
            lines.push(std::mem::take(&mut line));
            line_w = 0.0;
        }
        let text = if space && !line.is_empty() {
            format!(" {word}")
        } else {
            word
        };
        line_w += text_width(&text, r.face, r.size);
        match line.last_mut() {
            Some(last) if last.face == r.face && last.size == r.size && last.color == r.color => {
                last.text.push_str(&text);
            }
            _ => line.push(run(text, r.face, r.size, r.color)),
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|runs| {
            let first = runs[0].clone();
            Line {
                text: runs.iter().map(|r| r.text.as_str()).collect(),
                face: first.face,
                size: runs.iter().map(|r| r.size).fold(first.size, f64::max),
                color: first.color,
                runs,
            }
        })
        .collect()
}

/// A table column: title and share of the width.
struct Col {
    title: &'static str,
    share: f64,
}

fn col(title: &'static str, share: f64) -> Col {
    Col { title, share }
}

/// Each source's figure side by side, the numbers in bold at `size`, the sources small:
/// "**130 accounts** (Twitter) / **130** (NY DFS)".
fn figure_line(ctx: &Ctx, group: &phrases::FigureGroup<'_>, size: f64) -> Para {
    let mut runs = Vec::new();
    for (i, (value, source)) in group.parts(ctx.case).into_iter().enumerate() {
        if i > 0 {
            runs.push(run(" / ", Face::Regular, size, MUTED));
        }
        runs.push(run(value, Face::Bold, size, INK));
        if let Some(source) = source {
            runs.push(run(
                format!(" ({source})"),
                Face::Regular,
                SMALL + 0.6,
                MUTED,
            ));
        }
    }
    rich(runs)
}

/// Starts a section; false (after saying so) when it has nothing to show.
fn section(
    flow: &mut Flow,
    title: &str,
    kind: Option<RecordKind>,
    keep: f64,
    empty: Option<&str>,
) -> bool {
    flow.heading(title, kind, keep);
    if let Some(message) = empty {
        flow.paragraph(p(message, Face::Oblique, BODY, MUTED));
        return false;
    }
    true
}

/// Pieces of text the sections share.
struct Ctx<'a> {
    case: &'a Case,
    tz: Tz,
    /// The case was redacted (protected staff are already shown by pseudonym).
    redacted: bool,
}

impl Ctx<'_> {
    fn when(&self, w: &When) -> String {
        w.display(self.tz)
    }

    /// A time where an item is listed: a vague one says so ("sometime on 2020-07-15").
    fn listed(&self, w: &When) -> String {
        w.listed(self.tz)
    }

    fn source_refs(&self, ids: &[SourceId]) -> String {
        ids.iter()
            .map(|id| {
                self.case
                    .sources
                    .iter()
                    .position(|s| &s.id == id)
                    .map_or_else(|| "[?]".to_owned(), |i| format!("[{}]", i + 1))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// "Sources [1] [2]" under a record, when it cites any.
    fn sources_line(&self, ids: &[SourceId]) -> Option<Para> {
        (!ids.is_empty()).then(|| {
            p(
                format!("Sources {}", self.source_refs(ids)),
                Face::Regular,
                SMALL,
                MUTED,
            )
        })
    }

    /// "Tags: not targeted, secondary source", under a record.
    fn tags_line(&self, tags: &[String]) -> Option<Para> {
        let tags: Vec<&str> = tags
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        (!tags.is_empty()).then(|| {
            p(
                format!("Tags: {}", tags.join(", ")),
                Face::Regular,
                SMALL,
                MUTED,
            )
        })
    }

    fn notes(&self, notes: &[Note]) -> Vec<Para> {
        notes
            .iter()
            .map(|n| {
                let text = if n.internal {
                    format!("Internal note: {}", n.text)
                } else {
                    n.text.clone()
                };
                p(text, Face::Regular, SMALL, MUTED)
            })
            .collect()
    }
}

/// The report's pages as SVG documents.
pub fn report_pages(case: &Case, opts: &ReportOptions) -> Vec<String> {
    let (w, h) = opts.page_size();
    let mut flow = Flow::new(w, h);
    let ctx = Ctx {
        case,
        tz: opts.tz,
        redacted: opts.redacted,
    };
    cover(&mut flow, &ctx, opts);
    accounts(&mut flow, &ctx);
    staff(&mut flow, &ctx);
    outsiders(&mut flow, &ctx);
    actions(&mut flow, &ctx);
    statements(&mut flow, &ctx);
    sources(&mut flow, &ctx);
    evidence::evidence(&mut flow, &ctx, &opts.evidence);
    postmortem(&mut flow, &ctx);
    timeline(&mut flow, &ctx);
    let count = flow.pages.len();
    flow.pages
        .into_iter()
        .enumerate()
        .map(|(i, mut svg)| {
            header_footer(&mut svg, case, opts, i + 1, count);
            svg.finish()
        })
        .collect()
}

fn header_footer(svg: &mut Svg, case: &Case, opts: &ReportOptions, page: usize, count: usize) {
    let (w, h) = (svg.width, svg.height);
    let right = w - MARGIN_X;
    let class = if case.info.classification.trim().is_empty() {
        "Unclassified".to_owned()
    } else {
        case.info.classification.clone()
    };
    let class_w = text_width(&class, Face::Bold, 7.5).min(w * 0.4);
    let class = ellipsize(&class, Face::Bold, 7.5, class_w);
    svg.text(
        MARGIN_X,
        30.0,
        &ellipsize(
            &case.info.title,
            Face::Regular,
            7.5,
            right - MARGIN_X - class_w - 24.0,
        ),
        Face::Regular,
        7.5,
        MUTED,
        Anchor::Start,
    );
    svg.text(
        right,
        30.0,
        &class,
        Face::Bold,
        7.5,
        UNAUTHORIZED,
        Anchor::End,
    );
    svg.line(MARGIN_X, 36.0, right, 36.0, RULE, 0.6, false);
    let fy = h - 30.0;
    svg.line(MARGIN_X, fy - 10.0, right, fy - 10.0, RULE, 0.6, false);
    let mut left = format!(
        "Exported {} · Casebook {}",
        opts.exported_at.format("%Y-%m-%d %H:%M UTC"),
        env!("CARGO_PKG_VERSION")
    );
    if opts.redacted {
        left.push_str(" · REDACTED");
    }
    svg.text(
        MARGIN_X,
        fy,
        &left,
        Face::Regular,
        7.0,
        MUTED,
        Anchor::Start,
    );
    svg.text(
        right,
        fy,
        &format!("Page {page} of {count}"),
        Face::Bold,
        7.0,
        INK,
        Anchor::End,
    );
}

fn chip(svg: &mut Svg, x: f64, y: f64, text: &str, fill: &str, color: &str) -> f64 {
    let w = text_width(text, Face::Bold, 8.0) + 14.0;
    svg.rect(x, y, w, 16.0, fill, None, 8.0);
    svg.text(
        x + 7.0,
        y + 11.2,
        text,
        Face::Bold,
        8.0,
        color,
        Anchor::Start,
    );
    w
}
