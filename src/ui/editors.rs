//! One form per record kind. Each edits a draft copy of the record; the app turns the difference
//! into one model edit when the user stops typing in a field (or picks from a drop-down).

use egui::{RichText, Ui};

use crate::model::{
    Account, AccountClass, AccountKind, Action, ActionKind, ActionLink, ActionLinkKind, Actor,
    Assessment, Audience, Authorization, Case, CaseInfo, CaseStatus, Channel, Employment, Figure,
    FollowUp, FollowUpStatus, Meta, Note, Outsider, OutsiderRole, Severity, Source, Speaker, Staff,
    Statement, StatementLink, StatementLinkKind, Through, When,
};

use super::widgets::{FieldNote, Form, Name, fit, note_ui, remove_button};

fn grid(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([14.0, 8.0])
        .min_col_width(120.0)
        .striped(false)
        .show(ui, add);
}

fn section_heading(ui: &mut Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).strong());
    ui.separator();
}

/// Options for pickers: (id, readable label).
fn account_options(case: &Case) -> Vec<(String, String)> {
    case.accounts
        .iter()
        .map(|a| (a.id.0.clone(), a.label()))
        .collect()
}
fn staff_options(case: &Case) -> Vec<(String, String)> {
    case.staff
        .iter()
        .map(|s| (s.id.0.clone(), format!("{} ({})", s.name, s.employment)))
        .collect()
}
fn outsider_options(case: &Case) -> Vec<(String, String)> {
    case.outsiders
        .iter()
        .map(|o| (o.id.0.clone(), format!("{} ({})", o.name, o.role)))
        .collect()
}
fn source_options(case: &Case) -> Vec<(String, String)> {
    case.sources
        .iter()
        .map(|s| {
            (
                s.id.0.clone(),
                if s.publisher.is_empty() {
                    s.title.clone()
                } else {
                    format!("{} — {}", s.title, s.publisher)
                },
            )
        })
        .collect()
}
/// The actions that took effect no later than `before` (sorted by time), and `keep` wherever it
/// is: what an action can extend or replace.
fn earlier_action_options(
    case: &Case,
    except: &str,
    before: &When,
    keep: Option<&str>,
) -> Vec<(String, String)> {
    let tz = case.tz();
    let limit = before.order_key(tz);
    let mut earlier: Vec<_> = case
        .actions
        .iter()
        .filter(|a| a.id.0 != except)
        .filter(|a| a.start.order_key(tz) <= limit || keep == Some(a.id.as_str()))
        .collect();
    earlier.sort_by_key(|a| a.start.order_key(tz));
    earlier
        .into_iter()
        .map(|a| {
            (
                a.id.0.clone(),
                format!(
                    "{} · {}: {}",
                    a.start.display(tz),
                    a.kind,
                    crate::model::excerpt(&a.summary, 40)
                ),
            )
        })
        .collect()
}
fn action_options(case: &Case, except: &str) -> Vec<(String, String)> {
    case.actions
        .iter()
        .filter(|a| a.id.0 != except)
        .map(|a| {
            (
                a.id.0.clone(),
                format!("{}: {}", a.kind, crate::model::excerpt(&a.summary, 50)),
            )
        })
        .collect()
}
/// Converts between a typed id list and the plain strings the pickers use.
fn ids_as_strings<T: AsRef<str>>(ids: &[T]) -> Vec<String> {
    ids.iter().map(|i| i.as_ref().to_owned()).collect()
}

/// Tags, notes (each maybe internal), key-event pin and supporting sources.
fn meta_ui(form: &mut Form<'_>, ui: &mut Ui, id: &str, meta: &mut Meta, case: &Case) {
    section_heading(ui, "Notes, tags and sources");
    grid(ui, &format!("{id}-meta"), |ui| {
        form.check(
            ui,
            "Key event",
            &mut meta.key_event,
            "Pin as a key event of the incident",
        );
        form.tags(ui, "Tags", &mut meta.tags);
        let mut sources = ids_as_strings(&meta.sources);
        form.pick_many(
            ui,
            "Sources",
            "sources",
            &mut sources,
            &source_options(case),
            "No sources yet: add them under Sources.",
        );
        meta.sources = sources.into_iter().map(crate::model::SourceId).collect();
    });
    let mut remove = None;
    for (i, note) in meta.notes.iter_mut().enumerate() {
        ui.push_id(("note", i), |ui| {
            // Wraps in a narrow editor rather than widening it.
            ui.horizontal_wrapped(|ui| {
                let label = ui.label(RichText::new(format!("Note {}", i + 1)).weak());
                if ui
                    .checkbox(
                        &mut note.internal,
                        "internal (left out of redacted exports)",
                    )
                    .changed()
                {
                    form.changed_discretely = true;
                }
                if ui.small_button("Remove note").clicked() {
                    remove = Some(i);
                }
                let _ = label;
            });
            let label_id = ui
                .label(RichText::new(format!("Note {} text", i + 1)).small().weak())
                .id;
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut note.text)
                        .char_limit(crate::model::MAX_TEXT_CHARS)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label_id);
            if r.has_focus() {
                form.typing = true;
            }
        });
    }
    if let Some(i) = remove {
        meta.notes.remove(i);
        form.changed_discretely = true;
    }
    if ui.button("Add note").clicked() {
        meta.notes.push(Note::default());
        form.changed_discretely = true;
    }
    ui.add_space(4.0);
    ui.label(
        RichText::new(format!(
            "Entered {} · last changed {}",
            meta.created.format("%Y-%m-%d %H:%M UTC"),
            meta.updated.format("%Y-%m-%d %H:%M UTC")
        ))
        .weak()
        .small(),
    );
}

