//! Exports of any case the loader accepts: the report pages and the timeline image are
//! well-formed SVG (so rendering them cannot fail on their text), the CSV and the plain-text
//! summary are written, and the RON export loads again — with and without redaction, never a
//! panic. Find in case runs on it too.
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
        // The case as plain text (`casebook show`, Edit → Copy case summary).
        let _ = casebook::cli::show::show_case(&export::prepare(&case, &opts), case.tz());
        let ron = export::ron_text(&case, &opts).expect("an accepted case exports as RON");
        if let Err(e) = casebook::store::parse(&ron, path) {
            panic!("the RON export (redact {redact}) does not load: {e}");
        }
    }
    // Find in case, with words whose lower case is longer or shorter than they are ("İ", "ẞ"),
    // and a piece of the case's own title.
    let title: String = case.info.title.chars().skip(2).take(4).collect();
    for query in ["e", "İ", "i̇", "ẞ", "ß", "Σ", "\u{0301}", &title] {
        for hit in casebook::model::search::search(&case, query, 50) {
            let _ = casebook::model::search::describe(&case, &hit.record);
        }
    }
});
