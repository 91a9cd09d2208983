//! "This case is open elsewhere": a lock file beside the case (`.NAME.case.ron.lock`) naming the
//! host, process and time that opened it. Created atomically (create-new); removed when the
//! holder closes the case. A lock whose process is gone (same host, no such process) is stale
//! and can be taken over. Locks only warn — saving still goes through the conflict check, so a
//! file changed by someone else is never overwritten silently.

use std::fs::{self, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

/// Who holds a lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockInfo {
    pub host: String,
    pub pid: u32,
    pub since: Option<DateTime<Utc>>,
}

impl LockInfo {
    /// This process, now.
    pub fn current() -> Self {
        Self {
            host: host_name(),
            pid: std::process::id(),
            since: Some(Utc::now()),
        }
    }

    /// Whether the holder is certainly gone: same host and no such process. (On another host
    /// we cannot tell, so the lock is taken as live.)
    pub fn is_stale(&self) -> bool {
        self.host == host_name() && !process_alive(self.pid)
    }

    /// "casebook-pc (process 4242) since 2026-11-28 14:03 UTC".
    pub fn describe(&self) -> String {
        let since = self.since.map_or_else(String::new, |t| {
            format!(" since {}", t.format("%Y-%m-%d %H:%M UTC"))
        });
        format!("{} (process {}){since}", self.host, self.pid)
    }

    fn to_text(&self) -> String {
        format!(
            "casebook-lock\nhost={}\npid={}\nsince={}\n",
            self.host,
            self.pid,
            self.since.map(|t| t.to_rfc3339()).unwrap_or_default()
        )
    }

    fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        if lines.next()? != "casebook-lock" {
            return None;
        }
        let mut host = None;
        let mut pid = None;
        let mut since = None;
        for line in lines {
            match line.split_once('=') {
                Some(("host", v)) => host = Some(v.to_owned()),
                Some(("pid", v)) => pid = v.parse().ok(),
                Some(("since", v)) => {
                    since = DateTime::parse_from_rfc3339(v)
                        .ok()
                        .map(|t| t.with_timezone(&Utc))
                }
                _ => {}
            }
        }
        Some(Self {
            host: host?,
            pid: pid?,
            since,
        })
    }
}

/// The lock file for the case at `path`.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "case".to_owned());
    path.with_file_name(format!(".{name}.lock"))
}

/// Why a lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("this case is already open in Casebook on {}", .0.describe())]
    Held(LockInfo),
    #[error("cannot create the lock file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// A held lock; dropping it removes the lock file (if it is still ours).
#[derive(Debug)]
pub struct CaseLock {
    path: PathBuf,
    info: LockInfo,
}

impl CaseLock {
    /// Takes the lock on the case at `path`. A stale lock is taken over; a live one is an
    /// error, unless `take_over` (the user chose "Open anyway").
    pub fn acquire(path: &Path, take_over: bool) -> Result<Self, LockError> {
        let lock = lock_path(path);
        let info = LockInfo::current();
        for _ in 0..3 {
            match OpenOptions::new().write(true).create_new(true).open(&lock) {
                Ok(mut file) => {
                    file.write_all(info.to_text().as_bytes())
                        .and_then(|()| file.sync_all())
                        .map_err(|source| LockError::Io {
                            path: lock.clone(),
                            source,
                        })?;
                    return Ok(Self { path: lock, info });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let holder = read_lock(&lock);
                    match holder {
                        Some(h) if !take_over && !h.is_stale() => return Err(LockError::Held(h)),
                        // Stale, unreadable, or taken over on purpose: replace it.
                        _ => {
                            if let Err(source) = fs::remove_file(&lock)
                                && source.kind() != io::ErrorKind::NotFound
                            {
                                return Err(LockError::Io { path: lock, source });
                            }
                        }
                    }
                }
                Err(source) => {
                    return Err(LockError::Io { path: lock, source });
                }
            }
        }
        Err(LockError::Io {
            path: lock,
            source: io::Error::other("the lock file keeps changing"),
        })
    }

    /// Who holds the lock on `path`, if anyone (stale locks included).
    pub fn holder(path: &Path) -> Option<LockInfo> {
        read_lock(&lock_path(path))
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for CaseLock {
    fn drop(&mut self) {
        // Only remove it if nobody took it over meanwhile.
        let ours = read_lock(&self.path).is_some_and(|h| h == self.info);
        if ours {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The longest lock file read: ours are under 200 bytes.
const MAX_LOCK_BYTES: u64 = 4096;

/// Reads a lock file. Anything that isn't one of ours — a pipe or device put there (reading a
/// pipe would wait forever), something huge, or garbage — reads as no holder, so it is
/// replaced like a stale lock.
fn read_lock(lock: &Path) -> Option<LockInfo> {
    let file = super::open_regular(lock, "a lock file").ok()?;
    let mut text = String::new();
    file.take(MAX_LOCK_BYTES + 1)
        .read_to_string(&mut text)
        .ok()?;
    if text.len() as u64 > MAX_LOCK_BYTES {
        return None;
    }
    LockInfo::parse(&text)
}

fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_owned())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "unknown-host".to_owned())
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // No cheap portable check: assume the holder is alive (the user can still open anyway).
        true
    }
}
