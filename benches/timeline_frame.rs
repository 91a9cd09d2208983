//! One headless egui frame of the real timeline widget (no window, no GPU) at 1k / 10k / 100k
//! records, at a typical zoom (one day of a six-month case) and fitted (the whole case).
//!
//! Run: `cargo bench --bench timeline_frame` (release). The first frame for each case (deriving
//! and laying out the items) is done before timing: what is measured is a repaint.

use std::hint::black_box;
use std::time::Duration;

use casebook::model::generate::generate_case;
use casebook::timeline::TimeView;
use casebook::ui::timeline_ui::TimelinePanel;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("timeline-frame");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    for records in [1_000usize, 10_000, 100_000] {
        let case = generate_case(records, 1);
        let ctx = egui::Context::default();
        let input = || egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 400.0),
            )),
            ..Default::default()
        };
        let mut panel = TimelinePanel::default();
        panel.compress = false;
        // First frame: derive, lay out and fit; then zoom to one day in the middle.
        let _ = ctx.run_ui(input(), |ui| {
            panel.ui(ui, &case, 1, None);
        });
        // The whole case (Fit): every lane crowded, the most packing and clustering.
        group.bench_function(format!("frame-fit/{records}"), |b| {
            b.iter(|| {
                let out = ctx.run_ui(input(), |ui| {
                    black_box(panel.ui(ui, &case, 1, None));
                });
                black_box(out.shapes.len())
            })
        });
        if let Some(view) = panel.view() {
            panel.set_view(TimeView::new(view.start + view.span / 2.0, 86_400.0));
        }
        group.bench_function(format!("frame/{records}"), |b| {
            b.iter(|| {
                let out = ctx.run_ui(input(), |ui| {
                    black_box(panel.ui(ui, &case, 1, None));
                });
                black_box(out.shapes.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_frame);
criterion_main!(benches);
