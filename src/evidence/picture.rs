//! Pictures among the evidence: decoding with limits, thumbnails, and the thumbnail cache.
//!
//! - [`decode`] reads a PNG, JPEG, WebP or GIF (its first frame) after checking the size its
//!   header claims, so a picture that lies about its size (a decompression bomb) is refused
//!   with a message naming the file, before anything large is allocated.
//! - [`thumbnail`] makes a small copy (longest side [`THUMBNAIL_SIDE`]) and keeps it in the
//!   cache folder, outside the case: `$XDG_CACHE_HOME/casebook/thumbnails/<sha256>-<side>.png`.
//!   The cache is keyed by the file's content hash, so it can never show another file's picture.
//! - [`PicturePool`] does both on a few worker threads, so the window never waits for a
//!   picture; whoever owns it polls [`PicturePool::poll`] once a frame.
//!
//! Depends on `store` (opening regular files only) and `image`; never on the UI.

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufReader, Cursor, Read as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};

use image::{DynamicImage, ImageDecoder as _, ImageReader, Limits, RgbaImage};

use super::sha256_hex;

/// The longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 256;

/// The widest or tallest picture Casebook decodes: 30 000 pixels (a full-page capture of a long
/// thread is tall, but not taller than this).
pub const MAX_PICTURE_SIDE: u32 = 30_000;

/// The most memory one decoded picture may take: 160 MiB, about 40 megapixels in RGBA (a
/// 1440 × 28 000 page capture). Two workers decoding at once stay well under 400 MB.
pub const MAX_PICTURE_BYTES: u64 = 160 * 1024 * 1024;

/// Why a picture could not be shown. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("{}: cannot read it: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "{}: the picture says it is {width} × {height} pixels — too large to show safely \
         (at most {MAX_PICTURE_SIDE} pixels a side and {} MB decoded); it may be damaged or \
         made to exhaust memory",
        .path.display(), MAX_PICTURE_BYTES / (1024 * 1024)
    )]
    TooLarge {
        path: PathBuf,
        width: u32,
        height: u32,
    },
    #[error("{}: not a picture Casebook can show (PNG, JPEG, WebP or GIF)", .0.display())]
    Unsupported(PathBuf),
    #[error("{}: the picture cannot be decoded: {why}", .path.display())]
    Decode { path: PathBuf, why: String },
}

/// A decoded picture, 8-bit RGBA, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl Picture {
    fn from_image(image: RgbaImage) -> Self {
        Self {
            width: image.width(),
            height: image.height(),
            rgba: image.into_raw(),
        }
    }
}

/// Decodes the picture at `path` (at most [`MAX_PICTURE_SIDE`] a side and
/// [`MAX_PICTURE_BYTES`] decoded).
pub fn decode(path: &Path) -> Result<Picture, PictureError> {
    let bytes = read(path)?;
    decode_bytes(path, &bytes).map(|image| Picture::from_image(image.into_rgba8()))
}

/// The whole file (evidence files are at most 200 MB; pictures are far smaller).
fn read(path: &Path) -> Result<Vec<u8>, PictureError> {
    let read_err = |source| PictureError::Read {
        path: path.to_owned(),
        source,
    };
    let file = crate::store::open_regular(path, "picture").map_err(read_err)?;
    let mut bytes = Vec::new();
    BufReader::new(file)
        .take(super::MAX_EVIDENCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    Ok(bytes)
}

/// Decodes `bytes` (the content of `path`, named in errors): the header's size is checked
/// before the pixels are read.
fn decode_bytes(path: &Path, bytes: &[u8]) -> Result<DynamicImage, PictureError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|source| PictureError::Read {
            path: path.to_owned(),
            source,
        })?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PICTURE_SIDE);
    limits.max_image_height = Some(MAX_PICTURE_SIDE);
    limits.max_alloc = Some(MAX_PICTURE_BYTES);
    reader.limits(limits);
    let decoder = reader
        .into_decoder()
        .map_err(|e| error_for(path, bytes, e))?;
    let (width, height) = decoder.dimensions();
    let too_large = || PictureError::TooLarge {
        path: path.to_owned(),
        width,
        height,
    };
    if width > MAX_PICTURE_SIDE
        || height > MAX_PICTURE_SIDE
        || u64::from(width) * u64::from(height) * 4 > MAX_PICTURE_BYTES
    {
        return Err(too_large());
    }
    DynamicImage::from_decoder(decoder).map_err(|e| error_for(path, bytes, e))
}

