//! Spreadsheets (CSV with a header row).

use super::{Builder, Input, Options};

/// A field a CSV column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    When,
    End,
    Duration,
    What,
    Kind,
    Who,
    Target,
    Source,
    Tags,
    Notes,
    Zone,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::When,
        Field::End,
        Field::Duration,
        Field::What,
        Field::Kind,
        Field::Who,
        Field::Target,
        Field::Source,
        Field::Tags,
        Field::Notes,
        Field::Zone,
    ];

    /// The name in `--map` (`when`).
    pub fn name(self) -> &'static str {
        match self {
            Field::When => "when",
            Field::End => "end",
            Field::Duration => "duration",
            Field::What => "what",
            Field::Kind => "kind",
            Field::Who => "who",
            Field::Target => "target",
            Field::Source => "source",
            Field::Tags => "tags",
            Field::Notes => "notes",
            Field::Zone => "zone",
        }
    }

    /// The field named `name` (any case).
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }
}

pub(super) fn read(_b: &mut Builder<'_>, _inputs: &[Input], _options: &Options) {}
