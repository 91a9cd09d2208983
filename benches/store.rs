//! Loading, validating and saving large cases.
//!
//! Run: `cargo bench --bench store` (release). The 100,000-record file is made by the same
//! generator as `casebook generate --records 100000 --seed 1`.

use std::hint::black_box;
use std::time::Duration;

use casebook::model::{generate::generate_case, validate};
use casebook::store;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_store(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("casebook-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mut group = c.benchmark_group("store");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for records in [1_000usize, 10_000, 100_000] {
        let case = generate_case(records, 1);
        let path = dir.join(format!("generated-{records}.case.ron"));
        if store::save(&path, &case, None).is_err() {
            eprintln!("cannot write {}", path.display());
            return;
        }
        group.bench_function(format!("load/{records}"), |b| {
            b.iter(|| black_box(store::load(&path).map(|l| l.case.record_count()).ok()))
        });
        group.bench_function(format!("validate/{records}"), |b| {
            b.iter(|| black_box(validate(&case).len()))
        });
        group.bench_function(format!("save/{records}"), |b| {
            b.iter(|| black_box(store::save(&path, &case, None).is_ok()))
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench_store);
criterion_main!(benches);
