//! Exports of any case the loader accepts, with and without redaction, and Find in case
//! (`properties::export_case`): well-formed SVG, a RON export that loads again, never a panic.
#![no_main]

#[path = "../properties.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Layout is linear in the text, but large inputs only slow the search down.
    if data.len() > 64 * 1024 {
        return;
    }
    if let Ok(text) = std::str::from_utf8(data) {
        properties::export_case(text);
    }
});
