//! The case as printed pages (SVG, in points): a cover, accounts, staff, actions, public
//! statements, sources, the postmortem and the timeline figure, with a header and footer on
//! every page. Text is measured against the bundled fonts: it wraps or is ellipsized, long
//! tables break across pages with their header repeated, and a row taller than a page
//! continues on the next one.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::svg::{Anchor, Face, Svg, ellipsize, text_width, wrap};
use super::timeline_svg::{AXIS_HEIGHT, FAINT, Figure, INK, MUTED, RULE, UNAUTHORIZED, kind_hex};
use crate::model::{
    Actor, Authorization, Case, Note, RecordKind, SourceId, Speaker, When, excerpt,
};

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

/// Pages being filled top to bottom.
struct Flow {
    pages: Vec<Svg>,
    w: f64,
    h: f64,
    y: f64,
}

impl Flow {
    fn new(w: f64, h: f64) -> Self {
        let mut flow = Self {
            pages: Vec::new(),
            w,
            h,
            y: 0.0,
        };
        flow.new_page();
        flow
    }

    fn left(&self) -> f64 {
        MARGIN_X
    }

    fn width(&self) -> f64 {
        self.w - 2.0 * MARGIN_X
    }

    fn bottom(&self) -> f64 {
        self.h - MARGIN_BOTTOM
    }

    fn new_page(&mut self) {
        self.pages.push(Svg::new(self.w, self.h));
        self.y = MARGIN_TOP;
    }

