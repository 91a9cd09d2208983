//! An account's state over time, derived from the actions on it (never typed twice).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::records::{ActionKind, Authorization};
use super::{AccountId, ActionId, Case};

/// What an account is at some moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountState {
    Active,
    Labelled,
    Restricted,
    Suspended,
    Deactivated,
    Reinstated,
}

impl AccountState {
    /// "deactivated".
    pub fn label(self) -> &'static str {
        match self {
            AccountState::Active => "active",
            AccountState::Labelled => "labelled",
            AccountState::Restricted => "restricted",
            AccountState::Suspended => "suspended",
            AccountState::Deactivated => "deactivated",
            AccountState::Reinstated => "reinstated",
        }
    }

    /// Whether the account can be seen and used normally.
    pub fn is_available(self) -> bool {
        matches!(self, AccountState::Active | AccountState::Labelled | AccountState::Reinstated)
    }
}

/// One stretch of an account's history in one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatePeriod {
    pub state: AccountState,
    pub from: DateTime<Utc>,
    /// `None`: still in this state at the end of what the case knows.
    pub until: Option<DateTime<Utc>>,
    /// The action that put the account in this state.
    pub cause: Option<ActionId>,
    /// The cause was not authorized.
    pub unauthorized: bool,
}

/// The account's state periods in time order, starting from `Active` before its first action.
pub fn account_history(case: &Case, account: &AccountId) -> Vec<StatePeriod> {
    let mut actions: Vec<_> = case.actions.iter().filter(|a| a.targets.contains(account)).collect();
    actions.sort_by_key(|a| a.start.at);
    // Events: (time, new state, cause, unauthorized). A lasting action with a known end or
    // duration adds a reversion event unless a later action reverses it explicitly.
    let mut events: Vec<(DateTime<Utc>, AccountState, Option<ActionId>, bool)> = Vec::new();
    for a in &actions {
        let state = match a.kind {
            ActionKind::Label => AccountState::Labelled,
            ActionKind::Restriction => AccountState::Restricted,
            ActionKind::Suspension => AccountState::Suspended,
            ActionKind::Deactivation => AccountState::Deactivated,
            ActionKind::Reinstatement => AccountState::Reinstated,
            _ => continue,
        };
        events.push((a.start.at, state, Some(a.id.clone()), a.authorization == Authorization::Unauthorized));
        let reversed_later = case.actions.iter().any(|b| b.reverses.as_ref() == Some(&a.id));
        if a.kind.is_lasting() && !reversed_later {
            let end = a.end.as_ref().map(|e| e.at).or_else(|| a.duration.map(|d| a.start.at + d.as_duration()));
            if let Some(end) = end {
                events.push((end, AccountState::Reinstated, Some(a.id.clone()), false));
            }
        }
    }
    events.sort_by_key(|e| e.0);
    let mut periods = Vec::new();
    let mut current = StatePeriod { state: AccountState::Active, from: DateTime::<Utc>::MIN_UTC, until: None, cause: None, unauthorized: false };
    for (at, state, cause, unauthorized) in events {
        current.until = Some(at);
        periods.push(current);
        current = StatePeriod { state, from: at, until: None, cause, unauthorized };
    }
    periods.push(current);
    periods
}
