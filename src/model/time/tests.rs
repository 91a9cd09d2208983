#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::duration::*;
use super::*;

fn ny() -> Tz {
    chrono_tz::America::New_York
}

#[test]
fn dates_and_times_as_sources_print_them() {
    let iso = |text: &str| When::parse(text, ny()).expect(text);
    let same = |human: &str, canonical: &str| {
        assert_eq!(
            iso(human),
            iso(canonical),
            "{human:?} reads as {canonical:?}"
        );
    };
    same("Nov 2, 2017", "2017-11-02");
    same("November 2, 2017", "2017-11-02");
    same("Nov. 2nd, 2017", "2017-11-02");
    same("2 November 2017", "2017-11-02");
    same("the 2nd of November, 2017", "2017-11-02");
    same("Thursday, November 2, 2017", "2017-11-02");
    same("Thu. Nov 2, 2017", "2017-11-02");
    same("November 2017", "2017-11");
    same("Sept 2017", "2017-09");
    same("Nov 2, 2017 6:45 pm", "2017-11-02 18:45");
    same("Nov 2, 2017 at 6:45 p.m.", "2017-11-02 18:45");
    same("Nov 2, 2017 6:45PM", "2017-11-02 18:45");
    same("2017-11-02 6pm", "2017-11-02 18");
    same("2017-11-02 12:05 am", "2017-11-02 00:05");
    same("2017-11-02 12:30pm", "2017-11-02 12:30");
    same("Nov 2, 2017 evening", "2017-11-02 evening");
    same("evening of Nov 2, 2017", "2017-11-02 evening");
    same("about Nov 2, 2017 7 pm", "~2017-11-02 19");
    // News style puts the clock first.
    same("6:45 p.m. Thursday, Nov. 2, 2017", "2017-11-02 18:45");
    same("at 6:45 p.m. on Nov 2, 2017", "2017-11-02 18:45");
    same("7 pm Nov 2, 2017", "2017-11-02 19");
    same("18:45 2 Nov 2017", "2017-11-02 18:45");
    same("12:00 a.m. Jan 1 2000", "2000-01-01 00:00");
    same(
        "6:45 p.m. Nov 2, 2017 ET",
        "2017-11-02 18:45 America/New_York",
    );
    // Zone abbreviations stand for one zone or offset each.
    same(
        "Nov 2, 2017 6:45 pm ET",
        "2017-11-02 18:45 America/New_York",
    );
    same("Nov 2, 2017 3:45 pm PDT", "2017-11-02 22:45 UTC");
    same("Nov 2, 2017 10:45 pm GMT", "2017-11-02 22:45 UTC");
    same("2017-11-02 18:45 EST", "2017-11-02 23:45 UTC");
    // Precision follows what was written.
    assert_eq!(iso("Nov 2, 2017").precision, Precision::Day);
    assert_eq!(iso("Nov 2017").precision, Precision::Month);
    assert_eq!(iso("Nov 2, 2017 6 pm").precision, Precision::Hour);
    assert_eq!(iso("Nov 2, 2017 6:45 pm").precision, Precision::Minute);
}

#[test]
fn a_weekday_that_does_not_match_the_date_is_refused() {
    // Checked against the date however it is written, in the zone the text names.
    assert!(When::parse("Thursday 2017-11-02", ny()).is_ok());
    assert!(matches!(
        When::parse("Friday 2017-11-02 18:45", ny()),
        Err(TimeParseError::WrongWeekday(..))
    ));
    assert!(When::parse("Thu, Nov 2, 2017 11 pm PST", ny()).is_ok());
    let err = When::parse("Friday, Nov 2, 2017", ny()).unwrap_err();
    assert!(matches!(err, TimeParseError::WrongWeekday(..)));
    assert!(
        err.to_string().contains("Nov 2, 2017 was a Thursday"),
        "{err}"
    );
}

