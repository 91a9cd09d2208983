//! Form inputs for times, durations and counts: what a source says, read as it says it
//! ("about 11 minutes", "by 7 p.m.", "at least 1,100").

use super::*;

/// How the time inputs read what is typed (their tooltip), in a case whose zone is `tz`.
pub(super) fn when_help(tz: Tz) -> String {
    format!(
        "Read in the case's zone ({}). For another zone, add it at the end: 2017-11-02 18:45 \
         UTC, … Europe/Berlin, … -05:00, … ET. A date, part of day or hour given that way stays \
         that zone's.\n\
         Precision follows what you type: 2017, 2017-11, week of 2017-10-30 (or 2017-W44), \
         2017-11-02, 2017-11-02 evening, 2017-11-02 18, 2017-11-02 18:45. Dates as sources \
         print them work too: Nov 2, 2017 6:45 pm.\n\
         Start with ~ or \"about\" when the source is vague, with \"by\" or \"after\" when it \
         gives only a limit: by 2017-11-02 19:00, after 2017-11-02 15:00.",
        tz.name()
    )
}

/// Reads a number as a source gives it: "130", "about 130", "at least 1,100", "~41.9M". Returns
/// the number, whether it is approximate and its limit.
pub(super) fn read_count(text: &str) -> Option<(u64, bool, Option<Limit>)> {
    const WORDS: [(&str, Option<Limit>); 12] = [
        ("at least", Some(Limit::AtLeast)),
        ("no fewer than", Some(Limit::AtLeast)),
        ("no less than", Some(Limit::AtLeast)),
        ("at most", Some(Limit::AtMost)),
        ("up to", Some(Limit::AtMost)),
        ("no more than", Some(Limit::AtMost)),
        ("about", None),
        ("around", None),
        ("approximately", None),
        ("roughly", None),
        ("~", None),
        ("c.", None),
    ];
    let mut rest = text.trim();
    let (mut about, mut limit) = (false, None);
    // Each word found is cut off the front, so this ends.
    while let Some((word, l)) = WORDS
        .iter()
        .find(|(w, _)| rest.to_ascii_lowercase().starts_with(w))
    {
        match l {
            Some(l) => limit = Some(*l),
            None => about = true,
        }
        // (ASCII lower-casing keeps byte offsets.)
        rest = rest[word.len()..].trim_start();
    }
    crate::model::parse_count(rest).map(|n| (n, about, limit))
}

