//! Times as people actually know them: an instant plus how precisely it is known.
//!
//! "Near the end of the day on Nov 2" and "about 11 minutes" are stored without invented
//! precision. Imprecise times are calendar periods reckoned in a time zone (the case's display
//! zone, or the zone the source gave), so `2017-11-02` at day precision covers that whole local
//! day.
//!
//! Pure data and arithmetic; never depends on the store, the UI or any I/O.

use std::fmt;

use chrono::{
    DateTime, Datelike as _, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime,
    NaiveTime, Offset, TimeZone, Timelike as _, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// How precisely a [`When`] is known, from the second to the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Precision {
    Second,
    Minute,
    Hour,
    /// A quarter of a day: night (0–6 h), morning (6–12 h), afternoon (12–18 h), evening (18–24 h).
    PartOfDay,
    Day,
    Month,
    Year,
}

impl Precision {
    /// Every precision, finest first.
    pub const ALL: [Precision; 7] = [
        Precision::Second,
        Precision::Minute,
        Precision::Hour,
        Precision::PartOfDay,
        Precision::Day,
        Precision::Month,
        Precision::Year,
    ];

    /// A short human label ("minute", "part of day").
    pub fn label(self) -> &'static str {
        match self {
            Precision::Second => "second",
            Precision::Minute => "minute",
            Precision::Hour => "hour",
            Precision::PartOfDay => "part of day",
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// The quarters of a day used by [`Precision::PartOfDay`].
const PARTS_OF_DAY: [&str; 4] = ["night", "morning", "afternoon", "evening"];

/// An instant known to some precision, perhaps only approximately.
///
/// `at` is the start of the period the precision describes (for `Day`, local midnight in the
/// zone the period is reckoned in), stored in UTC.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct When {
    /// Start of the period, in UTC.
    pub at: DateTime<Utc>,
    /// How precisely the time is known.
    pub precision: Precision,
    /// The source only says "about", "around", "near the end of".
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    /// The zone the source gave the time in, when it is not the case's: the hour, part of day,
    /// day, month or year is reckoned and shown there ("Nov 2, 2017" in a London paper is
    /// London's Nov 2 in a New York case). `None` for minutes and seconds, which are instants
    /// shown in any zone, and for times in the case's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
}

/// A time zone a time can be given in: an IANA zone or a fixed UTC offset ("+05:30").
///
/// Stored as its name (`"Europe/London"`, `"UTC"`) or offset (`"+05:30"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    Named(Tz),
    Offset(FixedOffset),
}

impl Zone {
    /// How the zone is written in a case file: `Europe/London`, `UTC`, `+05:30`.
    pub fn name(&self) -> String {
        match self {
            Zone::Named(tz) => tz.name().to_owned(),
            Zone::Offset(offset) => offset.to_string(),
        }
    }

    /// Reads what [`Zone::name`] writes.
    pub fn from_name(name: &str) -> Result<Self, TimeParseError> {
        match parse_offset(name) {
            Some(offset) => Ok(Zone::Offset(offset)),
            None => parse_zone(name).map(Zone::Named),
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Zone::from_name(&name).map_err(|_| {
            serde::de::Error::custom(format!(
                "unknown time zone {name:?}; expected an IANA name such as \"Europe/London\", \"UTC\" or an offset such as \"+05:30\""
            ))
        })
    }
}

/// The offset of a [`Zone`] at some instant; shows as the zone's abbreviation ("GMT", "IST")
/// or as the offset itself ("+05:30").
#[derive(Clone, Copy, Debug)]
pub enum ZoneOffset {
    Named(<Tz as TimeZone>::Offset),
    Offset(FixedOffset),
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        match self {
            ZoneOffset::Named(o) => o.fix(),
            ZoneOffset::Offset(o) => *o,
        }
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneOffset::Named(o) => o.fmt(f),
            ZoneOffset::Offset(o) => o.fmt(f),
        }
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Self {
        match offset {
            ZoneOffset::Named(o) => Zone::Named(Tz::from_offset(o)),
            ZoneOffset::Offset(o) => Zone::Offset(*o),
        }
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<ZoneOffset> {
        match self {
            Zone::Named(tz) => tz.offset_from_local_date(local).map(ZoneOffset::Named),
            Zone::Offset(o) => o.offset_from_local_date(local).map(ZoneOffset::Offset),
        }
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<ZoneOffset> {
        match self {
            Zone::Named(tz) => tz.offset_from_local_datetime(local).map(ZoneOffset::Named),
            Zone::Offset(o) => o.offset_from_local_datetime(local).map(ZoneOffset::Offset),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        match self {
            Zone::Named(tz) => ZoneOffset::Named(tz.offset_from_utc_date(utc)),
            Zone::Offset(o) => ZoneOffset::Offset(o.offset_from_utc_date(utc)),
        }
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        match self {
            Zone::Named(tz) => ZoneOffset::Named(tz.offset_from_utc_datetime(utc)),
            Zone::Offset(o) => ZoneOffset::Offset(o.offset_from_utc_datetime(utc)),
        }
    }
}

pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

/// Why a time or duration could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeParseError {
    #[error("empty time")]
    Empty,
    #[error(
        "cannot read {0:?} as a time; expected e.g. 2017-11-02, 2017-11-02 evening, 2017-11-02 18:45, Nov 2, 2017 6:45 pm or 2017-11"
    )]
    Unreadable(String),
    #[error(
        "{0:?} is ambiguous (is 11/02 the 2nd of November or the 11th of February?); write 2017-11-02 or Nov 2, 2017"
    )]
    AmbiguousDate(String),
    #[error("{0:?} names the wrong day of the week: {1}")]
    WrongWeekday(String, String),
    #[error("unknown time zone {0:?}; use an IANA name such as America/New_York, or UTC")]
    UnknownZone(String),
    #[error("{0} does not exist in {1} (skipped by a daylight-saving change)")]
    Nonexistent(String, String),
    #[error("cannot read {0:?} as a duration; expected e.g. 11 min, about 2 h, 1 h 30 min, 3 days")]
    UnreadableDuration(String),
}

