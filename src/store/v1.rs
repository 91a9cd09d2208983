//! Version 1 of the case format, frozen where version 2 changed it, and its migration.
//!
//! Version 2 renamed an account's `private` to `protected` and replaced a statement's
//! `corrects: Some("stmt-…")` with `follows: Some((kind: Corrects, statement: "stmt-…"))` (a
//! statement can also update or retract an earlier one). Everything else version 2 added is
//! optional, so version 1's other records are read with today's types.

use serde::Deserialize;

use crate::model::{
    AccountId, AccountKind, Action, Audience, Case, CaseInfo, Channel, Meta, Postmortem, Source,
    Speaker, Staff, StatementId, StatementLink, StatementLinkKind, When,
};

/// A version 1 case.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CaseV1 {
    info: CaseInfo,
    #[serde(default)]
    accounts: Vec<AccountV1>,
    #[serde(default)]
    staff: Vec<Staff>,
    #[serde(default)]
    actions: Vec<Action>,
    #[serde(default)]
    statements: Vec<StatementV1>,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    postmortem: Postmortem,
}

/// A version 1 account: `private` where version 2 says `protected`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountV1 {
    id: AccountId,
    platform: String,
    handle: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    profile_url: String,
    #[serde(default)]
    audience: Option<Audience>,
    kind: AccountKind,
    #[serde(default)]
    private: bool,
    meta: Meta,
}

/// A version 1 statement: `corrects` where version 2 says `follows`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementV1 {
    id: StatementId,
    speaker: Speaker,
    channel: Channel,
    quote: String,
    #[serde(default = "yes")]
    verbatim: bool,
    when: When,
    #[serde(default)]
    corrects: Option<StatementId>,
    #[serde(default)]
    about: Vec<crate::model::ActionId>,
    meta: Meta,
}

fn yes() -> bool {
    true
}

/// The same case in version 2: nothing is lost, and nothing is guessed.
pub(super) fn migrate(v1: CaseV1) -> Case {
    Case {
        info: v1.info,
        accounts: v1
            .accounts
            .into_iter()
            .map(|a| crate::model::Account {
                id: a.id,
                platform: a.platform,
                handle: a.handle,
                class: None,
                display_name: a.display_name,
                profile_url: a.profile_url,
                audience: a.audience,
                kind: a.kind,
                protected: a.private,
                meta: a.meta,
            })
            .collect(),
        staff: v1.staff,
        outsiders: Vec::new(),
        actions: v1.actions,
        statements: v1
            .statements
            .into_iter()
            .map(|s| crate::model::Statement {
                id: s.id,
                speaker: s.speaker,
                channel: s.channel,
                quote: s.quote,
                verbatim: s.verbatim,
                through: None,
                when: s.when,
                when_source: None,
                alternatives: Vec::new(),
                follows: s.corrects.map(|statement| StatementLink {
                    kind: StatementLinkKind::Corrects,
                    statement,
                }),
                about: s.about,
                after: Vec::new(),
                before: Vec::new(),
                meta: s.meta,
            })
            .collect(),
        sources: v1.sources,
        postmortem: v1.postmortem,
    }
}
