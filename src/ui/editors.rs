//! One form per record kind. Each edits a draft copy of the record; the app turns the difference
//! into one model edit when the user stops typing in a field (or picks from a drop-down).

use egui::{RichText, Ui};

use crate::model::{
    Account, AccountClass, AccountKind, Action, ActionKind, ActionLink, ActionLinkKind, Actor,
    Assessment, Audience, Authorization, Case, CaseInfo, CaseStatus, Channel, Employment, EventRef,
    Figure, FollowUp, FollowUpStatus, Meta, Milestone, Milestones, Note, Outsider, OutsiderRole,
    Severity, Source, Speaker, Staff, Statement, StatementLink, StatementLinkKind, Through, When,
};

use super::widgets::{FieldNote, Form, Name, fit, note_ui, remove_button};

mod action;
mod postmortem;
mod statement;
pub use action::*;
pub use postmortem::*;
pub use statement::*;

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
/// The editor's Order section of an action or a statement (`me`): what it is known to have
/// happened after or before.
pub(super) fn order_section(
    form: &mut Form<'_>,
    ui: &mut Ui,
    case: &Case,
    me: EventRef,
    after: &mut Vec<EventRef>,
    before: &mut Vec<EventRef>,
) {
    let filled = !after.is_empty() || !before.is_empty();
    let key = me.id().to_owned();
    more_ui(
        ui,
        "Order",
        "What this is known to have happened after or before, whatever the times say: a vague \
         time (\u{201c}~July\u{201d}) is listed at the latest moment it allows, and these links \
         put it where it belongs in every list and export.",
        &key,
        filled,
        |ui| order_links_ui(form, ui, case, &me, after, before),
    );
}

/// "What happened before or after this one", whatever the times say: pickers over every
/// other action and statement, in the case's chronology, for the editor's Order section.
fn order_links_ui(
    form: &mut Form<'_>,
    ui: &mut Ui,
    case: &Case,
    me: &EventRef,
    after: &mut Vec<EventRef>,
    before: &mut Vec<EventRef>,
) {
    let key = |e: &EventRef| match e {
        EventRef::Action(id) => format!("action:{id}"),
        EventRef::Statement(id) => format!("statement:{id}"),
    };
    let tz = case.tz();
    let options: Vec<(String, String)> = crate::model::chronology::chronology(case, tz)
        .into_iter()
        .filter(|e| &e.event() != me)
        .map(|e| {
            let text = match e {
                crate::model::chronology::Dated::Action(a) => format!(
                    "{} · {}: {}",
                    a.start.display(tz),
                    a.kind,
                    crate::model::excerpt(&a.summary, 40)
                ),
                crate::model::chronology::Dated::Statement(s) => format!(
                    "{} · statement, {}: “{}”",
                    s.when.display(tz),
                    case.speaker_name(&s.speaker),
                    crate::model::excerpt(&s.quote, 30)
                ),
            };
            (key(&e.event()), text)
        })
        .collect();
    let parse = |k: String| match k.split_once(':') {
        Some(("action", id)) => Some(EventRef::Action(crate::model::ActionId::from(id))),
        Some(("statement", id)) => Some(EventRef::Statement(crate::model::StatementId::from(id))),
        _ => None,
    };
    for (label, field, links) in [
        ("Happened after", "after", after),
        ("Happened before", "before", before),
    ] {
        let mut keys: Vec<String> = links.iter().map(key).collect();
        form.pick_many(
            ui,
            label,
            field,
            &mut keys,
            &options,
            "No other actions or statements yet.",
        );
        *links = keys.into_iter().filter_map(parse).collect();
    }
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
    section_heading(
        ui,
        if id == "source" {
            "Notes and tags"
        } else {
            "Notes, tags and sources"
        },
    );
    grid(ui, &format!("{id}-meta"), |ui| {
        form.check(
            ui,
            "Key event",
            &mut meta.key_event,
            "Pin as a key event of the incident",
        );
        form.tags(ui, "Tags", &mut meta.tags);
        // A source is not supported by other sources (one that is keeps them, to remove).
        if id != "source" || !meta.sources.is_empty() {
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
        }
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
        form.optional_choice(
            ui,
            "Priority",
            "priority",
            &mut f.priority,
            crate::model::Priority::ALL,
            "not set",
        );
        form.text(
            ui,
            "Tracker",
            "tracker",
            &mut f.tracker,
            "Ticket link or key, e.g. T-42",
        );
    });
    meta_ui(form, ui, "follow-up", &mut f.meta, case);
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
