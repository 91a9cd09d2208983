//! The action editor: kind, performer, acting through, times and their sources, links.

use super::*;

/// Who performed an action: a kind drop-down plus the staff member or a name.
pub(super) fn performer_ui(form: &mut Form<'_>, ui: &mut Ui, performer: &mut Actor, case: &Case) {
    #[derive(Clone, Copy, PartialEq)]
    enum Who {
        Staff,
        Outsider,
        System,
        External,
        Unknown,
    }
    let id = ui.label(RichText::new("Performed by").weak()).id;
    ui.vertical(|ui| {
        let mut who = match performer {
            Actor::Staff(_) => Who::Staff,
            Actor::Outsider(_) => Who::Outsider,
            Actor::System(_) => Who::System,
            Actor::External(_) => Who::External,
            Actor::Unknown => Who::Unknown,
        };
        let before = who;
        let name = |w: Who| match w {
            Who::Staff => "a staff member",
            Who::Outsider => "an outside person",
            Who::System => "an automated system",
            Who::External => "someone external (described)",
            Who::Unknown => "unknown",
        };
        egui::ComboBox::from_id_salt(id.with("who"))
            .selected_text(name(who))
            .width(fit(ui, 220.0))
            .show_ui(ui, |ui| {
                for w in [
                    Who::Staff,
                    Who::Outsider,
                    Who::System,
                    Who::External,
                    Who::Unknown,
                ] {
                    ui.selectable_value(&mut who, w, name(w));
                }
            })
            .response
            .labelled_by(id);
        if who != before {
            form.changed_discretely = true;
            *performer = match who {
                Who::Staff => {
                    Actor::Staff(case.staff.first().map(|s| s.id.clone()).unwrap_or_default())
                }
                Who::Outsider => Actor::Outsider(
                    case.outsiders
                        .first()
                        .map(|o| o.id.clone())
                        .unwrap_or_default(),
                ),
                Who::System => Actor::System(String::new()),
                Who::External => Actor::External(String::new()),
                Who::Unknown => Actor::Unknown,
            };
        }
        match performer {
            Actor::Staff(staff_id) => {
                let options = staff_options(case);
                let current = options
                    .iter()
                    .find(|(o, _)| o == &staff_id.0)
                    .map_or_else(|| "choose…".to_owned(), |(_, t)| t.clone());
                let pick_id = ui.label(RichText::new("Staff member").small().weak()).id;
                egui::ComboBox::from_id_salt(id.with("staff"))
                    .selected_text(current)
                    .width(fit(ui, 320.0))
                    .show_ui(ui, |ui| {
                        for (o, t) in &options {
                            if ui.selectable_label(&staff_id.0 == o, t).clicked() {
                                staff_id.0.clone_from(o);
                                form.changed_discretely = true;
                            }
                        }
                    })
                    .response
                    .labelled_by(pick_id);
                if options.is_empty() {
                    ui.label(
                        RichText::new("No staff yet: add them under Staff.")
                            .weak()
                            .italics(),
                    );
                }
            }
            Actor::Outsider(outsider_id) => {
                let mut v = Some(outsider_id.0.clone());
                pick_inline(
                    form,
                    ui,
                    id.with("outsider"),
                    "Outside person",
                    &mut v,
                    &outsider_options(case),
                );
                outsider_id.0 = v.unwrap_or_default();
            }
            Actor::System(name) | Actor::External(name) => {
                let label = ui
                    .label(RichText::new("Name or description").small().weak())
                    .id;
                let r = ui
                    .add(
                        egui::TextEdit::singleline(name)
                            .char_limit(crate::model::MAX_TEXT_CHARS)
                            .hint_text("e.g. spam classifier, a user report")
                            .desired_width(fit(ui, 320.0)),
                    )
                    .labelled_by(label);
                if r.has_focus() {
                    form.typing = true;
                }
            }
            Actor::Unknown => {}
        }
        let dark = ui.visuals().dark_mode;
        for p in form.problems.iter().filter(|p| p.field == "performer") {
            ui.label(
                RichText::new(format!("✖ {}", p.message))
                    .color(crate::ui::widgets::level_color(p.level, dark))
                    .small(),
            );
        }
    });
    ui.end_row();
}

