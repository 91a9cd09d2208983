//! A small SVG writer for the export pages, with text measured against the bundled fonts so
//! layout can wrap and ellipsize before anything is drawn.
//!
//! Coordinates are points (1/72 in); numbers are written with at most two decimals so the same
//! layout always gives the same bytes.

use std::fmt::Write as _;
use std::sync::OnceLock;

/// DejaVu Sans, bundled (see `assets/fonts/DejaVu-LICENSE.txt`); never system fonts.
pub static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// DejaVu Sans Oblique (quotes).
pub static FONT_OBLIQUE: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Oblique.ttf");

/// The family name the SVG asks for (all three faces above).
pub const FAMILY: &str = "DejaVu Sans";

/// A font face.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Oblique,
}

struct Metrics {
    units_per_em: f64,
    faces: [ttf_parser::Face<'static>; 3],
}

fn metrics() -> Option<&'static Metrics> {
    static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
    METRICS
        .get_or_init(|| {
            let regular = ttf_parser::Face::parse(FONT_REGULAR, 0).ok()?;
            let bold = ttf_parser::Face::parse(FONT_BOLD, 0).ok()?;
            let oblique = ttf_parser::Face::parse(FONT_OBLIQUE, 0).ok()?;
            Some(Metrics {
                units_per_em: f64::from(regular.units_per_em()),
                faces: [regular, bold, oblique],
            })
        })
        .as_ref()
}

/// Starts a highlighted stretch of text (a redaction in the export preview; never written).
pub const MARK_START: char = '\u{E000}';
/// Ends a highlighted stretch of text.
pub const MARK_END: char = '\u{E001}';

/// The advance width of `text` in `face` at `size` points (no kerning: slightly wider than the
/// shaped text, so what fits here fits on the page).
pub fn text_width(text: &str, face: Face, size: f64) -> f64 {
    let Some(m) = metrics() else {
        // The fonts are compiled in; this is only a fallback.
        return text.chars().count() as f64 * size * 0.6;
    };
    let f = &m.faces[face as usize];
    let units: f64 = text
        .chars()
        .filter(|&c| c != MARK_START && c != MARK_END)
        .map(|c| {
            f.glyph_index(c)
                .and_then(|g| f.glyph_hor_advance(g))
                .map_or(f64::from(f.units_per_em()) * 0.6, f64::from)
        })
        .sum();
    units / m.units_per_em * size
}

