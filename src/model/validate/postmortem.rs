//! The checks of the postmortem's review parts: milestones pinned to records that exist, in an
//! order the times allow; how it was detected; the sign-off.

use super::*;
use crate::model::response::response_times;
use crate::model::{DetectionMethod, EventRef, Milestone};

/// Milestones, detection and review.
pub(super) fn check_postmortem_review<'a>(c: &mut Checker<'a>, case: &'a Case) {
    let r = RecordRef::Postmortem;
    let pm = &case.postmortem;
    for (m, record) in pm.milestones.pinned() {
        let (what, exists) = match record {
            EventRef::Action(id) => ("action", c.actions.contains_key(id.as_str())),
            EventRef::Statement(id) => ("statement", c.statements.contains_key(id.as_str())),
        };
        if !exists {
            c.push(
                Level::Error,
                &r,
                "milestones",
                format!(
                    "{} refers to {what} {}, which does not exist",
                    m.label(),
                    record.id()
                ),
            );
        } else if matches!(m, Milestone::FirstStatement | Milestone::CorrectedStatement)
            && what == "action"
        {
            c.push(
                Level::Warning,
                &r,
                "milestones",
                format!("{} is an action, not a statement", m.label()),
            );
        }
    }
    for t in response_times(case) {
        if t.span.is_some_and(|s| s.out_of_order()) {
            let (from, to) = t.interval.ends();
            c.push(
                Level::Warning,
                &r,
                "milestones",
                format!(
                    "{} is certainly before {} ({} is {})",
                    to.label(),
                    from.label().to_lowercase(),
                    t.interval.label().to_lowercase(),
                    t.text()
                ),
            );
        }
    }
    if let Some(d) = &pm.detection
        && d.method == DetectionMethod::Other
        && d.detail.trim().is_empty()
    {
        c.push(
            Level::Warning,
            &r,
            "detection",
            "detected by \"other\": say how in words",
        );
    }
    if let Some(review) = &pm.review {
        c.zone_used(&r, "review", review.date.as_ref());
        if review.decision.is_some() && review.reviewers.iter().all(|s| s.trim().is_empty()) {
            c.push(
                Level::Warning,
                &r,
                "review",
                "the review has a decision but no reviewers",
            );
        }
    }
}
