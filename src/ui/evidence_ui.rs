//! Evidence in the window: the gallery (a section of its own), thumbnails of the files a record
//! cites, the evidence card of a source, and the full view of a picture with zoom.
//!
//! Everything here reads the [`EvidenceState`] and pushes commands; the state itself changes
//! only in the app, once a frame.

use egui::{Align, Color32, Layout, RichText, Sense, Ui, Vec2};

use super::command::{AppCommand, AppView};
use super::evidence_state::{Check, EvidenceCommand, EvidenceState, Shown, listed};
use super::widgets::{Form, level_color};
use crate::evidence::FileState;
use crate::model::evidence::media_words;
use crate::model::{Case, Evidence, Level, Record, RecordRef, Source, SourceId};
use crate::store;

/// The colour a file's state is written in.
fn check_color(check: Option<&Check>, dark: bool) -> Option<Color32> {
    match check {
        Some(Check::Done(FileState::Ok)) => Some(if dark {
            Color32::from_rgb(0x7e, 0xd3, 0x8b)
        } else {
            Color32::from_rgb(0x1a, 0x7f, 0x37)
        }),
        Some(Check::Done(_)) => Some(level_color(Level::Error, dark)),
        Some(Check::Checking) | None => None,
    }
}

/// "✔ ok", "✖ changed", "checking…" in its colour, with what it means as a tooltip.
pub fn state_ui(ui: &mut Ui, check: Option<&Check>) {
    let dark = ui.visuals().dark_mode;
    let (text, tip) = match check {
        Some(Check::Done(state)) => (
            format!("{} {}", if state.is_ok() { "✔" } else { "✖" }, state.word()),
            state.explain(),
        ),
        Some(Check::Checking) => (
            "checking…".to_owned(),
            "Its SHA-256 is being compared with the one taken when it was captured".to_owned(),
        ),
        None => (
            "not checked".to_owned(),
            "Save the case to check it".to_owned(),
        ),
    };
    let mut rich = RichText::new(text).small();
    match check_color(check, dark) {
        Some(c) => rich = rich.color(c),
        None => rich = rich.weak(),
    }
    ui.label(rich).on_hover_text(tip);
}

/// The thumbnail of `e` in a `side`-point box, or what kind of file it is; returns the box's
/// response (a click opens the full view or the file).
pub fn thumbnail_ui(ui: &mut Ui, state: &EvidenceState, e: &Evidence, side: f32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(side), Sense::click());
    // For screen readers (and tests): what a click on the box does.
    let action = if e.is_picture() { "View" } else { "Open" };
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("{action} {}", e.file_name()),
        )
    });
    let response = response.on_hover_cursor(egui::CursorIcon::PointingHand);
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let visuals = ui.visuals().clone();
    // A frame, so a white screenshot still has an edge in the light theme; stronger on hover.
    let stroke = if response.hovered() {
        visuals.widgets.hovered.bg_stroke
    } else {
        visuals.widgets.noninteractive.bg_stroke
    };
    ui.painter().rect(
        rect,
        4.0,
        visuals.extreme_bg_color,
        stroke,
        egui::StrokeKind::Inside,
    );
    let mut inner = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink(4.0))
            .layout(Layout::centered_and_justified(egui::Direction::TopDown)),
    );
    // The words in the box must not take its click (selectable text would).
    inner.style_mut().interaction.selectable_labels = false;
    let name = e.file_name();
    let shown = if e.is_picture() {
        state.thumbnail(e)
    } else {
        None
    };
    match shown {
        Some(Shown::Ready { texture, .. }) => {
            let image = egui::Image::from_texture(egui::load::SizedTexture::from_handle(texture))
                .max_size(rect.shrink(4.0).size())
                .alt_text(format!("Thumbnail of {name}"));
            inner
                .add(image)
                .on_hover_text(format!("{name} — click to view it full size"));
        }
        Some(Shown::Loading) => {
            inner.vertical_centered(|ui| {
                ui.add_space(side / 2.0 - 16.0);
                ui.spinner();
                ui.label(RichText::new("loading…").small().weak());
            });
        }
        Some(Shown::Failed(why)) => {
            inner
                .label(
                    RichText::new("⚠ cannot show this picture")
                        .small()
                        .color(level_color(Level::Warning, visuals.dark_mode)),
                )
                .on_hover_text(why.as_str());
        }
        None => {
            let missing = matches!(state.check(&e.file), Some(Check::Done(FileState::Missing)));
            let ext = name
                .rsplit_once('.')
                .map(|(_, x)| x.to_uppercase())
                .unwrap_or_default();
            inner.vertical_centered(|ui| {
                ui.add_space(side / 2.0 - 30.0);
                if missing {
                    ui.label(
                        RichText::new("file missing")
                            .strong()
                            .color(level_color(Level::Error, visuals.dark_mode)),
                    );
                } else if ext.is_empty() || ext.len() > 5 {
                    ui.label(
                        RichText::new(media_words(&e.media_type))
                            .strong()
                            .size(18.0),
                    );
                } else {
                    ui.label(RichText::new(ext).strong().size(28.0));
                    ui.label(RichText::new(media_words(&e.media_type)).small().weak());
                }
            });
        }
    }
    response
}

