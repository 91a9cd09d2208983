//! The records of what happened: actions (who did what, on which accounts, through whom, and
//! how they link to other actions) and public statements (who said what, where, when).
//!
//! Plain serde data, as `records`: field order here is the field order in the archive file.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{AccountId, ActionId, OutsiderId, SourceId, StaffId, StatementId};
use super::records::*;
use super::time::{ApproxDuration, When};

/// Who performed an action.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Actor {
    /// A staff member of the case.
    Staff(StaffId),
    /// An automated system, by name ("spam classifier").
    System(String),
    /// Someone outside the organisation, by description only.
    External(String),
    /// A person or group outside the organisation recorded in the case.
    Outsider(OutsiderId),
    /// Not known.
    Unknown,
}

/// Whose credentials or account someone acted through ("using a phished employee's
/// credentials", "posted from @someone's taken-over account").
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Through {
    /// A staff member's credentials or access.
    Staff(StaffId),
    /// An account, taken over or used without its holder's authority.
    Account(AccountId),
}

/// Another time a source gives for the same event ("6:20, says another paper").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AltTime {
    pub when: When,
    /// Which source gives this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
}

/// A lasting action's link to the earlier one it extends or replaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionLink {
    pub kind: ActionLinkKind,
    pub action: ActionId,
}

/// A dated record (an action or a statement), as an order link names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventRef {
    Action(ActionId),
    Statement(StatementId),
}

impl EventRef {
    /// The id, whatever the kind.
    pub fn id(&self) -> &str {
        match self {
            EventRef::Action(id) => &id.0,
            EventRef::Statement(id) => &id.0,
        }
    }
}

impl From<EventRef> for super::RecordRef {
    fn from(e: EventRef) -> Self {
        match e {
            EventRef::Action(id) => super::RecordRef::Action(id),
            EventRef::Statement(id) => super::RecordRef::Statement(id),
        }
    }
}

/// A statement's link to the earlier one it updates, corrects or retracts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementLink {
    pub kind: StatementLinkKind,
    pub statement: StatementId,
}

/// Something done to accounts (or to the organisation's safeguards).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub id: ActionId,
    pub kind: ActionKind,
    /// One line: what happened.
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<AccountId>,
    pub performer: Actor,
    /// The performer acted through someone else's credentials or account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<Through>,
    /// When it happened (for a lasting action, when it took effect).
    pub start: When,
    /// Which source gives `start`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_source: Option<SourceId>,
    /// Other times sources give for the start, when they disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<AltTime>,
    /// When it was decided or announced, if earlier than it took effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<When>,
    /// When a lasting action ended, if known as a time…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<When>,
    /// …or how long it lasted (perhaps only "at least 12 hours").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<ApproxDuration>,
    /// When a lasting action was set to end ("set to lift on 7 January 2023").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_end: Option<When>,
    /// When the organisation found out it had happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovered: Option<When>,
    /// When it was made public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosed: Option<When>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub policy: String,
    pub authorization: Authorization,
    /// Whether it was right, judged afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    /// The action this one undoes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverses: Option<ActionId>,
    /// The earlier lasting action this one extends or replaces (that one ends when this one
    /// takes effect).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<ActionLink>,
    /// Records this one is known to have happened after, whatever the times say (the
    /// chronology lists it after them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<EventRef>,
    /// Records this one is known to have happened before ("the phishing, ~July, came before
    /// the takeover": listed before it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before: Vec<EventRef>,
    pub meta: Meta,
}

impl Action {
    /// An action with only what every action has: no targets, an unknown performer and
    /// authorization, and none of the optional times, sources or links.
    pub fn new(
        id: ActionId,
        kind: ActionKind,
        summary: &str,
        start: When,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            kind,
            summary: summary.to_owned(),
            targets: Vec::new(),
            performer: Actor::Unknown,
            through: None,
            start,
            start_source: None,
            alternatives: Vec::new(),
            decided: None,
            end: None,
            duration: None,
            planned_end: None,
            discovered: None,
            disclosed: None,
            policy: String::new(),
            authorization: Authorization::Unknown,
            assessment: None,
            reverses: None,
            amends: None,
            after: Vec::new(),
            before: Vec::new(),
            meta: Meta::new(now),
        }
    }
}

/// Who made a public statement.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Speaker {
    /// The platform or another organisation, by name.
    Organisation(String),
    /// A staff member of the case.
    Staff(StaffId),
    /// The holder of a reported account.
    Account(AccountId),
    /// A public official, by name and office.
    Official(String),
    /// A journalist or outlet.
    Press(String),
    /// A person or group outside the organisation recorded in the case.
    Outsider(OutsiderId),
    /// Anyone else.
    Other(String),
}

/// Who said what, where and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub id: StatementId,
    pub speaker: Speaker,
    pub channel: Channel,
    /// The words, verbatim when `verbatim` is set, otherwise a faithful paraphrase.
    pub quote: String,
    #[serde(default = "default_true")]
    pub verbatim: bool,
    /// The speaker spoke through someone else's account (a post by attackers from a
    /// taken-over account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<Through>,
    pub when: When,
    /// Which source gives `when`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_source: Option<SourceId>,
    /// Other times sources give, when they disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<AltTime>,
    /// The earlier statement this one updates, corrects or retracts. (Version 1 files had only
    /// `corrects`.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<StatementLink>,
    /// The actions the statement is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<ActionId>,
    /// Records this one is known to have happened after (see [`Action::after`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<EventRef>,
    /// Records this one is known to have happened before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before: Vec<EventRef>,
    pub meta: Meta,
}