/// `text` cut to fit `width` with an ellipsis ("…") when it is too long.
pub fn ellipsize(text: &str, face: Face, size: f64, width: f64) -> String {
    if text_width(text, face, size) <= width {
        return text.to_owned();
    }
    let ell = text_width("…", face, size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = text_width(c.encode_utf8(&mut [0; 4]), face, size);
        if w + cw + ell > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    let trimmed = out.trim_end();
    format!("{trimmed}…")
}

/// Splits `text` into lines no wider than `width` (at spaces; a word longer than a line is
/// broken between characters). Newlines in `text` start new lines.
pub fn wrap(text: &str, face: Face, size: f64, width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let space = text_width(" ", face, size);
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in para.split_whitespace() {
            let mut word = word.to_owned();
            let mut ww = text_width(&word, face, size);
            loop {
                let needed = if line.is_empty() {
                    ww
                } else {
                    line_w + space + ww
                };
                if needed <= width {
                    if !line.is_empty() {
                        line.push(' ');
                        line_w += space;
                    }
                    line.push_str(&word);
                    line_w += ww;
                    break;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                    continue;
                }
                // A single word wider than the line: break it, in one pass over the word
                // (a million-character word must not cost a pass per line).
                let mut pieces = break_word(&word, face, size, width);
                let last = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
                ww = text_width(&last, face, size);
                if ww > width {
                    // One character wider than the line: it gets a line of its own.
                    lines.push(last);
                    break;
                }
                word = last;
            }
        }
        lines.push(line);
    }
    while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// `word` cut into pieces no wider than `width` (each at least one character), all but the last
/// full lines. Links and paths break better after a '/', '-', '.', '?', '&', '=' or '_' than
/// mid-name, when one falls in the later half of the line.
fn break_word(word: &str, face: Face, size: f64, width: f64) -> Vec<String> {
    let char_width = |c: char| text_width(c.encode_utf8(&mut [0; 4]), face, size);
    let mut pieces = Vec::new();
    let mut head: Vec<char> = Vec::new();
    let mut head_w = 0.0;
    for c in word.chars() {
        let cw = char_width(c);
        while !head.is_empty() && head_w + cw > width {
            let cut = head
                .iter()
                .rposition(|c| matches!(c, '/' | '-' | '.' | '?' | '&' | '=' | '_'))
                .filter(|&i| i + 1 >= head.len() / 2 && i + 1 < head.len())
                .map_or(head.len(), |i| i + 1);
            let tail = head.split_off(cut);
            pieces.push(head.iter().collect());
            head = tail;
            head_w = head.iter().map(|&c| char_width(c)).sum();
        }
        head.push(c);
        head_w += cw;
    }
    pieces.push(head.into_iter().collect());
    pieces
}

/// Writes a number with at most two decimals and no trailing zeros.
pub fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{:.2}", (v * 100.0).round() / 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Escapes text for XML. Highlight marks ([`MARK_START`], [`MARK_END`]) become a red
/// underlined `tspan`, balanced within the line however the text was cut.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open = false;
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            MARK_START if !open => {
                out.push_str(r##"<tspan fill="#c62828" text-decoration="underline">"##);
                open = true;
            }
            MARK_END => {
                if open {
                    out.push_str("</tspan>");
                    open = false;
                } else {
                    // The line starts inside a highlight (it was wrapped): highlight its start.
                    out.insert_str(0, r##"<tspan fill="#c62828" text-decoration="underline">"##);
                    out.push_str("</tspan>");
                }
            }
            MARK_START => {}
            // Control characters and the non-characters U+FFFE and U+FFFF are not allowed in
            // XML 1.0 (text pasted from a PDF brings form feeds and the like).
            c if (c as u32) < 0x20 && c != '\t' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    if open {
        out.push_str("</tspan>");
    }
    out
}

/// The words of an SVG page as a person reads them: the text between tags, entities decoded,
/// runs of space collapsed (a screen reader's description of a page preview; what tests look
/// for on a page). Style sheets and attribute values (picture data among them) are left out.
pub fn plain_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    let mut in_style = false;
    while let Some(open) = rest.find('<') {
        if !in_style {
            push_words(&mut out, &rest[..open]);
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        if tag.starts_with("style") {
            in_style = true;
        } else if tag.starts_with("/style") {
            in_style = false;
        } else if tag.starts_with("/text") || tag.starts_with("/tspan") {
            // Keep the words of separate lines apart.
            out.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_words(out: &mut String, text: &str) {
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    out.push_str(&decoded);
}

/// Horizontal text anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// An SVG document being written.
#[derive(Debug)]
pub struct Svg {
    buf: String,
    pub width: f64,
    pub height: f64,
}

impl Svg {
    /// A `width` × `height` point canvas with a white background.
    pub fn new(width: f64, height: f64) -> Self {
        let mut buf = String::with_capacity(16 * 1024);
        let _ = write!(
            buf,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FAMILY}">"#,
            w = num(width),
            h = num(height),
        );
        buf.push('\n');
        let mut svg = Self { buf, width, height };
        svg.rect(0.0, 0.0, width, height, "#ffffff", None, 0.0);
        svg
    }

    /// How much is drawn so far: a point to go back to with [`Svg::cut`].
    pub fn mark(&self) -> usize {
        self.buf.len()
    }

    /// Removes what was drawn after `mark` (from [`Svg::mark`]).
    pub fn cut(&mut self, mark: usize) {
        self.buf.truncate(mark);
    }

    /// A rectangle; `stroke` is (colour, width).
    #[allow(clippy::too_many_arguments)]
    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: &str,
        stroke: Option<(&str, f64)>,
        radius: f64,
    ) {
        let _ = write!(
            self.buf,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}""#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
        if radius > 0.0 {
            let _ = write!(self.buf, r#" rx="{}""#, num(radius));
        }
        if let Some((color, width)) = stroke {
            let _ = write!(
                self.buf,
                r#" stroke="{color}" stroke-width="{}""#,
                num(width)
            );
        }
        self.buf.push_str("/>\n");
    }

    /// A rectangle with an opacity (for uncertain spans).
    pub fn rect_alpha(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, opacity: f64) {
        let _ = writeln!(
            self.buf,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{fill}" fill-opacity="{}"/>"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0)),
            num(opacity)
        );
    }

    /// A straight line; `dash` draws it dashed.
    #[allow(clippy::too_many_arguments)]
    pub fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        color: &str,
        width: f64,
        dash: bool,
    ) {
        let _ = write!(
            self.buf,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{color}" stroke-width="{}""#,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width)
        );
        if dash {
            self.buf.push_str(r#" stroke-dasharray="3 2""#);
        }
        self.buf.push_str("/>\n");
    }

    /// A filled polygon.
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str) {
        self.buf.push_str(r#"<polygon points=""#);
        for (i, (x, y)) in points.iter().enumerate() {
            if i > 0 {
                self.buf.push(' ');
            }
            let _ = write!(self.buf, "{},{}", num(*x), num(*y));
        }
        let _ = writeln!(self.buf, r#"" fill="{fill}"/>"#);
    }

    /// A circle.
    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str) {
        let _ = writeln!(
            self.buf,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}"/>"#,
            num(cx),
            num(cy),
            num(r)
        );
    }

    /// A picture from a `data:` URI (which must hold only base64 characters), stretched to
    /// `w` × `h` (the caller keeps the proportions).
    pub fn image(&mut self, x: f64, y: f64, w: f64, h: f64, data_uri: &str) {
        let _ = writeln!(
            self.buf,
            r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" href="{}"/>"#,
            num(x),
            num(y),
            num(w),
            num(h),
            escape(data_uri)
        );
    }

    /// One line of text with its baseline at `y`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        face: Face,
        size: f64,
        color: &str,
        anchor: Anchor,
    ) {
        if text.trim().is_empty() {
            return;
        }
        let _ = write!(
            self.buf,
            r#"<text x="{}" y="{}" font-size="{}" fill="{color}""#,
            num(x),
            num(y),
            num(size)
        );
        match face {
            Face::Regular => {}
            Face::Bold => self.buf.push_str(r#" font-weight="bold""#),
            Face::Oblique => self.buf.push_str(r#" font-style="italic""#),
        }
        match anchor {
            Anchor::Start => {}
            Anchor::Middle => self.buf.push_str(r#" text-anchor="middle""#),
            Anchor::End => self.buf.push_str(r#" text-anchor="end""#),
        }
        let _ = writeln!(self.buf, ">{}</text>", escape(text));
    }

    /// One line of text in several styles (runs of text, each with its face, size and
    /// colour), its baseline at `y`, starting at `x`; each run follows the one before.
    pub fn rich_text(&mut self, x: f64, y: f64, runs: &[(&str, Face, f64, &str)]) {
        let Some(&(_, _, size, color)) = runs.first() else {
            return;
        };
        if runs.iter().all(|r| r.0.trim().is_empty()) {
            return;
        }
        let _ = write!(
            self.buf,
            r#"<text x="{}" y="{}" font-size="{}" fill="{color}" xml:space="preserve">"#,
            num(x),
            num(y),
            num(size)
        );
        for &(text, face, size, color) in runs {
            let _ = write!(
                self.buf,
                r#"<tspan font-size="{}" fill="{color}""#,
                num(size)
            );
            match face {
                Face::Regular => {}
                Face::Bold => self.buf.push_str(r#" font-weight="bold""#),
                Face::Oblique => self.buf.push_str(r#" font-style="italic""#),
            }
            let _ = write!(self.buf, ">{}</tspan>", escape(text));
        }
        self.buf.push_str("</text>\n");
    }

    /// The finished document.
    pub fn finish(mut self) -> String {
        self.buf.push_str("</svg>\n");
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_reads_as_its_words() {
        let svg = r#"<svg><style>.a{font:9px}</style><text x="1">Evidence</text><text><tspan>[7] tweet.png</tspan><tspan>A &amp; B</tspan></text><image href="data:image/png;base64,AAAA"/></svg>"#;
        assert_eq!(plain_text(svg), "Evidence [7] tweet.png A & B");
    }

    #[test]
    fn wraps_within_width_and_keeps_every_word() {
        let text =
            "The company first blamed human error, later said a rogue contractor was responsible.";
        let lines = wrap(text, Face::Regular, 10.0, 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(text_width(l, Face::Regular, 10.0) <= 120.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn breaks_a_word_longer_than_the_line() {
        let url = "https://example.com/a/very/long/path/that/does/not/fit/anywhere/at/all";
        let lines = wrap(url, Face::Regular, 10.0, 80.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), url);
        for l in &lines {
            assert!(text_width(l, Face::Regular, 10.0) <= 80.0 + 10.0, "{l}");
        }
    }

    #[test]
    fn breaks_a_huge_word_into_full_lines_in_one_pass() {
        // A pasted blob with no spaces: 300,000 characters (the loader allows 1,000,000).
        let blob: String = "0123456789abcdef".repeat(300_000 / 16);
        let lines = wrap(&blob, Face::Regular, 9.0, 400.0);
        assert_eq!(lines.concat(), blob);
        for l in &lines {
            assert!(text_width(l, Face::Regular, 9.0) <= 400.0, "{l}");
        }
        // Every line but the last is full: no more than one character's width left over.
        let widest_char = text_width("0123456789abcdef", Face::Regular, 9.0) / 16.0 * 1.5;
        for l in &lines[..lines.len() - 1] {
            assert!(
                text_width(l, Face::Regular, 9.0) > 400.0 - widest_char,
                "{l}"
            );
        }
    }

    #[test]
    fn a_character_wider_than_the_line_gets_its_own_line() {
        let lines = wrap("WWW ab", Face::Bold, 40.0, 10.0);
        assert_eq!(lines, ["W", "W", "W", "a", "b"]);
    }

    #[test]
    fn ellipsizes_to_fit() {
        let s = ellipsize("Head-of-state account deactivated", Face::Bold, 12.0, 80.0);
        assert!(s.ends_with('…'));
        assert!(text_width(&s, Face::Bold, 12.0) <= 80.0);
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("a\u{c}b\u{fffe}c\u{ffff}"), "a b c ");
    }
}
