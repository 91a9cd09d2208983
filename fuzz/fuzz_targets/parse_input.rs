//! What people type into the editor's time, duration and audience fields, on arbitrary text:
//! the parsers return a value or an error — never panic — and whatever they accept is shown and
//! offered for editing as text that reads back to the same value (so opening a field and
//! pressing Enter never changes the case).
#![no_main]

use casebook::model::{ApproxDuration, When, grouped, parse_count, time::parse_zone};
use chrono_tz::Tz;
use libfuzzer_sys::fuzz_target;

/// Case zones with the awkward cases: DST in both hemispheres, half-hour offsets and a
/// 30-minute DST shift (Lord Howe), a 45-minute offset (Chatham).
const ZONES: [Tz; 6] = [
    Tz::UTC,
    Tz::America__New_York,
    Tz::Europe__Berlin,
    Tz::Asia__Kolkata,
    Tz::Australia__Lord_Howe,
    Tz::Pacific__Chatham,
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let tz = ZONES[first as usize % ZONES.len()];

    if let Ok(when) = When::parse(text, tz) {
        let _ = when.display(tz);
        let (start, end) = when.interval(tz);
        assert!(start < end, "{text:?} in {tz}: empty interval");
        let input = when.input_text(tz);
        // The editor shows `input` in the case zone; reading it back gives the same time,
        // reckoned in the case zone (a time typed with its own zone is shown in the case's).
        assert_eq!(
            When::parse(&input, tz),
            Ok(when.truncated(tz)),
            "{text:?} in {tz}: shown for editing as {input:?}"
        );
    }

    if let Ok(duration) = ApproxDuration::parse(text) {
        let shown = duration.to_string();
        assert_eq!(
            ApproxDuration::parse(&shown),
            Ok(duration),
            "{text:?}: shown as {shown:?}"
        );
    }

    if let Some(count) = parse_count(text) {
        let shown = grouped(count);
        assert_eq!(
            parse_count(&shown),
            Some(count),
            "{text:?}: shown as {shown:?}"
        );
    }

    let _ = parse_zone(text);
});