/// Parses an IANA zone name ("America/New_York", "UTC").
pub fn parse_zone(name: &str) -> Result<Tz, TimeParseError> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| TimeParseError::UnknownZone(name.trim().to_owned()))
}

/// Resolves a local wall-clock time in `zone`; an ambiguous time (DST fall-back) takes the
/// earlier.
fn resolve_local(zone: Zone, local: NaiveDateTime) -> Result<DateTime<Utc>, TimeParseError> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier.with_timezone(&Utc)),
        LocalResult::None => Err(TimeParseError::Nonexistent(local.to_string(), zone.name())),
    }
}

/// Like [`resolve_local`] but steps forward through a gap in the wall clock (a period starting
/// in a gap starts when the clocks resume, to the minute).
fn resolve_local_lenient(zone: Zone, local: NaiveDateTime) -> DateTime<Utc> {
    if let Ok(t) = resolve_local(zone, local) {
        return t;
    }
    // Most gaps are a DST hour, but whole days have been skipped (Samoa went from 29 to 31
    // December 2011; Kwajalein skipped 21 August 1993): look up to two days ahead in half
    // hours, then narrow down to the minute. At most about 100 look-ups, however long the gap.
    let exists = |minutes: i64| resolve_local(zone, local + Duration::minutes(minutes)).ok();
    let mut gone = 0; // minutes after `local` known to be in the gap
    while gone < 48 * 60 {
        let ahead = gone + 30;
        if exists(ahead).is_some() {
            let mut there = ahead;
            while there - gone > 1 {
                let mid = gone + (there - gone) / 2;
                if exists(mid).is_some() {
                    there = mid;
                } else {
                    gone = mid;
                }
            }
            if let Some(t) = exists(there) {
                return t;
            }
            break;
        }
        gone = ahead;
    }
    // No zone has skipped more than a day; treat the wall time as UTC as a last resort.
    local.and_utc()
}

/// The start (in UTC) of the period of `precision` containing the wall time `local` in `zone`.
fn start_of_period(
    local: NaiveDateTime,
    precision: Precision,
    zone: Zone,
) -> Result<DateTime<Utc>, TimeParseError> {
    let start = truncate_local(local, precision);
    if precision <= Precision::Minute {
        return resolve_local(zone, start);
    }
    let at = resolve_local_lenient(zone, start);
    let resumed = at.with_timezone(&zone).naive_local();
    let length = match precision {
        Precision::Hour => Duration::hours(1),
        Precision::PartOfDay => Duration::hours(6),
        _ => Duration::days(1),
    };
    if resumed >= start + length {
        return Err(TimeParseError::Nonexistent(start.to_string(), zone.name()));
    }
    Ok(at)
}

impl When {
    /// An exact instant, to the second.
    pub fn exact(at: DateTime<Utc>) -> Self {
        Self {
            at,
            precision: Precision::Second,
            approximate: false,
            zone: None,
        }
        .truncated(Tz::UTC)
    }

    /// The period of `precision` containing the local wall time `local` in `tz` (the case's
    /// zone).
    ///
    /// An exact time (second or minute) that a daylight-saving change skipped is an error; a
    /// coarser period whose first moment was skipped starts when the clocks resume, and is an
    /// error only if the whole period was skipped.
    pub fn from_local(
        local: NaiveDateTime,
        precision: Precision,
        approximate: bool,
        tz: Tz,
    ) -> Result<Self, TimeParseError> {
        let at = start_of_period(local, precision, Zone::Named(tz))?;
        Ok(Self {
            at,
            precision,
            approximate,
            zone: None,
        })
    }

    /// The zone this time's period is reckoned and shown in, in a case whose zone is `tz`.
    pub fn reckoned_in(&self, tz: Tz) -> Zone {
        match self.zone {
            Some(zone) if self.precision > Precision::Minute => zone,
            _ => Zone::Named(tz),
        }
    }

