//! Export: the case as a RON archive, print-ready report pages (PNG at 150/300/600 dpi with
//! pHYs, and one PDF with vector text), a wide timeline image (PNG and SVG) and CSV — each
//! optionally redacted.
//!
//! Pages are laid out in our own code as SVG ([`report`], [`timeline_svg`]), then rendered by
//! resvg (PNG) and krilla (PDF) from the same SVG, with fonts bundled in the binary. The export
//! time is an input, so the same case and options give byte-identical files. Depends on
//! `model`, `store` and `timeline`; never on the UI.

pub mod csv;
pub mod evidence;
pub mod fonts;
pub mod phrases;
pub mod redact;
pub mod render;
pub mod report;
pub mod svg;
pub mod text;
pub mod timeline_svg;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use redact::{Redactor, Summary as RedactionSummary, redact};
pub use render::{PdfInfo, RenderError};
pub use report::{Paper, ReportOptions, report_pages};

use crate::model::Case;
use crate::store;

/// What to export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// The case file itself (the archive format).
    Ron,
    /// Report pages as PNG images, one file per page, in a folder.
    Png,
    /// Report pages as one PDF.
    #[default]
    Pdf,
    /// The timeline as one wide PNG.
    TimelinePng,
    /// The timeline as SVG.
    TimelineSvg,
    /// The timeline as rows.
    Csv,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Pdf,
        Format::Png,
        Format::TimelinePng,
        Format::TimelineSvg,
        Format::Csv,
        Format::Ron,
    ];

    /// The name on the command line (`--format pdf`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Format::Ron => "ron",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::TimelinePng => "timeline-png",
            Format::TimelineSvg => "timeline-svg",
            Format::Csv => "csv",
        }
    }

    /// What the app's format picker says.
    pub fn label(self) -> &'static str {
        match self {
            Format::Ron => "Case file (RON archive)",
            Format::Png => "Report pages (PNG images)",
            Format::Pdf => "Report (PDF)",
            Format::TimelinePng => "Timeline image (PNG)",
            Format::TimelineSvg => "Timeline image (SVG)",
            Format::Csv => "Timeline rows (CSV)",
        }
    }

    /// The file extension written (PNG pages go to a folder).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Ron => "case.ron",
            Format::Png => "",
            Format::Pdf => "pdf",
            Format::TimelinePng => "png",
            Format::TimelineSvg => "svg",
            Format::Csv => "csv",
        }
    }

    /// Whether this format is laid out on paper (paper size, orientation).
    pub fn is_paged(self) -> bool {
        matches!(self, Format::Png | Format::Pdf)
    }

    /// Whether this format draws the timeline (range and width apply).
    pub fn is_timeline(self) -> bool {
        matches!(
            self,
            Format::TimelinePng | Format::TimelineSvg | Format::Csv
        )
    }
}

/// Every export option.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub format: Format,
    pub paper: Paper,
    pub landscape: bool,
    /// Resolution of PNG pages: 150, 300 or 600.
    pub dpi: u32,
    pub redact: bool,
    /// Zone for times (default: the case's zone).
    pub zone: Option<Tz>,
    /// Timeline range (seconds since the epoch), for the timeline image and CSV.
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// Only pinned key events on the timeline image.
    pub key_events_only: bool,
    /// Width of the timeline image, in points (SVG user units).
    pub timeline_width: f64,
    /// Pixels per point for the timeline PNG.
    pub timeline_scale: f64,
    /// Printed on the pages and written as the PDF creation date.
    pub exported_at: DateTime<Utc>,
    /// Mark what redaction replaced (red, underlined): for the app's preview only, never for a
    /// written export.
    pub highlight_redactions: bool,
    /// Where the case file is saved: its evidence files are read from beside it (pictures
    /// drawn, hashes checked) and the export is written to its custody log. `None` for a case
    /// never saved: evidence is then listed, not checked.
    pub case_file: Option<PathBuf>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            format: Format::Pdf,
            paper: Paper::A4,
            landscape: false,
            dpi: 300,
            redact: false,
            zone: None,
            from: None,
            to: None,
            key_events_only: false,
            timeline_width: 1600.0,
            timeline_scale: 2.0,
            exported_at: DateTime::UNIX_EPOCH,
            highlight_redactions: false,
            case_file: None,
        }
    }
}

