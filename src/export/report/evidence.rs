//! The evidence section: each captured picture drawn to fit the text width (at its real pixels
//! in the PDF) with what it shows, when and where it was captured, its file name and SHA-256;
//! other files listed with their type, size and hash. Also the cover's line about them.
//!
//! Pictures come from the export's [`EvidenceCheck`]: only bytes that were read and matched
//! their hash are drawn, and a redacted export never read the pictures it withholds.

use super::*;
use crate::evidence::FileState;
use crate::export::evidence::{EvidenceCheck, FileAtExport, data_uri};
use crate::model::evidence::media_words;
use crate::model::{Evidence, Source};

/// Points per pixel of a picture smaller than the text width: 96 pixels to the inch, as a
/// screen shows it, so a small capture is not blown up.
const PT_PER_PX: f64 = 72.0 / 96.0;

/// Room kept under a picture for its caption, so the two share a page.
const CAPTION_ROOM: f64 = 84.0;

const GREEN: &str = "#2e7d32";

/// How much smaller than its size a picture may be drawn to fit the room left on a page.
const MIN_SHRINK: f64 = 0.6;

/// The sources of `case` that are captured files, with their number in the source list.
fn files(case: &Case) -> Vec<(usize, &Source, &Evidence)> {
    case.sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.evidence.as_ref().map(|e| (i, s, e)))
        .collect()
}

/// Whether the export leaves this picture out (redacted, and nobody marked it safe to share).
fn withheld(ctx: &Ctx, e: &Evidence) -> bool {
    ctx.redacted && e.is_picture() && !e.safe_to_share
}

/// The cover's line: "4 evidence files, hashes verified at export: all match" (or what did
/// not), and whether it is a warning.
pub(super) fn cover_line(ctx: &Ctx, check: &EvidenceCheck) -> Option<(String, bool)> {
    let list = files(ctx.case);
    if list.is_empty() {
        return None;
    }
    let count = phrases_count(list.len());
    if !check.read {
        return Some((
            format!(
                "{count} (hashes not verified: the case was not saved, so its files could not be read)"
            ),
            true,
        ));
    }
    let problems: Vec<String> = list
        .iter()
        .filter_map(|(i, _, e)| {
            let state = check.of(*i)?.state.as_ref()?;
            (!state.is_ok()).then(|| format!("{} {}", e.file_name(), state.word()))
        })
        .collect();
    if problems.is_empty() {
        Some((
            format!("{count}, hashes verified at export: all match"),
            false,
        ))
    } else {
        let ok = list.len() - problems.len();
        Some((
            format!(
                "{count}, hashes verified at export: {ok} match; DO NOT MATCH: {}",
                problems.join(", ")
            ),
            true,
        ))
    }
}

fn phrases_count(n: usize) -> String {
    crate::model::plural(n, "evidence file", "evidence files")
}

/// The section, after the sources (nothing when the case holds no captured file).
pub(super) fn evidence(flow: &mut Flow, ctx: &Ctx, check: &EvidenceCheck) {
    let list = files(ctx.case);
    if list.is_empty() {
        return;
    }
    flow.heading(
        "Evidence",
        Some(RecordKind::Source),
        flow::lines_keep(BODY) + 20.0,
    );
    let mut intro = format!(
        "{} captured into the case, numbered as in Sources. Each was hashed (SHA-256) when it was \
         added; ",
        crate::model::plural(list.len(), "file", "files")
    );
    intro.push_str(if check.read {
        "for this export each was read again and its hash compared."
    } else {
        "they could not be read for this export (the case was not saved), so their hashes were \
         not checked."
    });
    flow.paragraph(p(intro, Face::Regular, BODY, INK));
    let withheld_n = list.iter().filter(|(_, _, e)| withheld(ctx, e)).count();
    if withheld_n > 0 {
        flow.paragraph(p(
            format!(
                "Withheld: {} (not marked safe to share; Casebook cannot read what a picture shows).",
                crate::model::plural(withheld_n, "picture", "pictures")
            ),
            Face::Bold,
            BODY,
            UNAUTHORIZED,
        ));
    }
    flow.gap(4.0);
    for (i, s, e) in list.iter().filter(|(_, _, e)| e.is_picture()) {
        picture(flow, ctx, *i, s, e, check.of(*i));
    }
    let others: Vec<_> = list.iter().filter(|(_, _, e)| !e.is_picture()).collect();
    if others.is_empty() {
        return;
    }
    flow.subheading("Other files", TABLE_KEEP);
    let rows: Vec<Vec<Vec<Para>>> = others
        .iter()
        .map(|(i, s, e)| {
            let mut what = vec![p(e.file_name(), Face::Bold, BODY, INK)];
            what.extend(caption(ctx, s, e, check.of(*i), None));
            vec![vec![p(format!("[{}]", i + 1), Face::Bold, BODY, INK)], what]
        })
        .collect();
    flow.table(&[col("#", 0.07), col("File", 0.93)], &rows);
}

