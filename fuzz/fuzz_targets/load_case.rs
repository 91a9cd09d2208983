//! The case-file loader on arbitrary bytes: it must return a value or an error — never panic,
//! hang or exhaust memory — and whatever it accepts must validate and save back to text that
//! loads to the same case.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.case.ron");
    if let Ok(case) = casebook::store::parse(text, path) {
        let _ = casebook::model::validate(&case);
        let saved = casebook::store::to_text(&case).expect("an accepted case can be written");
        let again = casebook::store::parse(&saved, path).expect("what we write loads again");
        assert_eq!(again, case, "save → load changes the case");
    }
});
