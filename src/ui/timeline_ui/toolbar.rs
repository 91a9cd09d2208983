//! The timeline's toolbar: fit, lanes or list, grouping, zone, filters.

use super::*;

impl TimelinePanel {
    pub(super) fn toolbar_ui(&mut self, ui: &mut Ui, case: &Case) {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Timeline").strong());
            if ui
                .button("Fit")
                .on_hover_text("Show everything (Home, or double-click the timeline)")
                .clicked()
            {
                self.fit_requested = true;
            }
            ui.selectable_value(&mut self.list_mode, false, "Lanes");
            ui.selectable_value(&mut self.list_mode, true, "List")
                .on_hover_text("The same items as a chronological table");
            ui.separator();
            egui::ComboBox::from_id_salt("timeline-grouping")
                .selected_text(match self.grouping {
                    Grouping::AccountsAndStaff => "Lanes: accounts & people",
                    Grouping::ByAccount => "Lanes: by account",
                    Grouping::ByStaff => "Lanes: by person",
                    Grouping::ByKind => "Lanes: by kind",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.grouping,
                        Grouping::AccountsAndStaff,
                        "Accounts & people",
                    );
                    ui.selectable_value(&mut self.grouping, Grouping::ByAccount, "By account");
                    ui.selectable_value(
                        &mut self.grouping,
                        Grouping::ByStaff,
                        "By person (staff, outsiders)",
                    );
                    ui.selectable_value(&mut self.grouping, Grouping::ByKind, "By record kind");
                })
                .response
                .on_hover_text("Timeline lanes");
            egui::ComboBox::from_id_salt("timeline-zone")
                .selected_text(match self.zone {
                    ZoneMode::Case => "Case zone",
                    ZoneMode::Utc => "UTC",
                    ZoneMode::Local => "Local",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.zone, ZoneMode::Case, "Case zone");
                    ui.selectable_value(&mut self.zone, ZoneMode::Utc, "UTC");
                    ui.selectable_value(&mut self.zone, ZoneMode::Local, "Local");
                })
                .response
                .on_hover_text("Timeline time zone");
            if ui
                .checkbox(&mut self.compress, "Compress gaps")
                .on_hover_text("Squeeze long empty stretches")
                .changed()
            {
                self.fit_requested = true;
            }
            ui.checkbox(&mut self.key_events_only, "★ Key events only");
            ui.separator();
            for kind in [
                RecordKind::Action,
                RecordKind::Statement,
                RecordKind::Source,
                RecordKind::FollowUp,
            ] {
                let mut shown = !self.hidden.contains(&kind);
                if ui
                    .checkbox(
                        &mut shown,
                        RichText::new(format!("{} {}", kind.glyph(), kind.plural()))
                            .color(kind_color(kind)),
                    )
                    .changed()
                {
                    if shown {
                        self.hidden.remove(&kind);
                    } else {
                        self.hidden.insert(kind);
                    }
                }
            }
            let label = ui.label("Filter").id;
            ui.add(
                egui::TextEdit::singleline(&mut self.tag_filter)
                    .hint_text("tag or text")
                    .desired_width(110.0),
            )
            .labelled_by(label);
            let only_text = match &self.only {
                None => "Everyone".to_owned(),
                Some(Only::Account(id)) => case
                    .accounts
                    .iter()
                    .find(|a| &a.id.0 == id)
                    .map_or_else(|| id.clone(), |a| a.name()),
                Some(Only::Staff(id)) => case
                    .staff
                    .iter()
                    .find(|s| &s.id.0 == id)
                    .map_or_else(|| id.clone(), |s| s.name.clone()),
                Some(Only::Outsider(id)) => case
                    .outsiders
                    .iter()
                    .find(|o| &o.id.0 == id)
                    .map_or_else(|| id.clone(), |o| o.name.clone()),
            };
            egui::ComboBox::from_id_salt("timeline-only")
                .selected_text(only_text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.only, None, "Everyone");
                    for a in &case.accounts {
                        ui.selectable_value(
                            &mut self.only,
                            Some(Only::Account(a.id.0.clone())),
                            format!("@ {}", crate::timeline::account_lane_label(a)),
                        );
                    }
                    for s in &case.staff {
                        ui.selectable_value(
                            &mut self.only,
                            Some(Only::Staff(s.id.0.clone())),
                            format!("☺ {}", s.name),
                        );
                    }
                    for o in &case.outsiders {
                        ui.selectable_value(
                            &mut self.only,
                            Some(Only::Outsider(o.id.0.clone())),
                            format!("{} {}", RecordKind::Outsider.glyph(), o.name),
                        );
                    }
                })
                .response
                .on_hover_text("Timeline: one account, staff member or outside person");
            if let Some(cache) = &self.cache {
                let current = self
                    .only_lane
                    .as_ref()
                    .and_then(|k| cache.lanes.lanes.iter().find(|l| &l.key == k))
                    .map_or_else(
                        || "All lanes".to_owned(),
                        |l| crate::model::excerpt(&l.label, 24),
                    );
                egui::ComboBox::from_id_salt("timeline-lane")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.only_lane, None, "All lanes");
                        for lane in &cache.lanes.lanes {
                            ui.selectable_value(
                                &mut self.only_lane,
                                Some(lane.key.clone()),
                                &lane.label,
                            );
                        }
                    })
                    .response
                    .on_hover_text("Timeline: show one lane");
            }
            // Date range: anything When::parse reads ("2017-11", "2017-11-02 18:00"), in the axis zone.
            let tz = self.tz(case);
            let from_label = ui.label("From").id;
            let from = ui
                .add(
                    egui::TextEdit::singleline(&mut self.range_text.0)
                        .hint_text("any")
                        .desired_width(80.0),
                )
                .labelled_by(from_label);
            let to_label = ui.label("to").id;
            let to = ui
                .add(
                    egui::TextEdit::singleline(&mut self.range_text.1)
                        .hint_text("any")
                        .desired_width(80.0),
                )
                .labelled_by(to_label);
            if from.changed() || to.changed() {
                let start = crate::model::When::parse(&self.range_text.0, tz)
                    .ok()
                    .map(|w| w.at.timestamp() as f64);
                let end = crate::model::When::parse(&self.range_text.1, tz)
                    .ok()
                    .map(|w| w.latest(tz).timestamp() as f64);
                self.range = match (start, end) {
                    (None, None) => None,
                    (s, e) => Some((s.unwrap_or(f64::MIN), e.unwrap_or(f64::MAX))),
                };
            }
        });
    }
}
