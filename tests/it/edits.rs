//! Edits apply and invert exactly (the basis of undo/redo), refuse to apply to a case that changed
//! under them, and deleting with unlinking leaves no dangling references.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use casebook::model::generate::generate_case;
use casebook::model::*;
use common::{all_refs, errors, fixed_now, ny, sample, small_case, when};
use proptest::prelude::*;

/// Applies `edit`, checks it changed the case, then applies its inverse and checks the case is
/// exactly as before. Returns the case as it was after the edit.
#[track_caller]
fn assert_apply_then_undo(original: &Case, edit: &Edit) -> Case {
    let mut case = original.clone();
    edit.apply(&mut case)
        .unwrap_or_else(|e| panic!("{} failed: {e}", edit.label()));
    assert_ne!(&case, original, "{} changed nothing", edit.label());
    let after = case.clone();
    edit.inverse()
        .apply(&mut case)
        .unwrap_or_else(|e| panic!("undo of {} failed: {e}", edit.label()));
    assert_eq!(
        &case,
        original,
        "undo of {} did not restore the case",
        edit.label()
    );
    // Redo works too.
    edit.apply(&mut case).unwrap();
    assert_eq!(case, after, "redo of {}", edit.label());
    after
}

fn new_account(id: &str) -> Account {
    Account {
        id: AccountId::from(id),
        platform: "Mastodon".to_owned(),
        handle: format!("@{id}"),
        display_name: String::new(),
        profile_url: String::new(),
        audience: None,
        kind: AccountKind::Bot,
        protected: false,
        class: None,
        meta: Meta::new(fixed_now()),
    }
}

fn find(case: &Case, r: &RecordRef) -> Record {
    find_record(case, r)
        .unwrap_or_else(|| panic!("{r:?} missing"))
        .1
}

// ---------------------------------------------------------------------------------------------
// Each kind of edit, applied and undone.

#[test]
fn insert_at_a_position_and_undo() {
    let original = sample();
    let edit = Edit::Insert {
        index: 0,
        record: Record::Account(new_account("acct-first")),
    };
    let after = assert_apply_then_undo(&original, &edit);
    assert_eq!(after.accounts[0].id.as_str(), "acct-first");
    assert_eq!(after.accounts.len(), original.accounts.len() + 1);

    let edit = Edit::add(&original, Record::Account(new_account("acct-last")));
    let after = assert_apply_then_undo(&original, &edit);
    assert_eq!(after.accounts.last().unwrap().id.as_str(), "acct-last");
}

#[test]
fn remove_and_undo_puts_the_record_back_in_place() {
    let original = sample();
    let target = RecordRef::Statement(StatementId::from("stmt-safeguards"));
    let index = original
        .statements
        .iter()
        .position(|s| s.id.as_str() == "stmt-safeguards")
        .unwrap();
    let edit = Edit::delete(&original, &target).unwrap();
    assert!(matches!(&edit, Edit::Remove { index: i, .. } if *i == index));
    let after = assert_apply_then_undo(&original, &edit);
    assert!(
        after
            .statement(&StatementId::from("stmt-safeguards"))
            .is_none()
    );
}

#[test]
fn replace_and_undo() {
    let original = sample();
    let Record::Action(mut action) = find(
        &original,
        &RecordRef::Action(ActionId::from("act-deactivation")),
    ) else {
        unreachable!()
    };
    action.summary = "Deactivated by a departing contractor".to_owned();
    action.start = when("2017-11-02 18:45", ny());
    let edit = Edit::update(&original, Record::Action(action.clone())).unwrap();
    let after = assert_apply_then_undo(&original, &edit);
    assert_eq!(after.action(&action.id).unwrap(), &action);
    // The record stays where it was.
    let pos = |c: &Case| c.actions.iter().position(|a| a.id == action.id);
    assert_eq!(pos(&after), pos(&original));
}

#[test]
fn set_info_and_undo() {
    let original = sample();
    let mut info = original.info.clone();
    info.title = "Renamed".to_owned();
    info.status = CaseStatus::Archived;
    info.updated = fixed_now();
    let edit = Edit::SetInfo {
        before: original.info.clone(),
        after: info.clone(),
    };
    assert_eq!(assert_apply_then_undo(&original, &edit).info, info);
}

