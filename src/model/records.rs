//! The records a case is built from: accounts, staff, outside people, actions, statements,
//! sources, postmortem (actions and statements are in `events`, re-exported here; one record of
//! any kind, and references to records: `kinds`).
//!
//! Plain serde data. Field order here is the field order in the archive file, so keep it stable;
//! new fields must be optional (`#[serde(default)]`) so older files still load.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{AccountId, FollowUpId, OutsiderId, SourceId, StaffId};
use super::time::{Limit, When, is_false};

// The records of what happened live in `events`; they are records too.
pub use super::events::*;

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
pub(crate) use labelled_enum;

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
        /// Someone without authority took control of the account (a takeover, a compromise).
        AccountTakeover => "account takeover / compromise",
        /// A post made without the holder's authority (from a taken-over account).
        UnauthorizedPost => "unauthorized post",
        /// Passwords or sessions reset to lock an intruder out.
        CredentialReset => "credential reset",
        /// Someone's access to tools or systems withdrawn.
        AccessRevoked => "access revoked",
        Other => "other",
    }
);

impl ActionKind {
    /// The kinds by what they are for, in the order a picker lists them.
    pub const GROUPS: [(&'static str, &'static [ActionKind]); 5] = [
        (
            "Reports and review",
            &[
                ActionKind::ReportReceived,
                ActionKind::Review,
                ActionKind::Escalation,
                ActionKind::Comment,
                ActionKind::Appeal,
                ActionKind::AppealDecision,
            ],
        ),
        (
            "Enforcement",
            &[
                ActionKind::Label,
                ActionKind::Restriction,
                ActionKind::Suspension,
                ActionKind::Deactivation,
                ActionKind::ContentRemoval,
            ],
        ),
        (
            "Undoing and restoring",
            &[ActionKind::Reinstatement, ActionKind::CredentialReset],
        ),
        (
            "Attacks and access",
            &[
                ActionKind::AccountTakeover,
                ActionKind::UnauthorizedPost,
                ActionKind::AccessRevoked,
            ],
        ),
        ("Other", &[ActionKind::SafeguardChange, ActionKind::Other]),
    ];

    /// Whether the action puts an account into a state that lasts until it ends or is reversed.
    pub fn is_lasting(self) -> bool {
        matches!(
            self,
            ActionKind::Label
                | ActionKind::Restriction
                | ActionKind::Suspension
                | ActionKind::Deactivation
                | ActionKind::AccountTakeover
        )
    }

    /// Whether the action is taken against accounts (so it should name at least one target).
    pub fn needs_target(self) -> bool {
        !matches!(
            self,
            ActionKind::SafeguardChange
                | ActionKind::Other
                | ActionKind::Comment
                | ActionKind::AccessRevoked
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
    /// Whether an action was right, judged afterwards (beside whether it was sanctioned: a
    /// moderator who suspends the wrong account by mistake acted with authority, in error).
    Assessment {
        Correct => "correct",
        /// Done with authority, but wrong (the wrong account, the wrong policy).
        Erroneous => "erroneous",
        Overturned => "overturned on appeal",
        Disputed => "disputed",
    }
);

labelled_enum!(
    /// Who someone outside the organisation is to the case.
    OutsiderRole {
        Attacker => "attacker",
        Suspect => "suspect",
        /// Someone who reported the content or account (a user report, a trusted flagger).
        Reporter => "reporter (filed a report)",
        Journalist => "journalist",
        Regulator => "regulator",
        LawEnforcement => "law enforcement",
        Researcher => "researcher",
        Other => "other",
    }
);

labelled_enum!(
    /// How a later statement relates to an earlier one.
    StatementLinkKind {
        /// A further update in the same thread (no earlier claim was wrong).
        Updates => "updates",
        /// Says an earlier claim was wrong and gives the right one.
        Corrects => "corrects",
        /// Withdraws an earlier claim.
        Retracts => "retracts",
    }
);

impl StatementLinkKind {
    /// The verb on its own: "update", "correct", "retract".
    pub fn infinitive(self) -> &'static str {
        match self {
            StatementLinkKind::Updates => "update",
            StatementLinkKind::Corrects => "correct",
            StatementLinkKind::Retracts => "retract",
        }
    }
}

labelled_enum!(
    /// How a lasting action relates to an earlier one on the same accounts.
    ActionLinkKind {
        /// The same measure, for longer ("the 12-hour lock was extended").
        Extends => "extends",
        /// A different measure in its place ("the suspension became a permanent ban").
        Replaces => "replaces",
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
        StatusPage => "status page",
        HelpCentre => "help-centre article",
        InAppNotice => "in-app notice",
        TransparencyReport => "transparency report",
        RegulatorFiling => "regulator filing",
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
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The note.
    pub text: String,
    /// Internal notes are dropped from redacted exports.
    #[serde(default, skip_serializing_if = "is_false")]
    pub internal: bool,
}

/// What every record carries besides its own fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// Followers, subscribers, members.
    pub count: u64,
    /// When the figure was true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<When>,
}

/// A number as sources give it: "130", "about 130", "at least 1,100".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub value: u64,
    /// The source only says "about", "some", "roughly".
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    /// Known only as a lower or upper limit ("at least 1,100", "up to 130").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
}