    /// The same time with `at` moved to the start of its period (in its own zone, else `tz`).
    /// Minutes and seconds keep no zone of their own.
    pub fn truncated(&self, tz: Tz) -> Self {
        let zone = self.reckoned_in(tz);
        let local = self.at.with_timezone(&zone).naive_local();
        let start = truncate_local(local, self.precision);
        // In the hour repeated when clocks go back, the period start is the copy at or before
        // the instant itself, not always the earlier one.
        let at = match zone.from_local_datetime(&start) {
            LocalResult::Ambiguous(earlier, later) => {
                let later = later.with_timezone(&Utc);
                if later <= self.at {
                    later
                } else {
                    earlier.with_timezone(&Utc)
                }
            }
            _ => resolve_local_lenient(zone, start),
        };
        Self {
            at,
            zone: if self.precision > Precision::Minute {
                self.zone
            } else {
                None
            },
            ..self.clone()
        }
    }

    /// The interval `[start, end)` this time covers; its period is reckoned in its own zone if
    /// it has one, else in `tz`.
    pub fn interval(&self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.at;
        // Fixed-length periods need no time-zone work (the hot path for large cases).
        match self.precision {
            Precision::Second => return (start, start + Duration::seconds(1)),
            Precision::Minute => return (start, start + Duration::minutes(1)),
            Precision::Hour => return (start, start + Duration::hours(1)),
            _ => {}
        }
        let zone = self.reckoned_in(tz);
        let local = start.with_timezone(&zone).naive_local();
        let end = match self.precision {
            Precision::Second | Precision::Minute | Precision::Hour => start,
            Precision::PartOfDay => resolve_local_lenient(zone, local + Duration::hours(6)),
            Precision::Day => resolve_local_lenient(zone, local + Duration::days(1)),
            Precision::Month => {
                let (y, m) = if local.month() == 12 {
                    (local.year() + 1, 1)
                } else {
                    (local.year(), local.month() + 1)
                };
                resolve_local_lenient(zone, first_of(y, m).unwrap_or(local))
            }
            Precision::Year => {
                resolve_local_lenient(zone, first_of(local.year() + 1, 1).unwrap_or(local))
            }
        };
        (start, end.max(start + Duration::seconds(1)))
    }

    /// The latest instant the time could stand for (end of its interval).
    pub fn latest(&self, tz: Tz) -> DateTime<Utc> {
        self.interval(tz).1
    }