/// The case's own fields.
pub fn case_info_ui(form: &mut Form<'_>, ui: &mut Ui, info: &mut CaseInfo) {
    grid(ui, "case-info", |ui| {
        form.text(
            ui,
            "Title",
            "title",
            &mut info.title,
            "What happened, in one line",
        );
        form.multiline(
            ui,
            "Summary",
            "summary",
            &mut info.summary,
            4,
            "The incident in a few sentences",
        );
        form.choice(ui, "Status", "status", &mut info.status, CaseStatus::ALL);
        form.choice(
            ui,
            "Severity",
            "severity",
            &mut info.severity,
            Severity::ALL,
        );
        form.text(ui, "Owner", "owner", &mut info.owner, "Who runs this case");
        form.tags(ui, "Case tags", &mut info.tags);
        form.text(
            ui,
            "Time zone",
            "zone",
            &mut info.zone,
            "IANA name, e.g. America/New_York or UTC",
        );
        form.text(
            ui,
            "Classification",
            "classification",
            &mut info.classification,
            "Printed on every exported page",
        );
        form.redact_terms(ui, "Also redact", &mut info.also_redact);
    });
}

pub fn account_ui(form: &mut Form<'_>, ui: &mut Ui, a: &mut Account, case: &Case) {
    grid(ui, "account", |ui| {
        let mut is_class = a.class.is_some();
        ui.label(RichText::new("Stands for").weak());
        if ui
            .checkbox(&mut is_class, "Class of accounts")
            .on_hover_text(
                "A class of accounts acted on as one (\"all verified accounts\"), not one \
                 account: it has a description instead of a handle",
            )
            .changed()
        {
            form.changed_discretely = true;
            if is_class {
                // A class has no handle of its own (validation would warn it is ignored).
                a.handle.clear();
                a.class = Some(AccountClass::default());
            } else {
                a.class = None;
            }
        }
        ui.end_row();
        if let Some(class) = a.class.as_mut() {
            form.text(
                ui,
                "Class description",
                "class",
                &mut class.description,
                "e.g. all verified accounts",
            );
            form.count(ui, "Estimated accounts", "class", &mut class.estimated);
        }
        // A class shows what it has of an account's fields, to let them be cleared.
        let single = a.class.is_none();
        if single || !a.handle.is_empty() {
            form.text(
                ui,
                "Handle",
                "handle",
                &mut a.handle,
                "@handle (empty if not known)",
            );
        }
        form.text(
            ui,
            "Platform",
            "platform",
            &mut a.platform,
            "Twitter, Bluesky, …",
        );
        if single || !a.display_name.is_empty() {
            form.text(ui, "Display name", "display_name", &mut a.display_name, "");
        }
        if single || !a.profile_url.is_empty() {
            form.text(
                ui,
                "Profile URL",
                "profile_url",
                &mut a.profile_url,
                "https://…",
            );
        }
        form.choice(ui, "Account kind", "kind", &mut a.kind, AccountKind::ALL);
        let mut has_audience = a.audience.is_some();
        if single || has_audience {
            form.check(ui, "Audience", &mut has_audience, "Audience figure known");
        }
        if has_audience && a.audience.is_none() {
            a.audience = Some(Audience {
                count: 0,
                as_of: None,
            });
        } else if !has_audience {
            a.audience = None;
        }
        if let Some(aud) = a.audience.as_mut() {
            let id = ui.label(RichText::new("Followers").weak()).id;
            let r = ui
                .add(
                    egui::DragValue::new(&mut aud.count)
                        .speed(1000.0)
                        .range(0..=u64::MAX)
                        .custom_formatter(|v, _| crate::model::grouped(v as u64))
                        .custom_parser(|t| crate::model::parse_count(t).map(|n| n as f64)),
                )
                .labelled_by(id);
            if r.has_focus() || r.dragged() {
                form.typing = true;
            }
            ui.end_row();
            form.when(ui, "Audience as of", "audience", &mut aud.as_of, true);
        }
        form.check(
            ui,
            "Protected",
            &mut a.protected,
            "Hide handle, name and profile link in redacted exports (a private individual)",
        );
    });
    account_history_ui(ui, a, case, form.tz);
    meta_ui(form, ui, "account", &mut a.meta, case);
}