/// Whose credentials or account someone acted through: no one else's, a staff member's
/// credentials, or an account (a taken-over account).
pub(super) fn through_ui(
    form: &mut Form<'_>,
    ui: &mut Ui,
    label: &str,
    none_text: &str,
    through: &mut Option<Through>,
    case: &Case,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Via {
        Nobody,
        Staff,
        Account,
    }
    let id = ui.label(RichText::new(label).weak()).id;
    ui.vertical(|ui| {
        let mut via = match through {
            None => Via::Nobody,
            Some(Through::Staff(_)) => Via::Staff,
            Some(Through::Account(_)) => Via::Account,
        };
        let before = via;
        let name = |v: Via| match v {
            Via::Nobody => none_text,
            Via::Staff => "a staff member's credentials",
            Via::Account => "an account",
        };
        egui::ComboBox::from_id_salt(id.with("via"))
            .selected_text(name(via))
            .width(fit(ui, 220.0))
            .show_ui(ui, |ui| {
                for v in [Via::Nobody, Via::Staff, Via::Account] {
                    ui.selectable_value(&mut via, v, name(v));
                }
            })
            .response
            .on_hover_text(
                "Someone else's login or account was used: a phished employee's credentials, \
                 a taken-over account",
            )
            .labelled_by(id);
        if via != before {
            form.changed_discretely = true;
            *through = match via {
                Via::Nobody => None,
                Via::Staff => Some(Through::Staff(
                    case.staff.first().map(|s| s.id.clone()).unwrap_or_default(),
                )),
                Via::Account => Some(Through::Account(
                    case.accounts
                        .first()
                        .map(|a| a.id.clone())
                        .unwrap_or_default(),
                )),
            };
        }
        match through {
            Some(Through::Staff(staff_id)) => {
                let mut v = Some(staff_id.0.clone());
                pick_inline(
                    form,
                    ui,
                    id.with("staff"),
                    "Whose credentials",
                    &mut v,
                    &staff_options(case),
                );
                staff_id.0 = v.unwrap_or_default();
            }
            Some(Through::Account(account_id)) => {
                let mut v = Some(account_id.0.clone());
                pick_inline(
                    form,
                    ui,
                    id.with("account"),
                    "Through account",
                    &mut v,
                    &account_options(case),
                );
                account_id.0 = v.unwrap_or_default();
            }
            None => {}
        }
        form.problems_ui(ui, "through");
    });
    ui.end_row();
}

/// A collapsing group of fields seldom filled in, said in a line under its title, open at first
/// when any of them holds something; `key` (the record's id) keeps its open state per record.
pub(super) fn more_ui(
    ui: &mut Ui,
    title: &str,
    what: &str,
    key: &str,
    filled: bool,
    add: impl FnOnce(&mut Ui),
) {
    ui.add_space(4.0);
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt((title, key))
        .default_open(filled)
        // Unindented: its rows line up with the form's above.
        .show_unindented(ui, |ui| {
            ui.label(RichText::new(what).weak().small());
            grid(ui, &format!("{title}-{key}"), add);
        });
}