/// What a click on a file's thumbnail does: a picture opens in the full view, another file in
/// its app (through the usual path rules: inside the case's folder, never a program).
fn open_command(
    case_file: Option<&std::path::Path>,
    source: &SourceId,
    e: &Evidence,
) -> AppCommand {
    if e.is_picture() {
        AppCommand::Evidence(EvidenceCommand::View(Some(source.clone())))
    } else {
        match store::resolve_location(case_file, &e.file) {
            Ok(location) => AppCommand::OpenLocation(location),
            Err(err) => AppCommand::Flash(format!("{} was not opened: {err}", e.file_name())),
        }
    }
}

/// The gallery: every captured file of the case as a card, with its state; "Verify now".
pub fn gallery_ui(ui: &mut Ui, view: &AppView<'_>, out: &mut Vec<AppCommand>) {
    let Some(doc) = view.doc else { return };
    let state = view.evidence;
    let case = &doc.case;
    let files: Vec<(&SourceId, &Evidence)> = listed(case).collect();
    ui.horizontal(|ui| {
        ui.heading("Evidence");
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let saved = doc.path.is_some();
            if ui
                .add_enabled(saved, egui::Button::new("Verify now"))
                .on_hover_text(
                    "Hash every evidence file again and compare it with the hash taken when it \
                     was captured; look for files the case does not list",
                )
                .on_disabled_hover_text("Save the case first")
                .clicked()
            {
                out.push(AppCommand::Evidence(EvidenceCommand::VerifyNow));
            }
            if ui
                .button("Add evidence…")
                .on_hover_text(super::commands::UiCommand::AddEvidence.text_and_tooltip().1)
                .clicked()
            {
                out.push(AppCommand::Evidence(EvidenceCommand::Add { to: None }));
            }
        });
    });
    let mut line = format!(
        "{} · {}",
        crate::model::plural(files.len(), "file", "files"),
        if files.is_empty() && state.unexpected().is_empty() {
            "drop files on the window or use File → Add evidence…".to_owned()
        } else {
            state.summary()
        }
    );
    if let Some(chain) = state.chain() {
        line.push_str(&format!(" · custody log {}", chain.describe()));
    }
    ui.label(RichText::new(line).weak());
    ui.separator();

    let card = Vec2::new(180.0, 250.0);
    let spacing = 12.0;
    let columns = (((ui.available_width() + spacing) / (card.x + spacing)).floor() as usize).max(1);
    let rows = files.len().div_ceil(columns);
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .id_salt("evidence-gallery")
        .show_rows(ui, card.y + spacing, rows + 1, |ui, range| {
            for row in range {
                if row == rows {
                    unexpected_ui(ui, state);
                    continue;
                }
                ui.horizontal_top(|ui| {
                    ui.spacing_mut().item_spacing.x = spacing;
                    for (source, e) in files.iter().skip(row * columns).take(columns) {
                        ui.allocate_ui_with_layout(card, Layout::top_down(Align::Min), |ui| {
                            ui.set_min_size(card);
                            ui.set_max_width(card.x);
                            if let Some(c) = card_ui(ui, view, case, source, e) {
                                clicked = Some(c);
                            }
                        });
                    }
                });
                ui.add_space(spacing);
            }
        });
    out.extend(clicked);
}

