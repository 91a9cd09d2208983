//! Deriving and laying out the timeline for large cases.
//!
//! Run: `cargo bench --bench timeline` (release). Cases come from the same generator as
//! `casebook generate --records N --seed 1`.

use std::hint::black_box;
use std::time::Duration;

use casebook::model::generate::generate_case;
use casebook::timeline::{Grouping, Lanes, TimeView, derive_items};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_timeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("timeline");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for records in [1_000usize, 10_000, 100_000] {
        let case = generate_case(records, 1);
        group.bench_function(format!("derive/{records}"), |b| {
            b.iter(|| black_box(derive_items(&case).len()))
        });
        let items = derive_items(&case);
        group.bench_function(format!("lanes/{records}"), |b| {
            b.iter(|| {
                black_box(
                    Lanes::build(&case, &items, Grouping::AccountsAndStaff)
                        .lanes
                        .len(),
                )
            })
        });
        // Culling one typical view: one day in the middle of the case's six months.
        let lanes = Lanes::build(&case, &items, Grouping::AccountsAndStaff);
        let first = items.iter().map(|i| i.start).fold(f64::MAX, f64::min);
        let view = TimeView::new(first + 90.0 * 86_400.0, 86_400.0);
        group.bench_function(format!("cull-one-day/{records}"), |b| {
            b.iter(|| {
                black_box(
                    lanes
                        .lanes
                        .iter()
                        .map(|l| l.visible(&items, view.start, view.end()).count())
                        .sum::<usize>(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_timeline);
criterion_main!(benches);
