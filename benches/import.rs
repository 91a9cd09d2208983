//! Importing a large Ozone event log: 100,000 events (generated, in pages of 100, newest first)
//! read, mapped and added to an empty case.
//!
//! Run: `cargo bench --features bench --bench import` (release).

use std::hint::black_box;
use std::time::Duration;

use casebook::import::{self, Format, Input, Options, synthetic::ozone_pages};
use casebook::model::Case;
use chrono::{TimeZone as _, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    for events in [1_000usize, 100_000] {
        let input = Input {
            name: "events.json".to_owned(),
            text: ozone_pages(events, 1),
        };
        group.bench_function(format!("ozone/{events}"), |b| {
            b.iter(|| {
                let mut case = Case::new("Import", "UTC", now);
                let plan = import::plan(
                    &case,
                    Format::Ozone,
                    std::slice::from_ref(&input),
                    &Options::default(),
                    now,
                );
                plan.apply_owned(&mut case);
                black_box(case.actions.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
