//! Applying a [`Redactor`] to a whole case, record by record. Every field of every record is
//! named here (by destructuring), so a field added to the model does not compile until it is
//! decided how it is redacted.

use super::*;
use crate::model::{Detection, EventRef, Milestone, Review};

/// [`redact`] with a given redactor (which counts what it replaces).
pub fn redact_with(case: &Case, r: &Redactor) -> Case {
    let mut case = case.clone();
    let Case {
        info,
        accounts,
        staff,
        outsiders,
        actions,
        statements,
        sources,
        postmortem,
    } = &mut case;
    redact_info(r, info);
    redact_accounts(r, accounts);
    redact_staff(r, staff);
    redact_outsiders(r, outsiders);
    redact_actions(r, actions);
    redact_statements(r, statements);
    redact_sources(r, sources);
    redact_postmortem(r, postmortem);
    case
}

fn redact_info(r: &Redactor, info: &mut CaseInfo) {
    let CaseInfo {
        id,
        title,
        summary,
        status: _,
        severity: _,
        owner,
        tags,
        created: _,
        updated: _,
        zone: _,
        classification,
        also_redact,
    } = info;
    // The list of what to hide names it: it never leaves the case.
    also_redact.clear();
    r.id(&mut id.0);
    for s in [title, summary, owner, classification] {
        r.apply(s);
    }
    for t in tags {
        r.apply(t);
    }
}

fn redact_accounts(r: &Redactor, accounts: &mut [Account]) {
    for (n, a) in accounts.iter_mut().enumerate() {
        let Account {
            id,
            platform,
            handle,
            class,
            display_name,
            profile_url,
            audience: _,
            kind: _,
            protected: _,
            meta,
        } = a;
        if let Some(Some((owner, replacement))) = r.account_names.get(n) {
            r.count_owner(Some(*owner));
            *handle = replacement.clone();
            display_name.clear();
            profile_url.clear();
            if let Some(class) = class {
                class.description = replacement.clone();
            }
        }
        if let Some(AccountClass {
            description,
            estimated: _,
        }) = class
        {
            r.apply(description);
        }
        r.id(&mut id.0);
        for s in [platform, handle, display_name] {
            r.apply(s);
        }
        r.url(profile_url);
        r.meta(meta);
    }
}

fn redact_staff(r: &Redactor, staff: &mut [Staff]) {
    for (n, s) in staff.iter_mut().enumerate() {
        let Staff {
            id,
            name,
            group: _,
            size: _,
            pseudonym,
            protected: _,
            role,
            team,
            employment: _,
            access_level,
            tenure_start: _,
            tenure_end: _,
            meta,
        } = s;
        if let Some(Some((owner, shown))) = r.staff_names.get(n) {
            r.count_owner(Some(*owner));
            *name = shown.clone();
        } else {
            // Not protected: the name stays, but another protected person's name in it
            // does not.
            r.apply(name);
        }
        r.id(&mut id.0);
        for s in [pseudonym, role, team, access_level] {
            r.apply(s);
        }
        r.meta(meta);
    }
}

fn redact_outsiders(r: &Redactor, outsiders: &mut [Outsider]) {
    for (n, o) in outsiders.iter_mut().enumerate() {
        let Outsider {
            id,
            name,
            group: _,
            size: _,
            role: _,
            organisation,
            pseudonym,
            protected: _,
            meta,
        } = o;
        if let Some(Some((owner, shown))) = r.outsider_names.get(n) {
            r.count_owner(Some(*owner));
            *name = shown.clone();
        } else {
            r.apply(name);
        }
        r.id(&mut id.0);
        for s in [organisation, pseudonym] {
            r.apply(s);
        }
        r.meta(meta);
    }
}

fn redact_through(r: &Redactor, through: &mut Option<Through>) {
    match through {
        Some(Through::Staff(id)) => r.id(&mut id.0),
        Some(Through::Account(id)) => r.id(&mut id.0),
        None => {}
    }
}

fn redact_alternatives(r: &Redactor, main: &mut Option<SourceId>, alternatives: &mut [AltTime]) {
    if let Some(id) = main {
        r.id(&mut id.0);
    }
    for AltTime { when: _, source } in alternatives {
        if let Some(id) = source {
            r.id(&mut id.0);
        }
    }
}

/// Order links name records by id, and ids can carry names.
fn redact_order_links(r: &Redactor, after: &mut [EventRef], before: &mut [EventRef]) {
    for link in after.iter_mut().chain(before.iter_mut()) {
        match link {
            EventRef::Action(id) => r.id(&mut id.0),
            EventRef::Statement(id) => r.id(&mut id.0),
        }
    }
}

