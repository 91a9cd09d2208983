//! The page flow: text and tables laid down page after page, breaking where they must.

use super::*;

/// Pages being filled top to bottom.
pub(super) struct Flow {
    pub(super) pages: Vec<Svg>,
    pub(super) w: f64,
    pub(super) h: f64,
    pub(super) y: f64,
}

impl Flow {
    pub(super) fn new(w: f64, h: f64) -> Self {
        let mut flow = Self {
            pages: Vec::new(),
            w,
            h,
            y: 0.0,
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
    }

    pub(super) fn svg(&mut self) -> &mut Svg {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(super) fn room(&self) -> f64 {
        self.bottom() - self.y
    }

    /// Starts a new page unless `need` points fit on this one.
    pub(super) fn ensure(&mut self, need: f64) {
        if self.room() < need && self.y > MARGIN_TOP + 1.0 {
            self.new_page();
        }
    }

    pub(super) fn gap(&mut self, h: f64) {
        self.y += h;
    }

    /// A section heading, kept with at least `keep` points of what follows.
    pub(super) fn heading(&mut self, text: &str, kind: Option<RecordKind>, keep: f64) {
        // (The space above a heading counts too, unless it starts the page.)
        let above = if self.y > MARGIN_TOP + 1.0 { 10.0 } else { 0.0 };
        self.ensure(above + 30.0 + keep);
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

    pub(super) fn subheading(&mut self, text: &str, keep: f64) {
        self.ensure(18.0 + keep);
        let x = self.left();
        let y = self.y;
        self.svg()
            .text(x, y + 10.0, text, Face::Bold, 10.0, INK, Anchor::Start);
        self.y += 16.0;
    }

    /// Wrapped lines at `indent`, continuing on new pages as needed.
    pub(super) fn lines(&mut self, lines: &[Line], indent: f64) {
        let x = self.left() + indent;
        for line in lines {
            let h = line.height();
            if self.room() < h {
                self.new_page();
            }
            let y = self.y;
            line.draw(self.svg(), x, y);
            self.y += h;
        }
    }

    pub(super) fn paragraph(&mut self, para: Para) {
        let lines = lines_of(&[para], self.width());
        self.lines(&lines, 0.0);
        self.y += 4.0;
    }

    pub(super) fn bullets(&mut self, items: &[String]) {
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
    pub(super) fn table(&mut self, cols: &[Col], rows: &[Vec<Vec<Para>>]) {
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
                self.new_page();
                draw_header(self);
            }
        }
        self.y += 8.0;
    }
}