impl Count {
    /// An exact count.
    pub fn exact(value: u64) -> Self {
        Self {
            value,
            approximate: false,
            limit: None,
        }
    }
}

impl std::fmt::Display for Count {
    /// "130", "about 130", "at least 1,100", "at most about 40".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(limit) = self.limit {
            write!(f, "{} ", limit.label())?;
        }
        if self.approximate {
            f.write_str("about ")?;
        }
        f.write_str(&super::grouped(self.value))
    }
}

/// A class of accounts acted on as one ("every verified account"), instead of a listed account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountClass {
    /// Which accounts: "all verified accounts", "accounts that changed their password in the
    /// last 30 days".
    pub description: String,
    /// How many accounts the class holds, as estimated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated: Option<Count>,
}

/// A reported account, or a class of accounts acted on as one. Its state over time is derived
/// from the actions on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub id: AccountId,
    /// "Twitter", "Bluesky".
    pub platform: String,
    /// "@realDonaldTrump"; empty when not known (or for a class of accounts).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub handle: String,
    /// Set when the record stands for a class of accounts rather than one account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<AccountClass>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub display_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub profile_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    pub kind: AccountKind,
    /// Protected: redacted exports hide the handle, display name and profile link (a private
    /// individual). (Version 1 files called this `private`.)
    #[serde(default, skip_serializing_if = "is_false")]
    pub protected: bool,
    pub meta: Meta,
}

/// A member of staff (or an automated system) involved in the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    pub id: StaffId,
    /// A person's full name, or the name of a group or team when `group` is set.
    pub name: String,
    /// The record is a group or team ("Phished employees, first wave"), not one person: its
    /// name is never split into words to redact.
    #[serde(default, skip_serializing_if = "is_false")]
    pub group: bool,
    /// How many people a group holds ("four employees").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Count>,
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

/// A person or group outside the organisation: an attacker, a suspect, someone who reported,
/// a journalist, a regulator, the police, a researcher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outsider {
    pub id: OutsiderId,
    /// A person's full name, or a description of a group ("the attackers", "four teenagers").
    pub name: String,
    /// The record is a group, not one person: its name is never split into words to redact.
    #[serde(default, skip_serializing_if = "is_false")]
    pub group: bool,
    /// How many people a group holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Count>,
    pub role: OutsiderRole,
    /// "The New York Times", "Manhattan District Attorney's Office".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// Used instead of the name in redacted exports ("Suspect 1").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pseudonym: String,
    /// Whether redacted exports hide who this is. `None`: the default for the role (see
    /// [`Outsider::is_protected`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protected: Option<bool>,
    pub meta: Meta,
}

impl Outsider {
    /// Whether redacted exports hide who this is: as marked, or by default a person (not a
    /// group) who is an attacker, a suspect, someone who reported, or other; journalists,
    /// regulators, law enforcement and researchers act in public and are not hidden by default.
    pub fn is_protected(&self) -> bool {
        self.protected
            .unwrap_or_else(|| self.protected_by_default())
    }

    /// What [`Outsider::is_protected`] is when the record does not say.
    pub fn protected_by_default(&self) -> bool {
        !self.group
            && matches!(
                self.role,
                OutsiderRole::Attacker
                    | OutsiderRole::Suspect
                    | OutsiderRole::Reporter
                    | OutsiderRole::Other
            )
    }
}

