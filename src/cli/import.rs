//! `casebook import`: reads files into a plan (see `crate::import`), prints what it adds and
//! every problem, and saves the case atomically with the conflict check — or, with
//! `--dry-run`, saves nothing.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::import::{self, Format, Input, Options, csv::Field};
use crate::model::{self, Case};
use crate::store;

/// The largest file an import reads (an Ozone export of a busy account's years).
const MAX_INPUT_BYTES: u64 = 1 << 30;

/// `--from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FromArg {
    Ozone,
    Csv,
    Timesketch,
    Dsa,
}

impl From<FromArg> for Format {
    fn from(f: FromArg) -> Self {
        match f {
            FromArg::Ozone => Format::Ozone,
            FromArg::Csv => Format::Csv,
            FromArg::Timesketch => Format::Timesketch,
            FromArg::Dsa => Format::Dsa,
        }
    }
}

/// The options of `casebook import`.
#[derive(Debug)]
pub struct ImportArgs {
    pub files: Vec<PathBuf>,
    pub from: FromArg,
    pub into: PathBuf,
    pub title: Option<String>,
    pub zone: Option<String>,
    pub map: Vec<String>,
    pub mapping: Option<PathBuf>,
    pub platform: Option<String>,
    pub dry_run: bool,
}

/// Runs the import; exit status 0, or 1 when some rows or events could not be read (the rest
/// is imported and they are listed), 2 (an error) when nothing could be.
pub fn run(args: ImportArgs) -> Result<i32> {
    let zone = match &args.zone {
        Some(z) => Some(model::time::parse_zone(z).with_context(|| format!("--zone {z:?}"))?),
        None => None,
    };
    let mut mapping = Vec::new();
    if let Some(file) = &args.mapping {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read the mapping file", file.display()))?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            mapping.push(
                parse_mapping(line).with_context(|| format!("{}:{}", file.display(), i + 1))?,
            );
        }
    }
    for text in &args.map {
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            mapping.push(parse_mapping(part).with_context(|| format!("--map {text:?}"))?);
        }
    }
    let mut inputs = Vec::new();
    for file in &args.files {
        inputs.push(Input {
            name: file.display().to_string(),
            text: read_input(file)?,
        });
    }
    let (mut case, expected, created) = if args.into.exists() {
        let loaded = store::load(&args.into)?;
        // The app saves over nothing it did not read: it will say the file changed and ask.
        if !args.dry_run
            && let Some(holder) = store::CaseLock::holder(&args.into).filter(|h| !h.is_stale())
        {
            eprintln!(
                "{}: open in Casebook on {}; the app will find the file changed and ask before saving over this import",
                args.into.display(),
                holder.describe()
            );
        }
        if args.title.is_some() {
            eprintln!(
                "{}: exists; --title is only used for a new case",
                args.into.display()
            );
        }
        (loaded.case, Some(loaded.hash), false)
    } else {
        let title = args
            .title
            .clone()
            .unwrap_or_else(|| default_title(&args.into));
        let zone_name = args.zone.clone().unwrap_or_else(|| "UTC".to_owned());
        (
            Case::new(&title, &zone_name, chrono::Utc::now()),
            None,
            true,
        )
    };
    let options = Options {
        zone,
        mapping,
        platform: args.platform.clone(),
    };
    let plan = import::plan(
        &case,
        args.from.into(),
        &inputs,
        &options,
        chrono::Utc::now(),
    );
    for problem in &plan.problems {
        eprintln!("{problem}");
    }
    let errors = plan.error_count();
    let status = i32::from(errors > 0);
    if args.dry_run {
        println!("Would add to {}: {}", args.into.display(), plan.summary());
        print_plan(&plan, &case);
        return Ok(status);
    }
    if plan.is_empty() {
        if errors > 0 && plan.already_present == 0 {
            bail!(
                "nothing imported: {} (see above)",
                model::plural(errors, "problem", "problems")
            );
        }
        // Nothing to add: the case is left as it is (and a new one is not created).
        println!(
            "{}: {}{}",
            args.into.display(),
            plan.summary(),
            if created { "; not created" } else { "" }
        );
        return Ok(status);
    }
    let summary = plan.summary();
    plan.apply_owned(&mut case);
    case.info.updated = chrono::Utc::now();
    store::save(&args.into, &case, expected)
        .with_context(|| format!("{}: not saved", args.into.display()))?;
    println!(
        "{} {}: {}",
        if created { "Created" } else { "Added to" },
        args.into.display(),
        summary
    );
    Ok(status)
}