    /// Reads a time typed by a person, in `tz` unless the text names its own zone.
    ///
    /// Accepts `2017`, `2017-11`, `2017-11-02`, `2017-11-02 evening`, `2017-11-02 18`,
    /// `2017-11-02 18:45`, `2017-11-02T18:45:10`, RFC 3339 (`2017-11-02T23:45:00Z`), an optional
    /// zone at the end (`UTC`, `Europe/Berlin`, `+01:00`, or a common abbreviation such as
    /// `ET` or `PST`), and a leading `~`, `about`, `around`, `approx.` or `c.` for approximate
    /// times. Dates and times as sources print them read too: `Nov 2, 2017`,
    /// `Thursday, November 2, 2017 at 6:45 p.m. ET`, `2 Nov 2017 evening`, `November 2017`,
    /// `2017-11-02 6:45pm`, `6:45 p.m. Nov. 2, 2017`. All-number dates with slashes
    /// (`11/02/2017`) are refused as ambiguous.
    pub fn parse(text: &str, tz: Tz) -> Result<Self, TimeParseError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(TimeParseError::Empty);
        }
        let (approximate, rest) = strip_approx(trimmed);
        if let Ok(t) = DateTime::parse_from_rfc3339(rest) {
            // Second precision: drop any fraction so `at` is the start of its second.
            let at = t.with_timezone(&Utc);
            let at = at.with_nanosecond(0).unwrap_or(at);
            return Ok(When {
                at,
                precision: Precision::Second,
                approximate,
                zone: None,
            });
        }
        let unreadable = || TimeParseError::Unreadable(trimmed.to_owned());
        let mut words: Vec<&str> = rest.split_whitespace().collect();
        // Lone `T` separator: `2017-11-02T18:45`.
        let mut expanded: Vec<String> = Vec::new();
        for w in &words {
            if let Some((d, t)) = w.split_once('T').filter(|(d, _)| d.len() == 10) {
                expanded.push(d.to_owned());
                // An offset glued to the time: "18:45+01:00", "18:45Z".
                match t.find(['+', '-']) {
                    Some(at) if at > 0 => {
                        expanded.push(t[..at].to_owned());
                        expanded.push(t[at..].to_owned());
                    }
                    _ => match t.strip_suffix('Z') {
                        Some(clock) if !clock.is_empty() => {
                            expanded.push(clock.to_owned());
                            expanded.push("Z".to_owned());
                        }
                        _ => expanded.push(t.to_owned()),
                    },
                }
            } else {
                expanded.push((*w).to_owned());
            }
        }
        let (expanded, weekday) = human_forms(expanded, trimmed)?;
        words = expanded.iter().map(String::as_str).collect();
        // Optional zone at the end.
        let mut zone = Zone::Named(tz);
        if words.len() >= 2 {
            let last = words[words.len() - 1];
            if let Some(z) = parse_zone_spec(last) {
                zone = z?;
                words.pop();
            }
        }
        let (date_part, time_part) = match words.as_slice() {
            [d] => (*d, None),
            [d, t] => (*d, Some(*t)),
            _ => return Err(unreadable()),
        };
        let date_fields: Vec<&str> = date_part.split('-').collect();
        let num = |s: &str| s.parse::<u32>().ok();
        let (local, precision) = match (date_fields.as_slice(), time_part) {
            ([y], None) if y.len() == 4 => {
                let year = y.parse::<i32>().map_err(|_| unreadable())?;
                (first_of(year, 1).ok_or_else(unreadable)?, Precision::Year)
            }
            ([y, m], None) if y.len() == 4 => {
                let year = y.parse::<i32>().map_err(|_| unreadable())?;
                let month = num(m).ok_or_else(unreadable)?;
                (
                    first_of(year, month).ok_or_else(unreadable)?,
                    Precision::Month,
                )
            }
            ([y, m, d], time) if y.len() == 4 => {
                let year = y.parse::<i32>().map_err(|_| unreadable())?;
                let date = NaiveDate::from_ymd_opt(
                    year,
                    num(m).ok_or_else(unreadable)?,
                    num(d).ok_or_else(unreadable)?,
                )
                .ok_or_else(unreadable)?;
                match time {
                    None => (date.and_time(NaiveTime::MIN), Precision::Day),
                    Some(t) => {
                        if let Some(part) =
                            PARTS_OF_DAY.iter().position(|p| p.eq_ignore_ascii_case(t))
                        {
                            let hour = 6 * part as u32;
                            (
                                date.and_hms_opt(hour, 0, 0).ok_or_else(unreadable)?,
                                Precision::PartOfDay,
                            )
                        } else {
                            // "18", "6:45", "18:45:10": minutes and seconds have two digits
                            // ("18:5" could be 18:05 or 18:50).
                            let fields: Vec<&str> = t.split(':').collect();
                            let well_formed = fields.iter().enumerate().all(|(i, f)| {
                                f.bytes().all(|b| b.is_ascii_digit())
                                    && if i == 0 {
                                        (1..=2).contains(&f.len())
                                    } else {
                                        f.len() == 2
                                    }
                            });
                            if !well_formed {
                                return Err(unreadable());
                            }
                            let hms: Option<Vec<u32>> = fields.iter().map(|f| num(f)).collect();
                            let hms = hms.ok_or_else(unreadable)?;
                            match hms.as_slice() {
                                [h] => (
                                    date.and_hms_opt(*h, 0, 0).ok_or_else(unreadable)?,
                                    Precision::Hour,
                                ),
                                [h, mi] => (
                                    date.and_hms_opt(*h, *mi, 0).ok_or_else(unreadable)?,
                                    Precision::Minute,
                                ),
                                [h, mi, s] => (
                                    date.and_hms_opt(*h, *mi, *s).ok_or_else(unreadable)?,
                                    Precision::Second,
                                ),
                                _ => return Err(unreadable()),
                            }
                        }
                    }
                }
            }
            _ => return Err(unreadable()),
        };
        // "Friday, Nov 2, 2017" when Nov 2, 2017 was a Thursday: a typo somewhere; say so
        // rather than pick one. A weekday with only a month or a year ("Fri 2017") says nothing.
        if let Some(named) = weekday {
            if precision > Precision::Day {
                return Err(unreadable());
            }
            let day = local.date();
            if day.weekday().num_days_from_monday() as usize != named {
                return Err(TimeParseError::WrongWeekday(
                    trimmed.to_owned(),
                    day.format("%b %-d, %Y was a %A").to_string(),
                ));
            }
        }
        let at = start_of_period(local, precision, zone)?;
        // Minutes and seconds are instants, shown in any zone. A coarser time keeps the zone it
        // was given in unless that is the case's (an offset the case's zone has at that moment,
        // as in "2017-11-05 01 EST" in New York, is the case's).
        let own_zone = match zone {
            _ if precision <= Precision::Minute => None,
            Zone::Named(named) if named == tz => None,
            Zone::Offset(offset)
                if tz.offset_from_utc_datetime(&at.naive_utc()).fix() == offset =>
            {
                None
            }
            other => Some(other),
        };
        Ok(When {
            at,
            precision,
            approximate,
            zone: own_zone,
        })
    }

    /// The middle of what the time covers: how imprecise times sort among precise ones
    /// ("~Nov 2017" after "Nov 2, evening"), in lists, the report and CSV.
    pub fn midpoint(&self, tz: Tz) -> DateTime<Utc> {
        let (start, end) = self.interval(tz);
        start + (end - start) / 2
    }

    /// Formats the time in a case whose zone is `tz`, showing exactly the known precision
    /// ("2017-11-02 ~evening", "~2017-11", "2017-11-02 18:45 EDT"). A time with its own zone is
    /// shown there, and a day, part of day, month or year names it: "2017-11-02
    /// (Europe/London)".
    pub fn display(&self, tz: Tz) -> String {
        self.display_in(tz, tz)
    }

    /// Like [`When::display`], for a view in zone `view` (the timeline's UTC or desktop-zone
    /// axis) of a case whose zone is `tz`. Minutes and seconds are instants, shown in `view`;
    /// an hour or coarser is a period of its own zone or the case's, shown there (New York's
    /// Nov 2 stays "2017-11-02", not the Los Angeles evening of Nov 1 it began on), and a day,
    /// part of day, month or year then names that zone.
    pub fn display_in(&self, tz: Tz, view: Tz) -> String {
        let zone = if self.precision <= Precision::Minute {
            Zone::Named(view)
        } else {
            self.reckoned_in(tz)
        };
        let local = self.at.with_timezone(&zone);
        let tilde = if self.approximate { "~" } else { "" };
        let abbrev = local.format("%Z").to_string();
        let own = match zone {
            _ if zone == Zone::Named(view) => String::new(),
            Zone::Named(named) => format!(" ({})", named.name()),
            Zone::Offset(offset) => format!(" (UTC{offset})"),
        };
        match self.precision {
            Precision::Year => format!("{tilde}{}{own}", local.format("%Y")),
            Precision::Month => format!("{tilde}{}{own}", local.format("%Y-%m")),
            Precision::Day => format!("{tilde}{}{own}", local.format("%Y-%m-%d")),
            Precision::PartOfDay => {
                let part = PARTS_OF_DAY[(local.hour() / 6) as usize % 4];
                format!("{} {tilde}{part}{own}", local.format("%Y-%m-%d"))
            }
            Precision::Hour => {
                // On the wall clock of the start: the repeated hour of a fall-back night is
                // "01:00–02:00 EDT", not "01:00–01:00".
                let end = (local.fixed_offset() + Duration::hours(1)).format("%H:00");
                format!(
                    "{} {tilde}{}–{end} {abbrev}",
                    local.format("%Y-%m-%d"),
                    local.format("%H:00")
                )
            }
            Precision::Minute => format!(
                "{} {tilde}{} {abbrev}",
                local.format("%Y-%m-%d"),
                local.format("%H:%M")
            ),
            Precision::Second => format!(
                "{} {tilde}{} {abbrev}",
                local.format("%Y-%m-%d"),
                local.format("%H:%M:%S")
            ),
        }
    }

    /// The text [`When::parse`] reads back to this same time in a case whose zone is `tz` (for
    /// editing). A time with its own zone is written in it and names it ("2017-11-02
    /// Europe/London").
    pub fn input_text(&self, tz: Tz) -> String {
        let zone = self.reckoned_in(tz);
        let local = self.at.with_timezone(&zone);
        let tilde = if self.approximate { "~" } else { "" };
        let body = match self.precision {
            Precision::Year => local.format("%Y").to_string(),
            Precision::Month => local.format("%Y-%m").to_string(),
            Precision::Day => local.format("%Y-%m-%d").to_string(),
            Precision::PartOfDay => {
                format!(
                    "{} {}",
                    local.format("%Y-%m-%d"),
                    PARTS_OF_DAY[(local.hour() / 6) as usize % 4]
                )
            }
            Precision::Hour => local.format("%Y-%m-%d %H").to_string(),
            Precision::Minute => local.format("%Y-%m-%d %H:%M").to_string(),
            Precision::Second => local.format("%Y-%m-%d %H:%M:%S").to_string(),
        };
        // In the hour shown twice when clocks go back, the wall time alone reads as its first
        // copy: name the offset of the second ("2017-11-05 01:30 EST") so editing keeps it.
        let start = truncate_local(local.naive_local(), self.precision);
        match zone.from_local_datetime(&start) {
            LocalResult::Ambiguous(_, later) if later.with_timezone(&Utc) <= self.at => {
                format!("{tilde}{body} {}", offset_word(&later))
            }
            _ if zone == Zone::Named(tz) => format!("{tilde}{body}"),
            // A zone is written by name when that reads back as the same zone; a name Casebook
            // would read otherwise (`EST` from a hand-edited file reads as -05:00) is written
            // as the offset it has here.
            _ if parse_zone_spec(&zone.name()) == Some(Ok(zone)) => {
                format!("{tilde}{body} {}", zone.name())
            }
            _ => format!("{tilde}{body} {}", local.format("%:z")),
        }
    }
}