/// One picture: its number and name, the picture (or why it is not shown), its caption.
fn picture(
    flow: &mut Flow,
    ctx: &Ctx,
    index: usize,
    s: &Source,
    e: &Evidence,
    found: Option<&FileAtExport>,
) {
    let width = flow.width();
    let shown = found
        .and_then(|f| f.picture.as_ref())
        .filter(|_| !withheld(ctx, e));
    let title = lines_of(
        &[p(
            format!("[{}] {}", index + 1, e.file_name()),
            Face::Bold,
            10.0,
            INK,
        )],
        width,
    );
    let pixels = shown.map(|pic| (pic.width, pic.height));
    let caption = lines_of(&caption(ctx, s, e, found, pixels), width);
    let title_h: f64 = title.iter().map(Line::height).sum();
    let caption_h: f64 = caption.iter().map(Line::height).sum();
    let (w, h) = match shown {
        Some(pic) => {
            let (pw, ph) = (f64::from(pic.width), f64::from(pic.height));
            let w = (pw * PT_PER_PX).min(width);
            let max_h = flow.body_height() - title_h - CAPTION_ROOM.max(caption_h) - 12.0;
            if w * ph / pw > max_h {
                (max_h * pw / ph, max_h)
            } else {
                (w, w * ph / pw)
            }
        }
        None => (width, 30.0),
    };
    // The title, the picture and its caption on one page. A picture that misses
    // the room left by a little is drawn smaller rather than leave half a page empty.
    // (A long description may continue on the next page; the file's facts stay with it.)
    let first_caption = caption_h.min(CAPTION_ROOM);
    let around = title_h + 4.0 + 6.0 + first_caption;
    let room = flow.room() - around - 2.0;
    let (w, h) = if shown.is_some() && room < h && room >= h * MIN_SHRINK && room >= 120.0 {
        (w * room / h, room)
    } else {
        (w, h)
    };
    flow.ensure(around + h);
    flow.lines(&title, 0.0);
    flow.gap(4.0);
    let (x, y) = (flow.left(), flow.y);
    let svg = flow.svg();
    match shown {
        Some(pic) => {
            svg.image(x, y, w, h, &data_uri(pic, ctx.redacted));
            svg.rect(x, y, w, h, "none", Some((RULE, 0.6)), 0.0);
        }
        None => {
            svg.rect(x, y, w, h, FAINT, Some((RULE, 0.6)), 2.0);
            let why = not_shown(ctx, e, found);
            let why = ellipsize(&why, Face::Oblique, BODY, w - 20.0);
            svg.text(
                x + 10.0,
                y + h / 2.0 + BODY * 0.35,
                &why,
                Face::Oblique,
                BODY,
                MUTED,
                Anchor::Start,
            );
        }
    }
    flow.y += h + 6.0;
    flow.lines(&caption, 0.0);
    flow.gap(14.0);
}

/// Why a picture is not drawn.
fn not_shown(ctx: &Ctx, e: &Evidence, found: Option<&FileAtExport>) -> String {
    if withheld(ctx, e) {
        return "Picture withheld (not marked safe to share)".to_owned();
    }
    let Some(found) = found else {
        return "Picture not shown: the file was not read".to_owned();
    };
    match &found.state {
        None => "Picture not shown: the case was not saved, so the file could not be read".into(),
        Some(FileState::Ok) => format!(
            "Picture not shown: {}",
            found
                .not_drawn
                .as_deref()
                .unwrap_or("it could not be read as a picture")
        ),
        Some(FileState::Changed { .. }) => {
            "Picture not shown: the file changed since it was captured".into()
        }
        Some(FileState::Missing) => "Picture not shown: the file is missing".into(),
        Some(state) => format!("Picture not shown: {}", state.explain()),
    }
}

/// What is said under a file: what it shows, when and where it was captured, its name, type,
/// size and hash, and what the export found.
fn caption(
    ctx: &Ctx,
    s: &Source,
    e: &Evidence,
    found: Option<&FileAtExport>,
    pixels: Option<(u32, u32)>,
) -> Vec<Para> {
    let mut out = Vec::new();
    if !e.description.trim().is_empty() {
        out.push(p(e.description.as_str(), Face::Regular, BODY, INK));
    }
    let mut captured = Vec::new();
    if let Some(w) = &e.captured_at {
        captured.push(format!("Captured {}", ctx.when(w)));
    }
    if !e.captured_by.trim().is_empty() {
        captured.push(format!("by {}", e.captured_by.trim()));
    }
    if !s.url.trim().is_empty() {
        captured.push(format!("from {}", s.url.trim()));
    }
    if !captured.is_empty() {
        let mut text = captured.join(" ");
        if e.captured_at.is_none() {
            text = capitalise(&text);
        }
        out.push(p(text, Face::Regular, SMALL + 0.4, INK));
    }
    let mut kind = media_words(&e.media_type).to_owned();
    if let Some((w, h)) = pixels {
        kind.push_str(&format!(", {w} × {h} pixels"));
    }
    let mut file = format!("File {} · {kind} · {}", e.file, e.size_text());
    if !e.original_name.is_empty() && e.original_name != e.file_name() {
        file.push_str(&format!(" · captured as “{}”", e.original_name));
    }
    file.push_str(&format!(
        " · added {}",
        e.added_at
            .with_timezone(&ctx.tz)
            .format("%Y-%m-%d %H:%M %Z")
    ));
    if !e.added_by.trim().is_empty() {
        file.push_str(&format!(" by {}", e.added_by.trim()));
    }
    out.push(p(file, Face::Regular, SMALL, MUTED));
    out.push(p(
        format!("SHA-256 {}", e.sha256),
        Face::Regular,
        SMALL,
        MUTED,
    ));
    let (state, color) = match found.and_then(|f| f.state.as_ref()) {
        None => ("Hash not checked at export".to_owned(), MUTED),
        Some(FileState::Ok) => ("Hash checked at export: matches".to_owned(), GREEN),
        Some(state) => (
            format!("Hash checked at export: {}", state.explain()),
            UNAUTHORIZED,
        ),
    };
    out.push(p(state, Face::Bold, SMALL, color));
    out
}
