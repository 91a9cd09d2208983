//! The statement editor: speaker, channel, quote, time sources, what it follows.

use super::*;

/// Who made a statement.
pub(super) fn speaker_ui(form: &mut Form<'_>, ui: &mut Ui, speaker: &mut Speaker, case: &Case) {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Organisation,
        Staff,
        Account,
        Outsider,
        Official,
        Press,
        Other,
    }
    let id = ui.label(RichText::new("Speaker").weak()).id;
    ui.vertical(|ui| {
        let mut kind = match speaker {
            Speaker::Organisation(_) => Kind::Organisation,
            Speaker::Staff(_) => Kind::Staff,
            Speaker::Account(_) => Kind::Account,
            Speaker::Outsider(_) => Kind::Outsider,
            Speaker::Official(_) => Kind::Official,
            Speaker::Press(_) => Kind::Press,
            Speaker::Other(_) => Kind::Other,
        };
        let before = kind;
        let name = |k: Kind| match k {
            Kind::Organisation => "the organisation",
            Kind::Staff => "a staff member",
            Kind::Account => "an account holder",
            Kind::Outsider => "an outside person",
            Kind::Official => "an official",
            Kind::Press => "the press",
            Kind::Other => "someone else",
        };
        egui::ComboBox::from_id_salt(id.with("speaker"))
            .selected_text(name(kind))
            .width(fit(ui, 220.0))
            .show_ui(ui, |ui| {
                for k in [
                    Kind::Organisation,
                    Kind::Staff,
                    Kind::Account,
                    Kind::Outsider,
                    Kind::Official,
                    Kind::Press,
                    Kind::Other,
                ] {
                    ui.selectable_value(&mut kind, k, name(k));
                }
            })
            .response
            .labelled_by(id);
        if kind != before {
            form.changed_discretely = true;
            *speaker = match kind {
                Kind::Organisation => Speaker::Organisation(String::new()),
                Kind::Staff => {
                    Speaker::Staff(case.staff.first().map(|s| s.id.clone()).unwrap_or_default())
                }
                Kind::Account => Speaker::Account(
                    case.accounts
                        .first()
                        .map(|a| a.id.clone())
                        .unwrap_or_default(),
                ),
                Kind::Outsider => Speaker::Outsider(
                    case.outsiders
                        .first()
                        .map(|o| o.id.clone())
                        .unwrap_or_default(),
                ),
                Kind::Official => Speaker::Official(String::new()),
                Kind::Press => Speaker::Press(String::new()),
                Kind::Other => Speaker::Other(String::new()),
            };
        }
        match speaker {
            Speaker::Staff(staff_id) => {
                let mut v = Some(staff_id.0.clone());
                pick_inline(
                    form,
                    ui,
                    id.with("staff"),
                    "Speaking staff member",
                    &mut v,
                    &staff_options(case),
                );
                staff_id.0 = v.unwrap_or_default();
            }
            Speaker::Account(account_id) => {
                let mut v = Some(account_id.0.clone());
                pick_inline(
                    form,
                    ui,
                    id.with("account"),
                    "Speaking account",
                    &mut v,
                    &account_options(case),
                );
                account_id.0 = v.unwrap_or_default();
            }
            Speaker::Outsider(outsider_id) => {
                let mut v = Some(outsider_id.0.clone());
                pick_inline(
                    form,
                    ui,
                    id.with("outsider"),
                    "Speaking outside person",
                    &mut v,
                    &outsider_options(case),
                );
                outsider_id.0 = v.unwrap_or_default();
            }
            Speaker::Organisation(n)
            | Speaker::Official(n)
            | Speaker::Press(n)
            | Speaker::Other(n) => {
                let label = ui.label(RichText::new("Speaker name").small().weak()).id;
                let r = ui
                    .add(
                        egui::TextEdit::singleline(n)
                            .char_limit(crate::model::MAX_TEXT_CHARS)
                            .hint_text("e.g. Twitter, a spokesperson")
                            .desired_width(fit(ui, 320.0)),
                    )
                    .labelled_by(label);
                if r.has_focus() {
                    form.typing = true;
                }
            }
        }
        form.problems_ui(ui, "speaker");
    });
    ui.end_row();
}

