//! Zones: IANA names and fixed offsets as one `TimeZone`, reading a zone as written, and
//! resolving a local time (DST gaps and repeated hours) to an instant.

use std::fmt;

use chrono::{FixedOffset, Offset};

use super::*;

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

/// Parses an IANA zone name ("America/New_York", "UTC").
pub fn parse_zone(name: &str) -> Result<Tz, TimeParseError> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| TimeParseError::UnknownZone(name.trim().to_owned()))
}

/// Resolves a local wall-clock time in `zone`; an ambiguous time (DST fall-back) takes the
/// earlier.
pub(super) fn resolve_local(
    zone: Zone,
    local: NaiveDateTime,
) -> Result<DateTime<Utc>, TimeParseError> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier.with_timezone(&Utc)),
        LocalResult::None => Err(TimeParseError::Nonexistent(local.to_string(), zone.name())),
    }
}

/// Like [`resolve_local`] but steps forward through a gap in the wall clock (a period starting
/// in a gap starts when the clocks resume, to the minute).
pub(super) fn resolve_local_lenient(zone: Zone, local: NaiveDateTime) -> DateTime<Utc> {
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
pub(super) fn start_of_period(
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

/// How [`When::input_text`] names the offset of a local time: its abbreviation when
/// [`When::parse`] reads that abbreviation as this same offset ("EST"), else "-05:00".
pub(super) fn offset_word(local: &DateTime<Zone>) -> String {
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
pub(super) fn parse_zone_spec(word: &str) -> Option<Result<Zone, TimeParseError>> {
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
pub(super) fn parse_offset(word: &str) -> Option<chrono::FixedOffset> {
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
pub(super) const ZONE_ABBREVIATIONS: [(&str, &str); 16] = [
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