fn redact_actions(r: &Redactor, actions: &mut [Action]) {
    for a in actions {
        let Action {
            id,
            kind: _,
            summary,
            targets,
            performer,
            through,
            start: _,
            start_source,
            alternatives,
            decided: _,
            end: _,
            duration: _,
            planned_end: _,
            discovered: _,
            disclosed: _,
            policy,
            authorization: _,
            assessment: _,
            reverses,
            amends,
            after,
            before,
            meta,
        } = a;
        redact_order_links(r, after, before);
        redact_through(r, through);
        redact_alternatives(r, start_source, alternatives);
        if let Some(link) = amends {
            r.id(&mut link.action.0);
        }
        r.id(&mut id.0);
        for s in [summary, policy] {
            r.apply(s);
        }
        for t in targets {
            r.id(&mut t.0);
        }
        match performer {
            Actor::Staff(id) => r.id(&mut id.0),
            Actor::Outsider(id) => r.id(&mut id.0),
            Actor::System(s) | Actor::External(s) => r.apply(s),
            Actor::Unknown => {}
        }
        if let Some(id) = reverses {
            r.id(&mut id.0);
        }
        r.meta(meta);
    }
}

fn redact_statements(r: &Redactor, statements: &mut [Statement]) {
    for s in statements {
        let Statement {
            id,
            speaker,
            channel: _,
            quote,
            verbatim: _,
            through,
            when: _,
            when_source,
            alternatives,
            follows,
            about,
            after,
            before,
            meta,
        } = s;
        redact_order_links(r, after, before);
        redact_through(r, through);
        redact_alternatives(r, when_source, alternatives);
        r.id(&mut id.0);
        r.apply(quote);
        match speaker {
            Speaker::Staff(id) => r.id(&mut id.0),
            Speaker::Account(id) => r.id(&mut id.0),
            Speaker::Outsider(id) => r.id(&mut id.0),
            Speaker::Organisation(s)
            | Speaker::Official(s)
            | Speaker::Press(s)
            | Speaker::Other(s) => r.apply(s),
        }
        if let Some(link) = follows {
            r.id(&mut link.statement.0);
        }
        for a in about {
            r.id(&mut a.0);
        }
        r.meta(meta);
    }
}

fn redact_sources(r: &Redactor, sources: &mut [Source]) {
    for s in sources {
        let Source {
            id,
            title,
            publisher,
            url,
            also_at,
            published: _,
            accessed: _,
            evidence,
            meta,
        } = s;
        r.id(&mut id.0);
        for s in [title, publisher] {
            r.apply(s);
        }
        if let Some(e) = evidence {
            redact_evidence(r, e);
        }
        r.url(url);
        for SourceLink { url, label } in also_at {
            r.url(url);
            r.apply(label);
        }
        r.meta(meta);
    }
}

/// A captured file's words: its path and names can carry a protected name as much as any text.
/// The hash, size and type stay (they say nothing about a person); whether the picture itself
/// may appear is the export's decision (`safe_to_share`).
fn redact_evidence(r: &Redactor, e: &mut crate::model::Evidence) {
    let crate::model::Evidence {
        file,
        sha256: _,
        size: _,
        media_type: _,
        original_name,
        description,
        added_at: _,
        added_by,
        captured_by,
        captured_at: _,
        safe_to_share: _,
    } = e;
    for s in [file, original_name, description, added_by, captured_by] {
        r.apply(s);
    }
}

fn redact_postmortem(r: &Redactor, postmortem: &mut Postmortem) {
    let Postmortem {
        impact,
        figures,
        detection,
        milestones,
        root_cause,
        contributing_factors,
        went_well,
        went_wrong,
        lucky,
        open_questions,
        follow_ups,
        review,
    } = postmortem;
    r.apply(impact);
    if let Some(Detection { method: _, detail }) = detection {
        r.apply(detail);
    }
    for m in Milestone::ALL {
        if let Some(record) = milestones.slot(m) {
            match record {
                EventRef::Action(id) => r.id(&mut id.0),
                EventRef::Statement(id) => r.id(&mut id.0),
            }
        }
    }
    for list in [went_well, went_wrong, lucky, open_questions] {
        for s in list {
            r.apply(s);
        }
    }
    if let Some(Review {
        reviewers,
        date: _,
        decision: _,
    }) = review
    {
        for s in reviewers {
            r.apply(s);
        }
    }
    for Figure {
        what,
        count: _,
        unit,
        as_of: _,
        source,
    } in figures
    {
        r.apply(what);
        r.apply(unit);
        if let Some(id) = source {
            r.id(&mut id.0);
        }
    }
    r.apply(root_cause);
    for f in contributing_factors {
        r.apply(f);
    }
    for f in follow_ups {
        let FollowUp {
            id,
            description,
            owner,
            status: _,
            due: _,
            priority: _,
            tracker,
            meta,
        } = f;
        r.id(&mut id.0);
        for s in [description, owner, tracker] {
            r.apply(s);
        }
        r.meta(meta);
    }
}
