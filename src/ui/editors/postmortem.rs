//! The postmortem editor: prose, the impact figures and the response's milestones.

use super::*;

/// The postmortem's prose: impact, root cause, contributing factors (one per line).
pub fn postmortem_prose_ui(
    form: &mut Form<'_>,
    ui: &mut Ui,
    impact: &mut String,
    root_cause: &mut String,
    factors: &mut String,
) {
    grid(ui, "postmortem", |ui| {
        form.multiline(
            ui,
            "Impact",
            "impact",
            impact,
            3,
            "Who and what was affected, how badly, for how long",
        );
        form.multiline(
            ui,
            "Root cause",
            "root_cause",
            root_cause,
            3,
            "Why it could happen",
        );
        form.multiline(
            ui,
            "Contributing factors",
            "contributing_factors",
            factors,
            3,
            "One per line",
        );
    });
}

/// The postmortem's counted impact: a card per figure (what was counted, the count, its unit,
/// when it was true, which source gives it) and "Add figure". Figures counting the same thing
/// are sources that disagree, and are said to be.
pub fn figures_ui(form: &mut Form<'_>, ui: &mut Ui, figures: &mut Vec<Figure>, case: &Case) {
    let sources = source_options(case);
    let tz = form.tz;
    let whats: Vec<String> = figures
        .iter()
        .map(|f| f.what.trim().to_lowercase())
        .collect();
    let mut remove = None;
    for (i, figure) in figures.iter_mut().enumerate() {
        let n = i + 1;
        let title = format!("Figure {n}");
        ui.push_id(("figure", i), |ui| {
            let frame = egui::Frame::group(ui.style());
            // The card fills the width, its margin and border included (never wider).
            let inner =
                ui.available_width() - frame.inner_margin.sum().x - 2.0 * frame.stroke.width;
            frame.show(ui, |ui| {
                ui.set_width(inner);
                // Remove at the right; what was counted takes the rest of the line.
                let line = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
                ui.allocate_ui_with_layout(
                    line,
                    egui::Layout::right_to_left(egui::Align::Center),
                    |ui| {
                        if remove_button(ui, &format!("Remove figure {n}")) {
                            remove = Some(i);
                        }
                        form.named_input(
                            ui,
                            &mut figure.what,
                            "what was counted, e.g. accounts targeted",
                            f32::INFINITY,
                            &format!("{title} what"),
                        );
                    },
                );
                let count_note = ui
                    .horizontal_wrapped(|ui| {
                        ui.label(RichText::new("count").weak());
                        let mut count = Some(figure.count);
                        let note = form.count_input(
                            ui,
                            Name::Own(&format!("{title} count")),
                            &title,
                            &mut count,
                            false,
                        );
                        if let Some(c) = count {
                            figure.count = c;
                        }
                        ui.label(RichText::new("unit").weak());
                        form.named_input(
                            ui,
                            &mut figure.unit,
                            "e.g. accounts",
                            110.0,
                            &format!("{title} unit"),
                        );
                        note
                    })
                    .inner;
                let as_of_note = ui
                    .horizontal_wrapped(|ui| {
                        ui.label(RichText::new("as of").weak());
                        let note = form.when_input(
                            ui,
                            Name::Own(&format!("{title} as of")),
                            &mut figure.as_of,
                            true,
                            false,
                            150.0,
                        );
                        ui.label(RichText::new("source").weak());
                        let mut source = figure.source.as_ref().map(|s| s.0.clone());
                        // What is left of the line (on a line of its own when that is little).
                        let width = (ui.available_size_before_wrap().x - 8.0).clamp(160.0, 360.0);
                        form.pick_input(
                            ui,
                            Name::Own(&format!("{title} source")),
                            &mut source,
                            &sources,
                            "source not given",
                            width,
                        );
                        figure.source = source.map(crate::model::SourceId);
                        note
                    })
                    .inner;
                // What the figure reads as (or why a field cannot be read).
                let note = match (count_note, as_of_note) {
                    (error @ FieldNote::Error(_), _) | (_, error @ FieldNote::Error(_)) => error,
                    _ => FieldNote::Read(match &figure.as_of {
                        Some(w) => {
                            format!("Reads: {} as of {}", figure.value_text(), w.display(tz))
                        }
                        None => format!("Reads: {}", figure.value_text()),
                    }),
                };
                note_ui(ui, &note);
                if !whats[i].is_empty() && whats[..i].contains(&whats[i]) {
                    ui.label(
                        RichText::new(format!(
                            "Another source's count of “{}”: shown side by side.",
                            figure.what.trim()
                        ))
                        .weak()
                        .small()
                        .italics(),
                    );
                }
            });
        });
    }
    if let Some(i) = remove {
        figures.remove(i);
        form.changed_discretely = true;
    }
    if ui
        .button("Add figure")
        .on_hover_text(
            "A counted measure of the impact: 130 accounts targeted, USD 118,000 received. \
             Add one per source when sources disagree.",
        )
        .clicked()
    {
        figures.push(Figure {
            what: String::new(),
            count: crate::model::Count::default(),
            unit: String::new(),
            as_of: None,
            source: None,
        });
        form.changed_discretely = true;
    }
    form.problems_ui(ui, "figures");
}

