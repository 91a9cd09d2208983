//! The page flow: text and tables laid down page after page, breaking where they must.

use super::*;

/// The share of a page's body that may be left empty to keep a block whole on the next page;
/// a block that would leave more is split (at least [`KEEP_LINES`] lines on each side).
pub(super) const MAX_GAP: f64 = 0.25;

/// Lines of a block or a table row kept together at each side of a page break.
pub(super) const KEEP_LINES: usize = 2;

/// What a heading keeps with it before a paragraph or a bullet in type of `size`: the lines
/// [`Flow::block`] keeps together before a page break.
pub(super) fn lines_keep(size: f64) -> f64 {
    KEEP_LINES as f64 * size * 1.38 + 1.0
}

/// One line of a block laid down by [`Flow::block`]: the line, its indent, the space above it
/// (dropped at the top of a page), and the colour of a bar beside it (a quote's).
pub(super) struct Piece {
    pub(super) line: Line,
    pub(super) indent: f64,
    pub(super) gap: f64,
    pub(super) bar: Option<String>,
}

impl Piece {
    pub(super) fn new(line: Line, indent: f64) -> Self {
        Self {
            line,
            indent,
            gap: 0.0,
            bar: None,
        }
    }

    fn height(&self, at_top: bool) -> f64 {
        self.line.height() + if at_top { 0.0 } else { self.gap }
    }
}

/// A heading (or a table's header row) laid at the foot of what is on the page, with nothing
/// under it yet: it goes with what follows when that starts on the next page.
struct Kept {
    /// Where it starts in the page's drawing ([`Svg::mark`]), and its top (with the space above).
    mark: usize,
    y: f64,
    /// How to draw it again on the next page (a table draws its own header again).
    again: Option<Heading>,
}

enum Heading {
    Section(String, Option<RecordKind>),
    Sub(String),
}

/// Pages being filled top to bottom.
pub(super) struct Flow {
    pub(super) pages: Vec<Svg>,
    pub(super) w: f64,
    pub(super) h: f64,
    pub(super) y: f64,
    /// Headings laid last on this page, with nothing under them yet.
    kept: Vec<Kept>,
}

impl Flow {
    pub(super) fn new(w: f64, h: f64) -> Self {
        let mut flow = Self {
            pages: Vec::new(),
            w,
            h,
            y: 0.0,
            kept: Vec::new(),
        };
        flow.new_page();
        flow
    }

    pub(super) fn left(&self) -> f64 {
        MARGIN_X
    }

    pub(super) fn width(&self) -> f64 {
        self.w - 2.0 * MARGIN_X
    }