/// The resolutions offered for PNG pages.
pub const DPI_CHOICES: [u32; 3] = [150, 300, 600];

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Options(String),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("could not write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("export cancelled")]
    Cancelled,
    /// The export is on disk, but its entries could not be added to the custody log.
    #[error(
        "the export was written ({}), but the evidence custody log could not be written: {source}",
        .written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    Custody {
        written: Vec<PathBuf>,
        #[source]
        source: std::io::Error,
    },
    /// The leak check found a protected name in what was about to be written.
    #[error(
        "export refused: {place} still shows a protected name ({kind} “{name}”): “{context}”. Nothing was written."
    )]
    Leak {
        place: String,
        kind: &'static str,
        name: String,
        context: String,
    },
}

/// Progress of a long export, shared with whoever shows it (the app's dialog, the CLI).
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
}

impl Progress {
    pub fn new() -> Self {
        Self::default()
    }

    /// (steps done, steps in all).
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Asks the export to stop at its next step.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    fn set_total(&self, n: usize) {
        self.total.store(n, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    fn step(&self) -> Result<(), ExportError> {
        self.done.fetch_add(1, Ordering::Relaxed);
        if self.is_cancelled() {
            Err(ExportError::Cancelled)
        } else {
            Ok(())
        }
    }

    fn check(&self) -> Result<(), ExportError> {
        if self.is_cancelled() {
            Err(ExportError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The case as it will be exported: redacted when asked.
pub fn prepare<'a>(case: &'a Case, opts: &ExportOptions) -> Cow<'a, Case> {
    if opts.redact && opts.highlight_redactions {
        Cow::Owned(redact::redact_with(
            case,
            &Redactor::for_case(case).marked(),
        ))
    } else if opts.redact {
        Cow::Owned(redact(case))
    } else {
        Cow::Borrowed(case)
    }
}

/// The zone times are shown in.
pub fn zone(case: &Case, opts: &ExportOptions) -> Tz {
    opts.zone.unwrap_or_else(|| case.tz())
}

/// How the report of `prepared` is laid out; `evidence` is the check of the original case's
/// files (the redacted case keeps its sources in the same places).
fn report_options(
    prepared: &Case,
    opts: &ExportOptions,
    evidence: evidence::EvidenceCheck,
) -> ReportOptions {
    ReportOptions {
        paper: opts.paper,
        landscape: opts.landscape,
        tz: zone(prepared, opts),
        exported_at: opts.exported_at,
        redacted: opts.redact,
        evidence,
    }
}

/// Reads and checks the evidence files of `case` for its report.
fn check_evidence(case: &Case, opts: &ExportOptions) -> evidence::EvidenceCheck {
    evidence::check(case, opts.case_file.as_deref(), opts.redact)
}

/// The report pages as SVG (already redacted when asked).
pub fn pages(case: &Case, opts: &ExportOptions) -> Vec<String> {
    let check = check_evidence(case, opts);
    let case = prepare(case, opts);
    report_pages(&case, &report_options(&case, opts, check))
}

/// PDF metadata for `case` (already prepared).
fn pdf_info(case: &Case, opts: &ExportOptions) -> PdfInfo {
    let mut subject = "Incident case report".to_owned();
    if !case.info.classification.trim().is_empty() {
        subject.push_str(" — ");
        subject.push_str(case.info.classification.trim());
    }
    if opts.redact {
        subject.push_str(" (redacted)");
    }
    PdfInfo {
        title: case.info.title.clone(),
        subject,
        keywords: case.info.tags.clone(),
        created: Some(opts.exported_at),
    }
}

/// The report as one PDF.
pub fn pdf(case: &Case, opts: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let check = check_evidence(case, opts);
    let case = prepare(case, opts);
    let pages = report_pages(&case, &report_options(&case, opts, check));
    Ok(render::pdf(&pages, &pdf_info(&case, opts))?)
}

/// Renders report pages to PNG on all cores, in page order. Holds every page in memory: for
/// many pages, [`export`] writes each page as it is done instead.
pub fn render_pages_png(
    pages: &[String],
    dpi: u32,
    progress: &Progress,
) -> Result<Vec<Vec<u8>>, ExportError> {
    let mut out: Vec<Option<Vec<u8>>> = Vec::new();
    out.resize_with(pages.len(), || None);
    let results = std::sync::Mutex::new(out);
    render_pages_png_each(pages, dpi, progress, |i, png| {
        if let Ok(mut g) = results.lock() {
            g[i] = Some(png);
        }
        Ok(())
    })?;
    let results = results.into_inner().unwrap_or_default();
    results
        .into_iter()
        .map(|r| r.ok_or(ExportError::Cancelled))
        .collect()
}

/// Renders report pages to PNG on all cores and hands each to `done` (page index, PNG bytes)
/// as soon as it is rendered, so memory stays at a few pages whatever the page count. Stops at
/// the first error, or when cancelled.
pub fn render_pages_png_each(
    pages: &[String],
    dpi: u32,
    progress: &Progress,
    done: impl Fn(usize, Vec<u8>) -> Result<(), ExportError> + Sync,
) -> Result<(), ExportError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(pages.len().max(1));
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let first_error = std::sync::Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= pages.len() || progress.is_cancelled() || failed.load(Ordering::Relaxed)
                    {
                        break;
                    }
                    let r = render::png(&pages[i], dpi)
                        .map_err(ExportError::from)
                        .and_then(|png| done(i, png))
                        .and_then(|()| progress.step());
                    if let Err(e) = r {
                        failed.store(true, Ordering::Relaxed);
                        if let Ok(mut first) = first_error.lock() {
                            first.get_or_insert(e);
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = first_error.into_inner().ok().flatten() {
        return Err(e);
    }
    progress.check()
}

/// File names of PNG report pages: `<stem>-page-01.png` …, numbers padded to the same width
/// (three digits from 100 pages on) so they sort in page order everywhere.
pub fn page_file_name(stem: &str, page: usize, count: usize) -> String {
    let width = count.to_string().len().max(2);
    format!("{stem}-page-{page:0width$}.png")
}

/// The page number in `name` if it is one of `stem`'s page files.
fn page_number_of(name: &str, stem: &str) -> Option<usize> {
    let digits = name
        .strip_prefix(stem)?
        .strip_prefix("-page-")?
        .strip_suffix(".png")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Writes PNG pages into `folder`: each page to a hidden staging file as soon as it is rendered,
/// then all renamed into place once every page is done; a failed or cancelled export leaves
/// the folder as it was. Page files of the same name left by a longer earlier export are
/// removed, so the folder never mixes two exports (say, page 9 of an unredacted one after
/// eight redacted pages).
fn write_png_pages(
    pages: &[String],
    dpi: u32,
    folder: &Path,
    stem: &str,
    progress: &Progress,
) -> Result<Vec<PathBuf>, ExportError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Io { path, source }
    };
    let finals: Vec<PathBuf> = (1..=pages.len())
        .map(|n| folder.join(page_file_name(stem, n, pages.len())))
        .collect();
    for path in &finals {
        store::refuse_special(path, "a page file to write").map_err(io(path))?;
    }
    let staging: Vec<PathBuf> = (1..=pages.len())
        .map(|n| {
            folder.join(format!(
                ".{}.part-{}",
                page_file_name(stem, n, pages.len()),
                std::process::id()
            ))
        })
        .collect();
    let remove_staged = || {
        for path in &staging {
            let _ = std::fs::remove_file(path);
        }
    };
    let rendered = render_pages_png_each(pages, dpi, progress, |i, png| {
        store::write_atomic(&staging[i], &png).map_err(io(&finals[i]))
    });
    if let Err(e) = rendered {
        remove_staged();
        return Err(e);
    }
    for (staged, path) in staging.iter().zip(&finals) {
        if let Err(e) = std::fs::rename(staged, path) {
            remove_staged();
            return Err(io(path)(e));
        }
    }
    // Page files of this stem that this export did not write: beyond its last page, or
    // numbered with other padding (regular files only).
    if let Ok(entries) = std::fs::read_dir(folder) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let ours = name
                .to_str()
                .and_then(|n| page_number_of(n, stem))
                .is_some();
            let written = finals
                .iter()
                .any(|f| f.file_name() == Some(name.as_os_str()));
            if ours && !written && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    store::sync_dir(folder).map_err(io(folder))?;
    Ok(finals)
}

/// The timeline figure for the options' range and filter.
pub fn timeline_figure(case: &Case, opts: &ExportOptions) -> timeline_svg::Figure {
    let range = match (opts.from, opts.to) {
        (None, None) => None,
        (from, to) => Some((from.unwrap_or(f64::MIN), to.unwrap_or(f64::MAX))),
    };
    timeline_svg::Figure::new(case, zone(case, opts), range, opts.key_events_only)
}

/// The wide timeline image as SVG (already redacted when asked).
pub fn timeline_svg(case: &Case, opts: &ExportOptions) -> String {
    timeline_svg_of(&prepare(case, opts), opts)
}

/// The timeline image of a case already prepared.
fn timeline_svg_of(case: &Case, opts: &ExportOptions) -> String {
    let fig = timeline_figure(case, opts);
    let mut subtitle = format!(
        "Timeline · times in {} · exported {}",
        fig.tz.name(),
        opts.exported_at.format("%Y-%m-%d %H:%M UTC")
    );
    if !case.info.classification.trim().is_empty() {
        subtitle.push_str(" · ");
        subtitle.push_str(case.info.classification.trim());
    }
    if opts.redact {
        subtitle.push_str(" · REDACTED");
    }
    timeline_svg::timeline_image(case, &fig, opts.timeline_width.max(400.0), &subtitle)
}

/// The timeline as CSV text (already redacted when asked).
pub fn csv_text(case: &Case, opts: &ExportOptions) -> String {
    let case = prepare(case, opts);
    csv::timeline_csv(&case, zone(&case, opts), opts.from, opts.to)
}

/// The RON text of a case already prepared.
fn ron_of(case: &Case) -> Result<String, ExportError> {
    store::to_text(case).map_err(|e| ExportError::Options(format!("could not write RON: {e}")))
}

/// The case as RON archive text (already redacted when asked).
pub fn ron_text(case: &Case, opts: &ExportOptions) -> Result<String, ExportError> {
    ron_of(&prepare(case, opts))
}

/// A file-name stem for `case_name` that leaks nothing redacted.
pub fn safe_stem(case: &Case, case_name: &str, opts: &ExportOptions) -> String {
    let redactor = opts.redact.then(|| Redactor::for_case(case));
    stem_with(case_name, redactor.as_ref())
}

/// [`safe_stem`] with the export's redactor (if redacted).
fn stem_with(case_name: &str, redactor: Option<&Redactor>) -> String {
    let stem = case_name
        .trim_end_matches(".case.ron")
        .trim_end_matches(".ron")
        .to_owned();
    let stem = match redactor {
        Some(r) => r.text(&stem),
        None => stem,
    };
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    // No leading dots either ("..", hidden files).
    let cleaned = cleaned.trim_matches(|c| c == '-' || c == '.').to_owned();
    if cleaned.is_empty() {
        "case".to_owned()
    } else {
        cleaned
    }
}

/// An export laid out and ready to write: the text a reader will find in it. Nothing is on
/// disk yet; [`write`] checks it for protected names, renders the PNG or PDF from it, and
/// only then writes.
#[derive(Debug)]
pub struct Rendered {
    pub format: Format,
    /// Report pages, or the one timeline image, as SVG; or the CSV or RON text.
    pub parts: Vec<String>,
    /// The PDF's metadata (title, subject, keywords).
    pub pdf_info: Option<PdfInfo>,
    /// The file-name stem of PNG pages.
    pub stem: String,
    /// Resolution of PNG pages, pixels per point of a timeline PNG.
    dpi: u32,
    scale: f64,
    /// The export's redactor, when it is redacted: it counted the replacements, and its rules
    /// are the names the leak check looks for.
    redactor: Option<Redactor>,
    /// The "exported" entries [`write`] adds to the custody log.
    custody: evidence::CustodyNote,
}

/// Lays out the export of `case` (redacted when asked) without writing anything.
pub fn render(case: &Case, case_name: &str, opts: &ExportOptions) -> Result<Rendered, ExportError> {
    if !DPI_CHOICES.contains(&opts.dpi) && opts.format == Format::Png {
        return Err(ExportError::Options(format!(
            "--dpi must be 150, 300 or 600 (got {})",
            opts.dpi
        )));
    }
    if let (Some(f), Some(t)) = (opts.from, opts.to)
        && f > t
    {
        return Err(ExportError::Options(
            "--from is after --to: nothing to export".to_owned(),
        ));
    }
    // One redactor for the whole export: it redacts the case and the file name, counts what
    // it replaced, and its rules are what the leak check looks for.
    let redactor = opts.redact.then(|| Redactor::for_case(case));
    let prepared = match &redactor {
        Some(r) => Cow::Owned(redact::redact_with(case, r)),
        None => Cow::Borrowed(case),
    };
    let mut pdf_info_ = None;
    let check = opts.format.is_paged().then(|| check_evidence(case, opts));
    let custody = match opts.format {
        Format::Png | Format::Pdf | Format::Csv | Format::Ron => {
            evidence::CustodyNote::new(case, opts.case_file.as_deref(), check.as_ref(), opts.redact)
        }
        Format::TimelinePng | Format::TimelineSvg => evidence::CustodyNote::default(),
    };
    let parts = match opts.format {
        Format::Png | Format::Pdf => {
            if opts.format == Format::Pdf {
                pdf_info_ = Some(pdf_info(&prepared, opts));
            }
            let check = check.unwrap_or_default();
            report_pages(&prepared, &report_options(&prepared, opts, check))
        }
        Format::TimelinePng | Format::TimelineSvg => vec![timeline_svg_of(&prepared, opts)],
        Format::Csv => vec![csv::timeline_csv(
            &prepared,
            zone(&prepared, opts),
            opts.from,
            opts.to,
        )],
        Format::Ron => vec![ron_of(&prepared)?],
    };
    Ok(Rendered {
        format: opts.format,
        parts,
        pdf_info: pdf_info_,
        stem: stem_with(case_name, redactor.as_ref()),
        dpi: opts.dpi,
        scale: opts.timeline_scale.clamp(0.25, 8.0),
        redactor,
        custody,
    })
}

impl Rendered {
    /// What redaction replaced (`None` when the export is not redacted).
    pub fn redaction_summary(&self) -> Option<RedactionSummary> {
        self.redactor.as_ref().map(Redactor::summary)
    }
}

/// The text of an SVG document as a reader finds it: its text nodes, one per line, unescaped.
pub fn svg_text(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() / 4);
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if !text.trim().is_empty() {
            out.push_str(&unescape(text));
            out.push('\n');
        }
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = "";
                break;
            }
        }
    }
    if !rest.trim().is_empty() {
        out.push_str(&unescape(rest));
    }
    out
}

fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|&n| n <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&after[..=semi]),
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    out
}

impl Rendered {
    /// The leak check: every place of the export a reader can read (pages, metadata, file
    /// names), searched for protected names the way redaction matches them. The first found
    /// is the error.
    pub fn check_leaks(&self, out: &Path) -> Result<(), ExportError> {
        let Some(r) = self.redactor.as_ref().filter(|r| !r.is_empty()) else {
            return Ok(());
        };
        let leak = |place: String, text: &str| -> Result<(), ExportError> {
            match r.leaks(text).into_iter().next() {
                Some(l) => Err(ExportError::Leak {
                    place,
                    kind: l.whose.kind,
                    name: l.whose.name,
                    context: l.context,
                }),
                None => Ok(()),
            }
        };
        let file_name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self.format {
            Format::Png => {
                leak("the page file names".to_owned(), &self.stem)?;
            }
            _ => leak(format!("the file name “{file_name}”"), &file_name)?,
        }
        if let Some(info) = &self.pdf_info {
            let mut meta = vec![info.title.clone(), info.subject.clone()];
            meta.extend(info.keywords.iter().cloned());
            leak("the PDF metadata".to_owned(), &meta.join("\n"))?;
        }
        for (i, part) in self.parts.iter().enumerate() {
            match self.format {
                Format::Png | Format::Pdf => leak(format!("page {}", i + 1), &svg_text(part))?,
                Format::TimelinePng | Format::TimelineSvg => {
                    leak("the timeline image".to_owned(), &svg_text(part))?;
                    if self.format == Format::TimelineSvg {
                        leak("the SVG file".to_owned(), part)?;
                    }
                }
                Format::Csv => leak("the CSV".to_owned(), part)?,
                Format::Ron => leak("the RON file".to_owned(), part)?,
            }
        }
        Ok(())
    }
}

