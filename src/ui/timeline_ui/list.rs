//! The timeline as a list: every item in time order, dates full size.

use super::*;

impl TimelinePanel {
    pub(super) fn list_ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        selected: Option<&RecordRef>,
    ) -> Option<RecordRef> {
        let tz = self.tz(case);
        let zones = Zones {
            case: case.tz(),
            view: tz,
        };
        let case_zone_suffix = format!(" ({})", zones.case.name());
        let cache = self.cache.as_ref()?;
        let rows: Vec<usize> = cache
            .by_time
            .iter()
            .copied()
            .filter(|&i| self.passes(&cache.items[i]))
            .collect();
        let mut picked = None;
        ui.horizontal(|ui| {
            // On another zone's axis, dates and parts of day stay the case's: say so once here
            // rather than "(America/New_York)" on every row.
            let header = if zones.case == tz {
                format!("{} items, times in {}", rows.len(), tz.name())
            } else {
                format!(
                    "{} items, times in {}; dates and parts of day in {} unless marked",
                    rows.len(),
                    tz.name(),
                    zones.case.name()
                )
            };
            ui.label(RichText::new(header).weak());
            if ui
                .button("Copy as text")
                .on_hover_text(
                    "Copy these rows (tab-separated) to paste into a document or spreadsheet",
                )
                .clicked()
            {
                let mut text = String::from("when\tkind\tdescription\n");
                for &i in &rows {
                    let it = &cache.items[i];
                    let kind = match it.kind {
                        ItemKind::Action(k) => k.label(),
                        ItemKind::Statement => "statement",
                        ItemKind::SourcePublished => "source",
                        ItemKind::FollowUpDue => "follow-up due",
                        ItemKind::State(s) => s.label(),
                    };
                    let mut line = it.label.clone();
                    if let Some(d) = it.duration_label() {
                        line.push_str(&format!(" ({d})"));
                    }
                    text.push_str(&format!(
                        "{}\t{kind}\t{}\n",
                        when_text(case, &it.record, zones),
                        line.replace(['\t', '\n'], " ")
                    ));
                }
                ui.ctx().copy_text(text);
            }
        });
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        egui::ScrollArea::vertical()
            .id_salt("timeline-list")
            .auto_shrink(false)
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                for &i in &rows[range] {
                    let it = &cache.items[i];
                    ui.horizontal(|ui| {
                        // Full-size and left-aligned, so dates read on a projector and line
                        // up; a long one is cut, whole on hover. The case zone is named in
                        // the header, so only another zone is named here ("(Europe/London)");
                        // copied rows keep it, as they leave the app.
                        let mut when = when_text(case, &it.record, zones);
                        if let Some(short) = when.strip_suffix(&case_zone_suffix) {
                            when.truncate(short.len());
                        }
                        ui.allocate_ui_with_layout(
                            egui::vec2(250.0, row_height),
                            egui::Layout::left_to_right(egui::Align::Center),
                            |ui| {
                                ui.set_min_width(250.0);
                                ui.add(egui::Label::new(RichText::new(when).weak()).truncate());
                            },
                        );
                        let kind = it.kind.record_kind();
                        ui.label(RichText::new(kind.glyph()).color(kind_color(kind)));
                        let mut text = it.label.clone();
                        if let Some(d) = it.duration_label() {
                            text.push_str(&format!(" ({d})"));
                        }
                        if it.key_event {
                            text = format!("★ {text}");
                        }
                        if ui
                            .add(
                                egui::Button::selectable(selected == Some(&it.record), text)
                                    .truncate(),
                            )
                            .clicked()
                        {
                            picked = Some(it.record.clone());
                        }
                    });
                }
            });
        picked
    }
}
