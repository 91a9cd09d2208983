//! Where a source's location points, and whether Casebook may open it.
//!
//! A source's `url` is either a web address (`https://…`) or a path relative to the case's
//! folder (`evidence/screenshot.png`, for material kept beside the case). Case files come from
//! other people, so the text is never trusted:
//!
//! - only `http` and `https` addresses are web locations; every other scheme (`file:`,
//!   `javascript:`, `data:`, `smb:`, …) is refused;
//! - a path must be relative, must not contain `..`, and must still be inside the case's folder
//!   once symlinks are followed;
//! - programs and launchers (executable files, `.desktop`, `.sh`, `.exe`, …) are never opened.
//!
//! Resolving reads nothing but file metadata, and nothing is opened here: the app opens a
//! resolved location only when the user clicks (see `ui`).

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// A location Casebook may hand to the desktop to open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// An `http` or `https` address.
    Web(String),
    /// A file or folder inside the case's folder (canonical path).
    File(PathBuf),
}

impl Location {
    /// What to pass to the desktop opener.
    pub fn target(&self) -> &std::ffi::OsStr {
        match self {
            Self::Web(url) => url.as_ref(),
            Self::File(path) => path.as_os_str(),
        }
    }
}

/// Why a location is not opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocationError {
    Empty,
    /// A scheme other than http/https.
    Scheme(String),
    /// A web address that is not well formed (no host, spaces, control characters).
    BadAddress,
    /// An absolute path (`/…`, `\…`, `~…`, `C:\…`).
    Absolute,
    /// A path with `..`, or one that leads outside the case's folder through a symlink.
    OutsideCaseFolder,
    /// A relative path in a case that has not been saved yet (no folder to be relative to).
    Unsaved,
    /// Nothing at that path.
    NotFound(PathBuf),
    /// A program or launcher.
    Executable(PathBuf),
}

impl fmt::Display for LocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the source has no location"),
            Self::Scheme(s) => write!(
                f,
                "\"{s}:\" locations are not opened; only http and https addresses, or files in \
                 the case's folder"
            ),
            Self::BadAddress => write!(f, "the web address is not well formed"),
            Self::Absolute => write!(
                f,
                "absolute paths are not opened; give the path relative to the case's folder"
            ),
            Self::OutsideCaseFolder => {
                write!(
                    f,
                    "the path leads outside the case's folder, so it is not opened"
                )
            }
            Self::Unsaved => write!(
                f,
                "save the case first: a file location is relative to the case's folder"
            ),
            Self::NotFound(p) => write!(f, "there is no file at {}", p.display()),
            Self::Executable(p) => write!(
                f,
                "{} is a program or launcher; Casebook never runs programs from a case",
                p.display()
            ),
        }
    }
}

impl std::error::Error for LocationError {}

/// Extensions of files that run code when "opened" by a desktop.
const LAUNCHERS: &[&str] = &[
    "desktop", "sh", "bash", "zsh", "csh", "fish", "run", "bin", "appimage", "exe", "com", "bat",
    "cmd", "msi", "scr", "pif", "ps1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "jar", "py",
    "pyw", "pl", "rb", "php", "lnk", "url", "reg", "deb", "rpm", "apk", "app", "command", "action",
    "workflow", "dmg", "pkg", "so", "dll", "elf", "out",
];

/// Resolves a source's location text against the case file's folder.
///
/// `case_file` is the saved case's path (`None` for an unsaved case).
pub fn resolve_location(case_file: Option<&Path>, text: &str) -> Result<Location, LocationError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(LocationError::Empty);
    }
    if let Some(scheme) = scheme(text) {
        let lower = scheme.to_ascii_lowercase();
        if lower != "http" && lower != "https" {
            return Err(LocationError::Scheme(scheme.to_string()));
        }
        let rest = &text[scheme.len() + 1..];
        let host = rest
            .strip_prefix("//")
            .and_then(|r| r.split(['/', '?', '#']).next())
            .unwrap_or("");
        if host.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(LocationError::BadAddress);
        }
        return Ok(Location::Web(text.to_string()));
    }
    if text.starts_with(['/', '\\', '~']) || is_drive_path(text) {
        return Err(LocationError::Absolute);
    }
    let rel = Path::new(text);
    if text.contains('\\')
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        // `..`, or a Windows separator that could hide one.
        return Err(LocationError::OutsideCaseFolder);
    }
    let Some(case_file) = case_file else {
        return Err(LocationError::Unsaved);
    };
    let folder = case_file.parent().unwrap_or(Path::new("."));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let folder = folder
        .canonicalize()
        .map_err(|_| LocationError::NotFound(folder.to_path_buf()))?;
    let joined = folder.join(rel);
    let real = joined
        .canonicalize()
        .map_err(|_| LocationError::NotFound(joined.clone()))?;
    if !real.starts_with(&folder) {
        return Err(LocationError::OutsideCaseFolder);
    }
    let meta = std::fs::metadata(&real).map_err(|_| LocationError::NotFound(joined.clone()))?;
    if meta.is_file() && (is_executable(&meta) || is_launcher(&real)) {
        return Err(LocationError::Executable(joined));
    }
    Ok(Location::File(real))
}

/// The URL scheme of `text` (`https` in `https://…`), if it has one.
fn scheme(text: &str) -> Option<&str> {
    let (head, _) = text.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // A single letter is a Windows drive (`C:`), handled as an absolute path.
    (valid && head.len() > 1).then_some(head)
}

fn is_drive_path(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

fn is_launcher(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| LAUNCHERS.iter().any(|l| l.eq_ignore_ascii_case(e)))
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses() {
        assert_eq!(
            resolve_location(None, " https://example.com/a?b#c "),
            Ok(Location::Web("https://example.com/a?b#c".into()))
        );
        assert!(matches!(
            resolve_location(None, "HTTP://example.com"),
            Ok(Location::Web(_))
        ));
        for bad in ["https://", "https:example.com", "https://exa mple.com"] {
            assert_eq!(
                resolve_location(None, bad),
                Err(LocationError::BadAddress),
                "{bad}"
            );
        }
        for (text, scheme) in [
            ("file:///etc/passwd", "file"),
            ("javascript:alert(1)", "javascript"),
            ("data:text/html,x", "data"),
            ("smb://host/share", "smb"),
        ] {
            assert_eq!(
                resolve_location(None, text),
                Err(LocationError::Scheme(scheme.into()))
            );
        }
    }

    #[test]
    fn paths_need_a_saved_case_and_stay_relative() {
        assert_eq!(
            resolve_location(None, "evidence/a.png"),
            Err(LocationError::Unsaved)
        );
        let case = Path::new("/tmp/x.case.ron");
        for abs in [
            "/etc/passwd",
            "~/.ssh/id_rsa",
            "\\\\server\\share",
            "C:\\Windows",
        ] {
            assert_eq!(
                resolve_location(Some(case), abs),
                Err(LocationError::Absolute),
                "{abs}"
            );
        }
        for up in ["../x", "a/../../x", "a\\..\\x"] {
            assert_eq!(
                resolve_location(Some(case), up),
                Err(LocationError::OutsideCaseFolder),
                "{up}"
            );
        }
    }
}