/// Writes a laid-out export to `out` (a file; for PNG pages, a folder): first the leak check
/// (a redacted export that still shows a protected name is refused, nothing written), then the
/// PNG or PDF is rendered and moved into place, then an "exported" entry per evidence file goes
/// to the case's custody log. Returns the files written.
pub fn write(
    rendered: &Rendered,
    out: &Path,
    progress: &Progress,
) -> Result<Vec<PathBuf>, ExportError> {
    let written = write_files(rendered, out, progress)?;
    match rendered.custody.append(out, Utc::now()) {
        Ok(()) => Ok(written),
        Err(source) => Err(ExportError::Custody { written, source }),
    }
}

fn write_files(
    rendered: &Rendered,
    out: &Path,
    progress: &Progress,
) -> Result<Vec<PathBuf>, ExportError> {
    rendered.check_leaks(out)?;
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Io { path, source }
    };
    let write = |path: &Path, bytes: &[u8]| -> Result<(), ExportError> {
        store::write_atomic(path, bytes).map_err(io(path))
    };
    let first = rendered.parts.first().map_or("", String::as_str);
    match rendered.format {
        Format::Png => {
            if out.is_file() {
                return Err(ExportError::Options(format!(
                    "{}: PNG pages go to a folder, and this is a file",
                    out.display()
                )));
            }
            std::fs::create_dir_all(out).map_err(io(out))?;
            progress.set_total(rendered.parts.len());
            write_png_pages(&rendered.parts, rendered.dpi, out, &rendered.stem, progress)
        }
        Format::Pdf => {
            progress.set_total(2);
            progress.step()?;
            let info = rendered.pdf_info.clone().unwrap_or_default();
            let bytes = render::pdf(&rendered.parts, &info)?;
            progress.step()?;
            write(out, &bytes)?;
            Ok(vec![out.to_owned()])
        }
        Format::TimelinePng => {
            progress.set_total(1);
            let png = render::png_scaled(first, rendered.scale, None)?;
            progress.step()?;
            write(out, &png)?;
            Ok(vec![out.to_owned()])
        }
        Format::TimelineSvg | Format::Csv | Format::Ron => {
            progress.set_total(1);
            progress.step()?;
            write(out, first.as_bytes())?;
            Ok(vec![out.to_owned()])
        }
    }
}

/// Writes the export to `out` (a file; for PNG pages, a folder, created if needed, holding
/// `<case>-page-01.png` …): [`render`], then [`write`]. Returns the files written.
pub fn export(
    case: &Case,
    case_name: &str,
    opts: &ExportOptions,
    out: &Path,
    progress: &Progress,
) -> Result<Vec<PathBuf>, ExportError> {
    let rendered = render(case, case_name, opts)?;
    progress.check()?;
    write(&rendered, out, progress)
}
