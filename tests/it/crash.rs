#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Crash-safe saving, tested for real: a child process saves a large case over and over (the
//! same atomic save the app uses, through `casebook generate`, alternating between two different
//! cases) and is killed with SIGKILL at random moments. After every kill the file on disk loads
//! and is byte for byte one of the two versions, and the backup loads too.
//!
//! `CASEBOOK_KILLS=2000 cargo test --test it crash::` runs a longer campaign (default 200).

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use casebook::store;

fn casebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
}

fn generate(path: &Path, seed: u64) -> std::process::Child {
    casebook()
        .args([
            "generate",
            path.to_str().unwrap(),
            "--records",
            "1000",
            "--seed",
        ])
        .arg(seed.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// A small deterministic generator for the kill delays.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn sigkill_during_save_never_leaves_a_corrupt_case_or_backup() {
    let kills: usize = std::env::var("CASEBOOK_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    // The two versions, written once without interference.
    let a = dir.path().join("a.case.ron");
    let b = dir.path().join("b.case.ron");
    assert!(generate(&a, 1).wait().unwrap().success());
    assert!(generate(&b, 2).wait().unwrap().success());
    let a = std::fs::read(&a).unwrap();
    let b = std::fs::read(&b).unwrap();
    assert_ne!(a, b);

    // How long one save takes, to aim the kills across all of it.
    let target = dir.path().join("case.case.ron");
    let started = Instant::now();
    assert!(generate(&target, 1).wait().unwrap().success());
    let full = started.elapsed().as_micros().max(1000) as u64;

    let mut rng = Lcg(0x5eed);
    let mut killed_mid_save = 0;
    for i in 0..kills {
        let seed = 1 + (i as u64 % 2);
        let mut child = generate(&target, seed);
        // Anywhere from the start of the process to a little after a typical save ends.
        std::thread::sleep(Duration::from_micros(rng.next() % (full + full / 4)));
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        if !status.success() {
            killed_mid_save += 1;
        }
        let loaded = store::load(&target)
            .unwrap_or_else(|e| panic!("after kill {i}, the case does not load: {e}"));
        let bytes = loaded.text.as_bytes();
        assert!(
            bytes == a.as_slice() || bytes == b.as_slice(),
            "after kill {i}, the file is neither the old nor the new version"
        );
        let backup = store::backup_path(&target);
        if backup.exists() {
            let bak = store::load(&backup)
                .unwrap_or_else(|e| panic!("after kill {i}, the backup does not load: {e}"));
            assert!(bak.text.as_bytes() == a.as_slice() || bak.text.as_bytes() == b.as_slice());
        }
    }
    // Most kills must land while the child was still running, or the test proves nothing.
    assert!(
        killed_mid_save * 2 >= kills,
        "only {killed_mid_save} of {kills} kills hit a running save"
    );
    eprintln!("{kills} kills, {killed_mid_save} during a save, 0 corrupt files");
}