#[test]
fn set_postmortem_and_undo() {
    let original = sample();
    let mut pm = original.postmortem.clone();
    pm.root_cause = "Rewritten root cause".to_owned();
    pm.contributing_factors.clear();
    pm.follow_ups.pop();
    let edit = Edit::SetPostmortem {
        before: original.postmortem.clone(),
        after: pm.clone(),
    };
    assert_eq!(assert_apply_then_undo(&original, &edit).postmortem, pm);
}

#[test]
fn batch_and_undo() {
    let original = sample();
    let mut info = original.info.clone();
    info.owner = "Someone else".to_owned();
    let Record::Source(mut src) = find(
        &original,
        &RecordRef::Source(SourceId::from("src-techcrunch")),
    ) else {
        unreachable!()
    };
    src.url = "https://techcrunch.com/".to_owned();
    let edit = Edit::Batch {
        label: "Tidy up".to_owned(),
        edits: vec![
            Edit::SetInfo {
                before: original.info.clone(),
                after: info,
            },
            Edit::add(&original, Record::Account(new_account("acct-batch"))),
            Edit::update(&original, Record::Source(src)).unwrap(),
            Edit::delete(
                &original,
                &RecordRef::FollowUp(FollowUpId::from("fu-statements")),
            )
            .unwrap(),
        ],
    };
    let after = assert_apply_then_undo(&original, &edit);
    assert_eq!(after.info.owner, "Someone else");
    assert!(after.account(&AccountId::from("acct-batch")).is_some());
    assert_eq!(
        after.source(&SourceId::from("src-techcrunch")).unwrap().url,
        "https://techcrunch.com/"
    );
    assert_eq!(
        after.postmortem.follow_ups.len(),
        original.postmortem.follow_ups.len() - 1
    );
    assert_eq!(edit.label(), "Tidy up");
}

// ---------------------------------------------------------------------------------------------
// Deleting with unlinking.

#[test]
fn deleting_a_referenced_staff_member_unlinks_every_reference() {
    let original = sample();
    let target = RecordRef::Staff(StaffId::from("staff-contractor"));
    let referrers = original.references_to(&target);
    assert!(
        referrers.len() >= 2,
        "the sample refers to the contractor as performer and speaker: {referrers:?}"
    );

    let edit = Edit::delete_unlinking(&original, &target).unwrap();
    let label = edit.label();
    assert!(
        label.contains("Delete")
            && label.contains("staff member")
            && label.contains("Bahtiyar Duysak"),
        "{label}"
    );

    let after = assert_apply_then_undo(&original, &edit);
    assert!(
        after
            .staff_member(&StaffId::from("staff-contractor"))
            .is_none()
    );
    assert_eq!(after.references_to(&target), vec![]);
    assert_eq!(errors(&after), vec![], "no dangling references left");
    // What could be kept was kept: the quote stays attributed by name.
    let interview = after
        .statement(&StatementId::from("stmt-interview"))
        .unwrap();
    assert_eq!(
        interview.speaker,
        Speaker::Other("Bahtiyar Duysak".to_owned())
    );
    assert_eq!(interview.quote, "mistake");
    assert_eq!(
        after
            .action(&ActionId::from("act-deactivation"))
            .unwrap()
            .performer,
        Actor::Unknown
    );
}

#[test]
fn deleting_any_record_with_unlinking_leaves_a_valid_case_and_undoes_exactly() {
    for original in [sample(), small_case()] {
        assert_eq!(errors(&original), vec![]);
        for target in all_refs(&original) {
            let edit = Edit::delete_unlinking(&original, &target).unwrap();
            let after = assert_apply_then_undo(&original, &edit);
            assert!(
                find_record(&after, &target).is_none(),
                "{target:?} still there"
            );
            assert_eq!(
                after.references_to(&target),
                vec![],
                "references to {target:?} left"
            );
            assert_eq!(errors(&after), vec![], "errors after deleting {target:?}");
            assert_eq!(
                after.record_count(),
                original.record_count() - 1,
                "only {target:?} is gone"
            );
        }
    }
}