    pub(super) fn bottom(&self) -> f64 {
        self.h - MARGIN_BOTTOM
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Svg::new(self.w, self.h));
        self.y = MARGIN_TOP;
        self.kept.clear();
    }

    /// Starts a new page for what follows; the headings laid last on this one, with nothing
    /// under them yet, move with it.
    fn turn_page(&mut self) {
        let kept = std::mem::take(&mut self.kept);
        if let Some(first) = kept.first() {
            self.page().cut(first.mark);
        }
        self.new_page();
        // (Still kept: nothing is under them yet.)
        for k in kept {
            match k.again {
                Some(Heading::Section(text, kind)) => {
                    self.keep_next(Some(Heading::Section(text.clone(), kind)));
                    self.draw_heading(&text, kind);
                }
                Some(Heading::Sub(text)) => {
                    self.keep_next(Some(Heading::Sub(text.clone())));
                    self.draw_subheading(&text);
                }
                None => {}
            }
        }
    }

    /// The page being filled, to draw on (what is drawn there is under any heading kept).
    pub(super) fn svg(&mut self) -> &mut Svg {
        self.kept.clear();
        self.page()
    }

    /// The page being filled, without ending what is kept.
    fn page(&mut self) -> &mut Svg {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Marks what is drawn next (a heading, a table's header) as kept with what follows.
    fn keep_next(&mut self, again: Option<Heading>) {
        let (mark, y) = (self.page().mark(), self.y);
        self.kept.push(Kept { mark, y, again });
    }

    /// Where what moves with the next block starts: the first kept heading, or here.
    fn movable_top(&self) -> f64 {
        self.kept.first().map_or(self.y, |k| k.y)
    }

    /// Whether starting a new page would leave something behind (not only kept headings).
    fn can_turn(&self) -> bool {
        self.movable_top() > MARGIN_TOP + 1.0
    }

    pub(super) fn room(&self) -> f64 {
        self.bottom() - self.y
    }

    /// The height of a page's body (between the running header and footer).
    pub(super) fn body_height(&self) -> f64 {
        self.bottom() - MARGIN_TOP
    }

    /// Whether nothing has been laid on this page yet.
    pub(super) fn at_top(&self) -> bool {
        self.y <= MARGIN_TOP + 1.0
    }

    /// Whether a block `h` high that does not fit in the room left may move whole to the next
    /// page, with the headings kept above it: it fits on a page, and moving it leaves at most
    /// [`MAX_GAP`] of this page empty. Otherwise it is split across the pages.
    pub(super) fn may_move(&self, h: f64) -> bool {
        let top = self.movable_top();
        self.can_turn()
            && h + (self.y - top) <= self.body_height()
            && self.bottom() - top <= MAX_GAP * self.body_height()
    }

    /// Starts a new page unless `need` points fit on this one (headings kept with nothing
    /// under them yet go along).
    pub(super) fn ensure(&mut self, need: f64) {
        if self.room() < need && self.can_turn() {
            self.turn_page();
        }
    }

    pub(super) fn gap(&mut self, h: f64) {
        self.y += h;
    }

    /// A section heading, kept with at least `keep` points of what follows; when what follows
    /// starts on the next page, the heading goes with it.
    pub(super) fn heading(&mut self, text: &str, kind: Option<RecordKind>, keep: f64) {
        // (The space above a heading counts too, unless it starts the page.)
        let above = if self.y > MARGIN_TOP + 1.0 { 10.0 } else { 0.0 };
        self.ensure(above + 30.0 + keep);
        self.keep_next(Some(Heading::Section(text.to_owned(), kind)));
        self.draw_heading(text, kind);
    }

    fn draw_heading(&mut self, text: &str, kind: Option<RecordKind>) {
        if self.y > MARGIN_TOP + 1.0 {
            self.y += 10.0;
        }
        let (x, w) = (self.left(), self.width());
        let y = self.y;
        let color = kind.map_or_else(|| INK.to_owned(), kind_hex);
        let svg = self.page();
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

    /// A subheading, kept with at least `keep` points of what follows (and going with it).
    pub(super) fn subheading(&mut self, text: &str, keep: f64) {
        self.ensure(18.0 + keep);
        self.keep_next(Some(Heading::Sub(text.to_owned())));
        self.draw_subheading(text);
    }

    fn draw_subheading(&mut self, text: &str) {
        let x = self.left();
        let y = self.y;
        self.page()
            .text(x, y + 10.0, text, Face::Bold, 10.0, INK, Anchor::Start);
        self.y += 16.0;
    }

    /// Wrapped lines at `indent`, continuing on new pages as needed.
    pub(super) fn lines(&mut self, lines: &[Line], indent: f64) {
        let x = self.left() + indent;
        for line in lines {
            let h = line.height();
            if self.room() < h && self.can_turn() {
                self.turn_page();
            }
            let y = self.y;
            line.draw(self.svg(), x, y);
            self.y += h;
        }
    }

    /// A paragraph: it breaks across pages with at least two lines at each side.
    pub(super) fn paragraph(&mut self, para: Para) {
        let pieces: Vec<Piece> = lines_of(&[para], self.width())
            .into_iter()
            .map(|l| Piece::new(l, 0.0))
            .collect();
        self.block(&pieces, KEEP_LINES);
        self.y += 4.0;
    }

    pub(super) fn bullets(&mut self, items: &[String]) {
        let width = self.width() - 12.0;
        for item in items {
            let pieces: Vec<Piece> = lines_of(&[p(item.as_str(), Face::Regular, BODY, INK)], width)
                .into_iter()
                .map(|l| Piece::new(l, 12.0))
                .collect();
            if let Some((page, y)) = self.block(&pieces, KEEP_LINES) {
                let x = self.left();
                self.pages[page].circle(x + 4.0, y + BODY * 0.62, 1.6, INK);
            }
            self.y += 2.0;
        }
    }

    /// Lines that belong together (a paragraph, a statement), laid down from here. The block
    /// stays whole when it fits; it moves whole to the next page only when that leaves little
    /// of this page empty ([`Flow::may_move`]); else it breaks across pages, with at least
    /// `keep_first` lines before the first break and [`KEEP_LINES`] at each side of any other.
    /// Returns the page and the top of its first line.
    pub(super) fn block(&mut self, pieces: &[Piece], keep_first: usize) -> Option<(usize, f64)> {
        self.block_continued(pieces, keep_first, None)
    }

    /// A [`Flow::block`] that says whose it is at the top of every page it continues on: the
    /// first line, small, "(continued)" (a statement's speaker, channel and time).
    pub(super) fn block_continued(
        &mut self,
        pieces: &[Piece],
        keep_first: usize,
        cont: Option<&Line>,
    ) -> Option<(usize, f64)> {
        let cont = cont.map(|l| continued(l, self.width()));
        let mut first = None;
        let mut i = 0;
        while i < pieces.len() {
            let rest = &pieces[i..];
            let at_top = self.at_top();
            let total: f64 = rest
                .iter()
                .enumerate()
                .map(|(k, piece)| piece.height(at_top && k == 0))
                .sum();
            if total <= self.room() + 0.01 {
                first = first.or(Some(self.draw_pieces(rest)));
                break;
            }
            // (With the headings above it, which it must not leave behind.)
            if i == 0 && self.may_move(total) {
                self.turn_page();
                continue;
            }
            // How many lines fit here, leaving enough for the next page.
            let mut fit = 0;
            let mut h = 0.0;
            for (k, piece) in rest.iter().enumerate() {
                h += piece.height(at_top && k == 0);
                if h > self.room() + 0.01 {
                    break;
                }
                fit = k + 1;
            }
            let least = if i == 0 { keep_first } else { KEEP_LINES }.max(1);
            let split = fit.min(rest.len().saturating_sub(KEEP_LINES));
            let split = if split >= least {
                split
            } else if !self.can_turn() {
                // Not even that fits on an empty page: as much as fits (at least a line).
                fit.max(1)
            } else {
                self.turn_page();
                continue;
            };
            first = first.or(Some(self.draw_pieces(&rest[..split])));
            i += split;
            self.turn_page();
            if let Some(line) = &cont {
                let (x, y) = (self.left(), self.y);
                line.draw(self.svg(), x, y);
                self.y += line.height() + 2.0;
            }
        }
        first
    }

    /// Draws `pieces` from here down (a quote's bar beside each run of its lines); returns the
    /// page and the top of the first line.
    fn draw_pieces(&mut self, pieces: &[Piece]) -> (usize, f64) {
        let page = self.pages.len() - 1;
        let mut top = None;
        let x = self.left();
        let mut bar: Option<(String, f64, f64)> = None;
        for piece in pieces {
            if !self.at_top() {
                self.y += piece.gap;
            }
            let y = self.y;
            top = top.or(Some(y));
            let h = piece.line.height();
            bar = match (bar, &piece.bar) {
                (Some((color, y0, _)), Some(c)) if *c == color => Some((color, y0, y + h)),
                (done, next) => {
                    if let Some((color, y0, y1)) = done {
                        self.svg()
                            .rect(x + 2.0, y0, 2.5, y1 - y0 + 2.0, &color, None, 1.0);
                    }
                    next.as_ref().map(|c| (c.clone(), y, y + h))
                }
            };
            piece.line.draw(self.svg(), x + piece.indent, y);
            self.y += h;
        }
        if let Some((color, y0, y1)) = bar {
            self.svg()
                .rect(x + 2.0, y0, 2.5, y1 - y0 + 2.0, &color, None, 1.0);
        }
        (page, top.unwrap_or(self.y))
    }

    /// A table with a header row repeated on every page it spans; a row taller than the room
    /// left continues on the next page.
    pub(super) fn table(&mut self, cols: &[Col], rows: &[Vec<Vec<Para>>]) {
        let total: f64 = cols.iter().map(|c| c.share).sum();
        let width = self.width();
        let widths: Vec<f64> = cols.iter().map(|c| c.share / total * width).collect();
        let header_h = SMALL * 1.38 + 2.0 * CELL_PAD;
        let draw_header = |flow: &mut Flow| {
            let (x0, y) = (flow.left(), flow.y);
            let svg = flow.page();
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
        // The header goes with the first row (and the headings above it) to the next page.
        self.keep_next(None);
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
            // A row that does not fit moves whole to the next page when it fits there and
            // little of this page is left empty; else it breaks, keeping two lines of each
            // cell at each side.
            let page_room = self.body_height() - header_h;
            // (The header and any headings above a first row go with it.)
            if (self.room() < min_h && self.can_turn())
                || (self.room() < full_h && full_h <= page_room && self.may_move(full_h))
            {
                self.turn_page();
                draw_header(self);
            }
            loop {
                let room = self.room() - 2.0 * CELL_PAD;
                // How many lines of each cell fit here: with no cell left with one line at
                // either side of the break (`strict`), or as many as fit.
                let fit = |strict: bool| -> Vec<usize> {
                    cells
                        .iter()
                        .zip(&next)
                        .map(|(c, &start)| {
                            let mut end = start;
                            let mut h = 0.0;
                            while end < c.len() && h + c[end].height() <= room {
                                h += c[end].height();
                                end += 1;
                            }
                            if strict && end < c.len() {
                                if c.len() - end < KEEP_LINES {
                                    end = c.len().saturating_sub(KEEP_LINES).max(start);
                                }
                                if end - start < KEEP_LINES {
                                    end = start;
                                }
                            }
                            end
                        })
                        .collect()
                };
                let mut ends = fit(true);
                if ends == next {
                    if self.can_turn() && self.y > MARGIN_TOP + header_h + 1.0 {
                        // Nothing of the row fits here after all: on the next page.
                        self.turn_page();
                        draw_header(self);
                        continue;
                    }
                    // On a page of its own and still nothing: as much as fits, at least a
                    // line (so the row always gets on).
                    ends = fit(false);
                    if ends == next
                        && let Some((e, _)) =
                            ends.iter_mut().zip(&cells).find(|(e, c)| **e < c.len())
                    {
                        *e += 1;
                    }
                }
                // A row continued from the page before says whose it is, when its first cell
                // ended there: "@handle (continued)".
                let cont = (next.iter().any(|&i| i > 0))
                    .then(|| cells.first().zip(next.first()).zip(widths.first()))
                    .flatten()
                    .filter(|((c, i), _)| **i >= c.len() && !c.is_empty())
                    .map(|((c, _), w)| continued(&c[0], w - 2.0 * CELL_PAD));
                let mut heights: Vec<f64> = cells
                    .iter()
                    .zip(next.iter().zip(&ends))
                    .map(|(c, (&a, &b))| c[a..b].iter().map(Line::height).sum())
                    .collect();
                if let (Some(line), Some(h)) = (&cont, heights.first_mut()) {
                    *h += line.height();
                }
                let row_h = heights.iter().copied().fold(0.0, f64::max) + 2.0 * CELL_PAD;
                let (x0, y0) = (self.left(), self.y);
                {
                    let svg = self.svg();
                    if n % 2 == 1 {
                        svg.rect(x0, y0, width, row_h, FAINT, None, 0.0);
                    }
                    if let Some(line) = &cont {
                        line.draw(svg, x0 + CELL_PAD, y0 + CELL_PAD);
                    }
                    let mut x = x0;
                    for ((c, w), (&start, &end)) in
                        cells.iter().zip(&widths).zip(next.iter().zip(&ends))
                    {
                        let mut y = y0 + CELL_PAD;
                        for line in &c[start..end] {
                            line.draw(svg, x + CELL_PAD, y);
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
                self.turn_page();
                draw_header(self);
            }
        }
        // (A table with no rows: its header is what is under the heading.)
        self.kept.clear();
        self.y += 8.0;
    }
}

/// "First line of a record (continued)", small and muted, at most `width` wide: what starts a
/// record's part on the page after its own.
fn continued(first: &Line, width: f64) -> Line {
    let tail = " (continued)";
    let room = width - text_width(tail, Face::Oblique, SMALL);
    Line {
        text: format!(
            "{}{tail}",
            ellipsize(first.text.trim_end(), Face::Oblique, SMALL, room)
        ),
        face: Face::Oblique,
        size: SMALL,
        color: MUTED,
        runs: Vec::new(),
    }
}
