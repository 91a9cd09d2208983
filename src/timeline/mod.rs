//! The timeline, as pure layout: items derived from a case, lanes, the time↔x transform, ticks,
//! culling, aggregation and gap compression. No egui here; the app's widget and the exports draw
//! from the same layout.

pub mod groups;
pub mod items;
pub mod layout;
pub mod palette;
pub mod ticks;
pub mod view;

pub use groups::{LaneGroup, group_alike_accounts};
pub use items::{Item, ItemKind, Moments, derive_items};
pub use layout::{
    Compression, Grouping, Hidden, Lane, LaneKey, Lanes, Mark, account_lane_label, aggregate,
    anchors, estimate_text, gather_hidden, pack_rows, pack_rows_pinned,
};
pub use ticks::{Step, Tick, stretch_dates, ticks};
pub use view::TimeView;
