//! Times with precision: `When` parse/display/interval/input_text across zones and DST changes,
//! and `ApproxDuration` display/parse.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use casebook::model::{ApproxDuration, Precision, TimeParseError, When, Zone};
use chrono::{DateTime, Duration, NaiveDateTime, Offset as _, TimeZone as _, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

const ZONES: [&str; 5] = [
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "UTC",
    "Australia/Lord_Howe",
];

fn tz(name: &str) -> Tz {
    name.parse().unwrap()
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap()
}

fn local(t: DateTime<Utc>, zone: Tz) -> NaiveDateTime {
    t.with_timezone(&zone).naive_local()
}

/// The When for instant `t` at `precision` built from its local time, and whether its input text
/// reads back to it.
fn round_trips(
    t: DateTime<Utc>,
    precision: Precision,
    approximate: bool,
    zone: Tz,
) -> Result<(), String> {
    let w = When::from_local(local(t, zone), precision, approximate, zone)
        .map_err(|e| format!("from_local {t} {precision:?} {zone}: {e}"))?;
    let text = w.input_text(zone);
    match When::parse(&text, zone) {
        Ok(back) if back == w => Ok(()),
        Ok(back) => Err(format!(
            "{t} {precision:?} in {zone}: {text:?} read back as {back:?}, not {w:?}"
        )),
        Err(e) => Err(format!(
            "{t} {precision:?} in {zone}: {text:?} does not parse: {e}"
        )),
    }
}

/// Whether the time of instant `t` at `precision` (its period in `zone`, as the editor stores a
/// time typed with its own offset) reads back to itself from its input text. Unlike
/// [`round_trips`], this reaches the second copy of the hour repeated when clocks go back.
fn instant_round_trips(t: DateTime<Utc>, precision: Precision, zone: Tz) -> Result<(), String> {
    let w = When {
        at: t,
        precision,
        approximate: false,
        zone: None,
        bound: None,
    }
    .truncated(zone);
    let text = w.input_text(zone);
    match When::parse(&text, zone) {
        Ok(back) if back == w => Ok(()),
        other => Err(format!(
            "{t} {precision:?} in {zone}: {text:?} read back as {other:?}, not {w:?}"
        )),
    }
}

/// Instants every 10 minutes from 3 hours before to 4 hours after each change of UTC offset
/// of `zone` in `year`.
fn around_offset_changes(zone: Tz, year: i32) -> Vec<DateTime<Utc>> {
    let offset = |t: DateTime<Utc>| {
        zone.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let mut out = Vec::new();
    let mut t = utc(year, 1, 1, 0, 0, 0);
    let end = utc(year + 1, 1, 1, 0, 0, 0);
    while t < end {
        let next = t + Duration::hours(1);
        if offset(t) != offset(next) {
            let mut probe = t - Duration::hours(3);
            while probe < t + Duration::hours(4) {
                out.push(probe);
                probe += Duration::minutes(10);
            }
        }
        t = next;
    }
    out
}

fn assert_round_trips_around_dst(zones: &[&str]) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in zones {
        let zone = tz(name);
        for year in [2017, 2024] {
            for t in around_offset_changes(zone, year) {
                for precision in Precision::ALL {
                    checked += 1;
                    if let Err(e) = round_trips(t, precision, false, zone) {
                        failures.push(e);
                    }
                    if let Err(e) = instant_round_trips(t, precision, zone) {
                        failures.push(e);
                    }
                }
            }
        }
    }
    assert!(checked > 0, "none of {zones:?} changes its offset");
    assert!(
        failures.is_empty(),
        "{} of {checked} failed, e.g. {:#?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
}

// ---------------------------------------------------------------------------------------------
// input_text → parse round trip.

proptest! {
    // Pinned seed: tests stay deterministic; the DST edge cases are swept exhaustively by
    // `lord_howe_and_midnight_dst_zones_round_trip`.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, rng_seed: RngSeed::Fixed(0xca5e_b00c), ..ProptestConfig::default() })]

    #[test]
    fn input_text_parses_back_to_the_same_time(secs in 0i64..4_102_444_800, approximate in any::<bool>()) {
        let t = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
        for name in ZONES {
            for precision in Precision::ALL {
                prop_assert!(round_trips(t, precision, approximate, tz(name)).is_ok(), "{:?}", round_trips(t, precision, approximate, tz(name)));
            }
        }
    }

    #[test]
    fn period_contains_the_instant_and_periods_tile(secs in 0i64..4_102_444_800) {
        let t = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
        for name in ZONES {
            let zone = tz(name);
            // A local time shown twice (DST fall-back) is ambiguous; from_local takes the earlier.
            if zone.from_local_datetime(&local(t, zone)).single().is_none() {
                continue;
            }
            for precision in Precision::ALL {
                let w = When::from_local(local(t, zone), precision, false, zone).unwrap();
                let (start, end) = w.interval(zone);
                prop_assert_eq!(start, w.at);
                prop_assert!(start <= t && t < end, "{} {:?} in {}: [{}, {})", t, precision, name, start, end);
                prop_assert_eq!(w.latest(zone), end);
                // The next period starts where this one ends.
                let next = When::from_local(local(end, zone), precision, false, zone).unwrap();
                prop_assert_eq!(next.at, end, "{:?} in {} after {}", precision, name, t);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, rng_seed: RngSeed::Fixed(0x20_e5), ..ProptestConfig::default() })]

    /// An hour, part of day, day, month or year given in another zone (or at an offset) keeps
    /// that zone: its period is reckoned there, contains the instant, and the editing text reads
    /// back to the very same time in every case zone.
    #[test]
    fn a_time_in_another_zone_reads_back_in_its_zone(secs in 0i64..4_102_444_800, approximate in any::<bool>()) {
        let t = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
        let mut given: Vec<Zone> = ZONES.iter().map(|n| Zone::Named(tz(n))).collect();
        given.push(Zone::Named(tz("Europe/London")));
        given.push(Zone::from_name("+05:45").unwrap());
        given.push(Zone::from_name("-03:30").unwrap());
        for case_zone in ZONES.map(tz) {
            for &zone in &given {
                if zone == Zone::Named(case_zone) {
                    continue;
                }
                for precision in Precision::ALL.into_iter().filter(|p| *p > Precision::Minute) {
                    let w = When { at: t, precision, approximate, zone: Some(zone), bound: None }.truncated(case_zone);
                    prop_assert_eq!(w.zone, Some(zone));
                    let (start, end) = w.interval(case_zone);
                    prop_assert!(start <= t && t < end, "{} {:?} in {}: [{}, {})", t, precision, zone, start, end);
                    // Reckoned in its own zone: the same period whatever the case's zone is.
                    prop_assert_eq!(w.interval(Tz::UTC), (start, end));
                    let text = w.input_text(case_zone);
                    let back = When::parse(&text, case_zone).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
                    if back != w {
                        // Only a period starting in the second copy of an hour repeated when
                        // `zone` falls back is written with that copy's offset instead of the
                        // zone's name; it must still be the same period.
                        let repeated = matches!(zone, Zone::Named(_)) && zone.from_local_datetime(&w.at.with_timezone(&zone).naive_local()).single().is_none();
                        prop_assert!(repeated, "{} {:?} in {} (case in {}): {:?} read back as {:?}, not {:?}", t, precision, zone, case_zone, text, back, w);
                        prop_assert_eq!((back.at, back.precision, back.approximate), (w.at, w.precision, w.approximate));
                        prop_assert_eq!(back.interval(case_zone), (start, end), "{:?}", text);
                    }
                }
            }
        }
    }
}

#[test]
fn a_day_given_in_another_zone_stays_that_zones_day() {
    let ny = tz("America/New_York");
    let london = tz("Europe/London");
    // A London paper's "Nov 2, 2017" in a New York case is London's Nov 2, which began at
    // 20:00 on Nov 1 in New York.
    let w = When::parse("Nov 2, 2017 Europe/London", ny).unwrap();
    assert_eq!(w.zone, Some(Zone::Named(london)));
    assert_eq!(w.at, utc(2017, 11, 2, 0, 0, 0));
    assert_eq!(w.interval(ny), (w.at, utc(2017, 11, 3, 0, 0, 0)));
    assert_eq!(w.display(ny), "2017-11-02 (Europe/London)");
    // Shown in London itself, it needs no zone name.
    assert_eq!(w.display(london), "2017-11-02");
    // Editing shows it as given; reading that back, or truncating it, changes nothing. (This
    // used to show "2017-11-01", and clicking into the field moved it to New York's Nov 1.)
    assert_eq!(w.input_text(ny), "2017-11-02 Europe/London");
    assert_eq!(When::parse(&w.input_text(ny), ny), Ok(w.clone()));
    assert_eq!(w.truncated(ny), w);
}

#[test]
fn each_coarse_precision_is_reckoned_in_the_zone_it_was_given_in() {
    let ny = tz("America/New_York");
    for (text, shown, input, start, end) in [
        (
            "2011-01 UTC",
            "2011-01 (UTC)",
            "2011-01 UTC",
            utc(2011, 1, 1, 0, 0, 0),
            utc(2011, 2, 1, 0, 0, 0),
        ),
        (
            "about 2017 Asia/Kolkata",
            "~2017 (Asia/Kolkata)",
            "~2017 Asia/Kolkata",
            utc(2016, 12, 31, 18, 30, 0),
            utc(2017, 12, 31, 18, 30, 0),
        ),
        (
            "2017-11-02 evening Asia/Kolkata",
            "2017-11-02 evening (Asia/Kolkata)",
            "2017-11-02 evening Asia/Kolkata",
            utc(2017, 11, 2, 12, 30, 0),
            utc(2017, 11, 2, 18, 30, 0),
        ),
        (
            "2017-11-02 +05:30",
            "2017-11-02 (UTC+05:30)",
            "2017-11-02 +05:30",
            utc(2017, 11, 1, 18, 30, 0),
            utc(2017, 11, 2, 18, 30, 0),
        ),
        (
            // An hour at a half-hour offset is not an hour on New York's clock.
            "2024-05-01 18 +05:30",
            "2024-05-01 18:00–19:00 +05:30",
            "2024-05-01 18 +05:30",
            utc(2024, 5, 1, 12, 30, 0),
            utc(2024, 5, 1, 13, 30, 0),
        ),
        (
            "2024-05-01 18 Asia/Kolkata",
            "2024-05-01 18:00–19:00 IST",
            "2024-05-01 18 Asia/Kolkata",
            utc(2024, 5, 1, 12, 30, 0),
            utc(2024, 5, 1, 13, 30, 0),
        ),
    ] {
        let w = When::parse(text, ny).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert!(w.zone.is_some(), "{text:?}");
        assert_eq!(w.display(ny), shown, "{text:?}");
        assert_eq!(w.input_text(ny), input, "{text:?}");
        assert_eq!(When::parse(input, ny), Ok(w.clone()), "{text:?}");
        assert_eq!(w.interval(ny), (start, end), "{text:?}");
        assert_eq!(w.truncated(ny), w, "{text:?}");
    }
}

#[test]
fn a_view_in_another_zone_shows_periods_in_their_zone_and_instants_in_the_view() {
    let ny = tz("America/New_York");
    let la = tz("America/Los_Angeles");
    // New York's Nov 2 began on the evening of Nov 1 in Los Angeles: still Nov 2, New York's.
    let day = When::parse("2017-11-02", ny).unwrap();
    assert_eq!(day.display_in(ny, la), "2017-11-02 (America/New_York)");
    assert_eq!(day.display_in(ny, ny), day.display(ny));
    assert_eq!(day.display(ny), "2017-11-02");
    let evening = When::parse("~2017-11-02 evening", ny).unwrap();
    assert_eq!(
        evening.display_in(ny, Tz::UTC),
        "2017-11-02 ~evening (America/New_York)"
    );
    // An hour is shown on its own clock, which its abbreviation names.
    let hour = When::parse("2017-11-02 18", ny).unwrap();
    assert_eq!(
        hour.display_in(ny, tz("Asia/Kolkata")),
        "2017-11-02 18:00–19:00 EDT"
    );
    // Instants follow the view.
    let minute = When::parse("2017-11-02 18:45", ny).unwrap();
    assert_eq!(minute.display_in(ny, la), "2017-11-02 15:45 PDT");
    // A time given in the view's own zone needs no name there.
    let london = When::parse("2017-11-02 Europe/London", ny).unwrap();
    assert_eq!(london.display_in(ny, tz("Europe/London")), "2017-11-02");
    assert_eq!(london.display_in(ny, la), "2017-11-02 (Europe/London)");
}

#[test]
fn the_case_zone_and_its_offsets_add_no_zone() {
    let ny = tz("America/New_York");
    for text in [
        "2017-11-02",
        "2017-11-02 America/New_York",
        "2017-11-02 ET",
        // EDT is New York's offset on that day.
        "2017-11-02 EDT",
        "2017-11-02 -04:00",
        // The second 01:00 of the fall-back night.
        "2017-11-05 01 EST",
        // Minutes and seconds are instants: shown in any zone, they keep none.
        "2017-11-02 18:45 Europe/London",
        "2017-11-02 18:45:10 +05:30",
    ] {
        let w = When::parse(text, ny).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(w.zone, None, "{text:?}");
    }
    assert_eq!(
        When::parse("2017-11-02 18:45 Europe/London", ny)
            .unwrap()
            .display(ny),
        "2017-11-02 14:45 EDT"
    );
}

#[test]
fn a_finer_precision_drops_the_zone_and_keeps_the_start() {
    // The editor's precision drop-down truncates; a minute is an instant, shown in the case zone.
    let ny = tz("America/New_York");
    let mut w = When::parse("2017-11-02 Europe/London", ny).unwrap();
    w.precision = Precision::Minute;
    let w = w.truncated(ny);
    assert_eq!(w.zone, None);
    assert_eq!(w.at, utc(2017, 11, 2, 0, 0, 0));
    assert_eq!(w.display(ny), "2017-11-01 20:00 EDT");
    // And back to a day: New York's day now, since the zone was dropped with the minute.
    let mut day = w.clone();
    day.precision = Precision::Day;
    assert_eq!(day.truncated(ny).display(ny), "2017-11-01");
}

#[test]
fn round_trips_around_every_dst_change() {
    assert_round_trips_around_dst(&[
        "America/New_York",
        "Europe/Berlin",
        "Europe/London",
        "Australia/Sydney",
    ]);
}

#[test]

fn lord_howe_and_midnight_dst_zones_round_trip() {
    // Lord Howe skips 02:00–02:30 local: the hour "02" exists from 02:30, yet `When::parse(".. 02")`
    // says it does not exist. Santiago and Havana skip midnight: a whole date cannot be entered.
    assert_round_trips_around_dst(&["Australia/Lord_Howe"]);
    assert!(
        When::parse("2017-08-13", tz("America/Santiago")).is_ok(),
        "13 Aug 2017 is a real day in Santiago"
    );
    assert!(
        When::parse("2017-03-12", tz("America/Havana")).is_ok(),
        "12 Mar 2017 is a real day in Havana"
    );
    assert_round_trips_around_dst(&["America/Santiago", "America/Havana"]);
}

#[test]
fn the_second_of_the_repeated_hour_keeps_its_offset_when_edited() {
    // Typed with its offset: the second 01:30 of 5 Nov 2017 in New York (06:30 UTC). The editor
    // shows it as text and reads that text back when the field is edited; it must not slide to
    // the first 01:30 (05:30 UTC).
    let ny = tz("America/New_York");
    let w = When::parse("2017-11-05 01:30 -05:00", ny).unwrap();
    assert_eq!(w.at, utc(2017, 11, 5, 6, 30, 0));
    assert_eq!(w.input_text(ny), "2017-11-05 01:30 EST");
    assert_eq!(When::parse(&w.input_text(ny), ny), Ok(w.clone()));
    // The first 01:30 needs no zone; neither does any time outside the repeated hour.
    let first = When::parse("2017-11-05 01:30", ny).unwrap();
    assert_eq!(first.at, utc(2017, 11, 5, 5, 30, 0));
    assert_eq!(first.input_text(ny), "2017-11-05 01:30");
    // A zone with no abbreviation Casebook reads gets the numeric offset (Lord Howe goes back
    // from +11:00 to +10:30 at 02:00, repeating 01:30–02:00).
    let lh = tz("Australia/Lord_Howe");
    let w = When::parse("2017-04-02 01:45 +10:30", lh).unwrap();
    assert_eq!(w.input_text(lh), "2017-04-02 01:45 +10:30");
    assert_eq!(When::parse(&w.input_text(lh), lh), Ok(w));
}

#[test]

fn truncated_keeps_the_instant_in_its_period_during_the_repeated_hour() {
    // 2017-11-05 01:30:20 EST, the second 01:30 of that night in New York.
    let t = utc(2017, 11, 5, 6, 30, 20);
    let ny = tz("America/New_York");
    for precision in Precision::ALL {
        let w = When {
            at: t,
            precision,
            approximate: false,
            zone: None,
            bound: None,
        }
        .truncated(ny);
        let (start, end) = w.interval(ny);
        assert!(
            start <= t && t < end,
            "{precision:?}: {t} truncated to [{start}, {end}) shown as {}",
            w.display(ny)
        );
    }
}

#[test]
fn truncated_moves_to_the_start_of_the_period() {
    let berlin = tz("Europe/Berlin");
    let t = utc(2024, 7, 15, 16, 47, 33); // 18:47:33 CEST
    let cases = [
        (Precision::Second, "2024-07-15T16:47:33+00:00"),
        (Precision::Minute, "2024-07-15T16:47:00+00:00"),
        (Precision::Hour, "2024-07-15T16:00:00+00:00"),
        (Precision::PartOfDay, "2024-07-15T16:00:00+00:00"), // 18:00 local, the evening
        (Precision::Day, "2024-07-14T22:00:00+00:00"),
        (Precision::Month, "2024-06-30T22:00:00+00:00"),
        (Precision::Year, "2023-12-31T23:00:00+00:00"), // winter time on Jan 1
    ];
    for (precision, start) in cases {
        let w = When {
            at: t,
            precision,
            approximate: true,
            zone: None,
            bound: None,
        }
        .truncated(berlin);
        assert_eq!(w.at.to_rfc3339(), start, "{precision:?}");
        assert!(w.approximate);
        assert_eq!(w.truncated(berlin), w, "truncating twice changes nothing");
    }
}

#[test]

fn rfc3339_with_a_fraction_reads_back() {
    let ny = tz("America/New_York");
    let w = When::parse("2017-11-02T22:45:10.5Z", ny).unwrap();
    assert_eq!(w.precision, Precision::Second);
    assert_eq!(When::parse(&w.input_text(ny), ny).unwrap(), w);
}

// ---------------------------------------------------------------------------------------------
// Parse and display details.

#[test]
fn display_in_other_zones_uses_their_wall_clock() {
    let w = When::parse("2017-11-02 18:45", tz("America/New_York")).unwrap();
    assert_eq!(w.display(tz("America/New_York")), "2017-11-02 18:45 EDT");
    assert_eq!(w.display(tz("UTC")), "2017-11-02 22:45 UTC");
    assert_eq!(w.display(tz("Europe/Berlin")), "2017-11-02 23:45 CET");
    assert_eq!(w.display(tz("Asia/Kolkata")), "2017-11-03 04:15 IST");
    // Lord Howe is on summer time (+11:00) in November.
    assert_eq!(w.display(tz("Australia/Lord_Howe")), "2017-11-03 09:45 +11");
}

#[test]
fn the_hours_of_a_fall_back_night_read_as_hours() {
    // 01:00 happened twice in New York on 5 Nov 2017: each hour ends at 02:00 on its own clock.
    let ny = tz("America/New_York");
    let first = When::parse("2017-11-05 01", ny).unwrap();
    assert_eq!(first.display(ny), "2017-11-05 01:00–02:00 EDT");
    let second = When::parse("2017-11-05 01 EST", ny).unwrap();
    assert_eq!(second.display(ny), "2017-11-05 01:00–02:00 EST");
    assert_eq!(second.at - first.at, Duration::hours(1));
}

#[test]
fn parts_of_day_have_six_hour_boundaries() {
    let kolkata = tz("Asia/Kolkata");
    for (clock, part) in [
        ("00:00", "night"),
        ("05:59", "night"),
        ("06:00", "morning"),
        ("11:59", "morning"),
        ("12:00", "afternoon"),
        ("18:00", "evening"),
        ("23:59", "evening"),
    ] {
        let exact = When::parse(&format!("2024-02-29 {clock}"), kolkata).unwrap();
        let naive = local(exact.at, kolkata);
        let w = When::from_local(naive, Precision::PartOfDay, false, kolkata).unwrap();
        assert_eq!(w.display(kolkata), format!("2024-02-29 {part}"), "{clock}");
        assert_eq!(
            When::parse(&format!("2024-02-29 {part}"), kolkata).unwrap(),
            w
        );
        let (s, e) = w.interval(kolkata);
        assert_eq!(e - s, Duration::hours(6));
    }
}

#[test]
fn intervals_follow_the_calendar_and_dst() {
    let ny = tz("America/New_York");
    // The night of the spring-forward day is only five hours long.
    let (s, e) = When::parse("2024-03-10 night", ny).unwrap().interval(ny);
    assert_eq!(e - s, Duration::hours(5));
    // Leap-year February.
    let (s, e) = When::parse("2024-02", ny).unwrap().interval(ny);
    assert_eq!((e - s).num_days(), 29);
    // Lord Howe's day of the spring change is 23.5 hours.
    let lh = tz("Australia/Lord_Howe");
    let (s, e) = When::parse("2024-10-06", lh).unwrap().interval(lh);
    assert_eq!(e - s, Duration::minutes(23 * 60 + 30));
    // The display hour on a half-hour offset.
    let w = When::parse("2024-02-29 18", tz("Asia/Kolkata")).unwrap();
    assert_eq!(w.display(tz("Asia/Kolkata")), "2024-02-29 18:00–19:00 IST");
    assert_eq!(w.at.to_rfc3339(), "2024-02-29T12:30:00+00:00");
}

#[test]
fn approximate_markers_are_recognised() {
    let berlin = tz("Europe/Berlin");
    let exact = When::parse("2024-05-01", berlin).unwrap();
    assert!(!exact.approximate);
    for text in [
        "~2024-05-01",
        "~ 2024-05-01",
        "about 2024-05-01",
        "around 2024-05-01",
        "approx. 2024-05-01",
        "approximately 2024-05-01",
        "circa 2024-05-01",
        "c. 2024-05-01",
        "ca. 2024-05-01",
        "About 2024-05-01",
    ] {
        let w = When::parse(text, berlin).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(w.approximate, "{text}");
        assert_eq!(
            When {
                approximate: false,
                ..w.clone()
            },
            exact,
            "{text}"
        );
        assert_eq!(w.display(berlin), "~2024-05-01");
    }
}

#[test]
fn a_zone_or_offset_in_the_text_wins_over_the_case_zone() {
    let ny = tz("America/New_York");
    let w = When::parse("2024-05-01 09:00 Asia/Kolkata", ny).unwrap();
    assert_eq!(w.at.to_rfc3339(), "2024-05-01T03:30:00+00:00");
    let w = When::parse("2024-05-01 09:00 +05:30", ny).unwrap();
    assert_eq!(w.at.to_rfc3339(), "2024-05-01T03:30:00+00:00");
    let w = When::parse("2024-05-01 09:00 Z", ny).unwrap();
    assert_eq!(w.at.to_rfc3339(), "2024-05-01T09:00:00+00:00");
    assert_eq!(
        When::parse("2024-05-01 09:00 Nowhere/Land", ny),
        Err(TimeParseError::UnknownZone("Nowhere/Land".to_owned()))
    );
    // Offsets as people and programs write them.
    for (text, utc) in [
        ("2024-05-01 09:00 -0500", "2024-05-01T14:00:00+00:00"),
        ("2024-05-01 09:00 -5", "2024-05-01T14:00:00+00:00"),
        ("2024-05-01 09:00 +5:30", "2024-05-01T03:30:00+00:00"),
        ("2024-05-01 09:00 UTC+1", "2024-05-01T08:00:00+00:00"),
        ("2024-05-01 09:00 GMT-05:00", "2024-05-01T14:00:00+00:00"),
        ("2024-05-01T09:00+02:00", "2024-05-01T07:00:00+00:00"),
        ("2024-05-01T09:00Z", "2024-05-01T09:00:00+00:00"),
    ] {
        let w = When::parse(text, ny).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(w.at.to_rfc3339(), utc, "{text:?}");
        assert_eq!(w.precision, Precision::Minute, "{text:?}");
    }
}

#[test]
fn garbage_after_a_time_is_not_read_as_an_offset() {
    // Each of these used to read: the offset reader kept whatever digits it found.
    let ny = tz("America/New_York");
    for bad in [
        "2034 -1-1",
        "2017-11-05 01:30 -05:[00",
        "2017-11-05 01:30 -05:noon00",
        "2034 at -22-C1d0UTC",
        "2024-05-01 09:00 +15",
        "2024-05-01 09:00 +05:75",
        "2024-05-01 09:00 +123",
    ] {
        assert!(When::parse(bad, ny).is_err(), "{bad:?} should not parse");
    }
}

#[test]
fn unreadable_times_are_errors() {
    let ny = tz("America/New_York");
    assert_eq!(When::parse("   ", ny), Err(TimeParseError::Empty));
    for bad in [
        "2024-02-30",
        "2023-02-29",
        "2024-00",
        "2024-13",
        "24-05-01",
        "2024-05-01 noon",
        "2024-05-01 24:00",
        "2024-05-01 12:60",
        "2024-05-01 12:00:60",
        "2024/05/01",
        "~",
        "about",
        // 18:5 could be 18:05 or 18:50; a hundred leading zeros are not an hour.
        "2024-05-01 18:5",
        "2024-05-01 6:4:9",
        "2024-05-01 000000000000000018:30",
        // A weekday needs a day to belong to.
        "Fri 2017",
        "Thursday, November 2017",
    ] {
        assert!(When::parse(bad, ny).is_err(), "{bad:?} should not parse");
    }
    // Skipped by the spring-forward change.
    assert!(matches!(
        When::parse("2024-03-10 02:30", ny),
        Err(TimeParseError::Nonexistent(..))
    ));
}

// ---------------------------------------------------------------------------------------------
// Durations.

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn duration_display_parses_back(secs in prop_oneof![0i64..200_000, 0i64..100_000_000_000], approximate in any::<bool>()) {
        let d = ApproxDuration::new(secs, approximate);
        let shown = d.to_string();
        prop_assert_eq!(ApproxDuration::parse(&shown), Ok(d), "{}", shown);
        prop_assert_eq!(shown.starts_with("about "), approximate);
    }

    #[test]
    fn duration_parts_add_up(d in 0i64..400, h in 0i64..24, m in 0i64..60, s in 0i64..60) {
        let secs = ((d * 24 + h) * 60 + m) * 60 + s;
        let shown = ApproxDuration::new(secs, false).to_string();
        // Largest unit first, zero parts left out.
        let mut expected = Vec::new();
        for (n, unit) in [(d, "d"), (h, "h"), (m, "min"), (s, "s")] {
            if n > 0 {
                expected.push(format!("{n} {unit}"));
            }
        }
        if expected.is_empty() {
            expected.push("0 s".to_owned());
        }
        prop_assert_eq!(shown, expected.join(" "));
        // Compact input reads the same.
        let compact = format!("{d}d{h}h{m}m{s}s");
        prop_assert_eq!(ApproxDuration::parse(&compact).map(|x| x.secs), Ok(secs));
    }
}

#[test]
fn duration_input_variants() {
    let cases = [
        ("11 MIN", 660, false),
        ("about 1 hour, 30 minutes", 5400, true),
        ("1.5 h", 5400, false),
        ("2 wks", 14 * 86_400, false),
        ("~ 3 d", 3 * 86_400, true),
        ("around 90 secs", 90, true),
        ("0 s", 0, false),
    ];
    for (text, secs, approximate) in cases {
        assert_eq!(
            ApproxDuration::parse(text),
            Ok(ApproxDuration::new(secs, approximate)),
            "{text}"
        );
    }
    for bad in [
        "",
        "about",
        "5",
        "min",
        "5 min 3",
        "inf s",
        "NaN h",
        "-1 h",
        "1e3 s",
        "99999999 w",
    ] {
        assert!(
            ApproxDuration::parse(bad).is_err(),
            "{bad:?} should not parse"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Typed times as sources print them.

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, rng_seed: RngSeed::Fixed(0x7157_0e5d), ..ProptestConfig::default() })]

    /// Any mix of month names, days, years, clocks, am/pm, zones and noise reads as a time or
    /// an error — never a panic — and a time that reads can be edited: the text the editor
    /// shows for it reads again, to the same precision.
    #[test]
    fn typed_times_read_or_fail_cleanly(words in proptest::collection::vec(prop_oneof![
        Just("Nov".to_owned()), Just("November".to_owned()), Just("Sept.".to_owned()),
        Just("Thursday,".to_owned()), Just("2nd".to_owned()), Just("2,".to_owned()),
        Just("2017".to_owned()), Just("2017-11-02".to_owned()), Just("6:45".to_owned()),
        Just("6:45pm".to_owned()), Just("p.m.".to_owned()), Just("am".to_owned()),
        Just("12".to_owned()), Just("at".to_owned()), Just("of".to_owned()),
        Just("evening".to_owned()), Just("ET".to_owned()), Just("PST".to_owned()),
        Just("~".to_owned()), Just("11/02/2017".to_owned()), Just(",".to_owned()),
        Just("for".to_owned()), Just("about".to_owned()), Just("eleven".to_owned()),
        Just("forty-five".to_owned()), Just("half".to_owned()), Just("an".to_owned()),
        Just("and".to_owned()), Just("minutes".to_owned()), Just("h".to_owned()),
        Just("-".to_owned()),
        "[0-9:/.,apmAPM-]{0,8}", "\\PC{0,6}",
    ], 0..7)) {
        let text = words.join(" ");
        let zone = tz("America/New_York");
        // The same words as a duration: read or refused, never a panic; what reads is shown in
        // a form that reads back.
        if let Ok(d) = ApproxDuration::parse(&text) {
            prop_assert_eq!(ApproxDuration::parse(&d.to_string()), Ok(d), "{:?}", text);
        }
        if let Ok(w) = When::parse(&text, zone) {
            let again = When::parse(&w.input_text(zone), zone);
            prop_assert!(again.as_ref().is_ok_and(|a| a.precision == w.precision), "{text:?} → {again:?}");
        }
    }
}