pub fn staff_ui(form: &mut Form<'_>, ui: &mut Ui, s: &mut Staff, case: &Case) {
    grid(ui, "staff", |ui| {
        form.text(ui, "Name", "name", &mut s.name, "Full name");
        form.text(
            ui,
            "Pseudonym",
            "pseudonym",
            &mut s.pseudonym,
            "Used in redacted exports, e.g. Contractor A",
        );
        let was_group = s.group;
        form.check(
            ui,
            "Group",
            &mut s.group,
            "A group or team, not one person (its name is never split into words)",
        );
        if was_group && !s.group {
            s.size = None;
        }
        if s.group || s.size.is_some() {
            form.count(ui, "Group size", "size", &mut s.size);
        }
        let mut protected = s.is_protected();
        form.check(
            ui,
            "Protected",
            &mut protected,
            "Hidden in redacted exports (default for employees and contractors)",
        );
        if protected != s.is_protected() {
            s.protected = Some(protected);
        }
        form.text(ui, "Role", "role", &mut s.role, "");
        form.text(ui, "Team", "team", &mut s.team, "");
        form.choice(
            ui,
            "Employment",
            "employment",
            &mut s.employment,
            Employment::ALL,
        );
        form.text(
            ui,
            "Access level",
            "access_level",
            &mut s.access_level,
            "What their tools let them do",
        );
        form.when(
            ui,
            "Tenure start",
            "tenure_start",
            &mut s.tenure_start,
            true,
        );
        form.when(ui, "Tenure end", "tenure_end", &mut s.tenure_end, true);
    });
    meta_ui(form, ui, "staff", &mut s.meta, case);
}

pub fn outsider_ui(form: &mut Form<'_>, ui: &mut Ui, o: &mut Outsider, case: &Case) {
    grid(ui, "outsider", |ui| {
        form.text(
            ui,
            "Name",
            "name",
            &mut o.name,
            "Full name, or a description of a group",
        );
        form.choice(ui, "Role", "role", &mut o.role, OutsiderRole::ALL);
        form.text(
            ui,
            "Organisation",
            "organisation",
            &mut o.organisation,
            "e.g. The New York Times, a prosecutor's office",
        );
        form.text(
            ui,
            "Pseudonym",
            "pseudonym",
            &mut o.pseudonym,
            "Used in redacted exports, e.g. Suspect 1",
        );
        let was_group = o.group;
        form.check(
            ui,
            "Group",
            &mut o.group,
            "A group, not one person (its name is never split into words)",
        );
        if was_group && !o.group {
            o.size = None;
        }
        if o.group || o.size.is_some() {
            form.count(ui, "Group size", "size", &mut o.size);
        }
        let mut protected = o.is_protected();
        form.check(
            ui,
            "Protected",
            &mut protected,
            "Hidden in redacted exports (default for attackers, suspects, reporters and others)",
        );
        if protected != o.is_protected() {
            o.protected = Some(protected);
        }
    });
    meta_ui(form, ui, "outsider", &mut o.meta, case);
}

/// Who performed an action: a kind drop-down plus the staff member or a name.
fn performer_ui(form: &mut Form<'_>, ui: &mut Ui, performer: &mut Actor, case: &Case) {
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
                    .color(super::widgets::level_color(p.level, dark))
                    .small(),
            );
        }
    });
    ui.end_row();
}

/// Whose credentials or account someone acted through: no one else's, a staff member's
/// credentials, or an account (a taken-over account).
fn through_ui(
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
fn more_ui(
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
        form.choice(ui, "Action kind", "kind", &mut a.kind, ActionKind::ALL);
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
    meta_ui(form, ui, "action", &mut a.meta, case);
}

/// Who made a statement.
fn speaker_ui(form: &mut Form<'_>, ui: &mut Ui, speaker: &mut Speaker, case: &Case) {
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
        let dark = ui.visuals().dark_mode;
        for p in form.problems.iter().filter(|p| p.field == "speaker") {
            ui.label(
                RichText::new(format!("✖ {}", p.message))
                    .color(super::widgets::level_color(p.level, dark))
                    .small(),
            );
        }
    });
    ui.end_row();
}