#[test]
fn slashed_all_number_dates_are_refused_as_ambiguous() {
    for text in ["11/02/2017", "2/11/2017 18:45", "~11/02/17"] {
        assert!(
            matches!(
                When::parse(text, ny()),
                Err(TimeParseError::AmbiguousDate(_))
            ),
            "{text}"
        );
    }
    let message = When::parse("11/02/2017", ny()).unwrap_err().to_string();
    assert!(
        message.contains("ambiguous") && message.contains("Nov 2, 2017"),
        "{message}"
    );
}

#[test]
fn what_is_not_a_date_stays_unreadable() {
    for text in [
        "Nov 2017 6pm",
        "Nov 32, 2017",
        "Feb 30, 2017",
        "13pm",
        "2017-11-02 13 pm",
        "2017-11-02 0 am",
        "Movember 2, 2017",
        "CST 2017-11-02",
        "2017-11-02 18:45 CST",
        "2017-11-02 18:45 IST",
        "evening",
        "pm",
        ",,,",
    ] {
        assert!(When::parse(text, ny()).is_err(), "{text} is refused");
    }
}

#[test]
fn parse_and_display_each_precision() {
    let cases = [
        ("2017", "2017", Precision::Year),
        ("2017-11", "2017-11", Precision::Month),
        ("2017-11-02", "2017-11-02", Precision::Day),
        (
            "~2017-11-02 evening",
            "2017-11-02 ~evening",
            Precision::PartOfDay,
        ),
        (
            "2017-11-02 18",
            "2017-11-02 18:00–19:00 EDT",
            Precision::Hour,
        ),
        (
            "about 2017-11-02 18:45",
            "2017-11-02 ~18:45 EDT",
            Precision::Minute,
        ),
        (
            "2017-11-02T18:45:10",
            "2017-11-02 18:45:10 EDT",
            Precision::Second,
        ),
    ];
    for (input, shown, precision) in cases {
        let w = When::parse(input, ny()).unwrap();
        assert_eq!(w.precision, precision, "{input}");
        assert_eq!(w.display(ny()), shown, "{input}");
        assert_eq!(
            When::parse(&w.input_text(ny()), ny()).unwrap(),
            w,
            "{input} round trip"
        );
    }
}

#[test]
fn zone_in_text_wins() {
    let w = When::parse("2017-11-02 18:45 UTC", ny()).unwrap();
    assert_eq!(w.at.to_rfc3339(), "2017-11-02T18:45:00+00:00");
    let w = When::parse("2017-11-02 18:45 Europe/Berlin", ny()).unwrap();
    assert_eq!(w.at.to_rfc3339(), "2017-11-02T17:45:00+00:00");
    let w = When::parse("2017-11-02 18:45 -05:00", ny()).unwrap();
    assert_eq!(w.at.to_rfc3339(), "2017-11-02T23:45:00+00:00");
    assert!(matches!(
        When::parse("2017-11-02 18:45 Mars/Olympus", ny()),
        Err(TimeParseError::UnknownZone(_))
    ));
}

#[test]
fn day_interval_follows_dst() {
    // 2017-11-05 is the fall-back day in New York: 25 hours long.
    let w = When::parse("2017-11-05", ny()).unwrap();
    let (start, end) = w.interval(ny());
    assert_eq!((end - start).num_hours(), 25);
    let w = When::parse("2017-03-12", ny()).unwrap();
    let (start, end) = w.interval(ny());
    assert_eq!((end - start).num_hours(), 23);
}

#[test]
fn month_and_year_intervals() {
    let w = When::parse("2017-02", Tz::UTC).unwrap();
    let (s, e) = w.interval(Tz::UTC);
    assert_eq!((e - s).num_days(), 28);
    let w = When::parse("2016", Tz::UTC).unwrap();
    let (s, e) = w.interval(Tz::UTC);
    assert_eq!((e - s).num_days(), 366);
}

