//! Files to import, on arbitrary bytes (`properties::import_file`): the first byte picks Ozone,
//! CSV, Timesketch or DSA; read into a plan with problems at real lines, never a panic; the plan
//! applies (directly and as one edit, alike), saves and loads back; a second import adds nothing.
#![no_main]

#[path = "../properties.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    properties::import_file(data);
});
