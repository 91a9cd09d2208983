//! Exports of any case the loader accepts: the report pages and the timeline image are
//! well-formed SVG (so rendering them cannot fail on their text), the CSV is written, and a
//! redacted RON export loads again — with and without redaction, never a panic.
#![no_main]

use std::path::Path;

use casebook::export::{self, ExportOptions};
use libfuzzer_sys::fuzz_target;
use resvg::usvg::roxmltree;

fuzz_target!(|data: &[u8]| {
    // Layout is linear in the text, but large inputs only slow the search down.
    if data.len() > 64 * 1024 {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.case.ron");
    let Ok(case) = casebook::store::parse(text, path) else {
        return;
    };
    for redact in [false, true] {
        let opts = ExportOptions {
            redact,
            ..ExportOptions::default()
        };
        for (i, page) in export::pages(&case, &opts).iter().enumerate() {
            if let Err(e) = roxmltree::Document::parse(page) {
                panic!(
                    "report page {} (redact {redact}) is not well-formed: {e}",
                    i + 1
                );
            }
        }
        let timeline = export::timeline_svg(&case, &opts);
        if let Err(e) = roxmltree::Document::parse(&timeline) {
            panic!("timeline (redact {redact}) is not well-formed: {e}");
        }
        let _ = export::csv_text(&case, &opts);
        let ron = export::ron_text(&case, &opts).expect("an accepted case exports as RON");
        if let Err(e) = casebook::store::parse(&ron, path) {
            panic!("the RON export (redact {redact}) does not load: {e}");
        }
    }
});
