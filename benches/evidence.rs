//! A case with 300 pictures of about 3 MB each, against the same case without them (the sample
//! as it is, and the 300-source case file with its evidence folder gone): opening it to its first
//! frame (load + the app's first frame, headless); repaints while the files are hashed in the
//! background; and the memory used while every thumbnail loads.
//!
//! Run: `cargo bench --features bench --bench evidence` (release). The pictures are generated
//! into a temp folder (about 900 MB, removed at the end): noise, so they do not compress. The
//! memory figure is the process's peak resident size (VmHWM in /proc/self/status) while the
//! gallery shows all 300 cards at once and their thumbnails are made; it is printed, and the
//! run fails if it reaches 400 MB.
//!
//! Measured on the 2-core development machine (2026-12-02, other builds running): first frame
//! 9.1 ms for the sample without evidence, 12.9 ms with the 300 pictures, 14.4 ms for the same
//! case file with its evidence folder gone — the pictures add nothing to opening; the 3–4 ms
//! over the sample are its 300 more sources (a 15 KB file becomes 230 KB). Repaints while the
//! files are hashed: 0.44 ms on average (slowest 8.6 ms), 0.31 ms after. All 300 thumbnails: made
//! in 12.3 s on two workers, 1.6 s from the cache; peak RSS 71 MB.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use casebook::evidence::{self, CaptureInfo, custody};
use casebook::store;
use casebook::ui::{CasebookApp, Section};
use criterion::{Criterion, criterion_group, criterion_main};

const PICTURES: usize = 300;

/// Deterministic noise (xorshift), so every run makes the same files.
struct Noise(u64);

impl Noise {
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            let bytes = self.0.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// The sample case twice in `dir`: `plain.case.ron`, and `pictures.case.ron` with 300 noise
/// pictures (PNG and JPEG, about 3 MB each) captured into its evidence folder.
fn make_cases(dir: &Path) -> (PathBuf, PathBuf) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples/twitter-2017-deactivation.case.ron");
    let plain = dir.join("plain.case.ron");
    let pictures = dir.join("pictures.case.ron");
    std::fs::copy(&sample, &plain).unwrap();
    std::fs::copy(&sample, &pictures).unwrap();
    let mut case = store::load(&pictures).unwrap().case;
    let now = chrono::Utc::now();
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let original = dir.join("original");
    let mut entries = Vec::new();
    let mut total = 0u64;
    for i in 0..PICTURES {
        let path = if i % 3 == 2 {
            // JPEG noise at high quality: about 3 MB for 1600 × 1200.
            let mut rgb = vec![0u8; 1600 * 1200 * 3];
            noise.fill(&mut rgb);
            let image = image::RgbImage::from_raw(1600, 1200, rgb).unwrap();
            let path = original.with_extension("jpg");
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
                .encode_image(&image)
                .unwrap();
            path
        } else {
            // PNG noise: 1000 × 1000 RGB does not compress, about 3 MB.
            let mut rgb = vec![0u8; 1000 * 1000 * 3];
            noise.fill(&mut rgb);
            let image = image::RgbImage::from_raw(1000, 1000, rgb).unwrap();
            let path = original.with_extension("png");
            image.save(&path).unwrap();
            path
        };
        let info = CaptureInfo {
            description: format!("Capture {i}"),
            ..CaptureInfo::default()
        };
        let captured = evidence::capture(&pictures, &path, &info, now).unwrap();
        total += captured.evidence.size;
        std::fs::remove_file(&path).unwrap();
        evidence::add_to_case(&mut case, &captured, Some("act-deactivation"), now).unwrap();
        entries.push(custody::NewEntry {
            event: custody::CustodyEvent::Added,
            by: "bench".into(),
            file: captured.evidence.file.clone(),
            sha256: captured.evidence.sha256.clone(),
            note: String::new(),
        });
    }
    custody::append(&pictures, &entries, now).unwrap();
    store::save(&pictures, &case, None).unwrap();
    eprintln!(
        "evidence bench: {PICTURES} pictures, {:.1} MB on average",
        total as f64 / PICTURES as f64 / 1e6
    );
    (plain, pictures)
}

fn input(width: f32, height: f32) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(width, height),
        )),
        ..Default::default()
    }
}