#[test]
fn a_day_that_was_skipped_whole_does_not_exist_and_the_day_before_ends_when_the_clocks_resume() {
    // Samoa moved across the date line: 29 December 2011 (UTC-10) was followed by 31 December
    // (UTC+14). Clocks jumped at 2011-12-30T10:00Z.
    let apia = tz("Pacific/Apia");
    let resumed = utc(2011, 12, 30, 10, 0, 0);
    assert!(
        matches!(
            When::parse("2011-12-30", apia),
            Err(TimeParseError::Nonexistent(..))
        ),
        "30 Dec 2011 never happened in Samoa: {:?}",
        When::parse("2011-12-30", apia)
    );
    let day_before = When::parse("2011-12-29", apia).unwrap();
    assert_eq!(
        day_before.interval(apia),
        (utc(2011, 12, 29, 10, 0, 0), resumed),
        "29 Dec ends when 31 Dec begins"
    );
    let day_after = When::parse("2011-12-31", apia).unwrap();
    assert_eq!(day_after.interval(apia).0, resumed);
    // The same day kept in Samoa's zone inside a case in another zone.
    let kept = When {
        zone: Some(Zone::Named(apia)),
        bound: None,
        ..day_before
    };
    assert_eq!(kept.interval(tz("Europe/London")).1, resumed);
    // A part of the day that ends in the gap ends when the clocks resume.
    let evening = When::parse("2011-12-29 evening", apia).unwrap();
    assert_eq!(evening.interval(apia).1, resumed);
}
