//! DSA.

use super::{Builder, Input, Options};

pub(super) fn read(_b: &mut Builder<'_>, _inputs: &[Input], _options: &Options) {}
