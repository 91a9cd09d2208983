//! The timeline's lanes and the items in them, and the widgets that make them clickable.

use super::*;

/// What the lanes drew that can be clicked: items (index, where, lane), clusters (where and
/// their x range) and "+N more" badges (where, how many, accessible name).
pub(super) struct Drawn {
    pub(super) targets: Vec<(usize, Rect, String)>,
    pub(super) clusters: Vec<(Rect, f64, f64)>,
    pub(super) overflows: Vec<(Rect, (usize, String), String)>,
}

impl TimelinePanel {
    /// The lanes: labels, items stacked in sub-rows, clusters, "+N more" badges and the links
    /// between an item and the one it reverses or corrects. Returns what can be clicked.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lanes_ui(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        label_painter: &egui::Painter,
        frame: &Frame<'_>,
        cache: &Cache,
        view: &TimeView,
        (real_from, real_to): (f64, f64),
        selected: Option<&RecordRef>,
    ) -> Drawn {
        let (rect, plot, width, compression) =
            (frame.rect, frame.plot, frame.width, frame.compression);
        let visuals = ui.visuals().clone();
        let text_color = visuals.text_color();
        // Every drawn item is also a widget: clickable, hoverable, and named for screen readers.
        let mut targets: Vec<(usize, Rect, String)> = Vec::new();
        let mut clusters: Vec<(Rect, f64, f64)> = Vec::new();
        // "+N more" badges: (where, how many (also as "19,995"), accessible name).
        let mut overflows: Vec<(Rect, (usize, String), String)> = Vec::new();
        // Where each item is drawn in each lane, and the links to draw (within a lane: an
        // action is in several lanes, and a link across them would cross other lanes).
        let mut centers: std::collections::HashMap<(usize, &RecordRef), Pos2> =
            std::collections::HashMap::new();
        let mut links: Vec<(usize, &RecordRef, Pos2)> = Vec::new();
        // Lanes scroll vertically when there are more than fit; items that overlap in a lane
        // stack into sub-rows (up to MAX_SUB_ROWS) instead of hiding each other.
        let lane_clip = label_painter.with_clip_rect(Rect::from_min_max(
            Pos2::new(rect.left(), plot.top()),
            rect.max,
        ));
        let painter = painter.with_clip_rect(Rect::from_min_max(plot.min, rect.max));
        let mut top = plot.top() - self.lane_scroll;
        // Lanes off screen are skipped at the height they had when last drawn, so a frame costs
        // what is visible, not how many lanes (accounts, staff) the case has.
        if self.lane_heights.len() != cache.lanes.lanes.len() {
            self.lane_heights = vec![ROW_HEIGHT; cache.lanes.lanes.len()];
        }
        for (row, lane) in cache.lanes.lanes.iter().enumerate() {
            if self.only_lane.as_ref().is_some_and(|k| *k != lane.key) {
                continue;
            }
            let lane_top = top;
            let cached = self.lane_heights[row];
            if lane_top > plot.bottom() || lane_top + cached < plot.top() {
                top += cached;
                continue;
            }
            let visible = lane
                .visible(&cache.items, real_from, real_to)
                .filter(|&i| self.passes(&cache.items[i]));
            let marks = aggregate(
                &cache.items,
                visible,
                |t| view.x_from_time(compression.compress(t), width),
                4.0,
            );
            let x_of = |t: f64| frame.x_of(t, view);
            let subs = pack_sub_rows(&marks, &cache.items, lane, plot.left(), &x_of);
            // Marks with no free sub-row: one "+N more" badge per place, in a row of their own.
            let hidden = gather_hidden(
                &marks,
                subs.iter()
                    .enumerate()
                    .filter(|(_, s)| s.is_none())
                    .map(|(k, _)| k),
                30.0,
            );
            let sub_rows = if hidden.is_empty() {
                subs.iter().flatten().copied().max().map_or(1, |m| m + 1)
            } else {
                MAX_SUB_ROWS + 1
            };
            let lane_height = ROW_HEIGHT.max(sub_rows as f32 * SUB_ROW_HEIGHT + 6.0);
            self.lane_heights[row] = lane_height;
            top += lane_height;
            let lane_rect = Rect::from_min_max(
                Pos2::new(rect.left(), lane_top),
                Pos2::new(rect.right(), lane_top + lane_height),
            );
            if row % 2 == 1 {
                lane_clip.rect_filled(lane_rect, 0.0, visuals.faint_bg_color);
            }
            let glyph = match lane.key {
                crate::timeline::LaneKey::Account(_) => RecordKind::Account,
                crate::timeline::LaneKey::Staff(_) => RecordKind::Staff,
                crate::timeline::LaneKey::Outsider(_) => RecordKind::Outsider,
                crate::timeline::LaneKey::Statements => RecordKind::Statement,
                _ => RecordKind::Action,
            };
            let label_y = lane_top + ROW_HEIGHT / 2.0;
            lane_clip.text(
                Pos2::new(rect.left() + 6.0, label_y),
                Align2::LEFT_CENTER,
                glyph.glyph(),
                FontId::proportional(13.0),
                kind_color(glyph),
            );
            lane_clip.text(
                Pos2::new(rect.left() + 24.0, label_y),
                Align2::LEFT_CENTER,
                fit_lane_label(ui, &lane.label, LABEL_WIDTH - 30.0),
                FontId::proportional(12.0),
                text_color,
            );
            // Where the next mark in the same sub-row starts (room for a label beside a bar).
            let mut next_in_row = vec![f32::INFINITY; marks.len()];
            let mut last_seen: Vec<f32> = vec![f32::INFINITY; MAX_SUB_ROWS];
            for (k, mark) in marks.iter().enumerate().rev() {
                let x0 = match *mark {
                    Mark::Single { x0, .. } | Mark::Cluster { x0, .. } => plot.left() + x0 as f32,
                };
                let Some(row) = subs[k] else { continue };
                next_in_row[k] = last_seen[row];
                last_seen[row] = x0;
            }
            for (k, (mark, sub)) in marks.into_iter().zip(subs).enumerate() {
                let Some(sub) = sub else { continue };
                let next_x0 = next_in_row[k];
                let cy = lane_top + 3.0 + sub as f32 * SUB_ROW_HEIGHT + SUB_ROW_HEIGHT / 2.0;
                match mark {
                    Mark::Single { item, x0, x1 } => {
                        let it = &cache.items[item];
                        let x = (plot.left() + x0 as f32, plot.left() + x1 as f32);
                        let is_selected = selected == Some(&it.record);
                        let via = lane.is_via(it);
                        let shape_rect = item_ui(
                            ui,
                            &painter,
                            plot,
                            it,
                            x,
                            cy,
                            next_x0,
                            (is_selected, via),
                            &x_of,
                        );
                        if !matches!(it.kind, ItemKind::State(_)) {
                            centers
                                .entry((row, &it.record))
                                .or_insert(shape_rect.center());
                            if let Some(target) = &it.links_to {
                                links.push((row, target, shape_rect.center()));
                            }
                        }
                        let lane_name = if via {
                            format!("via {}", lane.label)
                        } else {
                            lane.label.clone()
                        };
                        targets.push((item, shape_rect.expand(3.0), lane_name));
                    }
                    Mark::Cluster {
                        first,
                        count,
                        x0,
                        x1,
                    } => {
                        let (x0, x1) = (plot.left() + x0 as f32, plot.left() + x1 as f32);
                        let pill = Rect::from_min_max(
                            Pos2::new(x0 - 4.0, cy - 8.0),
                            Pos2::new(x1.max(x0 + 18.0) + 4.0, cy + 8.0),
                        );
                        let color = item_color(&cache.items[first]);
                        painter.rect_filled(
                            pill,
                            CornerRadius::same(8),
                            color.gamma_multiply(0.35),
                        );
                        painter.text(
                            pill.center(),
                            Align2::CENTER_CENTER,
                            count.to_string(),
                            FontId::proportional(11.0),
                            text_color,
                        );
                        clusters.push((
                            pill,
                            f64::from(x0 - plot.left()),
                            f64::from(x1 - plot.left()),
                        ));
                    }
                }
            }
            let cy = lane_top + 3.0 + MAX_SUB_ROWS as f32 * SUB_ROW_HEIGHT + SUB_ROW_HEIGHT / 2.0;
            for group in hidden {
                let badge = overflow_badge_ui(ui, &painter, plot, cache, &group, cy);
                overflows.push((
                    badge.0,
                    badge.1,
                    format!("{} in {}", badge.2, crate::model::excerpt(&lane.label, 40)),
                ));
            }
        }
        let content_height = top - (plot.top() - self.lane_scroll);
        self.lane_overflow = content_height > plot.height();
        self.lane_scroll = self
            .lane_scroll
            .clamp(0.0, (content_height - plot.height()).max(0.0));
        links_ui(&painter, &visuals, &links, &centers);
        label_painter.line_segment(
            [
                Pos2::new(plot.left(), rect.top()),
                Pos2::new(plot.left(), rect.bottom()),
            ],
            Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
        );
        Drawn {
            targets,
            clusters,
            overflows,
        }
    }

    /// Every drawn item, cluster and badge as a widget: clickable, hoverable, named for screen
    /// readers. Returns the record of an item clicked.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn drawn_ui(
        &mut self,
        ui: &Ui,
        case: &Case,
        cache: &Cache,
        drawn: Drawn,
        zones: Zones,
        frame: &Frame<'_>,
        view: &mut TimeView,
    ) -> Option<RecordRef> {
        let width = frame.width;
        let Drawn {
            targets,
            clusters,
            overflows,
        } = drawn;
        let mut picked = None;
        for (n, (item, item_rect, lane_label)) in targets.into_iter().enumerate() {
            let it = &cache.items[item];
            let name = format!("{} — {lane_label}", it.label);
            let r = ui.interact(
                item_rect,
                ui.scope_id().with(("timeline-item", n)),
                Sense::click(),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            let r = r.on_hover_ui_at_pointer(|ui| {
                ui.label(tooltip_text(case, it, zones));
            });
            // Clicking a state bar selects the action that caused it.
            if r.clicked() {
                picked = Some(it.record.clone());
            }
        }
        for (n, (pill, x0, x1)) in clusters.into_iter().enumerate() {
            let r = ui.interact(
                pill,
                ui.scope_id().with(("timeline-cluster", n)),
                Sense::click(),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    "Several items: click to zoom in",
                )
            });
            let r = r.on_hover_text("Several items close together: click to zoom in");
            if r.clicked() {
                let from = view.time_from_x(x0 - 20.0, width);
                let to = view.time_from_x(x1 + 20.0, width);
                *view = TimeView::new(from, to - from);
            }
        }
        for (n, (pill, (count, count_text), name)) in overflows.into_iter().enumerate() {
            let r = ui.interact(
                pill,
                ui.scope_id().with(("timeline-overflow", n)),
                Sense::click(),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("{name}: click for the list"),
                )
            });
            let r = r.on_hover_text(format!(
                "{count_text} more {} overlap here than the lane can stack (a bulk action, \
                 say). Click for the List view, which shows every one.",
                if count == 1 { "item" } else { "items" }
            ));
            if r.clicked() {
                self.list_mode = true;
            }
        }
        picked
    }
}