#[test]
fn deleting_a_source_removes_it_from_every_record() {
    let original = sample();
    let target = RecordRef::Source(SourceId::from("src-washtimes"));
    let uses = original.references_to(&target).len();
    assert!(
        uses > 5,
        "the sample cites its seed article everywhere ({uses})"
    );
    let Edit::Batch { edits, .. } = Edit::delete_unlinking(&original, &target).unwrap() else {
        panic!("a batch")
    };
    // One replace per citing record, then the removal.
    assert_eq!(edits.len(), uses + 1);
    assert!(matches!(edits.last(), Some(Edit::Remove { .. })));
}

#[test]
fn missing_records_give_no_edit() {
    let case = sample();
    let ghost = RecordRef::Account(AccountId::from("acct-ghost"));
    assert_eq!(Edit::delete(&case, &ghost), None);
    assert_eq!(Edit::delete_unlinking(&case, &ghost), None);
    assert_eq!(
        Edit::update(&case, Record::Account(new_account("acct-ghost"))),
        None
    );
    // Nor does an update that changes nothing.
    let same = find(
        &case,
        &RecordRef::Account(AccountId::from("acct-realdonaldtrump")),
    );
    assert_eq!(Edit::update(&case, same), None);
}

// ---------------------------------------------------------------------------------------------
// Refusals leave the case untouched.

#[track_caller]
fn assert_refused(case: &Case, edit: &Edit, expected: impl Fn(&EditError) -> bool) {
    let mut working = case.clone();
    let err = edit
        .apply(&mut working)
        .expect_err("edit should be refused");
    assert!(expected(&err), "unexpected error {err:?}");
    assert_eq!(&working, case, "a refused edit must not change the case");
}

#[test]
fn stale_replace_is_refused() {
    let original = sample();
    let Record::Account(mut account) = find(
        &original,
        &RecordRef::Account(AccountId::from("acct-realdonaldtrump")),
    ) else {
        unreachable!()
    };
    account.display_name = "Edited in one window".to_owned();
    let first = Edit::update(&original, Record::Account(account.clone())).unwrap();
    account.display_name = "Edited in another".to_owned();
    let second = Edit::update(&original, Record::Account(account)).unwrap();

    let mut case = original.clone();
    first.apply(&mut case).unwrap();
    // `second` was made against the original record, which is no longer there.
    assert_refused(
        &case,
        &second,
        |e| matches!(e, EditError::Stale(p) if p == "accounts[acct-realdonaldtrump]"),
    );
    // Undoing twice is refused too.
    let mut undone = case.clone();
    first.inverse().apply(&mut undone).unwrap();
    assert_refused(&undone, &first.inverse(), |e| {
        matches!(e, EditError::Stale(_))
    });
}

#[test]
fn stale_or_misplaced_remove_is_refused() {
    let original = sample();
    let target = RecordRef::FollowUp(FollowUpId::from("fu-offboarding"));
    let remove = Edit::delete(&original, &target).unwrap();
    // The record changed since the edit was made.
    let mut changed = original.clone();
    changed.postmortem.follow_ups[1].owner = "Someone else".to_owned();
    assert_refused(&changed, &remove, |e| matches!(e, EditError::Stale(_)));
    // The record moved.
    let mut moved = original.clone();
    moved.postmortem.follow_ups.swap(0, 1);
    assert_refused(&moved, &remove, |e| matches!(e, EditError::Stale(_)));
    // The record is gone.
    let mut gone = original.clone();
    remove.apply(&mut gone).unwrap();
    assert_refused(&gone, &remove, |e| matches!(e, EditError::NotFound(_)));
}

#[test]
fn insert_of_an_existing_id_or_past_the_end_is_refused() {
    let case = sample();
    let dup = Edit::add(&case, Record::Account(new_account("acct-realdonaldtrump")));
    assert_refused(&case, &dup, |e| matches!(e, EditError::DuplicateId(_)));
    let far = Edit::Insert {
        index: case.accounts.len() + 1,
        record: Record::Account(new_account("acct-far")),
    };
    assert_refused(&case, &far, |e| matches!(e, EditError::BadIndex { .. }));
    // Redoing an insert that is already applied is refused.
    let add = Edit::add(&case, Record::Account(new_account("acct-once")));
    let mut once = case.clone();
    add.apply(&mut once).unwrap();
    assert_refused(&once, &add, |e| matches!(e, EditError::DuplicateId(_)));
}