/// Plain words for what `image` said; a limit hit is "too large" with the header's size.
fn error_for(path: &Path, bytes: &[u8], e: image::ImageError) -> PictureError {
    match e {
        image::ImageError::Limits(_) => {
            let (width, height) = ImageReader::new(Cursor::new(bytes))
                .with_guessed_format()
                .ok()
                .and_then(|r| {
                    let mut r = r;
                    r.no_limits();
                    r.into_dimensions().ok()
                })
                .unwrap_or((0, 0));
            PictureError::TooLarge {
                path: path.to_owned(),
                width,
                height,
            }
        }
        image::ImageError::Unsupported(_) => PictureError::Unsupported(path.to_owned()),
        image::ImageError::IoError(source) => PictureError::Read {
            path: path.to_owned(),
            source,
        },
        other => PictureError::Decode {
            path: path.to_owned(),
            why: other.to_string(),
        },
    }
}

/// `picture` scaled so its longest side is at most `side` (never enlarged).
pub fn scale_down(image: &DynamicImage, side: u32) -> RgbaImage {
    let (w, h) = (image.width().max(1), image.height().max(1));
    if w <= side && h <= side {
        return image.to_rgba8();
    }
    let scale = f64::from(side) / f64::from(w.max(h));
    let tw = ((f64::from(w) * scale).round() as u32).clamp(1, side);
    let th = ((f64::from(h) * scale).round() as u32).clamp(1, side);
    image::imageops::thumbnail(&image.to_rgba8(), tw, th)
}

/// Where thumbnails are cached: `$CASEBOOK_CACHE_DIR/thumbnails`, else
/// `$XDG_CACHE_HOME/casebook/thumbnails`, else `~/.cache/casebook/thumbnails` (as recovery files
/// find their state folder).
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CASEBOOK_CACHE_DIR") {
        return PathBuf::from(dir).join("thumbnails");
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("casebook").join("thumbnails")
}

/// The cached thumbnail of content whose SHA-256 is `sha256`.
pub fn cached_path(cache: &Path, sha256: &str, side: u32) -> Option<PathBuf> {
    // Only a hash names a file here: nothing else can reach outside the folder.
    let is_hash = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
    is_hash.then(|| cache.join(format!("{}-{side}.png", sha256.to_ascii_lowercase())))
}

/// A thumbnail of the picture at `path`, from the cache in `cache` when it holds one for
/// `sha256` (the content the file is expected to have), else made from the file and cached
/// under the hash of what was actually read. Returns the thumbnail and that hash.
pub fn thumbnail(
    cache: &Path,
    path: &Path,
    sha256: &str,
    side: u32,
) -> Result<(Picture, String), PictureError> {
    if let Some(cached) = cached_path(cache, sha256, side)
        && let Ok(bytes) = fs::read(&cached)
        && let Ok(image) = decode_bytes(&cached, &bytes)
    {
        return Ok((Picture::from_image(image.into_rgba8()), sha256.to_owned()));
    }
    let bytes = read(path)?;
    let actual = sha256_hex(&bytes);
    let image = decode_bytes(path, &bytes)?;
    drop(bytes);
    let small = scale_down(&image, side);
    drop(image);
    if let Some(target) = cached_path(cache, &actual, side) {
        // A cache that cannot be written only costs time next run.
        let _ = write_cached(&target, &small);
    }
    Ok((Picture::from_image(small), actual))
}