/// One file in the gallery; what a click on it asks for.
fn card_ui(
    ui: &mut Ui,
    view: &AppView<'_>,
    case: &Case,
    source: &SourceId,
    e: &Evidence,
) -> Option<AppCommand> {
    let state = view.evidence;
    let case_file = view.doc.and_then(|d| d.path.as_deref());
    let mut command = None;
    let r = thumbnail_ui(ui, state, e, 180.0);
    if r.clicked() {
        command = Some(open_command(case_file, source, e));
    }
    let name = e.file_name();
    if ui
        .add(egui::Link::new(RichText::new(name).strong()))
        .on_hover_text("Show this source: its description, who captured it, its hash")
        .clicked()
    {
        command = Some(AppCommand::Select(Some(RecordRef::Source(source.clone()))));
    }
    if e.description.is_empty() {
        ui.label(RichText::new("no description yet").small().weak().italics());
    } else {
        ui.add(egui::Label::new(RichText::new(&e.description).small()).truncate())
            .on_hover_text(&e.description);
    }
    let tz = case.tz();
    let when = e.captured_at.as_ref().map_or_else(
        || {
            format!(
                "added {}",
                crate::model::When::exact(e.added_at).display(tz)
            )
        },
        |w| format!("captured {}", w.display(tz)),
    );
    ui.add(egui::Label::new(RichText::new(when).small().weak()).truncate());
    if !e.is_picture() {
        ui.label(
            RichText::new(format!(
                "{} · {}",
                media_words(&e.media_type),
                e.size_text()
            ))
            .small()
            .weak(),
        );
        ui.label(
            RichText::new(format!("SHA-256 {}…", &e.sha256[..e.sha256.len().min(12)]))
                .font(egui::FontId::monospace(10.0))
                .weak(),
        )
        .on_hover_text(&e.sha256);
    }
    state_ui(ui, state.check(&e.file));
    command
}

/// Files in the evidence folder the case does not list.
fn unexpected_ui(ui: &mut Ui, state: &EvidenceState) {
    if state.unexpected().is_empty() {
        return;
    }
    ui.label(RichText::new("In the evidence folder but not in the case").strong());
    ui.label(
        RichText::new(
            "Added without saving the case, or put there by hand. Casebook does not show them \
             or put them in reports.",
        )
        .small()
        .weak(),
    );
    for file in state.unexpected() {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("⚠ unexpected")
                    .small()
                    .color(level_color(Level::Warning, ui.visuals().dark_mode)),
            );
            ui.label(RichText::new(file).font(egui::FontId::monospace(11.0)));
        });
    }
}

/// Thumbnails of the captured files `record` cites, under its editor; a click views one.
pub fn cited_ui(ui: &mut Ui, view: &AppView<'_>, record: &Record, out: &mut Vec<AppCommand>) {
    let Some(doc) = view.doc else { return };
    let cited: Vec<&Source> = record
        .meta()
        .sources
        .iter()
        .filter_map(|id| doc.case.sources.iter().find(|s| &s.id == id))
        .filter(|s| s.evidence.is_some())
        .collect();
    if cited.is_empty() {
        return;
    }
    ui.label(RichText::new("Evidence").strong());
    ui.horizontal_wrapped(|ui| {
        for s in cited {
            let Some(e) = &s.evidence else { continue };
            // (A fixed size, so the row wraps instead of widening the editor.)
            ui.allocate_ui_with_layout(
                Vec2::new(110.0, 150.0),
                Layout::top_down(Align::Min),
                |ui| {
                    ui.set_max_width(110.0);
                    let r = thumbnail_ui(ui, view.evidence, e, 110.0);
                    if r.clicked() {
                        out.push(open_command(doc.path.as_deref(), &s.id, e));
                    }
                    if ui
                        .add(egui::Link::new(RichText::new(e.file_name()).small()))
                        .clicked()
                    {
                        out.push(AppCommand::Select(Some(RecordRef::Source(s.id.clone()))));
                    }
                    state_ui(ui, view.evidence.check(&e.file));
                },
            );
        }
    });
    ui.separator();
}