/// How [`When::input_text`] names the offset of a local time: its abbreviation when
/// [`When::parse`] reads that abbreviation as this same offset ("EST"), else "-05:00".
fn offset_word(local: &DateTime<Zone>) -> String {
    let offset = local.offset().fix();
    let abbreviation = local.format("%Z").to_string();
    let reads_back = ZONE_ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == abbreviation)
        .and_then(|(_, zone)| parse_zone_spec(zone))
        .is_some_and(|z| matches!(z, Ok(Zone::Offset(o)) if o == offset));
    if reads_back {
        abbreviation
    } else {
        local.format("%:z").to_string()
    }
}

/// A trailing zone word: `UTC`, `Z`, an IANA name (contains `/`), or `+hh:mm` / `-hh:mm`.
fn parse_zone_spec(word: &str) -> Option<Result<Zone, TimeParseError>> {
    if word.eq_ignore_ascii_case("utc") || word == "Z" {
        return Some(Ok(Zone::Named(Tz::UTC)));
    }
    if let Some((_, zone)) = ZONE_ABBREVIATIONS.iter().find(|(a, _)| *a == word) {
        return parse_zone_spec(zone);
    }
    if word.contains('/') {
        return Some(parse_zone(word).map(Zone::Named));
    }
    // "UTC+1", "GMT-05:00", as articles write offsets.
    let upper = word.to_ascii_uppercase();
    let offset = ["UTC", "GMT"]
        .iter()
        .find_map(|p| upper.strip_prefix(p))
        .filter(|rest| rest.starts_with(['+', '-']))
        .map_or(word, |rest| &word[word.len() - rest.len()..]);
    parse_offset(offset).map(|o| Ok(Zone::Offset(o)))
}