/// A name or term hidden in redacted exports besides the case's protected staff and accounts:
/// another person the case names, a nickname, a street, a phone number, an internal project.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

impl Account {
    /// An account with only a platform and a handle (kind unknown, not protected).
    pub fn new(id: AccountId, platform: &str, handle: &str, now: DateTime<Utc>) -> Self {
        Self {
            id,
            platform: platform.to_owned(),
            handle: handle.to_owned(),
            class: None,
            display_name: String::new(),
            profile_url: String::new(),
            audience: None,
            kind: AccountKind::Unknown,
            protected: false,
            meta: Meta::new(now),
        }
    }
}

pub(super) fn default_true() -> bool {
    true
}

/// Where a fact comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: SourceId,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// More addresses of the same source: an archived copy, a mirror, a translation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<SourceLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<When>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<When>,
    /// The file this source is, when it was captured into the case (copied in, with its hash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<super::Evidence>,
    pub meta: Meta,
}

/// Another address of a source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceLink {
    pub url: String,
    /// "archived copy", "mirror".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// A counted measure of the incident's impact ("45 accounts posted from", "$118,000 received").
/// Several figures with the same `what` are sources that disagree, shown side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// What was counted: "accounts targeted", "received in bitcoin".
    pub what: String,
    pub count: Count,
    /// "accounts", "USD", "transfers"; a currency code is written before the number.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// When the figure was true or given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<When>,
    /// Which source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
}

impl Figure {
    /// "USD 118,000", "about $118,000", "at least USD 100,000", "about 130 accounts", "at least
    /// 1,100 customers": a currency stands before the number, after "about" or "at least".
    pub fn value_text(&self) -> String {
        let count = self.count.to_string();
        let unit = self.unit.trim();
        let currency = unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase());
        let symbol = matches!(unit, "$" | "€" | "£");
        if unit.is_empty() {
            return count;
        }
        if !(currency || symbol) {
            return format!("{count} {unit}");
        }
        let (qualifier, number) = count.rsplit_once(' ').unwrap_or(("", count.as_str()));
        let money = if symbol {
            format!("{unit}{number}")
        } else {
            format!("{unit} {number}")
        };
        if qualifier.is_empty() {
            money
        } else {
            format!("{qualifier} {money}")
        }
    }
}

/// A postmortem follow-up item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    pub status: FollowUpStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<When>,
    /// How soon it must be done (format 2, optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<super::Priority>,
    /// Where the work is tracked: a ticket's address or key ("https://jira…/T-123", "T-123").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tracker: String,
    pub meta: Meta,
}

/// What was learnt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Postmortem {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub impact: String,
    /// Counted impact, shown on the report's cover and under Impact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// How the organisation learnt of the incident (format 2, optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection: Option<super::Detection>,
    /// The records the response is timed by (format 2, optional; see [`super::response`]).
    #[serde(default, skip_serializing_if = "super::Milestones::is_empty")]
    pub milestones: super::Milestones,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub root_cause: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributing_factors: Vec<String>,
    /// What went well, one point each (format 2, optional, as are the three lists after it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub went_well: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub went_wrong: Vec<String>,
    /// Where we got lucky: what limited the harm without anyone having planned it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lucky: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_questions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
    /// Who reviewed the postmortem, when, and what they decided (format 2, optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<super::Review>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_written() {
        let figure = |value, approximate, limit, unit: &str| Figure {
            what: "x".to_owned(),
            count: Count {
                value,
                approximate,
                limit,
            },
            unit: unit.to_owned(),
            as_of: None,
            source: None,
        };
        for (f, text) in [
            (figure(118_000, false, None, "USD"), "USD 118,000"),
            (
                figure(100_000, false, Some(Limit::AtLeast), "USD"),
                "at least USD 100,000",
            ),
            (figure(118_000, true, None, "$"), "about $118,000"),
            (
                figure(40, true, Some(Limit::AtMost), "€"),
                "at most about €40",
            ),
            (figure(130, true, None, "accounts"), "about 130 accounts"),
            (
                figure(1_100, false, Some(Limit::AtLeast), ""),
                "at least 1,100",
            ),
        ] {
            assert_eq!(f.value_text(), text);
        }
    }
}