/// How far an open end or a bound fades out on screen, in points.
const FADE: f32 = 28.0;
/// Half the size of a diamond.
const MARKER_R: f32 = 5.0;
/// Room for the "via" tag left of an item done through the lane's account or staff member.
const VIA_ROOM: f32 = 22.0;

/// Whether an item is drawn as a bar rather than a diamond: it lasted, or covers a visible span
/// of uncertainty (an instant whose sources disagree is a diamond at its own time over a band).
fn is_bar(it: &Item, (x0, x1): (f32, f32)) -> bool {
    it.lasting || (x1 - x0 > 3.0 && it.reported.is_empty())
}

/// Where an item draws on screen: its shape's left and right, and the left and right of
/// everything it draws (other reported times, other moments, fades, a key event's star, the
/// "via" tag).
pub(super) fn item_extent(
    it: &Item,
    (x0, x1): (f32, f32),
    x_of: &dyn Fn(f64) -> f32,
    via: bool,
) -> ((f32, f32), (f32, f32)) {
    let bar = is_bar(it, (x0, x1));
    let shape = if bar {
        (x0, x1.max(x0 + 3.0))
    } else {
        let xm = x_of(it.own_start());
        (xm - MARKER_R, xm + MARKER_R)
    };
    let (reach0, reach1) = it.reach();
    let mut left = shape.0.min(x_of(reach0));
    let mut right = shape.1.max(x_of(reach1));
    if it.bound == Some(crate::model::TimeBound::Before) {
        left -= FADE;
    }
    if it.open_end || (it.bound == Some(crate::model::TimeBound::After) && !it.lasting) {
        right += FADE;
    }
    if it.key_event {
        left -= 14.0;
    }
    if via {
        left -= VIA_ROOM;
    }
    (shape, (left, right))
}