/// "+01:00", "-0500", "+05", "-5", "+5:30": a UTC offset of at most 14 hours. Anything else
/// (a stray "-1-1", "-05:[00") is not an offset.
fn parse_offset(word: &str) -> Option<chrono::FixedOffset> {
    let (sign, rest) = match word.as_bytes().first()? {
        b'+' => (1, &word[1..]),
        b'-' => (-1, &word[1..]),
        _ => return None,
    };
    if !rest.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return None;
    }
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2 => (h, m),
        Some(_) => return None,
        None => match rest.len() {
            1 | 2 => (rest, "00"),
            4 => rest.split_at(2),
            _ => return None,
        },
    };
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m >= 60 {
        return None;
    }
    chrono::FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Common zone abbreviations in English-language sources. Each stands for one zone or offset
/// only: the ambiguous ones (CST, IST) are left out so nothing is guessed.
const ZONE_ABBREVIATIONS: [(&str, &str); 16] = [
    ("ET", "America/New_York"),
    ("EST", "-05:00"),
    ("EDT", "-04:00"),
    ("CT", "America/Chicago"),
    ("CDT", "-05:00"),
    ("MT", "America/Denver"),
    ("MST", "-07:00"),
    ("MDT", "-06:00"),
    ("PT", "America/Los_Angeles"),
    ("PST", "-08:00"),
    ("PDT", "-07:00"),
    ("GMT", "UTC"),
    ("BST", "+01:00"),
    ("CET", "+01:00"),
    ("CEST", "+02:00"),
    ("JST", "+09:00"),
];

/// "zero" … "nineteen", at their value's index.
const NUMBER_WORDS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// "Nov", "Nov.", "Sept", "November" → 11 / 9 / 11.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let n = MONTHS.iter().position(|m| {
        *m == w || (w.len() == 3 && m.starts_with(w.as_str())) || (w == "sept" && *m == "september")
    })?;
    u32::try_from(n + 1).ok()
}

/// "Thursday", "Thu", "Thurs." and the like → 0 for Monday … 6 for Sunday.
fn weekday_index(word: &str) -> Option<usize> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    WEEKDAYS.iter().position(|d| d.starts_with(w.as_str()))
}

