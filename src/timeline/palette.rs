//! One palette for screen and paper: the colour of each record kind, of an account while it is
//! available, not available or compromised, and of an unauthorized action. The app's widget and
//! the exported timeline and report take their colours from here, so a bar is the same red on
//! the projector and on the printout.

use super::{Item, ItemKind};
use crate::model::state::AccountState;
use crate::model::{ActionKind, RecordKind};

/// An account while it is available.
pub const AVAILABLE: [u8; 3] = [0x3f, 0xa3, 0x5b];
/// An account while it is not (deactivated, suspended, restricted).
pub const UNAVAILABLE: [u8; 3] = [0xc6, 0x28, 0x28];
/// An account while someone without authority controls it, and the actions of the intrusion
/// (the takeover, posts made from the account): a deep purple, drawn hatched, so it never
/// reads as "restricted" red or as an ordinary orange action.
pub const COMPROMISED: [u8; 3] = [0x6a, 0x1b, 0x9a];
/// The darker stripes over a compromised stretch.
pub const COMPROMISED_HATCH: [u8; 3] = [0x2e, 0x0a, 0x45];
/// The outline and label of an unauthorized action.
pub const UNAUTHORIZED: [u8; 3] = [0xc6, 0x28, 0x28];

/// The colour of a record kind (glyphs, lanes, marks).
pub fn kind_rgb(kind: RecordKind) -> [u8; 3] {
    kind.rgb()
}

/// The colour of an action of `kind`: the intrusion (a takeover, an unauthorized post) in the
/// compromised purple, taking it back (a credential reset, access revoked) in the available
/// green, everything else in the action orange.
pub fn action_rgb(kind: ActionKind) -> [u8; 3] {
    match kind {
        ActionKind::AccountTakeover | ActionKind::UnauthorizedPost => COMPROMISED,
        ActionKind::CredentialReset | ActionKind::AccessRevoked => AVAILABLE,
        _ => kind_rgb(RecordKind::Action),
    }
}

/// Whether an item is drawn hatched: an account's compromised stretch.
pub fn is_hatched(item: &Item) -> bool {
    item.kind == ItemKind::State(AccountState::Compromised)
}

/// The colour an item is drawn in.
pub fn item_rgb(item: &Item) -> [u8; 3] {
    match item.kind {
        ItemKind::State(AccountState::Compromised) => COMPROMISED,
        ItemKind::State(state) if state.is_available() => AVAILABLE,
        ItemKind::State(_) => UNAVAILABLE,
        ItemKind::Action(kind) => action_rgb(kind),
        other => kind_rgb(other.record_kind()),
    }
}

/// `#rrggbb`, for SVG.
pub fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_what_svg_reads() {
        assert_eq!(hex(UNAUTHORIZED), "#c62828");
        assert_eq!(hex(AVAILABLE), "#3fa35b");
    }

    #[test]
    fn every_action_kind_has_a_colour_and_the_intrusion_is_never_restriction_red() {
        for &kind in ActionKind::ALL {
            let rgb = action_rgb(kind);
            assert_ne!(rgb, [0, 0, 0], "{kind}");
        }
        for kind in [ActionKind::AccountTakeover, ActionKind::UnauthorizedPost] {
            assert_eq!(action_rgb(kind), COMPROMISED);
        }
        for kind in [ActionKind::CredentialReset, ActionKind::AccessRevoked] {
            assert_eq!(action_rgb(kind), AVAILABLE);
        }
        assert_ne!(COMPROMISED, UNAVAILABLE);
        assert_ne!(COMPROMISED, kind_rgb(RecordKind::Action));
        // Distinct from every record kind's colour too (a staff lane's violet, an outsider's
        // pink), so a compromised bar is never taken for something else.
        for kind in RecordKind::ALL {
            assert_ne!(COMPROMISED, kind_rgb(kind), "{kind:?}");
        }
    }
}
