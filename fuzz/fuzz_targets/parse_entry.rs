//! Rows pasted into Quick entry, on arbitrary text (`properties::parse_entry`): read into a plan
//! or reported row by row, never a panic; what is ready to add applies as one edit that saves
//! and loads back.
#![no_main]

#[path = "../properties.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    properties::parse_entry(data);
});