/// "2", "02", "2nd", "23rd" → the day of the month.
fn day_number(word: &str) -> Option<u32> {
    let lower = word.to_ascii_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(&lower);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// "am", "a.m.", "PM" → Some(false) for am, Some(true) for pm.
fn meridiem(word: &str) -> Option<bool> {
    match word.replace('.', "").to_ascii_lowercase().as_str() {
        "am" => Some(false),
        "pm" => Some(true),
        _ => None,
    }
}

/// "6", "6:45", "6:45:10" on a 12-hour clock → "18", "18:45", "18:45:10".
fn twelve_hour(clock: &str, pm: bool) -> Option<String> {
    let mut fields = clock.split(':');
    let hour: u32 = fields
        .next()?
        .parse()
        .ok()
        .filter(|h| (1..=12).contains(h))?;
    let rest: Vec<&str> = fields.collect();
    if rest.len() > 2
        || rest
            .iter()
            .any(|f| f.len() != 2 || f.parse::<u32>().is_err())
    {
        return None;
    }
    let hour = hour % 12 + if pm { 12 } else { 0 };
    let mut out = format!("{hour:02}");
    for f in rest {
        out.push(':');
        out.push_str(f);
    }
    Some(out)
}

/// Rewrites dates and times the way sources print them ("Thursday, Nov 2, 2017 at 6:45 p.m.")
/// into the forms [`When::parse`] reads ("2017-11-02", "18:45"). Words it does not recognise are
/// left alone, for the rest of the parser to accept or refuse.
///
/// Also returns the day of the week the text names, if any (0 for Monday), for the caller to
/// check against the date.
fn human_forms(
    words: Vec<String>,
    original: &str,
) -> Result<(Vec<String>, Option<usize>), TimeParseError> {
    let mut tokens: Vec<String> = words
        .iter()
        .flat_map(|w| w.split(','))
        .filter(|w| !w.is_empty())
        .filter(|w| !["at", "on", "of", "the"].contains(&w.to_ascii_lowercase().as_str()))
        .map(str::to_owned)
        .collect();
    // 12-hour clock: "6:45 pm", "6:45pm", "6 p.m.".
    let mut clocks = vec![false; tokens.len()];
    let mut k = 0;
    while k < tokens.len() {
        if let Some(pm) = meridiem(&tokens[k])
            && k > 0
            && let Some(clock) = twelve_hour(&tokens[k - 1], pm)
        {
            tokens[k - 1] = clock;
            clocks[k - 1] = true;
            tokens.remove(k);
            clocks.remove(k);
            continue;
        }
        let lower = tokens[k].to_ascii_lowercase();
        let split = ["a.m.", "p.m.", "am", "pm"]
            .iter()
            .find_map(|m| lower.strip_suffix(m).map(|c| (c.len(), m.starts_with('p'))));
        if let Some((len, pm)) = split
            && let Some(clock) = twelve_hour(&tokens[k][..len], pm)
        {
            tokens[k] = clock;
            clocks[k] = true;
        }
        k += 1;
    }
    // The clock first, as news style has it ("6:45 p.m. Thursday, Nov. 2, 2017"): it goes
    // after the date.
    let is_clock = |w: &str| w.contains(':') && w.bytes().all(|b| b.is_ascii_digit() || b == b':');
    let leading_clock =
        (tokens.len() > 1 && (clocks[0] || is_clock(&tokens[0]))).then(|| tokens.remove(0));
    let weekday = tokens.first().and_then(|w| weekday_index(w));
    if weekday.is_some() {
        tokens.remove(0);
    }
    // "evening of Nov 2, 2017": the part of the day goes after the date.
    if tokens.len() > 1
        && PARTS_OF_DAY
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&tokens[0]))
    {
        let part = tokens.remove(0);
        let at = if tokens.first().is_some_and(|w| month_number(w).is_some()) {
            3.min(tokens.len())
        } else {
            tokens.len()
        };
        tokens.insert(at, part);
    }
    let month = |k: usize| tokens.get(k).and_then(|w| month_number(w));
    let day = |k: usize| tokens.get(k).and_then(|w| day_number(w));
    let year = |k: usize| tokens.get(k).and_then(|w| year_number(w));
    let (date, used) = match (month(0), day(0)) {
        (Some(m), _) => match (day(1), year(2), year(1)) {
            (Some(d), Some(y), _) => (Some(format!("{y:04}-{m:02}-{d:02}")), 3),
            (_, _, Some(y)) => (Some(format!("{y:04}-{m:02}")), 2),
            _ => (None, 0),
        },
        (None, Some(d)) => match (month(1), year(2)) {
            (Some(m), Some(y)) => (Some(format!("{y:04}-{m:02}-{d:02}")), 3),
            _ => (None, 0),
        },
        _ => (None, 0),
    };
    if let Some(date) = date {
        tokens.splice(0..used, [date]);
    }
    if let Some(clock) = leading_clock {
        tokens.insert(1.min(tokens.len()), clock);
    }
    if tokens
        .first()
        .is_some_and(|w| w.contains('/') && w.bytes().all(|b| b.is_ascii_digit() || b == b'/'))
    {
        return Err(TimeParseError::AmbiguousDate(original.to_owned()));
    }
    Ok((tokens, weekday))
}

fn strip_approx(text: &str) -> (bool, &str) {
    if let Some(rest) = text.strip_prefix('~') {
        return (true, rest.trim_start());
    }
    let lower = text.to_ascii_lowercase();
    for prefix in [
        "about ",
        "around ",
        "approx. ",
        "approx ",
        "approximately ",
        "circa ",
        "c. ",
        "ca. ",
    ] {
        if lower.starts_with(prefix) {
            return (true, text[prefix.len()..].trim_start());
        }
    }
    (false, text)
}

fn first_of(year: i32, month: u32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(year, month, 1).map(|d| d.and_time(NaiveTime::MIN))
}

fn truncate_local(local: NaiveDateTime, precision: Precision) -> NaiveDateTime {
    let date = local.date();
    let hms = |h: u32, m: u32, s: u32| date.and_hms_opt(h, m, s).unwrap_or(local);
    match precision {
        Precision::Second => hms(local.hour(), local.minute(), local.second()),
        Precision::Minute => hms(local.hour(), local.minute(), 0),
        Precision::Hour => hms(local.hour(), 0, 0),
        Precision::PartOfDay => hms(local.hour() / 6 * 6, 0, 0),
        Precision::Day => hms(0, 0, 0),
        Precision::Month => first_of(local.year(), local.month()).unwrap_or(local),
        Precision::Year => first_of(local.year(), 1).unwrap_or(local),
    }
}

/// A length of time, perhaps only approximate ("about 11 minutes").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ApproxDuration {
    /// Length in seconds.
    pub secs: i64,
    /// The source only says "about".
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
}

impl ApproxDuration {
    /// A duration of `secs` seconds.
    pub fn new(secs: i64, approximate: bool) -> Self {
        Self { secs, approximate }
    }