    fn svg(&mut self) -> &mut Svg {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn room(&self) -> f64 {
        self.bottom() - self.y
    }

    /// Starts a new page unless `need` points fit on this one.
    fn ensure(&mut self, need: f64) {
        if self.room() < need && self.y > MARGIN_TOP + 1.0 {
            self.new_page();
        }
    }

    fn gap(&mut self, h: f64) {
        self.y += h;
    }

    /// A section heading, kept with at least `keep` points of what follows.
    fn heading(&mut self, text: &str, kind: Option<RecordKind>, keep: f64) {
        self.ensure(30.0 + keep);
        if self.y > MARGIN_TOP + 1.0 {
            self.y += 10.0;
        }
        let (x, w) = (self.left(), self.width());
        let y = self.y;
        let color = kind.map_or_else(|| INK.to_owned(), kind_hex);
        let svg = self.svg();
        svg.rect(x, y + 2.0, 4.0, 15.0, &color, None, 1.0);
        svg.text(
            x + 10.0,
            y + 14.5,
            text,
            Face::Bold,
            14.0,
            INK,
            Anchor::Start,
        );
        svg.line(x, y + 22.0, x + w, y + 22.0, RULE, 0.7, false);
        self.y += 30.0;
    }

    fn subheading(&mut self, text: &str, keep: f64) {
        self.ensure(18.0 + keep);
        let x = self.left();
        let y = self.y;
        self.svg()
            .text(x, y + 10.0, text, Face::Bold, 10.0, INK, Anchor::Start);
        self.y += 16.0;
    }

    /// Wrapped lines at `indent`, continuing on new pages as needed.
    fn lines(&mut self, lines: &[Line], indent: f64) {
        let x = self.left() + indent;
        for line in lines {
            let h = line.height();
            if self.room() < h {
                self.new_page();
            }
            let y = self.y;
            self.svg().text(
                x,
                y + line.size,
                &line.text,
                line.face,
                line.size,
                line.color,
                Anchor::Start,
            );
            self.y += h;
        }
    }

    fn paragraph(&mut self, para: Para) {
        let lines = lines_of(&[para], self.width());
        self.lines(&lines, 0.0);
        self.y += 4.0;
    }

    fn bullets(&mut self, items: &[String]) {
        let width = self.width() - 12.0;
        for item in items {
            let lines = lines_of(&[p(item.as_str(), Face::Regular, BODY, INK)], width);
            self.ensure(lines.first().map_or(0.0, Line::height));
            let (x, y) = (self.left(), self.y);
            self.svg().circle(x + 4.0, y + BODY * 0.62, 1.6, INK);
            self.lines(&lines, 12.0);
            self.y += 2.0;
        }
    }

    /// A table with a header row repeated on every page it spans; a row taller than the room
    /// left continues on the next page.
    fn table(&mut self, cols: &[Col], rows: &[Vec<Vec<Para>>]) {
        let total: f64 = cols.iter().map(|c| c.share).sum();
        let width = self.width();
        let widths: Vec<f64> = cols.iter().map(|c| c.share / total * width).collect();
        let header_h = SMALL * 1.38 + 2.0 * CELL_PAD;
        let draw_header = |flow: &mut Flow| {
            let (x0, y) = (flow.left(), flow.y);
            let svg = flow.svg();
            svg.rect(x0, y, width, header_h, "#e4e8ee", None, 0.0);
            let mut x = x0;
            for (c, w) in cols.iter().zip(&widths) {
                svg.text(
                    x + CELL_PAD,
                    y + CELL_PAD + SMALL,
                    &ellipsize(c.title, Face::Bold, SMALL, w - 2.0 * CELL_PAD),
                    Face::Bold,
                    SMALL,
                    INK,
                    Anchor::Start,
                );
                x += w;
            }
            flow.y += header_h;
        };
        let has_header = cols.iter().any(|c| !c.title.is_empty());
        let header_h = if has_header { header_h } else { 0.0 };
        let draw_header = |flow: &mut Flow| {
            if has_header {
                draw_header(flow);
            }
        };
        self.ensure(header_h + 3.0 * BODY * 1.38 + 2.0 * CELL_PAD);
        draw_header(self);
        for (n, row) in rows.iter().enumerate() {
            let cells: Vec<Vec<Line>> = row
                .iter()
                .zip(&widths)
                .map(|(paras, w)| lines_of(paras, w - 2.0 * CELL_PAD))
                .collect();
            let mut next: Vec<usize> = vec![0; cells.len()];
            // Keep at least the first two lines of a row together with it.
            let min_h = cells
                .iter()
                .map(|c| c.iter().take(2).map(Line::height).sum::<f64>())
                .fold(0.0, f64::max)
                + 2.0 * CELL_PAD;
            // A row that fits on a page is never split; a taller one continues over pages.
            let full_h = cells
                .iter()
                .map(|c| c.iter().map(Line::height).sum::<f64>())
                .fold(0.0, f64::max)
                + 2.0 * CELL_PAD;
            let page_room = self.bottom() - MARGIN_TOP - header_h;
            if self.room() < min_h || (self.room() < full_h && full_h <= page_room) {
                self.new_page();
                draw_header(self);
            }
            loop {
                let room = self.room() - 2.0 * CELL_PAD;
                // How many lines of each cell fit here.
                let mut heights = Vec::with_capacity(cells.len());
                let mut ends = Vec::with_capacity(cells.len());
                for (c, &start) in cells.iter().zip(&next) {
                    let mut h = 0.0;
                    let mut end = start;
                    while end < c.len() && h + c[end].height() <= room {
                        h += c[end].height();
                        end += 1;
                    }
                    heights.push(h);
                    ends.push(end);
                }
                let row_h = heights.iter().copied().fold(0.0, f64::max) + 2.0 * CELL_PAD;
                let (x0, y0) = (self.left(), self.y);
                {
                    let svg = self.svg();
                    if n % 2 == 1 {
                        svg.rect(x0, y0, width, row_h, FAINT, None, 0.0);
                    }
                    let mut x = x0;
                    for ((c, w), (&start, &end)) in
                        cells.iter().zip(&widths).zip(next.iter().zip(&ends))
                    {
                        let mut y = y0 + CELL_PAD;
                        for line in &c[start..end] {
                            svg.text(
                                x + CELL_PAD,
                                y + line.size,
                                &line.text,
                                line.face,
                                line.size,
                                line.color,
                                Anchor::Start,
                            );
                            y += line.height();
                        }
                        x += w;
                    }
                    svg.line(x0, y0 + row_h, x0 + width, y0 + row_h, RULE, 0.4, false);
                }
                self.y += row_h;
                next = ends;
                if cells.iter().zip(&next).all(|(c, &i)| i >= c.len()) {
                    break;
                }
                self.new_page();
                draw_header(self);
            }
        }
        self.y += 8.0;
    }
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

fn cover(flow: &mut Flow, ctx: &Ctx, opts: &ReportOptions) {
    let case = ctx.case;
    let info = &case.info;
    let (x, width) = (flow.left(), flow.width());
    let y = flow.y;
    flow.svg().text(
        x,
        y + 10.0,
        "INCIDENT CASE REPORT",
        Face::Bold,
        8.5,
        MUTED,
        Anchor::Start,
    );
    flow.y += 20.0;
    let title = lines_of(&[p(info.title.as_str(), Face::Bold, 21.0, INK)], width);
    flow.lines(&title, 0.0);
    flow.gap(6.0);
    let y = flow.y;
    let sev_fill = match info.severity {
        crate::model::Severity::Critical => "#b71c1c",
        crate::model::Severity::High => "#d84315",
        crate::model::Severity::Medium => "#8d6e00",
        crate::model::Severity::Low => "#2e7d32",
    };
    let mut cx = x;
    let svg = flow.svg();
    cx += chip(
        svg,
        cx,
        y,
        &format!("Severity: {}", info.severity),
        sev_fill,
        "#ffffff",
    ) + 6.0;
    cx += chip(
        svg,
        cx,
        y,
        &format!("Status: {}", info.status),
        "#37474f",
        "#ffffff",
    ) + 6.0;
    if !info.classification.trim().is_empty() {
        let text = ellipsize(&info.classification, Face::Bold, 8.0, x + width - cx - 14.0);
        chip(svg, cx, y, &text, "#fdecea", UNAUTHORIZED);
    }
    flow.y += 28.0;
    if opts.redacted {
        let lines = lines_of(
            &[p(
                "Redacted for sharing outside: protected people are named by pseudonym, protected accounts are masked, other protected names and terms are replaced, and internal notes are left out.",
                Face::Bold,
                8.0,
                INK,
            )],
            width - 16.0,
        );
        let hgt: f64 = lines.iter().map(Line::height).sum::<f64>() + 10.0;
        let y = flow.y;
        flow.svg()
            .rect(x, y, width, hgt, "#fff8e1", Some(("#e0b000", 0.8)), 3.0);
        flow.y += 5.0;
        flow.lines(&lines, 8.0);
        flow.y += 11.0;
    }
    if !info.summary.trim().is_empty() {
        flow.subheading("Summary", 30.0);
        flow.paragraph(p(info.summary.as_str(), Face::Regular, 10.0, INK));
        flow.gap(6.0);
    }
    // Key facts.
    let times: Vec<(f64, String)> = case
        .actions
        .iter()
        .map(|a| {
            (
                a.start.midpoint(ctx.tz).timestamp() as f64,
                ctx.when(&a.start),
            )
        })
        .chain(case.statements.iter().map(|s| {
            (
                s.when.midpoint(ctx.tz).timestamp() as f64,
                ctx.when(&s.when),
            )
        }))
        .collect();
    let first = times.iter().min_by(|a, b| a.0.total_cmp(&b.0));
    let last = times.iter().max_by(|a, b| a.0.total_cmp(&b.0));
    let mut facts: Vec<(&str, String)> = vec![
        ("Case", info.id.to_string()),
        ("Owner", info.owner.clone()),
        ("Times shown in", ctx.tz.name().to_owned()),
    ];
    if let (Some(f), Some(l)) = (first, last) {
        facts.push(("First event", f.1.clone()));
        facts.push(("Last event", l.1.clone()));
    }
    facts.push((
        "Records",
        format!(
            "{} · {} · {} · {} · {} · {}",
            crate::model::plural(case.accounts.len(), "account", "accounts"),
            crate::model::plural(case.staff.len(), "staff member", "staff members"),
            crate::model::plural(case.actions.len(), "action", "actions"),
            crate::model::plural(case.statements.len(), "statement", "statements"),
            crate::model::plural(case.sources.len(), "source", "sources"),
            crate::model::plural(case.postmortem.follow_ups.len(), "follow-up", "follow-ups")
        ),
    ));
    facts.push(("Tags", info.tags.join(", ")));
    facts.push((
        "Created / updated",
        format!(
            "{} / {}",
            info.created.with_timezone(&ctx.tz).format("%Y-%m-%d"),
            info.updated.with_timezone(&ctx.tz).format("%Y-%m-%d")
        ),
    ));
    flow.subheading("Key facts", 40.0);
    let rows: Vec<Vec<Vec<Para>>> = facts
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| {
            vec![
                vec![p(k, Face::Bold, SMALL + 0.4, MUTED)],
                vec![p(v, Face::Regular, BODY, INK)],
            ]
        })
        .collect();
    flow.table(&[col("", 0.24), col("", 0.76)], &rows);
    // Key events, in time order.
    let mut key: Vec<(f64, String, String)> = case
        .actions
        .iter()
        .filter(|a| a.meta.key_event)
        .map(|a| {
            (
                a.start.midpoint(ctx.tz).timestamp() as f64,
                ctx.when(&a.start),
                format!("{}: {}", capitalise(a.kind.label()), a.summary),
            )
        })
        .chain(
            case.statements
                .iter()
                .filter(|s| s.meta.key_event)
                .map(|s| {
                    (
                        s.when.midpoint(ctx.tz).timestamp() as f64,
                        ctx.when(&s.when),
                        format!(
                            "{} ({}): “{}”",
                            case.speaker_name(&s.speaker),
                            s.channel,
                            excerpt(&s.quote, 120)
                        ),
                    )
                }),
        )
        .collect();
    key.sort_by(|a, b| a.0.total_cmp(&b.0));
    if !key.is_empty() {
        flow.subheading("Key events", 40.0);
        let rows: Vec<Vec<Vec<Para>>> = key
            .into_iter()
            .map(|(_, when, what)| {
                vec![
                    vec![p(when, Face::Bold, SMALL + 0.4, INK)],
                    vec![p(what, Face::Regular, BODY, INK)],
                ]
            })
            .collect();
        flow.table(&[col("When", 0.24), col("What", 0.76)], &rows);
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn accounts(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    flow.new_page();
    if !section(
        flow,
        "Reported accounts",
        Some(RecordKind::Account),
        40.0,
        case.accounts.is_empty().then_some("No accounts recorded."),
    ) {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = case
        .accounts
        .iter()
        .map(|a| {
            let mut who = vec![p(a.handle.as_str(), Face::Bold, BODY, INK)];
            if !a.display_name.is_empty() {
                who.push(p(a.display_name.as_str(), Face::Regular, BODY, INK));
            }
            if !a.profile_url.is_empty() {
                who.push(p(a.profile_url.as_str(), Face::Regular, SMALL, MUTED));
            }
            let audience = a.audience.as_ref().map_or_else(String::new, |au| {
                let n = crate::model::compact_count(au.count);
                match &au.as_of {
                    Some(w) => format!("{n} followers ({})", ctx.when(w)),
                    None => format!("{n} followers"),
                }
            });
            let history: Vec<String> = crate::model::state::account_history(case, &a.id)
                .into_iter()
                .filter(|s| s.state != crate::model::state::AccountState::Active)
                .map(|s| {
                    let flag = if s.unauthorized {
                        " (unauthorized)"
                    } else {
                        ""
                    };
                    format!("{}{flag}", s.state.label())
                })
                .collect();
            let mut notes = ctx.notes(&a.meta.notes);
            if !history.is_empty() {
                notes.insert(
                    0,
                    p(
                        format!("During the case: {}", history.join(" → ")),
                        Face::Regular,
                        SMALL,
                        INK,
                    ),
                );
            }
            notes.extend(ctx.sources_line(&a.meta.sources));
            vec![
                who,
                vec![
                    p(a.platform.as_str(), Face::Regular, BODY, INK),
                    p(a.kind.label(), Face::Regular, SMALL, MUTED),
                ],
                vec![p(audience, Face::Regular, SMALL + 0.4, INK)],
                notes,
            ]
        })
        .collect();
    flow.table(
        &[
            col("Account", 0.26),
            col("Platform", 0.14),
            col("Audience", 0.16),
            col("Notes", 0.44),
        ],
        &rows,
    );
}

fn staff(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Staff involved",
        Some(RecordKind::Staff),
        40.0,
        case.staff.is_empty().then_some("No staff recorded."),
    ) {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = case
        .staff
        .iter()
        .map(|s| {
            let mut who = vec![p(s.name.as_str(), Face::Bold, BODY, INK)];
            // (In the preview the name carries highlight marks: compare without them.)
            let shown: String = s
                .name
                .chars()
                .filter(|&c| c != super::svg::MARK_START && c != super::svg::MARK_END)
                .collect();
            if !s.is_protected() && !ctx.redacted {
                who.push(p("Named in redacted exports", Face::Regular, SMALL, MUTED));
            } else if s.is_protected() && !s.pseudonym.is_empty() && s.pseudonym != shown {
                who.push(p(
                    format!("Shared outside as “{}”", s.pseudonym),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            let mut role = vec![p(s.role.as_str(), Face::Regular, BODY, INK)];
            if !s.team.is_empty() {
                role.push(p(s.team.as_str(), Face::Regular, SMALL, MUTED));
            }
            let mut access = vec![p(
                capitalise(s.employment.label()),
                Face::Regular,
                BODY,
                INK,
            )];
            if !s.access_level.is_empty() {
                access.push(p(
                    format!("Access: {}", s.access_level),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            let tenure = match (&s.tenure_start, &s.tenure_end) {
                (Some(a), Some(b)) => format!("{} – {}", ctx.when(a), ctx.when(b)),
                (Some(a), None) => format!("from {}", ctx.when(a)),
                (None, Some(b)) => format!("until {}", ctx.when(b)),
                (None, None) => String::new(),
            };
            if !tenure.is_empty() {
                access.push(p(format!("Tenure: {tenure}"), Face::Regular, SMALL, MUTED));
            }
            let mut notes = ctx.notes(&s.meta.notes);
            notes.extend(ctx.sources_line(&s.meta.sources));
            vec![who, role, access, notes]
        })
        .collect();
    flow.table(
        &[
            col("Name", 0.2),
            col("Role", 0.18),
            col("Employment and access", 0.26),
            col("Notes", 0.36),
        ],
        &rows,
    );
}

fn actions(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Actions",
        Some(RecordKind::Action),
        40.0,
        case.actions.is_empty().then_some("No actions recorded."),
    ) {
        return;
    }
    let mut order: Vec<usize> = (0..case.actions.len()).collect();
    order.sort_by_cached_key(|&i| case.actions[i].start.midpoint(ctx.tz));
    let rows: Vec<Vec<Vec<Para>>> = order
        .into_iter()
        .map(|i| {
            let a = &case.actions[i];
            let mut when = vec![p(ctx.when(&a.start), Face::Bold, SMALL + 0.4, INK)];
            if let Some(end) = &a.end {
                when.push(p(
                    format!("until {}", ctx.when(end)),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            if let Some(d) = &a.duration {
                when.push(p(
                    format!("lasted {}", crate::timeline::items::short_duration(d)),
                    Face::Regular,
                    SMALL,
                    MUTED,
                ));
            }
            let mut what = vec![p(capitalise(a.kind.label()), Face::Bold, BODY, INK)];
            match a.authorization {
                Authorization::Unauthorized => {
                    what.push(p("UNAUTHORIZED", Face::Bold, SMALL, UNAUTHORIZED));
                }
                Authorization::Unknown => {}
                Authorization::Authorized => {}
            }
            what.push(p(a.summary.as_str(), Face::Regular, BODY, INK));
            let targets: Vec<String> = a
                .targets
                .iter()
                .map(|t| {
                    case.account(t)
                        .map_or_else(|| t.to_string(), |acc| acc.handle.clone())
                })
                .collect();
            let mut details = Vec::new();
            if !targets.is_empty() {
                details.push(format!("On {}", targets.join(", ")));
            }
            if !a.policy.is_empty() {
                details.push(format!("Policy: {}", a.policy));
            }
            if let Some(rev) = a.reverses.as_ref().and_then(|r| case.action(r)) {
                details.push(format!("Reverses: {}", excerpt(&rev.summary, 60)));
            }
            if a.meta.key_event {
                details.push("Key event".to_owned());
            }
            if !details.is_empty() {
                what.push(p(details.join(" · "), Face::Regular, SMALL, MUTED));
            }
            what.extend(ctx.notes(&a.meta.notes));
            let by = match &a.performer {
                Actor::Staff(_) => vec![
                    p(case.actor_name(&a.performer), Face::Regular, BODY, INK),
                    p("staff", Face::Regular, SMALL, MUTED),
                ],
                other => vec![p(case.actor_name(other), Face::Regular, BODY, INK)],
            };
            vec![
                when,
                what,
                by,
                vec![p(
                    ctx.source_refs(&a.meta.sources),
                    Face::Regular,
                    SMALL,
                    INK,
                )],
            ]
        })
        .collect();
    flow.table(
        &[
            col("When", 0.19),
            col("Action", 0.53),
            col("By", 0.18),
            col("Sources", 0.10),
        ],
        &rows,
    );
}

fn statements(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Public statements",
        Some(RecordKind::Statement),
        60.0,
        case.statements
            .is_empty()
            .then_some("No statements recorded."),
    ) {
        return;
    }
    let mut order: Vec<usize> = (0..case.statements.len()).collect();
    order.sort_by_cached_key(|&i| case.statements[i].when.midpoint(ctx.tz));
    let color = kind_hex(RecordKind::Statement);
    let width = flow.width();
    for i in order {
        let s = &case.statements[i];
        let who = format!(
            "{} · {} · {}",
            case.speaker_name(&s.speaker),
            s.channel,
            ctx.when(&s.when)
        );
        let head = lines_of(&[p(who, Face::Bold, BODY, INK)], width);
        let quote_text = if s.verbatim {
            format!("“{}”", s.quote)
        } else {
            format!("{} (paraphrase)", s.quote)
        };
        let quote = lines_of(&[p(quote_text, Face::Oblique, 10.0, INK)], width - 16.0);
        let mut after: Vec<Para> = Vec::new();
        if let Some(c) = s.corrects.as_ref().and_then(|c| case.statement(c)) {
            after.push(p(
                format!(
                    "Corrects the earlier statement by {} ({}): “{}”",
                    case.speaker_name(&c.speaker),
                    ctx.when(&c.when),
                    excerpt(&c.quote, 80)
                ),
                Face::Bold,
                SMALL,
                MUTED,
            ));
        }
        let about: Vec<String> = s
            .about
            .iter()
            .filter_map(|id| case.action(id))
            .map(|a| excerpt(&a.summary, 60))
            .collect();
        if !about.is_empty() {
            after.push(p(
                format!("About: {}", about.join("; ")),
                Face::Regular,
                SMALL,
                MUTED,
            ));
        }
        if let Speaker::Staff(_) = s.speaker {
            after.push(p("Speaker is staff.", Face::Regular, SMALL, MUTED));
        }
        after.extend(ctx.sources_line(&s.meta.sources));
        after.extend(ctx.notes(&s.meta.notes));
        let after = lines_of(&after, width - 16.0);
        let first_h = head.iter().map(Line::height).sum::<f64>()
            + quote.iter().take(3).map(Line::height).sum::<f64>();
        let total = head
            .iter()
            .chain(&quote)
            .chain(&after)
            .map(Line::height)
            .sum::<f64>()
            + 8.0;
        // Kept on one page when it fits on one.
        if total <= flow.bottom() - MARGIN_TOP {
            flow.ensure(total);
        } else {
            flow.ensure(first_h + 8.0);
        }
        flow.lines(&head, 0.0);
        flow.gap(2.0);
        // The quote with a bar in the statement colour beside it (drawn per page part).
        let mut start = 0;
        while start < quote.len() {
            if flow.room() < quote[start].height() {
                flow.new_page();
            }
            let y0 = flow.y;
            let mut end = start;
            let mut hgt = 0.0;
            while end < quote.len() && hgt + quote[end].height() <= flow.room() {
                hgt += quote[end].height();
                end += 1;
            }
            let x = flow.left();
            flow.svg()
                .rect(x + 2.0, y0, 2.5, hgt + 2.0, &color, None, 1.0);
            flow.lines(&quote[start..end], 12.0);
            start = end;
        }
        flow.gap(3.0);
        flow.lines(&after, 12.0);
        flow.gap(10.0);
    }
}

fn sources(flow: &mut Flow, ctx: &Ctx) {
    let case = ctx.case;
    if !section(
        flow,
        "Sources",
        Some(RecordKind::Source),
        40.0,
        case.sources.is_empty().then_some("No sources recorded."),
    ) {
        return;
    }
    let rows: Vec<Vec<Vec<Para>>> = case
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut what = vec![p(s.title.as_str(), Face::Bold, BODY, INK)];
            let mut line = Vec::new();
            if !s.publisher.is_empty() {
                line.push(s.publisher.clone());
            }
            if let Some(w) = &s.published {
                line.push(format!("published {}", ctx.when(w)));
            }
            if let Some(w) = &s.accessed {
                line.push(format!("accessed {}", ctx.when(w)));
            }
            if !line.is_empty() {
                what.push(p(line.join(" · "), Face::Regular, SMALL + 0.4, INK));
            }
            if !s.url.is_empty() {
                what.push(p(s.url.as_str(), Face::Regular, SMALL, MUTED));
            }
            what.extend(ctx.notes(&s.meta.notes));
            vec![vec![p(format!("[{}]", i + 1), Face::Bold, BODY, INK)], what]
        })
        .collect();
    flow.table(&[col("#", 0.07), col("Source", 0.93)], &rows);
}

fn postmortem(flow: &mut Flow, ctx: &Ctx) {
    let pm = &ctx.case.postmortem;
    flow.heading("Postmortem", None, 60.0);
    let mut any = false;
    if !pm.impact.trim().is_empty() {
        flow.subheading("Impact", 24.0);
        flow.paragraph(p(pm.impact.as_str(), Face::Regular, BODY + 0.5, INK));
        flow.gap(4.0);
        any = true;
    }
    if !pm.root_cause.trim().is_empty() {
        flow.subheading("Root cause", 24.0);
        flow.paragraph(p(pm.root_cause.as_str(), Face::Regular, BODY + 0.5, INK));
        flow.gap(4.0);
        any = true;
    }
    if !pm.contributing_factors.is_empty() {
        flow.subheading("Contributing factors", 24.0);
        flow.bullets(&pm.contributing_factors);
        flow.gap(4.0);
        any = true;
    }
    if !pm.follow_ups.is_empty() {
        flow.subheading("Follow-ups", 40.0);
        let rows: Vec<Vec<Vec<Para>>> = pm
            .follow_ups
            .iter()
            .map(|f| {
                let mut what = vec![p(f.description.as_str(), Face::Regular, BODY, INK)];
                what.extend(ctx.notes(&f.meta.notes));
                vec![
                    what,
                    vec![p(f.owner.as_str(), Face::Regular, BODY, INK)],
                    vec![p(
                        capitalise(f.status.label()),
                        Face::Bold,
                        SMALL + 0.4,
                        INK,
                    )],
                    vec![p(
                        f.due.as_ref().map_or_else(String::new, |w| ctx.when(w)),
                        Face::Regular,
                        SMALL + 0.4,
                        INK,
                    )],
                ]
            })
            .collect();
        flow.table(
            &[
                col("Follow-up", 0.56),
                col("Owner", 0.18),
                col("Status", 0.12),
                col("Due", 0.14),
            ],
            &rows,
        );
        any = true;
    }
    if !any {
        flow.paragraph(p("No postmortem written yet.", Face::Oblique, BODY, MUTED));
    }
}

fn timeline(flow: &mut Flow, ctx: &Ctx) {
    let fig = Figure::new(ctx.case, ctx.tz, None, false);
    flow.new_page();
    flow.heading("Timeline", None, 80.0);
    if fig.items.is_empty() {
        flow.paragraph(p("Nothing dated to show.", Face::Oblique, BODY, MUTED));
        return;
    }
    let (x, width) = (flow.left(), flow.width());
    let plot_w = width - super::timeline_svg::LABEL_COLUMN;
    let lanes = fig.lanes_in_use();
    let segments = fig.segments(fig.segments_needed(plot_w));
    let n = segments.len();
    for (k, view) in segments.iter().enumerate() {
        // Lanes with nothing in this part are left out (a part names its lanes).
        let layouts: Vec<_> = lanes
            .iter()
            .map(|&l| fig.layout_lane(l, view, plot_w))
            .filter(|l| n == 1 || !l.is_empty())
            .collect();
        if layouts.is_empty() {
            continue;
        }
        let mut next = 0;
        while next < layouts.len() {
            let caption = if n > 1 {
                let from = fig.compression.expand(view.start);
                let to = fig.compression.expand(view.end());
                let fmt = |t: f64| {
                    DateTime::from_timestamp(t as i64, 0)
                        .map(|d| {
                            d.with_timezone(&ctx.tz)
                                .format("%Y-%m-%d %H:%M")
                                .to_string()
                        })
                        .unwrap_or_default()
                };
                format!("Part {} of {n}: {} – {}", k + 1, fmt(from), fmt(to))
            } else {
                "Each lane is an account, a staff member or the public statements; bars are how long an account was unavailable.".to_owned()
            };
            // Room for the axis, at least one lane and the legend.
            let need = 14.0 + AXIS_HEIGHT + layouts[next].height + Figure::LEGEND_HEIGHT + 8.0;
            flow.ensure(need);
            let caption = ellipsize(&caption, Face::Regular, SMALL, width);
            let y = flow.y;
            flow.svg().text(
                x,
                y + SMALL,
                &caption,
                Face::Regular,
                SMALL,
                MUTED,
                Anchor::Start,
            );
            flow.y += 14.0;
            let room = flow.room() - AXIS_HEIGHT - Figure::LEGEND_HEIGHT - 8.0;
            let mut used = 0.0;
            let mut end = next;
            while end < layouts.len() && (end == next || used + layouts[end].height <= room) {
                used += layouts[end].height;
                end += 1;
            }
            let top = flow.y;
            let bottom = top + AXIS_HEIGHT + used;
            let svg = flow.svg();
            fig.draw_axis(svg, x, top, width, bottom, view);
            fig.draw_lanes(svg, x, top + AXIS_HEIGHT, width, &layouts[next..end]);
            Figure::draw_legend(svg, x, bottom + 6.0, width);
            flow.y = bottom + 6.0 + Figure::LEGEND_HEIGHT + 6.0;
            next = end;
            // The next part (or the rest of this one) follows here if it fits, else on a new page.
            flow.gap(10.0);
        }
    }
}
