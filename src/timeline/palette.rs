//! One palette for screen and paper: the colour of each record kind, of an account while it is
//! available or not, and of an unauthorized action. The app's widget and the exported timeline
//! and report take their colours from here, so a bar is the same red on the projector and on
//! the printout.

use super::{Item, ItemKind};
use crate::model::RecordKind;

/// An account while it is available.
pub const AVAILABLE: [u8; 3] = [0x3f, 0xa3, 0x5b];
/// An account while it is not (deactivated, suspended, restricted).
pub const UNAVAILABLE: [u8; 3] = [0xc6, 0x28, 0x28];
/// The outline and label of an unauthorized action.
pub const UNAUTHORIZED: [u8; 3] = [0xc6, 0x28, 0x28];

/// The colour of a record kind (glyphs, lanes, marks).
pub fn kind_rgb(kind: RecordKind) -> [u8; 3] {
    kind.rgb()
}

/// The colour an item is drawn in.
pub fn item_rgb(item: &Item) -> [u8; 3] {
    match item.kind {
        ItemKind::State(state) if state.is_available() => AVAILABLE,
        ItemKind::State(_) => UNAVAILABLE,
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
}