/// Room a time known only as "by …" takes left of its mark (its fade).
fn bound_room(it: &Item) -> f32 {
    if it.bound == Some(crate::model::TimeBound::Before) {
        FADE + 6.0
    } else {
        0.0
    }
}

/// A band `2 × half` high from `from` (in `color`) to `to` (transparent): the unknown side of
/// an open end or a bound. `to` may be left of `from`.
fn fade_band(painter: &egui::Painter, from: f32, to: f32, cy: f32, half: f32, color: Color32) {
    let (l, r) = (from.min(to), from.max(to));
    let (cl, cr) = if from <= to {
        (color, Color32::TRANSPARENT)
    } else {
        (Color32::TRANSPARENT, color)
    };
    let mut mesh = egui::Mesh::default();
    mesh.colored_vertex(Pos2::new(l, cy - half), cl);
    mesh.colored_vertex(Pos2::new(r, cy - half), cr);
    mesh.colored_vertex(Pos2::new(r, cy + half), cr);
    mesh.colored_vertex(Pos2::new(l, cy + half), cl);
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(0, 2, 3);
    painter.add(egui::Shape::mesh(mesh));
}

/// A small chevron at `(x, cy)` pointing right (`dir` 1) or left (-1): "and beyond".
fn chevron(painter: &egui::Painter, x: f32, cy: f32, dir: f32, color: Color32) {
    let stroke = Stroke::new(1.5, color);
    painter.line_segment(
        [Pos2::new(x - 4.0 * dir, cy - 4.5), Pos2::new(x, cy)],
        stroke,
    );
    painter.line_segment(
        [Pos2::new(x, cy), Pos2::new(x - 4.0 * dir, cy + 4.5)],
        stroke,
    );
}

