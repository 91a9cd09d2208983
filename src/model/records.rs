//! The records a case is built from: accounts, staff, actions, statements, sources, postmortem.
//!
//! Plain serde data. Field order here is the field order in the archive file, so keep it stable;
//! new fields must be optional (`#[serde(default)]`) so older files still load.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{AccountId, ActionId, FollowUpId, SourceId, StaffId, StatementId};
use super::time::{ApproxDuration, When, is_false};

/// Declares a plain enumeration with `ALL` (in display order) and a human `label()`.
macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// A short human label.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

labelled_enum!(
    /// Where a case is in its life.
    CaseStatus {
        Open => "open",
        Investigating => "investigating",
        InReview => "in review",
        Closed => "closed",
        Archived => "archived",
    }
);

labelled_enum!(
    /// How bad the incident is.
    Severity {
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
);

labelled_enum!(
    /// What kind of holder an account has.
    AccountKind {
        Individual => "individual",
        Organisation => "organisation",
        PublicOfficial => "public official",
        Media => "media",
        Bot => "bot",
        Unknown => "unknown",
    }
);

labelled_enum!(
    /// How a staff member is engaged.
    Employment {
        Employee => "employee",
        Contractor => "contractor",
        Vendor => "vendor",
        AutomatedSystem => "automated system",
    }
);

labelled_enum!(
    /// The trust-and-safety vocabulary of actions (after Bluesky Ozone's moderation events).
    ActionKind {
        ReportReceived => "report received",
        Review => "triage / review",
        Escalation => "escalation",
        Comment => "comment",
        Label => "label",
        Restriction => "restriction",
        Suspension => "suspension",
        Deactivation => "deactivation",
        ContentRemoval => "content removal",
        Reinstatement => "reinstatement / reversal",
        Appeal => "appeal",
        AppealDecision => "appeal decision",
        SafeguardChange => "safeguard / policy change",
        Other => "other",
    }
);

impl ActionKind {
    /// Whether the action puts an account into a state that lasts until it ends or is reversed.
    pub fn is_lasting(self) -> bool {
        matches!(
            self,
            ActionKind::Label
                | ActionKind::Restriction
                | ActionKind::Suspension
                | ActionKind::Deactivation
        )
    }

    /// Whether the action is taken against accounts (so it should name at least one target).
    pub fn needs_target(self) -> bool {
        !matches!(
            self,
            ActionKind::SafeguardChange | ActionKind::Other | ActionKind::Comment
        )
    }
}

labelled_enum!(
    /// Whether an action was sanctioned.
    Authorization {
        Authorized => "authorized",
        Unauthorized => "unauthorized",
        Unknown => "unknown",
    }
);

labelled_enum!(
    /// Where a statement was made.
    Channel {
        Post => "post",
        PressStatement => "press statement",
        Blog => "blog",
        Interview => "interview",
        CourtFiling => "court filing",
        Email => "email",
        Other => "other",
    }
);

labelled_enum!(
    /// Progress of a postmortem follow-up.
    FollowUpStatus {
        Open => "open",
        InProgress => "in progress",
        Done => "done",
        WontDo => "won't do",
    }
);

/// A free-text note on a record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The note.
    pub text: String,
    /// Internal notes are dropped from redacted exports.
    #[serde(default, skip_serializing_if = "is_false")]
    pub internal: bool,
}

/// What every record carries besides its own fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// When the record was entered.
    pub created: DateTime<Utc>,
    /// When the record last changed.
    pub updated: DateTime<Utc>,
    /// Free tags ("insider", "press").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Notes, each possibly internal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Pinned as a key event of the incident.
    #[serde(default, skip_serializing_if = "is_false")]
    pub key_event: bool,
    /// The sources that support this record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceId>,
}

impl Meta {
    /// Fresh metadata stamped `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            created: now,
            updated: now,
            tags: Vec::new(),
            notes: Vec::new(),
            key_event: false,
            sources: Vec::new(),
        }
    }
}

/// An audience figure with the date it was true ("41.9M followers on 2017-11-02").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    /// Followers, subscribers, members.
    pub count: u64,
    /// When the figure was true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<When>,
}

