//! `casebook attach` and `casebook verify`: evidence files from the command line.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::Utc;

use crate::evidence::{self, CaptureInfo, Captured, archive, custody};
use crate::model::{self, When};
use crate::store;

/// What `attach` was told.
pub struct AttachArgs {
    pub case: PathBuf,
    pub files: Vec<PathBuf>,
    pub to: Option<String>,
    pub url: Option<String>,
    pub captured_by: Option<String>,
    pub captured_at: Option<String>,
    pub description: Option<String>,
    pub safe_to_share: bool,
    pub by: Option<String>,
}

/// Copies files into the case's evidence folder and lists them in the case. All or nothing: if
/// one file cannot be added, none is, and the case is unchanged.
pub fn attach(args: AttachArgs) -> Result<i32> {
    let loaded = store::load(&args.case)?;
    let mut case = loaded.case;
    let now = Utc::now();
    let captured_at = match &args.captured_at {
        Some(text) => Some(
            When::parse(text, case.tz())
                .map_err(|e| anyhow::anyhow!("--captured-at \"{text}\": {e}"))?,
        ),
        None => None,
    };
    if let Some(to) = &args.to
        && evidence::record_meta_mut(&mut case, to).is_none()
    {
        bail!(
            "{}: no record with the id \"{to}\" (ids are shown by `casebook export --format csv`)",
            args.case.display()
        );
    }
    let info = CaptureInfo {
        url: args.url.unwrap_or_default(),
        captured_by: args.captured_by.unwrap_or_default(),
        captured_at,
        description: args.description.unwrap_or_default(),
        safe_to_share: args.safe_to_share,
        added_by: args.by.unwrap_or_default(),
    };
    let mut captured: Vec<Captured> = Vec::new();
    for file in &args.files {
        match evidence::capture(&args.case, file, &info, now) {
            Ok(c) => captured.push(c),
            Err(e) => {
                captured.iter().for_each(evidence::discard);
                bail!("{e}\nNothing was added; the case is unchanged.");
            }
        }
    }
    let mut ids = Vec::new();
    for c in &captured {
        match evidence::add_to_case(&mut case, c, args.to.as_deref(), now) {
            Ok(id) => ids.push(id),
            Err(e) => {
                captured.iter().for_each(evidence::discard);
                bail!("{e}");
            }
        }
    }
    if let Err(e) = store::save(&args.case, &case, Some(loaded.hash)) {
        captured.iter().for_each(evidence::discard);
        bail!("{e}\nNothing was added; the case is unchanged.");
    }
    let entries: Vec<custody::NewEntry> = captured
        .iter()
        .map(|c| custody::NewEntry {
            event: custody::CustodyEvent::Added,
            by: c.evidence.added_by.clone(),
            file: c.evidence.file.clone(),
            sha256: c.evidence.sha256.clone(),
            note: format!("from {}", c.evidence.original_name),
        })
        .collect();
    if let Err(e) = custody::append(&args.case, &entries, now) {
        eprintln!("warning: the files were added, but the custody log could not be written: {e}");
    }
    let mut out = std::io::stdout().lock();
    for (c, id) in captured.iter().zip(&ids) {
        let e = &c.evidence;
        let _ = writeln!(
            out,
            "Added {} as {} ({}, {}, SHA-256 {}) — source {}",
            e.original_name,
            e.file,
            model::evidence::media_words(&e.media_type),
            e.size_text(),
            e.sha256,
            id.0
        );
    }
    Ok(0)
}

/// Checks every evidence file of a case (or a sealed archive) and the custody log; prints one
/// line per file and exits 1 if anything is not ok.
pub fn verify(path: &Path, log: bool) -> Result<i32> {
    if archive::is_archive(path) {
        return verify_archive(path);
    }
    let loaded = store::load(path)?;
    let report = evidence::verify(path, &loaded.case);
    let mut out = std::io::stdout().lock();
    for f in &report.files {
        let _ = writeln!(out, "{:<10}  {}", f.state.word(), f.file);
        if f.state.word() != "ok" {
            let _ = writeln!(out, "            {}", f.state.explain());
        }
    }
    for file in &report.not_in_log {
        let _ = writeln!(
            out,
            "not logged  {file}\n            the custody log has no \"added\" entry for this file \
             with this hash: entries were cut from the log, or the file was listed by hand"
        );
    }
    let _ = writeln!(out, "custody log: {}", report.chain.describe());
    let _ = writeln!(out, "{}", report.summary());
    if log {
        let by = evidence::current_user();
        let entries: Vec<custody::NewEntry> = report
            .files
            .iter()
            .filter(|f| f.source.is_some())
            .filter_map(|f| {
                let e = loaded
                    .case
                    .sources
                    .iter()
                    .find(|s| Some(&s.id) == f.source.as_ref())?
                    .evidence
                    .as_ref()?;
                Some(custody::NewEntry {
                    event: custody::CustodyEvent::Verified,
                    by: by.clone(),
                    file: f.file.clone(),
                    sha256: e.sha256.clone(),
                    note: f.state.word().to_owned(),
                })
            })
            .collect();
        if let Err(e) = custody::append(path, &entries, Utc::now()) {
            eprintln!("warning: the custody log could not be written: {e}");
        }
    }
    Ok(i32::from(!report.all_ok()))
}

/// `casebook verify FILE.zip`: every file of a sealed archive against its manifest, the case's
/// evidence hashes against the files inside, the custody log's chain; nothing unpacked.
fn verify_archive(path: &Path) -> Result<i32> {
    let report = archive::verify(path)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "archive {} ({})", path.display(), report.written);
    for f in &report.files {
        let _ = writeln!(out, "{:<10}  {}/{}", f.state.word(), report.top, f.path);
        if !f.state.is_ok() {
            let _ = writeln!(out, "            {}", f.state.explain());
        }
    }
    for p in &report.problems {
        let _ = writeln!(out, "problem     {p}");
    }
    let _ = writeln!(out, "custody log: {}", report.chain.describe());
    let bad = report.files.iter().filter(|f| !f.state.is_ok()).count() + report.problems.len();
    if report.all_ok() {
        let _ = writeln!(
            out,
            "ok: {} match the manifest, and the evidence matches the case",
            model::plural(report.files.len(), "file", "files")
        );
    } else {
        let _ = writeln!(
            out,
            "NOT OK: {} — the archive is not as it was sealed",
            model::plural(bad.max(1), "problem", "problems")
        );
    }
    Ok(i32::from(!report.all_ok()))
}

/// `casebook archive CASE --out FILE.zip`: the case, its evidence and custody log, its PDF
/// report and a manifest in one ZIP.
pub fn archive(case_file: &Path, out: &Path) -> Result<i32> {
    let loaded = store::load(case_file)?;
    let written = crate::export::evidence::seal(case_file, &loaded.case, out, Utc::now())?;
    let total: u64 = written.files.iter().map(|(_, size)| size).sum();
    for file in &written.left_out {
        eprintln!("left out: {file} (in the evidence folder, but the case does not list it)");
    }
    eprintln!(
        "Sealed {} ({}) and MANIFEST.txt into {}; check it with `casebook verify {}`",
        model::plural(written.files.len(), "file", "files"),
        model::evidence::size_text(total),
        out.display(),
        out.display()
    );
    println!("{}", out.display());
    Ok(0)
}
