//! What people type into the editor's time, duration and audience fields, on arbitrary text
//! (`properties::parse_input`): read or refused, never a panic, and what is accepted reads back
//! to the same value when edited.
#![no_main]

#[path = "../properties.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    properties::parse_input(data);
});
