//! Stable record ids. References between records are by id, never by position, so a case file
//! can be reordered, merged in git or edited by hand without breaking links.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The prefix new ids of this kind start with.
            pub const PREFIX: &'static str = $prefix;

            /// A new id, unique with overwhelming probability (safe to merge across branches).
            pub fn generate() -> Self {
                Self(format!("{}-{}", $prefix, random_suffix()))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(/// Id of a case.
    CaseId, "case");
id_type!(/// Id of a reported account.
    AccountId, "acct");
id_type!(/// Id of a staff member.
    StaffId, "staff");
id_type!(/// Id of an action.
    ActionId, "act");
id_type!(/// Id of a public statement.
    StatementId, "stmt");
id_type!(/// Id of a source.
    SourceId, "src");
id_type!(/// Id of a postmortem follow-up item.
    FollowUpId, "fu");
id_type!(/// Id of a person or group outside the organisation (an attacker, a journalist).
    OutsiderId, "out");

/// Eight characters of base-32 from the clock, the process id and a counter, mixed.
fn random_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let seed = nanos
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut x = splitmix64(seed);
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    (0..8)
        .map(|_| {
            let c = ALPHABET[(x & 31) as usize] as char;
            x >>= 5;
            c
        })
        .collect()
}

/// The splitmix64 mixing function (public domain), also used by the case generator.
pub fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whether `id` is a usable id: 1–64 characters of ASCII letters, digits, `-`, `_` or `.`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_distinct_and_valid() {
        let ids: std::collections::HashSet<_> = (0..10_000).map(|_| ActionId::generate()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(
            ids.iter()
                .all(|id| is_valid_id(id.as_str()) && id.as_str().starts_with("act-"))
        );
    }
}