#[test]
fn replace_cannot_change_a_records_id() {
    let case = sample();
    let before = find(
        &case,
        &RecordRef::Account(AccountId::from("acct-realdonaldtrump")),
    );
    let edit = Edit::Replace {
        before,
        after: Record::Account(new_account("acct-renamed")),
    };
    assert_refused(&case, &edit, |e| matches!(e, EditError::IdChange(_)));
}

#[test]
fn stale_info_and_postmortem_edits_are_refused() {
    let case = sample();
    let mut other = case.info.clone();
    other.title = "Not the current info".to_owned();
    assert_refused(
        &case,
        &Edit::SetInfo {
            before: other.clone(),
            after: case.info.clone(),
        },
        |e| matches!(e, EditError::Stale(p) if p == "info"),
    );
    let mut pm = case.postmortem.clone();
    pm.impact = "Not the current postmortem".to_owned();
    assert_refused(
        &case,
        &Edit::SetPostmortem {
            before: pm,
            after: case.postmortem.clone(),
        },
        |e| matches!(e, EditError::Stale(p) if p == "postmortem"),
    );
}

#[test]
fn failing_batch_is_all_or_nothing() {
    let original = sample();
    let mut info = original.info.clone();
    info.title = "Changed by the batch".to_owned();
    let mut stale_pm = original.postmortem.clone();
    stale_pm.impact = "stale".to_owned();
    let batch = Edit::Batch {
        label: "Doomed".to_owned(),
        edits: vec![
            Edit::SetInfo {
                before: original.info.clone(),
                after: info,
            },
            Edit::add(&original, Record::Account(new_account("acct-doomed"))),
            Edit::delete_unlinking(
                &original,
                &RecordRef::Staff(StaffId::from("staff-contractor")),
            )
            .unwrap(),
            // Fails: applied to the wrong postmortem.
            Edit::SetPostmortem {
                before: stale_pm,
                after: original.postmortem.clone(),
            },
        ],
    };
    assert_refused(
        &original,
        &batch,
        |e| matches!(e, EditError::Stale(p) if p == "postmortem"),
    );
}

// ---------------------------------------------------------------------------------------------
// Labels.

#[test]
fn labels_say_what_the_edit_does() {
    let case = sample();
    let add = Edit::add(&case, Record::Account(new_account("acct-new")));
    assert_eq!(add.label(), "Add account “@acct-new”");
    assert!(
        add.inverse().label().starts_with("Delete account"),
        "{}",
        add.inverse().label()
    );
    let delete = Edit::delete(&case, &RecordRef::Action(ActionId::from("act-restore"))).unwrap();
    assert_eq!(delete.label(), "Delete action “Account restored”");
    let Record::Statement(mut s) = find(
        &case,
        &RecordRef::Statement(StatementId::from("stmt-human-error")),
    ) else {
        unreachable!()
    };
    s.quote =
        "human error, said the company in a very long statement that goes on and on".to_owned();
    let label = Edit::update(&case, Record::Statement(s)).unwrap().label();
    assert!(label.starts_with("Edit statement “human error"), "{label}");
    assert!(
        label.chars().count() < 60 && label.contains('…'),
        "long titles are cut: {label}"
    );
    let info = Edit::SetInfo {
        before: case.info.clone(),
        after: case.info.clone(),
    };
    assert_eq!(info.label(), "Edit case details");
    let pm = Edit::SetPostmortem {
        before: case.postmortem.clone(),
        after: case.postmortem.clone(),
    };
    assert_eq!(pm.label(), "Edit postmortem");
    let unlink =
        Edit::delete_unlinking(&case, &RecordRef::Source(SourceId::from("src-techcrunch")))
            .unwrap();
    let label = unlink.label();
    assert!(
        label.starts_with("Delete source “Exclusive interview") && label.ends_with("…”"),
        "cut to a short title: {label}"
    );
    assert_eq!(
        unlink.inverse().label(),
        unlink.label(),
        "undo shows the same step"
    );
}

