//! The app's evidence state: what background verification found for each file of the open case,
//! the thumbnails and the picture in the full view as textures, and the problems to list.
//!
//! Hashing and decoding run on worker threads (a case with hundreds of files opens as fast as one
//! without); the app calls [`EvidenceState::poll`] once a frame, panels read the state and ask
//! for thumbnails while drawing (the requests are sent at the end of the frame).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

use crate::evidence::picture::{PictureJob, PicturePool};
use crate::evidence::{self, ChainState, FileState};
use crate::model::{Case, Evidence, Level, Problem, RecordRef, SourceId};
use crate::session::Document;

/// What the evidence panels ask the app for.
#[derive(Clone, Debug)]
pub enum EvidenceCommand {
    /// Show a file's picture in the full view (`None`: close it).
    View(Option<SourceId>),
    /// Hash every file again, now.
    VerifyNow,
    /// Ask for files to add (File → Add evidence…), cited by `to` if given.
    Add { to: Option<RecordRef> },
}

/// One file's check: still running, or what it found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    Checking,
    Done(FileState),
}

impl Check {
    /// "checking…", "ok", "changed", "missing", "unreadable".
    pub fn word(&self) -> &'static str {
        match self {
            Self::Checking => "checking…",
            Self::Done(state) => state.word(),
        }
    }
}

/// A thumbnail or a full picture, as far as it has got.
pub enum Shown {
    Loading,
    Ready {
        texture: egui::TextureHandle,
        /// The picture's own size (before it was scaled down).
        size: [u32; 2],
    },
    Failed(String),
}

/// The picture in the full view.
pub struct Viewer {
    pub source: SourceId,
    pub file: String,
    pub job: Option<PictureJob>,
    pub picture: Shown,
    /// Screen points per picture pixel; `None`: fit the window.
    pub zoom: Option<f32>,
    /// Where the picture's centre is, from the view's centre, in points.
    pub offset: egui::Vec2,
}

/// Messages from the verification thread.
enum Found {
    File {
        run: u64,
        file: String,
        state: FileState,
    },
    Folder {
        run: u64,
        unexpected: Vec<String>,
        chain: ChainState,
    },
}

/// One verification run on its thread.
struct Run {
    id: u64,
    cancel: Arc<AtomicBool>,
    found: Receiver<Found>,
    /// Files still to be reported.
    left: usize,
    folder_done: bool,
    /// A person asked for it ("Verify now"): its outcome goes into the custody log.
    log: bool,
}

/// Everything the app knows about the open case's evidence files.
pub struct EvidenceState {
    /// The case file the checks are of, and the document generation last looked at.
    case_file: Option<PathBuf>,
    generation: Option<u64>,
    /// The case was just opened: its files are checked from the next frame on.
    deferred: bool,
    /// By file (as the case names it): the hash and size it should have, and the check.
    checks: HashMap<String, (String, u64, Check)>,
    unexpected: Vec<String>,
    chain: Option<ChainState>,
    run: Option<Run>,
    next_run: u64,
    problems: Vec<Problem>,
    pool: Option<PicturePool>,
    /// Thumbnails by the SHA-256 of what they show.
    thumbs: HashMap<String, Shown>,
    /// Thumbnails asked for while drawing this frame.
    wanted: RefCell<Vec<(String, PathBuf)>>,
    pub viewer: Option<Viewer>,
    log_error: Option<String>,
    /// Worker threads for pictures, and where thumbnails are cached.
    workers: usize,
    cache: PathBuf,
}

impl Default for EvidenceState {
    fn default() -> Self {
        Self {
            case_file: None,
            generation: None,
            deferred: false,
            checks: HashMap::new(),
            unexpected: Vec::new(),
            chain: None,
            run: None,
            next_run: 0,
            problems: Vec::new(),
            pool: None,
            thumbs: HashMap::new(),
            wanted: RefCell::new(Vec::new()),
            viewer: None,
            log_error: None,
            workers: 2,
            cache: evidence::picture::cache_dir(),
        }
    }
}

impl Drop for EvidenceState {
    fn drop(&mut self) {
        self.cancel_run();
    }
}

impl EvidenceState {
    /// The check of `file` (`None` when the case does not list it or was never checked).
    pub fn check(&self, file: &str) -> Option<&Check> {
        self.checks.get(file).map(|(_, _, c)| c)
    }