/// Opens `path` and draws the first frame.
fn open_to_first_frame(path: &Path, cache: &Path) -> CasebookApp {
    let mut app = CasebookApp::headless(Some(path.to_path_buf()));
    app.set_thumbnail_cache(cache.to_path_buf(), 2);
    let ctx = egui::Context::default();
    let mut out = ctx.run_ui(input(1280.0, 800.0), |ui| app.show(ui));
    out.textures_delta.clear();
    black_box(out.shapes.len());
    app
}

/// Repaints of the case's overview while its files are checked in the background, then after:
/// (mean, slowest) while checking and the mean after, in ms.
fn repaint_while_checking(path: &Path, cache: &Path) -> (f64, f64, f64) {
    let mut app = CasebookApp::headless(Some(path.to_path_buf()));
    app.set_thumbnail_cache(cache.to_path_buf(), 2);
    let ctx = egui::Context::default();
    let frame = |app: &mut CasebookApp| {
        let start = Instant::now();
        let mut out = ctx.run_ui(input(1280.0, 800.0), |ui| app.show(ui));
        out.textures_delta.clear();
        black_box(out.shapes.len());
        start.elapsed().as_secs_f64() * 1000.0
    };
    frame(&mut app);
    let mut during = Vec::new();
    while app.evidence_busy() {
        during.push(frame(&mut app));
        std::thread::sleep(Duration::from_millis(2));
    }
    let after: Vec<f64> = (0..50).map(|_| frame(&mut app)).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let slowest = during.iter().copied().fold(0.0, f64::max);
    (mean(&during), slowest, mean(&after))
}

/// Peak resident memory of this process, in MB (VmHWM).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Shows the gallery with every card on screen at once (a very tall window), so all 300
/// thumbnails are asked for together, and draws frames until they are made and the
/// background check is done. Returns (seconds, peak RSS in MB).
fn load_every_thumbnail(path: &Path, cache: &Path) -> (f64, f64) {
    let start = Instant::now();
    let mut app = CasebookApp::headless(Some(path.to_path_buf()));
    app.set_thumbnail_cache(cache.to_path_buf(), 2);
    app.show_section(Section::Evidence);
    let ctx = egui::Context::default();
    let mut frames = 0;
    loop {
        let mut out = ctx.run_ui(input(1280.0, 30_000.0), |ui| app.show(ui));
        black_box(out.textures_delta.set.len());
        out.textures_delta.clear();
        frames += 1;
        if frames > 3 && !app.evidence_busy() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "thumbnails load"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    (
        start.elapsed().as_secs_f64(),
        peak_rss_mb().unwrap_or(f64::NAN),
    )
}

fn bench_open(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("casebook-bench-evidence-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (plain, pictures) = make_cases(&dir);
    let cache = dir.join("cache");
    let before = peak_rss_mb().unwrap_or(f64::NAN);

    // Memory first, while the process is small: every thumbnail made (cold cache), then again
    // from the cache.
    let (cold_secs, cold_peak) = load_every_thumbnail(&pictures, &cache);
    let (warm_secs, warm_peak) = load_every_thumbnail(&pictures, &cache);
    eprintln!(
        "evidence bench: peak RSS before {before:.0} MB; all {PICTURES} thumbnails made in \
         {cold_secs:.1} s (peak RSS {cold_peak:.0} MB), from the cache in {warm_secs:.1} s \
         (peak RSS {warm_peak:.0} MB)"
    );
    assert!(
        cold_peak < 400.0,
        "peak RSS {cold_peak:.0} MB reaches 400 MB"
    );
    let (during, slowest, after) = repaint_while_checking(&pictures, &cache);
    eprintln!(
        "evidence bench: overview repaints while the {PICTURES} files are hashed: {during:.2} ms \
         on average (slowest {slowest:.1} ms); after: {after:.2} ms"
    );

    let mut group = c.benchmark_group("evidence-open");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("first-frame/no-evidence", |b| {
        b.iter(|| black_box(open_to_first_frame(&plain, &cache)))
    });
    group.bench_function(format!("first-frame/{PICTURES}-pictures"), |b| {
        b.iter(|| black_box(open_to_first_frame(&pictures, &cache)))
    });
    // The same case file with its evidence folder gone: the cost of its 300 more sources alone.
    let absent = dir.join("absent");
    std::fs::create_dir_all(&absent).unwrap();
    let records_only = absent.join("pictures.case.ron");
    std::fs::copy(&pictures, &records_only).unwrap();
    group.bench_function(
        format!("first-frame/{PICTURES}-records-files-absent"),
        |b| b.iter(|| black_box(open_to_first_frame(&records_only, &cache))),
    );
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench_open);
criterion_main!(benches);