/// "what=Description" → (what, "Description").
fn parse_mapping(text: &str) -> Result<(Field, String)> {
    let Some((field, column)) = text.split_once('=') else {
        bail!("expected FIELD=COLUMN (e.g. what=Description), got {text:?}");
    };
    let Some(field) = Field::from_name(field.trim()) else {
        bail!(
            "no field called {:?}; the fields are {}",
            field.trim(),
            Field::ALL.map(Field::name).join(", ")
        );
    };
    Ok((field, column.trim().to_owned()))
}

/// Reads a file to import: a regular file (or `-` for standard input), as UTF-8.
fn read_input(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        let file = store::open_regular(path, "file to import")
            .with_context(|| format!("{}: cannot read", path.display()))?;
        file.take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("{}: cannot read", path.display()))?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        bail!("{}: larger than 1 GB; split it", path.display());
    }
    // A byte-order mark (spreadsheets write one) is not part of the first heading.
    let bytes = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&bytes)
        .to_vec();
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        let (line, column) = import::LineIndex::new(&text).position(offset);
        anyhow::anyhow!(
            "{}:{line}:{column}: not UTF-8 text (save the file as UTF-8)",
            path.display()
        )
    })
}

/// "spam-wave.case.ron" → "spam-wave".
fn default_title(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name
        .strip_suffix(".case.ron")
        .or_else(|| name.strip_suffix(".ron"))
        .unwrap_or(&name);
    if name.is_empty() {
        "Imported case".to_owned()
    } else {
        name.to_owned()
    }
}

/// What a dry run would add, one line per record.
fn print_plan(plan: &import::Plan, case: &Case) {
    let mut preview = case.clone();
    plan.apply(&mut preview);
    let tz = preview.tz();
    for a in &plan.accounts {
        println!("  + account {}", a.label());
    }
    for s in &plan.staff {
        println!("  + staff member {}", s.name);
    }
    for o in &plan.outsiders {
        println!("  + outside person {} ({})", o.name, o.role);
    }
    for s in &plan.sources {
        println!("  + source {}", s.title);
    }
    for a in &plan.actions {
        let targets: Vec<String> = a
            .targets
            .iter()
            .filter_map(|t| preview.account(t).map(model::Account::name))
            .collect();
        let reverses = a
            .reverses
            .as_ref()
            .and_then(|r| preview.action(r))
            .map(|r| format!(", reverses the {} of {}", r.kind, r.start.listed(tz)))
            .unwrap_or_default();
        println!(
            "  + {} · {} · {} · by {}{}{}",
            a.start.listed(tz),
            a.kind,
            a.summary,
            preview.actor_name(&a.performer),
            if targets.is_empty() {
                String::new()
            } else {
                format!(" · on {}", targets.join(", "))
            },
            reverses
        );
    }
    for s in &plan.statements {
        println!(
            "  + {} · statement ({}) · {} · by {}",
            s.when.listed(tz),
            s.channel,
            model::kinds::excerpt(&s.quote, 60),
            preview.speaker_name(&s.speaker)
        );
    }
    for a in &plan.updated_actions {
        let end = a.end.as_ref().map(|e| e.listed(tz)).unwrap_or_default();
        println!(
            "  ~ {} · {} · {} · now ends {end}",
            a.start.listed(tz),
            a.kind,
            a.summary
        );
    }
    for (id, note) in &plan.account_notes {
        let name = preview
            .account(id)
            .map(model::Account::name)
            .unwrap_or_default();
        println!("  + note on {name}: {}", note.text);
    }
}

/// `casebook export --format timesketch`: the case's actions and statements as a Timesketch
/// timeline, CSV or (OUT ending in .jsonl) JSONL, written atomically; with `--redact`, of the
/// redacted case, refused if a protected name is left.
pub fn export_timesketch(case: &Case, out: &Path, redact: bool) -> Result<i32> {
    let jsonl = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("json"));
    let text = if redact {
        let redactor = crate::export::Redactor::for_case(case);
        let redacted = crate::export::redact::redact_with(case, &redactor);
        let text = import::timesketch::export(&redacted, jsonl);
        if let Some(leak) = redactor.leaks(&text).into_iter().next() {
            bail!(
                "not exported: the redacted timeline still shows a protected name ({} “{}”)",
                leak.whose.kind,
                leak.whose.name
            );
        }
        text
    } else {
        import::timesketch::export(case, jsonl)
    };
    store::write_atomic(out, text.as_bytes())
        .with_context(|| format!("{}: cannot write", out.display()))?;
    println!("{}", out.display());
    Ok(0)
}
