//! The parts of a postmortem a review meeting asks for beyond impact and cause: how the
//! incident was detected, the review's sign-off, and a follow-up's priority.
//!
//! Plain serde data, as `records`: field order here is the field order in the archive file.
//! Never depends on the store, the UI or any I/O.

use serde::{Deserialize, Serialize};

use super::records::labelled_enum;
use super::time::When;

labelled_enum!(
    /// Who or what first told the organisation something was wrong.
    DetectionMethod {
        UserReport => "user report",
        TrustedFlagger => "trusted flagger",
        Automation => "automated detection",
        Press => "press",
        Internal => "internal (staff noticed)",
        Other => "other",
    }
);

/// How the incident was detected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detection {
    pub method: DetectionMethod,
    /// In words: "a journalist's request for comment", "the spam classifier's spike alert".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl Detection {
    /// "user report", "press: a journalist's request for comment".
    pub fn text(&self) -> String {
        let detail = self.detail.trim();
        if detail.is_empty() {
            self.method.label().to_owned()
        } else {
            format!("{}: {detail}", self.method.label())
        }
    }
}

labelled_enum!(
    /// What the review decided about the postmortem.
    ReviewDecision {
        Accepted => "accepted",
        AcceptedWithChanges => "accepted with changes",
        SentBack => "sent back for more work",
    }
);

/// The review's sign-off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Who reviewed it, one name or role each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<When>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<ReviewDecision>,
}

impl Review {
    /// Nothing filled in.
    pub fn is_empty(&self) -> bool {
        self.reviewers.iter().all(|r| r.trim().is_empty())
            && self.date.is_none()
            && self.decision.is_none()
    }
}

labelled_enum!(
    /// How soon a follow-up must be done.
    Priority {
        Urgent => "urgent",
        High => "high",
        Medium => "medium",
        Low => "low",
    }
);
