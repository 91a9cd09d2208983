//! The command line: `casebook [FILE]`, `new`, `validate`, `show`, `generate`.
//!
//! Depends on `model` and `store`; never on the UI (main.rs hands GUI requests to `ui::run`).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand};

mod evidence;
mod import;

use crate::export;
use crate::model::{self, Case, Level};
use crate::store;

pub use crate::export::text::show_case;

/// Casebook: build, review and archive trust-and-safety incident cases.
///
/// With no command, opens the desktop app (with FILE, opens that case).
#[derive(Debug, Parser)]
#[command(
    name = "casebook",
    version,
    about,
    long_about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A case file (*.case.ron) to open in the desktop app.
    pub file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty, valid case file.
    New {
        /// Where to write the case (conventionally ending in .case.ron).
        file: PathBuf,
        /// The case title.
        #[arg(long)]
        title: String,
        /// Display time zone (IANA name).
        #[arg(long, default_value = "UTC")]
        zone: String,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check case files; print problems as file:line:col: error|warning: message.
    ///
    /// Exits 1 if any file has errors (or cannot be read), 0 otherwise (warnings allowed).
    Validate {
        /// Case files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print only errors, not warnings.
        #[arg(long)]
        quiet: bool,
    },
    /// Print a readable summary: header, accounts, staff, chronological timeline, postmortem.
    Show {
        /// The case file.
        file: PathBuf,
        /// Show times in this IANA zone instead of the case's zone (e.g. UTC, Europe/Berlin).
        #[arg(long)]
        zone: Option<String>,
        /// Redacted for sharing outside, as `export --redact`: protected people by pseudonym,
        /// protected accounts masked, also-redact terms replaced, internal notes left out.
        #[arg(long)]
        redact: bool,
    },
    /// Rewrite case files in canonical form (as the app saves them), e.g. after hand edits.
    Fmt {
        /// Case files to rewrite in place (a backup is kept as FILE.bak).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Only check: exit 1 if a file is not in canonical form.
        #[arg(long)]
        check: bool,
    },
    /// Export a case: report PDF or PNG pages, timeline image, CSV, or the RON archive.
    ///
    /// PNG pages go to a folder (OUT) as <case>-page-01.png …; every other format to the file
    /// OUT. With --redact, protected staff are named by pseudonym, protected accounts are
    /// masked, the case's also-redact terms are replaced and internal notes are left out, in
    /// every format; the export is then searched for every protected name and refused if one
    /// is left. What was replaced is summed up on stderr.
    Export {
        /// The case file.
        file: PathBuf,
        /// What to write.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Where to write it (a folder for --format png).
        #[arg(long)]
        out: PathBuf,
        /// Paper size of report pages.
        #[arg(long, value_enum, default_value_t = PaperArg::A4)]
        paper: PaperArg,
        /// Landscape pages.
        #[arg(long)]
        landscape: bool,
        /// Resolution of PNG pages: 150, 300 or 600.
        #[arg(long, default_value_t = 300)]
        dpi: u32,
        /// Redact for sharing outside.
        #[arg(long)]
        redact: bool,
        /// Show times in this IANA zone instead of the case's zone.
        #[arg(long)]
        zone: Option<String>,
        /// Timeline from this time (as typed in the app: "2017-11-02", "2017-11-02 18:00").
        #[arg(long)]
        from: Option<String>,
        /// Timeline up to this time (inclusive of its whole precision: "2017-11" is all of November).
        #[arg(long)]
        to: Option<String>,
        /// Only key events on the timeline image.
        #[arg(long)]
        key_events: bool,
        /// Width of the timeline image in points.
        #[arg(long, default_value_t = 1600.0)]
        width: f64,
        /// Pixels per point of the timeline PNG.
        #[arg(long, default_value_t = 2.0)]
        scale: f64,
        /// The export time printed on the pages (RFC 3339). Default: $SOURCE_DATE_EPOCH if set,
        /// else now. Fix it to get byte-identical exports.
        #[arg(long)]
        exported_at: Option<String>,
    },
    /// Find text in case files: every record's text, tags and notes, the case details and the
    /// postmortem, case-insensitively. Prints FILE: where · field: the words around it.
    ///
    /// Exits 0 when something was found, 1 when nothing was, 2 when a file could not be read
    /// (the others are still searched).
    Search {
        /// What to look for.
        query: String,
        /// Case files to search (e.g. a whole archive: cases/*.case.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Copy files into the case's evidence folder (NAME.evidence/ beside it) with their SHA-256,
    /// as sources of the case. The originals are only read. All or nothing: if one file cannot
    /// be added (unreadable, a link, a folder, over 200 MB), none is and the case is unchanged.
    Attach {
        /// The case file.
        case: PathBuf,
        /// The files to add.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The record (its id) the files support.
        #[arg(long)]
        to: Option<String>,
        /// Where the files were captured from (the post's or page's address).
        #[arg(long)]
        url: Option<String>,
        /// Who captured them.
        #[arg(long)]
        captured_by: Option<String>,
        /// When they were captured, as typed in the app ("2024-03-05 14:40", "~2024-03-05").
        #[arg(long)]
        captured_at: Option<String>,
        /// What they show.
        #[arg(long)]
        description: Option<String>,
        /// A person checked these pictures: they may appear in redacted exports.
        #[arg(long)]
        safe_to_share: bool,
        /// Who is adding them (default: the system user name).
        #[arg(long)]
        by: Option<String>,
    },
    /// Check a case's evidence files against their recorded SHA-256, and its custody log; or
    /// check a sealed archive (FILE.zip) without unpacking it.
    ///
    /// Prints every file as ok, changed, missing, unreadable or unexpected (in the folder but
    /// not in the case) and whether the custody log's chain holds. Exits 1 if anything is not
    /// ok. Writes a "verified" entry per file to the custody log unless --no-log (never for an
    /// archive: it is sealed). For an archive, every file is read and hashed in memory and
    /// compared with its MANIFEST.txt, and the case's evidence hashes with the files inside.
    Verify {
        /// The case file, or a sealed archive (.zip).
        file: PathBuf,
        /// Do not write to the custody log.
        #[arg(long)]
        no_log: bool,
    },
    /// Import records from other tools into a case: a Bluesky Ozone event log, a spreadsheet
    /// (CSV), a Timesketch timeline or EU DSA statements of reasons.
    ///
    /// Creates CASE if it does not exist, else adds to it (saved atomically, refused if the
    /// file changed on disk meanwhile). What is already in the case (the same Ozone event, the
    /// same row) is not added again. Problems print as file:line:col: error|warning: message;
    /// rows with errors are not imported. Exits 1 if some rows could not be read (the others
    /// are imported), 2 if nothing could be.
    Import {
        /// The files to read (`-` for standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Their format.
        #[arg(long, value_enum)]
        from: import::FromArg,
        /// The case to add to (created if missing).
        #[arg(long)]
        into: PathBuf,
        /// Title of a new case (default: the file name).
        #[arg(long)]
        title: Option<String>,
        /// Zone of times that name none (CSV, DSA dates), and of a new case (IANA name).
        #[arg(long)]
        zone: Option<String>,
        /// CSV: which column holds a field, e.g. --map what=Description,when=Time (fields:
        /// when, end, duration, what, kind, who, target, source, tags, notes, zone).
        #[arg(long)]
        map: Vec<String>,
        /// CSV: a file of FIELD=COLUMN lines (as --map; # starts a comment).
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Platform of accounts the file does not name one for (CSV, DSA).
        #[arg(long)]
        platform: Option<String>,
        /// Print what would be added and every problem; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a sealed archive: one ZIP holding the case file, its evidence folder (with the
    /// custody log), the PDF report and MANIFEST.txt (every file's SHA-256 and size, the
    /// Casebook version, the time), readable by any unzip tool.
    ///
    /// Every evidence file is checked first: a changed or missing one refuses the archive.
    /// Appends an "archived" entry per evidence file to the custody log (before copying it in).
    /// Check the archive later with `casebook verify FILE.zip`.
    Archive {
        /// The case file.
        file: PathBuf,
        /// Where to write the archive (FILE.zip).
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a deterministic, valid synthetic case (for tests and benchmarks).
    Generate {
        /// Where to write it.
        file: PathBuf,
        /// How many records in all.
        #[arg(long, default_value_t = 1000)]
        records: usize,
        /// Random seed; the same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Ron,
    Png,
    Pdf,
    TimelinePng,
    TimelineSvg,
    Csv,
    /// The actions and statements as a Timesketch timeline (CSV; JSONL when OUT ends in .jsonl).
    Timesketch,
}

impl ExportFormat {
    /// The export module's format; `None` for Timesketch, which `crate::import::timesketch`
    /// writes.
    fn rendered(self) -> Option<export::Format> {
        Some(match self {
            ExportFormat::Ron => export::Format::Ron,
            ExportFormat::Png => export::Format::Png,
            ExportFormat::Pdf => export::Format::Pdf,
            ExportFormat::TimelinePng => export::Format::TimelinePng,
            ExportFormat::TimelineSvg => export::Format::TimelineSvg,
            ExportFormat::Csv => export::Format::Csv,
            ExportFormat::Timesketch => return None,
        })
    }
}

/// `--paper`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

/// Runs a subcommand; returns the process exit code.
pub fn run(command: Command) -> Result<i32> {
    match command {
        Command::New {
            file,
            title,
            zone,
            force,
        } => {
            model::time::parse_zone(&zone)?;
            if file.exists() && !force {
                bail!(
                    "{}: already exists (use --force to overwrite)",
                    file.display()
                );
            }
            let case = Case::new(&title, &zone, chrono::Utc::now());
            store::save(&file, &case, None)?;
            eprintln!("Created {}", file.display());
            Ok(0)
        }
        Command::Attach {
            case,
            files,
            to,
            url,
            captured_by,
            captured_at,
            description,
            safe_to_share,
            by,
        } => evidence::attach(evidence::AttachArgs {
            case,
            files,
            to,
            url,
            captured_by,
            captured_at,
            description,
            safe_to_share,
            by,
        }),
        Command::Verify { file, no_log } => evidence::verify(&file, !no_log),
        Command::Archive { file, out } => evidence::archive(&file, &out),
        Command::Import {
            files,
            from,
            into,
            title,
            zone,
            map,
            mapping,
            platform,
            dry_run,
        } => import::run(import::ImportArgs {
            files,
            from,
            into,
            title,
            zone,
            map,
            mapping,
            platform,
            dry_run,
        }),
        Command::Validate { files, quiet } => {
            let mut failed = false;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for file in &files {
                failed |= validate_file(file, quiet, &mut out)?;
            }
            Ok(i32::from(failed))
        }
        Command::Show { file, zone, redact } => {
            let loaded = store::load(&file)?;
            let tz = match zone {
                Some(z) => model::time::parse_zone(&z)?,
                None => loaded.case.tz(),
            };
            let text = if redact {
                let redactor = export::Redactor::for_case(&loaded.case);
                let case = export::redact::redact_with(&loaded.case, &redactor);
                let text = show_case(&case, tz);
                // The same leak check as exports: nothing protected is printed.
                if let Some(leak) = redactor.leaks(&text).into_iter().next() {
                    bail!(
                        "not shown: the redacted summary still shows a protected name ({} “{}”)",
                        leak.whose.kind,
                        leak.whose.name
                    );
                }
                text
            } else {
                show_case(&loaded.case, tz)
            };
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes());
            Ok(0)
        }
        Command::Search { query, files } => {
            let mut found = false;
            let mut unreadable = false;
            let mut out = std::io::stdout().lock();
            for file in &files {
                let loaded = match store::load(file) {
                    Ok(l) => l,
                    Err(e) => {
                        eprintln!("{e}");
                        unreadable = true;
                        continue;
                    }
                };
                for hit in model::search::search(&loaded.case, &query, usize::MAX) {
                    found = true;
                    let place = model::search::describe(&loaded.case, &hit.record);
                    // A closed pipe (`| head`) ends the listing quietly.
                    if writeln!(
                        out,
                        "{}: {place} · {}: {}",
                        file.display(),
                        hit.field,
                        hit.excerpt
                    )
                    .is_err()
                    {
                        return Ok(0);
                    }
                }
            }
            Ok(if unreadable {
                2
            } else if found {
                0
            } else {
                1
            })
        }
        Command::Fmt { files, check } => {
            let mut differs = false;
            for file in &files {
                let loaded = store::load(file)?;
                let canonical = store::to_text(&loaded.case)?;
                if canonical == loaded.text {
                    continue;
                }
                differs = true;
                if check {
                    println!("{}: not in canonical form", file.display());
                } else {
                    store::save(file, &loaded.case, Some(loaded.hash))?;
                    eprintln!("Rewrote {}", file.display());
                }
            }
            Ok(i32::from(check && differs))
        }
        command @ Command::Export { .. } => export_command(command),
        Command::Generate {
            file,
            records,
            seed,
        } => {
            let case = model::generate::generate_case(records, seed);
            store::save(&file, &case, None)
                .with_context(|| format!("writing {}", file.display()))?;
            eprintln!(
                "Wrote {} records to {}",
                case.record_count(),
                file.display()
            );
            Ok(0)
        }
    }
}

/// `casebook export`: lays out, checks and writes the export, with progress on a terminal; with
/// `--redact`, says what was replaced.
fn export_command(command: Command) -> Result<i32> {
    let Command::Export {
        file,
        format,
        out,
        paper,
        landscape,
        dpi,
        redact,
        zone,
        from,
        to,
        key_events,
        width,
        scale,
        exported_at,
    } = command
    else {
        bail!("not an export command");
    };
    if format == ExportFormat::Png && !export::DPI_CHOICES.contains(&dpi) {
        bail!("--dpi must be 150, 300 or 600 (got {dpi})");
    }
    if !(0.25..=8.0).contains(&scale) {
        bail!("--scale must be between 0.25 and 8 (got {scale})");
    }
    if !(400.0..=20_000.0).contains(&width) {
        bail!("--width must be between 400 and 20000 points (got {width})");
    }
    let loaded = store::load(&file)?;
    let Some(rendered_format) = format.rendered() else {
        return import::export_timesketch(&loaded.case, &out, redact);
    };
    let tz = match &zone {
        Some(z) => Some(model::time::parse_zone(z)?),
        None => None,
    };
    let range_tz = tz.unwrap_or_else(|| loaded.case.tz());
    let parse_time = |flag: &str, text: &Option<String>, end: bool| -> Result<Option<f64>> {
        let Some(text) = text else { return Ok(None) };
        let when =
            model::When::parse(text, range_tz).with_context(|| format!("{flag} {text:?}"))?;
        let (a, b) = when.interval(range_tz);
        Ok(Some(if end { b } else { a }.timestamp() as f64))
    };
    let exported_at = match exported_at {
        Some(t) => chrono::DateTime::parse_from_rfc3339(&t)
            .with_context(|| {
                format!("--exported-at {t:?} (expected RFC 3339, e.g. 2026-11-28T12:00:00Z)")
            })?
            .with_timezone(&chrono::Utc),
        None => source_date_epoch().unwrap_or_else(chrono::Utc::now),
    };
    let opts = export::ExportOptions {
        format: rendered_format,
        paper: match paper {
            PaperArg::A4 => export::Paper::A4,
            PaperArg::Letter => export::Paper::Letter,
        },
        landscape,
        dpi,
        redact,
        zone: tz,
        from: parse_time("--from", &from, false)?,
        to: parse_time("--to", &to, true)?,
        key_events_only: key_events,
        timeline_width: width,
        timeline_scale: scale,
        exported_at,
        highlight_redactions: false,
        case_file: Some(file.clone()),
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let progress = std::sync::Arc::new(export::Progress::new());
    let show = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let written = std::thread::scope(|s| {
        let job = s.spawn(|| {
            let rendered = export::render(&loaded.case, &name, &opts)?;
            let files = export::write(&rendered, &out, &progress)?;
            Ok((files, rendered.redaction_summary()))
        });
        while !job.is_finished() {
            if show {
                let (done, total) = progress.get();
                if total > 1 {
                    eprint!("\rExporting… {done}/{total}");
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if show {
            eprint!("\r\x1b[K");
        }
        job.join()
            .unwrap_or_else(|_| Err(export::ExportError::Options("export failed".into())))
    });
    let (written, summary) = written?;
    for path in &written {
        println!("{}", path.display());
    }
    if let Some(summary) = summary {
        // What was hidden, for the person exporting (stderr: stdout lists the files).
        eprintln!("{}", redaction_report(&summary));
    }
    Ok(0)
}

/// `$SOURCE_DATE_EPOCH` (reproducible builds' convention), when set.
fn source_date_epoch() -> Option<chrono::DateTime<chrono::Utc>> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    chrono::DateTime::from_timestamp(secs, 0)
}

/// Validates one file, printing its problems; returns whether it had errors.
fn validate_file(path: &Path, quiet: bool, out: &mut impl std::io::Write) -> Result<bool> {
    let loaded = match store::load(path) {
        Ok(l) => l,
        Err(e) => {
            // Load errors already carry file:line:col.
            let line = e.to_string();
            let line = match e.position() {
                Some(_) => insert_level(&line, "error"),
                None => format!(
                    "{}: error: {}",
                    path.display(),
                    line.split_once(": ").map_or(line.as_str(), |(_, m)| m)
                ),
            };
            writeln!(out, "{line}")?;
            return Ok(true);
        }
    };
    let problems = model::validate(&loaded.case);
    let mut errors = 0;
    let mut warnings = 0;
    for p in &problems {
        match p.level {
            Level::Error => errors += 1,
            Level::Warning => warnings += 1,
        }
        if quiet && p.level == Level::Warning {
            continue;
        }
        match store::locate_problem(&loaded.text, p) {
            Some((line, col)) => writeln!(
                out,
                "{}:{line}:{col}: {}: {}: {}",
                path.display(),
                p.level,
                p.record.path(),
                p.message
            )?,
            None => writeln!(
                out,
                "{}: {}: {}.{}: {}",
                path.display(),
                p.level,
                p.record.path(),
                p.field,
                p.message
            )?,
        }
    }
    // A one-line summary on stderr (stdout is the list of problems), also for a clean file, so
    // a run that printed nothing is never mistaken for one that checked nothing.
    let records = model::plural(loaded.case.record_count(), "record", "records");
    if errors + warnings > 0 {
        eprintln!(
            "{}: {}, {} ({records})",
            path.display(),
            model::plural(errors, "error", "errors"),
            model::plural(warnings, "warning", "warnings")
        );
    } else {
        eprintln!("{}: ok: {records}, no problems", path.display());
    }
    Ok(errors > 0)
}

/// "file:1:2: message" → "file:1:2: error: message".
fn insert_level(line: &str, level: &str) -> String {
    // The position is the third ':'-separated field after the path; paths may contain ':'
    // themselves, so find the first ": " (end of "path:line:col").
    match line.split_once(": ") {
        Some((place, message)) => format!("{place}: {level}: {message}"),
        None => format!("{line}: {level}"),
    }
}

/// The summary `export --redact` prints: one line per protected person, account and term.
pub fn redaction_report(summary: &export::RedactionSummary) -> String {
    let mut out = format!(
        "Redacted: {}",
        model::plural(summary.total(), "replacement", "replacements")
    );
    if summary.entries.is_empty() {
        out.push_str(" (nobody in this case is marked protected)");
    }
    for line in summary.lines() {
        out.push_str("\n  ");
        out.push_str(&line);
    }
    out
}