/// A reported account. Its state over time is derived from the actions on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    /// "Twitter", "Bluesky".
    pub platform: String,
    /// "@realDonaldTrump".
    pub handle: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub display_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub profile_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    pub kind: AccountKind,
    /// Protected: redacted exports hide the handle, display name and profile link (a private
    /// individual). Written `private` in the file.
    #[serde(default, skip_serializing_if = "is_false")]
    pub private: bool,
    pub meta: Meta,
}

/// A member of staff (or an automated system) involved in the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: StaffId,
    /// A person's full name, or the name of a group or team when `group` is set.
    pub name: String,
    /// The record is a group or team ("Phished employees, first wave"), not one person: its
    /// name is never split into words to redact.
    #[serde(default, skip_serializing_if = "is_false")]
    pub group: bool,
    /// Used instead of the name in redacted exports ("Contractor A").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pseudonym: String,
    /// Whether redacted exports hide who this is. `None`: the default for the record (see
    /// [`Staff::is_protected`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protected: Option<bool>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub team: String,
    pub employment: Employment,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub access_level: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenure_start: Option<When>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenure_end: Option<When>,
    pub meta: Meta,
}

impl Staff {
    /// Whether redacted exports hide who this is: as marked, or by default an employee or a
    /// contractor who is a person (not a group, a vendor or an automated system). A public
    /// spokesperson or an executive quoted in the press can be unmarked.
    pub fn is_protected(&self) -> bool {
        self.protected
            .unwrap_or_else(|| self.protected_by_default())
    }

    /// What [`Staff::is_protected`] is when the record does not say.
    pub fn protected_by_default(&self) -> bool {
        !self.group
            && matches!(
                self.employment,
                Employment::Employee | Employment::Contractor
            )
    }
}

/// A name or term hidden in redacted exports besides the case's protected staff and accounts:
/// another person the case names, a nickname, a street, a phone number, an internal project.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactTerm {
    /// What to hide, as usually written ("Jane Roe", "+1 555 0134", "Project Nightjar").
    pub text: String,
    /// What replaces it; empty: "[redacted]".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub replacement: String,
    /// It is a person's name: each part of it is hidden on its own too ("Roe said…").
    #[serde(default, skip_serializing_if = "is_false")]
    pub person: bool,
}

impl RedactTerm {
    /// The replacement, with the default filled in.
    pub fn replacement_or_default(&self) -> &str {
        let r = self.replacement.trim();
        if r.is_empty() { "[redacted]" } else { r }
    }
}

/// Who performed an action.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Actor {
    /// A staff member of the case.
    Staff(StaffId),
    /// An automated system, by name ("spam classifier").
    System(String),
    /// Someone outside the organisation (a user who reported, a regulator), by description.
    External(String),
    /// Not known.
    Unknown,
}

/// Something done to accounts (or to the organisation's safeguards).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: ActionId,
    pub kind: ActionKind,
    /// One line: what happened.
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<AccountId>,
    pub performer: Actor,
    pub start: When,
    /// When a lasting action ended, if known as a time…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<When>,
    /// …or how long it lasted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<ApproxDuration>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub policy: String,
    pub authorization: Authorization,
    /// The action this one undoes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverses: Option<ActionId>,
    pub meta: Meta,
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
    /// Anyone else.
    Other(String),
}

/// Who said what, where and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub id: StatementId,
    pub speaker: Speaker,
    pub channel: Channel,
    /// The words, verbatim when `verbatim` is set, otherwise a faithful paraphrase.
    pub quote: String,
    #[serde(default = "default_true")]
    pub verbatim: bool,
    pub when: When,
    /// An earlier statement this one corrects or supersedes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<StatementId>,
    /// The actions the statement is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<ActionId>,
    pub meta: Meta,
}

fn default_true() -> bool {
    true
}

/// Where a fact comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: SourceId,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<When>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<When>,
    pub meta: Meta,
}

/// A postmortem follow-up item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    pub status: FollowUpStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<When>,
    pub meta: Meta,
}

/// What was learnt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Postmortem {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub impact: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub root_cause: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributing_factors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
}