/// How to add evidence to the record being edited (at the foot of its editor).
pub fn drop_hint_ui(ui: &mut Ui, saved: bool) {
    ui.add_space(6.0);
    ui.label(
        RichText::new(if saved {
            "Drop files on this editor to add them as evidence cited by this record."
        } else {
            "Save the case, then drop files on this editor to add them as evidence cited by \
             this record."
        })
        .weak()
        .small(),
    );
}

/// The captured file of a source: its picture, state, hash (with Copy), who added and
/// captured it, and its description and "safe to share" (edited like any field).
pub fn source_evidence_ui(
    form: &mut Form<'_>,
    ui: &mut Ui,
    s: &mut Source,
    view: &AppView<'_>,
    out: &mut Vec<AppCommand>,
) {
    let Some(e) = s.evidence.as_mut() else { return };
    let state = view.evidence;
    let case_file = view.doc.and_then(|d| d.path.as_deref());
    ui.add_space(4.0);
    ui.label(RichText::new("Evidence file").strong());
    ui.separator();
    ui.horizontal_top(|ui| {
        let r = thumbnail_ui(ui, state, e, 150.0);
        if r.clicked() {
            out.push(open_command(case_file, &s.id, e));
        }
        ui.vertical(|ui| {
            ui.label(RichText::new(e.file_name()).strong());
            ui.label(
                RichText::new(format!(
                    "{} · {}",
                    media_words(&e.media_type),
                    e.size_text()
                ))
                .weak()
                .small(),
            );
            state_ui(ui, state.check(&e.file));
            let button = if e.is_picture() { "View" } else { "Open file" };
            if ui.button(button).clicked() {
                out.push(open_command(case_file, &s.id, e));
            }
        });
    });
    ui.add_space(4.0);
    egui::Grid::new("source-evidence")
        .num_columns(2)
        .spacing([14.0, 8.0])
        .min_col_width(120.0)
        .show(ui, |ui| {
            let label = ui.label(RichText::new("SHA-256").weak()).id;
            ui.horizontal_wrapped(|ui| {
                ui.add(
                    egui::Label::new(RichText::new(&e.sha256).font(egui::FontId::monospace(11.0)))
                        .wrap(),
                )
                .labelled_by(label);
                if ui
                    .small_button("Copy")
                    .on_hover_text("Copy the SHA-256 to the clipboard")
                    .clicked()
                {
                    ui.ctx().copy_text(e.sha256.clone());
                    out.push(AppCommand::Flash("Copied the SHA-256".to_owned()));
                }
            });
            ui.end_row();
            ui.label(RichText::new("Added").weak());
            let tz = form.tz;
            ui.label(format!(
                "{} by {}",
                crate::model::When::exact(e.added_at).display(tz),
                if e.added_by.is_empty() {
                    "someone unknown"
                } else {
                    &e.added_by
                }
            ));
            ui.end_row();
            if !e.original_name.is_empty() && e.original_name != e.file_name() {
                ui.label(RichText::new("Original name").weak());
                ui.label(&e.original_name);
                ui.end_row();
            }
            form.multiline(
                ui,
                "Evidence description",
                "evidence",
                &mut e.description,
                2,
                "What the file shows, in a sentence",
            );
            form.text(
                ui,
                "Captured by",
                "evidence",
                &mut e.captured_by,
                "Who took the screenshot or ran the export",
            );
            form.when(ui, "Captured at", "evidence", &mut e.captured_at, true);
            form.check(
                ui,
                "Safe to share",
                &mut e.safe_to_share,
                "A person checked it: it may appear in redacted exports",
            );
        });
    ui.add_space(10.0);
    ui.separator();
}

