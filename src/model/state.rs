//! An account's state over time, derived from the actions on it (never typed twice).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// A fast non-cryptographic hasher: these maps are keyed by ids from the case itself.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::records::{Action, ActionKind, Authorization};
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
    /// Someone without authority controls it (taken over).
    Compromised,
    /// Taken back from an intruder (credentials reset, access revoked).
    Secured,
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
            AccountState::Compromised => "compromised",
            AccountState::Secured => "secured",
        }
    }

    /// Whether the account can be seen and used normally.
    pub fn is_available(self) -> bool {
        matches!(
            self,
            AccountState::Active
                | AccountState::Labelled
                | AccountState::Reinstated
                | AccountState::Secured
        )
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
    let reversed = ended_by_others(case);
    let actions: Vec<&Action> = case
        .actions
        .iter()
        .filter(|a| a.targets.contains(account))
        .collect();
    history_from(actions, &reversed)
}

/// Every account's history at once, in one pass over the actions (for large cases).
pub fn all_account_histories(case: &Case) -> HashMap<&AccountId, Vec<StatePeriod>> {
    let reversed = ended_by_others(case);
    let mut by_account: HashMap<&AccountId, Vec<&Action>> =
        case.accounts.iter().map(|a| (&a.id, Vec::new())).collect();
    for action in &case.actions {
        for target in &action.targets {
            if let Some(list) = by_account.get_mut(target) {
                list.push(action);
            }
        }
    }
    by_account
        .into_iter()
        .map(|(id, actions)| (id, history_from(actions, &reversed)))
        .collect()
}

/// Actions that a later action ends: those it explicitly reverses, and those it extends or
/// replaces (with the time the later one takes effect, which ends the earlier one).
struct EndedByOthers<'a> {
    reversed: HashSet<&'a ActionId>,
    amended: HashMap<&'a ActionId, DateTime<Utc>>,
}

fn ended_by_others(case: &Case) -> EndedByOthers<'_> {
    let mut amended: HashMap<&ActionId, DateTime<Utc>> = HashMap::default();
    for a in &case.actions {
        if let Some(link) = &a.amends {
            let at = amended.entry(&link.action).or_insert(a.start.at);
            *at = (*at).min(a.start.at);
        }
    }
    EndedByOthers {
        reversed: case
            .actions
            .iter()
            .filter_map(|a| a.reverses.as_ref())
            .collect(),
        amended,
    }
}