/// A dashed outline of `rect`.
fn dashed_outline(painter: &egui::Painter, rect: Rect, stroke: Stroke) {
    let points = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    painter.extend(egui::Shape::dashed_line(&points, stroke, 4.0, 3.0));
}

/// One item: a bar over its span (a faint band when it is known only to the month or year, a
/// span with a soft centre when it is an imprecise instant, hatched while an account was
/// compromised, fading out when its end is not known) with its duration inside or beside it,
/// or a diamond at its instant; around it the times sources disagree on (a band with a tick for
/// each), a bound's fade, its planned end, when it was decided, found out and made public; then
/// its key-event star, the unauthorized and selection outlines and, in the lane of the account
/// or staff member it was done through, a dashed outline and a "via" tag. `next_x0`: where the
/// next mark in the same sub-row starts. Returns where it is.
#[allow(clippy::too_many_arguments)]
fn item_ui(
    ui: &Ui,
    painter: &egui::Painter,
    plot: Rect,
    it: &Item,
    (x0, x1): (f32, f32),
    cy: f32,
    next_x0: f32,
    (is_selected, via): (bool, bool),
    x_of: &dyn Fn(f64) -> f32,
) -> Rect {
    let visuals = ui.visuals();
    let text_color = visuals.text_color();
    let color = item_color(it);
    // Times the sources disagree on: a faint band from the earliest to the latest, a tick at
    // each, under the mark.
    if let Some((r0, r1)) = it.reported_range() {
        let (a, b) = (x_of(r0), x_of(r1));
        let band = Rect::from_min_max(Pos2::new(a, cy - 7.0), Pos2::new(b.max(a + 2.0), cy + 7.0));
        painter.rect_filled(band, CornerRadius::same(2), color.gamma_multiply(0.2));
        painter.line_segment(
            [Pos2::new(a, cy), Pos2::new(b, cy)],
            Stroke::new(1.5, color),
        );
        for &t in &it.reported {
            let x = x_of(t);
            painter.line_segment(
                [Pos2::new(x, cy - 7.5), Pos2::new(x, cy + 7.5)],
                Stroke::new(2.0, color),
            );
        }
    }
    let bar_shape = is_bar(it, (x0, x1));
    let shape_rect = if bar_shape {
        let bar = Rect::from_min_max(
            Pos2::new(x0, cy - 7.0),
            Pos2::new(x1.max(x0 + 3.0), cy + 7.0),
        );
        // Known only to the month or year: a faint band, so it does not
        // drown the precise events drawn over it.
        let vague = it.fuzzy && !it.lasting && it.end - it.start > 2.0 * 86_400.0;
        let fill = if vague {
            color.gamma_multiply(0.12)
        } else if it.fuzzy && !it.lasting {
            color.gamma_multiply(0.3)
        } else if it.fuzzy {
            color.gamma_multiply(0.75)
        } else {
            color
        };
        // Known only to have started after a time: the bar fades in.
        let fade_in = if it.lasting && it.bound == Some(crate::model::TimeBound::After) {
            (bar.width() / 2.0).min(FADE)
        } else {
            0.0
        };
        if fade_in > 0.0 {
            fade_band(painter, bar.left() + fade_in, bar.left(), cy, 7.0, fill);
        }
        painter.rect_filled(
            Rect::from_min_max(Pos2::new(bar.left() + fade_in, bar.top()), bar.max),
            CornerRadius::same(3),
            fill,
        );
        if palette::is_hatched(it) {
            // A compromised stretch: dark stripes, never taken for "restricted".
            let [r, g, b] = palette::COMPROMISED_HATCH;
            let stripes = painter.with_clip_rect(bar.intersect(painter.clip_rect()));
            let stroke = Stroke::new(1.5, Color32::from_rgb(r, g, b));
            let mut x = bar.left() - bar.height();
            while x < bar.right() {
                stripes.line_segment(
                    [
                        Pos2::new(x, bar.bottom()),
                        Pos2::new(x + bar.height(), bar.top()),
                    ],
                    stroke,
                );
                x += 6.0;
            }
        }
        if it.fuzzy && !it.lasting {
            // An imprecise instant: the span it could be in, with a soft centre mark.
            painter.rect_stroke(
                bar,
                CornerRadius::same(3),
                Stroke::new(1.0, color.gamma_multiply(if vague { 0.3 } else { 0.6 })),
                StrokeKind::Inside,
            );
            painter.circle_filled(bar.center(), 3.0, color);
        }
        if it.open_end {
            // Lasted at least this long, end not known: the rest fades out.
            fade_band(painter, bar.right(), bar.right() + FADE, cy, 7.0, fill);
            chevron(painter, bar.right() + FADE + 3.0, cy, 1.0, color);
        }
        if let Some(d) = it.duration_label() {
            // Inside the bar when it fits; beside it only when the row is
            // free there; otherwise the tooltip tells.
            let font = FontId::proportional(11.0);
            let text_width = ui.fonts_mut(|f| {
                f.layout_no_wrap(d.clone(), font.clone(), text_color)
                    .size()
                    .x
            });
            let after = bar.right() + if it.open_end { FADE + 8.0 } else { 4.0 };
            if bar.width() > text_width + 8.0 {
                painter.text(
                    bar.center(),
                    Align2::CENTER_CENTER,
                    d,
                    font,
                    text_on(fill, visuals.panel_fill),
                );
            } else if next_x0 > after + text_width + 6.0 {
                painter.text(
                    Pos2::new(after, cy),
                    Align2::LEFT_CENTER,
                    d,
                    font,
                    text_color,
                );
            }
        }
        bar
    } else {
        let r = MARKER_R;
        let c = Pos2::new(x_of(it.own_start()), cy);
        painter.add(egui::Shape::convex_polygon(
            vec![
                c + vec2(0.0, -r),
                c + vec2(r, 0.0),
                c + vec2(0.0, r),
                c + vec2(-r, 0.0),
            ],
            color,
            Stroke::NONE,
        ));
        Rect::from_center_size(c, vec2(2.0 * r, 2.0 * r))
    };
    // Known only as a bound: a fade towards the unknown side.
    match it.bound {
        Some(crate::model::TimeBound::Before) => {
            let x = shape_rect.left() - 1.0;
            fade_band(painter, x, x - FADE, cy, 5.0, color.gamma_multiply(0.7));
            chevron(painter, x - FADE - 2.0, cy, -1.0, color);
        }
        Some(crate::model::TimeBound::After) if !it.lasting => {
            let x = shape_rect.right() + 1.0;
            fade_band(painter, x, x + FADE, cy, 5.0, color.gamma_multiply(0.7));
            chevron(painter, x + FADE + 2.0, cy, 1.0, color);
        }
        _ => {}
    }
    moments_ui(painter, it, shape_rect, cy, x_of, color, it.lasting);
    if it.key_event && shape_rect.right() >= plot.left() {
        // Left of all the mark draws, on its own sub-row (above it, the star would sit on the
        // sub-row over it or under the axis); inside the bar's start when the bar begins
        // before the plot. (Clear of the unauthorized and selection outlines.)
        let star_x = shape_rect.left() - 5.5 - bound_room(it);
        let beside = star_x - 10.0 >= plot.left();
        let (x, align, star_color) = if beside {
            (star_x, Align2::RIGHT_CENTER, color)
        } else {
            (
                plot.left() + 2.0,
                Align2::LEFT_CENTER,
                text_on(color.gamma_multiply(0.3), visuals.panel_fill),
            )
        };
        painter.text(
            Pos2::new(x, cy),
            align,
            "★",
            FontId::proportional(10.0),
            star_color,
        );
    }
    if it.unauthorized {
        painter.rect_stroke(
            shape_rect.expand(1.5),
            CornerRadius::same(4),
            Stroke::new(1.5, {
                let [r, g, b] = palette::UNAUTHORIZED;
                Color32::from_rgb(r, g, b)
            }),
            StrokeKind::Outside,
        );
    }
    if via {
        // Done through this lane's account or credentials: a dashed outline and a tag.
        dashed_outline(
            painter,
            shape_rect.expand(4.0),
            Stroke::new(1.3, text_color),
        );
        let star = if it.key_event { 12.0 } else { 0.0 };
        painter.text(
            Pos2::new(shape_rect.left() - 6.0 - star - bound_room(it), cy),
            Align2::RIGHT_CENTER,
            "via",
            FontId::proportional(10.5),
            text_color,
        );
    }
    if is_selected {
        painter.rect_stroke(
            shape_rect.expand(3.0),
            CornerRadius::same(5),
            Stroke::new(2.0, visuals.selection.stroke.color),
            StrokeKind::Outside,
        );
    }
    shape_rect
}