// ---------------------------------------------------------------------------------------------
// Random edit sequences undo exactly.

#[derive(Clone, Debug)]
enum Op {
    Add {
        kind: usize,
        at_end: bool,
        pos: prop::sample::Index,
    },
    Update {
        pick: prop::sample::Index,
    },
    Delete {
        pick: prop::sample::Index,
    },
    Info,
    Postmortem,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..6, any::<bool>(), any::<prop::sample::Index>()).prop_map(|(kind, at_end, pos)| Op::Add { kind, at_end, pos }),
        3 => any::<prop::sample::Index>().prop_map(|pick| Op::Update { pick }),
        3 => any::<prop::sample::Index>().prop_map(|pick| Op::Delete { pick }),
        1 => Just(Op::Info),
        1 => Just(Op::Postmortem),
    ]
}

/// A new valid record of kind `kind` (0..6) that refers to existing records where it can.
fn fresh_record(case: &Case, kind: usize, step: usize) -> Record {
    let meta = || {
        let mut m = Meta::new(fixed_now());
        m.sources.extend(case.sources.first().map(|s| s.id.clone()));
        m
    };
    let at = when("2024-05-01 12:00", ny());
    match kind {
        0 => Record::Account(Account {
            meta: meta(),
            ..new_account(&format!("acct-new-{step}"))
        }),
        1 => Record::Staff(Staff {
            id: StaffId(format!("staff-new-{step}")),
            name: format!("New Staff {step}"),
            pseudonym: format!("Agent N{step}"),
            protected: None,
            group: false,
            size: None,
            role: String::new(),
            team: String::new(),
            employment: Employment::Vendor,
            access_level: String::new(),
            tenure_start: None,
            tenure_end: None,
            meta: meta(),
        }),
        2 => Record::Action(Action {
            id: ActionId(format!("act-new-{step}")),
            kind: ActionKind::Label,
            summary: format!("Label #{step}"),
            targets: case
                .accounts
                .first()
                .map(|a| a.id.clone())
                .into_iter()
                .collect(),
            performer: case
                .staff
                .first()
                .map_or(Actor::Unknown, |s| Actor::Staff(s.id.clone())),
            start: at,
            end: None,
            duration: None,
            policy: String::new(),
            authorization: Authorization::Authorized,
            reverses: None,
            meta: meta(),
            ..common::blank_action()
        }),
        3 => Record::Statement(Statement {
            id: StatementId(format!("stmt-new-{step}")),
            speaker: case
                .accounts
                .first()
                .map_or(Speaker::Other("someone".to_owned()), |a| {
                    Speaker::Account(a.id.clone())
                }),
            channel: Channel::Blog,
            quote: format!("Quote {step}"),
            verbatim: true,
            through: None,
            when: at,
            when_source: None,
            alternatives: Vec::new(),
            after: Vec::new(),
            before: Vec::new(),
            follows: None,
            about: case
                .actions
                .first()
                .map(|a| a.id.clone())
                .into_iter()
                .collect(),
            meta: meta(),
        }),
        4 => Record::Source(Source {
            id: SourceId(format!("src-new-{step}")),
            title: format!("Source {step}"),
            publisher: String::new(),
            url: String::new(),
            also_at: Vec::new(),
            published: None,
            accessed: None,
            evidence: None,
            meta: Meta::new(fixed_now()),
        }),
        _ => Record::FollowUp(FollowUp {
            id: FollowUpId(format!("fu-new-{step}")),
            description: format!("Follow-up {step}"),
            owner: String::new(),
            status: FollowUpStatus::InProgress,
            due: None,
            priority: None,
            tracker: String::new(),
            meta: meta(),
        }),
    }
}

fn list_len(case: &Case, record: &Record) -> usize {
    match record {
        Record::Account(_) => case.accounts.len(),
        Record::Staff(_) => case.staff.len(),
        Record::Outsider(_) => case.outsiders.len(),
        Record::Action(_) => case.actions.len(),
        Record::Statement(_) => case.statements.len(),
        Record::Source(_) => case.sources.len(),
        Record::FollowUp(_) => case.postmortem.follow_ups.len(),
    }
}