impl Form<'_> {
    /// A date-time row: text read in the form's zone (or a zone typed at the end), precision
    /// and approximate flag. With `optional`, clearing the text clears the time.
    pub fn when(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        value: &mut Option<When>,
        optional: bool,
    ) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            // Precision and approx. wrap under the text in a narrow editor.
            let note = ui
                .horizontal_wrapped(|ui| {
                    let width = fit(ui, 240.0);
                    self.when_input(ui, Name::Titled(id, label), value, optional, true, width)
                })
                .inner;
            note_ui(ui, &note);
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// The text input of a time, named by `name` (its typing kept under that); with `controls`
    /// the precision drop-down and the approximate checkbox follow it (without, the text says
    /// both: "2017-11", "~2017-11-02 evening"). Returns what to say under it: the time as read,
    /// or why the text cannot be read (the last good time stays).
    pub fn when_input(
        &mut self,
        ui: &mut Ui,
        name: Name<'_>,
        value: &mut Option<When>,
        optional: bool,
        controls: bool,
        width: f32,
    ) -> FieldNote {
        let tz = self.tz;
        let id = name.id(ui);
        let title = name.title();
        let buffer_id = id.with("when-buffer");
        let shown = value
            .as_ref()
            .map_or_else(String::new, |w| w.input_text(tz));
        let mut text: String = ui
            .data(|d| d.get_temp::<String>(buffer_id))
            .unwrap_or_else(|| shown.clone());
        let r = name
            .apply(
                ui.add(
                    egui::TextEdit::singleline(&mut text)
                        .char_limit(crate::model::MAX_TEXT_CHARS)
                        .hint_text("e.g. 2017-11-02 18:45")
                        .desired_width(width),
                ),
            )
            .on_hover_text(when_help(tz));
        self.track(&r);
        let mut parse_error = None;
        if r.has_focus() {
            if text.trim().is_empty() {
                if optional {
                    *value = None;
                }
            } else {
                match When::parse(&text, tz) {
                    // "~" or "about" in the text marks it approximate, as the checkbox does;
                    // "by" or "after" makes it a bound.
                    Ok(parsed) => *value = Some(parsed),
                    Err(e) => parse_error = Some(e.to_string()),
                }
            }
            ui.data_mut(|d| d.insert_temp(buffer_id, text.clone()));
        } else {
            ui.data_mut(|d| d.remove::<String>(buffer_id));
        }
        if controls && let Some(w) = value.as_mut() {
            let before = w.precision;
            let precision = egui::ComboBox::from_id_salt(id.with("precision"))
                .selected_text(w.precision.label())
                .width(110.0)
                .show_ui(ui, |ui| {
                    for p in Precision::ALL {
                        ui.selectable_value(&mut w.precision, p, p.label());
                    }
                })
                .response
                .on_hover_text("How precisely the time is known");
            if let Some(title) = title {
                precision.accessible_name(format!("{title} precision"));
            }
            if w.precision != before {
                *w = w.truncated(tz);
                self.changed_discretely = true;
            }
            let approx = ui
                .checkbox(&mut w.approximate, "approx.")
                .on_hover_text("The source only says about / around");
            let approx = match title {
                Some(title) => approx.accessible_name(format!("{title}: approx.")),
                None => approx,
            };
            if approx.changed() {
                self.changed_discretely = true;
            }
        }
        match (parse_error, value.as_ref()) {
            (Some(e), _) => FieldNote::Error(e),
            // The time as read, and in UTC unless it already says UTC.
            (None, Some(w)) => {
                let shown = w.display(tz);
                FieldNote::Read(if shown.ends_with(" UTC") || shown.ends_with("(UTC)") {
                    shown
                } else {
                    format!("{shown} · {} UTC", w.at.format("%Y-%m-%d %H:%M"))
                })
            }
            (None, None) => FieldNote::Quiet,
        }
    }

    /// A count row ("Group size", "Estimated accounts"): a number, empty when not known, and
    /// once there is one whether the source says "about" it and whether it is only a lower or
    /// upper limit.
    pub fn count(&mut self, ui: &mut Ui, label: &str, field: &str, value: &mut Option<Count>) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            let note = ui
                .horizontal_wrapped(|ui| self.count_input(ui, Name::By(id), label, value, true))
                .inner;
            note_ui(ui, &note);
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// The number input of a count with its "about" checkbox and limit drop-down (named after
    /// `title`). Typed qualifiers tick them too ("about 130", "at least 1,100"). Empty clears an
    /// `optional` count; a required one keeps its last number.
    pub fn count_input(
        &mut self,
        ui: &mut Ui,
        name: Name<'_>,
        title: &str,
        value: &mut Option<Count>,
        optional: bool,
    ) -> FieldNote {
        let id = name.id(ui);
        let buffer_id = id.with("count-buffer");
        let shown = value.map_or_else(String::new, |c| crate::model::grouped(c.value));
        let mut text: String = ui
            .data(|d| d.get_temp::<String>(buffer_id))
            .unwrap_or_else(|| shown.clone());
        let r = name
            .apply(
                ui.add(
                    egui::TextEdit::singleline(&mut text)
                        .char_limit(64)
                        .hint_text(if optional { "not known" } else { "number" })
                        .desired_width(90.0),
                ),
            )
            .on_hover_text(
                "The number as the source gives it: 130, 1,100, 41.9M. Typing \"about 130\" or \
                 \"at least 1,100\" sets the choices beside it too.",
            );
        self.track(&r);
        let mut note = FieldNote::Quiet;
        if r.has_focus() {
            if text.trim().is_empty() {
                if optional {
                    *value = None;
                }
            } else {
                match read_count(&text) {
                    Some((number, about, limit)) => {
                        let before = value.unwrap_or_default();
                        *value = Some(Count {
                            value: number,
                            approximate: before.approximate || about,
                            limit: limit.or(before.limit),
                        });
                    }
                    None => {
                        note = FieldNote::Error(format!(
                            "cannot read {:?} as a number; e.g. 130, 1,100, 41.9M",
                            text.trim()
                        ));
                    }
                }
            }
            ui.data_mut(|d| d.insert_temp(buffer_id, text));
        } else {
            ui.data_mut(|d| d.remove::<String>(buffer_id));
        }
        if let Some(count) = value.as_mut() {
            if ui
                .checkbox(&mut count.approximate, "about")
                .on_hover_text("The source only says about / roughly / some")
                .accessible_name(format!("{title}: about"))
                .changed()
            {
                self.changed_discretely = true;
            }
            let before = count.limit;
            let limit_text = |l: Option<Limit>| l.map_or("exact", Limit::label);
            egui::ComboBox::from_id_salt(id.with("limit"))
                .selected_text(limit_text(count.limit))
                .width(80.0)
                .show_ui(ui, |ui| {
                    for l in [None, Some(Limit::AtLeast), Some(Limit::AtMost)] {
                        ui.selectable_value(&mut count.limit, l, limit_text(l));
                    }
                })
                .response
                .on_hover_text(
                    "Exact: the source gives the number itself (perhaps only about it). At \
                     least / at most: it gives only a lower or upper limit.",
                )
                .accessible_name(format!("{title}: limit"));
            if count.limit != before {
                self.changed_discretely = true;
            }
        }
        note
    }

    /// Other times sources give for the same event: a row each (the time, which source gives
    /// it, remove) and "Add reported time", which starts from `start`.
    pub fn alt_times(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        alts: &mut Vec<AltTime>,
        start: &When,
        sources: &[(String, String)],
    ) {
        Self::label(ui, label);
        ui.vertical(|ui| {
            let mut remove = None;
            for (i, alt) in alts.iter_mut().enumerate() {
                let n = i + 1;
                let time_name = format!("Reported time {n}");
                let source_name = format!("Reported time {n} source");
                let mut when = Some(alt.when.clone());
                let mut source = alt.source.as_ref().map(|s| s.0.clone());
                if i > 0 {
                    ui.add_space(4.0);
                }
                let note = ui
                    .horizontal(|ui| {
                        let width = fit(ui, 240.0).min(ui.available_width() - 30.0);
                        let note = self.when_input(
                            ui,
                            Name::Own(&time_name),
                            &mut when,
                            false,
                            false,
                            width,
                        );
                        if remove_button(ui, &format!("Remove reported time {n}")) {
                            remove = Some(i);
                        }
                        note
                    })
                    .inner;
                note_ui(ui, &note);
                ui.horizontal(|ui| {
                    ui.label(RichText::new("from").weak());
                    let width = fit(ui, 280.0);
                    self.pick_input(
                        ui,
                        Name::Own(&source_name),
                        &mut source,
                        sources,
                        "source not given",
                        width,
                    );
                });
                if let Some(w) = when {
                    alt.when = w;
                }
                alt.source = source.map(crate::model::SourceId);
            }
            if let Some(i) = remove {
                alts.remove(i);
                self.changed_discretely = true;
            }
            if ui
                .button("Add reported time")
                .on_hover_text("Another time a source gives for this, when sources disagree")
                .clicked()
            {
                alts.push(AltTime {
                    when: start.clone(),
                    source: None,
                });
                self.changed_discretely = true;
            }
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }

    /// A duration input ("11 min", "about 2 h"); empty clears it.
    pub fn duration(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &str,
        value: &mut Option<ApproxDuration>,
    ) {
        let id = Self::label(ui, label);
        ui.vertical(|ui| {
            let buffer_id = id.with("duration-buffer");
            let shown = value.map_or_else(String::new, |d| d.to_string());
            let mut text: String = ui
                .data(|d| d.get_temp::<String>(buffer_id))
                .unwrap_or_else(|| shown.clone());
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .char_limit(crate::model::MAX_TEXT_CHARS)
                        .hint_text("11 min, about 2 h, 3 days")
                        .desired_width(fit(ui, 240.0)),
                )
                .labelled_by(id)
                .on_hover_text(
                    "How long it lasted: 11 min, 1 h 30 min, 3 days — or as the source puts it: \
                     for about eleven minutes, half an hour. Start with ~ or \"about\" when \
                     the source is vague.",
                );
            self.track(&r);
            if r.has_focus() {
                if text.trim().is_empty() {
                    *value = None;
                } else {
                    match ApproxDuration::parse(&text) {
                        Ok(d) => *value = Some(d),
                        Err(e) => {
                            ui.label(
                                RichText::new(format!("✖ {e}"))
                                    .color(level_color(Level::Error, ui.visuals().dark_mode))
                                    .small(),
                            );
                        }
                    }
                }
                ui.data_mut(|d| d.insert_temp(buffer_id, text));
            } else {
                ui.data_mut(|d| d.remove::<String>(buffer_id));
            }
            self.problems_ui(ui, field);
        });
        ui.end_row();
    }
}
