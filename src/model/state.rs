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
    history_from(actions, &reversed, case.tz())
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
        .map(|(id, actions)| (id, history_from(actions, &reversed, case.tz())))
        .collect()
}

/// Actions that a later action ends explicitly (it reverses them).
struct EndedByOthers<'a> {
    reversed: HashSet<&'a ActionId>,
}

fn ended_by_others(case: &Case) -> EndedByOthers<'_> {
    EndedByOthers {
        reversed: case
            .actions
            .iter()
            .filter_map(|a| a.reverses.as_ref())
            .collect(),
    }
}

/// The actions that a later action on the same account extends or replaces, with when the
/// first such action takes effect (which ends the earlier one there). Per account: extending
/// @b's lock does not end the same lock on @a.
fn amended_among<'a>(actions: &[&'a Action]) -> HashMap<&'a ActionId, DateTime<Utc>> {
    let mut amended: HashMap<&ActionId, DateTime<Utc>> = HashMap::default();
    for a in actions {
        if let Some(link) = &a.amends {
            let at = amended.entry(&link.action).or_insert(a.start.at);
            *at = (*at).min(a.start.at);
        }
    }
    amended
}

fn history_from(
    mut actions: Vec<&Action>,
    reversed: &EndedByOthers<'_>,
    tz: chrono_tz::Tz,
) -> Vec<StatePeriod> {
    actions.sort_by_key(|a| a.start.at);
    let amended = amended_among(&actions);
    // When a lasting action ends, if known: an end time, start + duration (a duration known
    // only as "at least" gives no end), or when a later action extending or replacing it
    // takes effect.
    // An end known only roughly ("that evening") is read with the duration when there is one:
    // the state lasts start + duration, kept within what the end covers (a block "for at least
    // 2 h, until that evening" does not read as lasting 0 s).
    let own_end = |a: &Action| {
        let by_duration = a.duration.map(|d| (d, a.start.at + d.as_duration()));
        match (&a.end, by_duration) {
            (Some(end), Some((_, t))) => Some(t.clamp(end.at, end.latest(tz).max(end.at))),
            (Some(end), None) => Some(end.at),
            (None, Some((d, t))) if d.limit != Some(crate::model::Limit::AtLeast) => Some(t),
            _ => None,
        }
    };
    let known_end = |a: &Action| {
        let own = own_end(a);
        match (own, amended.get(&a.id)) {
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
        // an extension or replacement leaves it to that action (the chain), unless it had
        // already run out before that action took effect.
        let left_to_amendment = amended
            .get(&a.id)
            .is_some_and(|at| own_end(a).is_none_or(|own| *at <= own));
        if a.kind.is_lasting()
            && !reversed.reversed.contains(&a.id)
            && !left_to_amendment
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
    use crate::model::{Action, ApproxDuration, Meta, Precision, When};

    fn action(id: &str, kind: ActionKind, minute: u32, reverses: Option<&str>) -> Action {
        let at = Utc
            .with_ymd_and_hms(2017, 11, 2, 22, minute, 0)
            .single()
            .unwrap_or_default();
        let start = When {
            at,
            precision: Precision::Minute,
            approximate: false,
            zone: None,
            bound: None,
        };
        Action {
            targets: vec![AccountId::from("acct-a")],
            authorization: Authorization::Authorized,
            reverses: reverses.map(ActionId::from),
            ..Action::new(ActionId::from(id), kind, id, start, at)
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

    fn targets(mut a: Action, ids: &[&str]) -> Action {
        a.targets = ids.iter().map(|i| AccountId::from(*i)).collect();
        a
    }

    fn states(case: &Case, account: &str) -> Vec<AccountState> {
        account_history(case, &AccountId::from(account))
            .iter()
            .map(|p| p.state)
            .collect()
    }

    #[test]
    fn a_takeover_is_compromised_until_the_credential_reset() {
        let mut takeover = action("t", ActionKind::AccountTakeover, 0, None);
        takeover.authorization = Authorization::Unauthorized;
        let case = case_with(vec![
            takeover,
            action("r", ActionKind::CredentialReset, 30, None),
        ]);
        let h = account_history(&case, &AccountId::from("acct-a"));
        assert_eq!(
            h.iter().map(|p| p.state).collect::<Vec<_>>(),
            [
                AccountState::Active,
                AccountState::Compromised,
                AccountState::Secured
            ]
        );
        assert!(h[1].unauthorized && !h[1].state.is_available());
        assert_eq!(h[1].until.map(|u| (u - h[1].from).num_minutes()), Some(30));
        assert!(h[2].state.is_available());
    }

    #[test]
    fn a_takeover_that_ended_by_itself_leaves_the_account_secured() {
        let mut takeover = action("t", ActionKind::AccountTakeover, 0, None);
        takeover.duration = Some(ApproxDuration::new(600, false));
        let case = case_with(vec![takeover]);
        assert_eq!(
            states(&case, "acct-a"),
            [
                AccountState::Active,
                AccountState::Compromised,
                AccountState::Secured
            ]
        );
    }

    #[test]
    fn at_least_gives_no_end() {
        let mut lock = action("l", ActionKind::Restriction, 0, None);
        lock.duration = Some(ApproxDuration {
            secs: 12 * 3600,
            approximate: false,
            limit: Some(crate::model::Limit::AtLeast),
        });
        let case = case_with(vec![lock]);
        let h = account_history(&case, &AccountId::from("acct-a"));
        assert_eq!(
            h.last().map(|p| (p.state, p.until)),
            Some((AccountState::Restricted, None))
        );
    }

    #[test]
    fn the_state_follows_the_chain_of_extensions_and_replacements() {
        // A 12-hour lock (known as at least 12 hours), extended after 10 minutes by a lock of
        // an hour, which a suspension replaces after 20 minutes more.
        let mut lock = action("lock", ActionKind::Restriction, 0, None);
        lock.duration = Some(ApproxDuration {
            secs: 12 * 3600,
            approximate: false,
            limit: Some(crate::model::Limit::AtLeast),
        });
        let mut extend = action("extend", ActionKind::Restriction, 10, None);
        extend.duration = Some(ApproxDuration::new(3600, false));
        extend.amends = Some(crate::model::ActionLink {
            kind: crate::model::ActionLinkKind::Extends,
            action: ActionId::from("lock"),
        });
        let mut suspend = action("suspend", ActionKind::Suspension, 30, None);
        suspend.amends = Some(crate::model::ActionLink {
            kind: crate::model::ActionLinkKind::Replaces,
            action: ActionId::from("extend"),
        });
        let case = case_with(vec![suspend, extend, lock]);
        let h = account_history(&case, &AccountId::from("acct-a"));
        let shape: Vec<(AccountState, Option<&str>, Option<i64>)> = h
            .iter()
            .skip(1)
            .map(|p| {
                (
                    p.state,
                    p.cause.as_ref().map(|c| c.as_str()),
                    p.until.map(|u| (u - p.from).num_minutes()),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (AccountState::Restricted, Some("lock"), Some(10)),
                (AccountState::Restricted, Some("extend"), Some(20)),
                (AccountState::Suspended, Some("suspend"), None),
            ]
        );
    }

    #[test]
    fn an_action_that_ran_out_before_its_extension_leaves_a_gap() {
        // Locked for 10 minutes; "extended" 20 minutes later: available in between.
        let mut lock = action("lock", ActionKind::Restriction, 0, None);
        lock.duration = Some(ApproxDuration::new(600, false));
        let mut again = action("again", ActionKind::Restriction, 20, None);
        again.amends = Some(crate::model::ActionLink {
            kind: crate::model::ActionLinkKind::Extends,
            action: ActionId::from("lock"),
        });
        let case = case_with(vec![lock, again]);
        assert_eq!(
            states(&case, "acct-a"),
            [
                AccountState::Active,
                AccountState::Restricted,
                AccountState::Reinstated,
                AccountState::Restricted
            ]
        );
    }

    #[test]
    fn extending_one_accounts_lock_leaves_the_others_as_it_was() {
        let mut lock = targets(
            action("lock", ActionKind::Restriction, 0, None),
            &["acct-a", "acct-b"],
        );
        lock.duration = Some(ApproxDuration::new(3600, false));
        let mut extend = targets(
            action("extend", ActionKind::Restriction, 10, None),
            &["acct-b"],
        );
        extend.amends = Some(crate::model::ActionLink {
            kind: crate::model::ActionLinkKind::Extends,
            action: ActionId::from("lock"),
        });
        let mut case = case_with(vec![lock, extend]);
        let mut b = case.accounts[0].clone();
        b.id = AccountId::from("acct-b");
        case.accounts.push(b);
        // @a: locked for the hour, then available again.
        let a = account_history(&case, &AccountId::from("acct-a"));
        assert_eq!(a.len(), 3);
        assert_eq!(a[1].until.map(|u| (u - a[1].from).num_minutes()), Some(60));
        assert_eq!(a[2].state, AccountState::Reinstated);
        // @b: the lock gives way to the extension after 10 minutes.
        let b = account_history(&case, &AccountId::from("acct-b"));
        assert_eq!(b[1].until.map(|u| (u - b[1].from).num_minutes()), Some(10));
        assert_eq!(b[2].cause.as_ref().map(|c| c.as_str()), Some("extend"));
    }
}

#[cfg(test)]
mod rough_end_tests {
    use super::*;
    use crate::model::{
        Account, AccountKind, Actor, ApproxDuration, Authorization, Limit, Meta, Precision, When,
    };
    use chrono::TimeZone as _;

    #[test]
    fn a_rough_end_is_read_with_the_duration() {
        // Blocked at 18:00 "for at least 2 hours", back "that evening": the block lasts the
        // 2 hours (within the evening), not 0 s.
        let tz = chrono_tz::America::New_York;
        let mut case = Case::new(
            "t",
            "America/New_York",
            Utc.with_ymd_and_hms(2020, 8, 1, 0, 0, 0).unwrap(),
        );
        case.accounts.push(Account {
            id: AccountId::from("acct-a"),
            platform: "X".into(),
            handle: "@a".into(),
            class: None,
            display_name: String::new(),
            profile_url: String::new(),
            audience: None,
            kind: AccountKind::Individual,
            protected: false,
            meta: Meta::new(case.info.created),
        });
        let start = When::parse("2020-07-15 18", tz).unwrap();
        let evening = When::parse("2020-07-15 evening", tz).unwrap();
        let mut block = crate::model::kinds::new_record(
            crate::model::RecordKind::Action,
            &case,
            case.info.created,
        );
        if let crate::model::Record::Action(a) = &mut block {
            a.kind = ActionKind::Restriction;
            a.targets = vec![AccountId::from("acct-a")];
            a.performer = Actor::Unknown;
            a.authorization = Authorization::Authorized;
            a.start = start.clone();
            a.end = Some(evening.clone());
            a.duration = Some(ApproxDuration {
                secs: 7200,
                approximate: false,
                limit: Some(Limit::AtLeast),
            });
            case.actions.push(a.clone());
        }
        let h = account_history(&case, &AccountId::from("acct-a"));
        assert_eq!(h[1].state, AccountState::Restricted);
        assert_eq!(h[1].until.map(|u| (u - h[1].from).num_hours()), Some(2));
        // With a precise end, the end wins.
        case.actions[0].end = Some(When::parse("2020-07-15 21:30", tz).unwrap());
        let h = account_history(&case, &AccountId::from("acct-a"));
        assert_eq!(h[1].until.map(|u| (u - h[1].from).num_minutes()), Some(210));
        assert_eq!(case.actions[0].start.precision, Precision::Hour);
    }
}
