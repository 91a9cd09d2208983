//! Save As: a case saved under a new name takes its evidence along. The files listed by the case
//! (and the custody log) are copied into the new `NAME.evidence/` folder, the case's paths are
//! rewritten to it, and the new log says where each copy came from. The old folder is left as
//! it was: the old case file still points at it.

use std::fs;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::custody::{self, CustodyEvent, NewEntry};
use super::{CUSTODY_LOG, EvidenceError, current_user, folder_for, folder_name, resolve};
use crate::model::Case;

/// Copies the evidence of `case` (saved so far as `from`) beside `to`, and rewrites the case's
/// evidence paths to the new folder. Returns how many files were copied. Does nothing when the
/// folder does not change or the case has no evidence. On failure nothing is rewritten and the
/// copies made so far are removed.
pub fn relocate(
    case: &mut Case,
    from: &Path,
    to: &Path,
    now: DateTime<Utc>,
) -> Result<usize, EvidenceError> {
    let (old_folder, new_folder) = (folder_for(from), folder_for(to));
    let has_evidence = case.sources.iter().any(|s| s.evidence.is_some());
    if !has_evidence || same_folder(&old_folder, &new_folder) {
        return Ok(0);
    }
    let write_err = |path: &Path, source| EvidenceError::Write {
        path: path.to_owned(),
        folder: new_folder.clone(),
        source,
    };
    let taken = fs::read_dir(&new_folder).is_ok_and(|mut d| d.next().is_some());
    if taken {
        return Err(write_err(
            &new_folder,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "an evidence folder of that name already holds files; choose another name",
            ),
        ));
    }
    fs::create_dir_all(&new_folder).map_err(|e| write_err(&new_folder, e))?;
    let new_prefix = folder_name(to);
    let mut copied: Vec<std::path::PathBuf> = Vec::new();
    let mut renamed = Vec::new();
    let undo = |copied: &[std::path::PathBuf]| {
        for c in copied {
            make_writable(c);
            let _ = fs::remove_file(c);
        }
    };
    for s in &case.sources {
        let Some(e) = &s.evidence else { continue };
        let old = match resolve(from, &e.file) {
            Ok(p) => p,
            Err(err) => {
                undo(&copied);
                return Err(err);
            }
        };
        let name = e.file_name().to_owned();
        let new = new_folder.join(&name);
        // A file already missing stays missing (verify says so); it is not a reason to refuse.
        if old.exists() {
            if let Err(err) = fs::copy(&old, &new) {
                undo(&copied);
                return Err(write_err(&old, err));
            }
            copied.push(new);
        }
        renamed.push((
            s.id.clone(),
            format!("{new_prefix}/{name}"),
            e.sha256.clone(),
            e.file.clone(),
        ));
    }
    let old_log = old_folder.join(CUSTODY_LOG);
    if old_log.exists() {
        let new_log = new_folder.join(CUSTODY_LOG);
        if let Err(err) = fs::copy(&old_log, &new_log) {
            undo(&copied);
            return Err(write_err(&old_log, err));
        }
        make_writable(&new_log);
    }
    for s in &mut case.sources {
        if let Some(e) = &mut s.evidence
            && let Some((_, file, _, _)) = renamed.iter().find(|(id, ..)| *id == s.id)
        {
            e.file = file.clone();
        }
    }
    let by = current_user();
    let entries: Vec<NewEntry> = renamed
        .iter()
        .map(|(_, file, sha256, old)| NewEntry {
            event: CustodyEvent::Added,
            by: by.clone(),
            file: file.clone(),
            sha256: sha256.clone(),
            note: format!(
                "copied from {old} (the case was saved as {})",
                display_name(to)
            ),
        })
        .collect();
    // The copies are in place and the case points at them; a log that cannot be written is
    // reported by `verify` ("not logged"), not a reason to lose the Save As.
    let _ = custody::append(to, &entries, now);
    Ok(copied.len())
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn same_folder(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

fn make_writable(path: &Path) {
    if let Ok(meta) = fs::metadata(path) {
        let mut perms = meta.permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        let _ = fs::set_permissions(path, perms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{CaptureInfo, add_to_case, capture, verify};

    #[test]
    fn save_as_takes_the_evidence_along() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.case.ron");
        let new = dir.path().join("sub").join("new.case.ron");
        fs::create_dir(dir.path().join("sub")).unwrap();
        let shot = dir.path().join("shot.png");
        fs::write(&shot, b"\x89PNG\r\n\x1a\nnot much of a picture").unwrap();
        let now = Utc::now();
        let mut case = Case::new("t", "UTC", now);
        let captured = capture(&old, &shot, &CaptureInfo::default(), now).unwrap();
        add_to_case(&mut case, &captured, None, now).unwrap();
        custody::append(
            &old,
            &[NewEntry {
                event: CustodyEvent::Added,
                by: "t".into(),
                file: captured.evidence.file.clone(),
                sha256: captured.evidence.sha256.clone(),
                note: String::new(),
            }],
            now,
        )
        .unwrap();
        assert!(verify(&old, &case).all_ok());

        assert_eq!(relocate(&mut case, &old, &new, now).unwrap(), 1);
        let e = case.sources[0].evidence.as_ref().unwrap();
        assert_eq!(e.file, "new.evidence/shot.png");
        let report = verify(&new, &case);
        assert!(report.all_ok(), "{report:?}");
        // The old folder is untouched.
        assert!(folder_for(&old).join("shot.png").exists());
        // Saving as the same name again is a no-op; into a folder already holding files, refused.
        assert_eq!(relocate(&mut case, &new, &new, now).unwrap(), 0);
        let mut again = case.clone();
        assert!(relocate(&mut again, &new, &dir.path().join("sub/new.case.ron"), now).is_ok());
        let other = dir.path().join("x.case.ron");
        fs::create_dir(folder_for(&other)).unwrap();
        fs::write(folder_for(&other).join("stray"), "x").unwrap();
        assert!(relocate(&mut again, &new, &other, now).is_err());
        assert_eq!(again, case, "a refused Save As rewrites nothing");
    }
}
