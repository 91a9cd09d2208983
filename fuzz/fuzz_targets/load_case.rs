//! The case-file loader on arbitrary bytes: it must return a value or an error — never panic,
//! hang or exhaust memory — and whatever it accepts must validate and save back to text that
//! loads to the same case (`properties::load_case`).
#![no_main]

#[path = "../properties.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        properties::load_case(text);
    }
});