/// The full view of a picture: fit / 100 % / zoom with the wheel (Ctrl+wheel too) at the
/// pointer, drag to pan, Esc or Close to leave.
pub fn viewer_ui(ctx: &egui::Context, state: &mut EvidenceState, case: &Case) -> bool {
    let Some(viewer) = state.viewer.as_mut() else {
        return false;
    };
    let screen = ctx.content_rect();
    let size = (screen.size() * 0.92).max(Vec2::new(300.0, 240.0));
    let title = case
        .sources
        .iter()
        .find(|s| s.id == viewer.source)
        .map_or_else(|| viewer.file.clone(), |s| s.title.clone());
    let mut close = false;
    let response = egui::Modal::new(egui::Id::unique("evidence-viewer")).show(ctx, |ui| {
        ui.set_width(size.x);
        ui.set_height(size.y);
        let picture_size = match &viewer.picture {
            Shown::Ready { texture, size } => Some((texture.clone(), *size)),
            _ => None,
        };
        ui.horizontal(|ui| {
            ui.add(egui::Label::new(RichText::new(&title).heading()).truncate());
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if ui.button("Close").on_hover_text("Esc").clicked() {
                    close = true;
                }
                if picture_size.is_some() {
                    if ui
                        .button("100 %")
                        .on_hover_text("One picture pixel per screen pixel")
                        .clicked()
                    {
                        viewer.zoom = Some(1.0 / ctx.pixels_per_point());
                        viewer.offset = Vec2::ZERO;
                    }
                    if ui
                        .button("Fit")
                        .on_hover_text("The whole picture in the window")
                        .clicked()
                    {
                        viewer.zoom = None;
                        viewer.offset = Vec2::ZERO;
                    }
                }
            });
        });
        ui.label(
            RichText::new(&viewer.file)
                .font(egui::FontId::monospace(11.0))
                .weak(),
        );
        let mut footer = String::new();
        let canvas = ui.available_size() - Vec2::new(0.0, 24.0);
        let (rect, response) = ui.allocate_exact_size(canvas, Sense::click_and_drag());
        ui.painter()
            .rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
        match (&viewer.picture, picture_size) {
            (_, Some((texture, [w, h]))) => {
                // The texture may be scaled down from the picture: zoom speaks of the picture.
                let picture = Vec2::new(w as f32, h as f32);
                let fit = (rect.width() / picture.x)
                    .min(rect.height() / picture.y)
                    .min(1.0);
                let mut zoom = viewer.zoom.unwrap_or(fit);
                if let Some(pos) = response.hover_pos() {
                    let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
                    // About 1.2× a wheel notch.
                    let factor = pinch * (scroll / 400.0).exp();
                    if (factor - 1.0).abs() > 1e-4 {
                        let new_zoom = (zoom * factor).clamp(fit.min(0.05), 16.0);
                        // Keep the picture's point under the pointer where it is.
                        let from_centre = pos - rect.center() - viewer.offset;
                        viewer.offset += from_centre - from_centre * (new_zoom / zoom);
                        zoom = new_zoom;
                        viewer.zoom = Some(zoom);
                    }
                }
                if response.dragged() {
                    viewer.offset += response.drag_delta();
                    viewer.zoom = Some(zoom);
                }
                if response.double_clicked() {
                    viewer.zoom = None;
                    viewer.offset = Vec2::ZERO;
                    zoom = fit;
                }
                let shown =
                    egui::Rect::from_center_size(rect.center() + viewer.offset, picture * zoom);
                ui.painter().with_clip_rect(rect).image(
                    texture.id(),
                    shown,
                    egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                    Color32::WHITE,
                );
                response.widget_info(|| {
                    let mut info = egui::WidgetInfo::new(egui::accesskit::Role::Image);
                    info.label = Some(format!("Picture {title}"));
                    info
                });
                footer = format!(
                    "{w} × {h} pixels · {:.0} % · wheel or Ctrl+wheel zooms, drag moves, \
                     double-click fits",
                    zoom * ctx.pixels_per_point() * 100.0
                );
            }
            (Shown::Failed(why), None) => {
                ui.painter().text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    why,
                    egui::FontId::proportional(14.0),
                    level_color(Level::Error, ui.visuals().dark_mode),
                );
            }
            _ => {
                ui.painter().text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    "Loading the picture…",
                    egui::FontId::proportional(14.0),
                    ui.visuals().weak_text_color(),
                );
            }
        }
        ui.label(RichText::new(footer).small().weak());
    });
    if close || response.should_close() {
        state.viewer = None;
    }
    true
}
