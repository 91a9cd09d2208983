//! "Find in case" over large cases: how long one search (a keystroke in the dialog) takes.
//!
//! Run: `cargo bench --bench search` (release).

use std::hint::black_box;
use std::time::Duration;

use casebook::model::generate::generate_case;
use casebook::model::search::search;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for records in [1_000usize, 10_000, 100_000] {
        let case = generate_case(records, 1);
        // A word that occurs in some records, and one that occurs nowhere (every field read).
        group.bench_function(format!("word/{records}"), |b| {
            b.iter(|| black_box(search(&case, "review", 201).len()))
        });
        group.bench_function(format!("nowhere/{records}"), |b| {
            b.iter(|| black_box(search(&case, "parsecs", 201).len()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