/// A dated record as a picker value ("a:act-report", "s:stmt-x") and back.
fn event_key(e: &EventRef) -> String {
    match e {
        EventRef::Action(id) => format!("a:{}", id.0),
        EventRef::Statement(id) => format!("s:{}", id.0),
    }
}

fn event_from_key(key: &str) -> Option<EventRef> {
    match key.split_once(':')? {
        ("a", id) => Some(EventRef::Action(crate::model::ActionId(id.to_owned()))),
        ("s", id) => Some(EventRef::Statement(crate::model::StatementId(
            id.to_owned(),
        ))),
        _ => None,
    }
}

/// Every action and statement in the one time order, as "2017-11-02 ~evening · deactivation:
/// Contractor set…".
fn event_options(case: &Case) -> Vec<(String, String)> {
    let tz = case.tz();
    crate::model::chronology::chronology(case, tz)
        .iter()
        .map(|d| {
            let e = d.event();
            let what = match d {
                crate::model::chronology::Dated::Action(a) => {
                    format!("{}: {}", a.kind, crate::model::excerpt(&a.summary, 50))
                }
                crate::model::chronology::Dated::Statement(s) => format!(
                    "{}: “{}”",
                    case.speaker_name(&s.speaker),
                    crate::model::excerpt(&s.quote, 40)
                ),
            };
            (event_key(&e), format!("{} · {what}", d.when().display(tz)))
        })
        .collect()
}

/// The response's milestones: a record picked for each, "Suggest" filling the empty ones from
/// the records, and below them the response times they give, read-only, with their bounds.
pub fn milestones_ui(form: &mut Form<'_>, ui: &mut Ui, case: &Case, milestones: &mut Milestones) {
    use crate::model::response;
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Suggest")
            .on_hover_text(
                "Fill the milestones left empty from the records: the first harmful action, \
                 the first report after it, the first response, the reinstatement, the \
                 organisation's first statement and a correcting one. Milestones already \
                 picked are kept.",
            )
            .clicked()
        {
            *milestones = milestones.filled_from(&response::suggest(case, case.tz()));
            form.changed_discretely = true;
        }
        ui.label(
            RichText::new("Fills the empty ones from the records; picked ones are kept.")
                .weak()
                .small(),
        );
    });
    let options = event_options(case);
    grid(ui, "milestones", |ui| {
        for m in Milestone::ALL {
            let mut value = milestones.get(m).map(event_key);
            form.pick_one(ui, m.label(), m.key(), &mut value, &options, "not set");
            *milestones.slot(m) = value.as_deref().and_then(event_from_key);
        }
    });
    form.problems_ui(ui, "milestones");
    ui.add_space(6.0);
    grid(ui, "response-times", |ui| {
        for t in response::response_times_of(case, milestones) {
            let (from, to) = t.interval.ends();
            ui.label(RichText::new(t.interval.label()).strong());
            let text = match &t.span {
                Some(_) => RichText::new(t.text()).strong(),
                None => RichText::new(format!(
                    "needs {} and {}",
                    from.label().to_lowercase(),
                    to.label().to_lowercase()
                ))
                .weak()
                .italics(),
            };
            let spoken = format!("{}: {}", t.interval.label(), text.text());
            let r = ui.label(text);
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &spoken));
            r.on_hover_text(format!(
                "From {} to {}; bounds from how precisely their times are known",
                from.label().to_lowercase(),
                to.label().to_lowercase()
            ));
            ui.end_row();
        }
    });
}

