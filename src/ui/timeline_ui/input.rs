//! The timeline's keyboard and pointer: pan, zoom, fit, step between items.

use super::*;

impl TimelinePanel {
    /// Drag and wheel pan, Ctrl+wheel or pinch zooms at the pointer, double-click or Home fits,
    /// + and − zoom, ← and → step between items. Returns the item stepped to.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn input_ui(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        frame: &Frame<'_>,
        cache: &Cache,
        (first, last): (f64, f64),
        view: &mut TimeView,
        selected: Option<&RecordRef>,
    ) -> Option<RecordRef> {
        let (plot, width, compression) = (frame.plot, frame.width, frame.compression);
        let mut picked = None;
        if response.dragged() {
            *view = view.pan(f64::from(response.drag_delta().x), width);
            self.lane_scroll -= response.drag_delta().y;
        }
        if response.hovered() {
            let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
            let pointer_x = response.hover_pos().map_or(plot.center().x, |p| p.x) - plot.left();
            if (zoom - 1.0).abs() > f32::EPSILON {
                *view = view.zoom_at(f64::from(pointer_x), f64::from(zoom), width);
            } else if scroll.x.abs() > 0.0 {
                *view = view.pan(f64::from(scroll.x), width);
            } else if scroll.y.abs() > 0.0 {
                // Vertical scrolling moves through the lanes when they do not all fit, and along
                // time otherwise.
                if self.lane_overflow {
                    self.lane_scroll -= scroll.y;
                } else {
                    *view = view.pan(f64::from(scroll.y), width);
                }
            }
        }
        if response.double_clicked() {
            *view = TimeView::fit(first, last, 0.04);
        }
        let typing = ui.ctx().egui_wants_keyboard_input();
        if response.hovered() && !typing {
            ui.input(|i| {
                if i.key_pressed(egui::Key::Home) {
                    *view = TimeView::fit(first, last, 0.04);
                }
                if i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals) {
                    *view = view.zoom_at(width / 2.0, 1.5, width);
                }
                if i.key_pressed(egui::Key::Minus) {
                    *view = view.zoom_at(width / 2.0, 1.0 / 1.5, width);
                }
            });
            // ← / → step between items (in time order) and bring the new one into view.
            let step = ui.input(|i| {
                i32::from(i.key_pressed(egui::Key::ArrowRight))
                    - i32::from(i.key_pressed(egui::Key::ArrowLeft))
            });
            if step != 0 {
                let order: Vec<usize> = cache
                    .by_time
                    .iter()
                    .copied()
                    .filter(|&i| self.passes(&cache.items[i]))
                    .collect();
                let current =
                    selected.and_then(|s| order.iter().position(|&i| &cache.items[i].record == s));
                let next = match (current, step > 0) {
                    (Some(c), true) => (c + 1).min(order.len().saturating_sub(1)),
                    (Some(c), false) => c.saturating_sub(1),
                    (None, true) => 0,
                    (None, false) => order.len().saturating_sub(1),
                };
                if let Some(&i) = order.get(next) {
                    let t = compression.compress(cache.items[i].start);
                    if !view.overlaps(t, t) {
                        *view = TimeView::new(t - view.span / 2.0, view.span);
                    }
                    picked = Some(cache.items[i].record.clone());
                }
            }
        }
        picked
    }
}