#[test]
fn nonexistent_local_time_is_an_error() {
    assert!(matches!(
        When::parse("2017-03-12 02:30", ny()),
        Err(TimeParseError::Nonexistent(..))
    ));
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    for bad in [
        "",
        "yesterday",
        "2017-13-01",
        "2017-02-30",
        "2017-11-02 25:00",
        "99999999999",
        "2017-11-02 x y z",
    ] {
        assert!(When::parse(bad, ny()).is_err(), "{bad}");
    }
}

#[test]
fn durations_as_articles_write_them() {
    let reads = |text: &str, secs: i64, approximate: bool| {
        assert_eq!(
            ApproxDuration::parse(text),
            Ok(ApproxDuration::new(secs, approximate)),
            "{text}"
        );
    };
    reads("for about 11 minutes", 660, true);
    reads("about eleven minutes", 660, true);
    reads("for 11 minutes", 660, false);
    reads("an hour", 3600, false);
    reads("about half an hour", 1800, true);
    reads("1 hour and 30 minutes", 5400, false);
    reads("two days", 2 * 86_400, false);
    reads("forty five minutes", 45 * 60, false);
    for bad in [
        "for",
        "and",
        "a",
        "half",
        "half an",
        "eleven",
        "an hour and",
        // A unit twice is a slip.
        "2h2h",
        "1h61h",
        "1 min 30 s 10 s",
    ] {
        assert!(ApproxDuration::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn durations() {
    let d = ApproxDuration::parse("about 11 minutes").unwrap();
    assert_eq!(d, ApproxDuration::new(660, true));
    assert_eq!(d.to_string(), "about 11 min");
    assert_eq!(ApproxDuration::parse("1h30m").unwrap().secs, 5400);
    assert_eq!(
        ApproxDuration::parse("~2 h").unwrap(),
        ApproxDuration::new(7200, true)
    );
    assert_eq!(ApproxDuration::parse("3 days").unwrap().to_string(), "3 d");
    assert_eq!(ApproxDuration::new(5400, false).to_string(), "1 h 30 min");
    for bad in ["", "eleven", "11", "11 parsecs", "-3 min"] {
        assert!(ApproxDuration::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn bounds_read_and_show_as_written() {
    let tz = ny();
    let by = When::parse("by 2020-07-15 19:00", tz).unwrap();
    assert_eq!(by.bound, Some(TimeBound::Before));
    assert_eq!(by.precision, Precision::Minute);
    assert_eq!(by.display(tz), "by 2020-07-15 19:00 EDT");
    for text in [
        "on or before 2020-07-15",
        "no later than July 15, 2020",
        "before 2020-07-15",
    ] {
        let w = When::parse(text, tz).unwrap();
        assert_eq!(
            (w.bound, w.precision),
            (Some(TimeBound::Before), Precision::Day),
            "{text}"
        );
    }
    let after = When::parse("after 2020-07-15 15:00 America/Los_Angeles", tz).unwrap();
    assert_eq!(after.bound, Some(TimeBound::After));
    assert_eq!(after.display(tz), "after 2020-07-15 18:00 EDT");
    let approx = When::parse("after ~2020-07-15 evening", tz).unwrap();
    assert!(approx.approximate);
    // What the editor shows reads back the same.
    for w in [by, after, approx] {
        assert_eq!(
            When::parse(&w.input_text(tz), tz).unwrap(),
            w,
            "{}",
            w.input_text(tz)
        );
    }
    for bad in ["by", "by ", "after after 2020-07-15", "by someday"] {
        assert!(When::parse(bad, tz).is_err(), "{bad}");
    }
}

#[test]
fn a_bound_sorts_at_its_limit() {
    let tz = ny();
    let on_the_15th = When::parse("2020-07-15 10:00", tz).unwrap();
    let by_the_15th = When::parse("on or before 2020-07-15", tz).unwrap();
    let after_3 = When::parse("after 2020-07-15 15:00", tz).unwrap();
    let at_3_30 = When::parse("2020-07-15 15:30", tz).unwrap();
    assert!(by_the_15th.order_key(tz) < on_the_15th.order_key(tz));
    // Level with 15:00 itself (its latest moment); the chronology lists the bound after it.
    assert!(after_3.order_key(tz) >= When::parse("2020-07-15 15:00", tz).unwrap().order_key(tz));
    assert!(after_3.order_key(tz) <= at_3_30.order_key(tz));
}

#[test]
fn weeks_start_on_monday_and_read_back() {
    let tz = ny();
    let week = When::parse("week of 2020-07-15", tz).unwrap();
    assert_eq!(week.precision, Precision::Week);
    assert_eq!(week, When::parse("2020-W29", tz).unwrap());
    assert_eq!(
        week,
        When::parse("week of Monday, July 13, 2020", tz).unwrap()
    );
    assert_eq!(week.display(tz), "week of 2020-07-13");
    let (start, end) = week.interval(tz);
    assert_eq!((end - start).num_days(), 7);
    assert_eq!(
        start,
        When::parse("2020-07-13", tz).unwrap().at,
        "the week starts at Monday midnight in the case's zone"
    );
    assert_eq!(When::parse(&week.input_text(tz), tz).unwrap(), week);
    let approx = When::parse("~week of 2020-07-13", tz).unwrap();
    assert!(approx.approximate && approx.precision == Precision::Week);
    assert!(
        When::parse("week of 2020-07", tz).is_err(),
        "a week is of a day"
    );
    assert!(When::parse("2020-W54", tz).is_err());
    // Truncating any instant in it gives the same week.
    let mid = When {
        at: start + Duration::days(3) + Duration::hours(5),
        ..week.clone()
    };
    assert_eq!(mid.truncated(tz), week);
}

#[test]
fn durations_known_only_as_limits() {
    let d = ApproxDuration::parse("at least 12 hours").unwrap();
    assert_eq!((d.secs, d.limit), (12 * 3600, Some(Limit::AtLeast)));
    assert_eq!(d.to_string(), "at least 12 h");
    assert_eq!(ApproxDuration::parse(&d.to_string()).unwrap(), d);
    let d = ApproxDuration::parse("up to about 2 days").unwrap();
    assert_eq!(
        (d.secs, d.limit, d.approximate),
        (2 * 86400, Some(Limit::AtMost), true)
    );
    assert_eq!(ApproxDuration::parse(&d.to_string()).unwrap(), d);
    assert!(ApproxDuration::parse("at least").is_err());
}

#[test]
fn long_lengths_read_in_calendar_units() {
    let d = |secs: i64, approximate: bool| ApproxDuration::new(secs, approximate).calendar_text();
    assert_eq!(d(660, true), "about 11 min");
    assert_eq!(d(26 * 3600, false), "1 d 2 h");
    // 148 days across a daylight-saving change are 148 days, not "147 d 23 h".
    assert_eq!(d(148 * 86_400 - 3600, false), "148 days");
    assert_eq!(d(3 * 86_400 + 5 * 3600, false), "about 3 days");
    assert_eq!(d(615 * 86_400 + 3600, false), "about 20 months");
    assert_eq!(d(913 * 86_400, true), "about 2.5 years");
    let at_least = ApproxDuration {
        secs: 12 * 3600,
        approximate: false,
        limit: Some(Limit::AtLeast),
    };
    assert_eq!(at_least.calendar_text(), "at least 12 h");
}

#[test]
fn a_time_outside_the_years_a_case_holds_is_refused() {
    let tz = ny();
    for text in [
        "0999-12-31",
        "+262142-12-31T23:59:59Z",
        "-0044-03-15T12:00:00Z",
    ] {
        assert!(
            matches!(
                When::parse(text, tz),
                Err(TimeParseError::OutOfRange(_)) | Err(TimeParseError::Unreadable(_))
            ),
            "{text}: {:?}",
            When::parse(text, tz)
        );
    }
    assert!(When::parse("1000-01-01", tz).is_ok());
    assert!(When::parse("week of 9999-12-31", tz).is_ok());
}