/// Writes a thumbnail atomically (a temporary name, then a rename).
fn write_cached(target: &Path, image: &RgbaImage) -> io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let temp = dir.join(format!(
        ".{}.{}.partial",
        target.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let result = image
        .save_with_format(&temp, image::ImageFormat::Png)
        .map_err(io::Error::other)
        .and_then(|()| fs::rename(&temp, target));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// What a worker is asked to do.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PictureJob {
    /// A thumbnail of the file at `path`, expected to hold content `sha256`.
    Thumbnail { path: PathBuf, sha256: String },
    /// The whole picture, scaled down to at most `max_side` pixels a side (what a screen
    /// texture can hold).
    Full { path: PathBuf, max_side: u32 },
}

/// A finished job.
#[derive(Debug)]
pub struct PictureDone {
    pub job: PictureJob,
    /// The picture, and its size (width, height): before scaling for a full picture, the
    /// thumbnail's own for a thumbnail (a cached thumbnail does not know the original's).
    pub result: Result<(Picture, (u32, u32)), PictureError>,
}

/// A few threads making thumbnails and decoding pictures; results come back through
/// [`PicturePool::poll`]. A job already asked for and not yet done is not queued twice. The
/// newest job is done first: after scrolling the gallery, the cards now on screen come before
/// those scrolled past, and a picture opened in the full view before any thumbnail.
pub struct PicturePool {
    queue: Arc<Queue>,
    workers: usize,
    done: Receiver<PictureDone>,
    waiting: HashSet<PictureJob>,
}

/// The jobs not yet started (a stack), and whether the pool is closing.
struct Queue {
    jobs: Mutex<(Vec<PictureJob>, bool)>,
    ready: Condvar,
}

impl Queue {
    /// The next job, waiting for one; `None` once the pool closes (or a worker panicked while
    /// holding the lock).
    fn next(&self) -> Option<PictureJob> {
        let mut jobs = self.jobs.lock().ok()?;
        loop {
            if jobs.1 {
                return None;
            }
            if let Some(job) = jobs.0.pop() {
                return Some(job);
            }
            jobs = self.ready.wait(jobs).ok()?;
        }
    }
}

impl PicturePool {
    /// Starts `workers` threads caching thumbnails in `cache`; `wake` is called after each job
    /// (the app asks for a repaint).
    pub fn new(workers: usize, cache: PathBuf, wake: Arc<dyn Fn() + Send + Sync>) -> Self {
        let (done_tx, done_rx) = channel();
        let queue = Arc::new(Queue {
            jobs: Mutex::new((Vec::new(), false)),
            ready: Condvar::new(),
        });
        let mut started = 0;
        for i in 0..workers.max(1) {
            let queue = Arc::clone(&queue);
            let done_tx: Sender<PictureDone> = done_tx.clone();
            let cache = cache.clone();
            let wake = Arc::clone(&wake);
            let spawned = std::thread::Builder::new()
                .name(format!("pictures-{i}"))
                .spawn(move || {
                    while let Some(job) = queue.next() {
                        let result = run(&cache, &job);
                        if done_tx.send(PictureDone { job, result }).is_err() {
                            return;
                        }
                        wake();
                    }
                });
            if spawned.is_err() {
                break;
            }
            started += 1;
        }
        Self {
            queue,
            workers: started,
            done: done_rx,
            waiting: HashSet::new(),
        }
    }

    /// Queues `job` unless it is already queued. False when no worker is running.
    pub fn request(&mut self, job: PictureJob) -> bool {
        if self.waiting.contains(&job) {
            return true;
        }
        if self.workers == 0 {
            return false;
        }
        let Ok(mut jobs) = self.queue.jobs.lock() else {
            return false;
        };
        jobs.0.push(job.clone());
        drop(jobs);
        self.queue.ready.notify_one();
        self.waiting.insert(job);
        true
    }

    /// Whether `job` is queued or being done.
    pub fn is_waiting(&self, job: &PictureJob) -> bool {
        self.waiting.contains(job)
    }

    /// How many jobs are queued or being done.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// The jobs finished since the last call.
    pub fn poll(&mut self) -> Vec<PictureDone> {
        let done: Vec<PictureDone> = self.done.try_iter().collect();
        for d in &done {
            self.waiting.remove(&d.job);
        }
        done
    }
}

impl Drop for PicturePool {
    fn drop(&mut self) {
        // The workers end once their current job is done; jobs not started are dropped.
        if let Ok(mut jobs) = self.queue.jobs.lock() {
            jobs.0.clear();
            jobs.1 = true;
        }
        self.queue.ready.notify_all();
    }
}

fn run(cache: &Path, job: &PictureJob) -> Result<(Picture, (u32, u32)), PictureError> {
    match job {
        PictureJob::Thumbnail { path, sha256 } => {
            let (picture, _) = thumbnail(cache, path, sha256, THUMBNAIL_SIDE)?;
            let size = (picture.width, picture.height);
            Ok((picture, size))
        }
        PictureJob::Full { path, max_side } => {
            let bytes = read(path)?;
            let image = decode_bytes(path, &bytes)?;
            drop(bytes);
            let size = (image.width(), image.height());
            Ok((Picture::from_image(scale_down(&image, *max_side)), size))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbaImage::from_fn(width, height, |x, y| {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 128, 255])
        });
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A PNG whose header claims `width` × `height` and holds almost nothing.
    fn lying_png(width: u32, height: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32(&body).to_be_bytes());
        };
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        chunk(b"IEND", &[]);
        out
    }

    #[test]
    fn a_picture_decodes_and_scales_down() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shot.png");
        fs::write(&path, png(600, 300)).unwrap();
        let picture = decode(&path).unwrap();
        assert_eq!((picture.width, picture.height), (600, 300));
        assert_eq!(picture.rgba.len(), 600 * 300 * 4);

        let cache = dir.path().join("cache");
        let sha = sha256_hex(&fs::read(&path).unwrap());
        let (thumb, actual) = thumbnail(&cache, &path, &sha, 256).unwrap();
        assert_eq!((thumb.width, thumb.height), (256, 128));
        assert_eq!(actual, sha);
        let cached = cached_path(&cache, &sha, 256).unwrap();
        assert!(cached.exists(), "the thumbnail is cached by content hash");
        // Next time it comes from the cache, even with the picture gone.
        fs::remove_file(&path).unwrap();
        let (again, _) = thumbnail(&cache, &path, &sha, 256).unwrap();
        assert_eq!(again, thumb);
    }

    #[test]
    fn a_changed_file_is_cached_under_what_it_now_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shot.png");
        fs::write(&path, png(40, 20)).unwrap();
        let recorded = "ab".repeat(32);
        let (_, actual) = thumbnail(&dir.path().join("c"), &path, &recorded, 256).unwrap();
        assert_ne!(actual, recorded);
        let under_recorded = cached_path(&dir.path().join("c"), &recorded, 256).unwrap();
        assert!(
            !under_recorded.exists(),
            "never cached under a hash it does not have"
        );
    }

    #[test]
    fn a_picture_that_lies_about_its_size_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.png");
        fs::write(&path, lying_png(100_000, 100_000)).unwrap();
        let err = decode(&path).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, PictureError::TooLarge { .. }), "{err:?}");
        assert!(text.contains("bomb.png"), "{text}");
        assert!(text.contains("100000 × 100000"), "{text}");
        // Within each side's limit but too many pixels.
        fs::write(&path, lying_png(29_000, 29_000)).unwrap();
        assert!(matches!(
            decode(&path).unwrap_err(),
            PictureError::TooLarge { .. }
        ));
        let err = thumbnail(&dir.path().join("c"), &path, &"0".repeat(64), 256).unwrap_err();
        assert!(err.to_string().contains("too large"), "{err}");
    }

    #[test]
    fn what_is_not_a_picture_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("letter.pdf");
        fs::write(&path, b"%PDF-1.7\n").unwrap();
        let err = decode(&path).unwrap_err();
        assert!(matches!(err, PictureError::Unsupported(_)), "{err:?}");
        assert!(err.to_string().contains("letter.pdf"));
        let truncated = dir.path().join("cut.png");
        let mut bytes = png(50, 50);
        bytes.truncate(60);
        fs::write(&truncated, bytes).unwrap();
        let err = decode(&truncated).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&truncated.display().to_string())
        );
    }

    #[test]
    fn the_cache_is_named_by_hash_only() {
        let cache = Path::new("/c");
        assert!(cached_path(cache, "../../etc/passwd", 256).is_none());
        assert_eq!(
            cached_path(cache, &"A".repeat(64), 256).unwrap(),
            cache.join(format!("{}-256.png", "a".repeat(64)))
        );
    }

    #[test]
    fn every_format_screenshots_come_in_decodes() {
        let dir = tempfile::tempdir().unwrap();
        let image = DynamicImage::ImageRgba8(RgbaImage::from_fn(64, 48, |x, y| {
            image::Rgba([(x * 4) as u8, (y * 5) as u8, 99, 255])
        }));
        for (name, format) in [
            ("a.jpg", image::ImageFormat::Jpeg),
            ("a.gif", image::ImageFormat::Gif),
            ("a.webp", image::ImageFormat::WebP),
            ("a.png", image::ImageFormat::Png),
        ] {
            let path = dir.path().join(name);
            let image = if format == image::ImageFormat::Jpeg {
                DynamicImage::ImageRgb8(image.to_rgb8())
            } else {
                image.clone()
            };
            image.save_with_format(&path, format).unwrap();
            let picture = decode(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!((picture.width, picture.height), (64, 48), "{name}");
        }
    }

    #[test]
    fn the_newest_job_comes_first() {
        let queue = Queue {
            jobs: Mutex::new((Vec::new(), false)),
            ready: Condvar::new(),
        };
        let job = |n: &str| PictureJob::Thumbnail {
            path: PathBuf::from(n),
            sha256: String::new(),
        };
        for n in ["a", "b", "c"] {
            queue.jobs.lock().unwrap().0.push(job(n));
        }
        assert_eq!(queue.next(), Some(job("c")));
        assert_eq!(queue.next(), Some(job("b")));
        queue.jobs.lock().unwrap().1 = true;
        assert_eq!(queue.next(), None, "a closing pool starts nothing more");
    }

    #[test]
    fn the_pool_answers_each_job() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for i in 0..5 {
            let p = dir.path().join(format!("{i}.png"));
            fs::write(&p, png(300 + i, 100)).unwrap();
            paths.push(p);
        }
        let mut pool = PicturePool::new(2, dir.path().join("cache"), Arc::new(|| {}));
        for p in &paths {
            assert!(pool.request(PictureJob::Thumbnail {
                path: p.clone(),
                sha256: String::new(),
            }));
        }
        assert!(pool.request(PictureJob::Full {
            path: paths[0].clone(),
            max_side: 100,
        }));
        assert_eq!(pool.waiting(), 6);
        let mut done = Vec::new();
        let start = std::time::Instant::now();
        while done.len() < 6 && start.elapsed().as_secs() < 20 {
            done.extend(pool.poll());
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(done.len(), 6);
        assert_eq!(pool.waiting(), 0);
        for d in done {
            let (picture, size) = d.result.unwrap();
            assert!(picture.width <= 256 && picture.height <= 100);
            if matches!(d.job, PictureJob::Full { .. }) {
                assert_eq!(size, (300, 100), "the picture's own size");
                assert_eq!(picture.width, 100, "scaled down to the texture limit");
            }
        }
    }
}