/// The edit `op` stands for on `case`, if there is one (nothing to update or delete in an empty case).
fn edit_for(case: &Case, op: &Op, step: usize) -> Option<Edit> {
    let refs = all_refs(case);
    match op {
        Op::Add { kind, at_end, pos } => {
            let record = fresh_record(case, *kind, step);
            let len = list_len(case, &record);
            Some(if *at_end {
                Edit::add(case, record)
            } else {
                Edit::Insert {
                    index: pos.index(len + 1),
                    record,
                }
            })
        }
        Op::Update { pick } => {
            if refs.is_empty() {
                return None;
            }
            let (_, mut record) = find_record(case, &refs[pick.index(refs.len())])?;
            record.meta_mut().tags.push(format!("edited-{step}"));
            record.meta_mut().key_event ^= true;
            match &mut record {
                Record::Account(r) => r.display_name = format!("Renamed {step}"),
                Record::Staff(r) => r.team = format!("Team {step}"),
                Record::Outsider(r) => r.organisation = format!("Org {step}"),
                Record::Action(r) => r.summary.push_str(" (revised)"),
                Record::Statement(r) => r.verbatim ^= true,
                Record::Source(r) => r.url = format!("https://example.org/{step}"),
                Record::FollowUp(r) => r.status = FollowUpStatus::Done,
            }
            Edit::update(case, record)
        }
        Op::Delete { pick } => {
            if refs.is_empty() {
                return None;
            }
            Edit::delete_unlinking(case, &refs[pick.index(refs.len())])
        }
        Op::Info => {
            let mut after = case.info.clone();
            after.title = format!("{} / step {step}", after.title);
            after.tags.push(format!("step-{step}"));
            Some(Edit::SetInfo {
                before: case.info.clone(),
                after,
            })
        }
        Op::Postmortem => {
            let mut after = case.postmortem.clone();
            after.contributing_factors.push(format!("Factor {step}"));
            after.follow_ups.reverse();
            Some(Edit::SetPostmortem {
                before: case.postmortem.clone(),
                after,
            })
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_edit_sequences_undo_exactly(n in 0usize..200, seed in any::<u64>(), ops in prop::collection::vec(op(), 1..40)) {
        let original = generate_case(n, seed);
        let mut case = original.clone();
        let mut history = Vec::new();
        for (step, op) in ops.iter().enumerate() {
            if let Some(edit) = edit_for(&case, op, step) {
                edit.apply(&mut case).map_err(|e| TestCaseError::fail(format!("step {step} {op:?}: {e}")))?;
                history.push(edit);
            }
        }
        // Every edit kept the case valid (adds are valid, deletes unlink).
        let errs = errors(&case);
        prop_assert!(errs.is_empty(), "errors after edits: {:?}", errs);
        for edit in history.iter().rev() {
            edit.inverse().apply(&mut case).map_err(|e| TestCaseError::fail(format!("undo {}: {e}", edit.label())))?;
        }
        prop_assert!(case == original, "undoing everything did not restore the case");
    }
}

#[test]
fn deleting_a_source_cited_by_a_figure_and_a_follow_up_unlinks_both_and_undoes() {
    let mut case = small_case();
    let src = case.sources[0].id.clone();
    case.postmortem.figures.push(Figure {
        what: "accounts restricted".to_owned(),
        count: Count::exact(1200),
        unit: "accounts".to_owned(),
        as_of: None,
        source: Some(src.clone()),
    });
    case.postmortem.follow_ups[0].meta.sources.push(src.clone());
    let before = case.clone();
    let edit = Edit::delete_unlinking(&case, &RecordRef::Source(src.clone())).unwrap();
    edit.apply(&mut case)
        .expect("one undo step, applied in order");
    assert!(case.sources.iter().all(|s| s.id != src));
    assert_eq!(case.postmortem.figures[0].source, None);
    assert!(!case.postmortem.follow_ups[0].meta.sources.contains(&src));
    assert!(errors(&case).is_empty(), "{:#?}", errors(&case));
    edit.inverse().apply(&mut case).expect("undo");
    assert_eq!(case, before);
}