/// An action's other moments on its row: its planned end (a faint dashed continuation past the
/// bar, or a dashed tick on it), when it was decided (a tick joined to the mark), found out (a
/// ring) and made public (a square), these two on the row's lower edge, joined to the mark.
fn moments_ui(
    painter: &egui::Painter,
    it: &Item,
    shape: Rect,
    cy: f32,
    x_of: &dyn Fn(f64) -> f32,
    color: Color32,
    lasting: bool,
) {
    let m = &it.moments;
    let faint = Stroke::new(1.2, color.gamma_multiply(0.8));
    if let Some(p) = m.planned_end {
        let xp = x_of(p);
        if xp > shape.right() + 1.0 {
            let ghost = Rect::from_min_max(
                Pos2::new(shape.right(), shape.top()),
                Pos2::new(xp, shape.bottom()),
            );
            painter.extend(egui::Shape::dashed_line(
                &[
                    ghost.left_top(),
                    ghost.right_top(),
                    ghost.right_bottom(),
                    ghost.left_bottom(),
                ],
                faint,
                4.0,
                3.0,
            ));
        } else {
            let tick = if lasting { Color32::WHITE } else { color };
            painter.extend(egui::Shape::dashed_line(
                &[
                    Pos2::new(xp, shape.top() - 2.0),
                    Pos2::new(xp, shape.bottom() + 2.0),
                ],
                Stroke::new(1.5, tick),
                3.0,
                2.0,
            ));
        }
    }
    if let Some(d) = m.decided {
        let xd = x_of(d);
        if xd < shape.left() - 1.0 {
            painter.line_segment(
                [Pos2::new(xd, cy), Pos2::new(shape.left(), cy)],
                Stroke::new(1.0, color),
            );
        }
        painter.line_segment(
            [Pos2::new(xd, cy - 6.0), Pos2::new(xd, cy + 6.0)],
            Stroke::new(2.5, color),
        );
    }
    let edge = cy + 7.0;
    for t in [m.discovered, m.disclosed].into_iter().flatten() {
        let x = x_of(t);
        let join = if x > shape.right() + 4.0 {
            Some((shape.right(), x - 3.5))
        } else if x < shape.left() - 4.0 {
            Some((x + 3.5, shape.left()))
        } else {
            None
        };
        if let Some((a, b)) = join {
            painter.extend(egui::Shape::dashed_line(
                &[Pos2::new(a, edge), Pos2::new(b, edge)],
                Stroke::new(1.0, color.gamma_multiply(0.7)),
                3.0,
                3.0,
            ));
        }
    }
    if let Some(t) = m.discovered {
        painter.circle(
            Pos2::new(x_of(t), edge),
            3.2,
            Color32::WHITE,
            Stroke::new(1.6, color),
        );
    }
    if let Some(t) = m.disclosed {
        painter.rect(
            Rect::from_center_size(Pos2::new(x_of(t), edge), vec2(6.5, 6.5)),
            CornerRadius::ZERO,
            Color32::WHITE,
            Stroke::new(1.6, color),
            StrokeKind::Inside,
        );
    }
}