fn history_from(mut actions: Vec<&Action>, reversed: &EndedByOthers<'_>) -> Vec<StatePeriod> {
    actions.sort_by_key(|a| a.start.at);
    // When a lasting action ends, if known: an end time, start + duration (a duration known
    // only as "at least" gives no end), or when a later action extending or replacing it
    // takes effect.
    let known_end = |a: &Action| {
        let own = a.end.as_ref().map(|e| e.at).or_else(|| {
            a.duration
                .filter(|d| d.limit != Some(crate::model::Limit::AtLeast))
                .map(|d| a.start.at + d.as_duration())
        });
        match (own, reversed.amended.get(&a.id)) {
            (Some(own), Some(amended)) => Some(own.min(*amended)),
            (own, amended) => own.or(amended.copied()),
        }
    };
    let ends: HashMap<&ActionId, DateTime<Utc>> = actions
        .iter()
        .filter(|a| a.kind.is_lasting())
        .filter_map(|a| known_end(a).map(|e| (&a.id, e)))
        .collect();
    // Events: (time, new state, cause, unauthorized). A lasting action with a known end adds a
    // reversion event unless another action reverses it explicitly; a reversal known only
    // roughly ("that evening") takes effect no earlier than the reversed action's known end.
    let mut events: Vec<(DateTime<Utc>, AccountState, Option<ActionId>, bool)> = Vec::new();
    for a in &actions {
        let state = match a.kind {
            ActionKind::Label => AccountState::Labelled,
            ActionKind::Restriction => AccountState::Restricted,
            ActionKind::Suspension => AccountState::Suspended,
            ActionKind::Deactivation => AccountState::Deactivated,
            ActionKind::Reinstatement => AccountState::Reinstated,
            ActionKind::AccountTakeover => AccountState::Compromised,
            ActionKind::CredentialReset => AccountState::Secured,
            _ => continue,
        };
        let at = match a.reverses.as_ref().and_then(|r| ends.get(r)) {
            Some(end) => a.start.at.max(*end),
            None => a.start.at,
        };
        events.push((
            at,
            state,
            Some(a.id.clone()),
            a.authorization == Authorization::Unauthorized,
        ));
        // A lasting action ended by a reversal leaves the state to the reversal; one ended by
        // an extension or replacement leaves it to that action (the chain).
        if a.kind.is_lasting()
            && !reversed.reversed.contains(&a.id)
            && !reversed.amended.contains_key(&a.id)
            && let Some(end) = ends.get(&a.id)
        {
            let after = if a.kind == ActionKind::AccountTakeover {
                AccountState::Secured
            } else {
                AccountState::Reinstated
            };
            events.push((*end, after, Some(a.id.clone()), false));
        }
    }
    events.sort_by_key(|e| e.0);
    let mut periods = Vec::new();
    let mut current = StatePeriod {
        state: AccountState::Active,
        from: DateTime::<Utc>::MIN_UTC,
        until: None,
        cause: None,
        unauthorized: false,
    };
    for (at, state, cause, unauthorized) in events {
        current.until = Some(at);
        periods.push(current);
        current = StatePeriod {
            state,
            from: at,
            until: None,
            cause,
            unauthorized,
        };
    }
    periods.push(current);
    periods
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;
    use crate::model::{Action, Actor, ApproxDuration, Meta, Precision, When};

    fn action(id: &str, kind: ActionKind, minute: u32, reverses: Option<&str>) -> Action {
        let at = Utc
            .with_ymd_and_hms(2017, 11, 2, 22, minute, 0)
            .single()
            .unwrap_or_default();
        Action {
            id: ActionId::from(id),
            kind,
            summary: id.to_owned(),
            targets: vec![AccountId::from("acct-a")],
            performer: Actor::Unknown,
            start: When {
                at,
                precision: Precision::Minute,
                approximate: false,
                zone: None,
                bound: None,
            },
            end: None,
            duration: None,
            policy: String::new(),
            authorization: Authorization::Authorized,
            reverses: reverses.map(ActionId::from),
            through: None,
            start_source: None,
            alternatives: Vec::new(),
            decided: None,
            planned_end: None,
            discovered: None,
            disclosed: None,
            assessment: None,
            amends: None,
            meta: Meta::new(at),
        }
    }

    fn case_with(actions: Vec<Action>) -> Case {
        let mut case = Case::new(
            "t",
            "UTC",
            Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default(),
        );
        case.accounts.push(crate::model::Account {
            id: AccountId::from("acct-a"),
            platform: "X".into(),
            handle: "@a".into(),
            display_name: String::new(),
            profile_url: String::new(),
            audience: None,
            kind: crate::model::AccountKind::Individual,
            protected: false,
            class: None,
            meta: Meta::new(case.info.created),
        });
        case.actions = actions;
        case
    }

    #[test]
    fn suspension_then_reinstatement() {
        let mut suspend = action("s", ActionKind::Suspension, 0, None);
        suspend.authorization = Authorization::Unauthorized;
        let case = case_with(vec![
            action("r", ActionKind::Reinstatement, 11, Some("s")),
            suspend,
        ]);
        let h = account_history(&case, &AccountId::from("acct-a"));
        let states: Vec<_> = h.iter().map(|p| p.state).collect();
        assert_eq!(
            states,
            [
                AccountState::Active,
                AccountState::Suspended,
                AccountState::Reinstated
            ]
        );
        assert!(h[1].unauthorized);
        assert_eq!(h[1].until.map(|u| (u - h[1].from).num_minutes()), Some(11));
        assert_eq!(all_account_histories(&case)[&AccountId::from("acct-a")], h);
    }

    #[test]
    fn a_vaguely_timed_reversal_ends_the_period_after_the_known_duration() {
        // The sample's shape: deactivated "that evening" for about 11 minutes, restored "that
        // evening": the deactivated period lasts the 11 minutes, not zero.
        let mut d = action("d", ActionKind::Deactivation, 0, None);
        d.duration = Some(ApproxDuration::new(660, true));
        let r = action("r", ActionKind::Reinstatement, 0, Some("d"));
        let case = case_with(vec![d, r]);
        let h = account_history(&case, &AccountId::from("acct-a"));
        let states: Vec<_> = h.iter().map(|p| p.state).collect();
        assert_eq!(
            states,
            [
                AccountState::Active,
                AccountState::Deactivated,
                AccountState::Reinstated
            ]
        );
        assert_eq!(h[1].until.map(|u| (u - h[1].from).num_seconds()), Some(660));
    }

    #[test]
    fn lasting_action_with_duration_ends_by_itself() {
        let mut d = action("d", ActionKind::Deactivation, 0, None);
        d.duration = Some(ApproxDuration::new(660, true));
        let case = case_with(vec![d]);
        let h = account_history(&case, &AccountId::from("acct-a"));
        assert_eq!(h.len(), 3);
        assert_eq!(h[1].state, AccountState::Deactivated);
        assert_eq!(h[1].until.map(|u| (u - h[1].from).num_seconds()), Some(660));
        assert!(h[2].state.is_available());
    }
}