/// What the review parts of the postmortem hold while they are edited: lists as text, one
/// point a line, and the reviewers as a comma-separated line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewDraft {
    pub detection: Option<crate::model::DetectionMethod>,
    pub detection_detail: String,
    /// What went well, what went wrong, where we got lucky, open questions.
    pub lists: [String; 4],
    pub reviewers: String,
    pub review_date: Option<When>,
    pub decision: Option<crate::model::ReviewDecision>,
}

impl ReviewDraft {
    /// The draft of `pm` as it is.
    pub fn of(pm: &crate::model::Postmortem) -> Self {
        let review = pm.review.clone().unwrap_or_default();
        Self {
            detection: pm.detection.as_ref().map(|d| d.method),
            detection_detail: pm
                .detection
                .as_ref()
                .map_or_else(String::new, |d| d.detail.clone()),
            lists: [&pm.went_well, &pm.went_wrong, &pm.lucky, &pm.open_questions]
                .map(|l| l.join("\n")),
            reviewers: review.reviewers.join(", "),
            review_date: review.date,
            decision: review.decision,
        }
    }

    /// Writes the draft into `pm` (blank lines and names dropped, an empty review left out).
    pub fn apply_to(&self, pm: &mut crate::model::Postmortem) {
        let lines = |text: &str| -> Vec<String> {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        pm.detection = self.detection.map(|method| crate::model::Detection {
            method,
            detail: self.detection_detail.trim().to_owned(),
        });
        let [well, wrong, lucky, open] = &self.lists;
        pm.went_well = lines(well);
        pm.went_wrong = lines(wrong);
        pm.lucky = lines(lucky);
        pm.open_questions = lines(open);
        let review = crate::model::Review {
            reviewers: self
                .reviewers
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            date: self.review_date.clone(),
            decision: self.decision,
        };
        pm.review = (!review.is_empty()).then_some(review);
    }
}

/// How it was detected, what went well and wrong, where we got lucky, open questions.
pub fn lessons_ui(form: &mut Form<'_>, ui: &mut Ui, draft: &mut ReviewDraft) {
    grid(ui, "lessons", |ui| {
        form.optional_choice(
            ui,
            "Detected by",
            "detection",
            &mut draft.detection,
            crate::model::DetectionMethod::ALL,
            "not said",
        );
        if draft.detection.is_some() {
            form.text(
                ui,
                "How, in words",
                "detection",
                &mut draft.detection_detail,
                "e.g. a journalist asked for comment",
            );
        }
        let [well, wrong, lucky, open] = &mut draft.lists;
        for (label, field, value, hint) in [
            ("What went well", "went_well", well, "One per line"),
            ("What went wrong", "went_wrong", wrong, "One per line"),
            (
                "Where we got lucky",
                "lucky",
                lucky,
                "What limited the harm without anyone planning it; one per line",
            ),
            ("Open questions", "open_questions", open, "One per line"),
        ] {
            form.multiline(ui, label, field, value, 2, hint);
        }
    });
}

/// The review's sign-off: who, when, what they decided.
pub fn review_ui(form: &mut Form<'_>, ui: &mut Ui, draft: &mut ReviewDraft) {
    grid(ui, "review", |ui| {
        form.text(
            ui,
            "Reviewers",
            "review",
            &mut draft.reviewers,
            "Names or roles, separated by commas",
        );
        form.when(ui, "Review date", "review", &mut draft.review_date, true);
        form.optional_choice(
            ui,
            "Decision",
            "review",
            &mut draft.decision,
            crate::model::ReviewDecision::ALL,
            "not decided",
        );
    });
}