pub fn statement_ui(form: &mut Form<'_>, ui: &mut Ui, s: &mut Statement, case: &Case) {
    grid(ui, "statement", |ui| {
        speaker_ui(form, ui, &mut s.speaker, case);
        through_ui(
            form,
            ui,
            "Spoke through",
            "their own account or channel",
            &mut s.through,
            case,
        );
        form.choice(ui, "Channel", "channel", &mut s.channel, Channel::ALL);
        form.multiline(ui, "Quote", "quote", &mut s.quote, 4, "The words as said");
        form.check(
            ui,
            "Verbatim",
            &mut s.verbatim,
            "Exact words (untick for a paraphrase)",
        );
        let mut when = Some(s.when.clone());
        form.when(ui, "When", "when", &mut when, false);
        if let Some(w) = when {
            s.when = w;
        }
        follows_ui(form, ui, s, case);
        let mut about = ids_as_strings(&s.about);
        form.pick_many(
            ui,
            "About actions",
            "about",
            &mut about,
            &action_options(case, ""),
            "No actions yet.",
        );
        s.about = about.into_iter().map(crate::model::ActionId).collect();
    });
    let filled = s.when_source.is_some() || !s.alternatives.is_empty();
    more_ui(
        ui,
        "Time sources",
        "Which source gives the time, and the other times sources give when they disagree.",
        &s.id.0.clone(),
        filled,
        |ui| {
            let sources = source_options(case);
            let mut when_source = s.when_source.as_ref().map(|x| x.0.clone());
            form.pick_one(
                ui,
                "Time source",
                "when_source",
                &mut when_source,
                &sources,
                "not given",
            );
            s.when_source = when_source.map(crate::model::SourceId);
            form.alt_times(
                ui,
                "Other reported times",
                "alternatives",
                &mut s.alternatives,
                &s.when,
                &sources,
            );
        },
    );
    order_section(
        form,
        ui,
        case,
        EventRef::Statement(s.id.clone()),
        &mut s.after,
        &mut s.before,
    );
    meta_ui(form, ui, "statement", &mut s.meta, case);
}

/// The earlier statement this one follows up, and how: it updates, corrects or retracts it
/// (a further update unless said otherwise).
pub(super) fn follows_ui(form: &mut Form<'_>, ui: &mut Ui, s: &mut Statement, case: &Case) {
    let tz = case.tz();
    let limit = s.when.order_key(tz);
    let current = s.follows.as_ref().map(|l| l.statement.0.clone());
    // Earlier statements, oldest first (and the one followed now, wherever it is).
    let mut earlier: Vec<_> = case
        .statements
        .iter()
        .filter(|o| o.id != s.id)
        .filter(|o| o.when.order_key(tz) <= limit || current.as_deref() == Some(o.id.as_str()))
        .collect();
    earlier.sort_by_key(|o| o.when.order_key(tz));
    let options: Vec<(String, String)> = earlier
        .into_iter()
        .map(|o| {
            (
                o.id.0.clone(),
                format!(
                    "{}: “{}”",
                    case.speaker_name(&o.speaker),
                    crate::model::excerpt(&o.quote, 40)
                ),
            )
        })
        .collect();
    let mut follows = current;
    form.pick_one(
        ui,
        "Follows",
        "follows",
        &mut follows,
        &options,
        "no earlier statement",
    );
    let mut kind = s
        .follows
        .as_ref()
        .map_or(StatementLinkKind::Updates, |l| l.kind);
    if follows.is_some() {
        // (Problems about the link show once, under Follows.)
        form.choice(ui, "Link", "", &mut kind, StatementLinkKind::ALL);
        ui.label("");
        ui.label(
            RichText::new(match kind {
                StatementLinkKind::Updates => {
                    "A further update on the earlier statement: nothing in it was wrong."
                }
                StatementLinkKind::Corrects => {
                    "Says the earlier statement was wrong and gives the right account."
                }
                StatementLinkKind::Retracts => "Withdraws the earlier statement.",
            })
            .weak()
            .small(),
        );
        ui.end_row();
    }
    s.follows = follows.map(|id| StatementLink {
        kind,
        statement: crate::model::StatementId(id),
    });
}
