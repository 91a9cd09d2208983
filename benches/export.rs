//! Export speed: one A4 page at 300 dpi as PNG, the sample case as PDF, the layout of a case whose
//! summary is the longest text a file may hold, and report pages of a 10,000-record case rendered
//! to PNG in parallel (one thread per core).
//!
//! Run: `cargo bench --bench export` (release).
#![allow(clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use casebook::export::{self, ExportOptions, Progress, render};
use casebook::model::generate::generate_case;
use criterion::{Criterion, criterion_group, criterion_main};

fn sample() -> casebook::model::Case {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples/twitter-2017-deactivation.case.ron");
    casebook::store::load(&path).expect("the sample loads").case
}

fn bench_export(c: &mut Criterion) {
    let case = sample();
    let opts = ExportOptions {
        exported_at: "2026-11-28T12:00:00Z".parse().expect("a time"),
        ..ExportOptions::default()
    };
    let mut group = c.benchmark_group("export");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let pages = export::pages(&case, &opts);
    // The densest page of the sample (the actions table).
    group.bench_function("a4-page-png-300dpi", |b| {
        b.iter(|| black_box(render::png(&pages[1], 300).expect("renders").len()))
    });
    group.bench_function("sample-pdf", |b| {
        b.iter(|| black_box(export::pdf(&case, &opts).expect("renders").len()))
    });
    group.bench_function("sample-layout-svg", |b| {
        b.iter(|| black_box(export::pages(&case, &opts).len()))
    });
    // The longest text the loader accepts (1,000,000 characters) as the summary: a pasted blob
    // with no spaces (the worst case for line breaking: it was quadratic, minutes per export),
    // and prose. Both about 230 pages.
    for (name, text) in [
        ("megachar-blob-layout-svg", "x".repeat(1_000_000)),
        ("megachar-prose-layout-svg", "word ".repeat(200_000)),
    ] {
        let mut huge = case.clone();
        huge.info.summary = text;
        group.bench_function(name, |b| {
            b.iter(|| black_box(export::pages(&huge, &opts).len()))
        });
    }
    let big = generate_case(10_000, 1);
    let big_pages = export::pages(&big, &opts);
    eprintln!("10k-record case: {} pages", big_pages.len());
    group.bench_function("10k-layout-svg", |b| {
        b.iter(|| black_box(export::pages(&big, &opts).len()))
    });
    // The first 100 pages (the full 2,000-odd take minutes per sample; the CLI timing in the
    // README covers them): on every core, then on one, to show the parallel speed-up.
    let some = &big_pages[..100.min(big_pages.len())];
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("10k-100-pages-png-150dpi-parallel", |b| {
        b.iter(|| {
            black_box(
                export::render_pages_png(some, 150, &Progress::new())
                    .expect("renders")
                    .len(),
            )
        })
    });
    group.bench_function("10k-100-pages-png-150dpi-one-thread", |b| {
        b.iter(|| {
            black_box(
                some.iter()
                    .map(|svg| render::png(svg, 150).expect("renders").len())
                    .sum::<usize>(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_export);
criterion_main!(benches);