/// A lane's name cut to `width` points; a class of accounts keeps its estimate ("all verified
/// acc… · ~300k").
fn fit_lane_label(ui: &Ui, label: &str, width: f32) -> String {
    let font = FontId::proportional(12.0);
    let measure = |text: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
                .size()
                .x
        })
    };
    if measure(label) <= width {
        return label.to_owned();
    }
    let (head, tail) = match label.rsplit_once(" · ") {
        Some((name, estimate)) => (name, format!(" · {estimate}")),
        None => (label, String::new()),
    };
    let room = width - measure(&tail) - measure("…");
    let mut cut = String::new();
    for c in head.chars() {
        cut.push(c);
        if measure(&cut) > room {
            cut.pop();
            break;
        }
    }
    format!("{}…{tail}", cut.trim_end())
}

/// A "+N more" badge where marks had no free sub-row. Returns where it is, how many it stands
/// for (also as text) and its label.
fn overflow_badge_ui(
    ui: &Ui,
    painter: &egui::Painter,
    plot: Rect,
    cache: &Cache,
    group: &crate::timeline::Hidden,
    cy: f32,
) -> (Rect, (usize, String), String) {
    let visuals = ui.visuals();
    let text_color = visuals.text_color();
    let text = group.label();
    let font = FontId::proportional(11.0);
    let text_width = ui.fonts_mut(|f| {
        f.layout_no_wrap(text.clone(), font.clone(), text_color)
            .size()
            .x
    });
    // Where the hidden marks start, kept inside the plot (bars may start before it).
    let x0 = (plot.left() + group.x0 as f32)
        .min(plot.right() - text_width - 6.0)
        .max(plot.left() + 6.0);
    let x1 = (plot.left() + group.x1 as f32)
        .min(plot.right() - 6.0)
        .max(x0 + text_width);
    let pill = Rect::from_min_max(Pos2::new(x0 - 5.0, cy - 8.0), Pos2::new(x1 + 5.0, cy + 8.0));
    let color = item_color(&cache.items[group.first]);
    painter.rect_filled(pill, CornerRadius::same(8), color.gamma_multiply(0.25));
    painter.rect_stroke(
        pill,
        CornerRadius::same(8),
        Stroke::new(1.0, color.gamma_multiply(0.8)),
        StrokeKind::Inside,
    );
    painter.text(
        Pos2::new(x0, cy),
        Align2::LEFT_CENTER,
        text.clone(),
        font,
        text_color,
    );
    (pill, (group.count, group.count_text()), text)
}

/// An action and the action it reverses, extends or replaces, a statement and the one it
/// follows, are linked where both are drawn in the same lane. Only drawn items can be linked
/// (and it keeps the frame's cost to what is visible).
fn links_ui(
    painter: &egui::Painter,
    visuals: &egui::Visuals,
    links: &[(usize, &RecordRef, Pos2)],
    centers: &std::collections::HashMap<(usize, &RecordRef), Pos2>,
) {
    let stroke = Stroke::new(
        1.5,
        visuals
            .widgets
            .noninteractive
            .fg_stroke
            .color
            .gamma_multiply(0.7),
    );
    for &(row, target, b) in links {
        if let Some(&a) = centers.get(&(row, target)) {
            let lift = if (a.x - b.x).abs() < 4.0 { 0.0 } else { 10.0 };
            let mid = Pos2::new((a.x + b.x) / 2.0, a.y.min(b.y) - lift);
            painter.add(egui::Shape::line(vec![a, mid, b], stroke));
            painter.circle_filled(b, 2.5, stroke.color);
        }
    }
}
