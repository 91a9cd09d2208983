//! The case as printed pages (SVG, in points): a cover, accounts, staff, actions, public
//! statements, sources, the postmortem and the timeline figure, with a header and footer on
//! every page. Text is measured against the bundled fonts: it wraps or is ellipsized, long
//! tables break across pages with their header repeated, and a row taller than a page
//! continues on the next one.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::svg::{Anchor, Face, Svg, ellipsize, text_width, wrap};
use super::timeline_svg::{AXIS_HEIGHT, FAINT, Figure, INK, MUTED, RULE, UNAUTHORIZED, kind_hex};
use crate::model::chronology::time_order;
use crate::model::{
    Actor, Authorization, Case, Note, RecordKind, SourceId, Speaker, When, excerpt,
};

mod cover;
mod flow;
mod postmortem;
mod records;

use cover::{capitalise, cover};
use flow::Flow;
use postmortem::{postmortem, timeline};
use records::{accounts, actions, sources, staff, statements};

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

/// One line of text with its style.
#[derive(Clone, Debug)]
struct Line {
    text: String,
    face: Face,
    size: f64,
    color: &'static str,
}

impl Line {
    fn height(&self) -> f64 {
        self.size * 1.38
    }
}

/// A paragraph to wrap into a cell or the page.
#[derive(Clone, Debug)]
struct Para {
    text: String,
    face: Face,
    size: f64,
    color: &'static str,
}

fn p(text: impl Into<String>, face: Face, size: f64, color: &'static str) -> Para {
    Para {
        text: text.into(),
        face,
        size,
        color,
    }
}

fn lines_of(paras: &[Para], width: f64) -> Vec<Line> {
    let mut out = Vec::new();
    for para in paras {
        if para.text.trim().is_empty() {
            continue;
        }
        for text in wrap(&para.text, para.face, para.size, width) {
            out.push(Line {
                text,
                face: para.face,
                size: para.size,
                color: para.color,
            });
        }
    }
    out
}

/// A table column: title and share of the width.
struct Col {
    title: &'static str,
    share: f64,
}

fn col(title: &'static str, share: f64) -> Col {
    Col { title, share }
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
    actions(&mut flow, &ctx);
    statements(&mut flow, &ctx);
    sources(&mut flow, &ctx);
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