    /// As a chrono duration.
    pub fn as_duration(&self) -> Duration {
        Duration::seconds(self.secs)
    }

    /// Reads "11 min", "about 2 h", "~2h", "1 h 30 min", "90 s", "3 days", "1w".
    pub fn parse(text: &str) -> Result<Self, TimeParseError> {
        let trimmed = text.trim();
        let bad = || TimeParseError::UnreadableDuration(trimmed.to_owned());
        if trimmed.is_empty() {
            return Err(bad());
        }
        // "for about 11 minutes", as an article puts it.
        let lead = trimmed
            .get(..4)
            .filter(|w| w.eq_ignore_ascii_case("for "))
            .map_or(trimmed, |_| trimmed[4..].trim_start());
        let (approximate, rest) = strip_approx(lead);
        // Split into number / unit tokens regardless of spacing: "1h30m", "1 h 30 min".
        let mut tokens: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut current_is_digit = None;
        for c in rest.chars() {
            if c.is_whitespace() || c == ',' {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                current_is_digit = None;
                continue;
            }
            let is_digit = c.is_ascii_digit() || c == '.';
            if current_is_digit.is_some_and(|d| d != is_digit) {
                tokens.push(std::mem::take(&mut current));
            }
            current.push(c);
            current_is_digit = Some(is_digit);
        }
        if !current.is_empty() {
            tokens.push(current);
        }
        // Words for numbers ("eleven minutes", "an hour", "half an hour"); "and" joins parts.
        // ("forty-five" is two words.)
        let words: Vec<String> = tokens
            .iter()
            .flat_map(|t| {
                // (A lone "-" stays: "-3 min" is refused, not read as 3 min.)
                let hyphenated = t.contains('-') && t.bytes().any(|b| b.is_ascii_alphabetic());
                let parts: Vec<&str> = if hyphenated {
                    t.split('-').filter(|w| !w.is_empty()).collect()
                } else {
                    vec![t.as_str()]
                };
                parts
            })
            .map(str::to_ascii_lowercase)
            .collect();
        let units = |w: &str| NUMBER_WORDS.iter().position(|n| *n == w);
        let tens = |w: &str| {
            ["twenty", "thirty", "forty", "fifty", "sixty"]
                .iter()
                .position(|n| *n == w)
                .map(|k| 20 + 10 * k)
        };
        let mut spelled: Vec<String> = Vec::with_capacity(words.len());
        let mut k = 0;
        while k < words.len() {
            let word = words[k].as_str();
            let next = words.get(k + 1).map(String::as_str);
            if word == "and" && next.is_some() && !spelled.is_empty() {
            } else if word == "half" && matches!(next, Some("a" | "an")) {
                spelled.push("0.5".to_owned());
                k += 1;
            } else if let Some(t) = tens(word) {
                // "forty five": the tens and a unit word after them make one number.
                match next.and_then(units).filter(|u| (1..10).contains(u)) {
                    Some(u) => {
                        spelled.push((t + u).to_string());
                        k += 1;
                    }
                    None => spelled.push(t.to_string()),
                }
            } else if let Some(n) = units(word) {
                spelled.push(n.to_string());
            } else if word == "a" || word == "an" {
                spelled.push("1".to_owned());
            } else {
                spelled.push(word.to_owned());
            }
            k += 1;
        }
        let tokens = spelled;
        let mut total = 0f64;
        let mut i = 0;
        let mut any = false;
        // Each unit once: "2 h 2 h" or "1h61h" is a slip, not 4 h or 62 h.
        let mut seen: Vec<f64> = Vec::new();
        while i < tokens.len() {
            let value: f64 = tokens[i].parse().map_err(|_| bad())?;
            let unit = tokens
                .get(i + 1)
                .map(|u| u.to_ascii_lowercase())
                .ok_or_else(bad)?;
            let factor = match unit.trim_end_matches('.') {
                "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
                "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
                "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
                "d" | "day" | "days" => 86400.0,
                "w" | "wk" | "wks" | "week" | "weeks" => 7.0 * 86400.0,
                _ => return Err(bad()),
            };
            if !value.is_finite() || value < 0.0 || seen.contains(&factor) {
                return Err(bad());
            }
            seen.push(factor);
            total += value * factor;
            any = true;
            i += 2;
        }
        if !any || total > 1e12 {
            return Err(bad());
        }
        Ok(Self {
            secs: total.round() as i64,
            approximate,
        })
    }
}

impl fmt::Display for ApproxDuration {
    /// "11 min", "about 2 h 30 min", "3 d", "45 s".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.approximate {
            f.write_str("about ")?;
        }
        let mut secs = self.secs.unsigned_abs();
        if self.secs < 0 {
            f.write_str("-")?;
        }
        let mut parts = Vec::new();
        for (unit, size) in [("d", 86400u64), ("h", 3600), ("min", 60), ("s", 1)] {
            if secs >= size {
                parts.push(format!("{} {unit}", secs / size));
                secs %= size;
            }
        }
        if parts.is_empty() {
            parts.push("0 s".to_owned());
        }
        f.write_str(&parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
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
}