fn pick_inline(
    form: &mut Form<'_>,
    ui: &mut Ui,
    id: egui::Id,
    label: &str,
    value: &mut Option<String>,
    options: &[(String, String)],
) {
    let label_id = ui.label(RichText::new(label).small().weak()).id;
    let current = value
        .as_ref()
        .and_then(|v| options.iter().find(|(o, _)| o == v))
        .map_or_else(|| "choose…".to_owned(), |(_, t)| t.clone());
    egui::ComboBox::from_id_salt(id)
        .selected_text(current)
        .width(fit(ui, 320.0))
        .show_ui(ui, |ui| {
            for (o, t) in options {
                if ui.selectable_label(value.as_ref() == Some(o), t).clicked() {
                    *value = Some(o.clone());
                    form.changed_discretely = true;
                }
            }
        })
        .response
        .labelled_by(label_id);
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
    meta_ui(form, ui, "statement", &mut s.meta, case);
}

/// The earlier statement this one follows up, and how: it updates, corrects or retracts it
/// (a further update unless said otherwise).
fn follows_ui(form: &mut Form<'_>, ui: &mut Ui, s: &mut Statement, case: &Case) {
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

pub fn source_ui(form: &mut Form<'_>, ui: &mut Ui, s: &mut Source, case: &Case) {
    grid(ui, "source", |ui| {
        form.text(
            ui,
            "Source title",
            "title",
            &mut s.title,
            "Headline or document name",
        );
        form.text(ui, "Publisher", "publisher", &mut s.publisher, "");
        form.location(
            ui,
            "Link or file",
            "url",
            &mut s.url,
            "https://… or a file beside the case, e.g. evidence/capture.png",
        );
        form.also_at(ui, "Other addresses", "also_at", &mut s.also_at);
        form.when(ui, "Published", "published", &mut s.published, true);
        form.when(ui, "Accessed", "accessed", &mut s.accessed, true);
    });
    meta_ui(form, ui, "source", &mut s.meta, case);
}

pub fn follow_up_ui(form: &mut Form<'_>, ui: &mut Ui, f: &mut FollowUp, case: &Case) {
    grid(ui, "follow-up", |ui| {
        form.multiline(
            ui,
            "Description",
            "description",
            &mut f.description,
            2,
            "What will be done",
        );
        form.text(
            ui,
            "Follow-up owner",
            "owner",
            &mut f.owner,
            "Team or person",
        );
        form.choice(
            ui,
            "Follow-up status",
            "status",
            &mut f.status,
            FollowUpStatus::ALL,
        );
        form.when(ui, "Due", "due", &mut f.due, true);
    });
    meta_ui(form, ui, "follow-up", &mut f.meta, case);
}

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

/// The account's state over time, derived from the actions on it (read-only).
fn account_history_ui(ui: &mut Ui, a: &Account, case: &Case, tz: chrono_tz::Tz) {
    section_heading(ui, "State over time (from the actions)");
    let history = crate::model::state::account_history(case, &a.id);
    if history.len() <= 1 {
        ui.label(
            RichText::new("Active: no restriction, suspension or deactivation recorded.").weak(),
        );
        return;
    }
    for period in &history {
        let cause = period.cause.as_ref().and_then(|id| case.action(id));
        let since = cause.map_or_else(
            || "before the first action".to_owned(),
            |c| format!("from {}", c.start.display(tz)),
        );
        let length = match (
            period.until,
            period.from == chrono::DateTime::<chrono::Utc>::MIN_UTC,
        ) {
            (Some(until), false) => {
                let secs = (until - period.from).num_seconds();
                let approx = cause.is_some_and(|c| {
                    c.duration.is_some_and(|d| d.approximate)
                        || c.start.precision > crate::model::Precision::Minute
                });
                format!(
                    " for {}",
                    crate::model::ApproxDuration::new(secs, approx).calendar_text()
                )
            }
            _ => String::new(),
        };
        let mut text = RichText::new(format!("{} — {since}{length}", period.state.label()));
        if period.unauthorized {
            text = text.color(super::widgets::level_color(
                crate::model::Level::Error,
                ui.visuals().dark_mode,
            ));
        }
        ui.horizontal(|ui| {
            ui.label(text);
            if period.unauthorized {
                ui.label(RichText::new("unauthorized").small().strong());
            }
        });
    }
}