pub fn action_ui(form: &mut Form<'_>, ui: &mut Ui, a: &mut Action, case: &Case) {
    grid(ui, "action", |ui| {
        form.grouped_choice(ui, "Action kind", "kind", &mut a.kind, &ActionKind::GROUPS);
        form.text(
            ui,
            "Summary",
            "summary",
            &mut a.summary,
            "What happened, in one line",
        );
        let mut targets = ids_as_strings(&a.targets);
        form.pick_many(
            ui,
            "Target accounts",
            "targets",
            &mut targets,
            &account_options(case),
            "No accounts yet: add them under Accounts.",
        );
        a.targets = targets.into_iter().map(crate::model::AccountId).collect();
        performer_ui(form, ui, &mut a.performer, case);
        through_ui(
            form,
            ui,
            "Acting through",
            "their own access",
            &mut a.through,
            case,
        );
        let mut start = Some(a.start.clone());
        form.when(ui, "Start", "start", &mut start, false);
        if let Some(s) = start {
            a.start = s;
        }
        form.when(ui, "End", "end", &mut a.end, true);
        form.duration(ui, "Duration", "duration", &mut a.duration);
        form.text(ui, "Policy / reason", "policy", &mut a.policy, "");
        form.choice(
            ui,
            "Authorization",
            "authorization",
            &mut a.authorization,
            Authorization::ALL,
        );
        form.optional_choice(
            ui,
            "Assessment",
            "assessment",
            &mut a.assessment,
            Assessment::ALL,
            "not assessed",
        );
        let mut reverses = a.reverses.as_ref().map(|r| r.0.clone());
        form.pick_one(
            ui,
            "Reverses",
            "reverses",
            &mut reverses,
            &action_options(case, &a.id.0),
            "nothing",
        );
        a.reverses = reverses.map(crate::model::ActionId);
        // Only a lasting action (a lock, a suspension) can be extended or replaced.
        if a.kind.is_lasting() || a.amends.is_some() {
            let mut amends = a.amends.as_ref().map(|l| l.action.0.clone());
            let options = earlier_action_options(case, &a.id.0, &a.start, amends.as_deref());
            form.pick_one(
                ui,
                "Amends",
                "amends",
                &mut amends,
                &options,
                "nothing (a measure of its own)",
            );
            let mut kind = a
                .amends
                .as_ref()
                .map_or(ActionLinkKind::Extends, |l| l.kind);
            if amends.is_some() {
                // (Problems about the link show once, under Amends.)
                form.choice(ui, "Amend kind", "", &mut kind, ActionLinkKind::ALL);
            }
            a.amends = amends.map(|id| ActionLink {
                kind,
                action: crate::model::ActionId(id),
            });
        }
    });
    let key = a.id.0.clone();
    let filled = a.decided.is_some()
        || a.planned_end.is_some()
        || a.discovered.is_some()
        || a.disclosed.is_some();
    more_ui(
        ui,
        "More times",
        "When it was decided (if before it took effect), when it was set to end, when the \
         organisation found out, and when it was made public.",
        &key,
        filled,
        |ui| {
            form.when(ui, "Decided", "decided", &mut a.decided, true);
            form.when(ui, "Planned end", "planned_end", &mut a.planned_end, true);
            form.when(ui, "Discovered", "discovered", &mut a.discovered, true);
            form.when(ui, "Disclosed", "disclosed", &mut a.disclosed, true);
        },
    );
    let filled = a.start_source.is_some() || !a.alternatives.is_empty();
    more_ui(
        ui,
        "Time sources",
        "Which source gives the start, and the other times sources give when they disagree.",
        &key,
        filled,
        |ui| {
            let sources = source_options(case);
            let mut start_source = a.start_source.as_ref().map(|s| s.0.clone());
            form.pick_one(
                ui,
                "Start source",
                "start_source",
                &mut start_source,
                &sources,
                "not given",
            );
            a.start_source = start_source.map(crate::model::SourceId);
            form.alt_times(
                ui,
                "Other reported times",
                "alternatives",
                &mut a.alternatives,
                &a.start,
                &sources,
            );
        },
    );
    order_section(
        form,
        ui,
        case,
        EventRef::Action(a.id.clone()),
        &mut a.after,
        &mut a.before,
    );
    meta_ui(form, ui, "action", &mut a.meta, case);
}