    /// Files in the evidence folder the case does not list (found by the last full check).
    pub fn unexpected(&self) -> &[String] {
        &self.unexpected
    }

    /// The custody log's state, once checked.
    pub fn chain(&self) -> Option<&ChainState> {
        self.chain.as_ref()
    }

    /// Whether a check is running.
    pub fn checking(&self) -> bool {
        self.run.is_some() || self.deferred
    }

    /// The problems found: files not as captured, unexpected files, a broken custody log.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// "12 ok, 1 changed" over the listed files (and "3 checking…").
    pub fn summary(&self) -> String {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (_, _, c) in self.checks.values() {
            match counts.iter_mut().find(|(w, _)| *w == c.word()) {
                Some((_, n)) => *n += 1,
                None => counts.push((c.word(), 1)),
            }
        }
        if !self.unexpected.is_empty() {
            counts.push(("unexpected", self.unexpected.len()));
        }
        let order = [
            "ok",
            "changed",
            "missing",
            "unreadable",
            "unexpected",
            "checking…",
        ];
        counts.sort_by_key(|(w, _)| order.iter().position(|o| o == w));
        counts
            .iter()
            .map(|(w, n)| format!("{n} {w}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Records that a file was just copied in (its hash was taken while copying: it is ok).
    pub fn known_ok(&mut self, evidence: &Evidence) {
        self.checks.insert(
            evidence.file.clone(),
            (
                evidence.sha256.clone(),
                evidence.size,
                Check::Done(FileState::Ok),
            ),
        );
    }

    /// Looks at the open document once a frame: a new case or new files start a check in the
    /// background; finished checks and pictures are taken in.
    pub fn poll(&mut self, ctx: &egui::Context, doc: Option<&Document>) {
        let case_file = doc.and_then(|d| d.path.clone());
        if case_file != self.case_file {
            self.reset(case_file);
        }
        if let Some(doc) = doc
            && self.generation != Some(doc.generation())
        {
            let has_files = listed(&doc.case).next().is_some();
            if self.generation.is_none() && !self.deferred && has_files && self.case_file.is_some()
            {
                // Just opened: its first frame is drawn before any file is read, and the check
                // starts with the next one.
                self.deferred = true;
                for (_, e) in listed(&doc.case) {
                    self.checks
                        .insert(e.file.clone(), (e.sha256.clone(), e.size, Check::Checking));
                }
                ctx.request_repaint();
            } else {
                self.deferred = false;
                self.generation = Some(doc.generation());
                self.case_changed(ctx, &doc.case);
            }
        }
        self.take_found(doc.map(|d| &d.case));
        self.take_pictures(ctx);
    }

    /// Hashes every file again (the "Verify now" button), and looks for unexpected files.
    pub fn verify_now(&mut self, ctx: &egui::Context, case: &Case) {
        for (_, _, c) in self.checks.values_mut() {
            *c = Check::Checking;
        }
        self.start_run(ctx, case, None);
        if let Some(run) = &mut self.run {
            run.log = true;
        }
    }

    /// Forgets everything (another case, or none).
    fn reset(&mut self, case_file: Option<PathBuf>) {
        self.cancel_run();
        self.case_file = case_file;
        self.generation = None;
        self.deferred = false;
        self.checks.clear();
        self.unexpected.clear();
        self.chain = None;
        self.problems.clear();
        self.viewer = None;
        // (Thumbnails are kept by content hash: another case's would only take memory.)
        self.thumbs.clear();
    }

    fn cancel_run(&mut self) {
        if let Some(run) = self.run.take() {
            run.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// The case changed: files it lists that were never checked (or whose expected content
    /// changed) are checked; files it no longer lists are forgotten.
    fn case_changed(&mut self, ctx: &egui::Context, case: &Case) {
        if self.case_file.is_none() {
            return;
        }
        let listed: HashMap<&str, &Evidence> =
            listed(case).map(|(_, e)| (e.file.as_str(), e)).collect();
        self.checks.retain(|file, (sha, size, _)| {
            listed
                .get(file.as_str())
                .is_some_and(|e| e.sha256 == *sha && e.size == *size)
        });
        let first = self.chain.is_none() && self.run.is_none();
        let new: Vec<String> = listed
            .keys()
            .filter(|f| !self.checks.contains_key(**f))
            .map(|f| (*f).to_owned())
            .collect();
        if first {
            self.start_run(ctx, case, None);
        } else if !new.is_empty() {
            self.start_run(ctx, case, Some(new.into_iter().collect()));
        } else {
            self.problems = self.find_problems(case);
        }
    }

    /// Starts checking `only` these files (all, and the folder and log, when `None`) on a
    /// thread of its own; a run still going is stopped.
    fn start_run(&mut self, ctx: &egui::Context, case: &Case, only: Option<HashSet<String>>) {
        let Some(case_file) = self.case_file.clone() else {
            return;
        };
        if listed(case).next().is_none() && !evidence::folder_for(&case_file).exists() {
            // No evidence and no folder (most cases): nothing to read, no thread.
            self.cancel_run();
            self.unexpected.clear();
            self.chain = Some(ChainState::Absent);
            self.problems = self.find_problems(case);
            return;
        }
        // A run cut short leaves its files to this one.
        let mut only = only;
        if let Some(old) = self.run.take() {
            old.cancel.store(true, Ordering::Relaxed);
            if !old.folder_done {
                only = None;
            }
        }
        let files: Vec<Evidence> = listed(case)
            .map(|(_, e)| e)
            .filter(|e| {
                only.as_ref().is_none_or(|o| o.contains(&e.file))
                    || matches!(self.check(&e.file), Some(Check::Checking))
            })
            .cloned()
            .collect();
        for e in &files {
            self.checks
                .insert(e.file.clone(), (e.sha256.clone(), e.size, Check::Checking));
        }
        let whole = only.is_none();
        let listed_files: HashSet<String> = listed(case).map(|(_, e)| e.file.clone()).collect();
        self.next_run += 1;
        let id = self.next_run;
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let stop = Arc::clone(&cancel);
        let wake = ctx.clone();
        let left = files.len();
        let spawned = std::thread::Builder::new()
            .name("evidence-check".to_owned())
            .spawn(move || {
                for e in files {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let state = evidence::verify_file(&case_file, &e);
                    if tx
                        .send(Found::File {
                            run: id,
                            file: e.file,
                            state,
                        })
                        .is_err()
                    {
                        return;
                    }
                    wake.request_repaint();
                }
                if whole && !stop.load(Ordering::Relaxed) {
                    let unexpected = unlisted_files(&case_file, &listed_files);
                    let (_, chain) = evidence::custody::read(&case_file);
                    let _ = tx.send(Found::Folder {
                        run: id,
                        unexpected,
                        chain,
                    });
                    wake.request_repaint();
                }
            });
        if spawned.is_ok() {
            self.run = Some(Run {
                id,
                cancel,
                found: rx,
                left,
                folder_done: !whole,
                log: false,
            });
        } else {
            for (_, _, c) in self.checks.values_mut() {
                if *c == Check::Checking {
                    *c = Check::Done(FileState::Unreadable(
                        "no thread could be started to check it".to_owned(),
                    ));
                }
            }
        }
    }

    fn take_found(&mut self, case: Option<&Case>) {
        let Some(run) = &mut self.run else { return };
        let mut changed = false;
        for found in run.found.try_iter() {
            changed = true;
            match found {
                Found::File {
                    run: r,
                    file,
                    state,
                } if r == run.id => {
                    run.left = run.left.saturating_sub(1);
                    if let Some((_, _, c)) = self.checks.get_mut(&file) {
                        *c = Check::Done(state);
                    }
                }
                Found::Folder {
                    run: r,
                    unexpected,
                    chain,
                } if r == run.id => {
                    run.folder_done = true;
                    self.unexpected = unexpected;
                    self.chain = Some(chain);
                }
                _ => {}
            }
        }
        if run.left == 0 && run.folder_done {
            let log = run.log;
            self.run = None;
            if log {
                self.log_verification();
            }
        }
        if changed && let Some(case) = case {
            self.problems = self.find_problems(case);
        }
    }

    /// Writes a "verified" entry per listed file, with its outcome, to the custody log (what a
    /// person asked for with "Verify now"; the check when a case opens is not logged).
    fn log_verification(&mut self) {
        let Some(case_file) = &self.case_file else {
            return;
        };
        let by = evidence::current_user();
        let mut files: Vec<_> = self.checks.iter().collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        let entries: Vec<evidence::custody::NewEntry> = files
            .into_iter()
            .map(|(file, (sha256, _, check))| evidence::custody::NewEntry {
                event: evidence::custody::CustodyEvent::Verified,
                by: by.clone(),
                file: file.clone(),
                sha256: sha256.clone(),
                note: check.word().to_owned(),
            })
            .collect();
        match evidence::custody::append(case_file, &entries, chrono::Utc::now()) {
            // (A small text file: read again, so the entries just written are counted.)
            Ok(()) => self.chain = Some(evidence::custody::read(case_file).1),
            Err(e) => {
                self.log_error = Some(format!("The check was not written to the custody log: {e}"))
            }
        }
    }

    /// Why the last "Verify now" could not be logged (taken once).
    pub fn take_log_error(&mut self) -> Option<String> {
        self.log_error.take()
    }

    fn find_problems(&self, case: &Case) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (source, e) in listed(case) {
            let Some(Check::Done(state)) = self.check(&e.file) else {
                continue;
            };
            let message = match state {
                FileState::Ok | FileState::Unexpected | FileState::Removed { .. } => continue,
                FileState::Changed { .. } => {
                    format!("evidence file {} changed since it was captured", e.file)
                }
                FileState::Missing => format!(
                    "evidence file {} is missing from the evidence folder",
                    e.file
                ),
                FileState::Unreadable(why) => {
                    format!("evidence file {} cannot be read: {why}", e.file)
                }
            };
            problems.push(Problem {
                level: Level::Error,
                record: RecordRef::Source(source.clone()),
                field: "evidence",
                message,
            });
        }
        for file in &self.unexpected {
            problems.push(Problem {
                level: Level::Warning,
                record: RecordRef::Case,
                field: "evidence",
                message: format!(
                    "{file} is in the evidence folder but the case does not list it (added \
                     without saving the case, or put there by hand)"
                ),
            });
        }
        if let Some(chain) = &self.chain
            && !chain.is_ok()
        {
            problems.push(Problem {
                level: Level::Error,
                record: RecordRef::Case,
                field: "evidence",
                message: format!("the custody log is {}", chain.describe()),
            });
        }
        problems
    }

    // ------------------------------------------------------------------------------------------
    // Pictures

    /// The hash of what `evidence`'s file holds as far as is known: the recorded one, or what
    /// a check found it holds now.
    fn content_hash<'a>(&'a self, evidence: &'a Evidence) -> &'a str {
        match self.check(&evidence.file) {
            Some(Check::Done(FileState::Changed { sha256, .. })) => sha256,
            _ => &evidence.sha256,
        }
    }

    /// The thumbnail of `evidence` (a picture), asked for if it was not yet.
    pub fn thumbnail(&self, evidence: &Evidence) -> Option<&Shown> {
        if matches!(
            self.check(&evidence.file),
            Some(Check::Done(FileState::Missing))
        ) {
            return None;
        }
        let key = self.content_hash(evidence);
        if let Some(shown) = self.thumbs.get(key) {
            return Some(shown);
        }
        if let Some(case_file) = &self.case_file
            && let Ok(path) = evidence::resolve(case_file, &evidence.file)
        {
            self.wanted.borrow_mut().push((key.to_owned(), path));
            return Some(&Shown::Loading);
        }
        // Nowhere to read it from (an unsaved case): shown as a file.
        None
    }

    /// Sends the thumbnails asked for this frame to the workers (started on first use).
    pub fn send_requests(&mut self, ctx: &egui::Context) {
        let wanted = std::mem::take(self.wanted.get_mut());
        if wanted.is_empty() {
            return;
        }
        let pool = self.pool(ctx);
        let mut failed = Vec::new();
        let mut loading = Vec::new();
        for (sha256, path) in wanted {
            let job = PictureJob::Thumbnail {
                path,
                sha256: sha256.clone(),
            };
            if pool.request(job) {
                loading.push(sha256);
            } else {
                failed.push(sha256);
            }
        }
        // Asked for once: drawn as loading until it comes.
        for sha in loading {
            self.thumbs.entry(sha).or_insert(Shown::Loading);
        }
        for sha in failed {
            self.thumbs.insert(
                sha,
                Shown::Failed("no thread could be started to draw it".into()),
            );
        }
    }

    fn pool(&mut self, ctx: &egui::Context) -> &mut PicturePool {
        let workers = self.workers;
        let cache = self.cache.clone();
        self.pool.get_or_insert_with(|| {
            let ctx = ctx.clone();
            PicturePool::new(workers, cache, Arc::new(move || ctx.request_repaint()))
        })
    }

    /// Opens the full view on `source`'s picture.
    pub fn view(&mut self, ctx: &egui::Context, case: &Case, source: &SourceId) {
        let Some(e) = case
            .sources
            .iter()
            .find(|s| &s.id == source)
            .and_then(|s| s.evidence.as_ref())
        else {
            return;
        };
        let mut viewer = Viewer {
            source: source.clone(),
            file: e.file.clone(),
            job: None,
            picture: Shown::Loading,
            zoom: None,
            offset: egui::Vec2::ZERO,
        };
        match self
            .case_file
            .as_deref()
            .map(|f| evidence::resolve(f, &e.file))
        {
            Some(Ok(path)) => {
                let max_side = ctx.input(|i| i.max_texture_side).clamp(1024, 8192) as u32;
                let job = PictureJob::Full { path, max_side };
                if self.pool(ctx).request(job.clone()) {
                    viewer.job = Some(job);
                } else {
                    viewer.picture = Shown::Failed("no thread could be started to draw it".into());
                }
            }
            Some(Err(err)) => viewer.picture = Shown::Failed(err.to_string()),
            None => viewer.picture = Shown::Failed("the case is not saved".into()),
        }
        self.viewer = Some(viewer);
    }

    fn take_pictures(&mut self, ctx: &egui::Context) {
        let Some(pool) = &mut self.pool else { return };
        for done in pool.poll() {
            let shown = match done.result {
                Ok((picture, (w, h))) => {
                    let image = egui::ColorImage::from_rgba_unmultiplied(
                        [picture.width as usize, picture.height as usize],
                        &picture.rgba,
                    );
                    let (name, options) = match &done.job {
                        PictureJob::Thumbnail { sha256, .. } => (
                            format!("evidence-thumb-{sha256}"),
                            egui::TextureOptions::LINEAR,
                        ),
                        // Zoomed in, a picture shows its pixels as they are, not smoothed.
                        PictureJob::Full { path, .. } => (
                            format!("evidence-{}", path.display()),
                            egui::TextureOptions {
                                magnification: egui::TextureFilter::Nearest,
                                ..egui::TextureOptions::LINEAR
                            },
                        ),
                    };
                    Shown::Ready {
                        texture: ctx.load_texture(name, image, options),
                        size: [w, h],
                    }
                }
                Err(e) => Shown::Failed(e.to_string()),
            };
            match &done.job {
                PictureJob::Thumbnail { sha256, .. } => {
                    self.thumbs.insert(sha256.clone(), shown);
                }
                PictureJob::Full { .. } => {
                    if let Some(v) = &mut self.viewer
                        && v.job.as_ref() == Some(&done.job)
                    {
                        v.picture = shown;
                    }
                }
            }
        }
    }

    /// Where thumbnails are cached and how many threads make them (tests and benchmarks).
    pub fn set_pictures(&mut self, cache: PathBuf, workers: usize) {
        self.cache = cache;
        self.workers = workers;
        self.pool = None;
    }

    /// How many pictures are being made.
    pub fn pictures_waiting(&self) -> usize {
        self.pool.as_ref().map_or(0, PicturePool::waiting)
    }
}

/// The sources that hold a captured file, with it.
pub fn listed(case: &Case) -> impl Iterator<Item = (&SourceId, &Evidence)> {
    case.sources
        .iter()
        .filter_map(|s| s.evidence.as_ref().map(|e| (&s.id, e)))
}

/// Files in the case's evidence folder (a few levels deep) that are not in `listed`, as the case
/// would name them; the custody log and unfinished copies are not evidence.
fn unlisted_files(case_file: &Path, listed: &HashSet<String>) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) {
        let Ok(read) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in read.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}/{name}");
            match entry.file_type() {
                Ok(t) if t.is_dir() && depth < 4 => walk(&entry.path(), &rel, depth + 1, out),
                Ok(_) => out.push(rel),
                Err(_) => {}
            }
        }
    }
    let prefix = evidence::folder_name(case_file);
    let mut found = Vec::new();
    walk(&evidence::folder_for(case_file), &prefix, 0, &mut found);
    let log = format!("{prefix}/{}", evidence::CUSTODY_LOG);
    found.retain(|f| !listed.contains(f) && *f != log && !f.ends_with(".partial"));
    found.sort();
    found
}
